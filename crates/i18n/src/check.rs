//! The checks both catalogues must pass: the same keys in both languages, the same
//! placeholders in both texts of a key, and placeholders that are well formed. The build
//! script runs them on the real catalogues (a failure stops the build with every problem
//! listed); the tests run them on broken samples to show that they catch each case.
//!
//! This file is shared by `build.rs` and the library, so it uses only `std`.

use std::collections::{BTreeMap, BTreeSet};

/// A catalogue flattened to `key → text`, the key's parts joined by dots.
pub type Flat = BTreeMap<String, String>;

/// One part of a text: literal text, a placeholder `{name}`, or a plural choice
/// `{name|one|other}` whose options may contain `#` for the number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Text as written (with `{{` and `}}` already turned into braces).
    Text(String),
    /// `{name}`: the argument's value.
    Arg(String),
    /// `{name|one|other}`: `one` when the argument is 1, else `other`; `#` in either is
    /// the argument's value.
    Plural(String, String, String),
}

/// Splits a text into its pieces, or says what is wrong with it.
pub fn pieces(text: &str) -> Result<Vec<Piece>, String> {
    let mut out = Vec::new();
    let mut literal = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                literal.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                literal.push('}');
            }
            '}' => return Err("a `}` without its `{` (write `}}` for a brace)".to_string()),
            '{' => {
                let mut inside = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some('{') | None => {
                            return Err(format!(
                                "the placeholder `{{{inside}` is not closed (write `{{{{` for a brace)"
                            ));
                        }
                        Some(c) => inside.push(c),
                    }
                }
                if !literal.is_empty() {
                    out.push(Piece::Text(std::mem::take(&mut literal)));
                }
                let parts: Vec<&str> = inside.split('|').collect();
                let name = parts[0].trim();
                let valid = !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
                if !valid {
                    return Err(format!(
                        "`{{{inside}}}`: a placeholder's name is lower-case letters, digits and `_`"
                    ));
                }
                match parts.as_slice() {
                    [_] => out.push(Piece::Arg(name.to_string())),
                    [_, one, other] => out.push(Piece::Plural(
                        name.to_string(),
                        (*one).to_string(),
                        (*other).to_string(),
                    )),
                    _ => {
                        return Err(format!(
                            "`{{{inside}}}`: a plural choice is written {{name|one|other}}"
                        ));
                    }
                }
            }
            c => literal.push(c),
        }
    }
    if !literal.is_empty() {
        out.push(Piece::Text(literal));
    }
    Ok(out)
}

/// The names of the placeholders of a text.
pub fn placeholders(pieces: &[Piece]) -> BTreeSet<String> {
    pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Text(_) => None,
            Piece::Arg(name) | Piece::Plural(name, _, _) => Some(name.clone()),
        })
        .collect()
}

/// Every problem of a pair of catalogues, one line each; empty when they agree.
pub fn problems(catalogues: &[(&str, &Flat)]) -> Vec<String> {
    let mut out = Vec::new();
    let all: BTreeSet<&String> = catalogues.iter().flat_map(|(_, c)| c.keys()).collect();
    for key in all {
        let mut names: Vec<(&str, BTreeSet<String>)> = Vec::new();
        for (lang, catalogue) in catalogues {
            match catalogue.get(key.as_str()) {
                None => out.push(format!("`{key}` is missing in {lang}")),
                Some(text) if text.trim().is_empty() => {
                    out.push(format!("`{key}` is empty in {lang}"))
                }
                Some(text) => match pieces(text) {
                    Ok(p) => names.push((lang, placeholders(&p))),
                    Err(e) => out.push(format!("`{key}` in {lang}: {e}")),
                },
            }
        }
        if let Some(((first_lang, first), rest)) = names.split_first() {
            for (lang, other) in rest {
                if other != first {
                    out.push(format!(
                        "`{key}` has the placeholders {first:?} in {first_lang} but {other:?} in {lang}"
                    ));
                }
            }
        }
    }
    out
}

/// Whether `key` is a well-formed key: dot-separated parts of lower-case letters, digits
/// and `_`, at least two parts.
pub fn is_key(key: &str) -> bool {
    let parts: Vec<&str> = key.split('.').collect();
    parts.len() >= 2
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
}
