//! The built-in model is the seed form, read by the same importer users get.

use yardstick_core::{ModelWarning, PercentMode};
use yardstick_formats::builtin::SEED_FORM;
use yardstick_formats::{FormOptions, read_form_text, read_model_toml, write_model_toml};

use crate::builtin;

#[test]
fn the_builtin_model_has_the_seeds_seven_weighted_dimensions_and_79_items() {
    let m = builtin();
    assert_eq!(m.name(), "物业管理人员能力素质模型");
    assert_eq!(m.version(), "1");
    assert_eq!(m.percent_mode(), PercentMode::Ratio);
    let dims: Vec<(&str, &str, f64, usize)> = m
        .dimensions()
        .iter()
        .map(|d| (d.code(), d.name(), d.weight(), m.dimension_items(d).len()))
        .collect();
    assert_eq!(
        dims,
        vec![
            ("1", "客户意识", 25.0, 12),
            ("2", "品质意识", 20.0, 14),
            ("3", "团队建设", 30.0, 14),
            ("4", "问题解决", 8.0, 12),
            ("5", "危机处理", 10.0, 11),
            ("6", "关系维护", 5.0, 8),
            ("7", "压力管理", 2.0, 8),
        ]
    );
    assert_eq!(m.items().len(), 79);
    assert_eq!(m.items()[0].code(), "1.1");
    assert_eq!(m.items()[78].code(), "7.8");
    let scale = m.scale();
    assert_eq!((scale.min(), scale.max(), scale.allow_na()), (1, 5, true));
    assert_eq!(scale.labels(), ["很差", "较差", "一般", "良好", "优秀"]);
    let grades: Vec<(&str, f64)> = m.grades().iter().map(|g| (g.name(), g.min())).collect();
    assert_eq!(
        grades,
        vec![
            ("优秀", 90.0),
            ("良好", 80.0),
            ("合格", 70.0),
            ("待改进", 60.0),
            ("不合格", 0.0)
        ]
    );
}

#[test]
fn item_texts_are_the_seeds_verbatim_typos_and_inner_spaces_included() {
    let m = builtin();
    let text = |code: &str| m.items()[m.item_index(code).unwrap()].text().to_string();
    assert_eq!(text("1.1"), "把客户满意作为出发点开展工作");
    assert_eq!(text("1.6"), "展示意识细节,赢得客户的赞许");
    assert_eq!(
        text("2.14"),
        "有创新精神 ,采取行动达成创新目标(优化服务模式,改善工作流程,提炼管理体系)"
    );
    assert_eq!(text("6.4"), "向客户展示自己所花精力, 赢得对方的理解和信任");
    assert_eq!(text("7.8"), "在强压力工作环境下,发现工作价值,体验生活乐趣");
    // Every item text of the seed appears in the model, and nothing else.
    let seed_rows: Vec<&str> = SEED_FORM
        .lines()
        .map(|l| l.trim().trim_end_matches('|').trim())
        .filter(|l| !l.is_empty() && !l.chars().all(|c| c.is_ascii_digit()))
        .filter(|l| !l.contains("权重") && *l != "序号" && *l != "评估项目")
        .collect();
    let texts: Vec<&str> = m.items().iter().map(|i| i.text()).collect();
    assert_eq!(texts, seed_rows);
}

#[test]
fn exporting_the_builtin_model_and_reading_it_back_gives_the_same_model() {
    let m = builtin();
    let again = read_model_toml(&write_model_toml(&m)).unwrap();
    assert_eq!(again.model, m);
    assert!(again.warnings.is_empty());
}

#[test]
fn the_seed_with_full_width_brackets_colons_and_percent_signs_gives_the_same_model() {
    let full = SEED_FORM
        .replace("(权重:", "\u{FF08}权重\u{FF1A}")
        .replace("%)", "\u{FF05}\u{FF09}");
    assert_ne!(full, SEED_FORM);
    let v = read_form_text(&full, &FormOptions::default()).unwrap();
    assert_eq!(v.model, builtin());
}

#[test]
fn the_seed_pasted_with_tabs_instead_of_bars_gives_the_same_model() {
    // An Excel paste: "1\t把客户满意…" on one line.
    let mut tabbed = String::new();
    let mut pending: Option<String> = None;
    for line in SEED_FORM.lines() {
        let cell = line.trim().trim_end_matches('|').trim();
        if cell.is_empty() {
            continue;
        }
        if cell.chars().all(|c| c.is_ascii_digit()) {
            pending = Some(cell.to_string());
        } else if let Some(n) = pending.take() {
            tabbed += &format!("{n}\t{cell}\n");
        } else {
            tabbed += &format!("{cell}\n");
        }
    }
    let v = read_form_text(&tabbed, &FormOptions::default()).unwrap();
    assert_eq!(v.model, builtin());
}

#[test]
fn a_form_without_weights_gets_equal_weights_and_says_so() {
    let plain: String = SEED_FORM
        .lines()
        .map(|l| match l.find('(') {
            Some(i) if l.contains("权重") => format!("{}\n", &l[..i]),
            _ => format!("{l}\n"),
        })
        .collect();
    let v = read_form_text(&plain, &FormOptions::default()).unwrap();
    let w = 100.0 / 7.0;
    assert!(
        v.model
            .dimensions()
            .iter()
            .all(|d| (d.weight() - w).abs() < 1e-12)
    );
    assert_eq!(
        v.warnings,
        vec![ModelWarning::EqualWeightsAssigned { weight: w }]
    );
}

#[test]
fn the_seed_saved_in_gb18030_decodes_to_the_same_text() {
    let (bytes, _, _) = encoding_rs::GB18030.encode(SEED_FORM);
    let decoded = yardstick_formats::text::decode(&bytes).unwrap();
    let v = read_form_text(&decoded, &FormOptions::default()).unwrap();
    assert_eq!(v.model, builtin());
}
