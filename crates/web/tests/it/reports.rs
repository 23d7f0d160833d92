//! Individual reports: who may read which report in each state of a cycle, the restricted
//! object of SPEC §4 step 10 with a pooled and a set-aside group, the figures against the
//! Results, the trend, and publication keeping the org chart and departments as they were.

use serde_json::{Value, json};
use yardstick_formats::people::read_people;
use yardstick_store::{Role, Store};

use crate::common::{PEOPLE_CSV, TestApp, answers, req};

/// The answer of rater `n` to item `i`: a point of the scale.
fn point(n: usize, i: usize) -> Value {
    json!(1 + (n * 3 + i * 7 + n * i) % 5)
}

pub(crate) struct Company {
    pub(crate) app: TestApp,
    pub(crate) hr: String,
    /// B001, a manager above everybody.
    pub(crate) boss: String,
    /// M001, a manager, the assessee of most checks.
    pub(crate) m1: String,
    /// M003, a manager beside M001, not above them.
    pub(crate) m3: String,
    /// S001, an employee below M001.
    pub(crate) s1: String,
}

pub(crate) async fn company() -> Company {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let boss = app.user("boss", Role::Manager, Some("B001")).await;
    let m1 = app.user("m1", Role::Manager, Some("M001")).await;
    let m3 = app.user("m3", Role::Manager, Some("M003")).await;
    let s1 = app.user("s1", Role::Employee, Some("S001")).await;
    Company {
        app,
        hr,
        boss,
        m1,
        m3,
        s1,
    }
}

/// A cycle for M001, M002 and M003 from the org chart, with M001 given a homeowner too, in
/// which every rater submits; left open.
///
/// M001: self, superior B001, peers M002 and M003 (2), subordinates S001 and S002 (2), one
/// homeowner: the short peers, subordinates and customer are pooled (5 raters ≥ k = 3).
/// On item 1.1, three of those five answer N/A: the pool has two numeric answers there.
/// M002: self, superior, peers M001 and M003 (2, nothing to pool with): set aside.
pub(crate) async fn answered_cycle(c: &Company, name: &str, shift: usize) -> i64 {
    let app = &c.app;
    let id = req("POST", "/api/v1/cycles")
        .token(&c.hr)
        .json(json!({"name": name, "model": "builtin", "assessees": ["M001", "M002", "M003"]}))
        .send(app)
        .await
        .assert(201)
        .json()["id"]
        .as_i64()
        .unwrap();
    let path = format!("/api/v1/cycles/{id}/assignments");
    req("POST", &path)
        .token(&c.hr)
        .json(json!({"auto": true}))
        .send(app)
        .await
        .assert(200);
    req("POST", &path)
        .token(&c.hr)
        .json(json!({"add": [{"rater": {"name": "业主甲"}, "assessee": "M001", "relationship": "customer"}]}))
        .send(app)
        .await
        .assert(200);
    req("POST", &format!("/api/v1/cycles/{id}/open"))
        .token(&c.hr)
        .send(app)
        .await
        .assert(200);
    let list = req("GET", &path)
        .token(&c.hr)
        .send(app)
        .await
        .assert(200)
        .json();
    for (n, a) in list.as_array().unwrap().iter().enumerate() {
        let token = a["link"].as_str().unwrap().trim_start_matches("/r/");
        let assessee = a["assessee"].as_str().unwrap();
        let relationship = a["relationship"].as_str().unwrap();
        let pooled_na = assessee == "M001" && ["peer", "customer"].contains(&relationship);
        let body = json!({
            "answers": answers(|i| Some(if i == 0 && pooled_na { json!("na") } else { point(n + shift, i) })),
            "comment": format!("第{n:02}条意见"),
            "submit": true,
        });
        req("PUT", &format!("/api/v1/r/{token}/responses/{assessee}"))
            .json(body)
            .send(app)
            .await
            .assert(200);
    }
    id
}

pub(crate) async fn move_to(c: &Company, id: i64, state: &str) {
    req("POST", &format!("/api/v1/cycles/{id}/{state}"))
        .token(&c.hr)
        .send(&c.app)
        .await
        .assert(200);
}

fn report_path(id: i64, assessee: &str) -> String {
    format!("/api/v1/cycles/{id}/reports/{assessee}")
}

#[tokio::test]
async fn each_reader_gets_what_the_access_rules_say_in_every_state() {
    let c = company().await;
    // A draft cycle first, then the answered one through its states.
    let draft = req("POST", "/api/v1/cycles")
        .token(&c.hr)
        .json(json!({"name": "草稿", "model": "builtin", "assessees": ["M001"]}))
        .send(&c.app)
        .await
        .assert(201)
        .json()["id"]
        .as_i64()
        .unwrap();
    let id = answered_cycle(&c, "权限", 0).await;
    let readers = [
        ("hr", &c.hr),
        ("boss", &c.boss),
        ("own", &c.m1),
        ("beside", &c.m3),
        ("below", &c.s1),
    ];
    let expect = |state: &str| -> [u16; 5] {
        match state {
            "published" => [200, 200, 200, 403, 403],
            _ => [200, 409, 409, 403, 403],
        }
    };
    let mut wrong = Vec::new();
    let mut check = async |cycle: i64, state: &str| {
        for ((who, token), want) in readers.iter().zip(expect(state)) {
            let reply = req("GET", &report_path(cycle, "M001"))
                .token(token)
                .send(&c.app)
                .await;
            if reply.status.as_u16() != want {
                wrong.push(format!("{who} in {state}: {}", reply.status));
            } else if want >= 400 {
                reply.errors();
            }
            // Unknown cycles and assessees not in the cycle are 404 for everybody.
            req("GET", &report_path(cycle, "S001"))
                .token(token)
                .send(&c.app)
                .await
                .assert(404);
            req("GET", &report_path(9999, "M001"))
                .token(token)
                .send(&c.app)
                .await
                .assert(404);
        }
        req("GET", &report_path(cycle, "M001"))
            .send(&c.app)
            .await
            .assert(401);
    };
    check(draft, "draft").await;
    check(id, "open").await;
    move_to(&c, id, "close").await;
    check(id, "closed").await;
    move_to(&c, id, "publish").await;
    check(id, "published").await;
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    c.app.finish().await;
}

#[tokio::test]
async fn a_restricted_report_names_no_short_group_and_shows_no_thin_item_figure() {
    let c = company().await;
    let id = answered_cycle(&c, "匿名", 0).await;
    move_to(&c, id, "close").await;
    move_to(&c, id, "publish").await;
    let full = req("GET", &report_path(id, "M001"))
        .token(&c.hr)
        .send(&c.app)
        .await
        .assert(200)
        .json();
    let own = req("GET", &report_path(id, "M001"))
        .token(&c.m1)
        .send(&c.app)
        .await
        .assert(200)
        .json();
    assert_eq!(full["view"], "full");
    assert_eq!(own["view"], "restricted");

    // HR sees who was pooled; the assessee sees only scoring groups.
    assert_eq!(full["ledger"]["raters"]["peer"], 2);
    let pooled = full["ledger"]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["group"] == "pooled")
        .unwrap()
        .clone();
    assert_eq!(pooled["raters"], 5);
    assert_eq!(pooled["from"], json!(["peer", "subordinate", "customer"]));
    let text = own.to_string();
    for word in ["peer", "subordinate", "customer", "set_aside", "\"from\""] {
        assert!(
            !text.contains(word),
            "`{word}` in the assessee's report: {text}"
        );
    }
    for d in own["dimensions"].as_array().unwrap() {
        for g in d["groups"].as_object().unwrap().keys() {
            assert!(["self", "superior", "pooled"].contains(&g.as_str()), "{g}");
        }
    }
    let groups: Vec<&str> = own["ledger"]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert_eq!(groups, ["self", "superior", "pooled"]);
    // The pool's weight, alone or through the effective weights, would tell what it holds.
    assert_eq!(pooled["weight"], 60.0);
    assert!(own["ledger"]["groups"][2].get("weight").is_none());
    assert!(own["dimensions"][0].get("weights").is_none());
    assert_eq!(full["dimensions"][0]["weights"]["pooled"], 0.6);

    // Item 1.1: the pool has two numeric answers, fewer than k = 3.
    let item = |r: &Value, code: &str| {
        r["items"]["all"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["code"] == code)
            .unwrap()
            .clone()
    };
    assert_eq!(item(&full, "1.1")["groups"]["pooled"]["answered"], 2);
    assert!(item(&own, "1.1")["groups"].get("pooled").is_none());
    assert!(item(&own, "1.1")["score"].is_null());
    assert!(!item(&full, "1.1")["score"].is_null());
    assert_eq!(item(&own, "1.2")["groups"]["pooled"]["answered"], 5);
    for list in ["highest", "lowest", "blind_spots", "hidden_strengths"] {
        for i in own["items"][list].as_array().unwrap() {
            assert_ne!(i["code"], "1.1", "{list}");
        }
    }

    // Comments: by scoring group, sorted by text within it, never a relationship.
    let comments = own["comments"].as_array().unwrap();
    assert_eq!(comments.len(), 7);
    let pooled_texts: Vec<&str> = comments
        .iter()
        .filter(|c| c["group"] == "pooled")
        .map(|c| c["text"].as_str().unwrap())
        .collect();
    let mut sorted = pooled_texts.clone();
    sorted.sort_unstable();
    assert_eq!(pooled_texts, sorted);
    assert_eq!(pooled_texts.len(), 5);

    // M002's peers were set aside: HR sees their comments marked, the assessee none.
    let full2 = req("GET", &report_path(id, "M002"))
        .token(&c.hr)
        .send(&c.app)
        .await
        .assert(200)
        .json();
    let m2 = c.app.user("m2", Role::Employee, Some("M002")).await;
    let own2 = req("GET", &report_path(id, "M002"))
        .token(&m2)
        .send(&c.app)
        .await
        .assert(200)
        .json();
    assert_eq!(full2["ledger"]["set_aside"]["raters"], 2);
    let set_aside: Vec<&Value> = full2["comments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["set_aside"] == true)
        .map(|c| &c["text"])
        .collect();
    assert_eq!(set_aside.len(), 2);
    let texts: Vec<&str> = own2["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert!(
        texts.iter().all(|t| !set_aside.contains(&&json!(t))),
        "{texts:?}"
    );
    assert!(!own2.to_string().contains("set_aside"));
    c.app.finish().await;
}

#[tokio::test]
async fn report_figures_are_the_results_figures() {
    let c = company().await;
    let id = answered_cycle(&c, "对照", 0).await;
    let results = req("GET", &format!("/api/v1/cycles/{id}/results"))
        .token(&c.hr)
        .send(&c.app)
        .await
        .assert(200)
        .json();
    for a in results["assessees"].as_array().unwrap() {
        let who = a["id"].as_str().unwrap();
        let r = req("GET", &report_path(id, who))
            .token(&c.hr)
            .send(&c.app)
            .await
            .assert(200)
            .json();
        assert_eq!(r["overall"]["percent"], a["overall"]["percent"], "{who}");
        assert_eq!(r["overall"]["score"], a["overall"]["score"], "{who}");
        assert_eq!(r["overall"]["grade"], a["overall"]["grade"], "{who}");
        assert_eq!(r["overall"]["rank"], a["overall"]["rank"], "{who}");
        assert_eq!(r["overall"]["of"], 3);
        for (d, rd) in a["dimensions"]
            .as_array()
            .unwrap()
            .iter()
            .zip(r["dimensions"].as_array().unwrap())
        {
            assert_eq!(d["score"], rd["score"]);
            assert_eq!(d["self"], rd["self"]);
            assert_eq!(d["others"], rd["others"]);
            assert_eq!(d["groups"], rd["groups"]);
        }
    }
    // The cycle's mean of a dimension is the mean of the assessees' scores.
    let r = req("GET", &report_path(id, "M001"))
        .token(&c.hr)
        .send(&c.app)
        .await
        .json();
    let scores: Vec<f64> = results["assessees"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["dimensions"][0]["score"].as_f64().unwrap())
        .collect();
    let mean = scores.iter().sum::<f64>() / 3.0;
    let got = r["dimensions"][0]["cycle_mean"].as_f64().unwrap();
    assert!((got - mean).abs() < 1e-12, "{got} vs {mean}");
    c.app.finish().await;
}

#[tokio::test]
async fn a_report_shows_the_trend_of_earlier_published_cycles() {
    let c = company().await;
    let first = answered_cycle(&c, "第一期", 0).await;
    move_to(&c, first, "close").await;
    move_to(&c, first, "publish").await;
    let second = answered_cycle(&c, "第二期", 2).await;
    move_to(&c, second, "close").await;
    move_to(&c, second, "publish").await;
    let before = req("GET", &report_path(first, "M001"))
        .token(&c.m1)
        .send(&c.app)
        .await
        .assert(200)
        .json();
    let now = req("GET", &report_path(second, "M001"))
        .token(&c.m1)
        .send(&c.app)
        .await
        .assert(200)
        .json();
    assert_eq!(before["trend"], json!([]));
    assert_eq!(
        now["trend"],
        json!([{"cycle": first, "name": "第一期", "percent": before["overall"]["percent"]}])
    );
    // What each reader may read now.
    let mine = |token: &String| {
        let token = token.clone();
        let app = &c.app;
        async move {
            req("GET", "/api/v1/me/reports")
                .token(&token)
                .send(app)
                .await
                .assert(200)
                .json()
        }
    };
    let own = mine(&c.m1).await;
    assert_eq!(
        own,
        json!([
            {"cycle": second, "cycle_name": "第二期", "assessee": "M001", "name": "张三"},
            {"cycle": first, "cycle_name": "第一期", "assessee": "M001", "name": "张三"},
        ])
    );
    assert_eq!(mine(&c.boss).await.as_array().unwrap().len(), 6);
    assert_eq!(mine(&c.s1).await, json!([]));
    assert_eq!(mine(&c.hr).await.as_array().unwrap().len(), 6);
    c.app.finish().await;
}

#[tokio::test]
async fn a_published_cycle_keeps_its_org_chart_and_departments() {
    let c = company().await;
    let id = answered_cycle(&c, "固定", 0).await;
    move_to(&c, id, "close").await;
    move_to(&c, id, "publish").await;
    // Afterwards M001 moves to another department, under M003.
    let moved = PEOPLE_CSV.replace("M001,张三,A区,项目经理,B001", "M001,张三,D区,项目经理,M003");
    let rows = read_people(moved.as_bytes()).unwrap();
    c.app.store.import_people(rows).await.unwrap();
    let r = req("GET", &report_path(id, "M001"))
        .token(&c.boss)
        .send(&c.app)
        .await
        .assert(200)
        .json();
    assert_eq!(r["assessee"]["department"], "A区");
    // M003 is above M001 now, but was not when the cycle was published.
    req("GET", &report_path(id, "M001"))
        .token(&c.m3)
        .send(&c.app)
        .await
        .assert(403);
    let results = req("GET", &format!("/api/v1/cycles/{id}/results"))
        .token(&c.hr)
        .send(&c.app)
        .await
        .json();
    assert_eq!(results["assessees"][0]["department"], "A区");
    // A cycle made after the move sees the new chart.
    let later = answered_cycle(&c, "之后", 0).await;
    let r = req("GET", &report_path(later, "M001"))
        .token(&c.hr)
        .send(&c.app)
        .await
        .json();
    assert_eq!(r["assessee"]["department"], "D区");
    c.app.finish().await;
}
