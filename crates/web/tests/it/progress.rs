//! The console's cycle pages: the overview, a cycle's summary with closing and publishing
//! through their confirmation, the progress page with reopening, the QR sheet, and
//! reminders by e-mail through an SMTP server the test starts.

mod smtp;

use serde_json::json;
use yardstick_store::{CycleState, Role, Store};

use crate::common::{Reply, TestApp, all, put, req};

pub(crate) fn text(reply: &Reply) -> String {
    String::from_utf8(reply.body.to_vec()).unwrap()
}

/// A GET of a console page with the session `session`.
pub(crate) async fn get(app: &TestApp, session: &str, path: &str) -> Reply {
    req("GET", path)
        .header("cookie", &format!("yardstick_session={session}"))
        .header("host", "360.test:8080")
        .send(app)
        .await
}

/// A form POST with the session's CSRF token (or `csrf` when given).
pub(crate) async fn post(
    app: &TestApp,
    session: &str,
    path: &str,
    fields: &[(&str, &str)],
    csrf: Option<&str>,
) -> Reply {
    let token = csrf.map_or_else(|| app.session_csrf(session), str::to_string);
    let mut body: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    body.push(format!("csrf={token}"));
    req("POST", path)
        .header("cookie", &format!("yardstick_session={session}"))
        .header("host", "360.test:8080")
        .raw("application/x-www-form-urlencoded", body.join("&"))
        .send(app)
        .await
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn the_cycle_pages_are_for_hr_and_others_get_a_403_page_or_the_login() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = app.cycle(&hr, true).await;
    let manager = app.user("m1", Role::Manager, Some("M001")).await;
    let employee = app.user("e1", Role::Employee, Some("S001")).await;
    let paths = [
        "/hr/".to_string(),
        format!("/hr/cycles/{id}"),
        format!("/hr/cycles/{id}/progress"),
        format!("/hr/cycles/{id}/qr"),
        format!("/hr/cycles/{id}/close"),
    ];
    for path in &paths {
        let page = get(&app, &hr, path).await;
        page.assert(200);
        let body = text(&page);
        assert!(!body.contains(" style=\""), "{path}");
        assert!(!body.contains("<script>"), "{path}");
        for other in [&manager, &employee] {
            let refused = get(&app, other, path).await;
            refused.assert(403);
            assert!(text(&refused).contains("HR"), "{path}");
        }
        let visitor = req("GET", path).send(&app).await;
        visitor.assert(303);
        assert!(
            visitor.headers["location"]
                .to_str()
                .unwrap()
                .starts_with("/login?next=%2Fhr%2F"),
            "{path}"
        );
    }
    for path in [
        format!("/hr/cycles/{id}/close"),
        format!("/hr/cycles/{id}/progress/reopen"),
        format!("/hr/cycles/{id}/progress/remind"),
    ] {
        post(&app, &manager, &path, &[], None).await.assert(403);
    }
    assert_eq!(
        app.store.cycle(id).await.unwrap().state,
        CycleState::Open,
        "a manager's POST changed nothing"
    );
    // Unknown or malformed ids are 404 pages.
    get(&app, &hr, "/hr/cycles/999").await.assert(404);
    get(&app, &hr, "/hr/cycles/abc/progress").await.assert(404);
}

#[tokio::test]
async fn the_overview_shows_each_cycle_with_its_state_rate_and_next_step() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let draft = app.cycle(&hr, false).await;
    let open = app.cycle(&hr, true).await;
    let boss = app.rater_token(&hr, open, "B001").await;
    put(&boss, "M001", json!({"answers": all(4), "submit": true}))
        .send(&app)
        .await
        .assert(200);
    let page = text(&get(&app, &hr, "/hr/").await);
    assert!(page.contains("href=\"/hr/cycles/new\""), "{page}");
    assert!(page.contains(&format!("href=\"/hr/cycles/{draft}\"")));
    assert!(page.contains(&format!("href=\"/hr/cycles/{draft}/assignments\"")));
    assert!(page.contains(&format!("href=\"/hr/cycles/{open}/progress\"")));
    assert!(page.contains(&format!("href=\"/hr/cycles/{open}/close\"")));
    assert!(page.contains("草稿") && page.contains("进行中"));
    // The open cycle: 13 assignments, one submitted.
    let total = app.store.assignments(open).await.unwrap().len();
    assert!(page.contains(&format!("1/{total} (")), "{page}");
    assert!(page.contains("0/"), "{page}");
    assert!(page.contains("检查无误后开启周期"));
    assert!(page.contains("发送提醒"));
    let english = text(&get(&app, &hr, "/hr/?lang=en").await);
    assert!(english.contains("New cycle") && english.contains("Response rate"));
}

#[tokio::test]
async fn closing_and_publishing_go_through_a_page_that_says_what_follows() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = app.cycle(&hr, true).await;
    app.user("m1", Role::Manager, Some("M001")).await;
    app.user("boss", Role::Manager, Some("B001")).await;
    app.user("s1", Role::Employee, Some("S001")).await;

    let summary = text(&get(&app, &hr, &format!("/hr/cycles/{id}")).await);
    for part in [
        "物业管理人员能力素质模型",
        "客户意识",
        "上级",
        "40",
        "匿名门槛",
        &format!("href=\"/hr/cycles/{id}/assignments\""),
        &format!("href=\"/hr/cycles/{id}/progress\""),
        &format!("href=\"/hr/cycles/{id}/results\""),
        &format!("href=\"/hr/cycles/{id}/close\""),
    ] {
        assert!(summary.contains(part), "{part} missing");
    }

    // Publishing an open cycle is refused, with the reason, and nothing changes.
    let refused = get(&app, &hr, &format!("/hr/cycles/{id}/publish")).await;
    refused.assert(409);
    assert!(text(&refused).contains("不能从"), "{}", text(&refused));
    let refused = post(&app, &hr, &format!("/hr/cycles/{id}/publish"), &[], None).await;
    refused.assert(409);
    assert_eq!(app.store.cycle(id).await.unwrap().state, CycleState::Open);

    let confirm = text(&get(&app, &hr, &format!("/hr/cycles/{id}/close")).await);
    assert!(confirm.contains("已提交 0/"), "{confirm}");
    assert!(confirm.contains(&format!("action=\"/hr/cycles/{id}/close\"")));
    // Without the form's token: nothing changes.
    post(
        &app,
        &hr,
        &format!("/hr/cycles/{id}/close"),
        &[],
        Some("forged"),
    )
    .await
    .assert(403);
    assert_eq!(app.store.cycle(id).await.unwrap().state, CycleState::Open);
    let closed = post(&app, &hr, &format!("/hr/cycles/{id}/close"), &[], None).await;
    closed.assert(303);
    assert_eq!(
        closed.headers["location"],
        format!("/hr/cycles/{id}?done=closed").as_str()
    );
    assert_eq!(app.store.cycle(id).await.unwrap().state, CycleState::Closed);
    let summary = text(&get(&app, &hr, &format!("/hr/cycles/{id}?done=closed")).await);
    assert!(summary.contains("周期已结束"), "{summary}");

    let confirm = text(&get(&app, &hr, &format!("/hr/cycles/{id}/publish")).await);
    // 3 assessees; m1 (their own report; S001 and S002 below are not assessed), boss
    // (above all three) and s1 (not assessed, nobody below: gains nothing) → 2 accounts,
    // 1 of them a manager of someone assessed; 2 assessees have no account.
    assert!(confirm.contains("3 位被评价人"), "{confirm}");
    assert!(confirm.contains("2 个用户账号"), "{confirm}");
    assert!(confirm.contains("其中 1 个"), "{confirm}");
    assert!(
        confirm.contains("有 2 位被评价人还没有用户账号"),
        "{confirm}"
    );
    assert!(confirm.contains("不能再撤回"));
    let published = post(&app, &hr, &format!("/hr/cycles/{id}/publish"), &[], None).await;
    published.assert(303);
    assert_eq!(
        app.store.cycle(id).await.unwrap().state,
        CycleState::Published
    );
    let audit = app.store.audit(id).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == "cycle.published" && e.user.as_deref() == Some("hr"))
    );

    // Closing a published cycle: refused with the reason.
    let refused = post(&app, &hr, &format!("/hr/cycles/{id}/close"), &[], None).await;
    refused.assert(409);
    assert!(text(&refused).contains("已发布"));
    let again = get(&app, &hr, &format!("/hr/cycles/{id}/publish")).await;
    again.assert(200);
    assert!(text(&again).contains("已经是"));
}

#[tokio::test]
async fn a_submitted_response_is_reopened_only_with_a_reason() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = app.cycle(&hr, true).await;
    let s001 = app.rater_token(&hr, id, "S001").await;
    put(&s001, "M001", json!({"answers": all(5), "submit": true}))
        .send(&app)
        .await
        .assert(200);
    let rater = app
        .store
        .assignments(id)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.rater.person_id.as_deref() == Some("S001"))
        .unwrap()
        .rater
        .id
        .get();
    let choice = format!("{rater}|M001");
    let page = text(&get(&app, &hr, &format!("/hr/cycles/{id}/progress")).await);
    assert!(page.contains(&format!("value=\"{choice}\"")), "{page}");
    let path = format!("/hr/cycles/{id}/progress/reopen");

    let refused = post(
        &app,
        &hr,
        &path,
        &[("response", &choice), ("reason", "  ")],
        None,
    )
    .await;
    refused.assert(422);
    assert!(
        text(&refused).contains("需要填写原因"),
        "{}",
        text(&refused)
    );
    let status = |app: &TestApp| {
        let store = app.store.clone();
        async move {
            store
                .assignments(id)
                .await
                .unwrap()
                .into_iter()
                .find(|a| a.rater.id.get() == rater)
                .unwrap()
                .status
        }
    };
    assert_eq!(status(&app).await.code(), "submitted");
    let none = post(&app, &hr, &path, &[("response", ""), ("reason", "x")], None).await;
    none.assert(422);
    assert!(text(&none).contains("请选择一份已提交的答卷"));

    let done = post(
        &app,
        &hr,
        &path,
        &[("response", &choice), ("reason", "评价人说填错了一项")],
        None,
    )
    .await;
    done.assert(303);
    assert_eq!(status(&app).await.code(), "draft");
    let audit = app.store.audit(id).await.unwrap();
    let entry = audit
        .iter()
        .find(|e| e.action == "response.reopen")
        .unwrap();
    assert_eq!(entry.reason.as_deref(), Some("评价人说填错了一项"));
    let location = done.headers["location"].to_str().unwrap().to_string();
    let page = text(&get(&app, &hr, &location).await);
    assert!(page.contains("已重开答卷"), "{page}");
    assert!(page.contains("钱六"));

    // A draft cannot be reopened: said so, 409.
    let again = post(
        &app,
        &hr,
        &path,
        &[("response", &choice), ("reason", "再来")],
        None,
    )
    .await;
    again.assert(409);
    assert!(text(&again).contains("尚未提交"), "{}", text(&again));
}

#[tokio::test]
async fn the_qr_sheet_holds_one_code_per_rater_not_done_with_names() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = app.cycle(&hr, true).await;
    req("POST", &format!("/api/v1/cycles/{id}/assignments"))
        .token(&hr)
        .json(
            json!({"add": [{"rater": {"name": "业主-3栋1202", "phone": "13900000000"},
                              "assessee": "M001", "relationship": "customer"}]}),
        )
        .send(&app)
        .await
        .assert(200);
    let s001 = app.rater_token(&hr, id, "S001").await;
    put(&s001, "M001", json!({"answers": all(5), "submit": true}))
        .send(&app)
        .await
        .assert(200);
    let assignments = app.store.assignments(id).await.unwrap();
    let mut waiting: Vec<i64> = assignments
        .iter()
        .filter(|a| a.status.code() != "submitted")
        .map(|a| a.rater.id.get())
        .collect();
    waiting.sort_unstable();
    waiting.dedup();

    let page = text(&get(&app, &hr, &format!("/hr/cycles/{id}/qr")).await);
    assert_eq!(page.matches("<svg").count(), waiting.len(), "{page}");
    assert_eq!(page.matches("class=\"qr-card\"").count(), waiting.len());
    assert!(!page.contains("<?xml"));
    assert!(!page.contains(" style=\""));
    for name in ["赵总", "张三", "李四", "王五", "孙七", "业主-3栋1202"] {
        assert!(page.contains(name), "{name} missing");
    }
    assert!(
        !page.contains(&format!("/r/{s001}")),
        "a rater who is done has no card"
    );
    let boss = app.rater_token(&hr, id, "B001").await;
    assert!(
        page.contains(&format!("http://360.test:8080/r/{boss}")),
        "absolute link"
    );

    let owners = text(
        &get(
            &app,
            &hr,
            &format!("/hr/cycles/{id}/qr?relationship=customer"),
        )
        .await,
    );
    assert_eq!(owners.matches("<svg").count(), 1);
    assert!(owners.contains("业主-3栋1202"));
    assert!(!owners.contains("赵总"));
    let chinese = text(
        &get(
            &app,
            &hr,
            &format!("/hr/cycles/{id}/qr?relationship=%E4%B8%9A%E4%B8%BB"),
        )
        .await,
    );
    assert_eq!(chinese.matches("<svg").count(), 1);
    get(
        &app,
        &hr,
        &format!("/hr/cycles/{id}/qr?relationship=friend"),
    )
    .await
    .assert(422);
}

#[tokio::test]
async fn without_an_smtp_server_the_page_says_so_and_nothing_is_sent() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = app.cycle(&hr, true).await;
    let page = text(&get(&app, &hr, &format!("/hr/cycles/{id}/progress")).await);
    assert!(page.contains("没有配置邮件服务器"), "{page}");
    assert!(!page.contains("/progress/remind\""));
    post(
        &app,
        &hr,
        &format!("/hr/cycles/{id}/progress/remind"),
        &[],
        None,
    )
    .await
    .assert(409);
    let api = req("POST", &format!("/api/v1/cycles/{id}/reminders"))
        .token(&hr)
        .send(&app)
        .await;
    api.assert(409);
    assert!(api.message().contains("邮件服务器"));
    assert!(app.store.reminders(id).await.unwrap().is_empty());
    // The progress page lists who has not answered, with absolute links.
    let boss = app.rater_token(&hr, id, "B001").await;
    assert!(page.contains(&format!("value=\"http://360.test:8080/r/{boss}\"")));
}
