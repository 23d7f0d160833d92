//! A fresh application on a temporary SQLite file per test, requests sent with `oneshot`,
//! and the company most tests use.

use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tempfile::TempDir;
use tower::ServiceExt;
use yardstick_formats::people::read_people;
use yardstick_store::{Role, Secret, SqlStore, Store};

pub const PASSWORD: &str = "correct horse battery";

/// The company: a general manager, three project managers under them, two supervisors
/// under the first.
pub const PEOPLE_CSV: &str = "id,name,department,title,superior\n\
    B001,赵总,总部,总经理,\n\
    M001,张三,A区,项目经理,B001\n\
    M002,李四,B区,项目经理,B001\n\
    M003,王五,C区,项目经理,B001\n\
    S001,钱六,A区,主管,M001\n\
    S002,孙七,A区,主管,M001\n";

pub struct TestApp {
    pub app: Router,
    pub store: Arc<SqlStore>,
    /// The server secret, from which the CSRF tokens of forms are derived.
    pub secret: Secret,
    /// The database's URL.
    pub url: String,
    _dir: Option<TempDir>,
    /// The server URL and the database made for this test, on PostgreSQL.
    pg: Option<(String, String)>,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// The `errors` array, checked to have the shape of SPEC §7.
    pub fn errors(&self) -> Vec<Value> {
        let body = self.json();
        let errors = body["errors"].as_array().expect("an errors array").clone();
        assert!(!errors.is_empty(), "no errors in {body}");
        for e in &errors {
            let o = e.as_object().expect("each error an object");
            assert!(o["message"].as_str().is_some_and(|m| !m.is_empty()), "{e}");
            for key in o.keys() {
                assert!(
                    ["field", "row", "column", "message"].contains(&key.as_str()),
                    "{e}"
                );
            }
        }
        errors
    }

    /// The first error's message.
    pub fn message(&self) -> String {
        self.errors()[0]["message"].as_str().unwrap().to_string()
    }

    /// The fields the errors name.
    pub fn fields(&self) -> Vec<String> {
        self.errors()
            .iter()
            .filter_map(|e| e["field"].as_str().map(str::to_string))
            .collect()
    }

    #[track_caller]
    pub fn assert(&self, status: u16) -> &Self {
        assert_eq!(
            self.status.as_u16(),
            status,
            "body: {}",
            String::from_utf8_lossy(&self.body)
        );
        self
    }
}

/// A request being built.
pub struct Req {
    builder: axum::http::request::Builder,
    body: Body,
}

pub fn req(method: &str, path: &str) -> Req {
    Req {
        builder: Request::builder().method(method).uri(path),
        body: Body::empty(),
    }
}

impl Req {
    pub fn token(self, token: &str) -> Req {
        self.header(AUTHORIZATION.as_str(), &format!("Bearer {token}"))
    }

    /// Sent from this peer address (as the server hands it to requests).
    pub fn peer(mut self, ip: &str) -> Req {
        let addr = std::net::SocketAddr::new(ip.parse().unwrap(), 40_000);
        self.builder = self.builder.extension(axum::extract::ConnectInfo(addr));
        self
    }

    pub fn header(mut self, name: &str, value: &str) -> Req {
        self.builder = self.builder.header(name, value);
        self
    }

    pub fn json(self, value: Value) -> Req {
        self.raw("application/json", value.to_string().into_bytes())
    }

    pub fn raw(mut self, content_type: &str, bytes: impl Into<Bytes>) -> Req {
        self.builder = self.builder.header(CONTENT_TYPE, content_type);
        self.body = Body::from(bytes.into());
        self
    }

    pub async fn send(self, app: &TestApp) -> Reply {
        let request = self.builder.body(self.body).unwrap();
        let response = app.app.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            headers,
            body,
        }
    }
}

impl TestApp {
    /// The CSRF token of the forms of the rater with `token` (derived from the secret as the
    /// server derives it).
    pub fn rater_csrf(&self, token: &str) -> String {
        self.secret.derive("csrf rater", token)
    }

    /// The CSRF token of the forms of a signed-in session.
    pub fn session_csrf(&self, session: &str) -> String {
        self.secret.derive("csrf session", session)
    }

    /// An application on an empty database.
    pub async fn empty() -> TestApp {
        TestApp::empty_with(yardstick_web::Clock::system()).await
    }

    /// An application with the company imported, whose throttling goes by `clock`.
    pub async fn with_clock(clock: yardstick_web::Clock) -> TestApp {
        let app = TestApp::empty_with(clock).await;
        let rows = read_people(PEOPLE_CSV.as_bytes()).unwrap();
        app.store.import_people(rows).await.unwrap();
        app
    }

    /// An application on an empty database, whose throttling goes by `clock`.
    pub async fn empty_with(clock: yardstick_web::Clock) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("yardstick.db").display());
        let secret = Secret::generate().unwrap();
        let store = Arc::new(SqlStore::open(&url, secret.clone()).await.unwrap());
        let config = yardstick_web::Config::new(secret.clone()).with_clock(clock);
        let app = yardstick_web::app(store.clone(), config);
        TestApp {
            app,
            store,
            secret,
            url,
            _dir: Some(dir),
            pg: None,
        }
    }

    /// An application on a fresh database of the PostgreSQL server named by
    /// `YARDSTICK_TEST_PG_URL`; `None`, saying so, when the variable is unset.
    pub async fn postgres() -> Option<TestApp> {
        let Ok(server) = std::env::var("YARDSTICK_TEST_PG_URL") else {
            eprintln!(
                "skipped: YARDSTICK_TEST_PG_URL is not set, so this PostgreSQL test did not run"
            );
            return None;
        };
        let name = format!(
            "yardstick_web_{}",
            yardstick_store::secret::random_token(9)
                .unwrap()
                .to_lowercase()
                .replace(['-', '_'], "x")
        );
        admin(&server, &format!("CREATE DATABASE {name}")).await;
        let (base, _) = server.rsplit_once('/').expect("a database in the URL");
        let url = format!("{base}/{name}");
        let secret = Secret::generate().unwrap();
        let store = Arc::new(SqlStore::open(&url, secret.clone()).await.unwrap());
        Some(TestApp {
            app: yardstick_web::app(store.clone(), yardstick_web::Config::new(secret.clone())),
            store,
            secret,
            url,
            _dir: None,
            pg: Some((server, name)),
        })
    }

    /// Another server on the same database: a store of its own (its own connections and
    /// caches) and an application of its own, with the same secret and `config`. Finishing
    /// it closes its store; the database stays for this one.
    pub async fn another_server(&self, config: yardstick_web::Config) -> TestApp {
        let store = Arc::new(
            SqlStore::open(&self.url, self.secret.clone())
                .await
                .unwrap(),
        );
        TestApp {
            app: yardstick_web::app(store.clone(), config),
            store,
            secret: self.secret.clone(),
            url: self.url.clone(),
            _dir: None,
            pg: None,
        }
    }

    /// The number of rows of a table, read straight from the database.
    pub async fn rows(&self, table: &str) -> i64 {
        use sqlx::Row;
        sqlx::any::install_default_drivers();
        let pool = sqlx::any::AnyPoolOptions::new()
            .max_connections(1)
            .connect(&self.url)
            .await
            .unwrap();
        let n = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
            .fetch_one(&pool)
            .await
            .unwrap()
            .get::<i64, _>(0);
        pool.close().await;
        n
    }

    /// Closes the store and drops a PostgreSQL test database.
    pub async fn finish(self) {
        self.store.close().await;
        if let Some((server, name)) = &self.pg {
            admin(
                server,
                &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            )
            .await;
        }
    }

    /// An application with the company imported.
    pub async fn new() -> TestApp {
        let app = TestApp::empty().await;
        let rows = read_people(PEOPLE_CSV.as_bytes()).unwrap();
        app.store.import_people(rows).await.unwrap();
        app
    }

    /// A new user with this role, logged in: their session token.
    pub async fn user(&self, name: &str, role: Role, person: Option<&str>) -> String {
        self.store
            .add_user(name, PASSWORD, role, person)
            .await
            .unwrap();
        self.store.login(name, PASSWORD).await.unwrap().token
    }

    /// A logged-in HR user's token.
    pub async fn hr(&self) -> String {
        self.user("hr", Role::Hr, None).await
    }

    /// A cycle of the built-in model for the three project managers, with the org chart's
    /// assignments; opened when `open`. Its id.
    pub async fn cycle(&self, hr: &str, open: bool) -> i64 {
        let id = req("POST", "/api/v1/cycles")
            .token(hr)
            .json(json!({"name": "2026年度360评估", "model": "builtin",
                         "assessees": ["M001", "M002", "M003"]}))
            .send(self)
            .await
            .assert(201)
            .json()["id"]
            .as_i64()
            .unwrap();
        req("POST", &format!("/api/v1/cycles/{id}/assignments"))
            .token(hr)
            .json(json!({"auto": true}))
            .send(self)
            .await
            .assert(200);
        if open {
            req("POST", &format!("/api/v1/cycles/{id}/open"))
                .token(hr)
                .send(self)
                .await
                .assert(200);
        }
        id
    }

    /// The rater token of `rater` (a person id or an external rater's name) in a cycle.
    pub async fn rater_token(&self, hr: &str, cycle: i64, rater: &str) -> String {
        let list = req("GET", &format!("/api/v1/cycles/{cycle}/assignments"))
            .token(hr)
            .send(self)
            .await
            .assert(200)
            .json();
        list.as_array()
            .unwrap()
            .iter()
            .find(|a| a["rater"] == rater || a["rater"]["name"] == rater)
            .map(|a| {
                a["link"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches("/r/")
                    .to_string()
            })
            .unwrap_or_else(|| panic!("no rater {rater} in {list}"))
    }
}

async fn admin(server: &str, sql: &str) {
    sqlx::any::install_default_drivers();
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(server)
        .await
        .expect("the PostgreSQL server of YARDSTICK_TEST_PG_URL answers");
    sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
}

/// Answers to every item of the built-in model: `value(i)` for the i-th item, `None` left out.
pub fn answers(value: impl Fn(usize) -> Option<Value>) -> Value {
    let model = yardstick_formats::builtin_model().unwrap();
    let map: serde_json::Map<String, Value> = model
        .items()
        .iter()
        .enumerate()
        .filter_map(|(i, item)| Some((item.code().to_string(), value(i)?)))
        .collect();
    Value::Object(map)
}

/// Every item answered `v`.
pub fn all(v: i64) -> Value {
    answers(|_| Some(json!(v)))
}

/// The built-in model renamed, with or without N/A, as model TOML.
pub fn model_toml(name: &str, allow_na: bool) -> String {
    let mut draft = yardstick_formats::builtin_model().unwrap().to_draft();
    draft.name = name.to_string();
    draft.scale.allow_na = allow_na;
    let model = yardstick_core::Model::validate(draft).unwrap().model;
    yardstick_formats::write_model_toml(&model)
}

/// A rater's save of a response.
pub fn put(token: &str, assessee: &str, body: Value) -> Req {
    req("PUT", &format!("/api/v1/r/{token}/responses/{assessee}")).json(body)
}

/// A form body, `application/x-www-form-urlencoded`.
pub fn urlencoded(fields: &[(&str, &str)]) -> String {
    let encode = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                    char::from(b).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}
