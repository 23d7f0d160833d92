//! Importing a model of the largest size allowed (2,000 items, the bound of SPEC §7), from
//! TOML and from the seed's text layout: the time must grow with the items, not their square.
//!
//! ```text
//! cargo bench -p yardstick-formats --bench import -- import
//! ```

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;

use divan::Bencher;
use yardstick_core::bounds::MAX_ITEMS;
use yardstick_formats::{FormOptions, read_form_text, read_model_toml, write_model_toml};

fn main() {
    divan::main();
}

/// 20 dimensions of 100 items each, in the seed's text layout.
fn form(items: usize) -> String {
    let dimensions = 20;
    let mut out = String::from("能力素质评估表\n");
    for d in 1..=dimensions {
        let _ = writeln!(out, "{d}、维度{d}(权重:5%)\n序号\t评估项目");
        for i in 1..=items / dimensions {
            let _ = writeln!(
                out,
                "{i}\t第 {d} 个维度的第 {i} 个行为描述,能够按要求完成工作"
            );
        }
    }
    out
}

#[divan::bench(args = [500, MAX_ITEMS])]
fn import_form_text(bencher: Bencher, items: usize) {
    let text = form(items);
    assert_eq!(
        read_form_text(&text, &FormOptions::default())
            .unwrap()
            .model
            .items()
            .len(),
        items
    );
    bencher
        .counter(divan::counter::BytesCount::of_str(&text))
        .bench(|| read_form_text(&text, &FormOptions::default()).unwrap());
}

#[divan::bench(args = [500, MAX_ITEMS])]
fn import_toml(bencher: Bencher, items: usize) {
    let model = read_form_text(&form(items), &FormOptions::default())
        .unwrap()
        .model;
    let text = write_model_toml(&model);
    bencher
        .counter(divan::counter::BytesCount::of_str(&text))
        .bench(|| read_model_toml(&text).unwrap());
}
