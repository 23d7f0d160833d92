//! `--help` in the chosen language, from the `[help]` keys of the catalogues.

use std::process::Command;

/// `yardstick` with `args`, with `YARDSTICK_LANG` set to `lang` or removed.
fn help(args: &[&str], lang: Option<&str>) -> String {
    let mut c = Command::new(env!("CARGO_BIN_EXE_yardstick"));
    c.args(args).current_dir(crate::root());
    match lang {
        Some(lang) => c.env("YARDSTICK_LANG", lang),
        None => c.env_remove("YARDSTICK_LANG"),
    };
    for v in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        c.env_remove(v);
    }
    let o = c.output().unwrap();
    assert!(o.status.success(), "{o:?}");
    crate::stdout(&o)
}

const ZH: &str = "创建考评周期(草稿状态)并输出其编号";
const EN: &str = "Create a cycle (in the draft state) and print its id";

#[test]
fn help_is_in_chinese_by_default_and_in_english_with_lang_en() {
    for lang in [None, Some("en")] {
        let text = help(&["--lang", "zh", "cycle", "create", "--help"], lang);
        assert!(text.contains(ZH) && text.contains("周期名称"), "{text}");
        assert!(
            !text.contains(EN) && !text.contains("The cycle's name"),
            "{text}"
        );
        assert!(text.contains("显示帮助"), "{text}");
    }
    let text = help(&["cycle", "create", "--help"], None);
    assert!(text.contains(ZH) && !text.contains(EN), "{text}");
    for args in [
        &["--lang", "en", "cycle", "create", "--help"][..],
        &["cycle", "create", "-h", "--lang=en"][..],
    ] {
        let text = help(args, Some("zh"));
        assert!(
            text.contains(EN) && text.contains("The cycle's name"),
            "{text}"
        );
        assert!(!text.contains(ZH) && !text.contains("周期名称"), "{text}");
    }
    let text = help(&["--help"], Some("en"));
    assert!(text.contains("Create and run assessment cycles"), "{text}");
    assert!(!text.contains("创建和管理考评周期"), "{text}");
    assert!(text.contains("Print version"), "{text}");
    let text = help(&["help", "cycle"], Some("zh"));
    assert!(text.contains(ZH) && !text.contains(EN), "{text}");
}
