//! `yardstick model …`.

use crate::{root, run, stderr, stdout};

#[test]
fn import_text_of_the_seed_gives_exactly_the_exported_builtin_model() {
    let exported = run(&["model", "export", "--builtin"]);
    assert!(exported.status.success());
    let imported = run(&["model", "import-text", "crates/formats/data/seed-form.txt"]);
    assert!(imported.status.success(), "{}", stderr(&imported));
    assert_eq!(stdout(&exported), stdout(&imported));
    assert!(stdout(&exported).contains("name = \"物业管理人员能力素质模型\""));
}

#[test]
fn model_show_prints_every_dimension_with_its_weight_and_items() {
    let o = run(&["model", "show"]);
    assert!(o.status.success());
    let text = stdout(&o);
    for line in [
        "客户意识",
        "25%",
        "12",
        "1.1",
        "把客户满意作为出发点开展工作",
        "7.8",
        "100%",
    ] {
        assert!(text.contains(line), "{line} missing from\n{text}");
    }
    let zh = run(&["--lang", "zh", "model", "show", "--builtin"]);
    assert!(stdout(&zh).contains("代码"));
    assert!(stdout(&zh).contains("合计"));
}

#[test]
fn model_export_to_a_file_and_import_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.toml");
    let o = run(&[
        "model",
        "export",
        "--builtin",
        "--out",
        path.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    let o = run(&["model", "import", path.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o).trim(),
        "物业管理人员能力素质模型 version 1: 7 dimensions, 79 items, weights sum to 100, scale 1–5, N/A allowed"
    );
}

#[test]
fn model_import_names_every_problem_with_its_line_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    let exported = stdout(&run(&["model", "export", "--builtin"]));
    let bad = exported
        .replacen("weight = 25", "weight = -25", 1)
        .replacen("code = \"1.2\"", "code = \"1.1\"", 1)
        .replacen("min = 80", "min = 95", 1)
        .replacen("labels = [\"很差\", ", "labels = [", 1);
    std::fs::write(&path, bad).unwrap();
    let o = run(&["model", "import", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 4, "{err}");
    assert!(
        lines.iter().any(
            |l| l.contains("line 6: rating scale [scale]: the scale has 5 points but 4 labels")
        ),
        "{err}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("grade 2 \"良好\"") && l.contains("highest first")),
        "{err}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("dimension 1 (code \"1\"): the weight -25 must not be negative")),
        "{err}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("item 2 of dimension 1 (code \"1.1\")")),
        "{err}"
    );

    let zh = std::process::Command::new(env!("CARGO_BIN_EXE_yardstick"))
        .args(["--lang", "zh", "model", "import", path.to_str().unwrap()])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        stderr(&zh).contains("第 35 行:第 1 个维度(代码“1”):权重 -25 不能为负数"),
        "{}",
        stderr(&zh)
    );
}

#[test]
fn a_dimension_weight_of_1e20_is_refused_naming_the_dimension_and_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.toml");
    let text =
        stdout(&run(&["model", "export", "--builtin"])).replacen("weight = 25", "weight = 1e20", 1);
    std::fs::write(&path, text).unwrap();
    let o = run(&["model", "import", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o).trim(),
        format!(
            "{}: line 35: dimension 1 (code \"1\"): the weight 1e20 is too large: at most 1000",
            path.display()
        )
    );
}

#[test]
fn a_form_with_a_weight_above_1000_is_refused_on_the_line_of_its_heading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("form.txt");
    std::fs::write(
        &path,
        "一、客户意识(权重:1e20%)\n1 | 把客户满意作为出发点开展工作\n二、团队(权重:50%)\n1 | 乐于助人\n",
    )
    .unwrap();
    let o = run(&["model", "import-text", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("line 1: dimension 1 (code \"1\"): the weight 1e20 is too large"),
        "{err}"
    );
    assert!(stdout(&o).is_empty());
}

#[test]
fn weights_not_summing_to_100_are_a_warning_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.toml");
    let text =
        stdout(&run(&["model", "export", "--builtin"])).replacen("weight = 25", "weight = 20", 1);
    std::fs::write(&path, text).unwrap();
    let o = run(&["model", "import", path.to_str().unwrap()]);
    assert!(o.status.success());
    assert!(
        stderr(&o).contains("warning: the dimension weights add up to 95, not 100"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn import_text_reports_a_form_with_no_headings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("form.txt");
    std::fs::write(&path, "1 | 把客户满意作为出发点开展工作\n").unwrap();
    let out = dir.path().join("out.toml");
    let o = run(&[
        "model",
        "import-text",
        path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("line 1: item 1 comes before the first dimension heading"));
    assert!(!out.exists(), "nothing is written on failure");
}
