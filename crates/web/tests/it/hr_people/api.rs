//! The API that keeps people and users: `PUT /people/{id}`, `GET`/`POST /users`,
//! `PUT /users/{id}` and `PUT /users/{id}/password`.

use serde_json::json;
use yardstick_store::{Role, Store};

use crate::common::{PASSWORD, TestApp, req};

#[tokio::test]
async fn a_person_is_replaced_by_the_rules_of_the_people_file() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let put = |id: &str, body: serde_json::Value| {
        req("PUT", &format!("/api/v1/people/{id}"))
            .token(&hr)
            .json(body)
    };
    let reply = put(
        "S001",
        json!({"name": " 钱六 ", "department": "B区", "title": "主管", "superior": "M002",
               "email": "qian@example.com"}),
    )
    .send(&app)
    .await;
    assert_eq!(
        reply.assert(200).json(),
        json!({"id": "S001", "name": "钱六", "department": "B区", "title": "主管",
               "superior": "M002", "email": "qian@example.com", "phone": null})
    );
    let stored = app.store.people().await.unwrap();
    assert_eq!(stored[4].department, "B区", "stored, in its place");

    // 404 before 422: an unknown id whatever the body.
    let unknown = put("NOBODY", json!({"bad": 1})).send(&app).await;
    unknown.assert(404);
    assert_eq!(unknown.fields(), ["id"]);
    // Each field named, in English too.
    let bad = put(
        "S001",
        json!({"name": "", "department": "x".repeat(201), "title": "t\u{1b}", "superior": "S001",
               "phone": "1\n2"}),
    )
    .header("accept-language", "en")
    .send(&app)
    .await;
    bad.assert(422);
    assert_eq!(
        bad.fields(),
        ["name", "department", "title", "phone", "superior"]
    );
    assert!(
        bad.errors()[4]["message"]
            .as_str()
            .unwrap()
            .contains("their own superior"),
        "{:?}",
        bad.errors()
    );
    let lp = put(
        "B001",
        json!({"name": "赵总", "department": "总部", "title": "总经理", "superior": "S002"}),
    )
    .send(&app)
    .await;
    lp.assert(422);
    assert_eq!(lp.fields(), ["superior"]);
    assert!(
        lp.message().contains("B001 → S002 → M001 → B001"),
        "{}",
        lp.message()
    );
    let unknown_field = put(
        "S001",
        json!({"name": "x", "department": "", "title": "", "boss": 1}),
    )
    .send(&app)
    .await;
    unknown_field.assert(422);
    req("PUT", "/api/v1/people/S001")
        .token(&hr)
        .raw("text/plain", "x")
        .send(&app)
        .await
        .assert(415);
    let after = app.store.people().await.unwrap();
    assert_eq!(after, stored, "nothing changed");
}

#[tokio::test]
async fn hr_keeps_users_through_the_api() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let create = |body: serde_json::Value| req("POST", "/api/v1/users").token(&hr).json(body);
    let wang = create(
        json!({"username": "wang", "password": "wang's password", "role": "manager",
                             "person": "M001"}),
    )
    .send(&app)
    .await;
    let wang = wang.assert(201).json();
    assert_eq!(wang["role"], "manager");
    assert_eq!(wang["person"], "M001");
    let id = wang["id"].as_i64().unwrap();
    let list = req("GET", "/api/v1/users")
        .token(&hr)
        .send(&app)
        .await
        .assert(200)
        .json();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["hr", "wang"]);
    assert!(list[1].get("password").is_none() && list[1].get("password_hash").is_none());

    create(json!({"username": "wang", "password": "another password", "role": "hr"}))
        .send(&app)
        .await
        .assert(409);
    let bad = create(json!({"username": " ", "password": "short", "role": "boss"}))
        .send(&app)
        .await;
    bad.assert(422);
    assert_eq!(bad.fields(), ["role"]);
    let bad =
        create(json!({"username": " ", "password": "short", "role": "hr", "person": "NOBODY"}))
            .send(&app)
            .await;
    bad.assert(422);
    assert_eq!(bad.fields(), ["username", "password"]);
    let admin = create(json!({"username": "boss", "password": "long enough", "role": "admin"}))
        .send(&app)
        .await;
    admin.assert(403);
    assert!(admin.message().contains("管理员"), "{}", admin.message());

    // A role and a person changed; a field left out stays, null unlinks.
    let path = format!("/api/v1/users/{id}");
    let changed = req("PUT", &path)
        .token(&hr)
        .json(json!({"role": "hr"}))
        .send(&app)
        .await
        .assert(200)
        .json();
    assert_eq!(
        (changed["role"].as_str(), changed["person"].as_str()),
        (Some("hr"), Some("M001"))
    );
    let changed = req("PUT", &path)
        .token(&hr)
        .json(json!({"person": null}))
        .send(&app)
        .await
        .assert(200)
        .json();
    assert_eq!(changed["person"], serde_json::Value::Null);
    assert_eq!(changed["role"], "hr");
    let unknown = req("PUT", "/api/v1/users/9999")
        .token(&hr)
        .json(json!({"nonsense": true}))
        .send(&app)
        .await;
    unknown.assert(404);
    assert_eq!(unknown.fields(), ["id"]);
    req("PUT", "/api/v1/users/abc")
        .token(&hr)
        .json(json!({}))
        .send(&app)
        .await
        .assert(404);
    let bad = req("PUT", &path)
        .token(&hr)
        .json(json!({"person": "NOBODY"}))
        .send(&app)
        .await;
    bad.assert(422);
    assert_eq!(bad.fields(), ["person"]);
    req("PUT", &path)
        .token(&hr)
        .json(json!({"role": "admin"}))
        .send(&app)
        .await
        .assert(403);

    // A new password: it works, the old one and the user's sessions do not.
    let session = app
        .store
        .login("wang", "wang's password")
        .await
        .unwrap()
        .token;
    let reset = format!("/api/v1/users/{id}/password");
    let short = req("PUT", &reset)
        .token(&hr)
        .json(json!({"password": "short"}))
        .send(&app)
        .await;
    short.assert(422);
    assert_eq!(short.fields(), ["password"]);
    req("PUT", "/api/v1/users/9999/password")
        .token(&hr)
        .json(json!({"password": "short"}))
        .send(&app)
        .await
        .assert(404);
    req("PUT", &reset)
        .token(&hr)
        .json(json!({"password": "a brand new one"}))
        .send(&app)
        .await
        .assert(204);
    req("GET", "/api/v1/me")
        .token(&session)
        .send(&app)
        .await
        .assert(401);
    for (password, status) in [("wang's password", 401), ("a brand new one", 200)] {
        req("POST", "/api/v1/session")
            .json(json!({"username": "wang", "password": password}))
            .send(&app)
            .await
            .assert(status);
    }
    // Each change is in the audit log, with who made it.
    let log = app.store.account_audit(10).await.unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "user.password_reset",
            "user.update",
            "user.update",
            "user.create",
            "user.create",
            "people.import"
        ]
    );
    assert!(log[..4].iter().all(|e| e.user.as_deref() == Some("hr")));
}

#[tokio::test]
async fn only_an_administrator_changes_an_administrators_account() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let admin = app.user("root", Role::Admin, None).await;
    let root = app.store.session_user(&admin).await.unwrap().unwrap();
    let other = app.user("root2", Role::Admin, None).await;
    let root2 = app.store.session_user(&other).await.unwrap().unwrap();
    let calls = [
        ("", json!({"role": "employee"})),
        ("/password", json!({"password": "taken over!"})),
    ];
    for (tail, body) in calls {
        let path = |id: i64| format!("/api/v1/users/{id}{tail}");
        req("PUT", &path(root.id))
            .token(&hr)
            .json(body.clone())
            .send(&app)
            .await
            .assert(403);
        let ok = req("PUT", &path(root2.id))
            .token(&admin)
            .json(body)
            .send(&app)
            .await;
        assert!(ok.status.is_success(), "{}: {}", path(root2.id), ok.status);
    }
    req("POST", "/api/v1/session")
        .json(json!({"username": "root", "password": PASSWORD}))
        .send(&app)
        .await
        .assert(200);
    // The administrator may give the role.
    let made = req("POST", "/api/v1/users")
        .token(&admin)
        .json(json!({"username": "root3", "password": "long enough", "role": "admin"}))
        .send(&app)
        .await;
    assert_eq!(made.assert(201).json()["role"], "admin");
}
