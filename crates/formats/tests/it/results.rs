//! Results files: the JSON object of SPEC §5 and the same figures as CSV and XLSX.

use yardstick_core::{CycleScores, Settings};
use yardstick_formats::responses::{Tallied, tally_responses};
use yardstick_formats::results::{ResultsView, write_csv, write_json, write_xlsx};

use crate::builtin;

fn sample() -> Tallied {
    let m = builtin();
    let row = |a: &str, d: &str, r: &str, rel: &str, v: &str| {
        format!("{a},{d},{r},{rel},{}\n", vec![v; 79].join(","))
    };
    let codes: Vec<&str> = m.items().iter().map(|i| i.code()).collect();
    let mut text = format!(
        "assessee,department,rater,relationship,{}\n",
        codes.join(",")
    );
    text += &row("E1", "A区", "E1", "self", "5");
    text += &row("E1", "A区", "B1", "superior", "4");
    text += &row("E1", "A区", "P1", "peer", "3");
    text += &row("E1", "A区", "P2", "peer", "4");
    text += &row("E1", "A区", "C1", "customer", "5");
    text += &row("E2", "", "B1", "superior", "3");
    text += &row("E2", "", "P3", "peer", "2");
    tally_responses(text.as_bytes(), &m, &mut |_| {}).unwrap()
}

fn render(format: &str) -> Vec<u8> {
    let m = builtin();
    let t = sample();
    let settings = Settings::default();
    let inputs = t.inputs();
    let scores = CycleScores::new(&m, &settings, &inputs);
    let view = ResultsView {
        model: &m,
        settings: &settings,
        assessees: &t.assessees,
        scores: &scores,
        items: false,
    };
    let mut out = Vec::new();
    match format {
        "json" => write_json(&view, &mut out).unwrap(),
        "csv" => write_csv(&view, &mut out).unwrap(),
        _ => write_xlsx(&view, &mut out).unwrap(),
    }
    out
}

#[test]
fn the_json_results_have_the_shape_of_spec_section_5() {
    let v: serde_json::Value = serde_json::from_slice(&render("json")).unwrap();
    assert_eq!(v["model"]["name"], "物业管理人员能力素质模型");
    assert_eq!(v["settings"]["weights"]["superior"], 40);
    assert_eq!(v["settings"]["threshold"], 3);
    assert_eq!(v["settings"]["percent"], "ratio");
    let e1 = &v["assessees"][0];
    assert_eq!(e1["id"], "E1");
    assert_eq!(e1["department"], "A区");
    assert_eq!(
        e1["raters"],
        serde_json::json!({"self": 1, "superior": 1, "peer": 2, "customer": 1})
    );
    assert_eq!(e1["pooled"], serde_json::json!(["peer", "customer"]));
    assert_eq!(e1["set_aside"], 0);
    // Superior 4 (weight 40) and the pool of peers and customer, (3 + 4 + 5) / 3 = 4 (weight 40).
    assert_eq!(e1["overall"]["score"], 4.0);
    assert_eq!(e1["overall"]["percent"], 80.0);
    assert_eq!(e1["overall"]["grade"], "良好");
    assert_eq!(e1["overall"]["rank"], 1);
    let d1 = &e1["dimensions"][0];
    assert_eq!(d1["code"], "1");
    assert_eq!(d1["name"], "客户意识");
    assert_eq!(d1["weight"], 25);
    assert_eq!(d1["self"], 5.0);
    assert_eq!(d1["others"], 4.0);
    assert_eq!(
        d1["groups"],
        serde_json::json!({"self": 5.0, "superior": 4.0, "pooled": 4.0})
    );
    assert_eq!(
        d1["weights"],
        serde_json::json!({"self": 0.0, "superior": 0.5, "pooled": 0.5})
    );
    assert_eq!(
        e1["ledger"],
        serde_json::json!({
            "groups": {"self": {"raters": 1, "weight": 0}, "superior": {"raters": 1, "weight": 40},
                       "pooled": {"raters": 3, "weight": 40, "from": ["peer", "customer"]}},
            "set_aside": {"raters": 0, "from": []},
            "dimensions_left_out": [],
            "percent": "ratio"
        })
    );
    let e2 = &v["assessees"][1];
    assert_eq!(e2["department"], serde_json::Value::Null);
    assert_eq!(e2["set_aside"], 1);
    assert_eq!(
        e2["ledger"]["set_aside"],
        serde_json::json!({"raters": 1, "from": ["peer"]})
    );
    assert_eq!(e2["overall"]["score"], 3.0);
    assert_eq!(e2["overall"]["rank"], 2);
    assert_eq!(e2["overall"]["department_rank"], serde_json::Value::Null);
    // Self 5 against others 4 on every item: a gap of exactly θ = 1.0 is a blind spot.
    let spots = e1["blind_spots"].as_array().unwrap();
    assert_eq!(spots.len(), 5);
    assert_eq!(
        spots[0],
        serde_json::json!({"item": "1.1", "self": 5.0, "others": 4.0, "gap": 1.0})
    );
    assert_eq!(e2["blind_spots"], serde_json::json!([]));
}

#[test]
fn the_csv_results_carry_the_same_figures_as_the_json() {
    let json: serde_json::Value = serde_json::from_slice(&render("json")).unwrap();
    let csv = render("csv");
    assert!(csv.starts_with(b"\xEF\xBB\xBF"));
    let mut reader = csv::Reader::from_reader(&csv[3..]);
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 2);
    for (row, a) in rows.iter().zip(json["assessees"].as_array().unwrap()) {
        assert_eq!(&row[col("id")], a["id"].as_str().unwrap());
        let score: f64 = row[col("score")].parse().unwrap();
        assert_eq!(score, a["overall"]["score"].as_f64().unwrap());
        let d3: f64 = row[col("dimension.3.percent")].parse().unwrap();
        assert_eq!(d3, a["dimensions"][2]["percent"].as_f64().unwrap());
    }
    assert_eq!(&rows[0][col("pooled")], "peer customer");
    assert_eq!(&rows[1][col("dimension.1.self")], "");
}

#[test]
fn the_xlsx_results_hold_the_csv_table() {
    use calamine::{Data, Reader, Xlsx};
    let bytes = render("xlsx");
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("results").unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0][0], Data::String("id".into()));
    assert_eq!(rows[1][0], Data::String("E1".into()));
    let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    let score = header.iter().position(|h| h == "score").unwrap();
    assert_eq!(rows[1][score], Data::Float(4.0));
    assert_eq!(rows[2][score], Data::Float(3.0));
}

#[test]
fn csv_results_never_start_a_text_cell_with_a_formula_sign() {
    let m = builtin();
    let codes: Vec<&str> = m.items().iter().map(|i| i.code()).collect();
    let mut text = format!(
        "assessee,department,rater,relationship,{}\n",
        codes.join(",")
    );
    for (a, d) in [("=1+1", "@SUM(A1)"), ("-E2", "+A区"), ("E3", "-")] {
        text += &format!("{a},{d},B1-{a},superior,{}\n", vec!["4"; 79].join(","));
    }
    let t = tally_responses(text.as_bytes(), &m, &mut |_| {}).unwrap();
    let settings = Settings::default();
    let inputs = t.inputs();
    let scores = CycleScores::new(&m, &settings, &inputs);
    let view = ResultsView {
        model: &m,
        settings: &settings,
        assessees: &t.assessees,
        scores: &scores,
        items: false,
    };
    let mut out = Vec::new();
    write_csv(&view, &mut out).unwrap();
    let csv = String::from_utf8(out).unwrap();
    let rows: Vec<Vec<&str>> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    assert_eq!(&rows[0][..2], ["'=1+1", "'@SUM(A1)"]);
    assert_eq!(&rows[1][..2], ["'-E2", "'+A区"]);
    assert_eq!(&rows[2][..2], ["E3", "-"]);
    for cell in rows.iter().flatten() {
        assert!(
            !cell.starts_with(['=', '+', '@'])
                && (!cell.starts_with('-') || *cell == "-" || cell.parse::<f64>().is_ok()),
            "{cell}"
        );
    }
}
