//! The rater's HTML pages: the list, the questionnaire, unknown links, cycles not open,
//! languages, and the headers that keep the token private; saving through the form is in
//! `form`.

mod form;
mod privacy;

use crate::common::{Reply, TestApp, req};

/// The page's HTML, after checking the status and the headers every rater page carries.
#[track_caller]
pub(crate) fn html(reply: &Reply, status: u16) -> String {
    reply.assert(status);
    let header = |name: &str| reply.headers.get(name).map(|v| v.to_str().unwrap());
    assert_eq!(header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(header("referrer-policy"), Some("no-referrer"));
    assert_eq!(header("cache-control"), Some("no-store"));
    String::from_utf8(reply.body.to_vec()).unwrap()
}

/// A form body, `application/x-www-form-urlencoded`.
fn form(fields: &[(&str, &str)]) -> String {
    crate::common::urlencoded(fields)
}

/// Posts a rater's form with the CSRF token of the token in `path` (`/r/{token}/…`).
pub(crate) async fn post(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> Reply {
    let token = path.split('/').nth(2).unwrap_or_default();
    let csrf = app.rater_csrf(token);
    let mut all = fields.to_vec();
    all.push(("csrf", &csrf));
    req("POST", path)
        .raw("application/x-www-form-urlencoded", form(&all))
        .send(app)
        .await
}

/// Every item code of the built-in model, in order.
fn codes() -> Vec<String> {
    let model = yardstick_formats::builtin_model().unwrap();
    model.items().iter().map(|i| i.code().to_string()).collect()
}

#[tokio::test]
async fn the_list_shows_the_raters_assessees_and_not_another_raters() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = app.cycle(&hr, true).await;
    let s001 = app.rater_token(&hr, id, "S001").await;
    let page = html(&req("GET", &format!("/r/{s001}")).send(&app).await, 200);
    assert!(page.contains("2026年度360评估"), "{page}");
    assert!(page.contains("钱六"));
    assert!(page.contains("张三"));
    assert!(page.contains("下级"));
    assert!(page.contains("未开始"));
    assert!(page.contains("已提交 0/1"));
    assert!(page.contains(&format!("href=\"/r/{s001}/M001\"")));
    assert!(page.contains("name=\"viewport\""));
    for other in ["李四", "王五", "M002", "M003"] {
        assert!(!page.contains(other), "{other} on S001's page");
    }
    let boss = app.rater_token(&hr, id, "B001").await;
    let page = html(&req("GET", &format!("/r/{boss}")).send(&app).await, 200);
    for name in ["张三", "李四", "王五", "上级", "已提交 0/3"] {
        assert!(page.contains(name), "{name} missing");
    }
    assert!(!page.contains("钱六"));
}

#[tokio::test]
async fn an_unknown_token_or_assessee_is_a_404_html_page_that_says_nothing_more() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = app.cycle(&hr, true).await;
    let s001 = app.rater_token(&hr, id, "S001").await;
    let unknown = html(&req("GET", "/r/not-a-token").send(&app).await, 404);
    assert!(unknown.contains("链接无效"), "{unknown}");
    assert!(!unknown.contains("class=\"button\""), "{unknown}");
    // A valid link with an assessee not assigned to the rater says the same, and offers
    // the way back to the rater's own list.
    let not_assigned = html(
        &req("GET", &format!("/r/{s001}/M002")).send(&app).await,
        404,
    );
    let back = format!("<a class=\"button\" href=\"/r/{s001}\">返回评价列表</a>");
    assert!(not_assigned.contains(&back), "{not_assigned}");
    let words = |page: &str| page.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(
        words(
            &not_assigned
                .replace(&format!("<p>{back}</p>"), "")
                .replace(&format!("/r/{s001}/M002"), "/r/not-a-token")
        ),
        words(&unknown)
    );
    let posted = post(&app, &format!("/r/{s001}/M002"), &[("item-1.1", "9")]).await;
    assert_eq!(html(&posted, 404), not_assigned);
    let english = req("GET", "/r/not-a-token")
        .header("accept-language", "en-US,en;q=0.9")
        .send(&app)
        .await;
    assert!(html(&english, 404).contains("Link not valid"));
}

#[tokio::test]
async fn the_questionnaire_has_a_radio_group_per_item_grouped_by_dimension_and_a_comment_box() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = app.cycle(&hr, true).await;
    let boss = app.rater_token(&hr, id, "B001").await;
    let page = html(
        &req("GET", &format!("/r/{boss}/M001")).send(&app).await,
        200,
    );
    let codes = codes();
    assert_eq!(codes.len(), 79);
    assert_eq!(page.matches("type=\"radio\"").count(), 79 * 6);
    for code in &codes {
        let group = format!("name=\"item-{code}\"");
        assert_eq!(page.matches(&group).count(), 6, "{code}");
        for value in ["1", "2", "3", "4", "5", "na"] {
            assert!(
                page.contains(&format!("{group} value=\"{value}\"")),
                "{code} {value}"
            );
        }
    }
    // Seven dimension headings, in order, each before its first item and after the last
    // item of the one before.
    let model = yardstick_formats::builtin_model().unwrap();
    let mut at = 0;
    for d in model.dimensions() {
        let heading = format!("<h2>{} {}</h2>", d.code(), d.name());
        let found = page[at..].find(&heading).expect(&heading) + at;
        let first = &model.dimension_items(d)[0];
        let item = page
            .find(&format!("name=\"item-{}\"", first.code()))
            .unwrap();
        assert!(found < item, "{heading}");
        at = item;
    }
    for text in [
        "张三",
        "上级",
        "很差",
        "优秀",
        "无法评价",
        "<textarea id=\"comment\" name=\"comment\"",
        "name=\"action\" value=\"draft\"",
        "name=\"action\" value=\"submit\"",
        "保存草稿",
        "提交",
        &format!("action=\"/r/{boss}/M001\""),
        model.items()[0].text(),
    ] {
        assert!(page.contains(text), "{text} missing");
    }
}

#[tokio::test]
async fn a_cycle_that_is_not_open_shows_no_form() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = app.cycle(&hr, false).await;
    let boss = app.rater_token(&hr, id, "B001").await;
    let page = html(
        &req("GET", &format!("/r/{boss}/M001")).send(&app).await,
        200,
    );
    assert!(page.contains("本次考评尚未开始"), "{page}");
    assert!(!page.contains("<form"));
    assert!(!page.contains("type=\"radio\""));
    let list = html(&req("GET", &format!("/r/{boss}")).send(&app).await, 200);
    assert!(list.contains("本次考评尚未开始"));
    let refused = post(
        &app,
        &format!("/r/{boss}/M001"),
        &[("item-1.1", "4"), ("action", "draft")],
    )
    .await;
    assert!(html(&refused, 409).contains("考评周期当前为“草稿”状态,不能保存或提交评价"));
}

#[tokio::test]
async fn pages_are_in_english_when_accept_language_prefers_it() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = app.cycle(&hr, true).await;
    let s001 = app.rater_token(&hr, id, "S001").await;
    let get = |path: String| req("GET", &path).header("accept-language", "en-GB,en;q=0.9,zh;q=0.5");
    let list = html(&get(format!("/r/{s001}")).send(&app).await, 200);
    for text in [
        "lang=\"en\"",
        "Hello, 钱六.",
        "subordinate",
        "not started",
        "Submitted 0/1",
    ] {
        assert!(list.contains(text), "{text} missing: {list}");
    }
    let page = html(&get(format!("/r/{s001}/M001")).send(&app).await, 200);
    for text in [
        "Save draft",
        "Submit",
        "N/A",
        "very poor",
        "excellent",
        "Comment (optional)",
    ] {
        assert!(page.contains(text), "{text} missing");
    }
    assert!(!page.contains("保存草稿"));
}
