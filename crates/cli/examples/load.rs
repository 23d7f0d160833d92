//! The mixed load benchmark and the kill -9 trials (`bench/load.sh`, `bench/crash.sh`).
//!
//! ```text
//! load run   --bin PATH --db URL [--duration 600] [--raters 32] [--hr 2] [--hr-pause-ms 1000]
//!            [--assessees 500] [--per-rater 10] [--rater-pool 2000] [--port 18110]
//! load crash --bin PATH --db URL [--trials 100] [--submitters 32] [--per-submitter 40]
//!            [--assessees 40] [--port 18111] [--seed N]
//! ```
//!
//! Both open the database the way `yardstick serve` does (the secret beside a SQLite file, or
//! `YARDSTICK_SECRET`), prepare what they need, then start the server `--bin PATH serve` on
//! `127.0.0.1:port` themselves, so that they know its process: `run` samples its memory,
//! `crash` kills it.
//!
//! `run` imports `assessees` people, opens a cycle on the built-in model with `rater-pool`
//! homeowners (external raters) each rating `per-rater` assessees, and adds an HR user. Then,
//! for `duration` seconds, `raters` virtual raters go through the homeowners one after
//! another as a browser does: the rater's list page, then for each assessee the questionnaire
//! page, a draft saved the way the page's script saves it (the API `PUT`, half the items
//! answered), every third one a draft saved with the form's draft button (a form `POST` with
//! the page's CSRF token, 303 back to the list, which is opened, and the questionnaire opened
//! again), then the form submitted with every item (303 back to the list, opened). When every
//! homeowner has submitted everything, HR reopens a finished homeowner's responses (the API)
//! so that the load goes on with a company of the same size. Beside them `hr` HR clients,
//! logged in, read the progress page, the progress API, the results API and the results
//! page, one after another with `hr-pause-ms` between two requests. Every request has an
//! expected status (200, or 303 for a form); anything else, or no answer, is an error. It
//! prints per kind of request the count, the rate, p50, p99 and max latency and the errors,
//! and the server's memory (VmRSS sampled every second, VmHWM at the end); it exits with 1
//! when there was an error.
//!
//! `crash` imports `assessees` people once; each trial opens a new cycle in which each of
//! `submitters` homeowners rates `per-submitter` assessees, starts the server, and lets one
//! client per homeowner save a draft and then submit each response (the API `PUT`), each
//! with a comment of its own, recording what was sent and what the server answered. Once a
//! random number of requests have been answered it kills the server with SIGKILL while the
//! others are in flight, starts it again and reads back every response of the cycle through
//! the API, and every submitted response from the database. Every acknowledged submission
//! must be stored once with its answers and comment; a request sent but not answered must be
//! stored whole or not at all; a draft acknowledged and not followed by a submission must be
//! there as sent. It prints each trial and the totals, and exits with 1 on any failure.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::header::HeaderMap;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use yardstick_core::{CycleDraft, Relationship};
use yardstick_store::{
    AssesseeChoice, CycleState, ModelChoice, NewAssignment, NewCycle, RaterChoice, Role, Secret,
    SqlStore, Store,
};

const HR_USER: &str = "hr";
const HR_PASSWORD: &str = "load-password";

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn number<T: std::str::FromStr>(args: &[String], name: &str, default: T) -> T {
    arg(args, name).map_or(default, |v| {
        v.parse()
            .unwrap_or_else(|_| panic!("{name} takes a number, not {v:?}"))
    })
}

fn secret_for(db: &str) -> Secret {
    if let Ok(text) = std::env::var("YARDSTICK_SECRET") {
        return Secret::from_text(&text).expect("YARDSTICK_SECRET holds 64 hex digits");
    }
    let path = format!(
        "{}.secret",
        yardstick_store::db::sqlite_path(db).expect("a sqlite:// URL, or YARDSTICK_SECRET")
    );
    match std::fs::read_to_string(&path) {
        Ok(text) => Secret::from_text(&text).expect("a valid secret file"),
        Err(_) => {
            let secret = Secret::generate().unwrap();
            std::fs::write(&path, secret.to_text()).unwrap();
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
            }
            secret
        }
    }
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".to_string())
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let bin = arg(&args, "--bin").expect("--bin PATH of the yardstick binary");
    let db = arg(&args, "--db").expect("--db URL");
    let ok = match args.first().map(String::as_str) {
        Some("run") => {
            let run = Run {
                duration: Duration::from_secs(number(&args, "--duration", 600)),
                raters: number(&args, "--raters", 32),
                hr: number(&args, "--hr", 2),
                hr_pause: Duration::from_millis(number(&args, "--hr-pause-ms", 1000)),
                assessees: number(&args, "--assessees", 500),
                per_rater: number(&args, "--per-rater", 10),
                pool: number(&args, "--rater-pool", 2000),
                port: number(&args, "--port", 18110),
            };
            run.run(&bin, &db).await
        }
        Some("crash") => {
            let seed = arg(&args, "--seed").map_or_else(
                || {
                    std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .unwrap()
                        .as_nanos() as u64
                },
                |s| s.parse().expect("--seed takes a number"),
            );
            let crash = Crash {
                trials: number(&args, "--trials", 100),
                submitters: number(&args, "--submitters", 32),
                per_submitter: number(&args, "--per-submitter", 40),
                assessees: number(&args, "--assessees", 40),
                port: number(&args, "--port", 18111),
                seed,
            };
            crash.run(&bin, &db).await
        }
        _ => {
            eprintln!("usage: load run|crash --bin PATH --db URL …");
            false
        }
    };
    std::process::exit(if ok { 0 } else { 1 });
}

// ---------------------------------------------------------------------------------------
// Measuring

/// The `p`-th percentile (0 < p ≤ 1) of sorted values, by the nearest rank: the smallest
/// value with at least `p` of all values at or below it.
fn percentile(sorted: &[Duration], p: f64) -> Option<Duration> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

/// The latencies and errors of one kind of request.
#[derive(Default)]
struct KindStats {
    latencies: Vec<Duration>,
    errors: u64,
}

/// What one client measured, merged at the end.
#[derive(Default)]
struct Recorder {
    kinds: BTreeMap<&'static str, KindStats>,
    samples: Vec<String>,
}

impl Recorder {
    fn ok(&mut self, kind: &'static str, took: Duration) {
        self.kinds.entry(kind).or_default().latencies.push(took);
    }

    fn error(&mut self, kind: &'static str, what: String) {
        self.kinds.entry(kind).or_default().errors += 1;
        if self.samples.len() < 10 {
            self.samples.push(format!("{kind}: {what}"));
        }
    }

    fn merge(&mut self, other: Recorder) {
        for (kind, stats) in other.kinds {
            let mine = self.kinds.entry(kind).or_default();
            mine.latencies.extend(stats.latencies);
            mine.errors += stats.errors;
        }
        for s in other.samples {
            if self.samples.len() < 10 {
                self.samples.push(s);
            }
        }
    }

    fn errors(&self) -> u64 {
        self.kinds.values().map(|k| k.errors).sum()
    }

    /// The summary table: one line per kind and a total.
    fn table(&mut self, elapsed: Duration) -> String {
        let ms = |d: Option<Duration>| {
            d.map_or("-".to_string(), |d| format!("{:.1}", d.as_secs_f64() * 1e3))
        };
        let secs = elapsed.as_secs_f64();
        let mut out = format!(
            "{:<26} {:>9} {:>8} {:>9} {:>9} {:>9} {:>7}\n",
            "request", "count", "per s", "p50 ms", "p99 ms", "max ms", "errors"
        );
        let mut all = Vec::new();
        let mut errors = 0;
        for (kind, stats) in &mut self.kinds {
            stats.latencies.sort();
            let l = &stats.latencies;
            out += &format!(
                "{:<26} {:>9} {:>8.1} {:>9} {:>9} {:>9} {:>7}\n",
                kind,
                l.len(),
                l.len() as f64 / secs,
                ms(percentile(l, 0.50)),
                ms(percentile(l, 0.99)),
                ms(l.last().copied()),
                stats.errors
            );
            all.extend_from_slice(l);
            errors += stats.errors;
        }
        all.sort();
        out += &format!(
            "{:<26} {:>9} {:>8.1} {:>9} {:>9} {:>9} {:>7}\n",
            "all",
            all.len(),
            all.len() as f64 / secs,
            ms(percentile(&all, 0.50)),
            ms(percentile(&all, 0.99)),
            ms(all.last().copied()),
            errors
        );
        out
    }
}

// ---------------------------------------------------------------------------------------
// HTTP

type HttpClient = Client<HttpConnector, Full<Bytes>>;

/// An answer: status, headers, body.
struct Answer {
    status: u16,
    headers: HeaderMap,
    body: Bytes,
}

#[derive(Clone)]
struct Http {
    client: HttpClient,
    base: String,
}

impl Http {
    fn new(base: &str, connections: usize) -> Http {
        Http {
            // The server closes a connection that has waited 10 s for a request's head
            // (idle keep-alive included); a client reusing it at that moment gets no answer.
            // Browsers retry such a request; this client drops idle connections first.
            client: Client::builder(TokioExecutor::new())
                .pool_max_idle_per_host(connections)
                .pool_idle_timeout(Duration::from_secs(5))
                .build_http(),
            base: base.to_string(),
        }
    }

    /// Sends a request; `Err` when there is no whole answer within a minute.
    async fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<(&str, String)>,
    ) -> Result<Answer, String> {
        let mut request = hyper::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let body = match body {
            Some((content_type, text)) => {
                request = request.header("content-type", content_type);
                Full::new(Bytes::from(text))
            }
            None => Full::new(Bytes::new()),
        };
        let request = request.body(body).map_err(|e| e.to_string())?;
        let exchange = async {
            let response = self.client.request(request).await.map_err(|e| chain(&e))?;
            let (parts, body) = response.into_parts();
            let body = body.collect().await.map_err(|e| e.to_string())?.to_bytes();
            Ok(Answer {
                status: parts.status.as_u16(),
                headers: parts.headers,
                body,
            })
        };
        tokio::time::timeout(Duration::from_secs(60), exchange)
            .await
            .map_err(|_| "no answer within 60 s".to_string())?
    }

    /// Sends a request expecting `expect`, and records it under `kind`.
    async fn call(
        &self,
        rec: &mut Recorder,
        (kind, expect): (&'static str, u16),
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<(&str, String)>,
    ) -> Option<Answer> {
        let sent = Instant::now();
        match self.send(method, path, headers, body).await {
            Ok(answer) if answer.status == expect => {
                rec.ok(kind, sent.elapsed());
                Some(answer)
            }
            Ok(answer) => {
                let text = String::from_utf8_lossy(&answer.body);
                let text: String = text.chars().take(300).collect();
                rec.error(
                    kind,
                    format!(
                        "{method} {path}: {} (expected {expect}): {text}",
                        answer.status
                    ),
                );
                None
            }
            Err(e) => {
                rec.error(kind, format!("{method} {path}: {e}"));
                None
            }
        }
    }
}

/// An error with its causes.
fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out += &format!(": {s}");
        source = s.source();
    }
    out
}

fn location(answer: &Answer) -> Option<String> {
    answer
        .headers
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// Percent-encodes a form value.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out += &format!("%{b:02X}"),
        }
    }
    out
}

async fn start_server(bin: &str, db: &str, port: u16) -> Child {
    let child = Command::new(bin)
        .args(["serve", "--db", db, "--bind", &format!("127.0.0.1:{port}")])
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .expect("the server starts");
    let started = Instant::now();
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the server did not listen within a minute"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    child
}

/// VmRSS and VmHWM of a process, in KiB.
fn memory(pid: u32) -> Option<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

// ---------------------------------------------------------------------------------------
// The questionnaire page

/// What a browser takes from a questionnaire page to post its form.
#[derive(Debug, PartialEq)]
struct Page {
    csrf: String,
    /// Every item of the form with the values of its choices, in the page's order.
    items: Vec<(String, Vec<String>)>,
}

/// The value of the attribute `name="…"` starting at `at` in `html`, and where it ends.
fn attribute<'a>(html: &'a str, name: &str, at: usize) -> Option<(&'a str, usize)> {
    let pattern = format!("{name}=\"");
    let start = html[at..].find(&pattern)? + at + pattern.len();
    let end = html[start..].find('"')? + start;
    Some((&html[start..end], end))
}

impl Page {
    fn parse(html: &str) -> Option<Page> {
        let marker = "name=\"csrf\"";
        let at = html.find(marker)?;
        let (csrf, _) = attribute(html, "value", at)?;
        let mut items: Vec<(String, Vec<String>)> = Vec::new();
        let mut at = 0;
        while let Some(found) = html[at..].find("name=\"item-") {
            let start = at + found + "name=\"item-".len();
            let end = html[start..].find('"')? + start;
            let code = &html[start..end];
            // The value attribute of this same input.
            let tag_end = html[end..].find('>')? + end;
            let (value, _) = attribute(&html[..tag_end], "value", end)?;
            match items.last_mut() {
                Some((last, values)) if last == code => values.push(value.to_string()),
                _ => items.push((code.to_string(), vec![value.to_string()])),
            }
            at = tag_end;
        }
        if items.is_empty() {
            return None;
        }
        Some(Page {
            csrf: csrf.to_string(),
            items,
        })
    }

    /// A point for each of the first `count` items: one of its choices other than N/A,
    /// varied by `seed`.
    fn answers(&self, count: usize, seed: usize) -> Vec<(String, String)> {
        self.items
            .iter()
            .take(count)
            .enumerate()
            .filter_map(|(i, (code, values))| {
                let points: Vec<&String> = values.iter().filter(|v| *v != "na").collect();
                let pick = points.get((seed + i * 3) % points.len().max(1))?;
                Some((code.clone(), (*pick).clone()))
            })
            .collect()
    }

    fn form(&self, answers: &[(String, String)], comment: &str, action: &str) -> String {
        let mut out = format!("csrf={}", encode(&self.csrf));
        for (code, value) in answers {
            out += &format!("&item-{}={}", encode(code), encode(value));
        }
        out + &format!("&comment={}&action={action}", encode(comment))
    }
}

/// The API's JSON body of a response.
fn response_json(answers: &[(String, String)], comment: &str, submit: bool) -> String {
    let answers: Vec<String> = answers
        .iter()
        .map(|(code, value)| format!("\"{code}\":{value}"))
        .collect();
    format!(
        "{{\"answers\":{{{}}},\"comment\":\"{comment}\",\"submit\":{submit}}}",
        answers.join(",")
    )
}

// ---------------------------------------------------------------------------------------
// The mixed load

struct Run {
    duration: Duration,
    raters: usize,
    hr: usize,
    hr_pause: Duration,
    assessees: usize,
    per_rater: usize,
    pool: usize,
    port: u16,
}

/// One homeowner of the cycle: their token, their id, their assessees.
struct Homeowner {
    token: String,
    id: i64,
    assessees: Vec<String>,
}

/// Which homeowner a virtual rater takes next: one who has not submitted yet, else the one
/// who finished longest ago (whose responses HR reopens first).
struct Queue {
    fresh: VecDeque<usize>,
    done: VecDeque<usize>,
}

impl Queue {
    fn next(&mut self) -> Option<(usize, bool)> {
        if let Some(h) = self.fresh.pop_front() {
            return Some((h, false));
        }
        self.done.pop_front().map(|h| (h, true))
    }
}

async fn login(http: &Http) -> String {
    let body = format!("{{\"username\":\"{HR_USER}\",\"password\":\"{HR_PASSWORD}\"}}");
    let answer = http
        .send(
            "POST",
            "/api/v1/session",
            &[],
            Some(("application/json", body)),
        )
        .await
        .expect("the login is answered");
    assert_eq!(answer.status, 200, "HR logs in");
    let value: serde_json::Value = serde_json::from_slice(&answer.body).unwrap();
    value["token"].as_str().unwrap().to_string()
}

impl Run {
    async fn setup(&self, db: &str) -> (i64, Vec<Homeowner>) {
        let store = SqlStore::open(db, secret_for(db))
            .await
            .expect("the database opens");
        let mut people = String::from(
            "id,name,department,title,superior\nB0,General manager,Head office,General manager,\n",
        );
        for a in 0..self.assessees {
            people += &format!(
                "A{a:04},Manager {a},Estate office {},Project manager,B0\n",
                a % 5
            );
        }
        let rows = yardstick_formats::people::read_people(people.as_bytes()).unwrap();
        store.import_people(rows).await.unwrap();
        let ids: Vec<String> = (0..self.assessees).map(|a| format!("A{a:04}")).collect();
        let cycle = store
            .create_cycle(NewCycle {
                settings: CycleDraft {
                    peers: Some(0),
                    ..CycleDraft::named("Mixed load")
                }
                .parse()
                .unwrap(),
                model: ModelChoice::Builtin,
                assessees: AssesseeChoice::Ids(ids.clone()),
            })
            .await
            .unwrap();
        let per_rater = self.per_rater.min(self.assessees);
        let add: Vec<NewAssignment> = (0..self.pool)
            .flat_map(|r| {
                let ids = &ids;
                (0..per_rater).map(move |j| NewAssignment {
                    rater: RaterChoice::External {
                        name: format!("Homeowner {r}"),
                        phone: Some(format!("139{r:08}")),
                    },
                    assessee: ids[(r * per_rater + j) % ids.len()].clone(),
                    relationship: Relationship::Customer,
                })
            })
            .collect();
        let assignments = store.add_assignments(cycle.id, add).await.unwrap();
        store
            .transition(cycle.id, CycleState::Open, None)
            .await
            .unwrap();
        store
            .add_user(HR_USER, HR_PASSWORD, Role::Hr, None)
            .await
            .unwrap();
        store.close().await;
        let mut by_rater: BTreeMap<i64, Homeowner> = BTreeMap::new();
        for a in assignments {
            let id = a.rater.id.get();
            by_rater
                .entry(id)
                .or_insert_with(|| Homeowner {
                    token: a.link.trim_start_matches("/r/").to_string(),
                    id,
                    assessees: Vec::new(),
                })
                .assessees
                .push(a.assessee);
        }
        (cycle.id, by_rater.into_values().collect())
    }

    async fn run(&self, bin: &str, db: &str) -> bool {
        let set_up = Instant::now();
        let (cycle, homeowners) = self.setup(db).await;
        let assignments: usize = homeowners.iter().map(|h| h.assessees.len()).sum();
        println!(
            "company: {} assessees, {} homeowners, {assignments} assignments (cycle {cycle}), set up in {:.1} s",
            self.assessees,
            homeowners.len(),
            set_up.elapsed().as_secs_f64()
        );
        let mut server = start_server(bin, db, self.port).await;
        let pid = server.id();
        let http = Http::new(
            &format!("http://127.0.0.1:{}", self.port),
            self.raters + self.hr,
        );
        let token = login(&http).await;
        let idle = memory(pid);
        println!(
            "load: {} virtual raters, {} HR clients ({} ms between requests), {} s; load average at start {}",
            self.raters,
            self.hr,
            self.hr_pause.as_millis(),
            self.duration.as_secs(),
            load_average()
        );

        let homeowners = Arc::new(homeowners);
        let queue = Arc::new(Mutex::new(Queue {
            fresh: (0..homeowners.len()).collect(),
            done: VecDeque::new(),
        }));
        let started = Instant::now();
        let deadline = started + self.duration;
        let stop = Arc::new(AtomicBool::new(false));
        let tenth = self.duration / 10;
        let sampler = {
            let stop = stop.clone();
            tokio::spawn(async move {
                let mut peak_rss = 0;
                let mut samples = 0;
                // VmRSS at the end of each tenth of the run: whether memory settles.
                let mut course = Vec::new();
                while !stop.load(Ordering::Relaxed) {
                    if let Some((rss, _)) = memory(pid) {
                        peak_rss = peak_rss.max(rss);
                        samples += 1;
                        if course.len() < 10
                            && started.elapsed() >= tenth * (course.len() as u32 + 1)
                        {
                            course.push(rss);
                        }
                    }
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
                (peak_rss, samples, course)
            })
        };
        let mut tasks = Vec::new();
        for worker in 0..self.raters {
            let rater = VirtualRater {
                http: http.clone(),
                hr_token: token.clone(),
                cycle,
                homeowners: homeowners.clone(),
                queue: queue.clone(),
                deadline,
                worker,
            };
            tasks.push(tokio::spawn(rater.run()));
        }
        for worker in 0..self.hr {
            let hr = HrClient {
                http: http.clone(),
                token: token.clone(),
                cycle,
                deadline,
                pause: self.hr_pause,
                worker,
            };
            tasks.push(tokio::spawn(hr.run()));
        }
        let mut rec = Recorder::default();
        for t in tasks {
            rec.merge(t.await.unwrap());
        }
        let elapsed = started.elapsed();
        stop.store(true, Ordering::Relaxed);
        let (peak_rss, samples, mut course) = sampler.await.unwrap();
        let end = memory(pid);
        if let (Some((rss, _)), true) = (end, course.len() < 10) {
            // The last tenth ends with the run.
            course.push(rss);
        }
        let _ = server.kill();
        let _ = server.wait();

        println!(
            "ran {:.1} s; load average at the end {}",
            elapsed.as_secs_f64(),
            load_average()
        );
        print!("{}", rec.table(elapsed));
        let kib = |k: u64| format!("{:.1} MiB", k as f64 / 1024.0);
        println!(
            "server memory: VmRSS {} idle after start, peak {} over {samples} samples (1/s), {} at the end; VmHWM {} at the end",
            idle.map_or("?".into(), |m| kib(m.0)),
            kib(peak_rss),
            end.map_or("?".into(), |m| kib(m.0)),
            end.map_or("?".into(), |m| kib(m.1)),
        );
        let course: Vec<String> = course
            .iter()
            .map(|k| format!("{:.0}", *k as f64 / 1024.0))
            .collect();
        println!(
            "server VmRSS at each tenth of the run (MiB): {}",
            course.join(" · ")
        );
        let errors = rec.errors();
        for s in &rec.samples {
            println!("error: {s}");
        }
        println!("errors: {errors}");
        errors == 0
    }
}

struct VirtualRater {
    http: Http,
    hr_token: String,
    cycle: i64,
    homeowners: Arc<Vec<Homeowner>>,
    queue: Arc<Mutex<Queue>>,
    deadline: Instant,
    worker: usize,
}

impl VirtualRater {
    fn over(&self) -> bool {
        Instant::now() >= self.deadline
    }

    async fn run(self) -> Recorder {
        let mut rec = Recorder::default();
        let mut round = 0;
        while !self.over() {
            let next = self.queue.lock().unwrap().next();
            let Some((h, reopen)) = next else {
                // Every homeowner is taken by another virtual rater.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            };
            round += 1;
            if self.homeowner(&mut rec, h, reopen, round).await {
                self.queue.lock().unwrap().done.push_back(h);
            }
        }
        rec
    }

    /// One homeowner's visit; whether they submitted every response.
    async fn homeowner(&self, rec: &mut Recorder, h: usize, reopen: bool, round: usize) -> bool {
        let who = &self.homeowners[h];
        let bearer = format!("Bearer {}", self.hr_token);
        if reopen {
            for assessee in &who.assessees {
                let body = format!(
                    "{{\"rater\":{},\"assessee\":\"{assessee}\",\"reason\":\"load round {round}\"}}",
                    who.id
                );
                let path = format!("/api/v1/cycles/{}/responses/reopen", self.cycle);
                let sent = self
                    .http
                    .call(
                        rec,
                        ("HR reopen (API)", 200),
                        "POST",
                        &path,
                        &[("authorization", &bearer)],
                        Some(("application/json", body)),
                    )
                    .await;
                if sent.is_none() {
                    return false;
                }
            }
        }
        let list = format!("/r/{}", who.token);
        if self
            .http
            .call(rec, ("rater list page", 200), "GET", &list, &[], None)
            .await
            .is_none()
        {
            return false;
        }
        let seed = self.worker * 31 + round * 7;
        for (n, assessee) in who.assessees.iter().enumerate() {
            if self.over() {
                return false;
            }
            let page_path = format!("/r/{}/{assessee}", who.token);
            let Some(page) = self.open(rec, &page_path).await else {
                return false;
            };
            let all = page.items.len();
            let api = format!("/api/v1/r/{}/responses/{assessee}", who.token);
            let half = page.answers(all / 2, seed + n);
            let draft = self
                .http
                .call(
                    rec,
                    ("draft (API PUT)", 200),
                    "PUT",
                    &api,
                    &[("accept", "application/json")],
                    Some(("application/json", response_json(&half, "", false))),
                )
                .await;
            if draft.is_none() {
                return false;
            }
            let mut page = page;
            if n % 3 == 0 {
                let most = page.answers(all * 3 / 4, seed + n);
                let form = page.form(&most, "draft", "draft");
                let Some(saved) = self
                    .http
                    .call(
                        rec,
                        ("draft (form POST)", 303),
                        "POST",
                        &page_path,
                        &[],
                        Some(("application/x-www-form-urlencoded", form)),
                    )
                    .await
                else {
                    return false;
                };
                if !self.follow(rec, &saved).await {
                    return false;
                }
                let Some(again) = self.open(rec, &page_path).await else {
                    return false;
                };
                page = again;
            }
            let every = page.answers(all, seed + n);
            let comment = format!("load {} round {round} assessee {assessee}", self.worker);
            let form = page.form(&every, &comment, "submit");
            let Some(submitted) = self
                .http
                .call(
                    rec,
                    ("submit (form POST)", 303),
                    "POST",
                    &page_path,
                    &[],
                    Some(("application/x-www-form-urlencoded", form)),
                )
                .await
            else {
                return false;
            };
            if !self.follow(rec, &submitted).await {
                return false;
            }
        }
        true
    }

    async fn open(&self, rec: &mut Recorder, path: &str) -> Option<Page> {
        let answer = self
            .http
            .call(rec, ("questionnaire page", 200), "GET", path, &[], None)
            .await?;
        let page = Page::parse(&String::from_utf8_lossy(&answer.body));
        if page.is_none() {
            rec.error("questionnaire page", format!("{path}: no form on the page"));
        }
        page
    }

    /// Opens the page a form's 303 leads to (the rater's list).
    async fn follow(&self, rec: &mut Recorder, answer: &Answer) -> bool {
        let Some(to) = location(answer) else {
            rec.error("rater list page", "a 303 without Location".to_string());
            return false;
        };
        self.http
            .call(rec, ("rater list page", 200), "GET", &to, &[], None)
            .await
            .is_some()
    }
}

struct HrClient {
    http: Http,
    token: String,
    cycle: i64,
    deadline: Instant,
    pause: Duration,
    worker: usize,
}

impl HrClient {
    async fn run(self) -> Recorder {
        let mut rec = Recorder::default();
        let cookie = format!("yardstick_session={}", self.token);
        let bearer = format!("Bearer {}", self.token);
        let c = self.cycle;
        let reads: [(&'static str, String, (&str, &str)); 4] = [
            (
                "HR progress page",
                format!("/hr/cycles/{c}/progress"),
                ("cookie", &cookie),
            ),
            (
                "HR progress API",
                format!("/api/v1/cycles/{c}/progress"),
                ("authorization", &bearer),
            ),
            (
                "HR results API",
                format!("/api/v1/cycles/{c}/results"),
                ("authorization", &bearer),
            ),
            (
                "HR results page",
                format!("/hr/cycles/{c}/results"),
                ("cookie", &cookie),
            ),
        ];
        // The clients start at different reads.
        let mut n = self.worker;
        while Instant::now() < self.deadline {
            let (kind, path, header) = &reads[n % reads.len()];
            n += 1;
            self.http
                .call(&mut rec, (kind, 200), "GET", path, &[*header], None)
                .await;
            let now = Instant::now();
            if now >= self.deadline {
                break;
            }
            tokio::time::sleep(self.pause.min(self.deadline - now)).await;
        }
        rec
    }
}

// ---------------------------------------------------------------------------------------
// The kill -9 trials

struct Crash {
    trials: usize,
    submitters: usize,
    per_submitter: usize,
    assessees: usize,
    port: u16,
    seed: u64,
}

/// A small xorshift generator: the trials' random moments, reproducible from the seed.
struct Random(u64);

impl Random {
    fn below(&mut self, n: u64) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x % n.max(1)
    }
}

/// A response as stored or sent: status (`pending`, `draft`, `submitted`), answers by item
/// code, comment.
#[derive(Clone, Debug, PartialEq)]
struct Content {
    status: String,
    answers: BTreeMap<String, i64>,
    comment: String,
}

impl Content {
    fn pending() -> Content {
        Content {
            status: "pending".to_string(),
            answers: BTreeMap::new(),
            comment: String::new(),
        }
    }
}

/// What a client sent for one assignment, and whether each request was answered with 2xx.
/// `None`: not sent; `Some((content, acknowledged))`.
#[derive(Clone, Debug, Default)]
struct Sent {
    draft: Option<(Content, bool)>,
    submit: Option<(Content, bool)>,
}

/// What one assignment's stored response says of the server.
#[derive(Debug, PartialEq)]
enum Verdict {
    /// As it must be.
    Good,
    /// An acknowledged submission or draft is not stored as sent.
    Lost,
    /// Stored content that is none of the states it may be in: part of a request.
    Partial,
}

/// Judges one assignment: `stored` is what the API answers after the restart.
fn verdict(sent: &Sent, stored: &Content) -> Verdict {
    // The states the response may be in, given what was answered.
    let mut allowed = vec![Content::pending()];
    if let Some((draft, acknowledged)) = &sent.draft {
        if *acknowledged {
            allowed = vec![draft.clone()];
        } else {
            allowed.push(draft.clone());
        }
    }
    if let Some((submit, acknowledged)) = &sent.submit {
        if *acknowledged {
            allowed = vec![submit.clone()];
        } else {
            allowed.push(submit.clone());
        }
    }
    if allowed.contains(stored) {
        return Verdict::Good;
    }
    // A whole state other than the one required: what was acknowledged after it is gone.
    let whole = *stored == Content::pending()
        || [&sent.draft, &sent.submit]
            .iter()
            .filter_map(|s| s.as_ref())
            .any(|(c, _)| c == stored);
    if whole {
        Verdict::Lost
    } else {
        Verdict::Partial
    }
}

/// The totals over the trials.
#[derive(Default)]
struct Totals {
    acknowledged_submissions: usize,
    acknowledged_drafts: usize,
    unanswered_stored: usize,
    unanswered_absent: usize,
    lost: usize,
    partial: usize,
    duplicated: usize,
    seconds: f64,
}

impl Crash {
    async fn run(&self, bin: &str, db: &str) -> bool {
        println!(
            "kill -9 trials: {}, {} submitters × {} responses each, seed {}; load average at start {}",
            self.trials,
            self.submitters,
            self.per_submitter,
            self.seed,
            load_average()
        );
        let secret = secret_for(db);
        {
            let store = SqlStore::open(db, secret.clone())
                .await
                .expect("the database opens");
            let mut people = String::from("id,name,department,title,superior\n");
            for a in 0..self.assessees {
                people += &format!("A{a:04},Manager {a},Estate office,Supervisor,\n");
            }
            let rows = yardstick_formats::people::read_people(people.as_bytes()).unwrap();
            store.import_people(rows).await.unwrap();
            store.close().await;
        }
        let mut random = Random(self.seed | 1);
        let mut totals = Totals::default();
        let started = Instant::now();
        for trial in 1..=self.trials {
            let t = Instant::now();
            self.trial(bin, db, &secret, trial, &mut random, &mut totals)
                .await;
            totals.seconds += t.elapsed().as_secs_f64();
        }
        let bad = totals.lost + totals.partial + totals.duplicated;
        println!(
            "{} trials in {:.0} s ({:.1} s per trial); load average at the end {}",
            self.trials,
            started.elapsed().as_secs_f64(),
            totals.seconds / self.trials.max(1) as f64,
            load_average()
        );
        println!(
            "acknowledged: {} submissions, {} drafts; sent but not answered: {} stored whole, {} absent; lost {}, partial {}, duplicated {}",
            totals.acknowledged_submissions,
            totals.acknowledged_drafts,
            totals.unanswered_stored,
            totals.unanswered_absent,
            totals.lost,
            totals.partial,
            totals.duplicated
        );
        bad == 0
    }

    async fn trial(
        &self,
        bin: &str,
        db: &str,
        secret: &Secret,
        trial: usize,
        random: &mut Random,
        totals: &mut Totals,
    ) {
        // A new cycle for this trial.
        let store = SqlStore::open(db, secret.clone())
            .await
            .expect("the database opens");
        let ids: Vec<String> = (0..self.assessees).map(|a| format!("A{a:04}")).collect();
        let cycle = store
            .create_cycle(NewCycle {
                settings: CycleDraft {
                    peers: Some(0),
                    ..CycleDraft::named(format!("Kill trial {trial}"))
                }
                .parse()
                .unwrap(),
                model: ModelChoice::Builtin,
                assessees: AssesseeChoice::Ids(ids.clone()),
            })
            .await
            .unwrap();
        let per = self.per_submitter.min(ids.len());
        let add: Vec<NewAssignment> = (0..self.submitters)
            .flat_map(|r| {
                let ids = &ids;
                (0..per).map(move |j| NewAssignment {
                    rater: RaterChoice::External {
                        name: format!("Homeowner {trial}-{r}"),
                        phone: None,
                    },
                    assessee: ids[(r + j) % ids.len()].clone(),
                    relationship: Relationship::Customer,
                })
            })
            .collect();
        let assignments = store.add_assignments(cycle.id, add).await.unwrap();
        store
            .transition(cycle.id, CycleState::Open, None)
            .await
            .unwrap();
        let model = store.model(cycle.model_id).await.unwrap().model;
        let asked = cycle.dimensions.items_asked(Relationship::Customer, &model);
        store.close().await;
        let codes: Arc<Vec<String>> = Arc::new(
            model
                .items()
                .iter()
                .zip(&asked)
                .filter(|(_, a)| **a)
                .map(|(i, _)| i.code().to_string())
                .collect(),
        );
        let mut by_rater: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for a in &assignments {
            by_rater
                .entry(a.link.trim_start_matches("/r/").to_string())
                .or_default()
                .push(a.assessee.clone());
        }
        let requests = assignments.len() * 2;
        // Kill once between 1 and 80% of the requests are answered.
        let kill_after = 1 + random.below((requests * 4 / 5) as u64) as usize;

        let mut server = start_server(bin, db, self.port).await;
        let http = Http::new(&format!("http://127.0.0.1:{}", self.port), self.submitters);
        let answered = Arc::new(AtomicUsize::new(0));
        let down = Arc::new(AtomicBool::new(false));
        let record: Arc<Mutex<HashMap<(String, String), Sent>>> = Default::default();
        let mut clients = Vec::new();
        for (c, (token, assessees)) in by_rater.clone().into_iter().enumerate() {
            let (http, answered, down, record, codes) = (
                http.clone(),
                answered.clone(),
                down.clone(),
                record.clone(),
                codes.clone(),
            );
            clients.push(tokio::spawn(async move {
                let mut unexpected = Vec::new();
                'all: for (n, assessee) in assessees.iter().enumerate() {
                    let key = (token.clone(), assessee.clone());
                    for submit in [false, true] {
                        if down.load(Ordering::Relaxed) {
                            break 'all;
                        }
                        let count = if submit { codes.len() } else { codes.len() / 2 };
                        let answers: BTreeMap<String, i64> = codes
                            .iter()
                            .take(count)
                            .enumerate()
                            .map(|(i, code)| {
                                (code.clone(), 1 + ((c + n + i + submit as usize) % 5) as i64)
                            })
                            .collect();
                        let comment = format!(
                            "trial {trial} client {c} response {n} {}",
                            if submit { "submit" } else { "draft" }
                        );
                        let content = Content {
                            status: if submit { "submitted" } else { "draft" }.to_string(),
                            answers,
                            comment,
                        };
                        let pairs: Vec<(String, String)> = content
                            .answers
                            .iter()
                            .map(|(k, v)| (k.clone(), v.to_string()))
                            .collect();
                        let body = response_json(&pairs, &content.comment, submit);
                        {
                            let mut r = record.lock().unwrap();
                            let sent = r.entry(key.clone()).or_default();
                            let slot = if submit {
                                &mut sent.submit
                            } else {
                                &mut sent.draft
                            };
                            *slot = Some((content, false));
                        }
                        let path = format!("/api/v1/r/{token}/responses/{assessee}");
                        match http
                            .send("PUT", &path, &[], Some(("application/json", body)))
                            .await
                        {
                            Ok(a) if (200..300).contains(&a.status) => {
                                let mut r = record.lock().unwrap();
                                let sent = r.get_mut(&key).unwrap();
                                let slot = if submit {
                                    &mut sent.submit
                                } else {
                                    &mut sent.draft
                                };
                                slot.as_mut().unwrap().1 = true;
                                drop(r);
                                answered.fetch_add(1, Ordering::Relaxed);
                            }
                            Ok(a) => {
                                unexpected.push(format!("{path}: {}", a.status));
                                break 'all;
                            }
                            // The server is gone: this request was not acknowledged.
                            Err(_) => break 'all,
                        }
                    }
                }
                unexpected
            }));
        }
        let load_started = Instant::now();
        while answered.load(Ordering::Relaxed) < kill_after {
            tokio::time::sleep(Duration::from_micros(200)).await;
            if load_started.elapsed() > Duration::from_secs(120) {
                break;
            }
        }
        server.kill().expect("SIGKILL");
        server.wait().unwrap();
        down.store(true, Ordering::Relaxed);
        let at_kill = answered.load(Ordering::Relaxed);
        let mut unexpected = Vec::new();
        for c in clients {
            unexpected.extend(c.await.unwrap());
        }

        // Restart, read back through the API and from the database.
        let mut server = start_server(bin, db, self.port).await;
        let http = Http::new(&format!("http://127.0.0.1:{}", self.port), 8);
        let record = record.lock().unwrap().clone();
        let mut lost = 0;
        let mut partial = 0;
        let mut acknowledged_submissions = 0;
        let mut acknowledged_drafts = 0;
        let mut unanswered_stored = 0;
        let mut unanswered_absent = 0;
        for (token, assessees) in &by_rater {
            for assessee in assessees {
                let key = (token.clone(), assessee.clone());
                let sent = record.get(&key).cloned().unwrap_or_default();
                let path = format!("/api/v1/r/{token}/responses/{assessee}");
                let answer = http.send("GET", &path, &[], None).await.expect("read back");
                assert_eq!(answer.status, 200, "{path}");
                let stored = stored_content(&answer.body);
                match verdict(&sent, &stored) {
                    Verdict::Good => {}
                    Verdict::Lost => {
                        lost += 1;
                        println!("  LOST {path}: sent {sent:?}, stored {stored:?}");
                    }
                    Verdict::Partial => {
                        partial += 1;
                        println!("  PARTIAL {path}: sent {sent:?}, stored {stored:?}");
                    }
                }
                for (slot, submit) in [(&sent.draft, false), (&sent.submit, true)] {
                    match slot {
                        Some((_, true)) if submit => acknowledged_submissions += 1,
                        Some((_, true)) => acknowledged_drafts += 1,
                        Some((content, false)) => {
                            if *content == stored {
                                unanswered_stored += 1;
                            } else {
                                unanswered_absent += 1;
                            }
                        }
                        None => {}
                    }
                }
            }
        }
        // No submission is stored twice: once per assignment, each comment once.
        let store = SqlStore::open(db, secret.clone()).await.unwrap();
        let responses = store.cycle_responses(cycle.id).await.unwrap();
        store.close().await;
        let _ = server.kill();
        let _ = server.wait();
        let mut per_assignment: HashMap<(String, usize), usize> = HashMap::new();
        let mut per_comment: HashMap<String, usize> = HashMap::new();
        for r in &responses.responses {
            *per_assignment
                .entry((r.rater.clone(), r.assessee))
                .or_default() += 1;
            *per_comment.entry(r.comment.clone()).or_default() += 1;
        }
        let duplicated = per_assignment.values().filter(|n| **n > 1).count()
            + per_comment.values().filter(|n| **n > 1).count();
        let submitted_acked = acknowledged_submissions;
        println!(
            "trial {trial:3}: killed after {at_kill} answers (aimed {kill_after} of {requests}); acknowledged {submitted_acked} submissions, {acknowledged_drafts} drafts; {} submitted stored; lost {lost}, partial {partial}, duplicated {duplicated}{}",
            responses.responses.len(),
            if unexpected.is_empty() {
                String::new()
            } else {
                format!("; unexpected answers: {}", unexpected.join(", "))
            }
        );
        totals.acknowledged_submissions += acknowledged_submissions;
        totals.acknowledged_drafts += acknowledged_drafts;
        totals.unanswered_stored += unanswered_stored;
        totals.unanswered_absent += unanswered_absent;
        totals.lost += lost;
        totals.partial += partial + unexpected.len();
        totals.duplicated += duplicated;
    }
}

fn stored_content(body: &[u8]) -> Content {
    let value: serde_json::Value = serde_json::from_slice(body).expect("a JSON response");
    Content {
        status: value["status"].as_str().unwrap_or("?").to_string(),
        answers: value["answers"]
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), v.as_i64().unwrap_or(-1)))
                    .collect()
            })
            .unwrap_or_default(),
        comment: value["comment"].as_str().unwrap_or("").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(v: &[u64]) -> Vec<Duration> {
        v.iter().map(|m| Duration::from_millis(*m)).collect()
    }

    #[test]
    fn percentiles_are_the_nearest_rank() {
        let hundred: Vec<u64> = (1..=100).collect();
        let d = ms(&hundred);
        assert_eq!(percentile(&d, 0.50), Some(Duration::from_millis(50)));
        assert_eq!(percentile(&d, 0.99), Some(Duration::from_millis(99)));
        assert_eq!(percentile(&d, 1.0), Some(Duration::from_millis(100)));
        let three = ms(&[10, 20, 30]);
        assert_eq!(percentile(&three, 0.50), Some(Duration::from_millis(20)));
        assert_eq!(percentile(&three, 0.99), Some(Duration::from_millis(30)));
        assert_eq!(percentile(&three, 0.01), Some(Duration::from_millis(10)));
        assert_eq!(percentile(&ms(&[7]), 0.99), Some(Duration::from_millis(7)));
        assert_eq!(percentile(&[], 0.5), None);
    }

    #[test]
    fn the_table_counts_every_request_and_error() {
        let mut a = Recorder::default();
        for m in 1..=100 {
            a.ok("page", Duration::from_millis(m));
        }
        let mut b = Recorder::default();
        b.ok("page", Duration::from_millis(500));
        b.error("submit", "503".to_string());
        a.merge(b);
        assert_eq!(a.errors(), 1);
        let table = a.table(Duration::from_secs(10));
        let page = table.lines().find(|l| l.starts_with("page")).unwrap();
        let cols: Vec<&str> = page.split_whitespace().collect();
        assert_eq!(cols, ["page", "101", "10.1", "51.0", "100.0", "500.0", "0"]);
        let all = table.lines().last().unwrap();
        assert!(all.starts_with("all") && all.ends_with(" 1"), "{all}");
        assert_eq!(a.samples, ["submit: 503"]);
    }

    #[test]
    fn the_questionnaire_form_is_read_like_a_browser() {
        let html = r#"<form method="post" action="/r/T/A1" id="questionnaire">
<input type="hidden" name="csrf" value="abc-_123">
<div class="choices"><label><input type="radio" name="item-Q1" value="1"><span>1</span></label><label><input type="radio" name="item-Q1" value="2" checked><span>2</span></label><label class="na"><input type="radio" name="item-Q1" value="na"><span>N/A</span></label></div>
<div class="choices"><label><input type="radio" name="item-Q2" value="1"><span>1</span></label><label><input type="radio" name="item-Q2" value="2"><span>2</span></label></div>
<textarea id="comment" name="comment"></textarea></form>"#;
        let page = Page::parse(html).unwrap();
        assert_eq!(page.csrf, "abc-_123");
        assert_eq!(
            page.items,
            [
                ("Q1".to_string(), vec!["1".into(), "2".into(), "na".into()]),
                ("Q2".to_string(), vec!["1".into(), "2".into()]),
            ]
        );
        // N/A is never picked, and every item gets a value of its own choices.
        for seed in 0..10 {
            let answers = page.answers(2, seed);
            assert_eq!(answers.len(), 2);
            assert!(["1", "2"].contains(&answers[0].1.as_str()));
        }
        assert_eq!(page.answers(1, 0).len(), 1);
        let form = page.form(&[("Q1".into(), "2".into())], "很好 & ok", "submit");
        assert_eq!(
            form,
            "csrf=abc-_123&item-Q1=2&comment=%E5%BE%88%E5%A5%BD+%26+ok&action=submit"
        );
        assert_eq!(Page::parse("<p>no form</p>"), None);
    }

    fn content(status: &str, a: i64, comment: &str) -> Content {
        Content {
            status: status.to_string(),
            answers: [("Q1".to_string(), a)].into(),
            comment: comment.to_string(),
        }
    }

    #[test]
    fn verdicts_tell_lost_from_partial() {
        let draft = content("draft", 1, "d");
        let submit = content("submitted", 2, "s");
        let both = |d: bool, s: Option<bool>| Sent {
            draft: Some((draft.clone(), d)),
            submit: s.map(|a| (submit.clone(), a)),
        };
        // Acknowledged submission: only itself will do.
        assert_eq!(verdict(&both(true, Some(true)), &submit), Verdict::Good);
        assert_eq!(verdict(&both(true, Some(true)), &draft), Verdict::Lost);
        assert_eq!(
            verdict(&both(true, Some(true)), &Content::pending()),
            Verdict::Lost
        );
        // A submission in flight: stored whole, or the draft before it.
        assert_eq!(verdict(&both(true, Some(false)), &submit), Verdict::Good);
        assert_eq!(verdict(&both(true, Some(false)), &draft), Verdict::Good);
        assert_eq!(
            verdict(&both(true, Some(false)), &Content::pending()),
            Verdict::Lost
        );
        // Half of the submission: its answers with the draft's comment.
        let mixed = content("submitted", 2, "d");
        assert_eq!(verdict(&both(true, Some(false)), &mixed), Verdict::Partial);
        assert_eq!(verdict(&both(false, None), &mixed), Verdict::Partial);
        // A draft in flight: stored whole or absent.
        assert_eq!(verdict(&both(false, None), &draft), Verdict::Good);
        assert_eq!(
            verdict(&both(false, None), &Content::pending()),
            Verdict::Good
        );
        // Nothing sent: nothing stored.
        assert_eq!(
            verdict(&Sent::default(), &Content::pending()),
            Verdict::Good
        );
        assert_eq!(verdict(&Sent::default(), &draft), Verdict::Partial);
    }

    #[test]
    fn the_random_moments_stay_in_range() {
        let mut r = Random(12345);
        let picks: Vec<u64> = (0..1000).map(|_| r.below(10)).collect();
        assert!(picks.iter().all(|p| *p < 10));
        assert!((0..10).all(|v| picks.contains(&v)), "every value comes up");
    }
}
