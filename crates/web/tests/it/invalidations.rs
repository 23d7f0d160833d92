//! `/api/v1/cycles/{id}/invalidations` (SPEC §8, rater quality): an invalidated response
//! leaves the Results, the individual report, the company report and the Analytics object
//! exactly as if it had never been submitted, and counts again once restored; progress
//! counts it apart; each action is in the audit log; errors in the order 404, 422, 409.

use serde_json::{Value, json};

mod page;

use crate::common::{TestApp, answers, req};

/// Every assignment of the cycle: `(rater label, rater_id, assessee, link token)`.
async fn assignments(app: &TestApp, hr: &str, cycle: i64) -> Vec<(String, i64, String, String)> {
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
            let id = a["rater_id"].as_i64().unwrap();
            let label = match a["rater"].as_str() {
                Some(person) => person.to_string(),
                None => format!("X{id}"),
            };
            let token = a["link"].as_str().unwrap().trim_start_matches("/r/");
            (
                label,
                id,
                a["assessee"].as_str().unwrap().to_string(),
                token.to_string(),
            )
        })
        .collect()
}

/// Submits every response of an open cycle but `skip`, each rater answering in a pattern of
/// their own, the same in every cycle.
async fn submit_all(app: &TestApp, hr: &str, cycle: i64, skip: Option<(&str, &str)>) {
    for (label, _, assessee, token) in assignments(app, hr, cycle).await {
        if skip == Some((label.as_str(), assessee.as_str())) {
            continue;
        }
        let seed: usize = label.bytes().chain(assessee.bytes()).map(usize::from).sum();
        let body = answers(|i| Some(json!(1 + (seed + i * (seed % 3 + 1)) % 5)));
        req("PUT", &format!("/api/v1/r/{token}/responses/{assessee}"))
            .json(json!({"answers": body, "submit": true}))
            .send(app)
            .await
            .assert(200);
    }
}

/// `value` without the keys that name the cycle itself, so that two cycles compare.
fn without_cycle(mut value: Value) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(map) => {
                map.remove("cycle");
                map.values_mut().for_each(strip);
            }
            Value::Array(list) => list.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut value);
    value
}

/// What HR reads of a cycle: Results, M001's report, the company report, the analytics.
async fn figures(app: &TestApp, hr: &str, cycle: i64) -> [Value; 4] {
    let mut out = Vec::new();
    for path in ["results", "reports/M001", "company", "analytics"] {
        let reply = req("GET", &format!("/api/v1/cycles/{cycle}/{path}"))
            .token(hr)
            .send(app)
            .await;
        reply.assert(200);
        out.push(without_cycle(reply.json()));
    }
    out.try_into().unwrap()
}

#[tokio::test]
async fn an_invalidated_response_leaves_every_figure_as_if_it_had_never_been_submitted() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let (every, without) = (app.cycle(&hr, true).await, app.cycle(&hr, true).await);
    submit_all(&app, &hr, every, None).await;
    submit_all(&app, &hr, without, Some(("S001", "M001"))).await;
    let before = figures(&app, &hr, every).await;
    let baseline = figures(&app, &hr, without).await;
    for (b, w) in before.iter().zip(&baseline) {
        assert_ne!(b, w, "the response makes a difference to begin with");
    }

    let made = req("POST", &format!("/api/v1/cycles/{every}/invalidations"))
        .token(&hr)
        .json(json!({"rater": "S001", "assessee": "M001", "reason": "评价人承认随意填写"}))
        .send(&app)
        .await
        .assert(201)
        .json();
    assert_eq!(made["rater"], "S001");
    assert_eq!(made["rater_name"], "钱六");
    assert_eq!(made["assessee"], "M001");
    assert_eq!(made["assessee_name"], "张三");
    assert_eq!(made["relationship"], "subordinate");
    assert_eq!(made["reason"], "评价人承认随意填写");
    assert_eq!(made["user"], "hr");
    assert!(made["at"].as_i64().unwrap() > 0);
    let list = req("GET", &format!("/api/v1/cycles/{every}/invalidations"))
        .token(&hr)
        .send(&app)
        .await
        .assert(200)
        .json();
    assert_eq!(list, json!([made]));

    let invalidated = figures(&app, &hr, every).await;
    let names = ["results", "report", "company report", "analytics"];
    for ((i, w), name) in invalidated.iter().zip(&baseline).zip(names) {
        assert_eq!(i, w, "{name} as if never submitted");
    }

    // Progress still counts it, as submitted and invalidated.
    let progress = req("GET", &format!("/api/v1/cycles/{every}/progress"))
        .token(&hr)
        .send(&app)
        .await
        .assert(200)
        .json();
    let m001 = &progress["assessees"][0];
    assert_eq!(m001["assessee"], "M001");
    let subordinates = m001["relationships"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["relationship"] == "subordinate")
        .unwrap();
    assert_eq!(subordinates["submitted"], 2);
    assert_eq!(subordinates["invalidated"], 1);
    assert_eq!(progress["total"]["invalidated"], 1);

    req("DELETE", &format!("/api/v1/cycles/{every}/invalidations"))
        .token(&hr)
        .json(json!({"rater": made["rater_id"], "assessee": "M001"}))
        .send(&app)
        .await
        .assert(204);
    assert_eq!(figures(&app, &hr, every).await, before, "restored");
    let list = req("GET", &format!("/api/v1/cycles/{every}/invalidations"))
        .token(&hr)
        .send(&app)
        .await
        .json();
    assert_eq!(list, json!([]));

    let audit = req("GET", &format!("/api/v1/cycles/{every}/audit"))
        .token(&hr)
        .send(&app)
        .await
        .json();
    let lines: Vec<(&str, &str, &str)> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["action"].as_str().unwrap().starts_with("response."))
        .map(|l| {
            (
                l["action"].as_str().unwrap(),
                l["user"].as_str().unwrap(),
                l["reason"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            ("response.invalidate", "hr", "评价人承认随意填写"),
            ("response.restore", "hr", "评价人承认随意填写"),
        ]
    );
}

#[tokio::test]
async fn errors_come_in_the_order_404_422_409_and_change_nothing() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let cycle = app.cycle(&hr, true).await;
    let path = format!("/api/v1/cycles/{cycle}/invalidations");
    let list = assignments(&app, &hr, cycle).await;
    let rater = |label: &str| list.iter().find(|a| a.0 == label).unwrap().1;
    let token = list
        .iter()
        .find(|a| a.0 == "B001" && a.2 == "M001")
        .unwrap()
        .3
        .clone();
    req("PUT", &format!("/api/v1/r/{token}/responses/M001"))
        .json(json!({"answers": answers(|_| Some(json!(3))), "submit": true}))
        .send(&app)
        .await
        .assert(200);
    let post = |body: Value| req("POST", &path).token(&hr).json(body);

    let bad = json!({"rater": "B001", "assessee": "M001", "reason": ""});
    req("POST", "/api/v1/cycles/9999/invalidations")
        .token(&hr)
        .json(bad.clone())
        .send(&app)
        .await
        .assert(404);
    post(json!({"rater": "S001", "assessee": "M002", "reason": ""}))
        .send(&app)
        .await
        .assert(404);
    post(json!({"rater": 99999, "assessee": "M001", "reason": "x"}))
        .send(&app)
        .await
        .assert(404);
    let empty = post(bad).send(&app).await;
    empty.assert(422);
    assert_eq!(empty.fields(), ["reason"]);
    let long = post(json!({"rater": "B001", "assessee": "M001", "reason": "长".repeat(501)}))
        .send(&app)
        .await;
    long.assert(422);
    assert_eq!(long.fields(), ["reason"]);
    post(json!({"rater": "B001", "assessee": "M001", "reason": "a\u{7}b"}))
        .send(&app)
        .await
        .assert(422);
    post(json!({"rater": "B001", "assessee": "M001", "reason": "x", "why": "y"}))
        .send(&app)
        .await
        .assert(422);
    // Not submitted: S001 has saved nothing.
    post(json!({"rater": rater("S001"), "assessee": "M001", "reason": "x"}))
        .send(&app)
        .await
        .assert(409);
    let nothing = req("GET", &path).token(&hr).send(&app).await.json();
    assert_eq!(nothing, json!([]));

    post(json!({"rater": rater("B001"), "assessee": "M001", "reason": "x"}))
        .send(&app)
        .await
        .assert(201);
    post(json!({"rater": "B001", "assessee": "M001", "reason": "again"}))
        .send(&app)
        .await
        .assert(409);
    // Reopening is refused while it is invalidated.
    req("POST", &format!("/api/v1/cycles/{cycle}/responses/reopen"))
        .token(&hr)
        .json(json!({"rater": rater("B001"), "assessee": "M001", "reason": "redo"}))
        .send(&app)
        .await
        .assert(409);
    // Restoring what is not invalidated is not found.
    req("DELETE", &path)
        .token(&hr)
        .json(json!({"rater": "S001", "assessee": "M001"}))
        .send(&app)
        .await
        .assert(404);

    // A published cycle's results are fixed.
    for to in ["close", "publish"] {
        req("POST", &format!("/api/v1/cycles/{cycle}/{to}"))
            .token(&hr)
            .send(&app)
            .await
            .assert(200);
    }
    let refused = req("DELETE", &path)
        .token(&hr)
        .json(json!({"rater": "B001", "assessee": "M001"}))
        .send(&app)
        .await;
    refused.assert(409);
    let still = req("GET", &path).token(&hr).send(&app).await.json();
    assert_eq!(still.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn an_outside_rater_is_named_as_the_analytics_object_names_them() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let cycle = app.cycle(&hr, false).await;
    req("POST", &format!("/api/v1/cycles/{cycle}/assignments"))
        .token(&hr)
        .json(json!({"add": [{"rater": {"name": "业主甲"}, "assessee": "M001", "relationship": "customer"}]}))
        .send(&app)
        .await
        .assert(200);
    req("POST", &format!("/api/v1/cycles/{cycle}/open"))
        .token(&hr)
        .send(&app)
        .await
        .assert(200);
    let list = assignments(&app, &hr, cycle).await;
    let (label, id, _, token) = list.iter().find(|a| a.0.starts_with('X')).unwrap().clone();
    req("PUT", &format!("/api/v1/r/{token}/responses/M001"))
        .json(json!({"answers": answers(|_| Some(json!(5))), "submit": true}))
        .send(&app)
        .await
        .assert(200);
    let analytics = format!("/api/v1/cycles/{cycle}/analytics");
    let raters = req("GET", &analytics).token(&hr).send(&app).await.json()["raters"].clone();
    assert!(
        raters
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["rater"] == label)
    );
    let made = req("POST", &format!("/api/v1/cycles/{cycle}/invalidations"))
        .token(&hr)
        .json(json!({"rater": label, "assessee": "M001", "reason": "不是本小区业主"}))
        .send(&app)
        .await
        .assert(201)
        .json();
    assert_eq!(made["rater_id"], id);
    assert_eq!(made["rater"], label);
    assert_eq!(made["relationship"], "customer");
    let raters = req("GET", &analytics).token(&hr).send(&app).await.json()["raters"].clone();
    assert!(
        !raters
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["rater"] == label)
    );
}
