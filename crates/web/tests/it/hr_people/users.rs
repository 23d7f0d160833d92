//! `/hr/users`: the list, creating a user, changing a role or person, and setting a new
//! password — which works at once, while the old one and the user's sessions do not.

use serde_json::json;
use yardstick_store::{Role, Store};

use super::{browser, html};
use crate::common::{PASSWORD, TestApp, req};

/// Logs in through the API: the status.
async fn login(app: &TestApp, username: &str, password: &str) -> u16 {
    req("POST", "/api/v1/session")
        .json(json!({"username": username, "password": password}))
        .send(app)
        .await
        .status
        .as_u16()
}

#[tokio::test]
async fn hr_creates_a_user_who_signs_in_with_the_first_password() {
    let app = TestApp::new().await;
    let hr = browser(&app, "hr", Role::Hr, None).await;
    let page = html(&hr.get(&app, "/hr/users").await, 200);
    assert!(page.contains("<td>hr</td><td>人力资源</td>"), "{page}");
    assert!(
        page.contains("<option value=\"M001\">M001 张三 · A区</option>"),
        "{page}"
    );
    // HR is not offered the administrator's role.
    assert!(!page.contains("<option value=\"admin\""), "{page}");
    assert!(
        page.contains("<option value=\"employee\" selected>"),
        "{page}"
    );

    // Every problem at once, and what was typed kept (never the passwords).
    let reply = hr
        .post(
            &app,
            "/hr/users",
            &[
                ("username", "hr"),
                ("role", "manager"),
                ("person", "NOBODY"),
                ("password", "short"),
                ("repeat", "short"),
            ],
        )
        .await;
    let page = html(&reply, 422);
    assert!(page.contains("密码至少需要 8 个字符"), "{page}");
    assert!(page.contains("id=\"password-problem\""), "{page}");
    let mismatch = hr
        .post(
            &app,
            "/hr/users",
            &[
                ("username", "wang"),
                ("role", "manager"),
                ("password", "long enough"),
                ("repeat", "long enougH"),
            ],
        )
        .await;
    let page = html(&mismatch, 422);
    assert!(page.contains("两次输入的密码不一样"), "{page}");
    assert!(page.contains("name=\"username\" value=\"wang\""), "{page}");
    assert!(!page.contains("long enough"));
    let taken = hr
        .post(
            &app,
            "/hr/users",
            &[
                ("username", "hr"),
                ("role", "manager"),
                ("password", "long enough"),
                ("repeat", "long enough"),
            ],
        )
        .await;
    let page = html(&taken, 422);
    assert!(page.contains("id=\"username-problem\""), "{page}");
    // An administrator is for administrators to make.
    let admin = hr
        .post(
            &app,
            "/hr/users",
            &[
                ("username", "boss"),
                ("role", "admin"),
                ("password", "long enough"),
                ("repeat", "long enough"),
            ],
        )
        .await;
    html(&admin, 403);
    assert_eq!(app.store.users().await.unwrap().len(), 1, "nobody created");

    let created = hr
        .post(
            &app,
            "/hr/users",
            &[
                ("username", "wang"),
                ("role", "manager"),
                ("person", "M001"),
                ("password", "王经理的密码很长很长"),
                ("repeat", "王经理的密码很长很长"),
            ],
        )
        .await;
    created.assert(303);
    let location = created.headers["location"].to_str().unwrap().to_string();
    let list = html(&hr.get(&app, &location).await, 200);
    assert!(list.contains("已创建用户 wang。"), "{list}");
    assert!(
        list.contains("<td>wang</td><td>经理</td><td>M001 张三</td>"),
        "{list}"
    );
    assert!(list.contains("创建用户"), "the audit log: {list}");
    assert_eq!(login(&app, "wang", "王经理的密码很长很长").await, 200);
    let wang = app
        .store
        .login("wang", "王经理的密码很长很长")
        .await
        .unwrap()
        .user;
    assert_eq!(
        (wang.role, wang.person_id.as_deref()),
        (Role::Manager, Some("M001"))
    );

    // An administrator may make another.
    let admin = browser(&app, "root", Role::Admin, None).await;
    let page = html(&admin.get(&app, "/hr/users").await, 200);
    assert!(page.contains("<option value=\"admin\""), "{page}");
    admin
        .post(
            &app,
            "/hr/users",
            &[
                ("username", "boss"),
                ("role", "admin"),
                ("password", "long enough"),
                ("repeat", "long enough"),
            ],
        )
        .await
        .assert(303);
}

#[tokio::test]
async fn hr_sets_a_new_password_the_new_one_works_and_the_old_one_and_sessions_do_not() {
    let app = TestApp::new().await;
    let hr = browser(&app, "hr", Role::Hr, None).await;
    let session = app.user("li", Role::Employee, Some("S001")).await;
    let li = app.store.session_user(&session).await.unwrap().unwrap();
    let path = format!("/hr/users/{}/password", li.id);
    let page = html(&hr.get(&app, &format!("/hr/users/{}", li.id)).await, 200);
    assert!(page.contains(&format!("action=\"{path}\"")), "{page}");

    let short = hr
        .post(&app, &path, &[("password", "short"), ("repeat", "short")])
        .await;
    let page = html(&short, 422);
    assert!(page.contains("id=\"password-problem\""), "{page}");
    let mismatch = hr
        .post(
            &app,
            &path,
            &[("password", "a new password"), ("repeat", "another one")],
        )
        .await;
    html(&mismatch, 422);
    assert_eq!(login(&app, "li", PASSWORD).await, 200, "nothing changed");

    let done = hr
        .post(
            &app,
            &path,
            &[("password", "a new password"), ("repeat", "a new password")],
        )
        .await;
    done.assert(303);
    let list = html(
        &hr.get(&app, done.headers["location"].to_str().unwrap())
            .await,
        200,
    );
    assert!(list.contains("已为 li 设置新密码"), "{list}");
    assert_eq!(login(&app, "li", "a new password").await, 200);
    assert_eq!(login(&app, "li", PASSWORD).await, 401);
    req("GET", "/api/v1/me")
        .token(&session)
        .send(&app)
        .await
        .assert(401);
}

#[tokio::test]
async fn hr_changes_a_role_and_person_but_not_an_administrators_account() {
    let app = TestApp::new().await;
    let hr = browser(&app, "hr", Role::Hr, None).await;
    let session = app.user("li", Role::Employee, Some("S001")).await;
    let li = app.store.session_user(&session).await.unwrap().unwrap();
    let path = format!("/hr/users/{}", li.id);
    let page = html(&hr.get(&app, &path).await, 200);
    assert!(page.contains("<option value=\"S001\" selected>"), "{page}");
    let bad = hr
        .post(&app, &path, &[("role", "boss"), ("person", "S001")])
        .await;
    let page = html(&bad, 422);
    assert!(page.contains("“boss”不是角色"), "{page}");
    let unknown = hr
        .post(&app, &path, &[("role", "manager"), ("person", "NOBODY")])
        .await;
    let page = html(&unknown, 422);
    assert!(page.contains("id=\"person-problem\""), "{page}");
    html(
        &hr.post(&app, &path, &[("role", "admin"), ("person", "")])
            .await,
        403,
    );
    let saved = hr
        .post(&app, &path, &[("role", "manager"), ("person", "M001")])
        .await;
    saved.assert(303);
    let now = app.store.session_user(&session).await.unwrap().unwrap();
    assert_eq!(
        (now.role, now.person_id.as_deref()),
        (Role::Manager, Some("M001"))
    );
    let list = html(
        &hr.get(&app, saved.headers["location"].to_str().unwrap())
            .await,
        200,
    );
    assert!(list.contains("已保存用户 li。"), "{list}");
    assert!(list.contains("role employee → manager"), "{list}");

    // An administrator's account: HR sees it in the list, without a way to change it.
    let admin = browser(&app, "root", Role::Admin, None).await;
    let root = app.store.users().await.unwrap().pop().unwrap();
    let admin_path = format!("/hr/users/{}", root.id);
    let list = html(&hr.get(&app, "/hr/users").await, 200);
    assert!(list.contains("<td>root</td><td>管理员</td>"), "{list}");
    assert!(!list.contains(&format!("href=\"{admin_path}\"")), "{list}");
    html(&hr.get(&app, &admin_path).await, 403);
    html(
        &hr.post(
            &app,
            &format!("{admin_path}/password"),
            &[("password", "taken over!"), ("repeat", "taken over!")],
        )
        .await,
        403,
    );
    assert_eq!(login(&app, "root", PASSWORD).await, 200);
    // The administrator can.
    html(&admin.get(&app, &admin_path).await, 200);
}
