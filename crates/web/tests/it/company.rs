//! The department and company report (SPEC §8): `GET /api/v1/cycles/{id}/company` against
//! the Results of the same cycle, its target distribution and its errors, and the console's
//! page `/hr/cycles/{id}/company`.

use serde_json::{Value, json};
use yardstick_store::Role;

use crate::common::{TestApp, answers, req};

/// A cycle of M001 (A区), M002 (B区), M003 (C区) and S001 (A区) from the org chart, with
/// `k = 1` so that every response counts; every rater but those of M003's peers submits.
async fn answered(app: &TestApp, hr: &str) -> i64 {
    let id = req("POST", "/api/v1/cycles")
        .token(hr)
        .json(
            json!({"name": "公司报告", "model": "builtin", "threshold": 1,
                     "assessees": ["M001", "M002", "M003", "S001"]}),
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
    req("POST", &format!("/api/v1/cycles/{id}/open"))
        .token(hr)
        .send(app)
        .await
        .assert(200);
    let list = req("GET", &path)
        .token(hr)
        .send(app)
        .await
        .assert(200)
        .json();
    for (n, a) in list.as_array().unwrap().iter().enumerate() {
        let assessee = a["assessee"].as_str().unwrap();
        if assessee == "M003" && a["relationship"] == "peer" {
            continue;
        }
        let token = a["link"].as_str().unwrap().trim_start_matches("/r/");
        let body = json!({
            "answers": answers(|i| Some(json!(1 + (n * 3 + i * 7 + n * i) % 5))),
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

fn close(a: &Value, b: f64) {
    let a = a.as_f64().unwrap_or_else(|| panic!("{a} is a number"));
    assert!((a - b).abs() < 1e-9, "{a} ≠ {b}");
}

#[tokio::test]
async fn the_company_report_gives_the_results_figures_by_department() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = answered(&app, &hr).await;
    let results = req("GET", &format!("/api/v1/cycles/{id}/results?items=true"))
        .token(&hr)
        .send(&app)
        .await
        .assert(200)
        .json();
    let report = req("GET", &format!("/api/v1/cycles/{id}/company"))
        .token(&hr)
        .send(&app)
        .await
        .assert(200)
        .json();
    let people = results["assessees"].as_array().unwrap();
    let of = |id: &str| people.iter().find(|a| a["id"] == id).unwrap();
    assert_eq!(report["assessees"], 4);
    assert_eq!(report["departments"], json!(["A区", "B区", "C区"]));

    // The ranking: the Results' figures, by rank.
    let ranking = report["ranking"].as_array().unwrap();
    assert_eq!(ranking.len(), 4);
    let mut last = 0;
    for row in ranking {
        let r = of(row["id"].as_str().unwrap());
        assert_eq!(row["percent"], r["overall"]["percent"]);
        assert_eq!(row["grade"], r["overall"]["grade"]);
        assert_eq!(row["rank"], r["overall"]["rank"]);
        assert_eq!(row["department"], r["department"]);
        let rank = row["rank"].as_u64().unwrap();
        assert!(rank >= last);
        last = rank;
    }

    // A区: the means of M001's and S001's figures.
    let a = &report["by_department"][0];
    assert_eq!(a["department"], "A区");
    assert_eq!(a["assessees"], 2);
    let (m1, s1) = (of("M001"), of("S001"));
    let mean = |x: &Value, y: &Value| (x.as_f64().unwrap() + y.as_f64().unwrap()) / 2.0;
    close(
        &a["percent"],
        mean(&m1["overall"]["percent"], &s1["overall"]["percent"]),
    );
    for d in 0..7 {
        close(
            &a["dimensions"][d]["percent"],
            mean(
                &m1["dimensions"][d]["percent"],
                &s1["dimensions"][d]["percent"],
            ),
        );
        assert_eq!(a["dimensions"][d]["code"], m1["dimensions"][d]["code"]);
    }

    // Response rates from the progress counts: M003's peers did not answer.
    let progress = req("GET", &format!("/api/v1/cycles/{id}/progress"))
        .token(&hr)
        .send(&app)
        .await
        .assert(200)
        .json();
    assert_eq!(
        report["responses"]["assigned"],
        progress["total"]["assigned"]
    );
    assert_eq!(
        report["responses"]["submitted"],
        progress["total"]["submitted"]
    );
    let c = &report["by_department"][2];
    assert_eq!(c["department"], "C区");
    assert!(c["responses"]["rate"].as_f64().unwrap() < 1.0);
    close(&a["responses"]["rate"], 1.0);

    // The strongest item: the highest mean S[i] over the four.
    let item_mean = |code: &str| {
        people
            .iter()
            .map(|p| {
                p["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|i| i["code"] == code)
                    .unwrap()["score"]
                    .as_f64()
                    .unwrap()
            })
            .sum::<f64>()
            / 4.0
    };
    let strongest = report["items"]["strongest"].as_array().unwrap();
    let weakest = report["items"]["weakest"].as_array().unwrap();
    assert_eq!((strongest.len(), weakest.len()), (5, 5));
    for i in strongest.iter().chain(weakest) {
        close(&i["score"], item_mean(i["code"].as_str().unwrap()));
        assert_eq!(i["assessees"], 4);
    }
    assert!(strongest[0]["score"].as_f64() >= strongest[4]["score"].as_f64());
    assert!(weakest[0]["score"].as_f64() <= strongest[4]["score"].as_f64());

    // The distribution counts everybody once.
    let bands = report["distribution"]["bands"].as_array().unwrap();
    assert_eq!(bands.len(), 5);
    let counted: u64 = bands.iter().map(|b| b["count"].as_u64().unwrap()).sum();
    assert_eq!(
        counted
            + report["distribution"]["no_grade"]["count"]
                .as_u64()
                .unwrap(),
        4
    );
    for b in bands {
        for who in b["assessees"].as_array().unwrap() {
            assert_eq!(of(who.as_str().unwrap())["overall"]["grade"], b["grade"]);
        }
    }
    assert_eq!(report["distribution"]["target"], Value::Null);
    app.finish().await;
}

#[tokio::test]
async fn the_company_report_of_one_department_and_against_a_target() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = answered(&app, &hr).await;
    let report = req(
        "GET",
        &format!("/api/v1/cycles/{id}/company?department=A%E5%8C%BA&target=20,70,10"),
    )
    .token(&hr)
    .send(&app)
    .await
    .assert(200)
    .json();
    assert_eq!(report["department"], "A区");
    assert_eq!(report["assessees"], 2);
    assert_eq!(report["by_department"].as_array().unwrap().len(), 1);
    let ids: Vec<&str> = report["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(sorted, ["M001", "S001"]);
    let target = &report["distribution"]["target"];
    assert_eq!(target["given"], json!([20.0, 70.0, 10.0]));
    let groups = target["groups"].as_array().unwrap();
    assert_eq!(groups[0]["grades"], json!(["优秀"]));
    assert_eq!(groups[1]["grades"], json!(["良好"]));
    assert_eq!(groups[2]["grades"], json!(["合格", "待改进", "不合格"]));
    let graded = target["graded"].as_f64().unwrap();
    for g in groups {
        close(
            &g["expected"],
            g["target"].as_f64().unwrap() / 100.0 * graded,
        );
        close(
            &g["difference"],
            g["count"].as_f64().unwrap() - g["expected"].as_f64().unwrap(),
        );
        assert_eq!(
            g["assessees"].as_array().unwrap().len() as u64,
            g["count"].as_u64().unwrap()
        );
    }
    app.finish().await;
}

#[tokio::test]
async fn the_company_report_refuses_unknown_cycles_departments_and_bad_targets() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = app.cycle(&hr, true).await;
    let get = |path: String| req("GET", &path).token(&hr);
    let reply = get("/api/v1/cycles/999/company".into()).send(&app).await;
    reply.assert(404);
    let reply = get(format!("/api/v1/cycles/{id}/company?department=Z"))
        .send(&app)
        .await;
    reply.assert(404);
    assert_eq!(reply.fields(), ["department"]);
    for bad in ["20,70", "20,x,10", "100", "10,10,10,10,10,50", "-5,105"] {
        let reply = get(format!("/api/v1/cycles/{id}/company?target={bad}"))
            .send(&app)
            .await;
        reply.assert(422);
        assert_eq!(reply.fields(), ["target"], "{bad}");
    }
    // 404 before 422.
    get(format!("/api/v1/cycles/{id}/company?department=Z&target=1"))
        .send(&app)
        .await
        .assert(404);
    // Nobody has answered: no grades, no items, shares of nobody.
    let empty = get(format!("/api/v1/cycles/{id}/company?target=50,50"))
        .send(&app)
        .await
        .assert(200)
        .json();
    assert_eq!(empty["distribution"]["no_grade"]["count"], 3);
    assert_eq!(empty["distribution"]["target"]["graded"], 0);
    assert_eq!(empty["items"]["strongest"], json!([]));
    let manager = app.user("m", Role::Manager, Some("B001")).await;
    req("GET", &format!("/api/v1/cycles/{id}/company"))
        .token(&manager)
        .send(&app)
        .await
        .assert(403);
    app.finish().await;
}

#[tokio::test]
async fn the_console_page_shows_the_report_to_hr_only_with_the_heat_maps_values() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = answered(&app, &hr).await;
    let path = format!("/hr/cycles/{id}/company?target=20,70,10");
    let reply = req("GET", &path)
        .header("cookie", &format!("yardstick_session={hr}"))
        .send(&app)
        .await;
    reply.assert(200);
    let body = String::from_utf8(reply.body.to_vec()).unwrap();
    assert!(body.contains("仅供人力资源部使用"));
    assert!(body.contains("chart-distribution") && body.contains("chart-heat"));
    assert!(body.contains("与目标分布对比"));
    assert!(!body.contains("style=") && !body.contains("<script"));
    // Each heat-map cell carries the department's mean, to 1 decimal.
    let report = req("GET", &format!("/api/v1/cycles/{id}/company"))
        .token(&hr)
        .send(&app)
        .await
        .json();
    let heat = &body[body.find("chart-heat").unwrap()..];
    let heat = &heat[..heat.find("</svg>").unwrap()];
    for d in report["by_department"].as_array().unwrap() {
        for x in d["dimensions"].as_array().unwrap() {
            let v =
                yardstick_core::scoring::display::percent_display(x["percent"].as_f64().unwrap());
            assert!(
                heat.contains(&format!(r#"class="value">{v:.1}</text>"#)),
                "{v}"
            );
        }
    }
    for name in ["张三", "李四", "王五", "钱六"] {
        assert!(body.contains(name), "{name} in the ranking");
    }
    // The cycle's page and the results page link to it.
    for from in [
        format!("/hr/cycles/{id}"),
        format!("/hr/cycles/{id}/results"),
    ] {
        let reply = req("GET", &from)
            .header("cookie", &format!("yardstick_session={hr}"))
            .send(&app)
            .await;
        let page = String::from_utf8(reply.body.to_vec()).unwrap();
        assert!(
            page.contains(&format!(r#"href="/hr/cycles/{id}/company""#)),
            "{from}"
        );
    }
    let manager = app.user("boss", Role::Manager, Some("B001")).await;
    let employee = app.user("zhang", Role::Employee, Some("M001")).await;
    for user in [&manager, &employee] {
        let reply = req("GET", &path)
            .header("cookie", &format!("yardstick_session={user}"))
            .send(&app)
            .await;
        reply.assert(403);
        let page = String::from_utf8(reply.body.to_vec()).unwrap();
        assert!(page.contains("<!DOCTYPE html>") && !page.contains("钱六"));
    }
    let visitor = req("GET", &path).send(&app).await;
    visitor.assert(303);
    assert!(
        visitor.headers["location"]
            .to_str()
            .unwrap()
            .starts_with("/login")
    );
    // An unknown department is a 404 page, a bad target a 422 page.
    let reply = req("GET", &format!("/hr/cycles/{id}/company?department=Z"))
        .header("cookie", &format!("yardstick_session={hr}"))
        .send(&app)
        .await;
    reply.assert(404);
    let reply = req("GET", &format!("/hr/cycles/{id}/company?target=1,2"))
        .header("cookie", &format!("yardstick_session={hr}"))
        .send(&app)
        .await;
    reply.assert(422);
    app.finish().await;
}
