//! Every HR action that changes something, and every download of personal data, leaves a
//! line in the audit log with who did it, what, the cycle and what it was done to — on
//! SQLite and PostgreSQL; and the console's audit page shows each action in words in both
//! languages.

use serde_json::{Value, json};
use yardstick_formats::people::read_people;
use yardstick_store::{NewReminder, RaterId, ReminderOutcome, Store};

use crate::common::{PEOPLE_CSV, TestApp, model_toml, req};

/// The newest line of `action` in the whole audit log, as the API gives it.
async fn line(app: &TestApp, hr: &str, action: &str) -> Value {
    let log = req("GET", "/api/v1/audit?per_page=1000")
        .token(hr)
        .send(app)
        .await
        .assert(200)
        .json();
    log["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["action"] == action)
        .cloned()
        .unwrap_or_else(|| panic!("no {action} line in {log}"))
}

/// Checks the newest `action` line: by `hr`, of `cycle`, its subject containing `subject`.
async fn check(app: &TestApp, hr: &str, action: &str, cycle: Option<i64>, subject: &str) {
    let l = line(app, hr, action).await;
    assert_eq!(l["user"], "hr", "{l}");
    assert_eq!(l["cycle"], cycle.map_or(Value::Null, Value::from), "{l}");
    let got = l["subject"].as_str().unwrap_or_default();
    assert!(got.contains(subject), "{action}: `{got}` lacks `{subject}`");
}

async fn every_hr_action_is_audited(app: TestApp) {
    let hr = app.hr().await;
    // A model, then the same name and version with another definition (not used by an
    // open cycle: replaced).
    let toml = model_toml("领导力模型", true);
    let model = req("POST", "/api/v1/models")
        .token(&hr)
        .raw("application/toml", toml.clone())
        .send(&app)
        .await
        .assert(200)
        .json();
    let model_id = model["id"].as_i64().unwrap();
    check(
        &app,
        &hr,
        "model.import",
        None,
        &format!("model {model_id} (领导力模型"),
    )
    .await;
    let changed = model_toml("领导力模型", false);
    assert_ne!(changed, toml);
    req("POST", "/api/v1/models")
        .token(&hr)
        .raw("application/toml", changed)
        .send(&app)
        .await
        .assert(200);
    check(
        &app,
        &hr,
        "model.replace",
        None,
        &format!("model {model_id} (领导力模型"),
    )
    .await;

    let id = req("POST", "/api/v1/cycles")
        .token(&hr)
        .json(json!({"name": "2026年度360评估", "model": "builtin",
                     "assessees": ["M001", "M002", "M003"]}))
        .send(&app)
        .await
        .assert(201)
        .json()["id"]
        .as_i64()
        .unwrap();
    check(&app, &hr, "cycle.create", Some(id), "3 assessees").await;

    let list = req("POST", &format!("/api/v1/cycles/{id}/assignments"))
        .token(&hr)
        .json(json!({"auto": true}))
        .send(&app)
        .await
        .assert(200)
        .json();
    let n = list.as_array().unwrap().len();
    check(
        &app,
        &hr,
        "assignments.auto",
        Some(id),
        &format!("added {n}"),
    )
    .await;
    // Again: nothing added, nothing recorded.
    let before = app.rows("audit_log").await;
    req("POST", &format!("/api/v1/cycles/{id}/assignments"))
        .token(&hr)
        .json(json!({"auto": true}))
        .send(&app)
        .await
        .assert(200);
    assert_eq!(app.rows("audit_log").await, before);

    let list = req("POST", &format!("/api/v1/cycles/{id}/assignments"))
        .token(&hr)
        .json(json!({"add": [
            {"rater": {"name": "业主甲", "phone": "13900000001"}, "assessee": "M003", "relationship": "业主"},
        ]}))
        .send(&app)
        .await
        .assert(200)
        .json();
    let outsider = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["rater"]["name"] == "业主甲")
        .unwrap()
        .clone();
    let rater = outsider["rater_id"].as_i64().unwrap();
    check(
        &app,
        &hr,
        "assignment.add",
        Some(id),
        &format!("rater {rater} (业主甲) → M003"),
    )
    .await;
    req("DELETE", &format!("/api/v1/cycles/{id}/assignments"))
        .token(&hr)
        .json(json!({"rater": rater, "assessee": "M003"}))
        .send(&app)
        .await
        .assert(204);
    check(
        &app,
        &hr,
        "assignment.remove",
        Some(id),
        &format!("rater {rater} (业主甲) → M003"),
    )
    .await;

    req("POST", &format!("/api/v1/cycles/{id}/open"))
        .token(&hr)
        .send(&app)
        .await
        .assert(200);
    // Reminders as the mailer records them, with who sent them.
    let user = app
        .store
        .users()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.username == "hr")
        .unwrap();
    let raters: Vec<i64> = list
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["rater_id"].as_i64())
        .take(2)
        .collect();
    let sent = vec![
        NewReminder {
            rater: RaterId(raters[0]),
            address: "a@example.com".into(),
            outcome: ReminderOutcome::Sent,
        },
        NewReminder {
            rater: RaterId(raters[1]),
            address: "b@example.com".into(),
            outcome: ReminderOutcome::Failed("550 no such user".into()),
        },
    ];
    app.store
        .record_reminders(id, Some(&user), sent)
        .await
        .unwrap();
    check(&app, &hr, "reminders.send", Some(id), "sent 1 · failed 1").await;

    for state in ["close", "publish"] {
        req("POST", &format!("/api/v1/cycles/{id}/{state}"))
            .token(&hr)
            .send(&app)
            .await
            .assert(200);
    }
    // Downloads of personal data.
    let cookie = format!("yardstick_session={hr}");
    let results = req("GET", &format!("/hr/cycles/{id}/results.xlsx?items=1"))
        .header("cookie", &cookie)
        .send(&app)
        .await;
    results.assert(200);
    check(
        &app,
        &hr,
        "download.results",
        Some(id),
        "results with items.xlsx",
    )
    .await;
    req(
        "GET",
        &format!("/api/v1/cycles/{id}/company/export?format=csv&department=A区"),
    )
    .token(&hr)
    .send(&app)
    .await
    .assert(200);
    check(
        &app,
        &hr,
        "download.company",
        Some(id),
        "department A区 · company.csv",
    )
    .await;
    req("GET", &format!("/hr/cycles/{id}/company.csv"))
        .header("cookie", &cookie)
        .send(&app)
        .await
        .assert(200);
    check(&app, &hr, "download.company", Some(id), "company.csv").await;
    req(
        "GET",
        &format!("/api/v1/cycles/{id}/reports/M001/export?format=csv"),
    )
    .token(&hr)
    .send(&app)
    .await
    .assert(200);
    check(&app, &hr, "download.report", Some(id), "M001 · report.csv").await;
    req("GET", &format!("/reports/{id}/M002/report.csv"))
        .header("cookie", &cookie)
        .send(&app)
        .await
        .assert(200);
    check(&app, &hr, "download.report", Some(id), "M002 · report.csv").await;
    // A download that fails before its file is made records nothing.
    let before = app.rows("audit_log").await;
    req(
        "GET",
        &format!("/api/v1/cycles/{id}/company/export?format=doc"),
    )
    .token(&hr)
    .send(&app)
    .await
    .assert(422);
    assert_eq!(app.rows("audit_log").await, before);

    // The console's page names every one of them in words, in both languages.
    for lang in ["zh", "en"] {
        let page = req("GET", &format!("/hr/audit?lang={lang}"))
            .header("cookie", &cookie)
            .send(&app)
            .await;
        page.assert(200);
        let page = String::from_utf8(page.body.to_vec()).unwrap();
        assert!(!page.contains("unknown-action"), "{lang}: {page}");
    }
    app.finish().await;
}

#[tokio::test]
async fn every_hr_action_is_audited_on_sqlite() {
    every_hr_action_is_audited(TestApp::new().await).await;
}

#[tokio::test]
async fn every_hr_action_is_audited_on_postgres() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    let rows = read_people(PEOPLE_CSV.as_bytes()).unwrap();
    app.store.import_people(rows).await.unwrap();
    every_hr_action_is_audited(app).await;
}
