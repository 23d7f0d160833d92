//! The `yardstick` binary end to end: every command, every input format, every class of bad
//! input, and the promise that a failed run writes nothing; and the settings and the demo
//! company through the library.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod backup;
mod browser;
mod config;
mod cycle;
mod cycle_output;
mod cycle_results;
mod demo;
mod durability;
mod help;
mod model;
mod people;
mod report;
mod score;
mod serve;
mod servers;
mod user;

use std::future::Future;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use yardstick_store::{Secret, SqlStore};

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

/// The variables that would change what a command does, removed so that the tests do not
/// depend on the environment they run in.
pub const SETTINGS_VARIABLES: [&str; 5] = [
    "YARDSTICK_CONFIG",
    "YARDSTICK_DB",
    "YARDSTICK_BIND",
    "YARDSTICK_SECRET",
    "YARDSTICK_BASE_URL",
];

/// `yardstick` with `args` in the directory `dir`, in English, with no settings from the
/// environment.
pub fn command_in(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_yardstick"));
    c.args(args).env("YARDSTICK_LANG", "en").current_dir(dir);
    for v in SETTINGS_VARIABLES {
        c.env_remove(v);
    }
    c
}

/// Runs `yardstick` with `args` in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    command_in(dir, args).output().unwrap()
}

/// Runs `yardstick` with `args` in `dir`, with `input` on standard input.
pub fn run_with_input(dir: &Path, args: &[&str], input: &str) -> Output {
    let mut child = command_in(dir, args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// Runs a future to completion.
pub fn block_on<F: Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

/// Opens the SQLite database `file` in `dir` with the secret beside it, as the commands do.
pub async fn open_store(dir: &Path, file: &str) -> SqlStore {
    let text = std::fs::read_to_string(dir.join(format!("{file}.secret"))).unwrap();
    let secret = Secret::from_text(&text).unwrap();
    let url = format!("sqlite://{}", dir.join(file).display());
    SqlStore::open(&url, secret).await.unwrap()
}

/// A small company: a project manager over three supervisors, two of them with staff.
pub const PEOPLE: &str = "id,name,department,title,superior,phone
P1,王建国,翠湖花园管理处,项目经理,,13800000001
P2,李秀英,翠湖花园管理处,客服主管,P1,13800000002
P3,张伟,翠湖花园管理处,工程主管,P1,13800000003
P4,赵磊,翠湖花园管理处,秩序主管,P1,
P5,钱芳,翠湖花园管理处,客服专员,P2,
P6,孙静,翠湖花园管理处,客服专员,P2,
P7,周强,翠湖花园管理处,维修工,P3,
";
