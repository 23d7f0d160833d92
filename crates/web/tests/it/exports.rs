//! Reports as files (SPEC §8 Exports): each XLSX read back against the report object and
//! the Results, the CSV's table, who may download what, and the anonymity rules of SPEC §4
//! step 10 in every file an assessee or a manager can reach, with a pooled and a set-aside
//! group.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use serde_json::Value;

use crate::common::req;
use crate::reports::{Company, answered_cycle, company, move_to};

/// The sheets of a workbook: name and cells as text (numbers as they are written).
fn sheets(bytes: &[u8]) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec()))
        .unwrap_or_else(|e| panic!("not an XLSX workbook: {e}"));
    let names = book.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            let rows = range.rows().map(<[Data]>::to_vec).collect();
            (name, rows)
        })
        .collect()
}

/// Every cell of a workbook as text, one line per row.
fn all_text(sheets: &[(String, Vec<Vec<Data>>)]) -> String {
    let mut out = String::new();
    for (name, rows) in sheets {
        out.push_str(name);
        out.push('\n');
        for row in rows {
            let cells: Vec<String> = row.iter().map(ToString::to_string).collect();
            out.push_str(&cells.join("\t"));
            out.push('\n');
        }
    }
    out
}

/// The rows of a sheet.
fn sheet<'a>(sheets: &'a [(String, Vec<Vec<Data>>)], name: &str) -> &'a [Vec<Data>] {
    &sheets
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no sheet {name}"))
        .1
}

/// The number in a cell.
fn number(cell: &Data) -> Option<f64> {
    match cell {
        Data::Float(v) => Some(*v),
        Data::Int(v) => Some(*v as f64),
        _ => None,
    }
}

fn export_path(id: i64, assessee: &str, format: &str) -> String {
    format!("/api/v1/cycles/{id}/reports/{assessee}/export?format={format}")
}

async fn file(c: &Company, token: &str, path: &str) -> Vec<u8> {
    let reply = req("GET", path).token(token).send(&c.app).await;
    reply.assert(200);
    reply.body.to_vec()
}

/// A published cycle with a pooled group (M001) and a set-aside one (M002).
async fn published(c: &Company) -> i64 {
    let id = answered_cycle(c, "导出", 0).await;
    move_to(c, id, "close").await;
    move_to(c, id, "publish").await;
    id
}

#[tokio::test]
async fn an_individual_workbook_has_its_sheets_and_the_results_figures() {
    let c = company().await;
    let id = published(&c).await;
    let bytes = file(&c, &c.hr, &export_path(id, "M001", "xlsx")).await;
    let book = sheets(&bytes);
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["概要", "维度", "评估项目", "按评价人组", "评语", "计分说明"]
    );
    // HR's file says it is HR's on its first sheet.
    let summary = sheet(&book, "概要");
    assert!(
        summary[1][0].to_string().starts_with("仅供人力资源部使用"),
        "{summary:?}"
    );

    let results = req("GET", &format!("/api/v1/cycles/{id}/results"))
        .token(&c.hr)
        .send(&c.app)
        .await
        .assert(200)
        .json();
    let m1 = results["assessees"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "M001")
        .unwrap()
        .clone();
    let displayed = summary
        .iter()
        .find(|r| r[0] == "百分制得分")
        .map(|r| number(&r[1]));
    let unrounded = summary
        .iter()
        .find(|r| r[0] == "百分制得分(未四舍五入)")
        .and_then(|r| number(&r[1]))
        .unwrap();
    assert_eq!(unrounded, m1["overall"]["percent"].as_f64().unwrap());
    assert!(displayed.is_some(), "{summary:?}");

    // The dimensions sheet: S[d] and percent(S[d]) exactly as the Results have them.
    let dims = sheet(&book, "维度");
    assert_eq!(dims[0][1].to_string(), "维度");
    let expected = m1["dimensions"].as_array().unwrap();
    assert_eq!(dims.len() - 1, expected.len());
    for (row, d) in dims[1..].iter().zip(expected) {
        assert_eq!(row[0].to_string(), d["code"].as_str().unwrap());
        assert_eq!(number(&row[3]), d["score"].as_f64(), "{row:?} {d}");
        assert_eq!(number(&row[4]), d["percent"].as_f64(), "{row:?} {d}");
    }
    assert_eq!(dims[1][1].to_string(), "客户意识");

    // Every item of the model, once.
    let items = sheet(&book, "评估项目");
    assert_eq!(items.len() - 1, 79);
    // HR's comments sheet says where the pooled comments came from.
    let comments = sheet(&book, "评语");
    assert_eq!(comments.len() - 1, 7);
    assert!(all_text(&book).contains("由以下关系合并"));
    c.app.finish().await;
}

#[tokio::test]
async fn the_assessees_and_managers_files_hide_what_the_restricted_report_hides() {
    let c = company().await;
    let id = published(&c).await;
    let full = req("GET", &format!("/api/v1/cycles/{id}/reports/M002"))
        .token(&c.hr)
        .send(&c.app)
        .await
        .assert(200)
        .json();
    let set_aside: Vec<String> = full["comments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["set_aside"] == true)
        .map(|c| c["text"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(set_aside.len(), 2);
    // HR's own file holds them (so that their absence below means something).
    let hr_file = all_text(&sheets(
        &file(&c, &c.hr, &export_path(id, "M002", "xlsx")).await,
    ));
    for t in &set_aside {
        assert!(hr_file.contains(t.as_str()), "HR's file lacks {t}");
    }
    assert!(hr_file.contains("被搁置") && hr_file.contains("仅 HR 可见"));
    let m2 = c
        .app
        .user("m2", yardstick_store::Role::Employee, Some("M002"))
        .await;

    // Both the assessee and the manager above them read restricted files.
    for (who, token, assessee) in [
        ("M001 themself", c.m1.clone(), "M001"),
        ("M001's manager", c.boss.clone(), "M001"),
        ("M002 themself", m2.clone(), "M002"),
    ] {
        let xlsx = file(&c, &token, &export_path(id, assessee, "xlsx")).await;
        let book = sheets(&xlsx);
        let text = all_text(&book);
        let csv = file(&c, &token, &export_path(id, assessee, "csv")).await;
        let csv = String::from_utf8(csv).unwrap();
        let html = file(&c, &token, &export_path(id, assessee, "html")).await;
        let html = String::from_utf8(html).unwrap();
        for (kind, body) in [("xlsx", &text), ("csv", &csv), ("html", &html)] {
            // Nothing marked for HR: not what the pool holds, not the responses per
            // relationship, not what was set aside.
            for word in [
                "仅 HR 可见",
                "仅供人力资源部",
                "被搁置",
                "由以下关系合并",
                "各评价关系提交",
            ] {
                assert!(!body.contains(word), "{who} {kind}: `{word}` in\n{body}");
            }
            for t in &set_aside {
                assert!(!body.contains(t.as_str()), "{who} {kind}: set-aside {t}");
            }
            // No rater is named: raters of M001 are B001 赵总, M002 李四, M003 王五,
            // S001 钱六, S002 孙七 and the homeowner 业主甲.
            for rater in ["业主甲", "钱六", "孙七"] {
                assert!(!body.contains(rater), "{who} {kind}: rater {rater}");
            }
        }
        if assessee == "M001" {
            // Item 1.1: the pool has two numeric answers, fewer than k = 3: no figure
            // for it, and no blended figure containing it.
            let items = sheet(&book, "评估项目");
            let header: Vec<String> = items[0].iter().map(ToString::to_string).collect();
            let row = items.iter().find(|r| r[0] == "1.1").unwrap();
            let pooled = header.iter().position(|h| h == "其他评价人").unwrap();
            assert_eq!(row[pooled], Data::Empty, "{who}: {row:?}");
            assert_eq!(row[3], Data::Empty, "{who}: the blended score {row:?}");
            let line = csv.lines().find(|l| l.contains(",1.1,")).unwrap();
            let fields: Vec<&str> = line.split(',').collect();
            assert_eq!(fields[5], "", "{who}: the CSV's blended score {line}");
            // The pool's weight would tell what it holds.
            let ledger = sheet(&book, "计分说明");
            let pool = ledger.iter().find(|r| r[0] == "其他评价人").unwrap();
            assert!(
                pool.get(2).is_none_or(|c| c.to_string().is_empty()),
                "{who}: {pool:?}"
            );
        }
    }
    c.app.finish().await;
}

#[tokio::test]
async fn who_may_download_what() {
    let c = company().await;
    let id = published(&c).await;
    let company_file = format!("/api/v1/cycles/{id}/company/export?format=xlsx");
    // The department and company files are HR's.
    for token in [&c.m1, &c.boss, &c.s1] {
        req("GET", &company_file)
            .token(token)
            .send(&c.app)
            .await
            .assert(403);
    }
    req("GET", &company_file).send(&c.app).await.assert(401);
    // Someone else's report: refused like the report itself.
    req("GET", &export_path(id, "M001", "xlsx"))
        .token(&c.m3)
        .send(&c.app)
        .await
        .assert(403);
    req("GET", &export_path(id, "M001", "xlsx"))
        .token(&c.s1)
        .send(&c.app)
        .await
        .assert(403);
    // 404 before 422: an unknown cycle or assessee, then a format that is not one.
    req("GET", &export_path(id + 9, "M001", "nope"))
        .token(&c.hr)
        .send(&c.app)
        .await
        .assert(404);
    req("GET", &export_path(id, "NOPE", "nope"))
        .token(&c.hr)
        .send(&c.app)
        .await
        .assert(404);
    let bad = req("GET", &export_path(id, "M001", "docx"))
        .token(&c.hr)
        .send(&c.app)
        .await;
    bad.assert(422);
    assert_eq!(bad.fields(), ["format"]);
    let bad = req("GET", &format!("/api/v1/cycles/{id}/company/export"))
        .token(&c.hr)
        .send(&c.app)
        .await;
    bad.assert(422);
    assert_eq!(bad.fields(), ["format"]);
    req(
        "GET",
        &format!("/api/v1/cycles/{id}/company/export?format=csv&department=Z区"),
    )
    .token(&c.hr)
    .send(&c.app)
    .await
    .assert(404);
    // A PDF is a PDF, for the assessee and for HR's company file.
    let pdf = file(&c, &c.m1, &export_path(id, "M001", "pdf")).await;
    assert!(pdf.starts_with(b"%PDF-"));
    let pdf = file(
        &c,
        &c.hr,
        &format!("/api/v1/cycles/{id}/company/export?format=pdf&department=A区"),
    )
    .await;
    assert!(pdf.starts_with(b"%PDF-"));
    // The file's name says what it is.
    let reply = req("GET", &export_path(id, "M001", "xlsx"))
        .token(&c.m1)
        .send(&c.app)
        .await;
    reply.assert(200);
    let disposition = reply.headers["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with(&format!(
            "attachment; filename=\"cycle-{id}-report-M001.xlsx\""
        )),
        "{disposition}"
    );
    assert!(disposition.contains("filename*=UTF-8''"), "{disposition}");
    c.app.finish().await;
}

#[tokio::test]
async fn the_company_workbook_says_it_is_for_hr_and_matches_the_results() {
    let c = company().await;
    let id = published(&c).await;
    let bytes = file(
        &c,
        &c.hr,
        &format!("/api/v1/cycles/{id}/company/export?format=xlsx&target=20,70,10"),
    )
    .await;
    let book = sheets(&bytes);
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "概要",
            "排名",
            "部门",
            "评估项目",
            "按评价人组",
            "评语",
            "计分说明"
        ]
    );
    let summary = sheet(&book, "概要");
    assert!(
        summary[1][0].to_string().starts_with("仅供人力资源部使用"),
        "{summary:?}"
    );
    assert!(all_text(&book).contains("目标分布"), "the target is shown");

    let results: Value = req("GET", &format!("/api/v1/cycles/{id}/results"))
        .token(&c.hr)
        .send(&c.app)
        .await
        .assert(200)
        .json();
    let ranking = sheet(&book, "排名");
    let header: Vec<String> = ranking[0].iter().map(ToString::to_string).collect();
    let unrounded = header
        .iter()
        .position(|h| h == "百分制得分(未四舍五入)")
        .unwrap();
    let first_dimension = header.iter().position(|h| h == "客户意识").unwrap();
    for a in results["assessees"].as_array().unwrap() {
        let row = ranking
            .iter()
            .find(|r| r[1] == a["id"].as_str().unwrap())
            .unwrap_or_else(|| panic!("{} not ranked", a["id"]));
        assert_eq!(number(&row[unrounded]), a["overall"]["percent"].as_f64());
        assert_eq!(
            number(&row[first_dimension]),
            a["dimensions"][0]["percent"].as_f64()
        );
    }
    // HR's workbook holds every comment, set-aside ones included.
    let comments = sheet(&book, "评语");
    let total: usize = results["assessees"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            a["raters"].as_object().map_or(0, |r| {
                r.values().filter_map(Value::as_u64).sum::<u64>() as usize
            })
        })
        .sum();
    assert_eq!(comments.len() - 1, total, "{comments:?}");

    // The CSV is the ranking.
    let csv = file(
        &c,
        &c.hr,
        &format!("/api/v1/cycles/{id}/company/export?format=csv"),
    )
    .await;
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.starts_with('\u{feff}'));
    assert_eq!(
        csv.lines().count(),
        1 + results["assessees"].as_array().unwrap().len()
    );
    c.app.finish().await;
}
