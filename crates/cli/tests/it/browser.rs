//! The browser tests of `e2e/` (Debian's chromium driven by playwright-core) against a demo
//! server: a rater on a 390 px phone with and without JavaScript, and a form posted from
//! another site. They need `/usr/bin/chromium` and `npm ci` in `e2e/`, which `.ci/run`
//! installs and then sets `YARDSTICK_E2E=1`: with it set, anything missing fails the test;
//! without it, the test is skipped saying why.

use std::process::Command;
use std::time::Duration;

use crate::root;
use crate::serve::{Server, url_in};

/// Why the browser tests cannot run here, if they cannot.
fn missing() -> Option<String> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !std::path::Path::new(&chromium).exists() {
        return Some(format!("{chromium} is not installed"));
    }
    if !root().join("e2e/node_modules/playwright-core").exists() {
        return Some("e2e/node_modules is missing (run `npm ci` in e2e/)".into());
    }
    match Command::new("node").arg("--version").output() {
        Ok(o) if o.status.success() => None,
        _ => Some("node is not installed".into()),
    }
}

/// Runs `node SCRIPT URL ARGS…` in `e2e/`, failing when it fails or takes over `minutes`.
fn node(script: &str, url: &str, args: &[String], minutes: u64) {
    let mut child = Command::new("node")
        .arg(script)
        .arg(url)
        .args(args)
        .current_dir(root().join("e2e"))
        .spawn()
        .unwrap();
    // The script gives up on its own; this only keeps a hung browser from hanging CI.
    for _ in 0..(minutes * 60 * 10) {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(
                status.success(),
                "the browser checks of {script} failed (see above)"
            );
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    panic!("the browser checks of {script} did not finish within {minutes} minutes");
}

/// Whether the browser tests can run; when they cannot, says why and whether that fails.
fn can_run() -> bool {
    if let Some(why) = missing() {
        assert!(
            std::env::var_os("YARDSTICK_E2E").is_none(),
            "YARDSTICK_E2E is set but the browser tests cannot run: {why}"
        );
        eprintln!("skipped: the browser tests did not run: {why}");
        return false;
    }
    true
}

#[test]
fn a_whole_cycle_runs_in_the_browser_from_a_people_file_to_the_reports() {
    if !can_run() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["demo", "--bind", "127.0.0.1:0"]);
    let url = url_in(&server.line());
    node("console.mjs", &url, &[], 8);
}

#[test]
fn a_rater_on_a_phone_keeps_na_confirms_unanswered_items_and_cross_site_posts_are_refused() {
    if !can_run() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["demo", "--bind", "127.0.0.1:0"]);
    let url = url_in(&server.line());
    let mut links = Vec::new();
    while links.len() < 3 {
        let line = server.line();
        if let Some(at) = line.find("/r/") {
            links.push(line[at..].trim().to_string());
        }
    }
    node("rater.mjs", &url, &links, 5);
}
