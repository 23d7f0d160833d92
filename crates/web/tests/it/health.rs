//! `GET /api/v1/health`, for the health checks of a load balancer: 200 while the database
//! answers, 503 in the reader's language once it does not; no login either way.

use yardstick_store::Store;

use crate::common::{TestApp, req};

async fn answers_while_the_database_does(app: TestApp) {
    let ok = req("GET", "/api/v1/health").send(&app).await;
    ok.assert(200);
    assert_eq!(ok.json(), serde_json::json!({"status": "ok"}));
    assert_eq!(ok.headers["cache-control"], "no-store");

    // The database gone (its connections closed): the server says so instead of serving.
    app.store.close().await;
    let down = req("GET", "/api/v1/health")
        .header("accept-language", "en")
        .send(&app)
        .await;
    down.assert(503);
    assert_eq!(
        down.json()["errors"][0]["message"],
        "This server cannot reach its database right now, so it cannot serve."
    );
    let zh = req("GET", "/api/v1/health").send(&app).await;
    zh.assert(503);
    assert!(
        zh.json()["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("连不上数据库")
    );
    app.finish().await;
}

#[tokio::test]
async fn health_answers_while_the_database_does_on_sqlite() {
    answers_while_the_database_does(TestApp::empty().await).await;
}

#[tokio::test]
async fn health_answers_while_the_database_does_on_postgresql() {
    if let Some(app) = TestApp::postgres().await {
        answers_while_the_database_does(app).await;
    }
}
