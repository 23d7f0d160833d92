//! A user changes their own password: the API and the page, with every problem named and
//! nothing changed, and the other sessions of the user ended.

use serde_json::json;

use yardstick_store::Store;

use crate::common::{PASSWORD, TestApp, req};

/// Logs `username` in through the API: the status of the answer.
async fn login(app: &TestApp, username: &str, password: &str) -> u16 {
    req("POST", "/api/v1/session")
        .json(json!({"username": username, "password": password}))
        .send(app)
        .await
        .status
        .as_u16()
}

#[tokio::test]
async fn a_user_changes_their_password_and_their_other_sessions_end() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let other = app.store.login("hr", PASSWORD).await.unwrap().token;
    let path = "/api/v1/me/password";
    let wrong = req("PUT", path)
        .token(&hr)
        .json(json!({"current": "not it", "new": "short"}))
        .send(&app)
        .await;
    wrong.assert(422);
    assert_eq!(wrong.fields(), vec!["current", "new"]);
    req("PUT", path)
        .json(json!({"current": "x", "new": "yyyyyyyy"}))
        .send(&app)
        .await
        .assert(401);
    req("PUT", path)
        .token(&hr)
        .json(json!({"current": PASSWORD, "new": "新的密码很长很安全"}))
        .send(&app)
        .await
        .assert(204);
    assert_eq!(login(&app, "hr", PASSWORD).await, 401);
    assert_eq!(login(&app, "hr", "新的密码很长很安全").await, 200);
    // The session that changed it goes on; the other one has ended.
    req("GET", "/api/v1/me")
        .token(&hr)
        .send(&app)
        .await
        .assert(200);
    req("GET", "/api/v1/me")
        .token(&other)
        .send(&app)
        .await
        .assert(401);
}

#[tokio::test]
async fn the_password_page_names_each_problem_and_changes_the_password() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let cookie = format!("yardstick_session={hr}");
    let page = req("GET", "/account/password")
        .header("cookie", &cookie)
        .send(&app)
        .await;
    page.assert(200);
    let body = String::from_utf8(page.body.to_vec()).unwrap();
    assert!(
        body.contains("当前密码") && body.contains("再输入一次新密码"),
        "{body}"
    );
    let csrf = app.session_csrf(&hr);
    let post = |fields: String| {
        req("POST", "/account/password")
            .header("cookie", &cookie)
            .raw("application/x-www-form-urlencoded", fields)
    };
    let enc = |s: &str| s.replace(' ', "+");
    let mismatch = post(format!(
        "csrf={csrf}&current={}&new=abcdefgh&repeat=abcdefgX",
        enc(PASSWORD)
    ))
    .send(&app)
    .await;
    mismatch.assert(422);
    assert!(
        String::from_utf8(mismatch.body.to_vec())
            .unwrap()
            .contains("两次输入的新密码不一样")
    );
    let wrong = post(format!(
        "csrf={csrf}&current=nope&new=abcdefgh&repeat=abcdefgh"
    ))
    .send(&app)
    .await;
    wrong.assert(422);
    assert!(
        String::from_utf8(wrong.body.to_vec())
            .unwrap()
            .contains("当前密码不对")
    );
    let forged = post(format!(
        "csrf=forged&current={}&new=abcdefgh&repeat=abcdefgh",
        enc(PASSWORD)
    ))
    .send(&app)
    .await;
    forged.assert(403);
    assert_eq!(
        login(&app, "hr", PASSWORD).await,
        200,
        "nothing changed so far"
    );
    let done = post(format!(
        "csrf={csrf}&current={}&new=abcdefgh&repeat=abcdefgh",
        enc(PASSWORD)
    ))
    .send(&app)
    .await;
    done.assert(200);
    assert!(
        String::from_utf8(done.body.to_vec())
            .unwrap()
            .contains("密码已修改")
    );
    assert_eq!(login(&app, "hr", "abcdefgh").await, 200);
    // Signed out, the page sends a visitor to the login.
    let anonymous = req("GET", "/account/password").send(&app).await;
    anonymous.assert(303);
}
