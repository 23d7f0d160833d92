//! What `yardstick cycle` writes cannot harm where it goes: stored names reach the terminal
//! with control characters escaped, and CSV cells never start a spreadsheet formula.

use std::path::Path;

use yardstick_formats::people::PersonRow;
use yardstick_store::Store;

use crate::{PEOPLE, block_on, open_store, run_in, stderr, stdout};

fn ok(d: &Path, args: &[&str]) -> String {
    let o = run_in(d, args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

/// A directory with the small company imported and cycle 1 assigned for P2.
fn cycle_for_p2() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("people.csv"), PEOPLE).unwrap();
    ok(d, &["people", "import", "people.csv"]);
    ok(d, &["cycle", "create", "--name", "N", "--assessees", "P2"]);
    ok(d, &["cycle", "assign", "1", "--auto"]);
    dir
}

#[test]
fn a_stored_name_holding_escape_prints_escaped_in_cycle_status_and_list() {
    let dir = cycle_for_p2();
    let d = dir.path();
    ok(
        d,
        &["cycle", "create", "--name", "年度评估", "--assessees", "P2"],
    );
    // Written before control characters were refused: straight through the store.
    block_on(async {
        let store = open_store(d, "yardstick.db").await;
        store
            .import_people(vec![PersonRow {
                row: 2,
                id: "P2".into(),
                name: "李秀英\u{1b}[2J".into(),
                department: "客服\u{1b}]0;x\u{7}部".into(),
                title: "客服主管".into(),
                superior: Some("P1".into()),
                email: None,
                phone: None,
            }])
            .await
            .unwrap();
        store.close().await;
        // A cycle named before names were checked: written with SQL, as no check lets it in.
        sqlx::any::install_default_drivers();
        let url = format!("sqlite://{}", d.join("yardstick.db").display());
        let pool = sqlx::AnyPool::connect(&url).await.unwrap();
        sqlx::query("UPDATE cycles SET name = $1 WHERE id = 2")
            .bind("年度\u{1b}[31m评估")
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    });
    let status = ok(d, &["cycle", "status", "1"]);
    assert!(
        !status.contains('\u{1b}') && !status.contains('\u{7}'),
        "{status:?}"
    );
    let p2 = status.lines().find(|l| l.starts_with("P2 ")).unwrap();
    assert!(p2.contains("李秀英\\u{1b}[2J"), "{p2}");
    assert!(p2.contains("客服\\u{1b}]0;x\\u{7}部"), "{p2}");
    let list = ok(d, &["cycle", "list"]);
    assert!(!list.contains('\u{1b}'), "{list:?}");
    assert!(list.contains("年度\\u{1b}[31m评估"), "{list}");
    let status = ok(d, &["cycle", "status", "2"]);
    assert!(
        status.starts_with("cycle 2 “年度\\u{1b}[31m评估”: draft\n"),
        "{status}"
    );
}

#[test]
fn a_rater_named_like_a_formula_is_written_to_the_links_csv_as_text() {
    let dir = cycle_for_p2();
    let d = dir.path();
    ok(
        d,
        &[
            "cycle",
            "assign",
            "1",
            "--add",
            "=HYPERLINK(\"x\")/:P2:customer",
        ],
    );
    let text = ok(d, &["cycle", "links", "1"]);
    let text = text.strip_prefix('\u{feff}').unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert!(
        rows.iter().any(|r| r[0] == "'=HYPERLINK(\"x\")"),
        "{rows:?}"
    );
    for cell in rows.iter().flatten() {
        assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell}");
    }
}
