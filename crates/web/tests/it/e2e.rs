//! The whole flow through the API — import people, create a cycle, assign, open, submit as
//! raters, close, results — on SQLite and on PostgreSQL, with results equal to the offline
//! scorer's for the same answers.

use serde_json::{Value, json};
use yardstick_store::Store;

use crate::common::{PEOPLE_CSV, TestApp, answers, req};
use crate::results::{answer, score_offline};

async fn whole_flow(app: &TestApp) {
    app.store
        .add_user(
            "hr",
            crate::common::PASSWORD,
            yardstick_store::Role::Hr,
            None,
        )
        .await
        .unwrap();
    let hr = req("POST", "/api/v1/session")
        .json(json!({"username": "hr", "password": crate::common::PASSWORD}))
        .send(app)
        .await
        .assert(200)
        .json()["token"]
        .as_str()
        .unwrap()
        .to_string();
    let imported = req("POST", "/api/v1/people/import")
        .token(&hr)
        .raw("text/csv", PEOPLE_CSV.as_bytes().to_vec())
        .send(app)
        .await
        .assert(200)
        .json();
    assert_eq!(imported, json!({"imported": 6, "updated": 0}));

    let id = req("POST", "/api/v1/cycles")
        .token(&hr)
        .json(
            json!({"name": "全流程", "model": "builtin", "weights": {"customer": 30},
                     "threshold": 2, "assessees": "all"}),
        )
        .send(app)
        .await
        .assert(201)
        .json()["id"]
        .as_i64()
        .unwrap();
    let path = format!("/api/v1/cycles/{id}/assignments");
    req("POST", &path)
        .token(&hr)
        .json(json!({"auto": true}))
        .send(app)
        .await
        .assert(200);
    let customers: Vec<Value> = ["业主-1栋101", "业主-2栋202"]
        .iter()
        .map(|n| json!({"rater": {"name": n, "phone": "13900000000"}, "assessee": "M001", "relationship": "customer"}))
        .collect();
    req("POST", &path)
        .token(&hr)
        .json(json!({"add": customers}))
        .send(app)
        .await
        .assert(200);
    req("POST", &format!("/api/v1/cycles/{id}/open"))
        .token(&hr)
        .send(app)
        .await
        .assert(200);

    let model = yardstick_formats::builtin_model().unwrap();
    let codes: Vec<&str> = model.items().iter().map(|i| i.code()).collect();
    let mut csv = format!(
        "assessee,rater,relationship,{},department\n",
        codes.join(",")
    );
    let list = req("GET", &path)
        .token(&hr)
        .send(app)
        .await
        .assert(200)
        .json();
    let list = list.as_array().unwrap();
    for (n, a) in list.iter().enumerate() {
        let assessee = a["assessee"].as_str().unwrap();
        let token = a["link"].as_str().unwrap().trim_start_matches("/r/");
        // Every fifth rater only saves a draft, which must not count.
        let submit = n % 5 != 4;
        req("PUT", &format!("/api/v1/r/{token}/responses/{assessee}"))
            .json(json!({"answers": answers(|i| answer(n, i)), "submit": submit}))
            .send(app)
            .await
            .assert(200);
        if !submit {
            continue;
        }
        let rater = a["rater"]
            .as_str()
            .map_or_else(|| format!("ext-{}", a["rater_id"]), String::from);
        let cells: Vec<String> = (0..codes.len())
            .map(|i| match answer(n, i) {
                Some(Value::String(_)) => "NA".to_string(),
                Some(v) => v.to_string(),
                None => String::new(),
            })
            .collect();
        let department = PEOPLE_CSV
            .lines()
            .find(|l| l.starts_with(&format!("{assessee},")))
            .and_then(|l| l.split(',').nth(2))
            .unwrap();
        csv += &format!(
            "{assessee},{rater},{},{},{department}\n",
            a["relationship"].as_str().unwrap(),
            cells.join(",")
        );
    }
    let progress = req("GET", &format!("/api/v1/cycles/{id}/progress"))
        .token(&hr)
        .send(app)
        .await
        .assert(200)
        .json();
    assert_eq!(progress["total"]["assigned"], list.len());

    req("POST", &format!("/api/v1/cycles/{id}/close"))
        .token(&hr)
        .send(app)
        .await
        .assert(200);
    let offline = score_offline(&csv, "customer=30", 2, false);
    for state in ["closed", "published"] {
        if state == "published" {
            req("POST", &format!("/api/v1/cycles/{id}/publish"))
                .token(&hr)
                .send(app)
                .await
                .assert(200);
        }
        let reply = req("GET", &format!("/api/v1/cycles/{id}/results"))
            .token(&hr)
            .send(app)
            .await;
        reply.assert(200);
        assert_eq!(
            String::from_utf8_lossy(&reply.body),
            String::from_utf8_lossy(&offline),
            "{state}"
        );
    }
    // Once closed, nothing more is saved.
    let a = &list[4];
    let token = a["link"].as_str().unwrap().trim_start_matches("/r/");
    req(
        "PUT",
        &format!(
            "/api/v1/r/{token}/responses/{}",
            a["assessee"].as_str().unwrap()
        ),
    )
    .json(json!({"answers": answers(|_| Some(json!(3))), "submit": true}))
    .send(app)
    .await
    .assert(409);
}

#[tokio::test]
async fn the_whole_flow_works_on_sqlite() {
    let app = TestApp::empty().await;
    whole_flow(&app).await;
    app.finish().await;
}

#[tokio::test]
async fn the_whole_flow_works_on_postgresql() {
    if let Some(app) = TestApp::postgres().await {
        whole_flow(&app).await;
        app.finish().await;
    }
}
