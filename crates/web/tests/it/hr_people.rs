//! The console's people and users pages, and the API that keeps people and users: who may
//! open each page, uploads previewed before anything is stored, the edit forms' problems,
//! users created and passwords set by HR.

mod api;
mod people;
mod users;

use yardstick_store::Role;

use crate::common::{Reply, TestApp, req};

/// A signed-in user of `role`: the `Cookie` header of their session and the CSRF token of
/// their forms.
pub struct Browser {
    pub cookie: String,
    pub csrf: String,
}

pub async fn browser(app: &TestApp, name: &str, role: Role, person: Option<&str>) -> Browser {
    let token = app.user(name, role, person).await;
    Browser {
        cookie: format!("yardstick_session={token}"),
        csrf: app.session_csrf(&token),
    }
}

/// The page's text after checking its status and that it is HTML.
#[track_caller]
pub fn html(reply: &Reply, status: u16) -> String {
    reply.assert(status);
    let kind = reply.headers.get("content-type").unwrap().to_str().unwrap();
    assert_eq!(kind, "text/html; charset=utf-8");
    String::from_utf8(reply.body.to_vec()).unwrap()
}

impl Browser {
    pub async fn get(&self, app: &TestApp, path: &str) -> Reply {
        req("GET", path)
            .header("cookie", &self.cookie)
            .send(app)
            .await
    }

    /// Posts a form (`application/x-www-form-urlencoded`) with the session's CSRF token.
    pub async fn post(&self, app: &TestApp, path: &str, fields: &[(&str, &str)]) -> Reply {
        let mut all = vec![("csrf", self.csrf.as_str())];
        all.extend_from_slice(fields);
        req("POST", path)
            .header("cookie", &self.cookie)
            .raw("application/x-www-form-urlencoded", urlencoded(&all))
            .send(app)
            .await
    }

    /// Posts a multipart form with the session's CSRF token: text fields, and a file
    /// (`file`) when given as (file name, bytes).
    pub async fn upload(
        &self,
        app: &TestApp,
        fields: &[(&str, &str)],
        file: Option<(&str, &[u8])>,
    ) -> Reply {
        let mut all = vec![("csrf", self.csrf.as_str())];
        all.extend_from_slice(fields);
        let (kind, body) = multipart(&all, file);
        req("POST", "/hr/people")
            .header("cookie", &self.cookie)
            .raw(&kind, body)
            .send(app)
            .await
    }
}

pub use crate::common::urlencoded;

/// A `multipart/form-data` body and its content type.
pub fn multipart(fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> (String, Vec<u8>) {
    const BOUNDARY: &str = "yardstick-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    if let Some((file_name, bytes)) = file {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; \
                 filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={BOUNDARY}"), body)
}

/// The value of the hidden field `name` in a page.
pub fn hidden(page: &str, name: &str) -> String {
    let start = format!("name=\"{name}\" value=\"");
    let at = page
        .find(&start)
        .unwrap_or_else(|| panic!("no field {name} in {page}"));
    let rest = &page[at + start.len()..];
    rest[..rest.find('"').unwrap()].to_string()
}

#[tokio::test]
async fn only_hr_opens_the_people_and_users_pages_and_a_visitor_is_sent_to_login() {
    let app = TestApp::new().await;
    let hr = browser(&app, "hr", Role::Hr, None).await;
    let manager = browser(&app, "manager", Role::Manager, Some("M001")).await;
    let employee = browser(&app, "employee", Role::Employee, Some("S001")).await;
    let id = yardstick_store::Store::users(app.store.as_ref())
        .await
        .unwrap()[2]
        .id;
    let user_page = format!("/hr/users/{id}");
    for path in [
        "/hr/people",
        "/hr/people/M001",
        "/hr/users",
        user_page.as_str(),
    ] {
        let page = html(&hr.get(&app, path).await, 200);
        assert!(
            page.contains("href=\"/hr/people\""),
            "{path}: the navigation"
        );
        assert!(
            page.contains("href=\"/hr/users\""),
            "{path}: the navigation"
        );
        // No inline script or style: the Content-Security-Policy allows none.
        assert!(
            !page.contains("<script>") && !page.contains(" style=\""),
            "{path}"
        );
        assert!(
            !page.contains(" onclick=") && !page.contains(" onchange="),
            "{path}"
        );
        for who in [&manager, &employee] {
            let refused = who.get(&app, path).await;
            let page = html(&refused, 403);
            assert!(page.contains("只有管理员或 HR 可以打开"), "{path}: {page}");
        }
        let visitor = req("GET", path).send(&app).await;
        visitor.assert(303);
        let location = visitor.headers["location"].to_str().unwrap();
        assert!(location.starts_with("/login?next=%2Fhr%2F"), "{location}");
    }
    // Forms refuse the others too, before reading anything.
    for who in [&manager, &employee] {
        who.post(&app, "/hr/people/M001", &[("name", "x")])
            .await
            .assert(403);
        who.post(&app, "/hr/users", &[("username", "x")])
            .await
            .assert(403);
        who.upload(&app, &[], Some(("p.csv", b"id,name\n")))
            .await
            .assert(403);
    }
    // An unknown person or user is a 404 page.
    html(&hr.get(&app, "/hr/people/NOBODY").await, 404);
    html(&hr.get(&app, "/hr/users/9999").await, 404);
    html(&hr.get(&app, "/hr/users/abc").await, 404);
}
