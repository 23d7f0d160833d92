//! The shape and language of error answers, and the answers of the layers around the API.

use serde_json::json;

use crate::common::{TestApp, req};

#[tokio::test]
async fn store_errors_speak_chinese_by_default_and_english_when_preferred() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let zh = req("GET", "/api/v1/cycles/999").token(&hr).send(&app).await;
    zh.assert(404);
    assert_eq!(zh.message(), "没有这个考评周期");
    assert_eq!(zh.fields(), ["id"]);
    let en = req("GET", "/api/v1/cycles/999")
        .token(&hr)
        .header("accept-language", "en-GB,en;q=0.9,zh-CN;q=0.5")
        .send(&app)
        .await;
    en.assert(404);
    assert_eq!(en.message(), "there is no such cycle");
    let zh_first = req("GET", "/api/v1/cycles/999")
        .token(&hr)
        .header("accept-language", "zh-CN,zh;q=0.9,en;q=0.8")
        .send(&app)
        .await;
    assert_eq!(zh_first.message(), "没有这个考评周期");
}

#[tokio::test]
async fn login_and_body_errors_follow_the_language_too() {
    let app = TestApp::new().await;
    let en = req("GET", "/api/v1/me")
        .header("accept-language", "en")
        .send(&app)
        .await;
    en.assert(401);
    assert!(en.message().starts_with("log in first"), "{}", en.message());
    assert_eq!(en.headers["www-authenticate"], "Bearer");
    let zh = req("GET", "/api/v1/me").send(&app).await;
    assert!(zh.message().starts_with("请先登录"), "{}", zh.message());

    let unknown = req("POST", "/api/v1/session")
        .header("accept-language", "en")
        .json(json!({"username": "a", "password": "b", "remember": true}))
        .send(&app)
        .await;
    unknown.assert(422);
    assert_eq!(unknown.fields(), ["remember"]);
    assert!(
        unknown.message().contains("unknown field `remember`"),
        "{}",
        unknown.message()
    );
    let unknown_zh = req("POST", "/api/v1/session")
        .json(json!({"username": "a", "password": "b", "remember": true}))
        .send(&app)
        .await;
    assert_eq!(unknown_zh.message(), "未知字段“remember”");
}

#[tokio::test]
async fn malformed_json_is_400_and_json_that_breaks_a_rule_is_422() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    for body in ["{\"name\": ", "not json", "{\"name\": \"x\"} trailing", ""] {
        let reply = req("POST", "/api/v1/cycles")
            .token(&hr)
            .raw("application/json", body.to_string())
            .send(&app)
            .await;
        reply.assert(400);
        assert!(reply.message().contains("JSON"), "{}", reply.message());
    }
    let wrong_type = req("POST", "/api/v1/cycles")
        .token(&hr)
        .json(json!({"name": "x", "model": "builtin", "assessees": "all", "threshold": "three"}))
        .send(&app)
        .await;
    wrong_type.assert(422);
    assert_eq!(wrong_type.fields(), ["threshold"]);
    let missing = req("POST", "/api/v1/cycles")
        .token(&hr)
        .json(json!({"model": "builtin", "assessees": "all"}))
        .send(&app)
        .await;
    missing.assert(422);
    assert_eq!(missing.fields(), ["name"]);
    assert_eq!(missing.message(), "缺少必填字段“name”");
    let not_an_object = req("POST", "/api/v1/cycles")
        .token(&hr)
        .json(json!([1, 2]))
        .send(&app)
        .await;
    not_an_object.assert(422);
}

#[tokio::test]
async fn a_body_that_is_not_json_is_415() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    for content_type in ["text/plain", "application/x-www-form-urlencoded"] {
        let reply = req("POST", "/api/v1/cycles")
            .token(&hr)
            .raw(content_type, "{}")
            .send(&app)
            .await;
        reply.assert(415);
        assert!(reply.message().contains("application/json"));
    }
    let none = req("POST", "/api/v1/cycles").token(&hr).send(&app).await;
    none.assert(415);
    let with_charset = req("POST", "/api/v1/session")
        .raw(
            "application/json; charset=utf-8",
            r#"{"username":"x","password":"y"}"#,
        )
        .send(&app)
        .await;
    with_charset.assert(401);
}

#[tokio::test]
async fn unknown_paths_and_methods_answer_in_the_same_shape() {
    let app = TestApp::new().await;
    let nothing = req("GET", "/api/v1/nothing").send(&app).await;
    nothing.assert(404);
    assert_eq!(nothing.message(), "没有这个地址");
    let method = req("PATCH", "/api/v1/cycles")
        .header("accept-language", "en")
        .send(&app)
        .await;
    method.assert(405);
    assert_eq!(method.message(), "this method is not allowed here");
    assert!(method.headers.contains_key("allow"));
    let hr = app.hr().await;
    let not_a_number = req("GET", "/api/v1/cycles/abc").token(&hr).send(&app).await;
    not_a_number.assert(404);
}

#[tokio::test]
async fn a_body_over_16_mb_is_refused_with_413() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let big = vec![b'a'; 16 * 1024 * 1024 + 1];
    let reply = req("POST", "/api/v1/people/import")
        .token(&hr)
        .raw("text/csv", big)
        .send(&app)
        .await;
    reply.assert(413);
    assert!(reply.message().contains("16 MB"));
}
