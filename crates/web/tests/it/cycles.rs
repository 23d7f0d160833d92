//! Cycles: creation and its rules, the list, one cycle, the state machine, progress and the
//! audit log.

use serde_json::json;

use crate::common::{TestApp, all, req};

#[tokio::test]
async fn a_new_cycle_is_a_draft_with_the_default_settings() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let reply = req("POST", "/api/v1/cycles")
        .token(&hr)
        .json(json!({"name": "2026年度360评估", "model": "builtin", "assessees": "all"}))
        .send(&app)
        .await;
    let cycle = reply.assert(201).json();
    let id = cycle["id"].as_i64().unwrap();
    assert_eq!(cycle["state"], "draft");
    assert_eq!(
        cycle["weights"],
        json!({"self": 0, "superior": 40, "peer": 20, "subordinate": 20, "customer": 20})
    );
    assert_eq!(cycle["threshold"], 3);
    assert_eq!(cycle["starts_on"], json!(null));
    let got = req("GET", &format!("/api/v1/cycles/{id}"))
        .token(&hr)
        .send(&app)
        .await;
    assert_eq!(got.assert(200).json(), cycle);
    let list = req("GET", "/api/v1/cycles")
        .token(&hr)
        .send(&app)
        .await
        .assert(200)
        .json();
    assert_eq!(list, json!([cycle]));
}

#[tokio::test]
async fn weights_not_named_keep_their_defaults_and_chinese_labels_are_taken() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let models = req("GET", "/api/v1/models")
        .token(&hr)
        .send(&app)
        .await
        .json();
    let model = models[0]["id"].as_i64().unwrap();
    let cycle = req("POST", "/api/v1/cycles")
        .token(&hr)
        .json(
            json!({"name": "半年评估", "model": model, "weights": {"superior": 50, "同级": 12.5},
                     "threshold": 2, "peers": 1, "assessees": ["M002", "M001"],
                     "starts_on": "2026-03-01", "ends_on": "2026-03-15"}),
        )
        .send(&app)
        .await
        .assert(201)
        .json();
    assert_eq!(
        cycle["weights"],
        json!({"self": 0, "superior": 50, "peer": 12.5, "subordinate": 20, "customer": 20})
    );
    assert_eq!(cycle["threshold"], 2);
    assert_eq!(cycle["peers"], 1);
    assert_eq!(cycle["model"], model);
    assert_eq!(cycle["ends_on"], "2026-03-15");
}

#[tokio::test]
async fn a_cycle_that_breaks_rules_is_422_naming_each_field() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let reply = req("POST", "/api/v1/cycles")
        .token(&hr)
        .json(
            json!({"name": "x", "model": "latest", "weights": {"boss": 10, "peer": -1},
                     "assessees": "everybody", "starts_on": "2026-02-30", "ends_on": "2026-13-01"}),
        )
        .send(&app)
        .await;
    reply.assert(422);
    let fields = reply.fields();
    for f in [
        "model",
        "weights.boss",
        "weights.peer",
        "assessees",
        "starts_on",
        "ends_on",
    ] {
        assert!(fields.contains(&f.to_string()), "{f} not in {fields:?}");
    }
    let all_zero = req("POST", "/api/v1/cycles")
        .token(&hr)
        .header("accept-language", "en")
        .json(json!({"name": "x", "model": "builtin", "assessees": "all",
                     "weights": {"superior": 0, "peer": 0, "subordinate": 0, "customer": 0}}))
        .send(&app)
        .await;
    all_zero.assert(422);
    assert_eq!(all_zero.fields(), ["weights"]);
    assert!(
        all_zero
            .message()
            .contains("all relationship weights are 0")
    );

    let store_rules = req("POST", "/api/v1/cycles")
        .token(&hr)
        .json(json!({"name": " ", "model": 999, "assessees": ["M001", "X404"], "threshold": 0}))
        .send(&app)
        .await;
    store_rules.assert(422);
    let fields = store_rules.fields();
    assert!(fields.contains(&"name".to_string()), "{fields:?}");
    assert!(fields.contains(&"threshold".to_string()), "{fields:?}");
    let unknown = req("POST", "/api/v1/cycles")
        .token(&hr)
        .json(json!({"name": "x", "model": 999, "assessees": ["M001"]}))
        .send(&app)
        .await;
    unknown.assert(422);
    assert_eq!(unknown.fields(), ["model"]);
    let backwards = req("POST", "/api/v1/cycles")
        .token(&hr)
        .json(json!({"name": "x", "model": "builtin", "assessees": "all",
                     "starts_on": "2026-03-02", "ends_on": "2026-03-01"}))
        .send(&app)
        .await;
    backwards.assert(422);
    assert_eq!(backwards.fields(), ["ends_on"]);
    assert_eq!(
        req("GET", "/api/v1/cycles")
            .token(&hr)
            .send(&app)
            .await
            .json(),
        json!([])
    );
}

#[tokio::test]
async fn the_state_machine_moves_forward_only_and_repeats_harmlessly() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = app.cycle(&hr, false).await;
    let go = |to: &'static str| req("POST", &format!("/api/v1/cycles/{id}/{to}")).token(&hr);
    go("close").send(&app).await.assert(409);
    assert_eq!(
        go("open").send(&app).await.assert(200).json()["state"],
        "open"
    );
    assert_eq!(
        go("open").send(&app).await.assert(200).json()["state"],
        "open"
    );
    let skip = go("publish").send(&app).await;
    skip.assert(409);
    assert!(skip.message().contains("进行中"), "{}", skip.message());
    assert_eq!(
        go("close").send(&app).await.assert(200).json()["state"],
        "closed"
    );
    assert_eq!(
        go("publish").send(&app).await.assert(200).json()["state"],
        "published"
    );
    assert_eq!(
        go("publish").send(&app).await.assert(200).json()["state"],
        "published"
    );
    go("open").send(&app).await.assert(409);
    for to in ["open", "close", "publish"] {
        let missing = req("POST", &format!("/api/v1/cycles/999/{to}"))
            .token(&hr)
            .send(&app)
            .await;
        missing.assert(404);
    }
    let audit = req("GET", &format!("/api/v1/cycles/{id}/audit"))
        .token(&hr)
        .send(&app)
        .await
        .assert(200)
        .json();
    let actions: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "cycle.create",
            "assignments.auto",
            "cycle.open",
            "cycle.closed",
            "cycle.published"
        ]
    );
    assert!(audit.as_array().unwrap().iter().all(|l| l["user"] == "hr"));
    req("GET", "/api/v1/cycles/999/audit")
        .token(&hr)
        .send(&app)
        .await
        .assert(404);
}

#[tokio::test]
async fn progress_counts_responses_per_assessee_and_relationship() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = app.cycle(&hr, true).await;
    let boss = app.rater_token(&hr, id, "B001").await;
    req("PUT", &format!("/api/v1/r/{boss}/responses/M001"))
        .json(json!({"answers": all(4), "submit": true}))
        .send(&app)
        .await
        .assert(200);
    req("PUT", &format!("/api/v1/r/{boss}/responses/M002"))
        .json(json!({"answers": {}, "submit": false}))
        .send(&app)
        .await
        .assert(200);
    let progress = req("GET", &format!("/api/v1/cycles/{id}/progress"))
        .token(&hr)
        .send(&app)
        .await
        .assert(200)
        .json();
    assert_eq!(progress["cycle"], id);
    let m001 = &progress["assessees"][0];
    assert_eq!(m001["assessee"], "M001");
    assert_eq!(m001["name"], "张三");
    // Self, superior, two peers, two subordinates.
    assert_eq!(
        (m001["assigned"].clone(), m001["submitted"].clone()),
        (json!(6), json!(1))
    );
    assert_eq!(
        m001["relationships"][1],
        json!({"relationship": "superior", "assigned": 1, "draft": 0, "submitted": 1, "invalidated": 0})
    );
    assert_eq!(progress["assessees"][1]["draft"], 1);
    assert_eq!(progress["total"]["submitted"], 1);
    assert_eq!(progress["total"]["draft"], 1);
    req("GET", "/api/v1/cycles/999/progress")
        .token(&hr)
        .send(&app)
        .await
        .assert(404);
}
