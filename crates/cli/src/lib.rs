//! What the `yardstick` commands share and the tests call directly: the layered settings
//! and the server secret ([`config`]), the demo company ([`demo`]), and the error that
//! carries messages already put into words ([`BadInput`]). The commands themselves are in
//! the binary (`src/main.rs`, one file per command under `src/cmd/`).

#![forbid(unsafe_code)]

pub mod assignments;
pub mod config;
pub mod demo;

/// A failure that has already been put into words for the user: bad input, with every
/// problem found. The binary prints the lines as they are and exits with status 1.
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
