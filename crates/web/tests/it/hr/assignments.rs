//! `/hr/cycles/{id}/assignments`: from the org chart, removing and adding one (a person or
//! a homeowner), duplicates refused, the privacy notice, and opening the cycle.

use yardstick_store::{CycleState, Store};

use super::{Hr, page};
use crate::common::{PEOPLE_CSV, TestApp};

#[tokio::test]
async fn from_the_wizard_through_the_assignments_to_an_open_cycle() {
    let app = TestApp::new().await;
    whole_way(&app).await;
}

#[tokio::test]
async fn from_the_wizard_to_an_open_cycle_on_postgresql() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    let rows = yardstick_formats::people::read_people(PEOPLE_CSV.as_bytes()).unwrap();
    app.store.import_people(rows).await.unwrap();
    whole_way(&app).await;
    app.finish().await;
}

/// The wizard, every change of the assignments page, and opening, on `app`.
async fn whole_way(app: &TestApp) {
    let hr = Hr::new(app).await;
    let model = app.store.builtin_model().await.unwrap().id.to_string();
    let created = hr
        .post(
            "/hr/cycles/new",
            &[
                ("name", "2026年度360评估"),
                ("model", &model),
                ("shown_model", &model),
                ("w-self", "0"),
                ("w-superior", "40"),
                ("w-peer", "20"),
                ("w-subordinate", "20"),
                ("w-customer", "20"),
                ("threshold", "3"),
                ("peers", "4"),
                ("dept", "A区"),
                ("action", "create"),
                ("dim-self", "1"),
                ("dim-superior", "1"),
                ("dim-peer", "1"),
                ("dim-subordinate", "1"),
                ("dim-customer", "1"),
            ],
        )
        .send(app)
        .await;
    if created.status != 303 {
        panic!("{}", page(&created, 303));
    }
    let location = created.headers["location"].to_str().unwrap().to_string();
    let id = app.store.cycles().await.unwrap()[0].id;
    let path = format!("/hr/cycles/{id}/assignments");
    let text = page(&hr.get(&location).send(app).await, 200);
    assert!(text.contains("考评周期已创建"), "{text}");
    assert!(text.contains("还没有评价关系"));

    // From the org chart.
    let auto = hr.post(&format!("{path}/auto"), &[]).send(app).await;
    auto.assert(303);
    assert_eq!(
        auto.headers["location"],
        format!("{path}?done=auto").as_str()
    );
    let list = app.store.assignments(id).await.unwrap();
    assert!(!list.is_empty());
    let text = page(&hr.get(&path).send(app).await, 200);
    for part in ["张三", "钱六", "孙七", "自评", "上级", "下级", "未开始"] {
        assert!(text.contains(part), "{part} missing");
    }

    // A homeowner, then the same one again: refused with a message, nothing added.
    let homeowner = [
        ("assessee", "M001"),
        ("relationship", "customer"),
        ("kind", "outside"),
        ("outside_name", "业主陈先生"),
        ("outside_phone", "13800000000"),
    ];
    let added = hr.post(&format!("{path}/add"), &homeowner).send(app).await;
    added.assert(303);
    let count = app.store.assignments(id).await.unwrap().len();
    assert_eq!(count, list.len() + 1);
    let again = hr
        .post(&format!("{path}/add?lang=en"), &homeowner)
        .send(app)
        .await;
    let text = page(&again, 422);
    assert!(text.contains("is already assigned to"), "{text}");
    assert!(
        text.contains("value=\"业主陈先生\""),
        "what was typed is kept"
    );
    assert_eq!(app.store.assignments(id).await.unwrap().len(), count);
    let text = page(&hr.get(&path).send(app).await, 200);
    assert!(text.contains("业主陈先生") && text.contains("外部") && text.contains("13800000000"));

    // A person of the company as a peer; one missing its rater is named.
    let missing = hr
        .post(
            &format!("{path}/add"),
            &[
                ("assessee", "M001"),
                ("relationship", "peer"),
                ("kind", "person"),
            ],
        )
        .send(app)
        .await;
    assert!(page(&missing, 422).contains("请选择评价人"));
    let peer = hr
        .post(
            &format!("{path}/add"),
            &[
                ("assessee", "S001"),
                ("relationship", "peer"),
                ("kind", "person"),
                ("person", "M002"),
            ],
        )
        .send(app)
        .await;
    peer.assert(303);
    assert_eq!(app.store.assignments(id).await.unwrap().len(), count + 1);

    // Removing one.
    let one = app
        .store
        .assignments(id)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.rater.person_id.as_deref() == Some("M002") && a.assessee == "S001")
        .unwrap();
    let rater = one.rater.id.get().to_string();
    let removed = hr
        .post(
            &format!("{path}/remove"),
            &[("rater", &rater), ("assessee", "S001")],
        )
        .send(app)
        .await;
    removed.assert(303);
    assert_eq!(app.store.assignments(id).await.unwrap().len(), count);

    // The privacy notice: too long is refused and kept, then saved.
    let long = "很".repeat(2001);
    let text = page(
        &hr.post(&format!("/hr/cycles/{id}/notice"), &[("text", &long)])
            .send(app)
            .await,
        422,
    );
    assert!(text.contains(&long));
    assert_eq!(app.store.notice(id).await.unwrap(), None);
    hr.post(
        &format!("/hr/cycles/{id}/notice"),
        &[("text", "我们只保存您的姓名和电话。")],
    )
    .send(app)
    .await
    .assert(303);
    assert_eq!(
        app.store.notice(id).await.unwrap().as_deref(),
        Some("我们只保存您的姓名和电话。")
    );
    assert!(page(&hr.get(&path).send(app).await, 200).contains("我们只保存您的姓名和电话。"));

    // Opening.
    let text = page(&hr.get(&path).send(app).await, 200);
    assert!(text.contains("模型会被冻结"), "{text}");
    let opened = hr
        .post(&format!("/hr/cycles/{id}/open"), &[])
        .send(app)
        .await;
    opened.assert(303);
    assert_eq!(
        opened.headers["location"],
        format!("/hr/cycles/{id}").as_str()
    );
    assert_eq!(app.store.cycle(id).await.unwrap().state, CycleState::Open);
    let model_id = app.store.cycle(id).await.unwrap().model_id;
    assert!(app.store.model(model_id).await.unwrap().info.frozen);
    // An open cycle's page still takes assignments, and has no open button.
    let text = page(&hr.get(&path).send(app).await, 200);
    assert!(
        text.contains("/assignments/add")
            && !text.contains(&format!("action=\"/hr/cycles/{id}/open\""))
    );
}

#[tokio::test]
async fn buttons_without_their_token_change_nothing() {
    let app = TestApp::new().await;
    let hr = Hr::new(&app).await;
    let id = app.cycle(&hr.session, false).await;
    let before = app.store.assignments(id).await.unwrap();
    let one = &before[0];
    let rater = one.rater.id.get().to_string();
    for (path, fields) in [
        (format!("/hr/cycles/{id}/assignments/auto"), vec![]),
        (
            format!("/hr/cycles/{id}/assignments/remove"),
            vec![
                ("rater", rater.as_str()),
                ("assessee", one.assessee.as_str()),
            ],
        ),
        (
            format!("/hr/cycles/{id}/assignments/add"),
            vec![
                ("assessee", "M001"),
                ("relationship", "customer"),
                ("kind", "outside"),
                ("outside_name", "业主"),
            ],
        ),
        (format!("/hr/cycles/{id}/notice"), vec![("text", "x")]),
        (format!("/hr/cycles/{id}/open"), vec![]),
    ] {
        let mut forged = fields.clone();
        forged.push(("csrf", "forged"));
        page(&hr.post_bare(&path, &forged).send(&app).await, 403);
        page(&hr.post_bare(&path, &fields).send(&app).await, 403);
    }
    assert_eq!(app.store.assignments(id).await.unwrap(), before);
    assert_eq!(app.store.notice(id).await.unwrap(), None);
    assert_eq!(app.store.cycle(id).await.unwrap().state, CycleState::Draft);
}

#[tokio::test]
async fn a_submitted_response_cannot_be_removed_and_the_page_says_why() {
    let app = TestApp::new().await;
    let hr = Hr::new(&app).await;
    let id = app.cycle(&hr.session, true).await;
    let token = app.rater_token(&hr.session, id, "S001").await;
    crate::common::put(
        &token,
        "M001",
        serde_json::json!({"answers": crate::common::all(4), "submit": true}),
    )
    .send(&app)
    .await
    .assert(200);
    let a = app
        .store
        .assignments(id)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.rater.person_id.as_deref() == Some("S001") && a.assessee == "M001")
        .unwrap();
    let rater = a.rater.id.get().to_string();
    let boss = app.rater_token(&hr.session, id, "B001").await;
    crate::common::put(
        &boss,
        "M002",
        serde_json::json!({"answers": crate::common::all(3), "submit": false}),
    )
    .send(&app)
    .await
    .assert(200);
    let path = format!("/hr/cycles/{id}/assignments");
    let text = page(&hr.get(&path).send(&app).await, 200);
    assert!(text.contains("已提交"));
    assert!(
        text.contains("删除(连同已保存的草稿)"),
        "a draft's removal says the draft goes too"
    );
    let reply = hr
        .post(
            &format!("{path}/remove"),
            &[("rater", &rater), ("assessee", "M001")],
        )
        .send(&app)
        .await;
    let text = page(&reply, 409);
    assert!(text.contains("class=\"problems\""), "{text}");
    assert!(
        app.store
            .assignments(id)
            .await
            .unwrap()
            .iter()
            .any(|x| x.rater.id == a.rater.id && x.assessee == "M001")
    );
}

#[tokio::test]
async fn an_unknown_cycle_is_a_404_page() {
    let app = TestApp::new().await;
    let hr = Hr::new(&app).await;
    page(&hr.get("/hr/cycles/999/assignments").send(&app).await, 404);
    page(&hr.get("/hr/cycles/x/assignments").send(&app).await, 404);
    page(&hr.post("/hr/cycles/999/open", &[]).send(&app).await, 404);
}

#[tokio::test]
async fn a_closed_cycle_shows_its_assignments_without_any_form() {
    let app = TestApp::new().await;
    let hr = Hr::new(&app).await;
    let id = app.cycle(&hr.session, true).await;
    crate::common::req("POST", &format!("/api/v1/cycles/{id}/close"))
        .token(&hr.session)
        .send(&app)
        .await
        .assert(200);
    let text = page(
        &hr.get(&format!("/hr/cycles/{id}/assignments?lang=en"))
            .send(&app)
            .await,
        200,
    );
    assert!(text.contains("This cycle is closed"), "{text}");
    assert!(text.contains("张三"));
    for form in [
        "/assignments/auto",
        "/assignments/add",
        "/assignments/remove",
        "/notice\"",
        "/open\"",
    ] {
        assert!(!text.contains(form), "{form} on a closed cycle's page");
    }
    // A form sent all the same is refused with the reason, and changes nothing.
    let before = app.store.assignments(id).await.unwrap();
    let reply = hr
        .post(&format!("/hr/cycles/{id}/assignments/auto"), &[])
        .send(&app)
        .await;
    assert!(page(&reply, 409).contains("class=\"problems\""));
    assert_eq!(app.store.assignments(id).await.unwrap(), before);
}
