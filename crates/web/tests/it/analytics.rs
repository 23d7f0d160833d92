//! `GET /api/v1/cycles/{id}/analytics` (SPEC §8) on a small cycle made through the API: the
//! object's shape and field names, raters named by person id or `X{n}`, a straight-lined
//! rater, N/A rates per relationship; 404 for an unknown cycle.

use serde_json::{Value, json};

use yardstick_store::Role;

use crate::common::{TestApp, all, answers, req};

#[tokio::test]
async fn analytics_of_a_small_cycle_name_raters_and_count_what_they_did() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = req("POST", "/api/v1/cycles")
        .token(&hr)
        .json(
            json!({"name": "分析", "model": "builtin", "assessees": ["M001", "M002", "M003"],
                     "dimensions": {"customer": ["1", "4", "5", "6"]}}),
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
    req("POST", &path)
        .token(&hr)
        .json(json!({"add": [{"rater": {"name": "业主甲"}, "assessee": "M001", "relationship": "customer"}]}))
        .send(&app)
        .await
        .assert(200);
    req("POST", &format!("/api/v1/cycles/{id}/open"))
        .token(&hr)
        .send(&app)
        .await
        .assert(200);
    let list = req("GET", &path).token(&hr).send(&app).await.json();
    let list = list.as_array().unwrap();
    let mut expected_raters: Vec<(String, u64)> = Vec::new();
    let rater_of = |a: &Value| match a["rater"].as_str() {
        Some(person) => person.to_string(),
        None => format!("X{}", a["rater_id"]),
    };
    // The first rater answers 5 throughout, in each of their responses.
    let straight = rater_of(&list[0]);
    for (n, a) in list.iter().enumerate() {
        let assessee = a["assessee"].as_str().unwrap();
        let token = a["link"].as_str().unwrap().trim_start_matches("/r/");
        let rater = rater_of(a);
        let body = if a["relationship"] == "customer" {
            // A homeowner answers dimension 1 but not 1.2.
            let model = yardstick_formats::builtin_model().unwrap();
            let asked = ["1", "4", "5", "6"];
            answers(|i| {
                let item = &model.items()[i];
                let d = &model.dimensions()[model.dimension_of_item(i)];
                if !asked.contains(&d.code()) {
                    None
                } else if item.code() == "1.2" {
                    Some(json!("na"))
                } else {
                    Some(json!(4))
                }
            })
        } else if rater == straight {
            all(5)
        } else {
            answers(|i| Some(json!(1 + (n + i) % 5)))
        };
        req("PUT", &format!("/api/v1/r/{token}/responses/{assessee}"))
            .json(json!({"answers": body, "submit": true}))
            .send(&app)
            .await
            .assert(200);
        match expected_raters.iter_mut().find(|(r, _)| *r == rater) {
            Some((_, count)) => *count += 1,
            None => expected_raters.push((rater, 1)),
        }
    }
    let reply = req("GET", &format!("/api/v1/cycles/{id}/analytics"))
        .token(&hr)
        .send(&app)
        .await;
    reply.assert(200);
    let a: Value = reply.json();
    let keys: Vec<&String> = a.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "agreement",
            "close_calls",
            "dimensions",
            "na_rate",
            "raters"
        ]
    );

    let dimensions = a["dimensions"].as_array().unwrap();
    assert_eq!(dimensions.len(), 7);
    assert_eq!(dimensions[0]["code"], "1");
    assert_eq!(dimensions[0]["items"][0]["code"], "1.1");
    assert!(dimensions[0]["items"][0].get("item_rest").is_some());
    // Every response but the homeowner's answers dimension 1 fully.
    assert_eq!(dimensions[0]["n"], list.len() - 1);
    assert!(dimensions[0]["alpha"].is_number());
    assert_eq!(
        dimensions[2]["n"],
        list.len() - 1,
        "customers are not asked dimension 3"
    );

    assert_eq!(a["agreement"].as_array().unwrap().len(), 79);
    assert_eq!(a["agreement"][0]["item"], "1.1");
    assert!(a["agreement"][0]["pairs"].as_u64().unwrap() >= 1);

    let na = a["na_rate"].as_array().unwrap();
    let find = |item: &str, rel: &str| {
        na.iter()
            .find(|r| r["item"] == item && r["relationship"] == rel)
            .cloned()
    };
    assert_eq!(find("1.2", "customer").unwrap()["rate"], 1.0);
    assert_eq!(find("1.2", "customer").unwrap()["n"], 1);
    assert_eq!(find("1.1", "customer").unwrap()["rate"], 0.0);
    assert_eq!(
        find("3.1", "customer"),
        None,
        "customers are not asked dimension 3"
    );

    let raters = a["raters"].as_array().unwrap();
    expected_raters.sort();
    let got: Vec<(String, u64)> = raters
        .iter()
        .map(|r| {
            (
                r["rater"].as_str().unwrap().to_string(),
                r["responses"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, expected_raters);
    assert!(got.iter().any(|(r, _)| r.starts_with('X')), "{got:?}");
    let s = raters
        .iter()
        .find(|r| r["rater"] == straight.as_str())
        .unwrap();
    assert_eq!(s["mean"], 5.0);
    assert!(s["leniency"].as_f64().unwrap() > 0.0);
    assert!(s["straight_lined"].as_u64().unwrap() >= 1);
    for c in a["close_calls"].as_array().unwrap() {
        let distance = (c["percent"].as_f64().unwrap() - c["cutoff"].as_f64().unwrap()).abs();
        assert!(distance <= c["margin"].as_f64().unwrap(), "{c}");
    }
}

#[tokio::test]
async fn analytics_of_an_unknown_cycle_is_404() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    req("GET", "/api/v1/cycles/999/analytics")
        .token(&hr)
        .send(&app)
        .await
        .assert(404);
}

/// An open cycle of the three project managers with every assignment submitted.
async fn submitted_cycle(app: &TestApp, hr: &str) -> i64 {
    let id = app.cycle(hr, true).await;
    let list = req("GET", &format!("/api/v1/cycles/{id}/assignments"))
        .token(hr)
        .send(app)
        .await
        .json();
    for (n, a) in list.as_array().unwrap().iter().enumerate() {
        let assessee = a["assessee"].as_str().unwrap();
        let token = a["link"].as_str().unwrap().trim_start_matches("/r/");
        req("PUT", &format!("/api/v1/r/{token}/responses/{assessee}"))
            .json(json!({"answers": answers(|i| Some(json!(1 + (n * 3 + i) % 5))), "submit": true}))
            .send(app)
            .await
            .assert(200);
    }
    id
}

fn body(reply: &crate::common::Reply) -> String {
    String::from_utf8_lossy(&reply.body).into_owned()
}

#[tokio::test]
async fn analytics_page_explains_each_figure_in_either_language_and_is_linked() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = submitted_cycle(&app, &hr).await;
    let cookie = format!("yardstick_session={hr}");
    let path = format!("/hr/cycles/{id}/analytics");
    let zh = req("GET", &path).header("cookie", &cookie).send(&app).await;
    zh.assert(200);
    let zh = body(&zh);
    for words in [
        "Cronbach α",
        "题总相关",
        "rwg",
        "无法评价的比例",
        "宽严度",
        "临界",
    ] {
        assert!(zh.contains(words), "{words}");
    }
    let en = req("GET", &format!("{path}?lang=en"))
        .header("cookie", &cookie)
        .send(&app)
        .await;
    en.assert(200);
    let en = body(&en);
    for words in [
        "Reliability",
        "item–rest",
        "Agreement within groups",
        "Leniency",
        "Close calls",
    ] {
        assert!(en.contains(words), "{words}");
    }
    assert!(!en.contains("<script") && !en.contains("style=") && !en.contains(" onclick"));
    for from in [
        format!("/hr/cycles/{id}"),
        format!("/hr/cycles/{id}/results"),
    ] {
        let page = req("GET", &from).header("cookie", &cookie).send(&app).await;
        page.assert(200);
        assert!(body(&page).contains(&format!("href=\"{path}\"")), "{from}");
    }
}

#[tokio::test]
async fn only_hr_sees_the_analytics_page() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = submitted_cycle(&app, &hr).await;
    let manager = app.user("boss", Role::Manager, Some("B001")).await;
    let employee = app.user("zhang", Role::Employee, Some("M001")).await;
    let path = format!("/hr/cycles/{id}/analytics");
    for user in [&manager, &employee] {
        let reply = req("GET", &path)
            .header("cookie", &format!("yardstick_session={user}"))
            .send(&app)
            .await;
        reply.assert(403);
        assert!(body(&reply).contains("<!DOCTYPE html>"));
        assert!(!body(&reply).contains("宽严度"));
    }
    let visitor = req("GET", &path).send(&app).await;
    visitor.assert(303);
    let location = visitor.headers["location"].to_str().unwrap();
    assert!(location.starts_with("/login?next=%2Fhr%2F"), "{location}");
    let missing = req("GET", "/hr/cycles/999/analytics")
        .header("cookie", &format!("yardstick_session={hr}"))
        .send(&app)
        .await;
    missing.assert(404);
    assert!(body(&missing).contains("<!DOCTYPE html>"));
}
