//! The HR console's models pages, the cycle wizard and a cycle's assignments page: who may
//! see them, what they show, every problem in the reader's language with nothing changed,
//! and the whole way from a new cycle to an open one.

mod assignments;
mod models;
mod wizard;

use yardstick_store::{Role, Store};

use crate::common::{Reply, Req, TestApp, req};

/// The page's text, after checking its status.
#[track_caller]
pub(crate) fn page(reply: &Reply, status: u16) -> String {
    reply.assert(status);
    let text = String::from_utf8(reply.body.to_vec()).unwrap();
    assert!(text.starts_with("<!DOCTYPE html>"), "{text}");
    // Quotes as they read, so that messages can be looked for as written.
    text.replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

/// `fields` url-encoded.
pub(crate) fn encode(fields: &[(&str, &str)]) -> String {
    crate::common::urlencoded(fields)
}

/// A signed-in HR visitor of the pages.
pub(crate) struct Hr {
    pub session: String,
    pub csrf: String,
}

impl Hr {
    pub(crate) async fn new(app: &TestApp) -> Hr {
        let session = app.hr().await;
        Hr {
            csrf: app.session_csrf(&session),
            session,
        }
    }

    pub(crate) fn get(&self, path: &str) -> Req {
        req("GET", path).header("cookie", &format!("yardstick_session={}", self.session))
    }

    /// A form posted with the session's CSRF token.
    pub(crate) fn post(&self, path: &str, fields: &[(&str, &str)]) -> Req {
        let mut all = fields.to_vec();
        all.push(("csrf", &self.csrf));
        self.post_bare(path, &all)
    }

    /// A form posted as it is (without a token unless `fields` has one).
    pub(crate) fn post_bare(&self, path: &str, fields: &[(&str, &str)]) -> Req {
        req("POST", path)
            .header("cookie", &format!("yardstick_session={}", self.session))
            .raw("application/x-www-form-urlencoded", encode(fields))
    }
}

/// Every page and form of this part: a visitor goes to the login page, a manager and an
/// employee get a 403 page.
#[tokio::test]
async fn only_hr_reaches_the_models_the_wizard_and_the_assignments() {
    let app = TestApp::new().await;
    let hr = Hr::new(&app).await;
    let cycle = app.cycle(&hr.session, false).await;
    let manager = app.user("m1", Role::Manager, Some("M001")).await;
    let employee = app.user("e1", Role::Employee, Some("S001")).await;
    let gets = [
        "/hr/models".to_string(),
        "/hr/models/1".to_string(),
        "/hr/models/1/export".to_string(),
        "/hr/models/import".to_string(),
        "/hr/cycles/new".to_string(),
        format!("/hr/cycles/{cycle}/assignments"),
    ];
    for path in &gets {
        let reply = hr.get(path).send(&app).await;
        reply.assert(200);
        let body = String::from_utf8(reply.body.to_vec()).unwrap();
        assert!(
            !body.contains("<script") || body.contains("<script src=\"/static/"),
            "{path}"
        );
        for inline in [" style=\"", " onclick=", " onchange=", " onsubmit="] {
            assert!(!body.contains(inline), "{path}: {inline}");
        }
        let visitor = req("GET", path).send(&app).await;
        visitor.assert(303);
        let location = visitor.headers["location"].to_str().unwrap();
        assert!(location.starts_with("/login?next="), "{path}: {location}");
        for user in [&manager, &employee] {
            let reply = req("GET", path)
                .header("cookie", &format!("yardstick_session={user}"))
                .send(&app)
                .await;
            assert!(page(&reply, 403).contains("管理员或 HR"), "{path}");
        }
    }
    let posts = [
        "/hr/models/import".to_string(),
        "/hr/cycles/new".to_string(),
        format!("/hr/cycles/{cycle}/assignments/auto"),
        format!("/hr/cycles/{cycle}/assignments/add"),
        format!("/hr/cycles/{cycle}/assignments/remove"),
        format!("/hr/cycles/{cycle}/notice"),
        format!("/hr/cycles/{cycle}/open"),
    ];
    for path in &posts {
        let visitor = req("POST", path)
            .raw("application/x-www-form-urlencoded", "csrf=x")
            .send(&app)
            .await;
        visitor.assert(303);
        for user in [&manager, &employee] {
            let csrf = app.session_csrf(user);
            let reply = req("POST", path)
                .header("cookie", &format!("yardstick_session={user}"))
                .raw("application/x-www-form-urlencoded", format!("csrf={csrf}"))
                .send(&app)
                .await;
            page(&reply, 403);
        }
    }
    let c = app.store.cycle(cycle).await.unwrap();
    assert_eq!(c.state, yardstick_store::CycleState::Draft);
}
