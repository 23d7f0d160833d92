//! `yardstick cycle results` end to end: the Results of a cycle from the database are what
//! `yardstick score` gives for the same answers in a file, as JSON, CSV and XLSX.

use std::path::Path;

use yardstick_core::Choice;
use yardstick_store::{ResponseInput, Store};

use crate::{PEOPLE, block_on, codes, open_store, run_in, stderr, stdout};

fn ok(d: &Path, args: &[&str]) -> Vec<u8> {
    let o = run_in(d, args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    o.stdout
}

/// The answer rater `r` gives item `i` of assessee `a`: a point, now and then N/A or blank.
fn answer(a: usize, r: usize, i: usize) -> Option<Choice> {
    match (a * 7 + r * 5 + i * 3) % 11 {
        0 => Some(Choice::Na),
        1 => None,
        v => Some(Choice::Point(1 + (v % 5) as i32)),
    }
}

/// A cycle of the small company with every assignment submitted, published; and the same
/// answers as a responses file `responses.csv` for `yardstick score`.
pub(crate) fn scored_cycle() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("people.csv"), PEOPLE).unwrap();
    ok(d, &["people", "import", "people.csv"]);
    ok(
        d,
        &[
            "cycle",
            "create",
            "--name",
            "结果",
            "--assessees",
            "P1,P2,P3",
        ],
    );
    ok(d, &["cycle", "assign", "1", "--auto"]);
    ok(d, &["cycle", "open", "1"]);
    let codes = codes();
    let mut file = format!(
        "assessee,rater,relationship,{},department\n",
        codes.join(",")
    );
    block_on(async {
        let store = open_store(d, "yardstick.db").await;
        let views = store.assignments(1).await.unwrap();
        for (a, assessee) in ["P1", "P2", "P3"].iter().enumerate() {
            for (r, view) in views.iter().filter(|v| v.assessee == *assessee).enumerate() {
                let token = view.link.strip_prefix("/r/").unwrap();
                let opened = store.rater_response(token, assessee).await.unwrap();
                let answers: Vec<Option<Choice>> =
                    (0..codes.len()).map(|i| answer(a, r, i)).collect();
                let cells: Vec<String> = answers
                    .iter()
                    .map(|g| match g {
                        Some(Choice::Point(p)) => p.to_string(),
                        Some(Choice::Na) => "NA".to_string(),
                        None => String::new(),
                    })
                    .collect();
                file.push_str(&format!(
                    "{assessee},{},{},{},翠湖花园管理处\n",
                    view.rater.person_id.as_deref().unwrap(),
                    view.relationship.code(),
                    cells.join(",")
                ));
                store
                    .save_response(
                        opened.target,
                        ResponseInput {
                            answers,
                            comment: String::new(),
                            submit: true,
                        },
                    )
                    .await
                    .unwrap();
            }
        }
        store.close().await;
    });
    std::fs::write(d.join("responses.csv"), file).unwrap();
    ok(d, &["cycle", "close", "1"]);
    ok(d, &["cycle", "publish", "1"]);
    dir
}

#[test]
fn cycle_results_give_what_score_gives_for_the_same_answers_after_publish() {
    let dir = scored_cycle();
    let d = dir.path();
    let score = ["score", "--builtin", "--responses", "responses.csv"];
    let from_db = ok(d, &["cycle", "results", "1"]);
    assert_eq!(
        String::from_utf8(from_db.clone()).unwrap(),
        String::from_utf8(ok(d, &score)).unwrap()
    );
    let results: serde_json::Value = serde_json::from_slice(&from_db).unwrap();
    let assessees = results["assessees"].as_array().unwrap();
    let ids: Vec<&str> = assessees
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["P1", "P2", "P3"]);
    assert_eq!(assessees[1]["raters"]["peer"], 2);
    assert!(assessees[1]["overall"]["score"].is_number());
    assert!(assessees[0].get("items").is_none());

    let with_items = ok(d, &["cycle", "results", "1", "--items"]);
    assert_eq!(with_items, ok(d, &[&score[..], &["--items"]].concat()));
    let with_items: serde_json::Value = serde_json::from_slice(&with_items).unwrap();
    assert_eq!(
        with_items["assessees"][0]["items"]
            .as_array()
            .unwrap()
            .len(),
        codes().len()
    );
}

#[test]
fn cycle_results_write_csv_and_xlsx_files_whole_as_score_does() {
    let dir = scored_cycle();
    let d = dir.path();
    let o = run_in(d, &["cycle", "results", "1", "--out", "r.csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
    assert!(
        stderr(&o).contains("cycle 1: scored 15 responses for 3 assessees into r.csv"),
        "{}",
        stderr(&o)
    );
    ok(
        d,
        &[
            "score",
            "--builtin",
            "--responses",
            "responses.csv",
            "--out",
            "s.csv",
        ],
    );
    let csv = std::fs::read(d.join("r.csv")).unwrap();
    assert!(csv.starts_with(b"\xef\xbb\xbf"), "a BOM for Excel");
    assert_eq!(csv, std::fs::read(d.join("s.csv")).unwrap());
    assert_eq!(
        ok(d, &["cycle", "results", "1", "--format", "csv"]),
        csv,
        "the same on standard output"
    );

    ok(d, &["cycle", "results", "1", "--out", "r.xlsx"]);
    let xlsx = std::fs::read(d.join("r.xlsx")).unwrap();
    assert!(xlsx.starts_with(b"PK"), "an XLSX file");
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(d.join("r.xlsx")).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    assert_eq!(sheet.height(), 4, "a header and one row per assessee");

    let o = run_in(d, &["cycle", "results", "1", "--format", "xlsx"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--out"), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
}

#[test]
fn cycle_results_of_an_unknown_cycle_say_which_and_write_nothing() {
    let dir = scored_cycle();
    let d = dir.path();
    let o = run_in(d, &["cycle", "results", "7", "--out", "none.json"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("there is no cycle 7 (`yardstick cycle list` lists them)"),
        "{}",
        stderr(&o)
    );
    assert!(!d.join("none.json").exists());
    let o = run_in(d, &["--lang", "zh", "cycle", "results", "7"]);
    assert!(
        stderr(&o).contains("没有编号为 7 的考评周期"),
        "{}",
        stderr(&o)
    );
}
