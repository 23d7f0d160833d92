//! `yardstick report`: the console's report files from the command line — every kind and
//! format, HR's view unless `--restricted`, the figures of `yardstick cycle results`, and
//! clear refusals that write nothing.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use crate::cycle_results::scored_cycle;
use crate::{run_in, stderr};

fn ok(d: &std::path::Path, args: &[&str]) {
    let o = run_in(d, args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
}

fn sheet_names(bytes: Vec<u8>) -> Vec<String> {
    let book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    book.sheet_names()
}

#[test]
fn every_kind_and_format_is_written_with_the_results_figures() {
    let dir = scored_cycle();
    let d = dir.path();
    let results: serde_json::Value =
        serde_json::from_slice(&run_in(d, &["cycle", "results", "1"]).stdout).unwrap();
    let p2 = &results["assessees"][1];
    assert_eq!(p2["id"], "P2");

    let individual = [
        "--lang",
        "zh",
        "report",
        "individual",
        "--cycle",
        "1",
        "--assessee",
        "P2",
    ];
    ok(
        d,
        &[&individual[..], &["--format", "xlsx", "--out", "p2.xlsx"]].concat(),
    );
    let bytes = std::fs::read(d.join("p2.xlsx")).unwrap();
    assert_eq!(
        sheet_names(bytes.clone()),
        ["概要", "维度", "评估项目", "按评价人组", "评语", "计分说明"]
    );
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let dims = book.worksheet_range("维度").unwrap();
    for (row, d) in dims
        .rows()
        .skip(1)
        .zip(p2["dimensions"].as_array().unwrap())
    {
        assert_eq!(row[4], Data::Float(d["percent"].as_f64().unwrap()));
    }
    let summary = book.worksheet_range("概要").unwrap();
    assert!(
        summary.rows().nth(1).unwrap()[0]
            .to_string()
            .starts_with("仅供人力资源部使用")
    );

    // The assessee's view says nothing is for HR only.
    ok(
        d,
        &[
            &individual[..],
            &["--format", "xlsx", "--restricted", "--out", "own.xlsx"],
        ]
        .concat(),
    );
    let mut own: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(std::fs::read(d.join("own.xlsx")).unwrap()))
            .unwrap();
    let summary = own.worksheet_range("概要").unwrap();
    assert!(
        !summary
            .rows()
            .any(|r| r.iter().any(|c| c.to_string().contains("人力资源部")))
    );

    ok(
        d,
        &[&individual[..], &["--format", "csv", "--out", "p2.csv"]].concat(),
    );
    let csv = std::fs::read_to_string(d.join("p2.csv")).unwrap();
    assert!(csv.starts_with('\u{feff}'));
    // A line per dimension and per item, under the heading.
    assert_eq!(csv.lines().count(), 1 + 7 + 79);

    ok(
        d,
        &[&individual[..], &["--format", "html", "--out", "p2.html"]].concat(),
    );
    let html = std::fs::read_to_string(d.join("p2.html")).unwrap();
    assert!(
        html.contains("<style>") && html.contains("<svg"),
        "a page of its own"
    );
    assert!(!html.contains("/static/"), "nothing fetched from the site");

    ok(
        d,
        &[
            "report", "company", "--cycle", "1", "--target", "20,70,10", "--format", "xlsx",
            "--out", "co.xlsx",
        ],
    );
    assert_eq!(
        sheet_names(std::fs::read(d.join("co.xlsx")).unwrap()).len(),
        7
    );
    ok(
        d,
        &[
            "report",
            "department",
            "--cycle",
            "1",
            "--department",
            "翠湖花园管理处",
            "--format",
            "csv",
            "--out",
            "dep.csv",
        ],
    );
    assert!(
        std::fs::read_to_string(d.join("dep.csv"))
            .unwrap()
            .contains("P2")
    );
}

#[test]
fn bad_requests_are_refused_in_the_users_language_and_write_nothing() {
    let dir = scored_cycle();
    let d = dir.path();
    for (args, said) in [
        (
            vec![
                "report",
                "individual",
                "--cycle",
                "1",
                "--format",
                "csv",
                "--out",
                "x.csv",
            ],
            "--assessee",
        ),
        (
            vec![
                "report",
                "department",
                "--cycle",
                "1",
                "--format",
                "csv",
                "--out",
                "x.csv",
            ],
            "--department",
        ),
        (
            vec![
                "report",
                "individual",
                "--cycle",
                "1",
                "--assessee",
                "NOPE",
                "--format",
                "csv",
                "--out",
                "x.csv",
            ],
            "NOPE",
        ),
        (
            vec![
                "report", "company", "--cycle", "9", "--format", "xlsx", "--out", "x.csv",
            ],
            "9",
        ),
        (
            vec![
                "report", "company", "--cycle", "1", "--target", "50,60", "--format", "xlsx",
                "--out", "x.csv",
            ],
            "110",
        ),
        (
            vec![
                "report",
                "department",
                "--cycle",
                "1",
                "--department",
                "Z区",
                "--format",
                "csv",
                "--out",
                "x.csv",
            ],
            "Z区",
        ),
    ] {
        let o = run_in(d, &[&["--lang", "en"][..], &args].concat());
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let err = stderr(&o);
        assert!(err.contains(said), "{args:?}: {err}");
        assert!(!d.join("x.csv").exists(), "{args:?} wrote a file");
    }
}
