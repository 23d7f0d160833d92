//! What a backup or a restore refuses, and that a refusal or a failure changes nothing.

use yardstick_store::backup::BackupError;

use super::*;

/// Runs SQL on the SQLite file at `url` (no foreign key checks: a file as damaged as any).
async fn sqlite_exec(url: &str, sql: &str) {
    sqlx::any::install_default_drivers();
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(&format!("{url}?mode=rwc"))
        .await
        .unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
}

/// The names in `dir`.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

from_both!(
    a_backup_replaces_an_existing_file_only_when_told_to,
    async |store: Arc<SqlStore>, url: String| {
        company(&store).await;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("old.backup");
        std::fs::write(&file, "keep me").unwrap();
        let refused = backup::backup(&url, &file, false, &Quiet).await;
        assert!(matches!(refused, Err(BackupError::Exists(f)) if f == file));
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
        assert_eq!(listing(dir.path()), ["old.backup"]);
        backup::backup(&url, &file, true, &Quiet).await.unwrap();
        assert_eq!(
            contents(&format!("sqlite://{}", file.display())).await,
            contents(&url).await
        );
        // The backup holds everybody's data: only its owner may read it.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "mode {mode:o}");
        }
    }
);

#[tokio::test]
async fn a_backup_of_a_missing_or_foreign_database_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("b.backup");
    let missing = sqlite_url(dir.path(), "missing.db");
    let refused = backup::backup(&missing, &file, false, &Quiet).await;
    assert!(
        matches!(refused, Err(BackupError::NoDatabase(_))),
        "{refused:?}"
    );
    assert!(listing(dir.path()).is_empty());

    let foreign = sqlite_url(dir.path(), "other.db");
    sqlite_exec(
        &foreign,
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)",
    )
    .await;
    let refused = backup::backup(&foreign, &file, false, &Quiet).await;
    assert!(
        matches!(refused, Err(BackupError::NotYardstick)),
        "{refused:?}"
    );
    assert_eq!(listing(dir.path()), ["other.db"]);
}

from_both!(
    a_database_with_data_is_restored_into_only_when_it_may_be_replaced,
    async |store: Arc<SqlStore>, url: String| {
        let dir = tempfile::tempdir().unwrap();
        // A backup of another company.
        let other = crate::harness::sqlite().await;
        fill(&other.store).await;
        let file = dir.path().join("other.backup");
        back_up(&other.url, &file).await;
        let theirs = contents(&other.url).await;
        other.finish().await;

        company(&store).await;
        let ours = contents(&url).await;
        let refused = backup::restore(&file, &url, false, &Quiet).await;
        match refused {
            Err(BackupError::NotEmpty { table, rows }) => {
                assert!(rows > 0);
                assert_eq!(ours[&table].1.len() as u64, rows, "{table}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(contents(&url).await, ours);
        backup::restore(&file, &url, true, &Quiet).await.unwrap();
        assert_eq!(contents(&url).await, theirs);
    }
);

#[tokio::test]
async fn a_database_a_server_only_opened_counts_as_empty() {
    let dir = tempfile::tempdir().unwrap();
    let source = crate::harness::sqlite().await;
    fill(&source.store).await;
    let file = dir.path().join("b.backup");
    back_up(&source.url, &file).await;
    let expected = contents(&source.url).await;
    source.finish().await;

    let url = sqlite_url(dir.path(), "opened.db");
    let opened = SqlStore::open(&url, Secret::generate().unwrap())
        .await
        .unwrap();
    opened.close().await;
    restore(&file, &url).await;
    assert_eq!(contents(&url).await, expected);
}

#[tokio::test]
async fn files_that_are_not_backups_and_backups_of_newer_releases_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let target = sqlite_url(dir.path(), "target.db");
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "id,name\nP1,王建国\n").unwrap();
    let other = dir.path().join("other.db");
    sqlite_exec(
        &format!("sqlite://{}", other.display()),
        "CREATE TABLE notes (id INTEGER PRIMARY KEY)",
    )
    .await;
    for file in [&text, &other] {
        let refused = backup::restore(file, &target, false, &Quiet).await;
        assert!(
            matches!(&refused, Err(BackupError::NotABackup(f)) if f == file),
            "{refused:?}"
        );
    }
    let missing = dir.path().join("missing.backup");
    let refused = backup::restore(&missing, &target, false, &Quiet).await;
    assert!(
        matches!(refused, Err(BackupError::NoBackup(_))),
        "{refused:?}"
    );

    let source = crate::harness::sqlite().await;
    company(&source.store).await;
    let newer = dir.path().join("newer.backup");
    back_up(&source.url, &newer).await;
    source.finish().await;
    sqlite_exec(
        &format!("sqlite://{}", newer.display()),
        "INSERT INTO schema_migrations (version, applied_at) VALUES (999, 0)",
    )
    .await;
    let refused = backup::restore(&newer, &target, false, &Quiet).await;
    assert!(
        matches!(&refused, Err(BackupError::NewerBackup(v)) if v == &[999]),
        "{refused:?}"
    );
    assert_eq!(
        listing(dir.path()),
        ["newer.backup", "notes.txt", "other.db"],
        "no database was made"
    );
}

from_both!(
    a_database_a_newer_release_migrated_is_neither_backed_up_nor_restored_into,
    async |store: Arc<SqlStore>, url: String| {
        let dir = tempfile::tempdir().unwrap();
        let source = crate::harness::sqlite().await;
        company(&source.store).await;
        let file = dir.path().join("b.backup");
        back_up(&source.url, &file).await;
        source.finish().await;

        let newer = dir.path().join("newer.backup");
        store
            .add_user("hr", "password-hr", Role::Hr, None)
            .await
            .unwrap();
        sqlx::any::install_default_drivers();
        let pool = sqlx::any::AnyPoolOptions::new()
            .max_connections(1)
            .connect(&url)
            .await
            .unwrap();
        sqlx::query("INSERT INTO schema_migrations (version, applied_at) VALUES (999, 0)")
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
        let refused = backup::backup(&url, &newer, false, &Quiet).await;
        assert!(
            matches!(&refused, Err(BackupError::NewerDatabase(v)) if v == &[999]),
            "{refused:?}"
        );
        assert!(!newer.exists());
        let before = contents(&url).await;
        let refused = backup::restore(&file, &url, true, &Quiet).await;
        assert!(
            matches!(&refused, Err(BackupError::NewerDatabase(v)) if v == &[999]),
            "{refused:?}"
        );
        assert_eq!(contents(&url).await, before);
    }
);

#[tokio::test]
async fn a_restore_that_fails_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let source = crate::harness::sqlite().await;
    fill(&source.store).await;
    let file = dir.path().join("damaged.backup");
    back_up(&source.url, &file).await;
    source.finish().await;
    // A response to an assignment that does not exist: the references do not hold.
    sqlite_exec(
        &format!("sqlite://{}", file.display()),
        "PRAGMA foreign_keys = OFF; \
         INSERT INTO responses (assignment_id, status, answers, comment, updated_at) \
         VALUES (987654, 'draft', '[]', '', 0)",
    )
    .await;

    let target = dir.path().join("target.db");
    let refused = backup::restore(&file, &sqlite_url(dir.path(), "target.db"), false, &Quiet).await;
    assert!(
        matches!(refused, Err(BackupError::Database(_))),
        "{refused:?}"
    );
    assert!(!target.exists());
    assert_eq!(listing(dir.path()), ["damaged.backup"]);

    let Some(pg) = fresh_postgres().await else {
        return;
    };
    let refused = backup::restore(&file, &pg.url, false, &Quiet).await;
    assert!(
        matches!(refused, Err(BackupError::Database(_))),
        "{refused:?}"
    );
    sqlx::any::install_default_drivers();
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(&pg.url)
        .await
        .unwrap();
    let tables: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(tables, 0, "not even the schema is left");
    pool.close().await;
    pg.drop().await;
}
