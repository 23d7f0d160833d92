//! Keeping personal data only as long as needed (docs/privacy.md): a closed cycle's raw
//! responses deleted on the day HR chose or at once, every published figure unchanged; a
//! person's data erased, their results kept under a pseudonym; the console's pages for both.

use serde_json::{Value, json};
use yardstick_store::Role;

use crate::common::{Reply, TestApp, answers, req, urlencoded};

/// A reply's body as text, and where it sends the browser.
trait Read {
    fn text(&self) -> String;
    fn location(&self) -> String;
}

impl Read for Reply {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn location(&self) -> String {
        self.headers["location"].to_str().unwrap().to_string()
    }
}

/// Every assignment of a cycle: `(rater, assessee, token)`.
async fn links(app: &TestApp, hr: &str, cycle: i64) -> Vec<(String, String, String)> {
    let list = req("GET", &format!("/api/v1/cycles/{cycle}/assignments"))
        .token(hr)
        .send(app)
        .await
        .assert(200)
        .json();
    list.as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["rater"].as_str().unwrap_or("outside").to_string(),
                a["assessee"].as_str().unwrap().to_string(),
                a["link"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches("/r/")
                    .to_string(),
            )
        })
        .collect()
}

/// A closed cycle in which every rater answered, each in a pattern of their own, with a
/// comment; and one of them left a draft. Its id and its links.
async fn closed(app: &TestApp, hr: &str) -> (i64, Vec<(String, String, String)>) {
    let cycle = app.cycle(hr, true).await;
    let all = links(app, hr, cycle).await;
    for (n, (rater, assessee, token)) in all.iter().enumerate() {
        let submit = n != 0;
        let body = answers(|i| Some(json!(1 + (n + i * (n % 3 + 1)) % 5)));
        req("PUT", &format!("/api/v1/r/{token}/responses/{assessee}"))
            .json(json!({"answers": body, "comment": format!("{rater} 的意见"), "submit": submit}))
            .send(app)
            .await
            .assert(200);
    }
    req("POST", &format!("/api/v1/cycles/{cycle}/close"))
        .token(hr)
        .send(app)
        .await
        .assert(200);
    (cycle, all)
}

/// What HR reads of a cycle: the Results, M001's report, the company report and the
/// analytics without its per-rater table (the raters are what is deleted).
async fn figures(app: &TestApp, hr: &str, cycle: i64) -> Vec<Value> {
    let mut out = Vec::new();
    for path in ["results", "reports/M001", "company", "analytics"] {
        let mut v = req("GET", &format!("/api/v1/cycles/{cycle}/{path}"))
            .token(hr)
            .send(app)
            .await
            .assert(200)
            .json();
        if path == "analytics" {
            let raters = v.as_object_mut().unwrap().remove("raters");
            assert!(raters.is_some(), "the analytics has a rater table");
        }
        out.push(v);
    }
    out
}

/// Fails naming the first place where `got` and `want` differ.
fn same(got: &[Value], want: &[Value]) {
    fn walk(a: &Value, b: &Value, at: String) -> Option<String> {
        match (a, b) {
            (Value::Object(x), Value::Object(y)) => {
                let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
                keys.into_iter().find_map(|k| {
                    walk(
                        x.get(k).unwrap_or(&Value::Null),
                        y.get(k).unwrap_or(&Value::Null),
                        format!("{at}.{k}"),
                    )
                })
            }
            (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
                .iter()
                .zip(y)
                .enumerate()
                .find_map(|(i, (a, b))| walk(a, b, format!("{at}[{i}]"))),
            _ => (a != b).then(|| format!("{at}: {a} ≠ {b}")),
        }
    }
    for (i, (a, b)) in got.iter().zip(want).enumerate() {
        if let Some(d) = walk(a, b, format!("#{i}")) {
            panic!("{d}");
        }
    }
    assert_eq!(got.len(), want.len());
}

#[tokio::test]
async fn deleting_raw_responses_leaves_every_published_figure_as_it_was() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let (cycle, all) = closed(&app, &hr).await;
    let before = figures(&app, &hr, cycle).await;
    let csv = || {
        req(
            "GET",
            &format!("/api/v1/cycles/{cycle}/company/export?format=csv"),
        )
        .token(&hr)
    };
    let csv_before = csv().send(&app).await.assert(200).text();

    let out = req("POST", &format!("/api/v1/cycles/{cycle}/purge"))
        .token(&hr)
        .send(&app)
        .await
        .assert(200)
        .json();
    assert!(out["purged_at"].as_i64().unwrap() > 0);
    assert_eq!(out["state"], "closed");
    same(&figures(&app, &hr, cycle).await, &before);
    assert_eq!(csv().send(&app).await.assert(200).text(), csv_before);
    let analytics = req("GET", &format!("/api/v1/cycles/{cycle}/analytics"))
        .token(&hr)
        .send(&app)
        .await
        .json();
    for r in analytics["raters"].as_array().unwrap() {
        assert!(r["rater"].as_str().unwrap().starts_with('R'), "{r}");
    }

    // Who answered what is gone: no assignment, no link, no draft.
    assert_eq!(
        req("GET", &format!("/api/v1/cycles/{cycle}/assignments"))
            .token(&hr)
            .send(&app)
            .await
            .assert(200)
            .json(),
        json!([])
    );
    for (_, assessee, token) in &all {
        req("GET", &format!("/api/v1/r/{token}/responses/{assessee}"))
            .send(&app)
            .await
            .assert(404);
    }
    assert_eq!(app.rows("raters").await, 0);
    assert_eq!(app.rows("responses").await, 0);

    // Publishing still works, and the assessee reads their report.
    req("POST", &format!("/api/v1/cycles/{cycle}/publish"))
        .token(&hr)
        .send(&app)
        .await
        .assert(200);
    let m001 = app.user("m001", Role::Employee, Some("M001")).await;
    req("GET", &format!("/api/v1/cycles/{cycle}/reports/M001"))
        .token(&m001)
        .send(&app)
        .await
        .assert(200);
    // Again: nothing more happens.
    let again = req("POST", &format!("/api/v1/cycles/{cycle}/purge"))
        .token(&hr)
        .send(&app)
        .await
        .assert(200)
        .json();
    assert_eq!(again["purged_at"], out["purged_at"]);
    let audit = req("GET", &format!("/api/v1/cycles/{cycle}/audit"))
        .token(&hr)
        .send(&app)
        .await
        .json();
    let purges = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["action"] == "responses.purge")
        .count();
    assert_eq!(purges, 1);
}

#[tokio::test]
async fn raw_responses_go_on_the_day_chosen_and_bad_days_change_nothing() {
    // 2026-12-04 10:00 in Beijing.
    let clock = yardstick_web::Clock::manual(1_796_349_600_000);
    let app = TestApp::with_clock(clock.clone()).await;
    let hr = app.hr().await;
    let open = app.cycle(&hr, true).await;
    let path = format!("/api/v1/cycles/{open}/retention");
    let refused = req("PUT", &path)
        .token(&hr)
        .json(json!({"purge_on": "2027-06-30"}))
        .send(&app)
        .await;
    refused.assert(409);
    req("POST", &format!("/api/v1/cycles/{open}/purge"))
        .token(&hr)
        .send(&app)
        .await
        .assert(409);
    req("PUT", "/api/v1/cycles/999/retention")
        .token(&hr)
        .json(json!({"purge_on": "2027-06-30"}))
        .send(&app)
        .await
        .assert(404);

    let (cycle, _) = closed(&app, &hr).await;
    let path = format!("/api/v1/cycles/{cycle}/retention");
    for (body, field) in [
        (json!({"purge_on": "2027-02-30"}), "purge_on"),
        (json!({"purge_on": "2026-12-03"}), "purge_on"),
        (json!({"purge_on": 20270630}), "purge_on"),
        (json!({"purge_on": "2027-06-30", "when": 1}), "when"),
    ] {
        let reply = req("PUT", &path)
            .token(&hr)
            .json(body.clone())
            .send(&app)
            .await;
        reply.assert(422);
        assert!(
            reply.fields().iter().any(|f| f == field),
            "{body}: {:?}",
            reply.fields()
        );
    }
    let reply = req("PUT", &path)
        .token(&hr)
        .header("accept-language", "en")
        .json(json!({"purge_on": "2026-12-03"}))
        .send(&app)
        .await;
    assert!(
        reply.message().contains("before today (2026-12-04)"),
        "{}",
        reply.message()
    );
    let cycle_now = req("GET", &format!("/api/v1/cycles/{cycle}"))
        .token(&hr)
        .send(&app)
        .await
        .json();
    assert_eq!(cycle_now["purge_on"], Value::Null, "nothing changed");

    // Today is allowed; the day is kept, and the sweep deletes on it and not before.
    let set = req("PUT", &path)
        .token(&hr)
        .json(json!({"purge_on": "2026-12-05"}))
        .send(&app)
        .await
        .assert(200)
        .json();
    assert_eq!(set["purge_on"], "2026-12-05");
    assert_eq!(set["purged_at"], Value::Null);
    let store: &dyn yardstick_store::Store = app.store.as_ref();
    assert!(
        yardstick_web::retention::purge_due(store, &clock)
            .await
            .is_empty()
    );
    // 14 hours on: 2026-12-05 00:00 in Beijing (still the 4th in UTC).
    clock.advance(14 * 3600 * 1000);
    assert_eq!(
        yardstick_web::retention::purge_due(store, &clock).await,
        [cycle]
    );
    let done = req("GET", &format!("/api/v1/cycles/{cycle}"))
        .token(&hr)
        .send(&app)
        .await
        .json();
    assert!(done["purged_at"].as_i64().is_some());
    assert_eq!(done["purge_on"], Value::Null);
    req("PUT", &path)
        .token(&hr)
        .json(json!({"purge_on": "2027-01-01"}))
        .send(&app)
        .await
        .assert(409);
}

#[tokio::test]
async fn an_erased_person_leaves_the_published_figures_under_a_pseudonym() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let (cycle, _) = closed(&app, &hr).await;
    app.user("m002", Role::Employee, Some("M002")).await;
    let plan = req("GET", "/api/v1/people/M002/erasure")
        .token(&hr)
        .send(&app)
        .await
        .assert(200)
        .json();
    assert_eq!(plan["ready"], false);
    assert_eq!(plan["cycles"][0]["effect"], "blocks");
    assert_eq!(plan["cycles"][0]["assessee"], true);
    assert_eq!(plan["deleted_users"], json!(["m002"]));
    let refused = req("DELETE", "/api/v1/people/M002")
        .token(&hr)
        .send(&app)
        .await;
    refused.assert(409);
    assert!(
        refused.message().contains("2026年度360评估"),
        "{}",
        refused.message()
    );
    req("DELETE", "/api/v1/people/M001")
        .token(&hr)
        .send(&app)
        .await
        .assert(409);
    req("DELETE", "/api/v1/people/NOBODY")
        .token(&hr)
        .send(&app)
        .await
        .assert(404);

    for step in ["purge", "publish"] {
        req("POST", &format!("/api/v1/cycles/{cycle}/{step}"))
            .token(&hr)
            .send(&app)
            .await
            .assert(200);
    }
    // A manager reads the published reports, which the server keeps scored.
    let boss = app.user("b001", Role::Manager, Some("B001")).await;
    let mine = || req("GET", "/api/v1/me/reports").token(&boss);
    let listed = mine().send(&app).await.assert(200).json();
    assert!(listed.to_string().contains("李四"));
    let before = figures(&app, &hr, cycle).await;

    let erased = req("DELETE", "/api/v1/people/M002")
        .token(&hr)
        .send(&app)
        .await
        .assert(200)
        .json();
    let pseudonym = erased["pseudonym"].as_str().unwrap().to_string();
    assert!(pseudonym.starts_with("erased-"));
    let people = req("GET", "/api/v1/people")
        .token(&hr)
        .send(&app)
        .await
        .json();
    assert!(!people.to_string().contains("M002"));
    assert!(!people.to_string().contains("李四"));
    // Every figure as before, M002 renamed.
    let after = figures(&app, &hr, cycle).await;
    let renamed: Vec<Value> = before
        .iter()
        .map(|v| {
            serde_json::from_str(
                &v.to_string()
                    .replace("\"M002\"", &format!("\"{pseudonym}\""))
                    .replace("李四", &pseudonym),
            )
            .unwrap()
        })
        .collect();
    same(&after, &renamed);
    // The kept scoring is out of date on every server, not only this one.
    let listed = mine().send(&app).await.assert(200).json();
    assert!(!listed.to_string().contains("李四"), "{listed}");
    assert!(listed.to_string().contains(&pseudonym));
    let log = req("GET", "/api/v1/audit")
        .token(&hr)
        .send(&app)
        .await
        .json();
    assert!(!log.to_string().contains("李四"));
    assert!(log.to_string().contains("person.erase"));
}

#[tokio::test]
async fn the_console_deletes_raw_responses_only_when_told_it_cannot_be_undone() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let (cycle, _) = closed(&app, &hr).await;
    let page = format!("/hr/cycles/{cycle}/retention");
    let shown = req("GET", &page)
        .header("cookie", &format!("yardstick_session={hr}"))
        .send(&app)
        .await
        .assert(200)
        .text();
    assert!(shown.contains("原始答卷的保留"), "{shown}");
    assert!(shown.contains("立即删除原始答卷"));
    let english = req("GET", &format!("{page}?lang=en"))
        .header("cookie", &format!("yardstick_session={hr}"))
        .send(&app)
        .await
        .text();
    assert!(english.contains("Keeping raw responses"));
    let summary = req("GET", &format!("/hr/cycles/{cycle}"))
        .header("cookie", &format!("yardstick_session={hr}"))
        .send(&app)
        .await
        .text();
    assert!(summary.contains(&page), "the cycle's page links to it");

    let csrf = app.session_csrf(&hr);
    let form = |fields: &[(&str, &str)]| {
        req("POST", &format!("{page}/purge"))
            .header("cookie", &format!("yardstick_session={hr}"))
            .raw("application/x-www-form-urlencoded", urlencoded(fields))
    };
    let refused = form(&[("csrf", &csrf)]).send(&app).await;
    refused.assert(422);
    assert!(refused.text().contains("我明白删除后无法恢复"));
    form(&[("csrf", "wrong"), ("understood", "1")])
        .send(&app)
        .await
        .assert(403);
    assert!(app.rows("raters").await > 0, "nothing deleted");

    // A day first: a bad one is shown again with the problem.
    let day = |value: &str| {
        req("POST", &page)
            .header("cookie", &format!("yardstick_session={hr}"))
            .raw(
                "application/x-www-form-urlencoded",
                urlencoded(&[("csrf", &csrf), ("purge_on", value)]),
            )
    };
    let bad = day("2020-01-01").send(&app).await;
    bad.assert(422);
    assert!(bad.text().contains("2020-01-01"));
    day("2099-01-01").send(&app).await.assert(303);
    let set = req("GET", &format!("{page}?done=set"))
        .header("cookie", &format!("yardstick_session={hr}"))
        .send(&app)
        .await
        .text();
    assert!(set.contains("2099-01-01"));

    form(&[("csrf", &csrf), ("understood", "1")])
        .send(&app)
        .await
        .assert(303);
    assert_eq!(app.rows("raters").await, 0);
    let done = req("GET", &format!("{page}?done=purged"))
        .header("cookie", &format!("yardstick_session={hr}"))
        .send(&app)
        .await
        .text();
    assert!(done.contains("原始答卷已删除"));
    assert!(!done.contains("立即删除原始答卷"), "nothing more to delete");
}

#[tokio::test]
async fn the_console_erases_a_person_once_their_id_is_typed() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let page = "/hr/people/M003/erase";
    let shown = req("GET", page)
        .header("cookie", &format!("yardstick_session={hr}"))
        .send(&app)
        .await
        .assert(200)
        .text();
    assert!(shown.contains("删除个人信息:王五"), "{shown}");
    assert!(shown.contains("此人不在任何周期中"));
    let person = req("GET", "/hr/people/M003")
        .header("cookie", &format!("yardstick_session={hr}"))
        .send(&app)
        .await
        .text();
    assert!(person.contains(page), "the person's page links to it");
    let blocked = req("GET", "/hr/people/M001/erase")
        .header("cookie", &format!("yardstick_session={hr}"))
        .send(&app)
        .await
        .text();
    assert!(blocked.contains("钱六 (S001)"), "who reports to them");
    assert!(
        !blocked.contains("name=\"confirm\""),
        "no form while blocked"
    );
    req("GET", "/hr/people/NOBODY/erase")
        .header("cookie", &format!("yardstick_session={hr}"))
        .send(&app)
        .await
        .assert(404);

    let csrf = app.session_csrf(&hr);
    let post = |confirm: &str| {
        req("POST", page)
            .header("cookie", &format!("yardstick_session={hr}"))
            .raw(
                "application/x-www-form-urlencoded",
                urlencoded(&[("csrf", &csrf), ("confirm", confirm)]),
            )
    };
    let wrong = post("M002").send(&app).await;
    wrong.assert(422);
    assert!(wrong.text().contains("未删除任何内容"));
    assert_eq!(app.rows("people").await, 6, "nothing erased");
    let done = post(" M003 ").send(&app).await;
    done.assert(303);
    let to = done.location();
    assert!(to.starts_with("/hr/people?erased=erased-"), "{to}");
    let list = req("GET", &to)
        .header("cookie", &format!("yardstick_session={hr}"))
        .send(&app)
        .await
        .assert(200)
        .text();
    assert!(list.contains("已删除个人信息"));
    assert!(!list.contains("王五"));
}
