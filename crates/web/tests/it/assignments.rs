//! Assignments: from the org chart, added by hand (all or nothing), listed, removed.

use serde_json::json;

use crate::common::{TestApp, all, req};

#[tokio::test]
async fn automatic_assignment_follows_the_org_chart_and_lists_each_raters_link() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = app.cycle(&hr, false).await;
    let list = req("GET", &format!("/api/v1/cycles/{id}/assignments"))
        .token(&hr)
        .send(&app)
        .await
        .assert(200)
        .json();
    let list = list.as_array().unwrap();
    let mut of_m001: Vec<(&str, &str)> = list
        .iter()
        .filter(|a| a["assessee"] == "M001")
        .map(|a| {
            (
                a["rater"].as_str().unwrap(),
                a["relationship"].as_str().unwrap(),
            )
        })
        .collect();
    // Relationships in report order; raters of one relationship by name.
    of_m001[4..].sort_unstable();
    assert_eq!(
        of_m001,
        [
            ("M001", "self"),
            ("B001", "superior"),
            ("M002", "peer"),
            ("M003", "peer"),
            ("S001", "subordinate"),
            ("S002", "subordinate"),
        ]
    );
    let first = &list[0];
    assert_eq!(first["assessee_name"], "张三");
    assert_eq!(first["rater_name"], "张三");
    assert_eq!(first["status"], "pending");
    assert!(first["rater_id"].is_i64());
    let link = first["link"].as_str().unwrap();
    assert!(link.starts_with("/r/") && link.len() > 3 + 22, "{link}");
    // One link per rater and cycle, whatever the number of their assessees.
    let boss: Vec<&str> = list
        .iter()
        .filter(|a| a["rater"] == "B001")
        .map(|a| a["link"].as_str().unwrap())
        .collect();
    assert_eq!(boss.len(), 3);
    assert!(boss.iter().all(|l| *l == boss[0]));
    // Asking again adds nothing.
    let again = req("POST", &format!("/api/v1/cycles/{id}/assignments"))
        .token(&hr)
        .json(json!({"auto": true}))
        .send(&app)
        .await
        .assert(200)
        .json();
    assert_eq!(again.as_array().unwrap().len(), list.len());
}

#[tokio::test]
async fn manual_additions_take_people_external_raters_and_chinese_labels() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = app.cycle(&hr, false).await;
    let list = req("POST", &format!("/api/v1/cycles/{id}/assignments"))
        .token(&hr)
        .json(json!({"add": [
            {"rater": {"name": "业主甲", "phone": "13900000001"}, "assessee": "M003", "relationship": "业主"},
            {"rater": "S001", "assessee": "M002", "relationship": "同级"},
        ]}))
        .send(&app)
        .await
        .assert(200)
        .json();
    let external = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["rater_name"] == "业主甲")
        .unwrap();
    assert_eq!(external["relationship"], "customer");
    assert_eq!(external["rater"]["name"], "业主甲");
    assert_eq!(external["rater"]["phone"], "13900000001");
    assert_eq!(external["rater"]["id"], external["rater_id"]);
    assert!(
        list.as_array().unwrap().iter().any(|a| a["rater"] == "S001"
            && a["assessee"] == "M002"
            && a["relationship"] == "peer")
    );
}

#[tokio::test]
async fn a_duplicate_pair_is_422_naming_it_and_nothing_is_added() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = app.cycle(&hr, false).await;
    let path = format!("/api/v1/cycles/{id}/assignments");
    let before = req("GET", &path).token(&hr).send(&app).await.json();
    let reply = req("POST", &path)
        .token(&hr)
        .json(json!({"add": [
            {"rater": {"name": "业主乙"}, "assessee": "M003", "relationship": "customer"},
            {"rater": "B001", "assessee": "M001", "relationship": "superior"},
        ]}))
        .send(&app)
        .await;
    reply.assert(422);
    assert_eq!(reply.fields(), ["add[1].rater"]);
    assert!(reply.message().contains("B001") && reply.message().contains("M001"));
    assert_eq!(req("GET", &path).token(&hr).send(&app).await.json(), before);

    let twice = req("POST", &path)
        .token(&hr)
        .json(json!({"add": [
            {"rater": {"name": "业主乙"}, "assessee": "M003", "relationship": "customer"},
            {"rater": {"name": "业主乙"}, "assessee": "M003", "relationship": "customer"},
        ]}))
        .send(&app)
        .await;
    twice.assert(422);
    assert_eq!(twice.fields(), ["add[1].rater"]);
}

#[tokio::test]
async fn additions_that_break_rules_are_422() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = app.cycle(&hr, false).await;
    let path = format!("/api/v1/cycles/{id}/assignments");
    let bad = req("POST", &path)
        .token(&hr)
        .json(json!({"add": [{"rater": "S001", "assessee": "M003", "relationship": "boss"}]}))
        .send(&app)
        .await;
    bad.assert(422);
    assert_eq!(bad.fields(), ["add[0].relationship"]);
    let unknown = req("POST", &path)
        .token(&hr)
        .json(json!({"add": [{"rater": "X1", "assessee": "S001", "relationship": "peer"}]}))
        .send(&app)
        .await;
    unknown.assert(422);
    assert!(unknown.fields().contains(&"add[0].assessee".to_string()));
    assert!(unknown.fields().contains(&"add[0].rater".to_string()));
    for body in [
        json!({}),
        json!({"auto": false}),
        json!({"auto": true, "add": []}),
    ] {
        req("POST", &path)
            .token(&hr)
            .json(body)
            .send(&app)
            .await
            .assert(422);
    }
    let extra = req("POST", &path)
        .token(&hr)
        .json(json!({"add": [{"rater": {"name": "x", "email": "a@b"}, "assessee": "M003", "relationship": "customer"}]}))
        .send(&app)
        .await;
    extra.assert(422);
    assert_eq!(extra.fields(), ["add[0].rater"]);
}

#[tokio::test]
async fn an_unknown_cycle_is_404_before_the_body_and_a_closed_one_is_409_after_it() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let bad_body =
        json!({"add": [{"rater": 1, "assessee": "M003", "relationship": "boss"}], "x": 1});
    let missing = req("POST", "/api/v1/cycles/999/assignments")
        .token(&hr)
        .json(bad_body.clone())
        .send(&app)
        .await;
    missing.assert(404);
    req("POST", "/api/v1/cycles/999/assignments")
        .token(&hr)
        .raw("text/plain", "x")
        .send(&app)
        .await
        .assert(404);
    req("GET", "/api/v1/cycles/999/assignments")
        .token(&hr)
        .send(&app)
        .await
        .assert(404);

    let id = app.cycle(&hr, true).await;
    let path = format!("/api/v1/cycles/{id}/assignments");
    req("POST", &format!("/api/v1/cycles/{id}/close"))
        .token(&hr)
        .send(&app)
        .await
        .assert(200);
    req("POST", &path)
        .token(&hr)
        .json(bad_body)
        .send(&app)
        .await
        .assert(422);
    let closed = req("POST", &path)
        .token(&hr)
        .json(json!({"add": [{"rater": {"name": "业主丙"}, "assessee": "M003", "relationship": "customer"}]}))
        .send(&app)
        .await;
    closed.assert(409);
    req("POST", &path)
        .token(&hr)
        .json(json!({"auto": true}))
        .send(&app)
        .await
        .assert(409);
}

#[tokio::test]
async fn an_assignment_without_a_submitted_response_can_be_removed() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = app.cycle(&hr, true).await;
    let path = format!("/api/v1/cycles/{id}/assignments");
    let list = req("GET", &path).token(&hr).send(&app).await.json();
    let rater_of = |person: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|a| a["rater"] == person)
            .unwrap()["rater_id"]
            .as_i64()
            .unwrap()
    };
    let (s001, boss) = (rater_of("S001"), rater_of("B001"));
    let remove = |rater: i64, assessee: &str| {
        req("DELETE", &path)
            .token(&hr)
            .json(json!({"rater": rater, "assessee": assessee}))
    };
    remove(s001, "M001").send(&app).await.assert(204);
    remove(s001, "M001").send(&app).await.assert(404);
    let after = req("GET", &path).token(&hr).send(&app).await.json();
    assert_eq!(
        after.as_array().unwrap().len(),
        list.as_array().unwrap().len() - 1
    );

    let token = app.rater_token(&hr, id, "B001").await;
    req("PUT", &format!("/api/v1/r/{token}/responses/M001"))
        .json(json!({"answers": all(3), "submit": true}))
        .send(&app)
        .await
        .assert(200);
    let submitted = remove(boss, "M001").send(&app).await;
    submitted.assert(409);
    assert!(submitted.message().contains("已提交"));
    req("DELETE", &path)
        .token(&hr)
        .json(json!({"rater": "B001", "assessee": "M001"}))
        .send(&app)
        .await
        .assert(422);
    req("DELETE", "/api/v1/cycles/999/assignments")
        .token(&hr)
        .json(json!({"rater": "B001"}))
        .send(&app)
        .await
        .assert(404);
}
