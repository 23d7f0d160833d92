//! Competency models: the list, TOML imports, one model in full.

use serde_json::json;

use crate::common::{TestApp, model_toml, req};

#[tokio::test]
async fn the_built_in_model_is_listed_and_shown_in_full() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let list = req("GET", "/api/v1/models")
        .token(&hr)
        .send(&app)
        .await
        .assert(200)
        .json();
    let builtin = &list.as_array().unwrap()[0];
    assert_eq!(builtin["builtin"], true);
    assert_eq!(builtin["frozen"], false);
    let id = builtin["id"].as_i64().unwrap();
    let full = req("GET", &format!("/api/v1/models/{id}"))
        .token(&hr)
        .send(&app)
        .await
        .assert(200)
        .json();
    assert_eq!(full["percent"], "ratio");
    assert_eq!(full["grades"][0], json!({"name": "优秀", "min": 90.0}));
    let dimensions = full["model"]["dimensions"].as_array().unwrap();
    assert_eq!(dimensions.len(), 7);
    assert_eq!(dimensions[0]["name"], "客户意识");
    assert_eq!(dimensions[0]["weight"], 25.0);
    assert_eq!(dimensions[0]["items"][0]["code"], "1.1");
    let items: usize = dimensions
        .iter()
        .map(|d| d["items"].as_array().unwrap().len())
        .sum();
    assert_eq!(items, 79);
    assert_eq!(
        full["model"]["scale"],
        json!({"min": 1, "max": 5, "labels": ["很差", "较差", "一般", "良好", "优秀"], "allow_na": true})
    );
}

#[tokio::test]
async fn a_toml_model_is_stored_and_the_same_file_again_changes_nothing() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let toml = model_toml("客服人员模型", false);
    for content_type in ["application/toml", "text/plain; charset=utf-8"] {
        let info = req("POST", "/api/v1/models")
            .token(&hr)
            .raw(content_type, toml.clone())
            .send(&app)
            .await
            .assert(200)
            .json();
        assert_eq!(info["name"], "客服人员模型");
        assert_eq!(info["builtin"], false);
    }
    let list = req("GET", "/api/v1/models")
        .token(&hr)
        .send(&app)
        .await
        .json();
    assert_eq!(list.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_model_with_problems_is_422_by_line() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let reply = req("POST", "/api/v1/models")
        .token(&hr)
        .raw(
            "application/toml",
            "name = \"x\"\nversion = \"1\"\n[scale]\nmin = 5\nmax = 1\n",
        )
        .send(&app)
        .await;
    reply.assert(422);
    assert!(!reply.errors().is_empty());
    let not_utf8 = req("POST", "/api/v1/models")
        .token(&hr)
        .raw("text/plain", vec![0xff, 0xfe, 0x00])
        .send(&app)
        .await;
    not_utf8.assert(422);
    assert_eq!(not_utf8.fields(), ["model"]);
}

#[tokio::test]
async fn a_model_must_come_as_toml_or_plain_text() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let reply = req("POST", "/api/v1/models")
        .token(&hr)
        .raw("application/json", "{}")
        .send(&app)
        .await;
    reply.assert(415);
    assert!(reply.message().contains("application/toml"));
}

#[tokio::test]
async fn an_unknown_model_is_404() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let reply = req("GET", "/api/v1/models/999").token(&hr).send(&app).await;
    reply.assert(404);
    assert_eq!(reply.message(), "没有这个模型");
    req("GET", "/api/v1/models/x")
        .token(&hr)
        .send(&app)
        .await
        .assert(404);
}
