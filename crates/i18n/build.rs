//! Reads the catalogues (`catalogue/zh.toml`, `catalogue/en.toml`), stops the build when they
//! disagree (a key missing in one language, other placeholders, a malformed text), and writes
//! the tables and the key macros the library includes.

use std::fmt::Write as _;
use std::path::Path;

#[path = "src/check.rs"]
#[allow(dead_code)]
mod check;

use check::{Flat, Piece};

const LANGS: [&str; 2] = ["zh", "en"];

fn flatten(prefix: &str, table: &toml::Table, out: &mut Flat, problems: &mut Vec<String>) {
    for (name, value) in table {
        let key = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        match value {
            toml::Value::String(text) => {
                if !check::is_key(&key) {
                    problems.push(format!(
                        "`{key}`: keys are two or more dot-separated parts of a-z, 0-9 and _"
                    ));
                }
                out.insert(key, text.clone());
            }
            toml::Value::Table(inner) => flatten(&key, inner, out, problems),
            _ => problems.push(format!("`{key}` is neither a text nor a table")),
        }
    }
}

fn literal(text: &str) -> String {
    format!("{text:?}")
}

fn parts(pieces: &[Piece]) -> String {
    let mut out = String::from("&[");
    for p in pieces {
        match p {
            Piece::Text(t) => write!(out, "Part::Text({}),", literal(t)),
            Piece::Arg(n) => write!(out, "Part::Arg({}),", literal(n)),
            Piece::Plural(n, one, other) => write!(
                out,
                "Part::Plural({}, {}, {}),",
                literal(n),
                literal(one),
                literal(other)
            ),
        }
        .ok();
    }
    out.push(']');
    out
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("catalogue");
    println!("cargo::rerun-if-changed=src/check.rs");
    let mut problems = Vec::new();
    let mut catalogues = Vec::new();
    for lang in LANGS {
        let path = dir.join(format!("{lang}.toml"));
        println!("cargo::rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let table: toml::Table = text
            .parse()
            .unwrap_or_else(|e| panic!("{} is not valid TOML: {e}", path.display()));
        let mut flat = Flat::new();
        flatten("", &table, &mut flat, &mut problems);
        catalogues.push((lang, flat));
    }
    let refs: Vec<(&str, &Flat)> = catalogues.iter().map(|(l, c)| (*l, c)).collect();
    problems.extend(check::problems(&refs));
    if !problems.is_empty() {
        panic!(
            "the message catalogues disagree:\n  {}",
            problems.join("\n  ")
        );
    }
    let keys: Vec<&String> = catalogues[0].1.keys().collect();
    let mut code = String::new();
    writeln!(code, "/// How many keys the catalogues hold.").ok();
    writeln!(code, "pub const KEY_COUNT: usize = {};", keys.len()).ok();
    writeln!(code, "static KEYS: [&str; KEY_COUNT] = [").ok();
    for k in &keys {
        writeln!(code, "    {},", literal(k)).ok();
    }
    writeln!(code, "];").ok();
    for (lang, flat) in &catalogues {
        let upper = lang.to_uppercase();
        writeln!(code, "static {upper}: [&[Part]; KEY_COUNT] = [").ok();
        for k in &keys {
            let pieces = check::pieces(&flat[k.as_str()]).unwrap_or_default();
            writeln!(code, "    {},", parts(&pieces)).ok();
        }
        writeln!(code, "];").ok();
    }
    // `k!("key")`: the key, or a compile error naming a key the catalogues do not have.
    writeln!(code, "/// The [`Key`] of a message, checked when compiling: a key that is not in the catalogues is a compile error.").ok();
    writeln!(code, "#[macro_export]\nmacro_rules! k {{").ok();
    for (i, k) in keys.iter().enumerate() {
        writeln!(
            code,
            "    ({}) => {{ $crate::Key::__at({i}) }};",
            literal(k)
        )
        .ok();
    }
    writeln!(code, "    ($other:literal) => {{ compile_error!(concat!(\"no message \", stringify!($other), \" in the catalogues (crates/i18n/catalogue)\")) }};\n}}").ok();
    // `plain!("key")`: the same, for keys whose texts take no argument.
    writeln!(code, "/// The [`Key`] of a message that takes no argument; a key that needs arguments, or is unknown, is a compile error.").ok();
    writeln!(code, "#[macro_export]\nmacro_rules! plain {{").ok();
    for (i, k) in keys.iter().enumerate() {
        let pieces = check::pieces(&catalogues[0].1[k.as_str()]).unwrap_or_default();
        if check::placeholders(&pieces).is_empty() {
            writeln!(
                code,
                "    ({}) => {{ $crate::Key::__at({i}) }};",
                literal(k)
            )
            .ok();
        }
    }
    writeln!(code, "    ($other:literal) => {{ compile_error!(concat!(\"no message \", stringify!($other), \" without arguments in the catalogues: give its arguments\")) }};\n}}").ok();
    let out = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("catalogue.rs");
    std::fs::write(&out, code).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}
