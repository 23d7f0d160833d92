//! Who may open each page of the console and each report page, in each state of a cycle:
//! a visitor is sent to sign in, an employee or a manager gets a 403 page, HR and the
//! administrator get the page; a report page follows the rules of its API. Every refusal is
//! an HTML page, never JSON.

use axum::http::header::{COOKIE, LOCATION};
use serde_json::json;
use yardstick_store::{Role, Store};

use crate::common::{TestApp, all, req};

/// The readers, in the order of the expected statuses below.
const READERS: [&str; 5] = ["visitor", "employee", "manager", "hr", "admin"];

/// Every page of the console, for cycle `c`.
fn console_pages(c: i64, model: i64, user: i64) -> Vec<String> {
    [
        "/hr/".to_string(),
        "/hr/people".into(),
        "/hr/people/M001".into(),
        "/hr/users".into(),
        format!("/hr/users/{user}"),
        "/hr/models".into(),
        format!("/hr/models/{model}"),
        format!("/hr/models/{model}/export"),
        "/hr/models/import".into(),
        "/hr/cycles/new".into(),
        format!("/hr/cycles/{c}"),
        format!("/hr/cycles/{c}/assignments"),
        format!("/hr/cycles/{c}/progress"),
        format!("/hr/cycles/{c}/qr"),
        format!("/hr/cycles/{c}/results"),
        format!("/hr/cycles/{c}/results.csv"),
        format!("/hr/cycles/{c}/results.xlsx"),
        format!("/hr/cycles/{c}/analytics"),
        format!("/hr/cycles/{c}/company"),
        format!("/hr/cycles/{c}/company.pdf"),
        format!("/hr/cycles/{c}/company.xlsx"),
        format!("/hr/cycles/{c}/company.csv?target=20,70,10"),
        format!("/hr/cycles/{c}/invalidations"),
        format!("/hr/cycles/{c}/retention"),
        "/hr/people/M001/erase".into(),
        "/hr/audit".into(),
        format!("/hr/audit?cycle={c}"),
    ]
    .into()
}

#[tokio::test]
async fn every_console_page_and_report_page_answers_each_role_in_each_state() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let mut cookies = vec![String::new()];
    for (name, role, person) in [
        ("employee", Role::Employee, Some("M001")),
        ("manager", Role::Manager, Some("B001")),
        ("admin", Role::Admin, None),
    ] {
        cookies.push(app.user(name, role, person).await);
    }
    cookies.insert(3, hr.clone());
    let model = app.store.builtin_model().await.unwrap().id;
    let user = app.store.users().await.unwrap()[0].id;
    let c = app.cycle(&hr, false).await;
    let mut wrong = Vec::new();
    for state in ["draft", "open", "closed", "published"] {
        match state {
            "open" => {
                req("POST", &format!("/api/v1/cycles/{c}/open"))
                    .token(&hr)
                    .send(&app)
                    .await
                    .assert(200);
                let token = app.rater_token(&hr, c, "M001").await;
                req("PUT", &format!("/api/v1/r/{token}/responses/M001"))
                    .json(json!({"answers": all(4), "submit": true}))
                    .send(&app)
                    .await
                    .assert(200);
            }
            "closed" | "published" => {
                let to = if state == "closed" {
                    "close"
                } else {
                    "publish"
                };
                req("POST", &format!("/api/v1/cycles/{c}/{to}"))
                    .token(&hr)
                    .send(&app)
                    .await
                    .assert(200);
            }
            _ => {}
        }
        let mut pages: Vec<(String, [u16; 5])> = console_pages(c, model, user)
            .into_iter()
            .map(|p| (p, [303, 403, 403, 200, 200]))
            .collect();
        // The confirmations of a state change: shown when the change can be made or has
        // been made (like the API, asking for the state the cycle is in is no error), and a
        // 409 page saying why otherwise.
        let can = |from: &str, to: &str| {
            if state == from || state == to {
                200
            } else {
                409
            }
        };
        let close = can("open", "closed");
        pages.push((
            format!("/hr/cycles/{c}/close"),
            [303, 403, 403, close, close],
        ));
        let publish = can("closed", "published");
        pages.push((
            format!("/hr/cycles/{c}/publish"),
            [303, 403, 403, publish, publish],
        ));
        // M001's report: their own for the employee, below B001 for the manager.
        let readers = if state == "published" { 200 } else { 409 };
        pages.push((
            format!("/reports/{c}/M001"),
            [303, readers, readers, 200, 200],
        ));
        // M002's: neither theirs nor below the employee.
        pages.push((format!("/reports/{c}/M002"), [303, 403, readers, 200, 200]));
        // The report pages' downloads follow the report's rules.
        for ext in ["pdf", "xlsx", "csv"] {
            pages.push((
                format!("/reports/{c}/M001/report.{ext}"),
                [303, readers, readers, 200, 200],
            ));
            pages.push((
                format!("/reports/{c}/M002/report.{ext}"),
                [303, 403, readers, 200, 200],
            ));
        }
        for (path, expected) in &pages {
            for ((who, cookie), want) in READERS.iter().zip(&cookies).zip(expected) {
                let mut r = req("GET", path);
                if !cookie.is_empty() {
                    r = r.header(COOKIE.as_str(), &format!("yardstick_session={cookie}"));
                }
                let reply = r.send(&app).await;
                let got = reply.status.as_u16();
                if got != *want {
                    wrong.push(format!(
                        "{path} as {who} in {state}: {got}, expected {want}"
                    ));
                    continue;
                }
                if got == 303 {
                    let to = reply.headers[LOCATION].to_str().unwrap();
                    if !to.starts_with("/login?next=") {
                        wrong.push(format!("{path} as {who}: sent to {to}"));
                    }
                } else if got >= 400 {
                    let kind = reply.headers["content-type"].to_str().unwrap();
                    if !kind.starts_with("text/html") {
                        wrong.push(format!("{path} as {who} in {state}: a {got} as {kind}"));
                    }
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    app.finish().await;
}
