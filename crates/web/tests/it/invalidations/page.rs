//! The console's page of invalidated responses, `/hr/cycles/{id}/invalidations`: the forms
//! carry the CSRF token, an empty reason shows the page again with the message and changes
//! nothing, invalidating and restoring go back to the page with a notice, the analytics page
//! links to it per rater, the audit page names both actions, and a published cycle offers
//! no form.

use serde_json::json;
use yardstick_store::{Role, Store};

use crate::common::{TestApp, all, put};
use crate::progress::{get, post, text};

#[tokio::test]
async fn hr_invalidates_and_restores_a_response_from_the_console() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = app.cycle(&hr, true).await;
    let boss = app.rater_token(&hr, id, "B001").await;
    put(&boss, "M001", json!({"answers": all(4), "submit": true}))
        .send(&app)
        .await
        .assert(200);
    let rater = app
        .store
        .assignments(id)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.rater.person_id.as_deref() == Some("B001"))
        .unwrap()
        .rater
        .id;
    let choice = format!("{}|M001", rater.get());
    let path = format!("/hr/cycles/{id}/invalidations");

    let page = text(get(&app, &hr, &path).await.assert(200));
    assert!(page.contains(&format!("value=\"{choice}\"")), "{page}");
    assert!(page.contains(&format!("action=\"{path}\"")));
    assert!(page.contains("name=\"csrf\""));
    assert!(page.contains("没有作废的评价"));

    // An empty reason: the page again with the message, nothing changed.
    let refused = post(
        &app,
        &hr,
        &path,
        &[("response", &choice), ("reason", "  ")],
        None,
    )
    .await;
    refused.assert(422);
    let body = text(&refused);
    assert!(body.contains("原因不能为空"), "{body}");
    assert!(body.contains("aria-invalid=\"true\""));
    assert!(app.store.invalidations(id).await.unwrap().is_empty());
    // A wrong CSRF token, or nothing chosen: refused, nothing changed.
    post(
        &app,
        &hr,
        &path,
        &[("response", &choice), ("reason", "x")],
        Some("forged"),
    )
    .await
    .assert(403);
    post(&app, &hr, &path, &[("response", ""), ("reason", "x")], None)
        .await
        .assert(422);
    let manager = app.user("manager", Role::Manager, Some("B001")).await;
    post(
        &app,
        &manager,
        &path,
        &[("response", &choice), ("reason", "x")],
        None,
    )
    .await
    .assert(403);
    assert!(app.store.invalidations(id).await.unwrap().is_empty());

    let done = post(
        &app,
        &hr,
        &path,
        &[
            ("response", &choice),
            ("reason", "只打了中间分"),
            ("rater", "B001"),
        ],
        None,
    )
    .await;
    done.assert(303);
    let to = done.headers["location"].to_str().unwrap().to_string();
    assert!(to.starts_with(&format!("{path}?invalidated=")), "{to}");
    assert!(to.ends_with("&rater=B001"), "{to}");
    let list = app.store.invalidations(id).await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].reason, "只打了中间分");
    let page = text(get(&app, &hr, &to).await.assert(200));
    assert!(page.contains("已作废:赵总 → 张三"), "{page}");
    assert!(page.contains("仅显示评价人 B001 的评价"));
    assert!(page.contains("只打了中间分"));
    assert!(page.contains(&format!("action=\"{path}/restore\"")));

    // The analytics page counts it and links to the page, per rater too.
    let analytics = text(
        get(&app, &hr, &format!("/hr/cycles/{id}/analytics"))
            .await
            .assert(200),
    );
    assert!(analytics.contains("有 1 份评价已作废"), "{analytics}");
    assert!(analytics.contains(&format!("href=\"{path}\"")));
    // B001's only response is left out, so B001 is not in the rater table; the others are.
    assert!(!analytics.contains(&format!("href=\"{path}?rater=B001\"")));
    let progress = text(
        get(&app, &hr, &format!("/hr/cycles/{id}/progress"))
            .await
            .assert(200),
    );
    assert!(progress.contains("有 1 份已作废"), "{progress}");
    assert!(
        !progress.contains(&format!("value=\"{choice}\"")),
        "not offered for reopening"
    );
    let audit = text(
        get(&app, &hr, &format!("/hr/audit?cycle={id}"))
            .await
            .assert(200),
    );
    assert!(audit.contains("作废评价"), "{audit}");

    let restored = post(
        &app,
        &hr,
        &format!("{path}/restore"),
        &[("response", &choice)],
        None,
    )
    .await;
    restored.assert(303);
    assert!(
        restored.headers["location"]
            .to_str()
            .unwrap()
            .contains("restored=")
    );
    assert!(app.store.invalidations(id).await.unwrap().is_empty());
    let analytics = text(
        get(&app, &hr, &format!("/hr/cycles/{id}/analytics"))
            .await
            .assert(200),
    );
    assert!(
        analytics.contains(&format!("href=\"{path}?rater=B001\"")),
        "{analytics}"
    );
    let audit = text(
        get(&app, &hr, &format!("/hr/audit?cycle={id}"))
            .await
            .assert(200),
    );
    assert!(audit.contains("恢复已作废的评价"), "{audit}");
    // Restoring again: nothing to restore, said on the page.
    let again = post(
        &app,
        &hr,
        &format!("{path}/restore"),
        &[("response", &choice)],
        None,
    )
    .await;
    again.assert(422);

    let english = text(get(&app, &hr, &format!("{path}?lang=en")).await.assert(200));
    assert!(english.contains("Invalidated responses"), "{english}");
}

#[tokio::test]
async fn a_published_cycle_offers_no_form_and_refuses_the_post() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = app.cycle(&hr, true).await;
    let boss = app.rater_token(&hr, id, "B001").await;
    put(&boss, "M001", json!({"answers": all(4), "submit": true}))
        .send(&app)
        .await
        .assert(200);
    let choice = app
        .store
        .assignments(id)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.rater.person_id.as_deref() == Some("B001") && a.assessee == "M001")
        .map(|a| format!("{}|M001", a.rater.id.get()))
        .unwrap();
    for to in ["close", "publish"] {
        crate::common::req("POST", &format!("/api/v1/cycles/{id}/{to}"))
            .token(&hr)
            .send(&app)
            .await
            .assert(200);
    }
    let path = format!("/hr/cycles/{id}/invalidations");
    let page = text(get(&app, &hr, &path).await.assert(200));
    assert!(page.contains("尚未发布结果时才能作废或恢复评价"), "{page}");
    assert!(!page.contains(&format!("action=\"{path}\"")));
    let refused = post(
        &app,
        &hr,
        &path,
        &[("response", &choice), ("reason", "迟了")],
        None,
    )
    .await;
    refused.assert(409);
    assert!(app.store.invalidations(id).await.unwrap().is_empty());
}
