//! Fresh stores for each test, on both backends.

use std::sync::Arc;

use yardstick_formats::people::{PersonRow, read_people};
use yardstick_store::{Secret, SqlStore, Store, User};

/// A store and whatever must live as long as it.
pub struct Fixture {
    pub store: Arc<SqlStore>,
    /// The database's URL.
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    pg: Option<PgDatabase>,
}

impl Fixture {
    /// Drops the PostgreSQL database made for the test.
    pub async fn finish(self) {
        self.store.close().await;
        if let Some(pg) = self.pg {
            pg.drop().await;
        }
    }
}

/// A fresh, empty PostgreSQL database of the server named by `YARDSTICK_TEST_PG_URL`.
pub struct PgDatabase {
    pub url: String,
    admin_url: String,
    name: String,
}

impl PgDatabase {
    /// A new database; `None`, said on standard error, when `YARDSTICK_TEST_PG_URL` is unset.
    pub async fn create() -> Option<PgDatabase> {
        let Ok(admin_url) = std::env::var("YARDSTICK_TEST_PG_URL") else {
            eprintln!(
                "skipped: YARDSTICK_TEST_PG_URL is not set, so this PostgreSQL test did not run"
            );
            return None;
        };
        let name = format!(
            "yardstick_test_{}",
            yardstick_store::secret::random_token(9)
                .unwrap()
                .to_lowercase()
                .replace(['-', '_'], "x")
        );
        let admin = sqlx_admin(&admin_url).await;
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&admin)
            .await
            .unwrap();
        admin.close().await;
        let url = match admin_url.rsplit_once('/') {
            Some((base, _)) => format!("{base}/{name}"),
            None => panic!("YARDSTICK_TEST_PG_URL names no database: {admin_url}"),
        };
        Some(PgDatabase {
            url,
            admin_url,
            name,
        })
    }

    /// Drops the database.
    pub async fn drop(self) {
        let pool = sqlx_admin(&self.admin_url).await;
        let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        )))
        .execute(&pool)
        .await;
        pool.close().await;
    }
}

async fn sqlx_admin(url: &str) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(url)
        .await
        .expect("the PostgreSQL server of YARDSTICK_TEST_PG_URL answers")
}

pub async fn sqlite() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    let store = SqlStore::open(&url, Secret::generate().unwrap())
        .await
        .unwrap();
    Fixture {
        store: Arc::new(store),
        url,
        _dir: Some(dir),
        pg: None,
    }
}

pub async fn postgres() -> Option<Fixture> {
    let pg = PgDatabase::create().await?;
    let store = SqlStore::open(&pg.url, Secret::generate().unwrap())
        .await
        .unwrap();
    Some(Fixture {
        store: Arc::new(store),
        url: pg.url.clone(),
        _dir: None,
        pg: Some(pg),
    })
}

/// Runs a test body on a fresh store of each backend.
macro_rules! contract {
    ($(#[$meta:meta])* $name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let fixture = crate::harness::sqlite().await;
                ($body)(fixture.store.clone()).await;
                fixture.finish().await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(fixture) = crate::harness::postgres().await {
                    ($body)(fixture.store.clone()).await;
                    fixture.finish().await;
                }
            }
        }
    };
}
pub(crate) use contract;

/// The small company most tests use: a general manager, two project managers with three
/// supervisors each.
pub const COMPANY: &str = "id,name,department,title,superior\n\
GM,周总,总部,总经理,\n\
PM1,王经理,翠湖花园管理处,项目经理,GM\n\
PM2,李经理,锦绣华庭管理处,项目经理,GM\n\
S11,张客服,翠湖花园管理处,客服主管,PM1\n\
S12,刘工程,翠湖花园管理处,工程主管,PM1\n\
S13,陈秩序,翠湖花园管理处,秩序主管,PM1\n\
S21,杨客服,锦绣华庭管理处,客服主管,PM2\n\
S22,赵工程,锦绣华庭管理处,工程主管,PM2\n\
S23,黄秩序,锦绣华庭管理处,秩序主管,PM2\n";

pub fn rows(csv: &str) -> Vec<PersonRow> {
    read_people(csv.as_bytes()).unwrap()
}

pub async fn company(store: &Arc<SqlStore>) {
    store.import_people(rows(COMPANY)).await.unwrap();
}

pub async fn hr(store: &Arc<SqlStore>) -> User {
    store
        .add_user("hr", "password-hr", yardstick_store::Role::Hr, None)
        .await
        .unwrap()
}
