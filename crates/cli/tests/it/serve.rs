//! `yardstick serve` and `yardstick demo` as running servers: they print where they listen,
//! answer HTTP, and stop cleanly on SIGTERM.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::command_in;

/// A server started by a test; killed if the test fails before stopping it.
pub struct Server {
    child: Child,
    lines: mpsc::Receiver<String>,
}

impl Server {
    pub fn start(dir: &std::path::Path, args: &[&str]) -> Server {
        let mut child = command_in(dir, args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                if send.send(line.unwrap()).is_err() {
                    break;
                }
            }
        });
        Server { child, lines }
    }

    /// The next line of standard output.
    pub fn line(&self) -> String {
        self.lines
            .recv_timeout(Duration::from_secs(60))
            .expect("the server printed a line")
    }

    /// Sends SIGTERM and waits for the process to end; true when it exited successfully.
    fn terminate(mut self) -> bool {
        let pid = self.child.id().to_string();
        let sent = std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap();
        assert!(sent.success());
        for _ in 0..200 {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.success();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The URL in a line.
pub fn url_in(line: &str) -> String {
    let start = line
        .find("http://")
        .unwrap_or_else(|| panic!("no URL in {line}"));
    line[start..].split_whitespace().next().unwrap().to_string()
}

/// A GET over plain HTTP/1.1: the status and the body.
fn get(url: &str) -> (u16, String) {
    request("GET", url, None)
}

/// A POST of a JSON body over plain HTTP/1.1: the status and the body.
fn post_json(url: &str, body: &str) -> (u16, String) {
    request("POST", url, Some(body))
}

/// A request over plain HTTP/1.1: the status and the body.
fn request(method: &str, url: &str, body: Option<&str>) -> (u16, String) {
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, "/"),
    };
    let mut stream = TcpStream::connect(host).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    match body {
        None => write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ),
        Some(body) => write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    }
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap();
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn serve_prints_its_address_answers_the_openapi_document_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(
        dir.path(),
        &[
            "serve",
            "--db",
            "sqlite://served.db",
            "--bind",
            "127.0.0.1:0",
        ],
    );
    let line = server.line();
    assert!(
        line.starts_with("Yardstick is listening on http://127.0.0.1:"),
        "{line}"
    );
    let url = url_in(&line);
    assert!(!url.ends_with(":0"), "a real port: {url}");

    let (status, body) = get(&format!("{url}/api/v1/openapi.json"));
    assert_eq!(status, 200);
    assert!(body.contains("\"openapi\""), "{body}");
    assert!(body.contains("/api/v1/cycles"), "{body}");

    assert!(server.terminate(), "a clean exit on SIGTERM");
    assert!(dir.path().join("served.db").exists());
    assert!(dir.path().join("served.db.secret").exists());
}

#[test]
fn serve_reports_an_address_it_cannot_listen_on() {
    let dir = tempfile::tempdir().unwrap();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let o = command_in(dir.path(), &["serve", "--bind", &addr])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = crate::stderr(&o);
    assert!(
        err.contains(&format!("cannot listen on {addr} (from --bind)")),
        "{err}"
    );
}

#[test]
fn the_demo_prints_the_login_and_three_working_rater_links_and_reuses_its_database() {
    let dir = tempfile::tempdir().unwrap();
    let mut printed = Vec::new();
    for run in 0..2 {
        let server = Server::start(dir.path(), &["demo", "--bind", "127.0.0.1:0"]);
        let head = server.line();
        assert!(
            head.starts_with("Yardstick demo: http://127.0.0.1:"),
            "{head}"
        );
        let url = url_in(&head);
        assert_eq!(
            server.line(),
            "HR login: user admin, password yardstick-demo"
        );
        // What HR sees, the manager's and the assessee's logins, the published cycle.
        let mut logins = Vec::new();
        loop {
            let line = server.line();
            if line.starts_with("Links of raters") {
                break;
            }
            logins.push(line);
        }
        assert_eq!(logins.len(), 6, "{logins:?}");
        assert!(
            logins[0].starts_with("  sees the whole console"),
            "{logins:?}"
        );
        assert!(
            logins[1].starts_with("Manager login (")
                && logins[1].ends_with("总经理): user manager, password yardstick-demo"),
            "{logins:?}"
        );
        assert!(
            logins[3].starts_with("Assessee login (")
                && logins[3].ends_with("user assessee, password yardstick-demo"),
            "{logins:?}"
        );
        assert!(logins[5].contains("2025年度管理人员360评估"), "{logins:?}");
        for user in ["manager", "assessee"] {
            let (status, body) = post_json(
                &format!("{url}/api/v1/session"),
                &format!("{{\"username\":\"{user}\",\"password\":\"yardstick-demo\"}}"),
            );
            assert_eq!(status, 200, "{user}: {body}");
        }
        let links: Vec<String> = (0..3).map(|_| server.line()).collect();
        for line in &links {
            let link = url_in(line);
            assert!(link.starts_with(&format!("{url}/r/")), "{line}");
            let token = link.rsplit('/').next().unwrap();
            let (status, body) = get(&format!("{url}/api/v1/r/{token}"));
            assert_eq!(status, 200, "{line}: {body}");
            assert!(body.contains("2026年度管理人员360评估"), "{body}");
        }
        let (status, _) = get(&format!("{url}/api/v1/openapi.json"));
        assert_eq!(status, 200);
        assert!(server.terminate(), "run {run}: a clean exit on SIGTERM");
        printed.push(
            links
                .iter()
                .map(|l| l.replace(&url, "URL"))
                .collect::<Vec<_>>(),
        );
    }
    assert_eq!(
        printed[0], printed[1],
        "the same demo and links when reused"
    );
    assert!(dir.path().join("yardstick-demo.db").exists());
    assert!(dir.path().join("yardstick-demo.db.secret").exists());
}

#[test]
fn serve_help_shows_the_configuration_in_the_chosen_language() {
    let o = crate::run(&["serve", "--help"]);
    assert!(o.status.success());
    let help = crate::stdout(&o);
    assert!(help.contains("Configuration:"), "{help}");
    assert!(!help.contains("配置:"), "{help}");
    assert_eq!(help.matches("YARDSTICK_SECRET").count(), 1, "{help}");
    let o = crate::run(&["serve", "--help", "--lang", "zh"]);
    assert!(o.status.success());
    let help = crate::stdout(&o);
    assert!(help.contains("配置:"), "{help}");
    assert!(!help.contains("Configuration:"), "{help}");
    assert_eq!(help.matches("YARDSTICK_SECRET").count(), 1, "{help}");
}

#[test]
fn a_wrong_language_is_told_in_both_languages() {
    let o = crate::run(&["--lang", "fr", "cycle", "list"]);
    assert_eq!(o.status.code(), Some(2));
    let err = crate::stderr(&o);
    assert!(
        err.contains("`fr`: use zh or en / “fr”:请用 zh 或 en"),
        "{err}"
    );
}
