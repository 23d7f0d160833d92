//! Abuse resistance (SPEC §7 Abuse): throttled logins and rater links, the same argon2 work
//! for unknown names, and half-sent requests dropped. Every refusal is checked to have
//! changed nothing: no session made, the counts as they were.

use std::time::Duration;

use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use yardstick_store::{Limit, Role, Store};
use yardstick_web::Clock;

use crate::common::{PASSWORD, Reply, TestApp, req};

const T0: i64 = 1_800_000_000_000;
const MINUTE: i64 = 60 * 1000;

async fn api_login(app: &TestApp, peer: &str, username: &str, password: &str) -> Reply {
    req("POST", "/api/v1/session")
        .peer(peer)
        .header("accept-language", "en")
        .json(json!({"username": username, "password": password}))
        .send(app)
        .await
}

fn text(reply: &Reply) -> String {
    String::from_utf8(reply.body.to_vec()).unwrap()
}

/// The `name=value` of a `Set-Cookie` header of `reply` for `name`.
fn cookie(reply: &Reply, name: &str) -> Option<String> {
    reply
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with(&format!("{name}=")))
        .map(|c| c.split(';').next().unwrap().to_string())
}

/// Signs in through the form, from `peer`, in English.
async fn page_login(app: &TestApp, peer: &str, username: &str, password: &str) -> Reply {
    let form = req("GET", "/login").send(app).await;
    form.assert(200);
    let login_cookie = cookie(&form, "yardstick_login").unwrap();
    let page = text(&form);
    let at = page.find("name=\"csrf\" value=\"").unwrap() + 19;
    let csrf = &page[at..at + page[at..].find('"').unwrap()];
    req("POST", "/login")
        .peer(peer)
        .header("cookie", &format!("{login_cookie}; yardstick_lang=en"))
        .raw(
            "application/x-www-form-urlencoded",
            format!(
                "username={username}&password={}&csrf={csrf}&next=/",
                password.replace(' ', "+")
            ),
        )
        .send(app)
        .await
}

#[tokio::test]
async fn ten_wrong_passwords_hold_back_even_the_right_one_until_the_window_has_passed() {
    let clock = Clock::manual(T0);
    let app = TestApp::with_clock(clock.clone()).await;
    app.store
        .add_user("wang", PASSWORD, Role::Hr, None)
        .await
        .unwrap();
    for i in 0..10 {
        api_login(&app, &format!("10.0.1.{i}"), "wang", "wrong password")
            .await
            .assert(401);
    }
    let sessions = app.rows("sessions").await;
    let refused = api_login(&app, "10.0.2.1", "wang", PASSWORD).await;
    refused.assert(429);
    assert_eq!(refused.headers["retry-after"], "900");
    assert!(
        refused.message().contains("Too many failed sign-ins"),
        "{}",
        refused.message()
    );
    assert!(cookie(&refused, "yardstick_session").is_none());
    // Nothing changed: no session, the count as it was (a refused attempt is not counted).
    assert_eq!(app.rows("sessions").await, sessions);
    let count = |app: &TestApp| {
        let store = app.store.clone();
        async move {
            store
                .throttle_count(Limit::LOGIN_NAME, "wang", T0)
                .await
                .unwrap()
        }
    };
    assert_eq!(count(&app).await, 10);
    // The wait shrinks with time, and ends with the window.
    clock.advance(10 * MINUTE);
    let later = api_login(&app, "10.0.2.1", "wang", PASSWORD).await;
    later.assert(429);
    assert_eq!(later.headers["retry-after"], "300");
    clock.advance(5 * MINUTE);
    api_login(&app, "10.0.2.1", "wang", PASSWORD)
        .await
        .assert(200);
    assert_eq!(app.rows("sessions").await, sessions + 1);
    // A good login clears the name's failures.
    assert_eq!(
        app.store
            .throttle_count(Limit::LOGIN_NAME, "wang", T0 + 15 * MINUTE - 1)
            .await
            .unwrap(),
        0
    );
    app.finish().await;
}

#[tokio::test]
async fn ten_failures_from_one_address_across_names_hold_back_that_address_only() {
    let app = TestApp::with_clock(Clock::manual(T0)).await;
    app.store
        .add_user("li", PASSWORD, Role::Hr, None)
        .await
        .unwrap();
    for i in 0..10 {
        api_login(&app, "203.0.113.9", &format!("guess{i}"), "wrong password")
            .await
            .assert(401);
    }
    let sessions = app.rows("sessions").await;
    let refused = api_login(&app, "203.0.113.9", "li", PASSWORD).await;
    refused.assert(429);
    assert_eq!(refused.headers["retry-after"], "900");
    assert_eq!(app.rows("sessions").await, sessions);
    assert_eq!(
        app.store
            .throttle_count(Limit::LOGIN_ADDRESS, "203.0.113.9", T0)
            .await
            .unwrap(),
        10
    );
    // The name itself is not held back, from elsewhere.
    api_login(&app, "198.51.100.4", "li", PASSWORD)
        .await
        .assert(200);
    // A good login does not clear the address's failures.
    api_login(&app, "203.0.113.9", "li", PASSWORD)
        .await
        .assert(429);
    app.finish().await;
}

#[tokio::test]
async fn the_login_page_says_to_wait_in_the_readers_language_with_429() {
    let app = TestApp::with_clock(Clock::manual(T0)).await;
    app.store
        .add_user("zhao", PASSWORD, Role::Hr, None)
        .await
        .unwrap();
    for _ in 0..10 {
        page_login(&app, "10.0.0.3", "zhao", "wrong password")
            .await
            .assert(401);
    }
    let sessions = app.rows("sessions").await;
    let refused = page_login(&app, "10.0.0.3", "zhao", PASSWORD).await;
    refused.assert(429);
    assert_eq!(refused.headers["retry-after"], "900");
    assert!(
        refused.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let page = text(&refused);
    assert!(page.contains("Too many failed sign-ins"), "{page}");
    assert!(page.contains("15 min"), "{page}");
    // The form again, ready for later.
    assert!(page.contains("name=\"password\""), "{page}");
    assert!(cookie(&refused, "yardstick_session").is_none());
    assert_eq!(app.rows("sessions").await, sessions);
    app.finish().await;
}

#[tokio::test]
async fn an_unknown_name_runs_the_same_password_check_as_a_wrong_password() {
    let app = TestApp::new().await;
    app.store
        .add_user("wang", PASSWORD, Role::Hr, None)
        .await
        .unwrap();
    let before = app.store.password_verifications();
    api_login(&app, "10.0.0.1", "wang", "wrong password")
        .await
        .assert(401);
    assert_eq!(app.store.password_verifications(), before + 1);
    let unknown = api_login(&app, "10.0.0.1", "nobody", "wrong password").await;
    unknown.assert(401);
    assert_eq!(app.store.password_verifications(), before + 2);
    // And the same answer.
    let wrong = api_login(&app, "10.0.0.1", "wang", "wrong password").await;
    assert_eq!(unknown.body, wrong.body);
    app.finish().await;
}

#[tokio::test]
async fn thirty_one_wrong_rater_tokens_are_refused_and_then_so_is_a_right_one() {
    let clock = Clock::manual(T0);
    let app = TestApp::with_clock(clock.clone()).await;
    let hr = app.hr().await;
    let cycle = app.cycle(&hr, true).await;
    let token = app.rater_token(&hr, cycle, "M001").await;
    let attacker = "192.0.2.66";
    for i in 0..30 {
        let path = if i % 2 == 0 {
            format!("/api/v1/r/wrong{i:020}")
        } else {
            format!("/r/wrong{i:020}")
        };
        req("GET", &path)
            .peer(attacker)
            .send(&app)
            .await
            .assert(404);
    }
    let count = || async {
        app.store
            .throttle_count(Limit::RATER_ADDRESS, attacker, T0)
            .await
            .unwrap()
    };
    assert_eq!(count().await, 30);
    // The 31st: JSON on the API, in the reader's language.
    let api = req("GET", "/api/v1/r/wrong-thirty-first-token")
        .peer(attacker)
        .header("accept-language", "en")
        .send(&app)
        .await;
    api.assert(429);
    assert_eq!(api.headers["retry-after"], "60");
    assert!(
        api.message().contains("wrong rating links"),
        "{}",
        api.message()
    );
    // A right token from that address is held back too, as a page.
    let page = req("GET", &format!("/r/{token}"))
        .peer(attacker)
        .header("accept-language", "en")
        .send(&app)
        .await;
    page.assert(429);
    assert_eq!(page.headers["retry-after"], "60");
    assert!(text(&page).contains("Please wait"), "{}", text(&page));
    // A save from that address changes nothing.
    let body = json!({"answers": {"1.1": 5}, "submit": false});
    req("PUT", &format!("/api/v1/r/{token}/responses/M002"))
        .peer(attacker)
        .json(body.clone())
        .send(&app)
        .await
        .assert(429);
    let saved = req("GET", &format!("/api/v1/r/{token}/responses/M002"))
        .peer("192.0.2.1")
        .send(&app)
        .await;
    saved.assert(200);
    assert_eq!(saved.json()["status"], "pending");
    assert_eq!(count().await, 30);
    // Another address is served; and after a minute, so is this one.
    req("GET", &format!("/r/{token}"))
        .peer("192.0.2.1")
        .send(&app)
        .await
        .assert(200);
    clock.advance(MINUTE);
    req("GET", &format!("/r/{token}"))
        .peer(attacker)
        .send(&app)
        .await
        .assert(200);
    app.finish().await;
}

#[tokio::test]
async fn a_right_token_with_an_unknown_assessee_is_not_a_wrong_token() {
    let app = TestApp::with_clock(Clock::manual(T0)).await;
    let hr = app.hr().await;
    let cycle = app.cycle(&hr, true).await;
    let token = app.rater_token(&hr, cycle, "M001").await;
    for _ in 0..31 {
        req("GET", &format!("/api/v1/r/{token}/responses/NOBODY"))
            .peer("192.0.2.7")
            .send(&app)
            .await
            .assert(404);
    }
    assert_eq!(
        app.store
            .throttle_count(Limit::RATER_ADDRESS, "192.0.2.7", T0)
            .await
            .unwrap(),
        0
    );
    app.finish().await;
}

#[tokio::test]
async fn a_half_sent_request_is_closed_by_the_server() {
    let app = TestApp::new().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let timeouts = yardstick_web::Timeouts {
        head: Duration::from_millis(300),
        body_idle: Duration::from_millis(300),
    };
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(yardstick_web::serve(
        listener,
        app.app.clone(),
        timeouts,
        async {
            let _ = stopped.await;
        },
    ));

    // A whole request is answered.
    let mut whole = tokio::net::TcpStream::connect(addr).await.unwrap();
    whole
        .write_all(b"GET /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut answer = Vec::new();
    whole.read_to_end(&mut answer).await.unwrap();
    assert!(
        answer.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&answer)
    );

    // Half a head: the server closes the connection by itself.
    let mut half = tokio::net::TcpStream::connect(addr).await.unwrap();
    half.write_all(b"GET /login HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let mut rest = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(5), half.read_to_end(&mut rest)).await;
    assert!(closed.is_ok(), "the connection was still open after 5 s");

    // Half a body: the request fails and the connection ends.
    let mut body = tokio::net::TcpStream::connect(addr).await.unwrap();
    body.write_all(
        b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
          Content-Length: 100\r\n\r\n{\"username\":",
    )
    .await
    .unwrap();
    let mut rest = Vec::new();
    let ended = tokio::time::timeout(Duration::from_secs(5), body.read_to_end(&mut rest)).await;
    assert!(ended.is_ok(), "the connection was still open after 5 s");
    let rest = String::from_utf8_lossy(&rest);
    assert!(!rest.starts_with("HTTP/1.1 2"), "{rest}");

    let _ = stop.send(());
    tokio::time::timeout(Duration::from_secs(5), server)
        .await
        .expect("the server stops once asked")
        .unwrap();
    app.finish().await;
}
