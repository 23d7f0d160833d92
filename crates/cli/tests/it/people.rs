//! `yardstick people import`.

use yardstick_store::Store;

use crate::{PEOPLE, block_on, command_in, open_store, run_in, stderr, stdout};

fn people_in(dir: &std::path::Path) -> Vec<(String, Option<String>)> {
    block_on(async {
        let store = open_store(dir, "yardstick.db").await;
        let people = store.people().await.unwrap();
        store.close().await;
        people.into_iter().map(|p| (p.id, p.superior)).collect()
    })
}

#[test]
fn a_good_file_is_imported_and_a_second_import_counts_updates() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("people.csv"), PEOPLE).unwrap();
    let o = run_in(d, &["people", "import", "people.csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), "imported 7, updated 0");
    assert_eq!(people_in(d).len(), 7);

    // P7 moves to another supervisor; P8 joins.
    std::fs::write(
        d.join("more.csv"),
        "id,name,department,title,superior\nP7,周强,翠湖花园管理处,维修工,P4\nP8,吴敏,翠湖花园管理处,秩序维护员,P4\n",
    )
    .unwrap();
    let o = command_in(d, &["--lang", "zh", "people", "import", "more.csv"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), "已导入 1 人,更新 1 人");
    let people = people_in(d);
    assert_eq!(people.len(), 8);
    assert!(people.contains(&("P7".into(), Some("P4".into()))));
}

#[test]
fn gb18030_csv_with_chinese_headers_and_xlsx_are_read_too() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let chinese = PEOPLE.replacen(
        "id,name,department,title,superior,phone",
        "工号,姓名,部门,职务,上级,电话",
        1,
    );
    std::fs::write(
        d.join("gbk.csv"),
        encoding_rs::GB18030.encode(&chinese).0.as_ref(),
    )
    .unwrap();
    let o = run_in(d, &["people", "import", "gbk.csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), "imported 7, updated 0");

    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, line) in PEOPLE.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    book.save(d.join("people.xlsx")).unwrap();
    let o = run_in(d, &["people", "import", "people.xlsx"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), "imported 0, updated 7");
}

#[test]
fn a_file_with_bad_rows_lists_every_problem_and_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let bad = format!("{PEOPLE}P2,重复,A,B,P1,\n,无号,A,B,,\nP9,,A,B,,\n");
    std::fs::write(d.join("bad.csv"), bad).unwrap();
    let o = run_in(d, &["people", "import", "bad.csv"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(
        lines[0].starts_with("bad.csv, row 9, column A \"id\""),
        "{err}"
    );
    assert!(lines[0].contains("P2"), "{err}");
    assert!(
        lines[1].starts_with("bad.csv, row 10, column A \"id\""),
        "{err}"
    );
    assert!(
        lines[2].starts_with("bad.csv, row 11, column B \"name\""),
        "{err}"
    );
    assert!(stdout(&o).is_empty());
    assert!(
        !d.join("yardstick.db").exists(),
        "a bad file never reaches the database"
    );
}

#[test]
fn an_org_chart_that_does_not_hold_together_is_refused_whole() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("people.csv"), PEOPLE).unwrap();
    assert!(
        run_in(d, &["people", "import", "people.csv"])
            .status
            .success()
    );

    // Good rows, an unknown superior and a reporting loop, checked against the people stored.
    std::fs::write(
        d.join("loop.csv"),
        "id,name,department,title,superior\nP8,吴敏,A,B,P4\nP9,郑洁,A,B,X1\nP2,李秀英,A,B,P5\n",
    )
    .unwrap();
    let o = command_in(d, &["--lang", "zh", "people", "import", "loop.csv"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("loop.csv 第 3 行"), "{err}");
    assert!(err.contains("X1"), "{err}");
    assert!(err.contains("P2 → P5 → P2"), "{err}");
    let people = people_in(d);
    assert_eq!(people.len(), 7, "nothing of the file is stored");
    assert!(people.contains(&("P2".into(), Some("P1".into()))));
}

#[test]
fn row_problems_and_org_chart_problems_are_reported_in_one_pass() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Row 2 has no name; row 3 names a superior nobody knows; rows 4 and 5 report to each
    // other. Before, the org chart was checked only once the rows were mended.
    let file =
        "id,name,department,title,superior\nP1,,A,B,\nP2,王,A,B,X9\nP3,李,A,B,P4\nP4,张,A,B,P3\n";
    std::fs::write(d.join("bad.csv"), file).unwrap();
    let o = run_in(d, &["people", "import", "bad.csv"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(
        lines[0].starts_with("bad.csv, row 2, column B \"name\""),
        "{err}"
    );
    assert!(
        lines[1].starts_with("bad.csv, row 3") && lines[1].contains("X9"),
        "{err}"
    );
    assert!(lines[2].contains("P3 → P4 → P3"), "{err}");
    assert!(
        !d.join("yardstick.db").exists(),
        "a bad file never reaches the database"
    );

    // With people stored, a superior among them is known.
    std::fs::write(d.join("people.csv"), PEOPLE).unwrap();
    assert!(
        run_in(d, &["people", "import", "people.csv"])
            .status
            .success()
    );
    let file = "id,name,department,title,superior\nP8,,A,B,\nP9,王,A,B,P1\n";
    std::fs::write(d.join("bad.csv"), file).unwrap();
    let err = stderr(&run_in(d, &["people", "import", "bad.csv"]));
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn a_broken_quote_is_a_problem_of_its_row_and_no_id_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let file = "id,name,department,title,superior\n\"P1,A\" ,王,A,B,\nP2,李\"四,A,B,P1\n";
    std::fs::write(d.join("quote.csv"), file).unwrap();
    let o = run_in(d, &["people", "import", "quote.csv"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines[0].starts_with("quote.csv, row 2, column A \"id\": malformed CSV"),
        "{err}"
    );
    assert!(
        lines[1].starts_with("quote.csv, row 3, column B \"name\": malformed CSV"),
        "{err}"
    );
    assert!(!d.join("yardstick.db").exists());
}

#[test]
fn a_missing_file_is_an_error_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let o = run_in(dir.path(), &["people", "import", "nope.csv"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("cannot read nope.csv"),
        "{}",
        stderr(&o)
    );
}
