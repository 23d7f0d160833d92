//! What a rater's link opens: only that rater's assignments and the questionnaire.

use serde_json::json;

use crate::common::{TestApp, all, put, req};

#[tokio::test]
async fn a_token_opens_its_raters_assessees_and_the_questionnaire() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = app.cycle(&hr, true).await;
    let token = app.rater_token(&hr, id, "S001").await;
    let page = req("GET", &format!("/api/v1/r/{token}"))
        .send(&app)
        .await
        .assert(200)
        .json();
    assert_eq!(page["cycle"]["id"], id);
    assert_eq!(page["cycle"]["name"], "2026年度360评估");
    assert_eq!(page["cycle"]["state"], "open");
    assert_eq!(page["rater"], json!({"name": "钱六"}));
    assert_eq!(
        page["assessees"],
        json!([{"assessee": "M001", "name": "张三", "relationship": "subordinate", "status": "pending",
                 "dimensions": ["1", "2", "3", "4", "5", "6", "7"]}])
    );
    let model = &page["model"];
    assert_eq!(model["name"], "物业管理人员能力素质模型");
    assert_eq!(model["scale"]["max"], 5);
    assert_eq!(model["dimensions"].as_array().unwrap().len(), 7);
    assert_eq!(model["dimensions"][6]["items"][7]["code"], "7.8");
}

#[tokio::test]
async fn an_unknown_token_is_404_everywhere() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    app.cycle(&hr, true).await;
    let page = req("GET", "/api/v1/r/not-a-token").send(&app).await;
    page.assert(404);
    assert_eq!(page.fields(), ["token"]);
    req("GET", "/api/v1/r/not-a-token/responses/M001")
        .send(&app)
        .await
        .assert(404);
    put(
        "not-a-token",
        "M001",
        json!({"answers": {}, "submit": false}),
    )
    .send(&app)
    .await
    .assert(404);
    // Unknown token and a bad body: the 404 comes first.
    put(
        "not-a-token",
        "M001",
        json!({"answers": {"9.9": 7}, "submit": "yes"}),
    )
    .send(&app)
    .await
    .assert(404);
}

#[tokio::test]
async fn a_rater_cannot_see_or_answer_for_an_assessee_not_assigned_to_them() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = app.cycle(&hr, true).await;
    let s001 = app.rater_token(&hr, id, "S001").await;
    let boss = app.rater_token(&hr, id, "B001").await;
    put(
        &boss,
        "M002",
        json!({"answers": all(5), "comment": "很好", "submit": false}),
    )
    .send(&app)
    .await
    .assert(200);
    let peek = req("GET", &format!("/api/v1/r/{s001}/responses/M002"))
        .send(&app)
        .await;
    peek.assert(404);
    assert_eq!(peek.fields(), ["assessee"]);
    let write = put(&s001, "M002", json!({"answers": all(1), "submit": true}))
        .send(&app)
        .await;
    write.assert(404);
    let bad_body = put(
        &s001,
        "M002",
        json!({"answers": {"1.1": 9}, "submit": true}),
    )
    .send(&app)
    .await;
    bad_body.assert(404);
    req("GET", &format!("/api/v1/r/{s001}/responses/NOBODY"))
        .send(&app)
        .await
        .assert(404);
    // The boss's draft is untouched.
    let saved = req("GET", &format!("/api/v1/r/{boss}/responses/M002"))
        .send(&app)
        .await
        .json();
    assert_eq!(saved["answers"]["1.1"], 5);
    assert_eq!(saved["comment"], "很好");
}
