//! A backup restores into either backend with every row and the same Results, and the
//! ids the server gives next come after the restored ones.

use super::*;

from_both!(
    a_backup_restores_into_either_backend_with_every_row_and_the_same_results,
    async |store: Arc<SqlStore>, url: String| {
        let filled = fill(&store).await;
        let before = contents(&url).await;
        let results_before = vec![
            (filled.open, results(&*store, filled.open).await),
            (filled.published, results(&*store, filled.published).await),
        ];
        assert!(
            RELEASE_TABLES.iter().all(|t| !before[*t].1.is_empty()),
            "the company fills every table: {:?}",
            counts(&before)
        );
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("yardstick.backup");
        let made = back_up(&url, &file).await;
        assert_eq!(made.tables, before.len());
        assert_eq!(
            made.rows,
            before.values().map(|(_, r)| r.len() as u64).sum::<u64>()
        );
        assert_eq!(made.version, made.migrated_to);

        let lite = sqlite_url(dir.path(), "restored.db");
        let restored = restore(&file, &lite).await;
        assert_eq!((restored.tables, restored.rows), (made.tables, made.rows));
        assert_eq!(counts(&contents(&lite).await), counts(&before));
        assert_eq!(contents(&lite).await, before);
        assert_eq!(all_results(&lite).await, results_before);

        let Some(pg) = fresh_postgres().await else {
            return;
        };
        restore(&file, &pg.url).await;
        assert_eq!(contents(&pg.url).await, before);
        assert_eq!(all_results(&pg.url).await, results_before);
        // And back again: PostgreSQL → SQLite gives the same.
        let again = dir.path().join("again.backup");
        back_up(&pg.url, &again).await;
        let back = sqlite_url(dir.path(), "back.db");
        restore(&again, &back).await;
        assert_eq!(contents(&back).await, before);
        assert_eq!(all_results(&back).await, results_before);

        // The next ids come after the restored ones, on both.
        for target in [&pg.url, &back] {
            let opened = SqlStore::open(target, Secret::generate().unwrap())
                .await
                .unwrap();
            let next = opened
                .create_cycle(new_cycle(AssesseeChoice::All))
                .await
                .unwrap();
            assert_eq!(next.id, filled.open.max(filled.published) + 1);
            let user = opened
                .add_user("new", "password-new", Role::Hr, None)
                .await
                .unwrap();
            assert_eq!(user.id, 3);
            opened.close().await;
        }
        pg.drop().await;
    }
);
