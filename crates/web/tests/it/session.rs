//! Logging in and out, and who is logged in.

use serde_json::json;
use yardstick_store::{Role, Store};

use crate::common::{PASSWORD, TestApp, req};

#[tokio::test]
async fn logging_in_answers_a_token_and_sets_an_http_only_cookie() {
    let app = TestApp::new().await;
    app.store
        .add_user("hr", PASSWORD, Role::Hr, None)
        .await
        .unwrap();
    let reply = req("POST", "/api/v1/session")
        .json(json!({"username": "hr", "password": PASSWORD}))
        .send(&app)
        .await;
    reply.assert(200);
    let token = reply.json()["token"].as_str().unwrap().to_string();
    assert_eq!(reply.json()["user"]["role"], "hr");
    let cookie = reply.headers["set-cookie"].to_str().unwrap();
    assert!(
        cookie.starts_with(&format!("yardstick_session={token}")),
        "{cookie}"
    );
    for part in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(part), "{cookie}");
    }
    let me = req("GET", "/api/v1/me").token(&token).send(&app).await;
    assert_eq!(me.assert(200).json()["username"], "hr");
    let by_cookie = req("GET", "/api/v1/me")
        .header("cookie", &format!("yardstick_session={token}"))
        .send(&app)
        .await;
    assert_eq!(by_cookie.assert(200).json()["role"], "hr");
}

#[tokio::test]
async fn a_wrong_password_or_an_unknown_user_is_401_and_sets_no_cookie() {
    let app = TestApp::new().await;
    app.store
        .add_user("hr", PASSWORD, Role::Hr, None)
        .await
        .unwrap();
    for (username, password) in [("hr", "wrong password"), ("nobody", PASSWORD)] {
        let reply = req("POST", "/api/v1/session")
            .json(json!({"username": username, "password": password}))
            .send(&app)
            .await;
        reply.assert(401);
        assert_eq!(reply.message(), "用户名或密码错误");
        assert!(!reply.headers.contains_key("set-cookie"));
    }
    let missing = req("POST", "/api/v1/session")
        .json(json!({"username": "hr"}))
        .send(&app)
        .await;
    missing.assert(422);
    assert_eq!(missing.fields(), ["password"]);
    req("POST", "/api/v1/session")
        .json(json!({"username": "hr", "password": 12345678}))
        .send(&app)
        .await
        .assert(422);
    req("POST", "/api/v1/session")
        .raw("application/json", "{username: hr}")
        .send(&app)
        .await
        .assert(400);
    req("POST", "/api/v1/session")
        .raw("application/x-www-form-urlencoded", "username=hr")
        .send(&app)
        .await
        .assert(415);
}

#[tokio::test]
async fn logging_out_ends_the_session_and_removes_the_cookie() {
    let app = TestApp::new().await;
    let token = app.hr().await;
    let reply = req("DELETE", "/api/v1/session")
        .header("cookie", &format!("yardstick_session={token}"))
        .send(&app)
        .await;
    reply.assert(204);
    let cookie = reply.headers["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("yardstick_session=;"), "{cookie}");
    assert!(cookie.contains("Max-Age=0"), "{cookie}");
    req("GET", "/api/v1/me")
        .token(&token)
        .send(&app)
        .await
        .assert(401);
    // Logging out without a session is harmless.
    req("DELETE", "/api/v1/session")
        .send(&app)
        .await
        .assert(204);
}

#[tokio::test]
async fn a_missing_or_invalid_token_is_401() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    for auth in [
        "Bearer nonsense",
        "Bearer ",
        "Basic aHI6cGFzcw==",
        &format!("Token {hr}"),
    ] {
        let reply = req("GET", "/api/v1/cycles")
            .header("authorization", auth)
            .send(&app)
            .await;
        reply.assert(401);
    }
    req("GET", "/api/v1/cycles")
        .header("cookie", "yardstick_session=nonsense")
        .send(&app)
        .await
        .assert(401);
    req("GET", "/api/v1/cycles")
        .header("authorization", &format!("bearer {hr}"))
        .send(&app)
        .await
        .assert(200);
}
