//! The console's results page (`/hr/cycles/{id}/results`): every assessee with their
//! standing, sorted both ways, filtered by department, the grade distribution equal to the
//! Results' grades; its downloads equal to what `yardstick cycle results` writes; who may
//! see it; and the audit page.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use serde_json::{Value, json};
use yardstick_formats::results::{write_csv, write_xlsx};
use yardstick_store::{Role, Store};

use crate::common::{Reply, TestApp, all, put, req};

fn text(reply: &Reply) -> String {
    String::from_utf8(reply.body.to_vec()).unwrap()
}

/// A page as HR sees it.
async fn page(app: &TestApp, session: &str, path: &str) -> String {
    let reply = req("GET", path)
        .header("cookie", &format!("yardstick_session={session}"))
        .send(app)
        .await;
    reply.assert(200);
    text(&reply)
}

/// The text of each cell of each row of the first `<tbody>` after `marker`.
fn rows(page: &str, marker: &str) -> Vec<Vec<String>> {
    let from = page
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} in {page}"));
    let body = &page[from..];
    let body = &body[body.find("<tbody>").unwrap()..body.find("</tbody>").unwrap()];
    body.split("<tr")
        .skip(1)
        .map(|row| {
            row.split("<t")
                .skip(1)
                .filter(|c| c.starts_with('d') || c.starts_with('h'))
                .map(|cell| {
                    let mut out = String::new();
                    let mut inside = false;
                    for ch in cell[cell.find('>').unwrap() + 1..].chars() {
                        match ch {
                            '<' => inside = true,
                            '>' => inside = false,
                            c if !inside => out.push(c),
                            _ => {}
                        }
                    }
                    out.trim().to_string()
                })
                .collect()
        })
        .collect()
}

/// The names of the results table, in the order shown.
fn names(page: &str) -> Vec<String> {
    rows(page, "class=\"table results\"")
        .into_iter()
        .map(|r| r[0].clone())
        .collect()
}

/// An open cycle of the three project managers: 张三 (M001, A区) rated 5 by their superior,
/// 李四 (M002, B区) rated 3, 王五 (M003, C区) not rated.
async fn scored_cycle(app: &TestApp, hr: &str) -> i64 {
    let id = app.cycle(hr, true).await;
    let boss = app.rater_token(hr, id, "B001").await;
    for (assessee, value) in [("M001", 5), ("M002", 3)] {
        put(
            &boss,
            assessee,
            json!({"answers": all(value), "submit": true}),
        )
        .send(app)
        .await
        .assert(200);
    }
    id
}

#[tokio::test]
async fn hr_sees_every_assessee_with_scores_grades_ranks_and_report_links() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = scored_cycle(&app, &hr).await;
    let html = page(&app, &hr, &format!("/hr/cycles/{id}/results")).await;
    assert!(html.contains("2026年度360评估"), "{html}");
    assert!(
        html.contains("实时结果"),
        "an open cycle says its results are live"
    );
    let table = rows(&html, "class=\"table results\"");
    assert_eq!(table.len(), 3);
    // Ranked first by default; the unscored last, with dashes.
    assert_eq!(
        table[0][..8],
        ["张三", "M001", "A区", "1", "100.0", "优秀", "1", "1"]
    );
    assert_eq!(
        table[1][..8],
        ["李四", "M002", "B区", "1", "60.0", "待改进", "2", "1"]
    );
    assert_eq!(
        table[2][..8],
        ["王五", "M003", "C区", "0", "—", "—", "—", "—"]
    );
    // One column per dimension of the model.
    assert_eq!(table[0].len(), 8 + 7);
    assert!(table[0][8..].iter().all(|c| c == "100.0"));
    for m in ["M001", "M002", "M003"] {
        assert!(html.contains(&format!("href=\"/reports/{id}/{m}\"")), "{m}");
    }
    for link in ["results.xlsx", "results.csv", "results.xlsx?items=1"] {
        assert!(html.contains(&format!("href=\"/hr/cycles/{id}/{link}\"")));
    }
    assert!(html.contains(&format!("href=\"/hr/audit?cycle={id}\"")));
    assert!(!html.contains(" style=\""));
    assert!(!html.contains("<script>"));

    // In English too.
    let en = page(&app, &hr, &format!("/hr/cycles/{id}/results?lang=en")).await;
    assert!(en.contains("Grade distribution"));
    assert!(en.contains("live results"));
}

#[tokio::test]
async fn the_table_sorts_by_any_column_both_ways_and_keeps_the_unscored_last() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = scored_cycle(&app, &hr).await;
    let at = |q: &str| format!("/hr/cycles/{id}/results?{q}");
    let up = page(&app, &hr, &at("sort=score&dir=asc")).await;
    assert_eq!(names(&up), ["李四", "张三", "王五"]);
    assert!(up.contains("aria-sort=\"ascending\""));
    // The sorted column's link reverses it.
    let unescaped = up.replace("&#38;", "&").replace("&amp;", "&");
    assert!(unescaped.contains(&format!(
        "href=\"/hr/cycles/{id}/results?sort=score&dir=desc\""
    )));
    let down = page(&app, &hr, &at("sort=score&dir=desc")).await;
    assert_eq!(names(&down), ["张三", "李四", "王五"]);
    assert!(down.contains("aria-sort=\"descending\""));
    let by_id = page(&app, &hr, &at("sort=id&dir=desc")).await;
    assert_eq!(names(&by_id), ["王五", "李四", "张三"]);
    let by_dimension = page(&app, &hr, &at("sort=dimension.3&dir=asc")).await;
    assert_eq!(names(&by_dimension), ["李四", "张三", "王五"]);
    // An unknown column sorts by rank, as without one.
    let unknown = page(&app, &hr, &at("sort=salary&dir=sideways")).await;
    assert_eq!(names(&unknown), ["张三", "李四", "王五"]);
}

#[tokio::test]
async fn a_department_filter_keeps_the_cycles_ranks_and_counts_its_own_grades() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = scored_cycle(&app, &hr).await;
    let html = page(
        &app,
        &hr,
        &format!("/hr/cycles/{id}/results?department=B%E5%8C%BA"),
    )
    .await;
    let table = rows(&html, "class=\"table results\"");
    assert_eq!(table.len(), 1);
    assert_eq!(table[0][0], "李四");
    assert_eq!(
        table[0][6], "2",
        "the rank in the cycle, not in the filtered list"
    );
    assert!(html.contains("<option value=\"B区\" selected>"));
    let bars = rows(&html, "class=\"bars\"");
    let count = |grade: &str| {
        bars.iter()
            .find(|r| r[0].starts_with(grade))
            .map(|r| r[1].clone())
            .unwrap()
    };
    assert_eq!(count("待改进"), "1");
    assert_eq!(count("优秀"), "0");
    // A department the cycle does not have: everyone, saying so.
    let unknown = page(&app, &hr, &format!("/hr/cycles/{id}/results?department=Z")).await;
    assert_eq!(names(&unknown).len(), 3);
    assert!(unknown.contains("没有“Z”部门"), "{unknown}");
}

#[tokio::test]
async fn the_grade_distribution_counts_the_grades_of_the_results() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = scored_cycle(&app, &hr).await;
    let results = req("GET", &format!("/api/v1/cycles/{id}/results"))
        .token(&hr)
        .send(&app)
        .await
        .assert(200)
        .json();
    let grades: Vec<Value> = results["assessees"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["overall"]["grade"].clone())
        .collect();
    let html = page(&app, &hr, &format!("/hr/cycles/{id}/results")).await;
    let bars = rows(&html, "class=\"bars\"");
    let model = yardstick_formats::builtin_model().unwrap();
    assert_eq!(bars.len(), model.grades().len() + 1);
    for (band, bar) in model.grades().iter().zip(&bars) {
        let expected = grades.iter().filter(|g| *g == band.name()).count();
        assert!(bar[0].starts_with(band.name()), "{bar:?}");
        assert_eq!(bar[1], expected.to_string(), "{}", band.name());
    }
    let none = grades.iter().filter(|g| g.is_null()).count();
    assert_eq!(bars.last().unwrap()[1], none.to_string());
    assert_eq!(none, 1);
    assert_eq!(bars[0][2], "33.3%");
}

#[tokio::test]
async fn the_downloads_are_the_files_the_command_line_writes() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = scored_cycle(&app, &hr).await;
    let data = app.store.cycle_responses(id).await.unwrap();
    for items in [false, true] {
        let query = if items { "?items=1" } else { "" };
        let csv = req("GET", &format!("/hr/cycles/{id}/results.csv{query}"))
            .header("cookie", &format!("yardstick_session={hr}"))
            .send(&app)
            .await;
        csv.assert(200);
        let mut expected = Vec::new();
        data.with_results(items, |view| write_csv(view, &mut expected))
            .unwrap()
            .unwrap();
        assert_eq!(csv.body.to_vec(), expected, "items {items}");
        assert_eq!(csv.headers["content-type"], "text/csv; charset=utf-8");
        let disposition = csv.headers["content-disposition"].to_str().unwrap();
        assert!(disposition.starts_with("attachment;"), "{disposition}");
        assert!(
            disposition.contains(&format!("filename=\"cycle-{id}-results")),
            "{disposition}"
        );
        // The cycle's name, percent-encoded: 2026年度360评估.
        assert!(
            disposition.contains("filename*=UTF-8''2026%E5%B9%B4"),
            "{disposition}"
        );
        assert_eq!(csv.headers["cache-control"], "no-store");

        let xlsx = req("GET", &format!("/hr/cycles/{id}/results.xlsx{query}"))
            .header("cookie", &format!("yardstick_session={hr}"))
            .send(&app)
            .await;
        xlsx.assert(200);
        assert!(
            xlsx.headers["content-disposition"]
                .to_str()
                .unwrap()
                .contains(".xlsx")
        );
        let mut written = Vec::new();
        data.with_results(items, |view| write_xlsx(view, &mut written))
            .unwrap()
            .unwrap();
        assert_eq!(cells(&xlsx.body), cells(&written), "items {items}");
        assert_eq!(cells(&xlsx.body).len(), 4, "a header and three assessees");
    }
}

/// Every cell of the first sheet of a workbook.
fn cells(bytes: &[u8]) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    assert_eq!(book.sheet_names(), ["results"]);
    let range = book.worksheet_range("results").unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

#[tokio::test]
async fn only_hr_sees_results_and_the_audit_log() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = scored_cycle(&app, &hr).await;
    let manager = app.user("boss", Role::Manager, Some("B001")).await;
    let employee = app.user("zhang", Role::Employee, Some("M001")).await;
    let paths = [
        format!("/hr/cycles/{id}/results"),
        format!("/hr/cycles/{id}/results.csv"),
        format!("/hr/cycles/{id}/results.xlsx"),
        "/hr/audit".to_string(),
    ];
    for path in &paths {
        for user in [&manager, &employee] {
            let reply = req("GET", path)
                .header("cookie", &format!("yardstick_session={user}"))
                .send(&app)
                .await;
            reply.assert(403);
            let body = text(&reply);
            assert!(body.contains("<!DOCTYPE html>"), "{path}: {body}");
            assert!(!body.contains("张三"), "{path}");
        }
        let visitor = req("GET", path).send(&app).await;
        visitor.assert(303);
        let location = visitor.headers["location"].to_str().unwrap();
        assert!(location.starts_with("/login?next=%2Fhr%2F"), "{location}");
    }
    // An unknown cycle, or no number: a 404 page.
    for path in ["/hr/cycles/999/results", "/hr/cycles/x/results.csv"] {
        let reply = req("GET", path)
            .header("cookie", &format!("yardstick_session={hr}"))
            .send(&app)
            .await;
        reply.assert(404);
        assert!(text(&reply).contains("<!DOCTYPE html>"));
    }
}

#[tokio::test]
async fn the_audit_page_lists_a_cycles_actions_newest_first_with_names_and_filters() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = scored_cycle(&app, &hr).await;
    let other = app.cycle(&hr, false).await;
    let list = req("GET", &format!("/api/v1/cycles/{id}/assignments"))
        .token(&hr)
        .send(&app)
        .await
        .json();
    let rater = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["rater"] == "B001")
        .unwrap()["rater_id"]
        .clone();
    req("POST", &format!("/api/v1/cycles/{id}/responses/reopen"))
        .token(&hr)
        .json(json!({"rater": rater, "assessee": "M001", "reason": "评分录入有误"}))
        .send(&app)
        .await
        .assert(200);
    req("POST", &format!("/api/v1/cycles/{id}/close"))
        .token(&hr)
        .send(&app)
        .await
        .assert(200);

    let html = page(&app, &hr, &format!("/hr/audit?cycle={id}")).await;
    let lines = rows(&html, "class=\"table audit\"");
    let actions: Vec<&str> = lines.iter().map(|l| l[3].as_str()).collect();
    assert_eq!(
        actions,
        [
            "结束周期",
            "重新打开已提交的评价",
            "开始周期",
            "按组织架构添加评价关系",
            "创建考评周期"
        ]
    );
    assert!(lines.iter().all(|l| l[1] == "hr"), "{lines:?}");
    assert!(lines.iter().all(|l| l[2] == "2026年度360评估"));
    assert_eq!(lines[1][5], "评分录入有误");
    assert!(lines[1][4].contains("M001"), "{:?}", lines[1]);
    assert!(
        lines[0][0].len() == 19 && lines[0][0].starts_with("20"),
        "{:?}",
        lines[0]
    );
    assert!(html.contains(&format!("<option value=\"{id}\" selected>")));

    // Every cycle: the same five lines, the two of the other cycle (created and assigned,
    // never opened), and the two of the company's import and the HR account, which belong
    // to no cycle.
    let everything = page(&app, &hr, "/hr/audit").await;
    let all = rows(&everything, "class=\"table audit\"");
    assert_eq!(all.len(), 9);
    assert_eq!(all[7][3], "创建用户");
    assert_eq!(all[8][3], "导入人员名单");
    assert!(everything.contains("aria-current=\"page\""));
    let quiet = page(&app, &hr, &format!("/hr/audit?cycle={other}")).await;
    let quiet = rows(&quiet, "class=\"table audit\"");
    let actions: Vec<&str> = quiet.iter().map(|l| l[3].as_str()).collect();
    assert_eq!(actions, ["按组织架构添加评价关系", "创建考评周期"]);
    // A cycle that does not exist, or a page past the end: every line, saying so.
    let unknown = page(&app, &hr, "/hr/audit?cycle=424242&page=99").await;
    assert!(unknown.contains("没有这个考评周期"));
    assert_eq!(rows(&unknown, "class=\"table audit\"").len(), 9);
    let en = page(&app, &hr, &format!("/hr/audit?cycle={id}&lang=en")).await;
    assert!(en.contains("Submitted response reopened"), "{en}");
}

#[tokio::test]
async fn the_api_gives_the_whole_audit_log_newest_first_a_page_at_a_time() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = scored_cycle(&app, &hr).await;
    req("POST", &format!("/api/v1/cycles/{id}/close"))
        .token(&hr)
        .send(&app)
        .await
        .assert(200);
    let get = |q: &str| req("GET", &format!("/api/v1/audit{q}")).token(&hr);
    let all = get("").send(&app).await.assert(200).json();
    // With the lines of the company's import and the HR account, which have no cycle.
    assert_eq!(all["total"], 6);
    assert_eq!(all["per_page"], 100);
    assert_eq!(all["lines"][0]["action"], "cycle.closed");
    assert_eq!(all["lines"][1]["action"], "cycle.open");
    assert_eq!(all["lines"][0]["user"], "hr");
    assert_eq!(all["lines"][0]["cycle"], id);
    assert_eq!(all["lines"][0]["cycle_name"], "2026年度360评估");
    let second = get("?page=2&per_page=1")
        .send(&app)
        .await
        .assert(200)
        .json();
    assert_eq!(second["lines"].as_array().unwrap().len(), 1);
    assert_eq!(second["lines"][0]["action"], "cycle.open");
    let of_cycle = get(&format!("?cycle={id}"))
        .send(&app)
        .await
        .assert(200)
        .json();
    assert_eq!(of_cycle["total"], 4);
    let none = get("?cycle=none").send(&app).await.assert(200).json();
    assert_eq!(none["total"], 2);
    assert_eq!(
        get("?cycle=999").send(&app).await.assert(404).fields(),
        ["cycle"]
    );
    assert_eq!(
        get("?cycle=x").send(&app).await.assert(404).fields(),
        ["cycle"]
    );
    assert_eq!(
        get("?page=0").send(&app).await.assert(422).fields(),
        ["page"]
    );
    assert_eq!(
        get("?page=-1").send(&app).await.assert(422).fields(),
        ["page"]
    );
    assert_eq!(
        get("?per_page=5000").send(&app).await.assert(422).fields(),
        ["per_page"]
    );
}
