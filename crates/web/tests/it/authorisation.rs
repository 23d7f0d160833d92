//! Who may call what: every endpoint against anonymous callers, a rater's token, another
//! rater's token, an employee, a manager, HR and an administrator. A rater's token is no
//! login, and a login opens no rater link.

mod world;

use serde_json::json;
use world::*;
use yardstick_store::Store;

use crate::common::{PASSWORD, PEOPLE_CSV, Req, model_toml};

type Call = fn(&World, Subject) -> Req;

/// Expected statuses, in the order anonymous, rater, other rater, employee, manager, HR, admin.
const HR_ONLY: [u16; 7] = [401, 401, 401, 403, 403, 200, 200];

fn table() -> Vec<(&'static str, Call, [u16; 7])> {
    vec![
        (
            "POST /session",
            |w, s| {
                w.req(s, "POST", "/api/v1/session")
                    .json(json!({"username": "hr", "password": PASSWORD}))
            },
            [200; 7],
        ),
        (
            "GET /me",
            |w, s| w.req(s, "GET", "/api/v1/me"),
            [401, 401, 401, 200, 200, 200, 200],
        ),
        (
            // A wrong current password: who may ask is told what is wrong, nothing changes.
            "PUT /me/password",
            |w, s| {
                w.req(s, "PUT", "/api/v1/me/password")
                    .json(json!({"current": "not the password", "new": "矩阵矩阵矩阵矩阵"}))
            },
            [401, 401, 401, 422, 422, 422, 422],
        ),
        (
            "GET /openapi.json",
            |w, s| w.req(s, "GET", "/api/v1/openapi.json"),
            [200; 7],
        ),
        (
            "GET /health",
            |w, s| w.req(s, "GET", "/api/v1/health"),
            [200; 7],
        ),
        (
            "GET /people",
            |w, s| w.req(s, "GET", "/api/v1/people"),
            HR_ONLY,
        ),
        (
            "POST /people/import",
            |w, s| {
                w.req(s, "POST", "/api/v1/people/import")
                    .raw("text/csv", PEOPLE_CSV)
            },
            HR_ONLY,
        ),
        (
            "PUT /people/{id}",
            |w, s| {
                w.req(s, "PUT", "/api/v1/people/S001").json(
                    json!({"name": "钱六", "department": "A区", "title": "主管", "superior": "M001"}),
                )
            },
            HR_ONLY,
        ),
        (
            "GET /users",
            |w, s| w.req(s, "GET", "/api/v1/users"),
            HR_ONLY,
        ),
        (
            // A new user name per caller: each may be created once.
            "POST /users",
            |w, s| {
                w.req(s, "POST", "/api/v1/users").json(json!({
                    "username": format!("matrix-{s:?}"), "password": "矩阵矩阵矩阵矩阵", "role": "employee"
                }))
            },
            [401, 401, 401, 403, 403, 201, 201],
        ),
        (
            "PUT /users/{id}",
            |w, s| {
                w.req(s, "PUT", &format!("/api/v1/users/{}", w.accounts.0))
                    .json(json!({"role": "employee", "person": "S002"}))
            },
            HR_ONLY,
        ),
        (
            "PUT /users/{id}/password",
            |w, s| {
                w.req(
                    s,
                    "PUT",
                    &format!("/api/v1/users/{}/password", w.accounts.1),
                )
                .json(json!({"password": "矩阵矩阵矩阵矩阵"}))
            },
            [401, 401, 401, 403, 403, 204, 204],
        ),
        (
            "GET /models",
            |w, s| w.req(s, "GET", "/api/v1/models"),
            HR_ONLY,
        ),
        (
            "POST /models",
            |w, s| {
                w.req(s, "POST", "/api/v1/models")
                    .raw("application/toml", model_toml("矩阵", true))
            },
            HR_ONLY,
        ),
        (
            "GET /models/{id}",
            |w, s| w.req(s, "GET", &format!("/api/v1/models/{}", w.model)),
            HR_ONLY,
        ),
        (
            "GET /models/{id}/export",
            |w, s| w.req(s, "GET", &format!("/api/v1/models/{}/export", w.model)),
            HR_ONLY,
        ),
        (
            "GET /cycles",
            |w, s| w.req(s, "GET", "/api/v1/cycles"),
            HR_ONLY,
        ),
        (
            "POST /cycles",
            |w, s| {
                w.req(s, "POST", "/api/v1/cycles")
                    .json(json!({"name": "x", "model": "builtin", "assessees": "all"}))
            },
            [401, 401, 401, 403, 403, 201, 201],
        ),
        (
            "GET /cycles/{id}",
            |w, s| w.req(s, "GET", &format!("/api/v1/cycles/{}", w.open)),
            HR_ONLY,
        ),
        (
            "POST /cycles/{id}/open",
            |w, s| w.req(s, "POST", &format!("/api/v1/cycles/{}/open", w.open)),
            HR_ONLY,
        ),
        (
            "POST /cycles/{id}/close",
            |w, s| w.req(s, "POST", &format!("/api/v1/cycles/{}/close", w.closed)),
            HR_ONLY,
        ),
        (
            "POST /cycles/{id}/publish",
            |w, s| {
                w.req(
                    s,
                    "POST",
                    &format!("/api/v1/cycles/{}/publish", w.published),
                )
            },
            HR_ONLY,
        ),
        (
            "GET /cycles/{id}/assignments",
            |w, s| w.req(s, "GET", &format!("/api/v1/cycles/{}/assignments", w.open)),
            HR_ONLY,
        ),
        (
            "POST /cycles/{id}/assignments",
            |w, s| {
                w.req(s, "POST", &format!("/api/v1/cycles/{}/assignments", w.open))
                    .json(json!({"auto": true}))
            },
            HR_ONLY,
        ),
        (
            "DELETE /cycles/{id}/assignments",
            |w, s| {
                w.req(
                    s,
                    "DELETE",
                    &format!("/api/v1/cycles/{}/assignments", w.open),
                )
                .json(json!({"rater": World::pick(s, w.removable), "assessee": "M003"}))
            },
            [401, 401, 401, 403, 403, 204, 204],
        ),
        (
            "GET /cycles/{id}/progress",
            |w, s| w.req(s, "GET", &format!("/api/v1/cycles/{}/progress", w.open)),
            HR_ONLY,
        ),
        (
            "GET /cycles/{id}/results",
            |w, s| w.req(s, "GET", &format!("/api/v1/cycles/{}/results", w.open)),
            HR_ONLY,
        ),
        (
            "GET /cycles/{id}/analytics",
            |w, s| w.req(s, "GET", &format!("/api/v1/cycles/{}/analytics", w.open)),
            HR_ONLY,
        ),
        (
            "GET /cycles/{id}/company",
            |w, s| w.req(s, "GET", &format!("/api/v1/cycles/{}/company", w.open)),
            HR_ONLY,
        ),
        (
            "POST /cycles/{id}/responses/reopen",
            |w, s| {
                let (rater, assessee) = World::pick(s, w.reopenable);
                w.req(
                    s,
                    "POST",
                    &format!("/api/v1/cycles/{}/responses/reopen", w.open),
                )
                .json(json!({"rater": rater, "assessee": assessee, "reason": "矩阵"}))
            },
            HR_ONLY,
        ),
        (
            // HR and the administrator each invalidate a response of their own.
            "POST /cycles/{id}/invalidations",
            |w, s| {
                let (rater, assessee) = World::pick(s, w.invalidatable);
                w.req(
                    s,
                    "POST",
                    &format!("/api/v1/cycles/{}/invalidations", w.open),
                )
                .json(json!({"rater": rater, "assessee": assessee, "reason": "矩阵"}))
            },
            [401, 401, 401, 403, 403, 201, 201],
        ),
        (
            "GET /cycles/{id}/invalidations",
            |w, s| {
                w.req(
                    s,
                    "GET",
                    &format!("/api/v1/cycles/{}/invalidations", w.open),
                )
            },
            HR_ONLY,
        ),
        (
            "DELETE /cycles/{id}/invalidations",
            |w, s| {
                let (rater, assessee) = World::pick(s, w.invalidatable);
                w.req(
                    s,
                    "DELETE",
                    &format!("/api/v1/cycles/{}/invalidations", w.open),
                )
                .json(json!({"rater": rater, "assessee": assessee}))
            },
            [401, 401, 401, 403, 403, 204, 204],
        ),
        (
            "GET /cycles/{id}/audit",
            |w, s| w.req(s, "GET", &format!("/api/v1/cycles/{}/audit", w.open)),
            HR_ONLY,
        ),
        (
            "GET /audit",
            |w, s| w.req(s, "GET", &format!("/api/v1/audit?cycle={}", w.open)),
            HR_ONLY,
        ),
        (
            "GET /cycles/{id}/notice",
            |w, s| w.req(s, "GET", &format!("/api/v1/cycles/{}/notice", w.open)),
            HR_ONLY,
        ),
        (
            "PUT /cycles/{id}/notice",
            |w, s| {
                w.req(s, "PUT", &format!("/api/v1/cycles/{}/notice", w.open))
                    .json(json!({"text": "矩阵"}))
            },
            HR_ONLY,
        ),
        (
            "POST /r/{token}/notice",
            |w, s| w.req(s, "POST", &format!("/api/v1/r/{}/notice", w.link(s))),
            [404, 204, 204, 404, 404, 404, 404],
        ),
        (
            "GET /r/{token}",
            |w, s| w.req(s, "GET", &format!("/api/v1/r/{}", w.link(s))),
            [404, 200, 200, 404, 404, 404, 404],
        ),
        (
            "GET /r/{token}/responses/{assessee}",
            |w, s| w.req(s, "GET", &format!("/api/v1/r/{}/responses/M002", w.link(s))),
            [404, 200, 404, 404, 404, 404, 404],
        ),
        (
            "PUT /r/{token}/responses/{assessee}",
            |w, s| {
                w.req(s, "PUT", &format!("/api/v1/r/{}/responses/M002", w.link(s)))
                    .json(json!({"answers": {"1.1": 3}, "submit": false}))
            },
            [404, 200, 404, 404, 404, 404, 404],
        ),
        (
            // The manager is M001, reading their own report; the employee is S002, below
            // M001 but no manager.
            "GET /cycles/{id}/reports/{assessee}",
            |w, s| {
                w.req(
                    s,
                    "GET",
                    &format!("/api/v1/cycles/{}/reports/M001", w.published),
                )
            },
            [401, 401, 401, 403, 200, 200, 200],
        ),
        (
            "GET /cycles/{id}/reports/{assessee}/export",
            |w, s| {
                w.req(
                    s,
                    "GET",
                    &format!(
                        "/api/v1/cycles/{}/reports/M001/export?format=csv",
                        w.published
                    ),
                )
            },
            [401, 401, 401, 403, 200, 200, 200],
        ),
        (
            "GET /cycles/{id}/company/export",
            |w, s| {
                w.req(
                    s,
                    "GET",
                    &format!("/api/v1/cycles/{}/company/export?format=csv", w.open),
                )
            },
            HR_ONLY,
        ),
        (
            "GET /me/reports",
            |w, s| w.req(s, "GET", "/api/v1/me/reports"),
            [401, 401, 401, 200, 200, 200, 200],
        ),
        (
            // No SMTP server is configured here: HR is let in and told so (409).
            "POST /cycles/{id}/reminders",
            |w, s| w.req(s, "POST", &format!("/api/v1/cycles/{}/reminders", w.open)),
            [401, 401, 401, 403, 403, 409, 409],
        ),
        (
            "PUT /cycles/{id}/retention",
            |w, s| {
                w.req(s, "PUT", &format!("/api/v1/cycles/{}/retention", w.closed))
                    .json(json!({"purge_on": "2099-12-31"}))
            },
            HR_ONLY,
        ),
        (
            "GET /people/{id}/erasure",
            |w, s| w.req(s, "GET", "/api/v1/people/M003/erasure"),
            HR_ONLY,
        ),
        (
            // M003 is in the open cycle: HR is let in and told the erasure must wait.
            "DELETE /people/{id}",
            |w, s| w.req(s, "DELETE", "/api/v1/people/M003"),
            [401, 401, 401, 403, 403, 409, 409],
        ),
        (
            // Deleting the closed cycle's raw responses changes no later row's answer; asked
            // again, it changes nothing.
            "POST /cycles/{id}/purge",
            |w, s| w.req(s, "POST", &format!("/api/v1/cycles/{}/purge", w.closed)),
            HR_ONLY,
        ),
        // Last: it ends the sessions the rows above use.
        (
            "DELETE /session",
            |w, s| w.req(s, "DELETE", "/api/v1/session"),
            [204; 7],
        ),
    ]
}

#[tokio::test]
async fn every_endpoint_answers_each_kind_of_caller_as_the_table_says() {
    let w = world().await;
    let mut wrong = Vec::new();
    let rows = table();
    assert_eq!(rows.len(), 51, "one row per operation");
    for (name, call, expected) in rows {
        for (s, want) in SUBJECTS.into_iter().zip(expected) {
            let reply = call(&w, s).send(&w.app).await;
            let got = reply.status.as_u16();
            if got != want {
                wrong.push(format!("{name} as {s:?}: {got}, expected {want}"));
            } else if got >= 400 {
                reply.errors();
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // After logging out, the sessions are gone.
    for s in [Employee, Manager, Hr, Admin] {
        w.req(s, "GET", "/api/v1/me").send(&w.app).await.assert(401);
    }
}

#[tokio::test]
async fn a_session_belongs_to_its_user_whatever_their_role() {
    let w = world().await;
    for (s, role) in [
        (Employee, "employee"),
        (Manager, "manager"),
        (Hr, "hr"),
        (Admin, "admin"),
    ] {
        let me = w
            .req(s, "GET", "/api/v1/me")
            .send(&w.app)
            .await
            .assert(200)
            .json();
        assert_eq!(me["role"], role);
    }
    let manager = w
        .req(Manager, "GET", "/api/v1/me")
        .send(&w.app)
        .await
        .json();
    assert_eq!(manager["person"], "M001");
    let forbidden = w.req(Employee, "GET", "/api/v1/people").send(&w.app).await;
    forbidden.assert(403);
    assert!(forbidden.message().contains("HR"));
    assert!(w.app.store.session_user(&w.rater).await.unwrap().is_none());
}
