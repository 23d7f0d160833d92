//! The dimensions each relationship is asked (SPEC §2, §7): set when a cycle is created,
//! shown in the cycle, the only ones on a rater's questionnaire (API and page), refused in
//! an answer, left out of the unanswered counts, and absent from the scores. Each scenario
//! runs on SQLite and, when `YARDSTICK_TEST_PG_URL` is set, on PostgreSQL.

use serde_json::{Value, json};
use yardstick_formats::people::read_people;
use yardstick_store::Store;

use crate::common::{PEOPLE_CSV, TestApp, answers, put, req};
use crate::pages::{html, post};

/// A test of a scenario on both backends.
macro_rules! both {
    ($name:ident, $scenario:ident) => {
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                let app = crate::common::TestApp::new().await;
                super::$scenario(&app).await;
                app.finish().await;
            }

            #[tokio::test]
            async fn postgres() {
                if let Some(app) = super::postgres().await {
                    super::$scenario(&app).await;
                    app.finish().await;
                }
            }
        }
    };
}

async fn postgres() -> Option<TestApp> {
    let app = TestApp::postgres().await?;
    let rows = read_people(PEOPLE_CSV.as_bytes()).unwrap();
    app.store.import_people(rows).await.unwrap();
    Some(app)
}

/// Dimensions 1, 4, 5 and 6 of the built-in model: what homeowners can judge from outside.
const OUTSIDE: [&str; 4] = ["1", "4", "5", "6"];
/// Items of the built-in model in dimensions 1, 4, 5 and 6.
const OUTSIDE_ITEMS: usize = 12 + 12 + 11 + 8;

fn outside(code: &str) -> bool {
    OUTSIDE.contains(&code.split('.').next().unwrap_or_default())
}

/// A cycle for M001 asking customers only [`OUTSIDE`], with the org chart's assignments and
/// `homeowners` customers, opened. Its id.
async fn cycle_with_homeowners(app: &TestApp, hr: &str, homeowners: usize) -> i64 {
    let id = req("POST", "/api/v1/cycles")
        .token(hr)
        .json(
            json!({"name": "2026年度360评估", "model": "builtin", "assessees": ["M001"],
                     "dimensions": {"customer": OUTSIDE}}),
        )
        .send(app)
        .await
        .assert(201)
        .json()["id"]
        .as_i64()
        .unwrap();
    let path = format!("/api/v1/cycles/{id}/assignments");
    req("POST", &path)
        .token(hr)
        .json(json!({"auto": true}))
        .send(app)
        .await
        .assert(200);
    let add: Vec<Value> = (1..=homeowners)
        .map(|n| json!({"rater": {"name": format!("业主{n}")}, "assessee": "M001", "relationship": "业主"}))
        .collect();
    req("POST", &path)
        .token(hr)
        .json(json!({ "add": add }))
        .send(app)
        .await
        .assert(200);
    req("POST", &format!("/api/v1/cycles/{id}/open"))
        .token(hr)
        .send(app)
        .await
        .assert(200);
    id
}

async fn cycle_create_takes_dimensions_per_relationship_on(app: &TestApp) {
    let hr = app.hr().await;
    let create = |extra: Value| {
        let mut body = json!({"name": "2026年度360评估", "model": "builtin", "assessees": "all"});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        req("POST", "/api/v1/cycles").token(&hr).json(body)
    };
    let made = create(json!({"dimensions": {"customer": OUTSIDE}}))
        .send(app)
        .await
        .assert(201)
        .json();
    assert_eq!(made["dimensions"], json!({"customer": OUTSIDE}));
    let id = made["id"].as_i64().unwrap();
    let again = req("GET", &format!("/api/v1/cycles/{id}"))
        .token(&hr)
        .send(app)
        .await
        .assert(200)
        .json();
    assert_eq!(again["dimensions"], json!({"customer": OUTSIDE}));
    let plain = create(json!({})).send(app).await.assert(201).json();
    assert_eq!(
        plain["dimensions"],
        json!({}),
        "by default everybody is asked all"
    );

    for (dimensions, field) in [
        (json!({"friend": ["1"]}), "dimensions.friend"),
        (json!({"customer": ["1", "9"]}), "dimensions.customer"),
        (json!({"customer": []}), "dimensions.customer"),
        (json!({"peer": ["2", "2"]}), "dimensions.peer"),
    ] {
        let refused = create(json!({ "dimensions": dimensions })).send(app).await;
        refused.assert(422);
        assert_eq!(refused.fields(), [field], "{dimensions}");
        assert!(!refused.message().is_empty());
    }
    let english = create(json!({"dimensions": {"customer": ["9"]}}))
        .header("accept-language", "en")
        .send(app)
        .await;
    assert!(
        english.message().contains("no dimension \"9\""),
        "{}",
        english.message()
    );
    let long = create(json!({"name": "名".repeat(201)})).send(app).await;
    long.assert(422);
    assert_eq!(long.fields(), ["name"]);
    let control = create(json!({"name": "评估\u{1b}[2J"})).send(app).await;
    control.assert(422);
    assert_eq!(control.fields(), ["name"]);
    let weights = create(json!({"weights": {"peer": 1000.5}})).send(app).await;
    weights.assert(422);
    assert_eq!(weights.fields(), ["weights.peer"]);
    assert_eq!(
        app.store.cycles().await.unwrap().len(),
        2,
        "nothing more stored"
    );
}
both!(
    cycle_create_takes_dimensions_per_relationship,
    cycle_create_takes_dimensions_per_relationship_on
);

async fn a_homeowner_is_asked_only_the_dimensions_of_the_cycle_on(app: &TestApp) {
    let hr = app.hr().await;
    let id = cycle_with_homeowners(app, &hr, 1).await;
    let owner = app.rater_token(&hr, id, "业主1").await;
    let session = req("GET", &format!("/api/v1/r/{owner}"))
        .send(app)
        .await
        .assert(200)
        .json();
    let shown: Vec<&str> = session["model"]["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(shown, OUTSIDE);
    assert_eq!(session["assessees"][0]["dimensions"], json!(OUTSIDE));
    // The superior is asked everything.
    let boss = app.rater_token(&hr, id, "B001").await;
    let theirs = req("GET", &format!("/api/v1/r/{boss}"))
        .send(app)
        .await
        .json();
    assert_eq!(theirs["model"]["dimensions"].as_array().unwrap().len(), 7);
    assert_eq!(
        theirs["assessees"][0]["dimensions"]
            .as_array()
            .unwrap()
            .len(),
        7
    );

    let page = html(
        &req("GET", &format!("/r/{owner}/M001")).send(app).await,
        200,
    );
    assert!(page.contains("name=\"item-1.1\""));
    assert!(page.contains("name=\"item-6.8\""));
    assert!(!page.contains("name=\"item-3.1\""), "团队建设 is not asked");
    assert!(!page.contains("id=\"dim-3\""));
    assert!(page.contains(&format!("/{OUTSIDE_ITEMS}</span>")), "{page}");
}
both!(
    a_homeowner_is_asked_only_the_dimensions_of_the_cycle,
    a_homeowner_is_asked_only_the_dimensions_of_the_cycle_on
);

async fn an_answer_to_a_dimension_not_asked_is_a_422_on(app: &TestApp) {
    let hr = app.hr().await;
    let id = cycle_with_homeowners(app, &hr, 1).await;
    let owner = app.rater_token(&hr, id, "业主1").await;
    let refused = put(
        &owner,
        "M001",
        json!({"answers": {"1.1": 4, "3.1": 5, "3.2": "na"}, "submit": false}),
    )
    .send(app)
    .await;
    refused.assert(422);
    assert_eq!(refused.fields(), ["answers.3.1", "answers.3.2"]);
    // The form refuses it the same way, nothing saved.
    let sent = [("item-1.1", "4"), ("item-3.1", "5"), ("action", "draft")];
    let page = html(&post(app, &format!("/r/{owner}/M001"), &sent).await, 422);
    assert!(page.contains("本周期不请该评价关系评价“3.1”"), "{page}");
    assert!(
        !page.contains("href=\"#item-3.1\""),
        "the item is not on the page"
    );
    let saved = req("GET", &format!("/api/v1/r/{owner}/responses/M001"))
        .send(app)
        .await
        .json();
    assert_eq!(saved["status"], "pending");
    // Left out, or null, they are fine; the confirmation counts only the items asked.
    put(
        &owner,
        "M001",
        json!({"answers": {"1.1": 4, "3.1": null}, "submit": false}),
    )
    .send(app)
    .await
    .assert(200);
    let sent = [
        ("item-1.1", "4"),
        ("item-4.1", "na"),
        ("item-5.1", "5"),
        ("action", "submit"),
    ];
    let confirm = html(&post(app, &format!("/r/{owner}/M001"), &sent).await, 200);
    let left = OUTSIDE_ITEMS - 3;
    assert!(
        confirm.contains(&format!("还有 {left} 项未作答")),
        "{confirm}"
    );
    let every = answers(|i| Some(json!(1 + i % 5)));
    let asked: serde_json::Map<String, Value> = every
        .as_object()
        .unwrap()
        .iter()
        .filter(|(code, _)| outside(code))
        .map(|(c, v)| (c.clone(), v.clone()))
        .collect();
    let done = put(&owner, "M001", json!({"answers": asked, "submit": true}))
        .send(app)
        .await;
    assert_eq!(done.assert(200).json()["status"], "submitted");
}
both!(
    an_answer_to_a_dimension_not_asked_is_a_422,
    an_answer_to_a_dimension_not_asked_is_a_422_on
);

async fn a_customers_missing_team_dimension_does_not_count_on(app: &TestApp) {
    let hr = app.hr().await;
    let id = cycle_with_homeowners(app, &hr, 3).await;
    let boss = app.rater_token(&hr, id, "B001").await;
    put(
        &boss,
        "M001",
        json!({"answers": answers(|_| Some(json!(4))), "submit": true}),
    )
    .send(app)
    .await
    .assert(200);
    // The third homeowner's response gets into the store with answers everywhere, as no
    // rater's page allows: the items not asked still count for nothing.
    let third = app.rater_token(&hr, id, "业主3").await;
    let target = app
        .store
        .rater_response(&third, "M001")
        .await
        .unwrap()
        .target;
    let everywhere = yardstick_store::ResponseInput {
        answers: vec![Some(yardstick_core::Choice::Point(2)); 79],
        comment: String::new(),
        submit: true,
    };
    app.store.save_response(target, everywhere).await.unwrap();
    for n in 1..=2 {
        let owner = app.rater_token(&hr, id, &format!("业主{n}")).await;
        let asked = answers(|_| Some(json!(2)));
        let asked: serde_json::Map<String, Value> = asked
            .as_object()
            .unwrap()
            .iter()
            .filter(|(code, _)| outside(code))
            .map(|(c, v)| (c.clone(), v.clone()))
            .collect();
        put(&owner, "M001", json!({"answers": asked, "submit": true}))
            .send(app)
            .await
            .assert(200);
    }
    let results = req("GET", &format!("/api/v1/cycles/{id}/results"))
        .token(&hr)
        .send(app)
        .await
        .assert(200)
        .json();
    let m001 = &results["assessees"][0];
    assert_eq!(m001["raters"]["customer"], 3);
    let dims = m001["dimensions"].as_array().unwrap();
    let team = dims.iter().find(|d| d["code"] == "3").unwrap();
    assert_eq!(
        team["score"],
        json!(4.0),
        "团队建设 from the superior alone"
    );
    assert_eq!(
        team["groups"]["customer"],
        json!(null),
        "customers gave no answer there"
    );
    assert_eq!(team["weights"], json!({"superior": 1.0}), "{team}");
    let customer = dims.iter().find(|d| d["code"] == "1").unwrap();
    let expected = (40.0 * 4.0 + 20.0 * 2.0) / 60.0;
    assert!(
        (customer["score"].as_f64().unwrap() - expected).abs() < 1e-9,
        "{customer}"
    );
    assert_eq!(m001["ledger"]["dimensions_left_out"], json!([]));
}
both!(
    a_customers_missing_team_dimension_does_not_count,
    a_customers_missing_team_dimension_does_not_count_on
);

async fn an_outside_raters_name_is_bounded_on(app: &TestApp) {
    let hr = app.hr().await;
    let id = req("POST", "/api/v1/cycles")
        .token(&hr)
        .json(json!({"name": "c", "model": "builtin", "assessees": ["M001"]}))
        .send(app)
        .await
        .assert(201)
        .json()["id"]
        .as_i64()
        .unwrap();
    let path = format!("/api/v1/cycles/{id}/assignments");
    let refused = req("POST", &path)
        .token(&hr)
        .json(json!({"add": [
            {"rater": {"name": "业".repeat(201), "phone": "1"}, "assessee": "M001", "relationship": "customer"},
            {"rater": {"name": "业主\u{0}", "phone": "2"}, "assessee": "M001", "relationship": "customer"},
            {"rater": {"name": "业主", "phone": "139\u{7}"}, "assessee": "M001", "relationship": "customer"}]}))
        .send(app)
        .await;
    refused.assert(422);
    assert_eq!(
        refused.fields(),
        [
            "add[0].rater.name",
            "add[1].rater.name",
            "add[2].rater.phone"
        ]
    );
    let list = req("GET", &path)
        .token(&hr)
        .send(app)
        .await
        .assert(200)
        .json();
    assert_eq!(list, json!([]), "nothing stored");
}
both!(
    an_outside_raters_name_is_bounded,
    an_outside_raters_name_is_bounded_on
);
