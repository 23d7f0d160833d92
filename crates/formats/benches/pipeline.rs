//! The hot paths of `yardstick score`, each on its own: reading and tallying a responses
//! file, scoring a cycle, and writing the results as JSON.
//!
//! ```text
//! cargo bench -p yardstick-formats
//! ```

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use divan::Bencher;
use yardstick_core::{CycleScores, Model, Settings};
use yardstick_formats::builtin_model;
use yardstick_formats::responses::{Tallied, tally_responses};
use yardstick_formats::results::{ResultsView, write_json};

fn main() {
    divan::main();
}

/// 1,000 assessees × 13 raters, answers varying by row and item.
fn responses(model: &Model) -> Vec<u8> {
    let codes: Vec<&str> = model.items().iter().map(|i| i.code()).collect();
    let mut out = format!("assessee,rater,relationship,{}\n", codes.join(","));
    for a in 0..1000 {
        for r in 0..13 {
            let (rater, relationship) = match r {
                0 => (format!("M{a}"), "self"),
                1 => (format!("S{}", a / 8), "superior"),
                _ => (
                    format!("R{a}-{r}"),
                    ["peer", "subordinate", "customer"][r % 3],
                ),
            };
            out += &format!("M{a},{rater},{relationship}");
            for i in 0..codes.len() {
                let v = (a * 7 + r * 3 + i) % 23;
                out += &if v == 0 {
                    ",NA".to_string()
                } else {
                    format!(",{}", 1 + v % 5)
                };
            }
            out.push('\n');
        }
    }
    out.into_bytes()
}

fn tallied(model: &Model, bytes: &[u8]) -> Tallied {
    tally_responses(bytes, model, &mut |_| {}).unwrap()
}

#[divan::bench]
fn read_and_tally(bencher: Bencher) {
    let model = builtin_model().unwrap();
    let bytes = responses(&model);
    bencher
        .counter(divan::counter::BytesCount::of_slice(&bytes))
        .bench(|| tallied(&model, &bytes));
}

#[divan::bench]
fn score_cycle(bencher: Bencher) {
    let model = builtin_model().unwrap();
    let t = tallied(&model, &responses(&model));
    let settings = Settings::default();
    let inputs = t.inputs();
    bencher.bench(|| {
        let scores = CycleScores::new(&model, &settings, &inputs);
        (0..scores.len()).filter_map(|i| scores.result(i)).count()
    });
}

#[divan::bench]
fn write_results_json(bencher: Bencher) {
    let model = builtin_model().unwrap();
    let t = tallied(&model, &responses(&model));
    let settings = Settings::default();
    let inputs = t.inputs();
    let scores = CycleScores::new(&model, &settings, &inputs);
    let view = ResultsView {
        model: &model,
        settings: &settings,
        assessees: &t.assessees,
        scores: &scores,
        items: false,
    };
    bencher.bench(|| {
        let mut out = Vec::with_capacity(4 << 20);
        write_json(&view, &mut out).unwrap();
        out.len()
    });
}
