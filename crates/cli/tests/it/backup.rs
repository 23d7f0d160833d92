//! `yardstick backup` and `yardstick restore`: the demo company from SQLite to PostgreSQL
//! and back with the same Results, and the refusals in both languages.

use std::path::Path;

use yardstick_store::backup::contents;
use yardstick_store::{Secret, SqlStore, Store};

use crate::{block_on, command_in, run_in, stderr, stdout};

/// A fresh PostgreSQL database of the server `YARDSTICK_TEST_PG_URL` names, dropped at the
/// end; `None`, said on standard error, without that variable.
struct Pg {
    url: String,
    admin: String,
    name: String,
}

impl Pg {
    fn create() -> Option<Pg> {
        let Ok(admin) = std::env::var("YARDSTICK_TEST_PG_URL") else {
            eprintln!(
                "skipped: YARDSTICK_TEST_PG_URL is not set, so the PostgreSQL part did not run"
            );
            return None;
        };
        let name = format!(
            "yardstick_cli_{}",
            yardstick_store::secret::random_token(9)
                .unwrap()
                .to_lowercase()
                .replace(['-', '_'], "x")
        );
        admin_sql(&admin, &format!("CREATE DATABASE {name}"));
        let (base, _) = admin.rsplit_once('/').unwrap();
        Some(Pg {
            url: format!("{base}/{name}"),
            admin,
            name,
        })
    }
}

impl Drop for Pg {
    fn drop(&mut self) {
        admin_sql(
            &self.admin,
            &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
        );
    }
}

fn admin_sql(url: &str, sql: &str) {
    block_on(async {
        sqlx::any::install_default_drivers();
        let pool = sqlx::any::AnyPoolOptions::new()
            .max_connections(1)
            .connect(url)
            .await
            .unwrap();
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    });
}

/// Runs `yardstick` in `dir` and expects success.
fn ok(dir: &Path, args: &[&str]) -> String {
    let o = run_in(dir, args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stderr(&o)
}

/// The Results of every cycle of the database at `url`, as `yardstick cycle results` writes
/// them, with every item's score.
fn every_result(dir: &Path, url: &str) -> Vec<String> {
    let ids = block_on(async {
        let store = SqlStore::open(url, Secret::generate().unwrap())
            .await
            .unwrap();
        let ids: Vec<i64> = store.cycles().await.unwrap().iter().map(|c| c.id).collect();
        store.close().await;
        ids
    });
    assert_eq!(ids.len(), 2, "the demo has two cycles");
    ids.iter()
        .map(|id| {
            let id = id.to_string();
            let o = run_in(
                dir,
                &[
                    "cycle", "results", &id, "--format", "json", "--items", "--db", url,
                ],
            );
            assert!(o.status.success(), "{}", stderr(&o));
            stdout(&o)
        })
        .collect()
}

/// Rows per table of the database at `url`.
fn counts(url: &str) -> Vec<(String, usize)> {
    block_on(contents(url))
        .unwrap()
        .into_iter()
        .map(|(table, (_, rows))| (table, rows.len()))
        .collect()
}

#[test]
fn the_demo_company_goes_from_sqlite_to_postgresql_and_back_with_the_same_results() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let first = format!("sqlite://{}", d.join("first.db").display());
    block_on(async {
        let store = SqlStore::open(&first, Secret::generate().unwrap())
            .await
            .unwrap();
        yardstick::demo::populate(&store).await.unwrap();
        store.close().await;
    });
    let results = every_result(d, &first);
    let rows = counts(&first);
    let said = ok(d, &["backup", "first.backup", "--db", &first]);
    assert!(
        said.contains("backed up") && said.contains("first.backup"),
        "{said}"
    );

    let last = format!("sqlite://{}", d.join("last.db").display());
    match Pg::create() {
        Some(pg) => {
            let said = ok(d, &["restore", "first.backup", "--db", &pg.url]);
            assert!(said.contains("restored first.backup"), "{said}");
            assert!(said.contains("YARDSTICK_SECRET"), "{said}");
            assert_eq!(counts(&pg.url), rows);
            assert_eq!(every_result(d, &pg.url), results);
            ok(d, &["backup", "second.backup", "--db", &pg.url]);
            ok(d, &["restore", "second.backup", "--db", &last]);
        }
        None => {
            ok(d, &["restore", "first.backup", "--db", &last]);
        }
    }
    assert_eq!(counts(&last), rows);
    assert_eq!(every_result(d, &last), results);
    assert_eq!(
        block_on(contents(&last)).unwrap(),
        block_on(contents(&first)).unwrap()
    );
}

/// A directory with the small company imported into `yardstick.db`.
fn company() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("people.csv"), crate::PEOPLE).unwrap();
    ok(dir.path(), &["people", "import", "people.csv"]);
    dir
}

/// Runs `yardstick` in `dir` in Chinese.
fn in_chinese(dir: &Path, args: &[&str]) -> std::process::Output {
    command_in(dir, args)
        .env("YARDSTICK_LANG", "zh")
        .output()
        .unwrap()
}

#[test]
fn a_backup_replaces_a_file_only_with_force_and_says_so_in_either_language() {
    let dir = company();
    let d = dir.path();
    std::fs::write(d.join("old.backup"), "keep me").unwrap();
    let o = run_in(d, &["backup", "old.backup"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o).trim(),
        "old.backup exists already: choose another file name, or give --force to replace it"
    );
    let o = in_chinese(d, &["backup", "old.backup"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o).trim(),
        "old.backup 已存在:请换一个文件名,或加 --force 覆盖它"
    );
    assert_eq!(
        std::fs::read_to_string(d.join("old.backup")).unwrap(),
        "keep me"
    );

    let said = ok(d, &["backup", "old.backup", "--force"]);
    assert!(
        said.contains("backed up sqlite://yardstick.db to old.backup:"),
        "{said}"
    );
    assert!(
        said.contains("the server secret is not in the backup: keep yardstick.db.secret with it"),
        "{said}"
    );
    assert_eq!(
        counts(&format!("sqlite://{}", d.join("yardstick.db").display())),
        counts(&format!("sqlite://{}", d.join("old.backup").display()))
    );
}

#[test]
fn restore_refuses_a_database_with_data_unless_replace_and_files_that_are_no_backups() {
    let dir = company();
    let d = dir.path();
    ok(d, &["backup", "company.backup"]);
    let o = run_in(d, &["restore", "company.backup"]);
    assert_eq!(o.status.code(), Some(1));
    let said = stderr(&o);
    assert!(
        said.starts_with("sqlite://yardstick.db already holds Yardstick data (")
            && said.contains("give --replace to delete everything in it"),
        "{said}"
    );
    let o = in_chinese(d, &["restore", "company.backup"]);
    assert!(
        stderr(&o).contains("中已有 Yardstick 数据"),
        "{}",
        stderr(&o)
    );
    let said = ok(d, &["restore", "company.backup", "--replace"]);
    assert!(
        said.contains("restored company.backup into sqlite://yardstick.db"),
        "{said}"
    );
    assert!(
        said.contains("yardstick.db.secret must hold the secret"),
        "{said}"
    );

    for (args, message) in [
        (
            &["restore", "people.csv", "--db", "sqlite://new.db"][..],
            "people.csv is not a Yardstick backup: a backup is the SQLite file `yardstick backup` writes",
        ),
        (
            &["restore", "missing.backup", "--db", "sqlite://new.db"][..],
            "there is no backup file missing.backup",
        ),
        (
            &["backup", "new.backup", "--db", "sqlite://nothing.db"][..],
            "there is no database file nothing.db (from sqlite://nothing.db): check --db, YARDSTICK_DB or `db` in the configuration file",
        ),
    ] {
        let o = run_in(d, args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert_eq!(stderr(&o).trim(), message);
    }
    for made in ["new.db", "nothing.db", "new.backup"] {
        assert!(!d.join(made).exists(), "{made} was made");
    }
}

#[test]
fn backup_and_restore_have_their_help_in_either_language() {
    let dir = tempfile::tempdir().unwrap();
    for (lang, about, flag) in [
        (
            "en",
            "Back up the database into a file",
            "Replace FILE if it exists",
        ),
        ("zh", "把数据库备份到一个文件", "FILE 已存在时覆盖它"),
    ] {
        let o = command_in(dir.path(), &["backup", "--help"])
            .env("YARDSTICK_LANG", lang)
            .output()
            .unwrap();
        let text = stdout(&o);
        assert!(text.contains(about) && text.contains(flag), "{text}");
    }
    let o = run_in(dir.path(), &["restore", "--help"]);
    let text = stdout(&o);
    assert!(
        text.contains("Restore a backup into an empty database of either backend")
            && text.contains("--replace"),
        "{text}"
    );
}
