//! What the `yardstick` commands share and the tests call directly: the layered settings
//! and the server secret ([`config`]), the demo company ([`demo`]), and the error that
//! carries messages already put into words ([`BadInput`]). The commands themselves are in
//! the binary (`src/main.rs`, one file per command under `src/cmd/`).

#![forbid(unsafe_code)]

pub mod assignments;
pub mod config;
pub mod demo;

/// A failure that has already been put into words for the user: bad input, with every
/// problem found. The binary prints the lines (see [`printable`]) and exits with status 1.
#[derive(Debug)]
pub struct BadInput(pub Vec<String>);

impl BadInput {
    /// A failure described by one line.
    pub fn line(text: impl Into<String>) -> BadInput {
        BadInput(vec![text.into()])
    }
}

impl std::fmt::Display for BadInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.join("\n"))
    }
}

impl std::error::Error for BadInput {}

/// `text` as it may go to a terminal: messages quote what a file holds (a code, a header, a
/// cell), so a control character other than a line break or tab, which a terminal would act
/// on (ESC starts a command), is written as `\u{1b}`.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| {
                if unsafe_char(c) {
                    format!("\\u{{{:x}}}", u32::from(c))
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_quoted_from_a_file_reach_the_terminal_as_escapes() {
        assert_eq!(
            printable("code \"1\u{1b}[2J\"\tok\n"),
            "code \"1\\u{1b}[2J\"\tok\n"
        );
        assert!(matches!(
            printable("第 3 行"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
