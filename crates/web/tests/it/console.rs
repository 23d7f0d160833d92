//! Signing in and out, each user's home, and who reaches the console.

use yardstick_store::Role;

use crate::common::{PASSWORD, Reply, TestApp, req};

fn text(reply: &Reply) -> String {
    String::from_utf8(reply.body.to_vec()).unwrap()
}

/// The value of `name="field" value="…"` in a page.
fn field(page: &str, name: &str) -> String {
    let at = page.find(&format!("name=\"{name}\" value=\"")).unwrap();
    let rest = &page[at + name.len() + 15..];
    rest[..rest.find('"').unwrap()].to_string()
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

/// Signs in through the form: the answer to the POST, and the cookie of the login form.
async fn sign_in(app: &TestApp, username: &str, password: &str, next: &str) -> Reply {
    let form = req("GET", &format!("/login?next={next}")).send(app).await;
    form.assert(200);
    let login_cookie = cookie(&form, "yardstick_login").unwrap();
    let csrf = field(&text(&form), "csrf");
    req("POST", "/login")
        .header("cookie", &login_cookie)
        .raw(
            "application/x-www-form-urlencoded",
            format!("username={username}&password={password}&csrf={csrf}&next={next}"),
        )
        .send(app)
        .await
}

#[tokio::test]
async fn a_visitor_is_sent_to_login_and_back_to_where_they_were_going() {
    let app = TestApp::new().await;
    app.user("hr", Role::Hr, None).await;
    let root = req("GET", "/").send(&app).await;
    root.assert(303);
    assert_eq!(root.headers["location"], "/login");
    let console = req("GET", "/hr/").send(&app).await;
    console.assert(303);
    assert_eq!(console.headers["location"], "/login?next=%2Fhr%2F");
    let signed = sign_in(&app, "hr", &PASSWORD.replace(' ', "+"), "%2Fhr%2F").await;
    signed.assert(303);
    assert_eq!(signed.headers["location"], "/hr/");
    let session = cookie(&signed, "yardstick_session").unwrap();
    let set = signed
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .find(|c| c.starts_with("yardstick_session="))
        .unwrap();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax"),
        "{set}"
    );
    assert!(!set.contains("Secure"), "{set}");
    let page = req("GET", "/hr/")
        .header("cookie", &session)
        .send(&app)
        .await;
    page.assert(200);
    let page = text(&page);
    assert!(page.contains("考评周期"), "{page}");
    assert!(page.contains("还没有考评周期"));
    assert!(page.contains("action=\"/logout\""));
    let home = req("GET", "/").header("cookie", &session).send(&app).await;
    assert_eq!(home.headers["location"], "/hr/");
}

#[tokio::test]
async fn a_wrong_password_shows_the_form_again_with_a_message_and_no_session() {
    let app = TestApp::new().await;
    app.user("hr", Role::Hr, None).await;
    let wrong = sign_in(&app, "hr", "nope", "%2F").await;
    wrong.assert(401);
    let page = text(&wrong);
    assert!(page.contains("用户名或密码错误"), "{page}");
    assert!(page.contains("name=\"username\" value=\"hr\""));
    assert!(cookie(&wrong, "yardstick_session").is_none());
    let unknown = sign_in(&app, "nobody", "nope", "%2F").await;
    unknown.assert(401);
}

#[tokio::test]
async fn a_login_form_without_its_token_signs_nobody_in() {
    let app = TestApp::new().await;
    app.user("hr", Role::Hr, None).await;
    let password = PASSWORD.replace(' ', "+");
    for (cookie, csrf) in [("", "x"), ("yardstick_login=abc", "x"), ("", "")] {
        let reply = req("POST", "/login")
            .header("cookie", cookie)
            .raw(
                "application/x-www-form-urlencoded",
                format!("username=hr&password={password}&csrf={csrf}"),
            )
            .send(&app)
            .await;
        reply.assert(403);
        assert!(text(&reply).contains("登录表单已过期"));
        assert!(
            reply
                .headers
                .get_all("set-cookie")
                .iter()
                .all(|c| !c.to_str().unwrap().starts_with("yardstick_session=")),
        );
    }
}

#[tokio::test]
async fn only_addresses_of_this_site_are_followed_after_signing_in() {
    let app = TestApp::new().await;
    app.user("hr", Role::Hr, None).await;
    let password = PASSWORD.replace(' ', "+");
    let signed = sign_in(&app, "hr", &password, "%2F%2Fevil.example%2F").await;
    assert_eq!(signed.headers["location"], "/");
}

#[tokio::test]
async fn a_user_who_is_not_hr_gets_their_home_and_a_403_page_in_the_console() {
    let app = TestApp::new().await;
    app.user("m1", Role::Manager, Some("M001")).await;
    let password = PASSWORD.replace(' ', "+");
    let signed = sign_in(&app, "m1", &password, "%2F").await;
    let session = cookie(&signed, "yardstick_session").unwrap();
    let root = req("GET", "/").header("cookie", &session).send(&app).await;
    assert_eq!(root.headers["location"], "/home");
    let home = req("GET", "/home")
        .header("cookie", &session)
        .send(&app)
        .await;
    home.assert(200);
    assert!(text(&home).contains("m1,您好"));
    let console = req("GET", "/hr/")
        .header("cookie", &session)
        .header("accept-language", "en")
        .send(&app)
        .await;
    console.assert(403);
    assert!(text(&console).contains("Only an administrator or HR"));
    assert!(text(&console).contains("<!DOCTYPE html>"));
}

#[tokio::test]
async fn signing_out_needs_the_sessions_token_and_ends_the_session() {
    let app = TestApp::new().await;
    app.user("hr", Role::Hr, None).await;
    let password = PASSWORD.replace(' ', "+");
    let signed = sign_in(&app, "hr", &password, "%2Fhr%2F").await;
    let session = cookie(&signed, "yardstick_session").unwrap();
    let page = text(
        &req("GET", "/hr/")
            .header("cookie", &session)
            .send(&app)
            .await,
    );
    let csrf = field(&page, "csrf");
    let forged = req("POST", "/logout")
        .header("cookie", &session)
        .raw("application/x-www-form-urlencoded", "csrf=forged")
        .send(&app)
        .await;
    forged.assert(403);
    req("GET", "/hr/")
        .header("cookie", &session)
        .send(&app)
        .await
        .assert(200);
    let out = req("POST", "/logout")
        .header("cookie", &session)
        .raw("application/x-www-form-urlencoded", format!("csrf={csrf}"))
        .send(&app)
        .await;
    out.assert(303);
    assert_eq!(out.headers["location"], "/login");
    let after = req("GET", "/hr/")
        .header("cookie", &session)
        .send(&app)
        .await;
    after.assert(303);
}
