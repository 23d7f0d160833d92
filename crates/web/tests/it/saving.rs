//! Saving and submitting responses: checks in the order 404, 422, 409, harmless
//! resubmission, models without N/A, HR's reopening.

use serde_json::{Value, json};

use crate::common::{TestApp, all, answers, model_toml, put, req};

#[tokio::test]
async fn drafts_come_back_with_na_kept_apart_from_unanswered_and_a_submission_is_final() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = app.cycle(&hr, true).await;
    let boss = app.rater_token(&hr, id, "B001").await;
    let path = format!("/api/v1/r/{boss}/responses/M001");
    let empty = req("GET", &path).send(&app).await.assert(200).json();
    assert_eq!(
        empty,
        json!({"assessee": "M001", "name": "张三", "relationship": "superior",
               "status": "pending", "answers": {}, "comment": ""})
    );
    let draft = put(
        &boss,
        "M001",
        json!({"answers": {"1.1": 4, "1.2": "na", "2.1": null}, "submit": false}),
    )
    .send(&app)
    .await;
    assert_eq!(draft.assert(200).json(), json!({"status": "draft"}));
    let saved = req("GET", &path).send(&app).await.json();
    assert_eq!(saved["status"], "draft");
    assert_eq!(
        saved["answers"],
        json!({"1.1": 4, "1.2": "na"}),
        "a chosen N/A comes back as \"na\", an item not answered is left out"
    );

    let body = json!({"answers": answers(|i| (i % 7 != 0).then(|| json!(1 + i % 5))), "comment": "沟通积极", "submit": true});
    let submitted = put(&boss, "M001", body.clone()).send(&app).await;
    assert_eq!(submitted.assert(200).json(), json!({"status": "submitted"}));
    // The same submission again is harmless, with left-out items written as "na" too.
    put(&boss, "M001", body.clone())
        .send(&app)
        .await
        .assert(200);
    let same = json!({"answers": answers(|i| Some(if i % 7 == 0 { json!("NA") } else { json!(1 + i % 5) })),
                      "comment": "沟通积极", "submit": true});
    assert_eq!(
        put(&boss, "M001", same).send(&app).await.assert(200).json()["status"],
        "submitted"
    );

    let changed = put(
        &boss,
        "M001",
        json!({"answers": all(5), "comment": "沟通积极", "submit": true}),
    )
    .send(&app)
    .await;
    changed.assert(409);
    assert!(changed.message().contains("已提交"));
    let back_to_draft = put(
        &boss,
        "M001",
        json!({"answers": body["answers"], "comment": "沟通积极", "submit": false}),
    )
    .send(&app)
    .await;
    back_to_draft.assert(409);
    let no_comment = put(
        &boss,
        "M001",
        json!({"answers": body["answers"], "submit": true}),
    )
    .send(&app)
    .await;
    no_comment.assert(409);
    let page = req("GET", &format!("/api/v1/r/{boss}"))
        .send(&app)
        .await
        .json();
    assert_eq!(page["assessees"][0]["status"], "submitted");
}

#[tokio::test]
async fn answers_that_break_rules_are_422_naming_each_item() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = app.cycle(&hr, true).await;
    let boss = app.rater_token(&hr, id, "B001").await;
    let reply = put(
        &boss,
        "M001",
        json!({"answers": {"1.1": 6, "1.2": 0, "1.3": 4.5, "1.4": "5", "1.5": true, "9.9": 3, "2.1": 3},
               "submit": true}),
    )
    .send(&app)
    .await;
    reply.assert(422);
    assert_eq!(
        reply.fields(),
        [
            "answers.1.1",
            "answers.1.2",
            "answers.1.3",
            "answers.1.4",
            "answers.1.5",
            "answers.9.9"
        ]
    );
    assert_eq!(
        reply.errors()[0]["message"],
        "“1.1”的答案 6 不在量表 1–5 之内"
    );
    let en = put(
        &boss,
        "M001",
        json!({"answers": {"1.3": 4.5}, "submit": false}),
    )
    .header("accept-language", "en")
    .send(&app)
    .await;
    assert_eq!(
        en.message(),
        "the answer to 1.3 must be a whole number from 1 to 5 or \"na\" (N/A), not 4.5"
    );
    let long = put(
        &boss,
        "M001",
        json!({"answers": {}, "comment": "好".repeat(5001), "submit": false}),
    )
    .send(&app)
    .await;
    long.assert(422);
    assert_eq!(long.fields(), ["comment"]);
    let shape = put(&boss, "M001", json!({"answers": [], "submit": true}))
        .send(&app)
        .await;
    shape.assert(422);
    assert_eq!(shape.fields(), ["answers"]);
    let missing = put(&boss, "M001", json!({"answers": {}})).send(&app).await;
    missing.assert(422);
    assert_eq!(missing.fields(), ["submit"]);
    put(
        &boss,
        "M001",
        json!({"answers": {}, "submit": false, "draft": true}),
    )
    .send(&app)
    .await
    .assert(422);
    req("PUT", &format!("/api/v1/r/{boss}/responses/M001"))
        .raw("application/json", "{\"answers\":")
        .send(&app)
        .await
        .assert(400);
    req("PUT", &format!("/api/v1/r/{boss}/responses/M001"))
        .raw("text/plain", "answers")
        .send(&app)
        .await
        .assert(415);
    // Nothing was saved.
    let saved = req("GET", &format!("/api/v1/r/{boss}/responses/M001"))
        .send(&app)
        .await
        .json();
    assert_eq!(saved["status"], "pending");
}

#[tokio::test]
async fn a_model_without_na_refuses_na_and_needs_every_item_on_submission() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let model = req("POST", "/api/v1/models")
        .token(&hr)
        .raw("application/toml", model_toml("不允许无法评价", false))
        .send(&app)
        .await
        .assert(200)
        .json()["id"]
        .clone();
    let id = req("POST", "/api/v1/cycles")
        .token(&hr)
        .json(json!({"name": "x", "model": model, "assessees": ["M001"]}))
        .send(&app)
        .await
        .assert(201)
        .json()["id"]
        .as_i64()
        .unwrap();
    req("POST", &format!("/api/v1/cycles/{id}/assignments"))
        .token(&hr)
        .json(json!({"auto": true}))
        .send(&app)
        .await
        .assert(200);
    req("POST", &format!("/api/v1/cycles/{id}/open"))
        .token(&hr)
        .send(&app)
        .await
        .assert(200);
    let boss = app.rater_token(&hr, id, "B001").await;
    let na = put(
        &boss,
        "M001",
        json!({"answers": {"1.1": "na"}, "submit": false}),
    )
    .send(&app)
    .await;
    na.assert(422);
    assert_eq!(na.fields(), ["answers.1.1"]);
    assert!(
        na.message().contains("不允许“无法评价”"),
        "{}",
        na.message()
    );
    put(
        &boss,
        "M001",
        json!({"answers": {"1.1": 3}, "submit": false}),
    )
    .send(&app)
    .await
    .assert(200);
    let incomplete = put(
        &boss,
        "M001",
        json!({"answers": answers(|i| (i > 0).then(|| json!(3))), "submit": true}),
    )
    .send(&app)
    .await;
    incomplete.assert(422);
    assert_eq!(incomplete.fields(), ["answers.1.1"]);
    put(&boss, "M001", json!({"answers": all(3), "submit": true}))
        .send(&app)
        .await
        .assert(200);
}

#[tokio::test]
async fn a_cycle_that_is_not_open_takes_no_answers_but_bad_answers_are_422_first() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = app.cycle(&hr, false).await;
    let boss = app.rater_token(&hr, id, "B001").await;
    let page = req("GET", &format!("/api/v1/r/{boss}"))
        .send(&app)
        .await
        .assert(200)
        .json();
    assert_eq!(page["cycle"]["state"], "draft");
    let early = put(&boss, "M001", json!({"answers": all(4), "submit": false}))
        .send(&app)
        .await;
    early.assert(409);
    assert!(
        early.message().contains("不能保存或提交评价"),
        "{}",
        early.message()
    );
    put(
        &boss,
        "M001",
        json!({"answers": {"1.1": 7}, "submit": false}),
    )
    .send(&app)
    .await
    .assert(422);
    req("POST", &format!("/api/v1/cycles/{id}/open"))
        .token(&hr)
        .send(&app)
        .await
        .assert(200);
    req("POST", &format!("/api/v1/cycles/{id}/close"))
        .token(&hr)
        .send(&app)
        .await
        .assert(200);
    put(&boss, "M001", json!({"answers": all(4), "submit": true}))
        .send(&app)
        .await
        .assert(409);
    put(&boss, "M001", json!({"answers": {"x": 1}, "submit": true}))
        .send(&app)
        .await
        .assert(422);
}

#[tokio::test]
async fn hr_can_reopen_a_submitted_response_with_a_reason() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = app.cycle(&hr, true).await;
    let boss = app.rater_token(&hr, id, "B001").await;
    put(&boss, "M001", json!({"answers": all(2), "submit": true}))
        .send(&app)
        .await
        .assert(200);
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
    let reopen = |body: Value| {
        req("POST", &format!("/api/v1/cycles/{id}/responses/reopen"))
            .token(&hr)
            .json(body)
    };

    let no_reason = reopen(json!({"rater": rater, "assessee": "M001", "reason": " "}))
        .send(&app)
        .await;
    no_reason.assert(422);
    assert_eq!(no_reason.fields(), ["reason"]);
    reopen(json!({"rater": rater, "assessee": "M002", "reason": "x"}))
        .send(&app)
        .await
        .assert(409);
    reopen(json!({"rater": 9999, "assessee": "M001", "reason": "x"}))
        .send(&app)
        .await
        .assert(404);
    reopen(json!({"rater": rater, "assessee": "M001"}))
        .send(&app)
        .await
        .assert(422);
    req("POST", "/api/v1/cycles/999/responses/reopen")
        .token(&hr)
        .json(json!({"rater": rater}))
        .send(&app)
        .await
        .assert(404);

    let done = reopen(json!({"rater": rater, "assessee": "M001", "reason": "评价人误填"}))
        .send(&app)
        .await;
    assert_eq!(done.assert(200).json(), json!({"status": "draft"}));
    reopen(json!({"rater": rater, "assessee": "M001", "reason": "again"}))
        .send(&app)
        .await
        .assert(409);
    put(&boss, "M001", json!({"answers": all(4), "submit": true}))
        .send(&app)
        .await
        .assert(200);
    let audit = req("GET", &format!("/api/v1/cycles/{id}/audit"))
        .token(&hr)
        .send(&app)
        .await
        .json();
    let entry = audit
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "response.reopen")
        .unwrap();
    assert_eq!(entry["reason"], "评价人误填");
    assert_eq!(entry["user"], "hr");
    assert!(entry["subject"].as_str().unwrap().contains("M001"));
}

#[tokio::test]
async fn a_comment_with_control_characters_or_too_long_is_a_422_and_line_breaks_are_kept() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = app.cycle(&hr, true).await;
    let boss = app.rater_token(&hr, id, "B001").await;
    for bad in ["沟通\u{1b}[2J积极".to_string(), "好".repeat(5001)] {
        let refused = put(
            &boss,
            "M001",
            json!({"answers": {"1.1": 4}, "comment": bad, "submit": false}),
        )
        .send(&app)
        .await;
        refused.assert(422);
        assert_eq!(refused.fields(), vec!["comment"]);
    }
    let path = format!("/api/v1/r/{boss}/responses/M001");
    assert_eq!(
        req("GET", &path).send(&app).await.json()["status"],
        "pending"
    );
    put(
        &boss,
        "M001",
        json!({"answers": {"1.1": 4}, "comment": "第一点\n\t第二点", "submit": false}),
    )
    .send(&app)
    .await
    .assert(200);
    assert_eq!(
        req("GET", &path).send(&app).await.json()["comment"],
        "第一点\n\t第二点"
    );
}
