//! Responses files: every format and encoding, and every class of bad input.

use std::io::Write;

use yardstick_core::{Lang, Model, Relationship, Tally};
use yardstick_formats::responses::{
    ProblemKind, Problems, Tallied, tally_responses, tally_responses_file,
};

use crate::builtin;

fn codes(m: &Model) -> Vec<String> {
    m.items().iter().map(|i| i.code().to_string()).collect()
}

/// A CSV with the standard columns, one row per `(assessee, rater, relationship, answer)`,
/// the same answer to every item.
fn csv(rows: &[(&str, &str, &str, &str)]) -> String {
    let m = builtin();
    let mut out = format!("assessee,rater,relationship,{}\n", codes(&m).join(","));
    for (a, r, rel, v) in rows {
        out += &format!("{a},{r},{rel},{}\n", vec![*v; m.items().len()].join(","));
    }
    out
}

fn tally(bytes: &[u8]) -> Result<Tallied, Problems> {
    tally_responses(bytes, &builtin(), &mut |_| {})
}

fn messages(bytes: &[u8], lang: Lang) -> Vec<String> {
    tally(bytes)
        .unwrap_err()
        .messages("r.csv")
        .iter()
        .map(|m| m.render(lang))
        .collect()
}

const SAMPLE: &[(&str, &str, &str, &str)] = &[
    ("E1", "E1", "self", "5"),
    ("E1", "B1", "上级", "4"),
    ("E1", "P1", "同级", "3"),
    ("E1", "C1", "业主", "NA"),
    ("E2", "B1", "superior", "2"),
];

#[test]
fn utf8_with_and_without_bom_and_gb18030_read_alike() {
    let text = csv(SAMPLE).replace("assessee,rater,relationship", "被评价人,评价人,评价关系");
    let plain = tally(text.as_bytes()).unwrap();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    let gbk = encoding_rs::GB18030.encode(&text).0.into_owned();
    for other in [tally(&bom).unwrap(), tally(&gbk).unwrap()] {
        assert_eq!(other.assessees, plain.assessees);
        assert_eq!(other.tallies, plain.tallies);
    }
    assert_eq!(plain.responses, 5);
    let ids: Vec<&str> = plain.assessees.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["E1", "E2"]);
    assert_eq!(plain.tallies[0].raters(), [1, 1, 1, 0, 1]);
}

#[test]
fn an_xlsx_file_reads_like_the_same_csv() {
    let m = builtin();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let header = ["assessee", "rater", "relationship"]
        .into_iter()
        .map(String::from)
        .chain(codes(&m));
    for (c, h) in header.enumerate() {
        sheet.write_string(0, c as u16, h).unwrap();
    }
    for (r, (a, rater, rel, v)) in SAMPLE.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, *a).unwrap();
        sheet.write_string(r, 1, *rater).unwrap();
        sheet.write_string(r, 2, *rel).unwrap();
        for c in 0..m.items().len() {
            let c = c as u16 + 3;
            match v.parse::<f64>() {
                Ok(n) => sheet.write_number(r, c, n).unwrap(),
                Err(_) => sheet.write_string(r, c, *v).unwrap(),
            };
        }
    }
    let bytes = book.save_to_buffer().unwrap();
    let from_xlsx = tally(&bytes).unwrap();
    let from_csv = tally(csv(SAMPLE).as_bytes()).unwrap();
    assert_eq!(from_xlsx.assessees, from_csv.assessees);
    assert_eq!(from_xlsx.tallies, from_csv.tallies);
}

#[test]
fn columns_may_come_in_any_order_with_department_and_comment() {
    let m = builtin();
    let mut items = codes(&m);
    items.reverse();
    let mut text = format!(
        "comment,{},relationship,department,rater,assessee\n",
        items.join(",")
    );
    text += &format!(
        "\"好,很好\",{},peer,A区,P1,E1\n",
        vec!["4"; items.len()].join(",")
    );
    text += &format!(",{},self,,E1,E1\n", vec!["3"; items.len()].join(","));
    let t = tally(text.as_bytes()).unwrap();
    assert_eq!(t.assessees[0].department.as_deref(), Some("A区"));
    assert_eq!(t.tallies[0].raters_of(Relationship::Peer), 1);
}

#[test]
fn every_not_answered_spelling_leaves_the_item_out() {
    let m = builtin();
    let mut expected = Tally::new();
    expected
        .add(&m, Relationship::Superior, &vec![None; 79])
        .unwrap();
    for na in [
        "",
        "NA",
        "na",
        "N/A",
        "n/a",
        "#N/A",
        "无法评价",
        "不适用",
        " N/A ",
    ] {
        let t = tally(csv(&[("E1", "B1", "superior", na)]).as_bytes()).unwrap();
        assert_eq!(t.tallies[0], expected, "{na:?}");
    }
}

#[test]
fn blank_rows_and_trailing_empty_cells_are_ignored() {
    let mut text = csv(SAMPLE);
    text = text.replace("\nE2", "\n,,,\n\nE2");
    text = text.replacen('\n', ",,\n", 1);
    let t = tally(text.as_bytes()).unwrap();
    assert_eq!(t.responses, 5);
}

fn only_problem(bytes: &[u8]) -> (Option<u64>, Option<String>, ProblemKind) {
    let p = tally(bytes).unwrap_err();
    assert_eq!(p.total, 1, "{p:?}");
    let first = p.listed[0].clone();
    (first.row, first.column.map(|c| c.header), first.kind)
}

#[test]
fn an_empty_file_is_refused() {
    assert_eq!(only_problem(b"").2, ProblemKind::Empty);
    assert_eq!(only_problem(b"\xEF\xBB\xBF\r\n").2, ProblemKind::Empty);
}

#[test]
fn binary_garbage_and_old_xls_files_are_refused() {
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    let kind = only_problem(&garbage).2;
    assert!(
        matches!(kind, ProblemKind::Binary | ProblemKind::NotText),
        "{kind:?}"
    );
    assert_eq!(
        only_problem(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest").2,
        ProblemKind::OldExcel
    );
    assert!(matches!(
        only_problem(b"PK\x03\x04not a zip").2,
        ProblemKind::Xlsx(_)
    ));
}

#[test]
fn a_header_without_rows_is_refused() {
    assert_eq!(only_problem(csv(&[]).as_bytes()).2, ProblemKind::NoRows);
}

#[test]
fn missing_required_and_item_columns_are_named() {
    let text = csv(SAMPLE).replace("relationship,", "").replace(",7.8", "");
    let p = tally(text.as_bytes()).unwrap_err();
    let kinds: Vec<ProblemKind> = p.listed.iter().map(|p| p.kind.clone()).collect();
    assert_eq!(
        kinds,
        vec![
            ProblemKind::MissingColumn("relationship"),
            ProblemKind::MissingItems(vec!["7.8".into()])
        ]
    );
}

#[test]
fn unknown_and_repeated_columns_are_named_with_their_letter() {
    let text = csv(SAMPLE).replacen("assessee,", "assessee,score,", 1);
    let m = messages(text.as_bytes(), Lang::En);
    assert!(
        m[0].starts_with("r.csv, row 1, column B \"score\": unknown column"),
        "{m:?}"
    );
    let text = csv(SAMPLE).replacen(",1.2,", ",1.1,", 1);
    let m = messages(text.as_bytes(), Lang::En);
    assert!(
        m.iter()
            .any(|l| l.contains("column E \"1.1\": the same column as column D")),
        "{m:?}"
    );
}

#[test]
fn a_non_numeric_cell_is_named_by_row_and_column() {
    let mut text = csv(SAMPLE);
    text = text.replacen("E1,P1,同级,3,3", "E1,P1,同级,3,好", 1);
    let (row, column, kind) = only_problem(text.as_bytes());
    assert_eq!((row, column.as_deref()), (Some(4), Some("1.2")));
    assert_eq!(kind, ProblemKind::NotANumber("好".into()));
    let zh = messages(text.as_bytes(), Lang::Zh);
    assert_eq!(
        zh[0],
        "r.csv 第 4 行 E 列“1.2”:“好”不是分数:应为量表中的整数,或留空、NA、N/A、无法评价"
    );
}

#[test]
fn an_out_of_scale_or_fractional_cell_is_refused() {
    let text = csv(SAMPLE).replacen("E2,B1,superior,2", "E2,B1,superior,6", 1);
    let (row, column, kind) = only_problem(text.as_bytes());
    assert_eq!((row, column.as_deref()), (Some(6), Some("1.1")));
    assert_eq!(
        kind,
        ProblemKind::OffScale {
            value: 6,
            min: 1,
            max: 5
        }
    );
    let text = csv(SAMPLE).replacen("E2,B1,superior,2", "E2,B1,superior,2.5", 1);
    assert_eq!(
        only_problem(text.as_bytes()).2,
        ProblemKind::NotInteger("2.5".into())
    );
}

#[test]
fn an_unknown_relationship_is_refused() {
    let text = csv(&[("E1", "X", "boss", "3")]);
    let (row, column, kind) = only_problem(text.as_bytes());
    assert_eq!((row, column.as_deref()), (Some(2), Some("relationship")));
    assert_eq!(kind, ProblemKind::UnknownRelationship("boss".into()));
}

#[test]
fn a_duplicate_rater_assessee_pair_names_both_rows() {
    let text = csv(&[
        ("E1", "P1", "peer", "3"),
        ("E2", "P1", "peer", "3"),
        ("E1", "P1", "peer", "4"),
    ]);
    let (row, column, kind) = only_problem(text.as_bytes());
    assert_eq!((row, column.as_deref()), (Some(4), Some("rater")));
    assert_eq!(
        kind,
        ProblemKind::DuplicatePair {
            rater: "P1".into(),
            assessee: "E1".into(),
            first_row: 2
        }
    );
}

#[test]
fn a_self_row_whose_rater_is_not_the_assessee_is_refused() {
    let text = csv(&[("E1", "E2", "自评", "3")]);
    assert_eq!(
        only_problem(text.as_bytes()).2,
        ProblemKind::SelfNotAssessee {
            rater: "E2".into(),
            assessee: "E1".into()
        }
    );
    let text = csv(&[("E1", "E1", "peer", "3")]);
    assert_eq!(
        only_problem(text.as_bytes()).2,
        ProblemKind::SelfAsOther(Relationship::Peer)
    );
}

#[test]
fn a_blank_required_cell_and_a_short_row_are_refused() {
    let text = csv(&[("", "P1", "peer", "3")]);
    let (row, column, kind) = only_problem(text.as_bytes());
    assert_eq!(
        (row, column.as_deref(), kind),
        (Some(2), Some("assessee"), ProblemKind::Blank)
    );
    let text = csv(SAMPLE) + "E3,P9,peer,4\n";
    assert!(matches!(
        only_problem(text.as_bytes()),
        (
            Some(7),
            None,
            ProblemKind::CellCount {
                found: 4,
                expected: 82
            }
        )
    ));
}

#[test]
fn two_departments_for_one_assessee_are_refused() {
    let m = builtin();
    let answers = vec!["3"; 79].join(",");
    let text = format!(
        "assessee,department,rater,relationship,{}\nE1,A区,P1,peer,{answers}\nE1,B区,P2,peer,{answers}\n",
        codes(&m).join(",")
    );
    let (row, column, kind) = only_problem(text.as_bytes());
    assert_eq!((row, column.as_deref()), (Some(3), Some("department")));
    assert!(matches!(
        kind,
        ProblemKind::DepartmentConflict { first_row: 2, .. }
    ));
}

#[test]
fn at_most_fifty_problems_are_listed_and_the_rest_counted() {
    let rows: Vec<(String, String)> = (0..80)
        .map(|i| (format!("E{i}"), format!("R{i}")))
        .collect();
    let rows: Vec<(&str, &str, &str, &str)> = rows
        .iter()
        .map(|(a, r)| (a.as_str(), r.as_str(), "peer", "9"))
        .collect();
    let p = tally(csv(&rows).as_bytes()).unwrap_err();
    assert_eq!(p.listed.len(), 50);
    assert_eq!(p.total, 80 * 79);
    let m = p
        .messages("r.csv")
        .iter()
        .map(|m| m.render(Lang::En))
        .collect::<Vec<_>>();
    assert_eq!(m.len(), 51);
    assert_eq!(
        m[50],
        format!("… and {} more problems ({} in all)", 80 * 79 - 50, 80 * 79)
    );
}

/// A large file (over the size read in two halves), with quoted comments; `middle` is
/// written as the comment of the row nearest the middle.
fn large_file(middle: &str) -> (tempfile::NamedTempFile, String) {
    let m = builtin();
    let header = format!(
        "assessee,department,rater,relationship,{},comment\n",
        codes(&m).join(",")
    );
    let rows = 26_000;
    let lines: Vec<(String, String)> = (0..rows)
        .map(|i| {
            let a = i / 13;
            let (rater, relationship) = match i % 13 {
                0 => (format!("M{a}"), "self"),
                1 => (format!("S{}", a / 5), "superior"),
                k => (
                    format!("R{a}-{k}"),
                    ["peer", "subordinate", "customer"][k % 3],
                ),
            };
            let answers: Vec<String> = (0..79)
                .map(|j| match (i * 7 + j * 3) % 11 {
                    0 => "NA".to_string(),
                    v => (1 + v % 5).to_string(),
                })
                .collect();
            let answers = answers.join(",");
            (
                format!("M{a},D{},{rater},{relationship},{answers},", a % 4),
                format!("\"第{i}条,好\""),
            )
        })
        .collect();
    // `middle` is the comment of the row that holds the middle byte of the file, so that a
    // comment of many lines holds the line break where the second half would start.
    let plain: usize = header.len()
        + lines
            .iter()
            .map(|(p, c)| p.len() + c.len() + 1)
            .sum::<usize>();
    let half = (plain + middle.len()) / 2;
    let mut start = header.len();
    let mut at = rows / 2;
    for (i, (prefix, comment)) in lines.iter().enumerate() {
        if start + prefix.len() + middle.len() > half {
            at = i;
            break;
        }
        start += prefix.len() + comment.len() + 1;
    }
    let mut text = header;
    for (i, (prefix, comment)) in lines.iter().enumerate() {
        text += prefix;
        text += if i == at { middle } else { comment };
        text.push('\n');
    }
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(text.as_bytes()).unwrap();
    file.flush().unwrap();
    (file, text)
}

fn both_ways(
    file: &tempfile::NamedTempFile,
    text: &str,
) -> (Result<Tallied, Problems>, Result<Tallied, Problems>) {
    let m = builtin();
    let whole = tally_responses(text.as_bytes(), &m, &mut |_| {});
    let halves = tally_responses_file(file.path(), &m, &|_| {});
    (whole, halves)
}

#[test]
fn a_large_file_read_in_two_halves_gives_what_one_read_gives() {
    let (file, text) = large_file("\"plain\"");
    assert!(text.len() > 4 << 20);
    let (whole, halves) = both_ways(&file, &text);
    let (whole, halves) = (whole.unwrap(), halves.unwrap());
    assert_eq!(whole.assessees, halves.assessees);
    assert_eq!(whole.tallies, halves.tallies);
    assert_eq!(whole.responses, 26_000);
}

#[test]
fn a_quoted_line_break_across_the_middle_is_read_correctly() {
    // A comment of many lines around the middle, each looking like the start of a row (a
    // comment has at most 5,000 characters).
    let middle = format!("\"{}\"", vec!["M0,D0,X,peer,5"; 300].join("\n"));
    let (file, text) = large_file(&middle);
    let start = text.find(&middle).unwrap();
    let split = text.len() / 2 + text[text.len() / 2..].find('\n').unwrap();
    assert!(
        start < split && split < start + middle.len(),
        "the split is inside the comment"
    );
    let (whole, halves) = both_ways(&file, &text);
    let (whole, halves) = (whole.unwrap(), halves.unwrap());
    assert_eq!(whole.tallies, halves.tallies);
    assert_eq!(whole.responses, 26_000);
}

#[test]
fn problems_in_the_second_half_carry_their_spreadsheet_rows() {
    let (file, mut text) = large_file("\"x\"");
    // A bad answer late in the file, and a rater repeating across the halves.
    let lines: Vec<&str> = text.lines().collect();
    let late = 24_001;
    let mut edited: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let cells: Vec<&str> = lines[late - 1].split(',').collect();
    let mut changed: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
    changed[4] = "8".into();
    edited[late - 1] = changed.join(",");
    edited.push(lines[2].to_string());
    text = edited.join("\n") + "\n";
    std::fs::write(file.path(), &text).unwrap();
    let (whole, halves) = both_ways(&file, &text);
    let (whole, halves) = (whole.unwrap_err(), halves.unwrap_err());
    assert_eq!(whole, halves);
    let rows: Vec<Option<u64>> = halves.listed.iter().map(|p| p.row).collect();
    assert_eq!(rows, vec![Some(late as u64), Some(26_002)]);
    assert!(matches!(
        halves.listed[1].kind,
        ProblemKind::DuplicatePair { first_row: 3, .. }
    ));
}

#[test]
fn a_comment_of_more_than_5000_characters_or_a_control_character_is_refused_on_its_row() {
    let m = builtin();
    let answers = vec!["4"; m.items().len()].join(",");
    let header = format!(
        "assessee,rater,relationship,department,comment,{}\n",
        codes(&m).join(",")
    );
    let long = "好".repeat(5001);
    let text = format!(
        "{header}E1,P1,peer,A区,\"{long}\",{answers}\n\
         E1,P2,peer,A区,\"第一行\n\t第二行\",{answers}\n\
         E1,P3\u{1b}[2J,peer,A区,,{answers}\n\
         E2,P3,peer,A\u{7}区,,{answers}\n"
    );
    let p = tally(text.as_bytes()).unwrap_err();
    let found: Vec<(Option<u64>, String, ProblemKind)> = p
        .listed
        .iter()
        .map(|p| (p.row, p.column.clone().unwrap().header, p.kind.clone()))
        .collect();
    use yardstick_core::bounds::TextProblem;
    assert_eq!(
        found,
        vec![
            (
                Some(2),
                "comment".into(),
                ProblemKind::Text(TextProblem::TooLong {
                    length: 5001,
                    max: 5000
                })
            ),
            (
                Some(4),
                "rater".into(),
                ProblemKind::Text(TextProblem::Control {
                    position: 3,
                    code: 0x1b
                })
            ),
            (
                Some(5),
                "department".into(),
                ProblemKind::Text(TextProblem::Control {
                    position: 2,
                    code: 7
                })
            ),
        ]
    );
    // Line breaks and tabs in a comment and 5,000 characters are fine.
    let text = format!(
        "{header}E1,P1,peer,A区,\"{}\",{answers}\nE1,P2,peer,A区,\"第一行\n\t第二行\",{answers}\n",
        "好".repeat(5000)
    );
    assert!(tally(text.as_bytes()).is_ok());
}

#[test]
fn a_quote_in_the_middle_of_a_cell_is_a_problem_of_its_row_and_column() {
    let text = csv(SAMPLE).replacen("E1,B1,", "E1,B\"1,", 1);
    assert_eq!(
        only_problem(text.as_bytes()),
        (Some(3), Some("rater".into()), ProblemKind::StrayQuote)
    );
}
