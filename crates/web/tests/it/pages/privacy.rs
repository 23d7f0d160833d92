//! The privacy notice an outside rater reads once before their first questionnaire: set by
//! HR through the API, shown in place of the rater's list until acknowledged.

use serde_json::json;

use super::{html, post};
use crate::common::{TestApp, req};

/// An open cycle with a homeowner rating M001: the cycle's id and the homeowner's token.
async fn with_a_homeowner(app: &TestApp, hr: &str) -> (i64, String) {
    let id = app.cycle(hr, false).await;
    req("POST", &format!("/api/v1/cycles/{id}/assignments"))
        .token(hr)
        .json(
            json!({"add": [{"rater": {"name": "业主-3栋1202", "phone": "13900000000"},
                              "assessee": "M001", "relationship": "customer"}]}),
        )
        .send(app)
        .await
        .assert(200);
    req("POST", &format!("/api/v1/cycles/{id}/open"))
        .token(hr)
        .send(app)
        .await
        .assert(200);
    let token = app.rater_token(hr, id, "业主-3栋1202").await;
    (id, token)
}

#[tokio::test]
async fn an_outside_rater_reads_the_notice_once_before_the_first_questionnaire() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let (id, owner) = with_a_homeowner(&app, &hr).await;
    let notice = "我们只保存您的姓名和电话,仅用于本次评估。\n评估结束后删除。";
    let set = req("PUT", &format!("/api/v1/cycles/{id}/notice"))
        .token(&hr)
        .json(json!({"text": notice}))
        .send(&app)
        .await;
    assert_eq!(set.assert(200).json(), json!({"text": notice}));
    let api = req("GET", &format!("/api/v1/r/{owner}"))
        .send(&app)
        .await
        .json();
    assert_eq!(
        api["notice"],
        json!({"text": notice, "acknowledged": false})
    );

    // The list shows the notice instead; the questionnaire leads back to it.
    let list = html(&req("GET", &format!("/r/{owner}")).send(&app).await, 200);
    assert!(list.contains("关于您的个人信息"), "{list}");
    assert!(list.contains("评估结束后删除"));
    assert!(!list.contains("需要您评价的人员"));
    let direct = req("GET", &format!("/r/{owner}/M001")).send(&app).await;
    direct.assert(303);
    assert_eq!(direct.headers["location"], format!("/r/{owner}"));

    // Without the form's CSRF token nothing is recorded.
    let forged = req("POST", &format!("/r/{owner}"))
        .raw("application/x-www-form-urlencoded", "csrf=forged")
        .send(&app)
        .await;
    forged.assert(403);
    let list = html(&req("GET", &format!("/r/{owner}")).send(&app).await, 200);
    assert!(list.contains("关于您的个人信息"));

    let read = post(&app, &format!("/r/{owner}"), &[]).await;
    read.assert(303);
    assert_eq!(read.headers["location"], format!("/r/{owner}"));
    let list = html(&req("GET", &format!("/r/{owner}")).send(&app).await, 200);
    assert!(list.contains("需要您评价的人员"));
    assert!(!list.contains("关于您的个人信息"));
    html(
        &req("GET", &format!("/r/{owner}/M001")).send(&app).await,
        200,
    );
    let api = req("GET", &format!("/api/v1/r/{owner}"))
        .send(&app)
        .await
        .json();
    assert_eq!(api["notice"]["acknowledged"], true);

    // Employees never see it.
    let boss = app.rater_token(&hr, id, "B001").await;
    let list = html(&req("GET", &format!("/r/{boss}")).send(&app).await, 200);
    assert!(!list.contains("关于您的个人信息"));
    let api = req("GET", &format!("/api/v1/r/{boss}"))
        .send(&app)
        .await
        .json();
    assert_eq!(api["notice"], json!(null));
}

#[tokio::test]
async fn a_notice_too_long_or_with_control_characters_is_a_422_and_changes_nothing() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let (id, owner) = with_a_homeowner(&app, &hr).await;
    let path = format!("/api/v1/cycles/{id}/notice");
    for bad in ["说明\u{1b}[31m".to_string(), "长".repeat(2001)] {
        let refused = req("PUT", &path)
            .token(&hr)
            .json(json!({"text": bad}))
            .send(&app)
            .await;
        refused.assert(422);
        assert_eq!(refused.fields(), vec!["text"]);
    }
    let kept = req("GET", &path).token(&hr).send(&app).await.json();
    assert_eq!(kept, json!({"text": null}));
    let api = req("GET", &format!("/api/v1/r/{owner}"))
        .send(&app)
        .await
        .json();
    assert_eq!(api["notice"], json!(null));
    // A rater's token is not HR.
    req("PUT", &path)
        .json(json!({"text": "说明"}))
        .send(&app)
        .await
        .assert(401);
    req("POST", &format!("/api/v1/r/{owner}/notice"))
        .send(&app)
        .await
        .assert(204);
    req("POST", "/api/v1/r/nonsense/notice")
        .send(&app)
        .await
        .assert(404);
}
