//! The OpenAPI document: served without login, every endpoint, body and security scheme.

use serde_json::Value;

use crate::common::{TestApp, req};

/// Every operation of the API and whether it needs an HR login.
pub const OPERATIONS: [(&str, &str, bool); 49] = [
    ("post", "/api/v1/session", false),
    ("delete", "/api/v1/session", false),
    ("get", "/api/v1/me", true),
    ("put", "/api/v1/me/password", true),
    ("get", "/api/v1/openapi.json", false),
    ("get", "/api/v1/health", false),
    ("get", "/api/v1/people", true),
    ("post", "/api/v1/people/import", true),
    ("put", "/api/v1/people/{id}", true),
    ("get", "/api/v1/users", true),
    ("post", "/api/v1/users", true),
    ("put", "/api/v1/users/{id}", true),
    ("put", "/api/v1/users/{id}/password", true),
    ("get", "/api/v1/models", true),
    ("post", "/api/v1/models", true),
    ("get", "/api/v1/models/{id}", true),
    ("get", "/api/v1/cycles", true),
    ("post", "/api/v1/cycles", true),
    ("get", "/api/v1/cycles/{id}", true),
    ("post", "/api/v1/cycles/{id}/open", true),
    ("post", "/api/v1/cycles/{id}/close", true),
    ("post", "/api/v1/cycles/{id}/publish", true),
    ("get", "/api/v1/cycles/{id}/assignments", true),
    ("post", "/api/v1/cycles/{id}/assignments", true),
    ("delete", "/api/v1/cycles/{id}/assignments", true),
    ("get", "/api/v1/cycles/{id}/progress", true),
    ("get", "/api/v1/cycles/{id}/results", true),
    ("get", "/api/v1/cycles/{id}/analytics", true),
    ("post", "/api/v1/cycles/{id}/responses/reopen", true),
    ("get", "/api/v1/cycles/{id}/audit", true),
    ("get", "/api/v1/cycles/{id}/notice", true),
    ("put", "/api/v1/cycles/{id}/notice", true),
    ("post", "/api/v1/r/{token}/notice", false),
    ("get", "/api/v1/cycles/{id}/reports/{assessee}", true),
    ("get", "/api/v1/me/reports", true),
    ("get", "/api/v1/r/{token}", false),
    ("post", "/api/v1/cycles/{id}/reminders", true),
    ("get", "/api/v1/models/{id}/export", true),
    ("get", "/api/v1/audit", true),
    ("get", "/api/v1/cycles/{id}/company", true),
    ("get", "/api/v1/cycles/{id}/reports/{assessee}/export", true),
    ("get", "/api/v1/cycles/{id}/company/export", true),
    ("get", "/api/v1/cycles/{id}/invalidations", true),
    ("post", "/api/v1/cycles/{id}/invalidations", true),
    ("delete", "/api/v1/cycles/{id}/invalidations", true),
    ("put", "/api/v1/cycles/{id}/retention", true),
    ("post", "/api/v1/cycles/{id}/purge", true),
    ("get", "/api/v1/people/{id}/erasure", true),
    ("delete", "/api/v1/people/{id}", true),
];

#[tokio::test]
async fn the_document_is_served_without_login_and_describes_every_endpoint() {
    let app = TestApp::empty().await;
    let reply = req("GET", "/api/v1/openapi.json").send(&app).await;
    reply.assert(200);
    let doc = reply.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    let mut count = 0;
    let rater_responses = [
        ("get", "/api/v1/r/{token}/responses/{assessee}", false),
        ("put", "/api/v1/r/{token}/responses/{assessee}", false),
    ];
    for (method, path, hr) in OPERATIONS.iter().chain(&rater_responses) {
        let op = &paths[*path][*method];
        assert!(op.is_object(), "{method} {path} is not described");
        assert!(
            op["responses"].as_object().is_some_and(|r| !r.is_empty()),
            "{method} {path}"
        );
        assert!(
            op["tags"].as_array().is_some_and(|t| !t.is_empty()),
            "{method} {path}"
        );
        let security: Vec<&str> = op["security"]
            .as_array()
            .map(|s| {
                s.iter()
                    .flat_map(|r| r.as_object().unwrap().keys())
                    .map(String::as_str)
                    .collect()
            })
            .unwrap_or_default();
        if *hr {
            assert_eq!(security, ["bearer", "session"], "{method} {path}");
            assert!(op["responses"]["401"].is_object(), "{method} {path} 401");
            if !path.starts_with("/api/v1/me") {
                assert!(op["responses"]["403"].is_object(), "{method} {path} 403");
            }
        } else {
            assert!(security.is_empty(), "{method} {path}");
        }
        count += 1;
    }
    let described: usize = paths.values().map(|p| p.as_object().unwrap().len()).sum();
    assert_eq!(described, count);

    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["bearer"]["type"], "http");
    assert_eq!(schemes["bearer"]["scheme"], "bearer");
    assert_eq!(schemes["session"]["type"], "apiKey");
    assert_eq!(schemes["session"]["in"], "cookie");
    assert_eq!(schemes["session"]["name"], "yardstick_session");

    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for name in [
        "ErrorBody",
        "Credentials",
        "NewCycleIn",
        "AssignIn",
        "AddIn",
        "AssignmentOut",
        "ResponseIn",
        "RaterSessionOut",
        "Results",
        "ProgressOut",
        "CycleOut",
        "ReopenIn",
    ] {
        assert!(schemas.contains_key(name), "no schema {name}");
    }
    let body_of = |method: &str, path: &str| -> Value {
        paths[path][method]["requestBody"]["content"].clone()
    };
    assert!(body_of("post", "/api/v1/people/import")["text/csv"].is_object());
    assert!(
        body_of("post", "/api/v1/people/import")
            ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]
            .is_object()
    );
    assert!(body_of("post", "/api/v1/models")["application/toml"].is_object());
    assert_eq!(
        body_of("post", "/api/v1/cycles")["application/json"]["schema"]["$ref"],
        "#/components/schemas/NewCycleIn"
    );
    let put = &paths["/api/v1/r/{token}/responses/{assessee}"]["put"];
    for status in ["200", "404", "409", "422"] {
        assert!(
            put["responses"][status].is_object(),
            "PUT response {status}"
        );
    }
}
