//! The callers of the authorisation table and the world they act in: an open cycle with
//! two raters' links, a closed and a published cycle, and something for HR and for the
//! administrator each to remove, to reopen, and to invalidate and restore.

use serde_json::json;
use yardstick_store::{Role, Store};

use crate::common::{Req, TestApp, all, req};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    Anonymous,
    Rater,
    OtherRater,
    Employee,
    Manager,
    Hr,
    Admin,
}

pub use Subject::*;

pub const SUBJECTS: [Subject; 7] = [Anonymous, Rater, OtherRater, Employee, Manager, Hr, Admin];

pub struct World {
    pub app: TestApp,
    pub logins: Vec<(Subject, String)>,
    /// B001's link in the open cycle: superior of M001, M002 and M003.
    pub rater: String,
    /// S001's link: subordinate of M001 only.
    pub other_rater: String,
    pub open: i64,
    pub closed: i64,
    pub published: i64,
    pub model: i64,
    /// The external rater HR, and the one the administrator, removes.
    pub removable: [i64; 2],
    /// The rater whose submitted self-rating HR, and the administrator, reopens.
    pub reopenable: [(i64, &'static str); 2],
    /// The submitted response HR, and the one the administrator, invalidates and restores.
    pub invalidatable: [(i64, &'static str); 2],
    /// The user id of the employee, whose account HR and the administrator change (to what
    /// it is), and of a user who is no subject, whose password they set.
    pub accounts: (i64, i64),
}

impl World {
    /// What a subject sends as `Authorization: Bearer`: their session, or their rater token.
    pub fn bearer(&self, s: Subject) -> Option<&str> {
        match s {
            Anonymous => None,
            Rater => Some(&self.rater),
            OtherRater => Some(&self.other_rater),
            _ => self
                .logins
                .iter()
                .find(|(who, _)| *who == s)
                .map(|(_, t)| t.as_str()),
        }
    }

    /// The token a subject puts in a rater path.
    pub fn link(&self, s: Subject) -> &str {
        match s {
            Rater => &self.rater,
            OtherRater => &self.other_rater,
            _ => "no-such-token",
        }
    }

    pub fn req(&self, s: Subject, method: &str, path: &str) -> Req {
        let r = req(method, path);
        match self.bearer(s) {
            Some(token) => r.token(token),
            None => r,
        }
    }

    /// Which of two fixtures a subject uses (the administrator the second).
    pub fn pick<T: Copy>(s: Subject, two: [T; 2]) -> T {
        if s == Admin { two[1] } else { two[0] }
    }
}

pub async fn world() -> World {
    let app = TestApp::new().await;
    let mut logins = Vec::new();
    for (s, name, role, person) in [
        (Employee, "employee", Role::Employee, Some("S002")),
        (Manager, "manager", Role::Manager, Some("M001")),
        (Hr, "hr", Role::Hr, None),
        (Admin, "admin", Role::Admin, None),
    ] {
        logins.push((s, app.user(name, role, person).await));
    }
    let hr = logins[2].1.clone();
    let open = app.cycle(&hr, false).await;
    let ext = |name: &str| json!({"rater": {"name": name}, "assessee": "M003", "relationship": "customer"});
    let list = req("POST", &format!("/api/v1/cycles/{open}/assignments"))
        .token(&hr)
        .json(json!({"add": [ext("删除甲"), ext("删除乙")]}))
        .send(&app)
        .await
        .assert(200)
        .json();
    let rater_id = |name: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|a| a["rater_name"] == name || a["rater"] == name)
            .unwrap()["rater_id"]
            .as_i64()
            .unwrap()
    };
    let removable = [rater_id("删除甲"), rater_id("删除乙")];
    let reopenable = [(rater_id("M002"), "M002"), (rater_id("M003"), "M003")];
    let invalidatable = [(rater_id("B001"), "M001"), (rater_id("S001"), "M001")];
    req("POST", &format!("/api/v1/cycles/{open}/open"))
        .token(&hr)
        .send(&app)
        .await
        .assert(200);
    for (who, whom) in [
        ("M002", "M002"),
        ("M003", "M003"),
        ("B001", "M001"),
        ("S001", "M001"),
    ] {
        let token = app.rater_token(&hr, open, who).await;
        req("PUT", &format!("/api/v1/r/{token}/responses/{whom}"))
            .json(json!({"answers": all(4), "submit": true}))
            .send(&app)
            .await
            .assert(200);
    }
    let closed = app.cycle(&hr, true).await;
    req("POST", &format!("/api/v1/cycles/{closed}/close"))
        .token(&hr)
        .send(&app)
        .await
        .assert(200);
    let published = app.cycle(&hr, true).await;
    for to in ["close", "publish"] {
        req("POST", &format!("/api/v1/cycles/{published}/{to}"))
            .token(&hr)
            .send(&app)
            .await
            .assert(200);
    }
    let model = app.store.builtin_model().await.unwrap().id;
    let employee = app
        .store
        .session_user(&logins[0].1)
        .await
        .unwrap()
        .unwrap()
        .id;
    app.user("spare", Role::Employee, None).await;
    let spare = app.store.users().await.unwrap().pop().unwrap().id;
    World {
        rater: app.rater_token(&hr, open, "B001").await,
        other_rater: app.rater_token(&hr, open, "S001").await,
        app,
        logins,
        open,
        closed,
        published,
        model,
        removable,
        reopenable,
        invalidatable,
        accounts: (employee, spare),
    }
}
