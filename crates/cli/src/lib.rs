//! What the `yardstick` commands share and the tests call directly: the layered settings
//! and the server secret ([`config`]), the demo company ([`demo`]), and the error that
//! carries messages already put into words ([`BadInput`]). The commands themselves are in
//! the binary (`src/main.rs`, one file per command under `src/cmd/`).

#![forbid(unsafe_code)]

pub mod assignments;
pub mod config;
pub mod demo;

/// A failure that has already been put into words for the user: bad input, with every
/// problem found. The binary prints the lines (see [`terminal_safe`]) and exits with status 1.
#[derive(Debug)]
pub struct BadInput(pub Vec<String>);

impl BadInput {
    /// A failure described by one line.
    pub fn line(text: impl Into<String>) -> BadInput {
        BadInput(vec![text.into()])
    }

    /// A failure described by messages, one line each, put into words in `lang`.
    pub fn messages(messages: &[yardstick_i18n::Message], lang: yardstick_i18n::Lang) -> BadInput {
        BadInput(messages.iter().map(|m| m.render(lang)).collect())
    }
}

impl std::fmt::Display for BadInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.join("\n"))
    }
}

impl std::error::Error for BadInput {}

/// Whether printing `c` could steer a terminal or hide text: control characters (ESC, NUL,
/// BEL, …) and the invisible marks that reorder text (bidirectional overrides).
fn steers_terminal(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` as it may go to a terminal: messages quote what a file holds (a code, a header, a
/// cell) and the database holds names written before control characters were refused, so
/// every character that could steer the terminal (ESC starts a command) is written as an
/// escape such as `\u{1b}`, except line breaks and tabs.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    escape(text, |c| matches!(c, '\n' | '\t'))
}

/// Like [`terminal_safe`], for one cell of a line: line breaks and tabs are escaped too.
pub fn terminal_cell(text: &str) -> std::borrow::Cow<'_, str> {
    escape(text, |_| false)
}

fn escape(text: &str, keep: impl Fn(char) -> bool) -> std::borrow::Cow<'_, str> {
    let escaped = |c: char| steers_terminal(c) && !keep(c);
    if !text.chars().any(escaped) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escaped(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_quoted_from_a_file_reach_the_terminal_as_escapes() {
        assert_eq!(
            terminal_safe("code \"1\u{1b}[2J\"\tok\n"),
            "code \"1\\u{1b}[2J\"\tok\n"
        );
        assert!(matches!(
            terminal_safe("第 3 行"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(terminal_safe("a\u{1b}[2Jb\0c"), "a\\u{1b}[2Jb\\u{0}c");
        assert_eq!(terminal_cell("第一行\n第二行"), "第一行\\u{a}第二行");
        assert_eq!(terminal_cell("abc\u{202e}def"), "abc\\u{202e}def");
    }
}
