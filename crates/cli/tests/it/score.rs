//! `yardstick score`.

use serde_json::Value;

use crate::{codes, run, stderr, stdout};

const EXAMPLE: &str = "examples/responses.csv";

fn json(o: &std::process::Output) -> Value {
    assert!(o.status.success(), "{}", stderr(o));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn example_text() -> String {
    std::fs::read_to_string(crate::root().join(EXAMPLE)).unwrap()
}

#[test]
fn the_example_scores_to_json_on_stdout_with_nothing_on_stderr() {
    let o = run(&["score", "--builtin", "--responses", EXAMPLE]);
    let v = json(&o);
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    let assessees = v["assessees"].as_array().unwrap();
    assert_eq!(assessees.len(), 12);
    assert_eq!(assessees[0]["id"], "M00001");
    assert_eq!(assessees[0]["dimensions"].as_array().unwrap().len(), 7);
    let ranks: Vec<u64> = assessees
        .iter()
        .map(|a| a["overall"]["rank"].as_u64().unwrap())
        .collect();
    let mut sorted = ranks.clone();
    sorted.sort();
    assert_eq!(sorted, (1..=12).collect::<Vec<u64>>());
}

#[test]
fn the_same_answers_in_gb18030_with_chinese_labels_score_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let text = example_text()
        .replace(",self,", ",自评,")
        .replace(",superior,", ",上级,")
        .replace(",customer,", ",业主,")
        .replacen(
            "assessee,department,rater,relationship",
            "被评价人,部门,评价人,评价关系",
            1,
        );
    let path = dir.path().join("gbk.csv");
    std::fs::write(&path, encoding_rs::GB18030.encode(&text).0).unwrap();
    let a = json(&run(&["score", "--builtin", "--responses", EXAMPLE]));
    let b = json(&run(&[
        "score",
        "--builtin",
        "--responses",
        path.to_str().unwrap(),
    ]));
    assert_eq!(a, b);
}

#[test]
fn the_same_answers_as_xlsx_score_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("responses.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let text = example_text();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    for (r, record) in reader.records().enumerate() {
        for (c, cell) in record.unwrap().iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell.parse::<f64>() {
                Ok(n) if r > 0 => sheet.write_number(r, c, n).map(|_| ()),
                _ => sheet.write_string(r, c, cell).map(|_| ()),
            }
            .unwrap();
        }
    }
    book.save(&path).unwrap();
    let a = json(&run(&["score", "--builtin", "--responses", EXAMPLE]));
    let b = json(&run(&[
        "score",
        "--builtin",
        "--responses",
        path.to_str().unwrap(),
    ]));
    assert_eq!(a, b);
}

#[test]
fn csv_and_xlsx_results_carry_the_json_figures() {
    let dir = tempfile::tempdir().unwrap();
    let v = json(&run(&["score", "--builtin", "--responses", EXAMPLE]));
    let csv_out = run(&[
        "score",
        "--builtin",
        "--responses",
        EXAMPLE,
        "--format",
        "csv",
    ]);
    assert!(csv_out.status.success());
    let mut reader = csv::Reader::from_reader(&csv_out.stdout[3..]);
    let header = reader.headers().unwrap().clone();
    let percent = header.iter().position(|h| h == "percent").unwrap();
    let first = reader.records().next().unwrap().unwrap();
    assert_eq!(
        first[percent].parse::<f64>().unwrap(),
        v["assessees"][0]["overall"]["percent"].as_f64().unwrap()
    );

    let path = dir.path().join("results.xlsx");
    let o = run(&[
        "score",
        "--builtin",
        "--responses",
        EXAMPLE,
        "--out",
        path.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("scored 108 responses for 12 assessees"),
        "{}",
        stderr(&o)
    );
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let range = book.worksheet_range("results").unwrap();
    assert_eq!(range.height(), 13);
}

#[test]
fn weights_and_threshold_change_the_scoring_as_asked() {
    let base = json(&run(&["score", "--builtin", "--responses", EXAMPLE]));
    assert_eq!(base["settings"]["threshold"], 3);
    let k1 = json(&run(&[
        "score",
        "--builtin",
        "--responses",
        EXAMPLE,
        "--threshold",
        "1",
    ]));
    assert!(
        k1["assessees"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["pooled"] == serde_json::json!([]))
    );
    let only_superior = json(&run(&[
        "score",
        "--builtin",
        "--responses",
        EXAMPLE,
        "--weights",
        "peer=0,subordinate=0,customer=0",
    ]));
    assert_eq!(only_superior["settings"]["weights"]["superior"], 40);
    for a in only_superior["assessees"].as_array().unwrap() {
        for d in a["dimensions"].as_array().unwrap() {
            assert_eq!(d["score"], d["groups"]["superior"]);
        }
    }
}

#[test]
fn bad_weights_and_threshold_are_refused_in_the_users_language() {
    let o = run(&[
        "score",
        "--builtin",
        "--responses",
        EXAMPLE,
        "--weights",
        "boss=3",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with("--weights: unknown relationship `boss`"),
        "{}",
        stderr(&o)
    );
    let o = run(&[
        "--lang",
        "zh",
        "score",
        "--builtin",
        "--responses",
        EXAMPLE,
        "--threshold",
        "0",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("匿名阈值必须至少为 1"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn relationship_weights_of_1e308_are_refused_naming_the_relationship_without_a_panic() {
    for (lang, expected) in [
        (
            "en",
            "--weights: superior: the weight 1e308 is too large: at most 1000",
        ),
        ("zh", "--weights: superior:权重 1e308 太大:最大为 1000"),
    ] {
        let o = run(&[
            "--lang",
            lang,
            "score",
            "--builtin",
            "--responses",
            EXAMPLE,
            "--weights",
            "superior=1e308,peer=1e308",
        ]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert_eq!(stderr(&o).trim(), expected);
    }
    let o = run(&[
        "score",
        "--builtin",
        "--responses",
        EXAMPLE,
        "--weights",
        "self=1000,superior=1000,peer=1000,subordinate=1000,customer=1000",
    ]);
    let v = json(&o);
    assert!(v["assessees"][0]["overall"]["score"].is_number());
}

/// Writes `content` as a responses file, scores it into an output file that already exists,
/// and checks that the run fails, names the problem and leaves the output untouched.
fn refused(content: &[u8], expected: &str) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("r.csv");
    std::fs::write(&input, content).unwrap();
    let out = dir.path().join("results.json");
    std::fs::write(&out, "previous results").unwrap();
    let o = run(&[
        "score",
        "--builtin",
        "--responses",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains(expected), "expected {expected:?} in\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous results");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        2,
        "no temporary file left"
    );
}

fn with_row(row: &str) -> Vec<u8> {
    format!("assessee,rater,relationship,{}\n{row}\n", codes().join(",")).into_bytes()
}

fn answers(v: &str) -> String {
    vec![v; 79].join(",")
}

#[test]
fn each_class_of_bad_input_is_refused_and_nothing_is_written() {
    refused(b"", "the file is empty");
    let garbage: Vec<u8> = (0..2048u32).map(|i| (i * 7919 % 251) as u8).collect();
    refused(&garbage, "not a CSV or XLSX file");
    refused(
        format!(
            "assessee,rater,{}\nE1,P1,{}\n",
            codes().join(","),
            answers("3")
        )
        .as_bytes(),
        "the required column \"relationship\" is missing",
    );
    refused(
        format!(
            "assessee,rater,relationship,mood,{}\nE1,P1,peer,ok,{}\n",
            codes().join(","),
            answers("3")
        )
        .as_bytes(),
        "row 1, column D \"mood\": unknown column",
    );
    refused(
        &with_row(&format!("E1,P1,peer,{}", answers("x"))),
        "row 2, column D \"1.1\": \"x\" is not a score",
    );
    refused(
        &with_row(&format!("E1,P1,peer,{}", answers("0"))),
        "row 2, column D \"1.1\": the score 0 is outside the scale 1–5",
    );
    refused(
        &with_row(&format!("E1,P1,friend,{}", answers("3"))),
        "row 2, column C \"relationship\": unknown relationship \"friend\"",
    );
    refused(
        &with_row(&format!("E1,P1,peer,{a}\nE1,P1,peer,{a}", a = answers("3"))),
        "row 3, column B \"rater\": rater \"P1\" rates \"E1\" a second time (first on row 2)",
    );
    refused(
        &with_row(&format!("E1,E2,self,{}", answers("3"))),
        "a self row whose rater \"E2\" is not the assessee \"E1\"",
    );
}

#[test]
fn a_missing_responses_file_is_a_clear_error() {
    let o = run(&["score", "--builtin", "--responses", "no/such/file.csv"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with("error: cannot open no/such/file.csv"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn score_needs_a_model_and_a_responses_file() {
    let o = run(&["score", "--responses", EXAMPLE]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&[
        "score",
        "--builtin",
        "--model",
        "m.toml",
        "--responses",
        EXAMPLE,
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn help_is_given_in_the_chosen_language() {
    let text = stdout(&run(&["score", "--help"]));
    assert!(text.contains("Anonymity threshold"), "{text}");
    assert!(!text.contains("匿名阈值"), "{text}");
    let text = stdout(&run(&["--lang", "zh", "score", "--help"]));
    assert!(text.contains("匿名阈值"), "{text}");
    assert!(!text.contains("Anonymity threshold"), "{text}");
}
