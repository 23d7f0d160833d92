//! The `yardstick` binary end to end: every command, every input format, every class of bad
//! input, and the promise that a failed run writes nothing.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod model;
mod score;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository's root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs `yardstick` with `args`, in English unless the arguments say otherwise.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_yardstick"))
        .args(args)
        .env("YARDSTICK_LANG", "en")
        .current_dir(root())
        .output()
        .unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// The built-in model's item codes.
pub fn codes() -> Vec<String> {
    yardstick_formats::builtin_model()
        .unwrap()
        .items()
        .iter()
        .map(|i| i.code().to_string())
        .collect()
}
