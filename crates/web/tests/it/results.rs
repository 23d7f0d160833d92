//! Results: the same bytes as the offline scorer (`yardstick score --format json`) for the
//! same answers, every assessee of the cycle in its order, live while the cycle is open.

use serde_json::{Value, json};
use yardstick_core::{CycleScores, Settings, Weights};
use yardstick_formats::responses::tally_responses;
use yardstick_formats::results::{ResultsView, write_json};

use crate::common::{TestApp, all, answers, req};

/// An answer for item `i` from the `n`-th response: mostly a point of the scale, sometimes
/// N/A, sometimes left out.
pub fn answer(n: usize, i: usize) -> Option<Value> {
    match (n * 31 + i * 7 + n * i) % 23 {
        0 => Some(json!("na")),
        1 => None,
        k => Some(json!(1 + (k + n) % 5)),
    }
}

/// What `yardstick score --format json [--items]` writes for a responses file.
pub fn score_offline(csv: &str, weights: &str, threshold: i64, items: bool) -> Vec<u8> {
    let model = yardstick_formats::builtin_model().unwrap();
    let settings = Settings::new(Weights::parse_overrides(weights).unwrap(), threshold).unwrap();
    let tallied = tally_responses(csv.as_bytes(), &model, &mut |_| {}).unwrap();
    let inputs = tallied.inputs();
    let scores = CycleScores::new(&model, &settings, &inputs);
    let view = ResultsView {
        model: &model,
        settings: &settings,
        assessees: &tallied.assessees,
        scores: &scores,
        items,
    };
    let mut out = Vec::new();
    write_json(&view, &mut out).unwrap();
    out
}

#[tokio::test]
async fn results_are_byte_for_byte_what_the_offline_scorer_gives_for_the_same_answers() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = req("POST", "/api/v1/cycles")
        .token(&hr)
        .json(
            json!({"name": "对照", "model": "builtin", "weights": {"superior": 50, "peer": 10},
                     "threshold": 3, "assessees": ["M001", "M002", "M003", "B001"]}),
        )
        .send(&app)
        .await
        .assert(201)
        .json()["id"]
        .as_i64()
        .unwrap();
    let path = format!("/api/v1/cycles/{id}/assignments");
    req("POST", &path)
        .token(&hr)
        .json(json!({"auto": true}))
        .send(&app)
        .await
        .assert(200);
    let customers: Vec<Value> = ["业主甲", "业主乙", "业主丙"]
        .iter()
        .map(|n| json!({"rater": {"name": n}, "assessee": "M003", "relationship": "业主"}))
        .collect();
    req("POST", &path)
        .token(&hr)
        .json(json!({"add": customers}))
        .send(&app)
        .await
        .assert(200);
    req("POST", &format!("/api/v1/cycles/{id}/open"))
        .token(&hr)
        .send(&app)
        .await
        .assert(200);

    let model = yardstick_formats::builtin_model().unwrap();
    let codes: Vec<&str> = model.items().iter().map(|i| i.code()).collect();
    let mut csv = format!(
        "assessee,rater,relationship,{},department,comment\n",
        codes.join(",")
    );
    let list = req("GET", &path).token(&hr).send(&app).await.json();
    for (n, a) in list.as_array().unwrap().iter().enumerate() {
        let assessee = a["assessee"].as_str().unwrap();
        let token = a["link"].as_str().unwrap().trim_start_matches("/r/");
        req("PUT", &format!("/api/v1/r/{token}/responses/{assessee}"))
            .json(json!({"answers": answers(|i| answer(n, i)), "comment": format!("意见{n}"), "submit": true}))
            .send(&app)
            .await
            .assert(200);
        let rater = match a["rater"].as_str() {
            Some(person) => person.to_string(),
            None => format!("ext-{}", a["rater_id"]),
        };
        let cells: Vec<String> = (0..codes.len())
            .map(|i| match answer(n, i) {
                Some(Value::String(_)) => "NA".to_string(),
                Some(v) => v.to_string(),
                None => String::new(),
            })
            .collect();
        let department = match assessee {
            "M001" => "A区",
            "M002" => "B区",
            "M003" => "C区",
            _ => "总部",
        };
        csv += &format!(
            "{assessee},{rater},{},{},{department},意见{n}\n",
            a["relationship"].as_str().unwrap(),
            cells.join(",")
        );
    }

    for items in [false, true] {
        let reply = req("GET", &format!("/api/v1/cycles/{id}/results?items={items}"))
            .token(&hr)
            .send(&app)
            .await;
        reply.assert(200);
        assert_eq!(reply.headers["content-type"], "application/json");
        let offline = score_offline(&csv, "superior=50,peer=10", 3, items);
        assert_eq!(
            String::from_utf8_lossy(&reply.body),
            String::from_utf8_lossy(&offline)
        );
    }
    // The cases the cycle was built for: pooled and used, pooled and set aside.
    let results: Value = req("GET", &format!("/api/v1/cycles/{id}/results"))
        .token(&hr)
        .send(&app)
        .await
        .json();
    let a = &results["assessees"];
    assert_eq!(a[0]["pooled"], json!(["peer", "subordinate"]));
    assert_eq!(a[0]["set_aside"], 0);
    assert_eq!(a[1]["set_aside"], 2);
    assert_eq!(a[2]["raters"]["customer"], 3);
    assert_eq!(a[3]["id"], "B001");
    assert_eq!(results["settings"]["weights"]["superior"], 50);
}

#[tokio::test]
async fn every_assessee_appears_in_cycle_order_and_only_submitted_responses_count() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = app.cycle(&hr, true).await;
    let path = format!("/api/v1/cycles/{id}/results");
    let empty = req("GET", &path)
        .token(&hr)
        .send(&app)
        .await
        .assert(200)
        .json();
    let ids: Vec<&str> = empty["assessees"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["M001", "M002", "M003"]);
    let first = &empty["assessees"][0];
    assert_eq!(first["raters"], json!({}));
    assert_eq!(first["department"], "A区");
    assert_eq!(
        first["overall"],
        json!({"score": null, "percent": null, "grade": null, "rank": null, "department_rank": null})
    );
    assert_eq!(first["dimensions"][0]["score"], json!(null));

    let boss = app.rater_token(&hr, id, "B001").await;
    req("PUT", &format!("/api/v1/r/{boss}/responses/M002"))
        .json(json!({"answers": all(4), "submit": false}))
        .send(&app)
        .await
        .assert(200);
    let with_draft = req("GET", &path).token(&hr).send(&app).await.json();
    assert_eq!(with_draft, empty);
    req("PUT", &format!("/api/v1/r/{boss}/responses/M002"))
        .json(json!({"answers": all(4), "submit": true}))
        .send(&app)
        .await
        .assert(200);
    let live = req("GET", &path).token(&hr).send(&app).await.json();
    let m002 = &live["assessees"][1];
    assert_eq!(m002["raters"], json!({"superior": 1}));
    assert_eq!(m002["overall"]["score"], 4.0);
    assert_eq!(m002["overall"]["percent"], 80.0);
    assert_eq!(m002["overall"]["grade"], "良好");
    assert_eq!(m002["overall"]["rank"], 1);
    assert_eq!(live["assessees"][0]["overall"]["rank"], json!(null));
}

#[tokio::test]
async fn results_of_an_unknown_cycle_are_404_and_a_bad_option_is_422() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    req("GET", "/api/v1/cycles/999/results?items=maybe")
        .token(&hr)
        .send(&app)
        .await
        .assert(404);
    let id = app.cycle(&hr, false).await;
    let bad = req("GET", &format!("/api/v1/cycles/{id}/results?items=maybe"))
        .token(&hr)
        .send(&app)
        .await;
    bad.assert(422);
    assert_eq!(bad.fields(), ["items"]);
}
