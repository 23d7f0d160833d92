//! Several servers on one database (SPEC §7): what they do at the same moment happens once.
//! On PostgreSQL write jobs of every server run side by side, so these tests run the same
//! change from many tasks at once; on SQLite the single writer runs them one by one.

use std::sync::Arc;

use yardstick_formats::write_model_toml;
use yardstick_store::{AssesseeChoice, CycleState, Secret, SqlStore, Store};

use crate::cycles::new_cycle;
use crate::harness::{PgDatabase, company, contract};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn servers_starting_together_on_a_new_database_all_open_it_with_one_builtin_model() {
    let Some(pg) = PgDatabase::create().await else {
        return;
    };
    // Migrated but without its built-in model, as a new database is once the first server
    // has migrated it: the servers then all look for the model at the same moment.
    SqlStore::open(&pg.url, Secret::generate().unwrap())
        .await
        .unwrap()
        .close()
        .await;
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(&pg.url)
        .await
        .unwrap();
    sqlx::raw_sql("DELETE FROM models")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let opening: Vec<_> = (0..8)
        .map(|_| {
            let url = pg.url.clone();
            tokio::spawn(async move { SqlStore::open(&url, Secret::generate().unwrap()).await })
        })
        .collect();
    let mut stores = Vec::new();
    for o in opening {
        stores.push(o.await.unwrap().expect("every server opens the database"));
    }
    for store in &stores {
        let models = store.models().await.unwrap();
        assert_eq!(models.len(), 1, "{models:?}");
        assert!(models[0].builtin);
    }
    for store in stores {
        store.close().await;
    }
    pg.drop().await;
}

contract!(
    the_same_model_imported_at_once_is_one_version,
    async |store: Arc<SqlStore>| {
        let builtin = store.builtin_model().await.unwrap();
        let toml = write_model_toml(&store.model(builtin.id).await.unwrap().model)
            .replace("物业管理人员能力素质模型", "同时导入的模型");
        let imports: Vec<_> = (0..8)
            .map(|_| {
                let (store, toml) = (store.clone(), toml.clone());
                tokio::spawn(async move { store.import_model(toml).await })
            })
            .collect();
        let mut ids = Vec::new();
        for i in imports {
            ids.push(i.await.unwrap().expect("every import succeeds").id);
        }
        ids.dedup();
        assert_eq!(ids.len(), 1, "one version: {ids:?}");
        assert_eq!(store.models().await.unwrap().len(), 2);
    }
);

contract!(
    the_same_transition_asked_at_once_steps_once,
    async |store: Arc<SqlStore>| {
        company(&store).await;
        let c = store
            .create_cycle(new_cycle(AssesseeChoice::All))
            .await
            .unwrap();
        store.auto_assign(c.id).await.unwrap();
        for target in [CycleState::Open, CycleState::Closed, CycleState::Published] {
            let asked: Vec<_> = (0..8)
                .map(|_| {
                    let store = store.clone();
                    tokio::spawn(async move { store.transition(c.id, target, None).await })
                })
                .collect();
            for a in asked {
                let cycle = a.await.unwrap().expect("the same state again answers it");
                assert_eq!(cycle.state, target);
            }
        }
        let actions: Vec<String> = store
            .audit(c.id)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.action)
            .filter(|a| a.starts_with("cycle."))
            .collect();
        assert_eq!(
            actions,
            [
                "cycle.create",
                "cycle.open",
                "cycle.closed",
                "cycle.published"
            ],
            "each step once"
        );
        // The org chart is kept once, at the one publication.
        assert_eq!(store.cycle_org_chart(c.id).await.unwrap().len(), 9);
    }
);
