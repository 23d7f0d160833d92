//! The individual report page `/reports/{cycle}/{assessee}`: its figures rounded as SPEC §4
//! step 6 says and equal to the report object's, its charts, the pooled group named 其他评价人
//! and nothing more, set-aside comments kept from the assessee, refusals as pages in the
//! reader's language, and no inline style.

use serde_json::{Value, json};
use yardstick_core::scoring::display::{percent_display, raw_display};
use yardstick_store::Role;

use crate::common::{Reply, TestApp, answers, req};

/// The answer of rater `n` to item `i`: a point of the scale.
fn point(n: usize, i: usize) -> Value {
    json!(1 + (n * 3 + i * 7 + n * i) % 5)
}

/// A cycle for M001 and M002 from the org chart, M001 with a homeowner too, every rater
/// submitting a comment `第NN条意见`; left open. M001's peers (2), subordinates (2) and the
/// homeowner are pooled (5 ≥ k = 3); M002's two peers have nothing to pool with and are set
/// aside. Returns the cycle and, per (assessee, relationship), the comments written.
async fn answered_cycle(
    app: &TestApp,
    hr: &str,
    name: &str,
) -> (i64, Vec<(String, String, String)>) {
    let id = req("POST", "/api/v1/cycles")
        .token(hr)
        .json(json!({"name": name, "model": "builtin", "assessees": ["M001", "M002"]}))
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
    req("POST", &path)
        .token(hr)
        .json(json!({"add": [{"rater": {"name": "业主甲"}, "assessee": "M001", "relationship": "customer"}]}))
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
    let mut written = Vec::new();
    for (n, a) in list.as_array().unwrap().iter().enumerate() {
        let token = a["link"].as_str().unwrap().trim_start_matches("/r/");
        let assessee = a["assessee"].as_str().unwrap();
        let comment = format!("第{n:02}条意见");
        let body = json!({
            "answers": answers(|i| Some(point(n, i))),
            "comment": comment,
            "submit": true,
        });
        req("PUT", &format!("/api/v1/r/{token}/responses/{assessee}"))
            .json(body)
            .send(app)
            .await
            .assert(200);
        written.push((
            assessee.to_string(),
            a["relationship"].as_str().unwrap().to_string(),
            comment,
        ));
    }
    (id, written)
}

/// The page at `path` for the session `token`, in `lang`.
async fn page(app: &TestApp, token: &str, path: &str, lang: &str) -> Reply {
    req("GET", &format!("{path}?lang={lang}"))
        .header("cookie", &format!("yardstick_session={token}"))
        .send(app)
        .await
}

fn text(reply: &Reply) -> String {
    String::from_utf8(reply.body.to_vec()).unwrap()
}

/// The `<svg>…</svg>` elements of a page.
fn svgs(html: &str) -> Vec<&str> {
    html.match_indices("<svg ")
        .map(|(i, _)| &html[i..i + html[i..].find("</svg>").unwrap() + 6])
        .collect()
}

#[tokio::test]
async fn the_page_shows_the_report_objects_figures_rounded_and_its_charts() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let (id, _) = answered_cycle(&app, &hr, "2026 上半年").await;
    let object = req("GET", &format!("/api/v1/cycles/{id}/reports/M001"))
        .token(&hr)
        .send(&app)
        .await
        .assert(200)
        .json();
    let reply = page(&app, &hr, &format!("/reports/{id}/M001"), "zh").await;
    reply.assert(200);
    assert_eq!(reply.headers["content-type"], "text/html; charset=utf-8");
    let html = text(&reply);
    assert!(html.contains("张三") && html.contains("A区") && html.contains("2026 上半年"));

    // Overall: 1 decimal; the rank as "1 / 2".
    let overall = object["overall"]["percent"].as_f64().unwrap();
    let shown = format!("{:.1}", percent_display(overall));
    assert!(
        html.contains(&format!("<dd>{shown}</dd>")),
        "overall {shown}"
    );
    let rank = object["overall"]["rank"].as_u64().unwrap();
    let of = object["overall"]["of"].as_u64().unwrap();
    assert!(html.contains(&format!("<dd>{rank} / {of}</dd>")));
    if let Some(grade) = object["overall"]["grade"].as_str() {
        assert!(html.contains(&format!("<dd>{grade}</dd>")));
    }

    // Each dimension: score to 2 decimals, 100-point to 1, in its row of the table.
    for d in object["dimensions"].as_array().unwrap() {
        let name = d["name"].as_str().unwrap();
        let row_at = html
            .find(&format!("</span>{name}"))
            .unwrap_or_else(|| panic!("row of {name}"));
        let row = &html[row_at..row_at + html[row_at..].find("</tr>").unwrap()];
        let score = format!("{:.2}", raw_display(d["score"].as_f64().unwrap()));
        let percent = format!("{:.1}", percent_display(d["percent"].as_f64().unwrap()));
        assert!(row.contains(&format!(">{score}</td>")), "{name}: {row}");
        assert!(row.contains(&format!(">{percent}</td>")), "{name}: {row}");
    }

    // The highest items with their text and 2-decimal score.
    let top = &object["items"]["highest"][0];
    assert!(html.contains(top["text"].as_str().unwrap()));
    assert!(html.contains(&format!(
        "<span class=\"score\">{:.2}</span>",
        raw_display(top["score"].as_f64().unwrap())
    )));

    // Three charts: the radar, the bars by group, the trend; each an accessible image.
    let charts = svgs(&html);
    assert_eq!(charts.len(), 3, "radar, bars, trend");
    assert!(charts[0].contains("chart-radar"));
    assert!(charts[1].contains("chart-bars"));
    assert!(charts[2].contains("chart-trend"));
    for svg in &charts {
        assert!(svg.contains("role=\"img\" aria-label=\""));
        assert!(svg.contains("<title>"));
    }
    for legend in ["他评", "自评", "本周期平均"] {
        assert!(charts[0].contains(&format!(">{legend}</text>")), "{legend}");
    }
    assert!(
        charts[2].contains(&format!(">{shown}</text>")),
        "the trend's point"
    );

    // The ledger in words, HR's copy marked as such.
    assert!(html.contains("百分制按得分率换算"));
    assert!(html.contains("HR 视图"));
    // No inline style or script anywhere, the charts included.
    assert!(!html.contains(" style="));
    assert!(!html.contains("<script>"));
    assert!(!html.contains(" onclick="));
}

#[tokio::test]
async fn the_pooled_group_is_other_raters_and_the_assessee_never_learns_what_it_holds() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let own = app.user("m1", Role::Manager, Some("M001")).await;
    let (id, _) = answered_cycle(&app, &hr, "2026 上半年").await;
    req("POST", &format!("/api/v1/cycles/{id}/close"))
        .token(&hr)
        .send(&app)
        .await
        .assert(200);
    req("POST", &format!("/api/v1/cycles/{id}/publish"))
        .token(&hr)
        .send(&app)
        .await
        .assert(200);
    let path = format!("/reports/{id}/M001");

    let zh = text(page(&app, &own, &path, "zh").await.assert(200));
    let bars = svgs(&zh)[1];
    assert!(bars.contains(">其他评价人</text>"));
    assert!(bars.contains(">上级</text>") && bars.contains(">自评</text>"));
    // No bar names a pooled relationship (客户意识 is a dimension, not a group).
    for hidden in ["同级", "下级", "客户"] {
        assert!(
            !bars.contains(&format!(">{hidden}</text>")),
            "{hidden} in the bars"
        );
        assert!(
            !zh.contains(&format!("<h3>{hidden}</h3>")),
            "{hidden}'s comments"
        );
    }
    assert!(zh.contains("<h3>其他评价人</h3>"), "the pool's comments");
    assert!(
        !zh.contains("仅 HR 可见"),
        "nothing of HR's is on the assessee's page"
    );
    assert!(!zh.contains("HR 视图"));

    let en = text(page(&app, &own, &path, "en").await.assert(200));
    assert!(svgs(&en)[1].contains(">other raters</text>"));
    assert!(en.contains("<h3>other raters</h3>"));
    assert!(en.contains("Competency radar") && en.contains("How the score was made"));
    assert!(!en.contains(" style="));
}

#[tokio::test]
async fn set_aside_comments_are_on_hrs_page_and_not_on_the_assessees() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let own = app.user("m2", Role::Manager, Some("M002")).await;
    let (id, written) = answered_cycle(&app, &hr, "2026 上半年").await;
    for step in ["close", "publish"] {
        req("POST", &format!("/api/v1/cycles/{id}/{step}"))
            .token(&hr)
            .send(&app)
            .await
            .assert(200);
    }
    let of = |relationship: &str| -> Vec<&str> {
        written
            .iter()
            .filter(|(a, r, _)| a == "M002" && r == relationship)
            .map(|(_, _, c)| c.as_str())
            .collect()
    };
    let set_aside = of("peer");
    assert_eq!(set_aside.len(), 2, "M002 has two peers");
    let path = format!("/reports/{id}/M002");

    let mine = text(page(&app, &own, &path, "zh").await.assert(200));
    for c in &set_aside {
        assert!(!mine.contains(c), "{c} shown to the assessee");
    }
    for c in of("superior") {
        assert!(mine.contains(c), "{c}, the superior's comment");
    }

    let hrs = text(page(&app, &hr, &path, "zh").await.assert(200));
    let group = &hrs[hrs
        .find("comment-group hr-only")
        .expect("HR's set-aside group")..];
    for c in &set_aside {
        assert!(group.contains(c), "{c} on HR's page, set aside");
    }
    assert!(hrs.contains("份评价被搁置"), "the ledger says so");
}

#[tokio::test]
async fn a_refused_or_unknown_report_is_a_page_in_the_readers_language() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let beside = app.user("m3", Role::Manager, Some("M003")).await;
    let own = app.user("m1", Role::Manager, Some("M001")).await;
    let (id, _) = answered_cycle(&app, &hr, "2026 上半年").await;
    let path = format!("/reports/{id}/M001");

    // Not signed in: to the sign-in form, and back here afterwards.
    let visitor = req("GET", &path).send(&app).await;
    visitor.assert(303);
    assert!(
        visitor.headers["location"]
            .to_str()
            .unwrap()
            .starts_with("/login?next=%2Freports%2F")
    );

    for (token, path, status) in [
        (&beside, path.clone(), 403),
        (&own, path.clone(), 409),
        (&hr, format!("/reports/{id}/NOBODY"), 404),
        (&hr, "/reports/999/M001".to_string(), 404),
    ] {
        for lang in ["zh", "en"] {
            let reply = page(&app, token, &path, lang).await;
            reply.assert(status);
            assert_eq!(
                reply.headers["content-type"], "text/html; charset=utf-8",
                "{path}"
            );
            let html = text(&reply);
            let tag = if lang == "zh" { "zh-CN" } else { "en" };
            assert!(html.contains(&format!("<html lang=\"{tag}\">")), "{path}");
            assert!(svgs(&html).is_empty(), "no report on a refusal");
        }
    }
}

#[tokio::test]
async fn the_trend_shows_the_earlier_published_cycles_and_this_one() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let (first, _) = answered_cycle(&app, &hr, "2025 下半年").await;
    for step in ["close", "publish"] {
        req("POST", &format!("/api/v1/cycles/{first}/{step}"))
            .token(&hr)
            .send(&app)
            .await
            .assert(200);
    }
    let (second, _) = answered_cycle(&app, &hr, "2026 上半年").await;
    let object = req("GET", &format!("/api/v1/cycles/{second}/reports/M001"))
        .token(&hr)
        .send(&app)
        .await
        .assert(200)
        .json();
    let html = text(
        page(&app, &hr, &format!("/reports/{second}/M001"), "zh")
            .await
            .assert(200),
    );
    let trend = svgs(&html)[2];
    assert!(trend.contains(">2025 下半年</text>") && trend.contains(">2026 上半年</text>"));
    assert_eq!(trend.matches("<circle").count(), 2, "one point per cycle");
    assert!(trend.contains("<path d=\"M"), "joined by a line");
    for p in [
        &object["trend"][0]["percent"],
        &object["overall"]["percent"],
    ] {
        let shown = format!("{:.1}", percent_display(p.as_f64().unwrap()));
        assert!(trend.contains(&format!(">{shown}</text>")), "{shown}");
    }
    assert!(!html.contains("这是第一次评估"));
}

#[tokio::test]
async fn an_assessee_nobody_rated_has_a_page_that_says_so() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = req("POST", "/api/v1/cycles")
        .token(&hr)
        .json(json!({"name": "空", "model": "builtin", "assessees": ["M003"]}))
        .send(&app)
        .await
        .assert(201)
        .json()["id"]
        .as_i64()
        .unwrap();
    let html = text(
        page(&app, &hr, &format!("/reports/{id}/M003"), "en")
            .await
            .assert(200),
    );
    assert!(html.contains("No overall score yet"));
    assert!(!html.contains("Rank in the cycle"));
    // No radar or bars of nothing; the trend keeps the cycle's place.
    let charts = svgs(&html);
    assert_eq!(charts.len(), 1);
    assert!(charts[0].contains("chart-trend"));
    assert!(
        charts[0].contains(">\u{2013}</text>"),
        "the cycle without a score"
    );
    assert!(html.contains("No comments."));
}
