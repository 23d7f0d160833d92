//! The site's layer around every page and API answer: security headers, cross-site changes
//! refused, CSRF tokens, compression, the reader's language and its switch, error pages in
//! HTML off the API and JSON on it, static files.

use serde_json::json;

use crate::common::{Reply, TestApp, req};

fn header<'a>(reply: &'a Reply, name: &str) -> Option<&'a str> {
    reply.headers.get(name).map(|v| v.to_str().unwrap())
}

fn text(reply: &Reply) -> String {
    String::from_utf8(reply.body.to_vec()).unwrap()
}

#[tokio::test]
async fn every_answer_carries_nosniff_and_api_answers_are_never_stored() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    for reply in [
        req("GET", "/api/v1/cycles").token(&hr).send(&app).await,
        req("GET", "/api/v1/cycles").send(&app).await,
        req("GET", "/api/v1/nothing").send(&app).await,
        req("GET", "/api/v1/openapi.json").send(&app).await,
    ] {
        assert_eq!(header(&reply, "x-content-type-options"), Some("nosniff"));
        assert_eq!(header(&reply, "cache-control"), Some("no-store"));
    }
    for path in ["/login", "/nothing-here", "/r/not-a-token"] {
        let reply = req("GET", path).send(&app).await;
        assert_eq!(
            header(&reply, "x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(header(&reply, "x-frame-options"), Some("DENY"), "{path}");
        let csp = header(&reply, "content-security-policy").unwrap();
        assert!(csp.contains("script-src 'self'"), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert!(!csp.contains("unsafe-eval"), "{csp}");
    }
}

#[tokio::test]
async fn no_page_holds_an_inline_script() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = app.cycle(&hr, true).await;
    let boss = app.rater_token(&hr, id, "B001").await;
    for path in [
        "/login".to_string(),
        format!("/r/{boss}"),
        format!("/r/{boss}/M001"),
    ] {
        let page = text(&req("GET", &path).send(&app).await);
        for (i, _) in page.match_indices("<script") {
            let tag = &page[i..page[i..].find('>').unwrap() + i];
            assert!(tag.contains(" src=\"/static/"), "{path}: {tag}");
        }
        assert!(!page.contains(" onclick="), "{path}");
        assert!(!page.contains(" style=\""), "{path}");
    }
}

#[tokio::test]
async fn a_post_from_another_site_is_refused_with_403_and_changes_nothing() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    // The API: JSON.
    let refused = req("POST", "/api/v1/cycles")
        .token(&hr)
        .header("host", "127.0.0.1:8080")
        .header("origin", "http://evil.example")
        .json(json!({"name": "x", "model": "builtin", "assessees": "all"}))
        .send(&app)
        .await;
    refused.assert(403);
    assert!(
        refused.message().contains("其他网站"),
        "{}",
        refused.message()
    );
    let cycles = req("GET", "/api/v1/cycles")
        .token(&hr)
        .send(&app)
        .await
        .json();
    assert_eq!(cycles.as_array().unwrap().len(), 0);
    // A page: HTML in the reader's language.
    let id = app.cycle(&hr, true).await;
    let boss = app.rater_token(&hr, id, "B001").await;
    let csrf = app.rater_csrf(&boss);
    let path = format!("/r/{boss}/M001");
    let body = format!("item-1.1=4&action=draft&csrf={csrf}");
    let refused = req("POST", &path)
        .header("host", "127.0.0.1:8080")
        .header("origin", "https://evil.example")
        .header("accept-language", "en")
        .raw("application/x-www-form-urlencoded", body.clone())
        .send(&app)
        .await;
    refused.assert(403);
    assert_eq!(
        header(&refused, "content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        text(&refused).contains("sent from another site"),
        "{}",
        text(&refused)
    );
    let saved = req("GET", &format!("/api/v1/r/{boss}/responses/M001"))
        .send(&app)
        .await
        .json();
    assert_eq!(saved["status"], "pending");
    // The same post from this site goes through.
    req("POST", &path)
        .header("host", "127.0.0.1:8080")
        .header("origin", "http://127.0.0.1:8080")
        .raw("application/x-www-form-urlencoded", body)
        .send(&app)
        .await
        .assert(303);
}

#[tokio::test]
async fn a_rater_form_without_its_csrf_token_saves_nothing_and_keeps_the_answers() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = app.cycle(&hr, true).await;
    let boss = app.rater_token(&hr, id, "B001").await;
    let other = app.rater_token(&hr, id, "M001").await;
    let path = format!("/r/{boss}/M001");
    for csrf in [String::new(), "forged".to_string(), app.rater_csrf(&other)] {
        let reply = req("POST", &path)
            .raw(
                "application/x-www-form-urlencoded",
                format!("item-1.1=4&item-1.2=na&comment=keep&action=submit&csrf={csrf}"),
            )
            .send(&app)
            .await;
        reply.assert(403);
        let page = text(&reply);
        assert!(page.contains("页面已过期"), "{page}");
        assert!(page.contains("name=\"item-1.1\" value=\"4\" checked"));
        assert!(page.contains("name=\"item-1.2\" value=\"na\" checked"));
        assert!(page.contains(">\nkeep</textarea>"), "{page}");
        assert!(page.contains(&format!("value=\"{}\"", app.rater_csrf(&boss))));
    }
    let saved = req("GET", &format!("/api/v1/r/{boss}/responses/M001"))
        .send(&app)
        .await
        .json();
    assert_eq!(saved["status"], "pending");
}

#[tokio::test]
async fn pages_and_api_answers_are_compressed_when_the_client_accepts_it() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = app.cycle(&hr, true).await;
    let boss = app.rater_token(&hr, id, "B001").await;
    for encoding in ["gzip", "br"] {
        let page = req("GET", &format!("/r/{boss}/M001"))
            .header("accept-encoding", encoding)
            .send(&app)
            .await;
        page.assert(200);
        assert_eq!(header(&page, "content-encoding"), Some(encoding));
        let api = req("GET", "/api/v1/openapi.json")
            .header("accept-encoding", encoding)
            .send(&app)
            .await;
        assert_eq!(header(&api, "content-encoding"), Some(encoding));
    }
    let plain = req("GET", &format!("/r/{boss}/M001")).send(&app).await;
    assert_eq!(header(&plain, "content-encoding"), None);
}

#[tokio::test]
async fn the_language_follows_the_query_then_the_cookie_then_the_header() {
    let app = TestApp::new().await;
    let english = req("GET", "/login?lang=en").send(&app).await;
    assert!(text(&english).contains("<html lang=\"en\">"));
    let cookie = english
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .find(|c| c.starts_with("yardstick_lang="))
        .unwrap();
    assert!(cookie.starts_with("yardstick_lang=en;"), "{cookie}");
    assert!(cookie.contains("Path=/"));
    let remembered = req("GET", "/login")
        .header("cookie", "yardstick_lang=en")
        .header("accept-language", "zh-CN")
        .send(&app)
        .await;
    assert!(text(&remembered).contains("Sign in"));
    let by_header = req("GET", "/login")
        .header("accept-language", "en")
        .send(&app)
        .await;
    assert!(text(&by_header).contains("Sign in"));
    let chinese = req("GET", "/login").send(&app).await;
    assert!(text(&chinese).contains("登录"));
    // Every page has the switch, pointing at itself in the other language.
    let page = text(&req("GET", "/login?next=%2Fhr%2F").send(&app).await);
    assert!(
        page.contains("href=\"/login?next=%2Fhr%2F&#38;lang=en\""),
        "{page}"
    );
    assert!(
        page.contains("href=\"/login?next=%2Fhr%2F&#38;lang=zh\""),
        "{page}"
    );
}

#[tokio::test]
async fn errors_off_the_api_are_html_pages_and_on_it_json() {
    let app = TestApp::new().await;
    let page = req("GET", "/no/such/page")
        .header("accept-language", "en")
        .send(&app)
        .await;
    page.assert(404);
    assert_eq!(
        header(&page, "content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(text(&page).contains("Page not found"));
    let api = req("GET", "/api/v1/no/such/thing").send(&app).await;
    api.assert(404);
    assert_eq!(api.message(), "没有这个地址");
    let method = req("DELETE", "/login").send(&app).await;
    method.assert(405);
    assert!(text(&method).contains("<!DOCTYPE html>"));
    // A body over the limit on a page route: an HTML page, not JSON.
    let big = vec![b'a'; yardstick_web::BODY_LIMIT + 1];
    let too_large = req("POST", "/login")
        .raw("application/x-www-form-urlencoded", big)
        .send(&app)
        .await;
    assert_eq!(too_large.status.as_u16(), 413, "{}", text(&too_large));
    assert!(text(&too_large).contains("16 MB"), "{}", text(&too_large));
    assert_eq!(
        header(&too_large, "content-type"),
        Some("text/html; charset=utf-8")
    );
}

#[tokio::test]
async fn static_files_are_served_with_long_caching_under_their_hashed_names() {
    let app = TestApp::new().await;
    let page = text(&req("GET", "/login").send(&app).await);
    let start = page.find("/static/app.").unwrap();
    let end = start + page[start..].find('"').unwrap();
    let css = &page[start..end];
    let reply = req("GET", css).send(&app).await;
    reply.assert(200);
    assert_eq!(
        header(&reply, "content-type"),
        Some("text/css; charset=utf-8")
    );
    assert!(
        header(&reply, "cache-control")
            .unwrap()
            .contains("immutable")
    );
    let etag = header(&reply, "etag").unwrap().to_string();
    req("GET", css)
        .header("if-none-match", &etag)
        .send(&app)
        .await
        .assert(304);
    req("GET", "/static/app.css").send(&app).await.assert(200);
    req("GET", "/static/nothing.css")
        .send(&app)
        .await
        .assert(404);

    // The stylesheet of another release (a server not yet upgraded, or already): this
    // release's, to be asked again rather than kept under a name it does not match.
    let other = format!("/static/app.{}.css", "0".repeat(10));
    assert_ne!(other, css);
    let reply = req("GET", &other).send(&app).await;
    reply.assert(200);
    assert_eq!(header(&reply, "cache-control"), Some("no-cache"));
    let same = req("GET", css).send(&app).await;
    assert_eq!(reply.body, same.body);
    req("GET", &format!("/static/nothing.{}.css", "0".repeat(10)))
        .send(&app)
        .await
        .assert(404);
}
