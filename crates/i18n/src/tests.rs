//! The catalogues' own tests: the checks catch each kind of mistake, messages render with
//! their arguments, and every key is used somewhere in the code or the templates.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::*;
use crate::check::{Flat, Piece, pieces, problems};

fn flat(entries: &[(&str, &str)]) -> Flat {
    entries
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn a_key_missing_in_one_language_is_a_problem() {
    let zh = flat(&[("a.b", "甲"), ("a.c", "乙")]);
    let en = flat(&[("a.b", "A")]);
    assert_eq!(
        problems(&[("zh", &zh), ("en", &en)]),
        vec!["`a.c` is missing in en".to_string()]
    );
}

#[test]
fn other_placeholders_in_one_language_are_a_problem() {
    let zh = flat(&[("a.b", "{name}您好")]);
    let en = flat(&[("a.b", "Hello, {nmae}")]);
    let found = problems(&[("zh", &zh), ("en", &en)]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("placeholders"), "{found:?}");
}

#[test]
fn malformed_and_empty_texts_are_problems() {
    let zh = flat(&[("a.b", "{name"), ("a.c", " "), ("a.d", "x}")]);
    let en = zh.clone();
    assert_eq!(problems(&[("zh", &zh), ("en", &en)]).len(), 6);
}

#[test]
fn the_real_catalogues_agree() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("catalogue");
    let read = |lang: &str| -> Flat {
        let text = std::fs::read_to_string(dir.join(format!("{lang}.toml"))).unwrap();
        let mut out = Flat::new();
        fn walk(prefix: &str, t: &toml::Table, out: &mut Flat) {
            for (k, v) in t {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                match v {
                    toml::Value::String(s) => {
                        out.insert(key, s.clone());
                    }
                    toml::Value::Table(inner) => walk(&key, inner, out),
                    other => panic!("{key}: {other:?}"),
                }
            }
        }
        walk("", &text.parse::<toml::Table>().unwrap(), &mut out);
        out
    };
    let (zh, en) = (read("zh"), read("en"));
    assert_eq!(problems(&[("zh", &zh), ("en", &en)]), Vec::<String>::new());
    assert_eq!(zh.len(), KEY_COUNT);
}

#[test]
fn pieces_split_placeholders_plurals_and_braces() {
    assert_eq!(
        pieces("{{x}} {n|# item|# items} of {name}").unwrap(),
        vec![
            Piece::Text("{x} ".into()),
            Piece::Plural("n".into(), "# item".into(), "# items".into()),
            Piece::Text(" of ".into()),
            Piece::Arg("name".into()),
        ]
    );
    assert!(pieces("{Name}").is_err());
    assert!(pieces("{a|b}").is_err());
}

#[test]
fn lists_are_joined_in_the_readers_language() {
    let list = Arg::List(vec!["a".into(), "b".into()]);
    let mut zh = String::new();
    list.render_into(Lang::Zh, &mut zh);
    let mut en = String::new();
    list.render_into(Lang::En, &mut en);
    assert_eq!((zh.as_str(), en.as_str()), ("a、b", "a, b"));
}

#[test]
fn languages_parse_from_codes_and_locales() {
    assert_eq!(Lang::from_locale(Some("zh_CN.UTF-8")), Lang::Zh);
    assert_eq!(Lang::from_locale(Some("en_US.UTF-8")), Lang::En);
    assert_eq!(Lang::from_locale(Some("C.UTF-8")), Lang::En);
    assert_eq!(Lang::from_locale(None), Lang::Zh);
    assert_eq!(Lang::parse("EN"), Some(Lang::En));
    assert_eq!(Lang::parse("zh-Hans"), Some(Lang::Zh));
    assert_eq!(Lang::parse("fr"), None);
}

/// Every file of the workspace's code and templates (tests excluded: a key only a test
/// names is not used).
fn sources() -> Vec<PathBuf> {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut out = Vec::new();
    let mut stack = vec![crates];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if path.is_dir() {
                if !matches!(name.as_str(), "tests" | "target" | "catalogue" | "benches") {
                    stack.push(path);
                }
            } else if name.ends_with(".rs") || name.ends_with(".html") || name.ends_with(".js") {
                out.push(path);
            }
        }
    }
    out
}

#[test]
fn every_key_of_the_catalogues_is_used_in_the_code_or_the_templates() {
    let mut unused: BTreeMap<&str, ()> = Key::all().map(|k| (k.name(), ())).collect();
    for path in sources() {
        if path.ends_with("i18n/src/tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        unused.retain(|key, _| !text.contains(&format!("\"{key}\"")));
    }
    let unused: Vec<&str> = unused.into_keys().collect();
    assert!(
        unused.is_empty(),
        "keys of the catalogues that nothing uses: {unused:?}"
    );
}

/// Files whose Chinese text is data or input syntax, not words shown to a person.
const CHINESE_AS_DATA: &[(&str, &str)] = &[
    (
        "cli/src/demo/company.rs",
        "the demo company's people, departments and comments",
    ),
    ("cli/src/demo/answers.rs", "the demo raters' comments"),
    ("cli/src/demo/mod.rs", "the demo cycles' names"),
    ("cli/examples/generate_responses.rs", "generated test data"),
    ("cli/examples/loadgen.rs", "generated test data"),
    (
        "core/src/relationship.rs",
        "the Chinese relationship labels files may use (自评, 业主, …)",
    ),
    (
        "core/src/model/mod.rs",
        "the default scale labels and grade names of SPEC §2–§3, model data",
    ),
    (
        "formats/src/model_toml.rs",
        "the bilingual comments of the model file it writes, whatever the reader's language",
    ),
    (
        "formats/src/form_text.rs",
        "the headings of the seed's layout that the importer reads",
    ),
    (
        "formats/src/responses/header.rs",
        "the Chinese column headers files may use",
    ),
    (
        "formats/src/responses/answer.rs",
        "无法评价, an answer files may use",
    ),
    (
        "formats/src/people.rs",
        "the Chinese column headers People files may use",
    ),
    ("i18n/src/tests.rs", "tests of the catalogues"),
    (
        "web/src/openapi.rs",
        "the OpenAPI document's description, written for integrators",
    ),
];

/// Files that still write sentences in code; each moves its words into the catalogues and
/// leaves this list, which ends empty.
const NOT_CONVERTED_YET: &[&str] = &[];

/// Whether a character is Chinese (CJK ideographs, CJK and full-width punctuation).
fn is_chinese(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{4e00}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
}

/// The lines of a source file that hold Chinese outside comments and test modules.
fn chinese_lines(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let is_rust = path.extension().is_some_and(|e| e == "rs");
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.trim_start();
        if is_rust && code.starts_with("#[cfg(test)]") {
            break;
        }
        if is_rust && code.starts_with("//") {
            continue;
        }
        if code.chars().any(is_chinese) {
            out.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
        }
    }
    out
}

#[test]
fn no_sentence_is_written_in_code() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut found = Vec::new();
    let mut converted = Vec::new();
    for path in sources() {
        let relative = path
            .strip_prefix(&crates)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let exempt = CHINESE_AS_DATA.iter().any(|(f, _)| *f == relative);
        let pending = NOT_CONVERTED_YET.contains(&relative.as_str());
        let lines = chinese_lines(&path);
        if pending && lines.is_empty() {
            converted.push(relative);
        } else if !exempt && !pending {
            found.extend(lines);
        }
    }
    assert!(
        found.is_empty(),
        "Chinese text in code, outside the catalogues (put it in crates/i18n/catalogue):\n{}",
        found.join("\n")
    );
    assert!(
        converted.is_empty(),
        "these files hold no Chinese text any more: take them off NOT_CONVERTED_YET: {converted:?}"
    );
}
