//! Upgrading a database made before a migration.

use yardstick_core::Relationship;
use yardstick_store::{Secret, SqlStore, Store};

#[tokio::test]
async fn cycles_made_before_the_dimensions_ask_everybody_every_dimension() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("old.db").display());
    sqlx::any::install_default_drivers();
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(&format!("{url}?mode=rwc"))
        .await
        .unwrap();
    let old = [
        include_str!("../../src/migrations/sqlite/0001_init.sql"),
        "CREATE TABLE IF NOT EXISTS schema_migrations \
         (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)",
        "INSERT INTO schema_migrations (version, applied_at) VALUES (1, 0)",
        "INSERT INTO models (id, name, version, definition, created_at) VALUES (7, 'm', '1', '', 0)",
        "INSERT INTO cycles (id, name, model_id, state, weights, threshold, peers_limit, created_at) \
         VALUES (1, '2025年度评估', 7, 'closed', '[0,40,20,20,20]', 3, 4, 0)",
    ];
    for sql in old {
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
            .execute(&pool)
            .await
            .unwrap();
    }
    pool.close().await;

    let store = SqlStore::open(&url, Secret::generate().unwrap())
        .await
        .unwrap();
    let cycle = store.cycle(1).await.unwrap();
    assert_eq!(cycle.name, "2025年度评估");
    assert!(cycle.dimensions.is_all());
    assert!(cycle.dimensions.asks(Relationship::Customer, "3"));
    store.close().await;
}
