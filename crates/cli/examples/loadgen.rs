//! Submission benchmark: many raters submitting full responses over HTTP at once.
//!
//! ```text
//! loadgen setup --db URL [--raters 64] [--assessees 800]    # prepare a cycle, print nothing
//! loadgen run --db URL --url http://127.0.0.1:18080 [--concurrency 64] [--seconds 10]
//! loadgen published --db URL [--assessees 2000]              # a published cycle for reports
//! loadgen storm --db URL --url http://127.0.0.1:18080 [--raters 16] [--logins 32] [--seconds 8] [--one-address]
//! ```
//!
//! `setup` opens the database the way `yardstick serve` does (the secret beside a SQLite
//! file, or `YARDSTICK_SECRET`), imports `assessees` people, opens a cycle on the built-in
//! model and gives every one of `raters` external raters every assessee. `run` reads the
//! raters' links back from the database and lets `concurrency` clients, each with a rater
//! of its own, submit one full 79-item response after another for `seconds`, each a new
//! submission that must be on disk before its answer; then it prints submissions per second
//! and latency percentiles. See `bench/submit.sh`.
//!
//! `published` makes what the report benchmark reads (`bench/reports.sh`): `assessees`
//! managers in departments of 100 under their department's head, a cycle assigned from the
//! org chart (self, superior, up to four peers), every response submitted, the cycle
//! closed and published, and an HR user `hr` with the password `bench-password`.
//!
//! `storm` measures what a login storm does to raters (`bench/abuse.sh`): `raters` clients
//! load questionnaire pages of the set-up cycle one after another while `logins` clients
//! post wrong logins for unknown names; each login comes from an address of its own
//! (`X-Forwarded-For`, believed when the server trusts 127.0.0.1 as a proxy), so that none
//! is throttled and each costs the server an argon2 verification — or, with
//! `--one-address`, all from one address, which is throttled after 10. `--logins 0` is the
//! quiet baseline. It prints the raters' page latency percentiles and what the logins got.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use yardstick_core::{CycleDraft, Relationship};
use yardstick_store::{
    AssesseeChoice, CycleState, ModelChoice, NewAssignment, NewCycle, RaterChoice, Secret,
    SqlStore, Store,
};

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
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

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let db = arg(&args, "--db").expect("--db URL");
    let store = SqlStore::open(&db, secret_for(&db))
        .await
        .expect("the database opens");
    match args.first().map(String::as_str) {
        Some("setup") => {
            let raters: usize = arg(&args, "--raters").map_or(64, |v| v.parse().unwrap());
            let assessees: usize = arg(&args, "--assessees").map_or(800, |v| v.parse().unwrap());
            setup(&store, raters, assessees).await;
        }
        Some("run") => {
            let url = arg(&args, "--url").expect("--url http://HOST:PORT");
            let concurrency: usize = arg(&args, "--concurrency").map_or(64, |v| v.parse().unwrap());
            let seconds: u64 = arg(&args, "--seconds").map_or(10, |v| v.parse().unwrap());
            run(&store, &url, concurrency, Duration::from_secs(seconds)).await;
        }
        Some("published") => {
            let assessees: usize = arg(&args, "--assessees").map_or(2000, |v| v.parse().unwrap());
            let store = Arc::new(store);
            published(&store, assessees).await;
            store.close().await;
            return;
        }
        Some("storm") => {
            let url = arg(&args, "--url").expect("--url http://HOST:PORT");
            let raters: usize = arg(&args, "--raters").map_or(16, |v| v.parse().unwrap());
            let logins: usize = arg(&args, "--logins").map_or(32, |v| v.parse().unwrap());
            let seconds: u64 = arg(&args, "--seconds").map_or(8, |v| v.parse().unwrap());
            let spread = !args.iter().any(|a| a == "--one-address");
            let storm = Storm {
                raters,
                logins,
                spread,
            };
            storm.run(&store, &url, Duration::from_secs(seconds)).await;
        }
        _ => eprintln!("usage: loadgen setup|run|published|storm --db URL …"),
    }
    store.close().await;
}

async fn setup(store: &SqlStore, raters: usize, assessees: usize) {
    let mut people = String::from("id,name,department,title,superior\nB0,总经理,总部,总经理,\n");
    for a in 0..assessees {
        people += &format!("A{a:04},经理{a},管理处{},主管,B0\n", a % 3);
    }
    let rows = yardstick_formats::people::read_people(people.as_bytes()).unwrap();
    store.import_people(rows).await.unwrap();
    let ids: Vec<String> = (0..assessees).map(|a| format!("A{a:04}")).collect();
    let cycle = store
        .create_cycle(NewCycle {
            settings: CycleDraft {
                peers: Some(0),
                ..CycleDraft::named("提交性能测试")
            }
            .parse()
            .unwrap(),
            model: ModelChoice::Builtin,
            assessees: AssesseeChoice::Ids(ids.clone()),
        })
        .await
        .unwrap();
    for r in 0..raters {
        let add = ids
            .iter()
            .map(|a| NewAssignment {
                rater: RaterChoice::External {
                    name: format!("业主-{r}"),
                    phone: Some(format!("139{r:08}")),
                },
                assessee: a.clone(),
                relationship: Relationship::Customer,
            })
            .collect();
        store.add_assignments(cycle.id, add).await.unwrap();
    }
    store
        .transition(cycle.id, CycleState::Open, None)
        .await
        .unwrap();
    eprintln!(
        "cycle {}: {raters} raters × {assessees} assessees = {} assignments",
        cycle.id,
        raters * assessees
    );
}

async fn published(store: &Arc<SqlStore>, assessees: usize) {
    let mut people = String::from("id,name,department,title,superior\nB0,总经理,总部,总经理,\n");
    let departments = assessees.div_ceil(100);
    for d in 0..departments {
        people += &format!("H{d:02},主任{d},管理处{d:02},管理处主任,B0\n");
    }
    for a in 0..assessees {
        let d = a / 100;
        people += &format!("A{a:04},经理{a},管理处{d:02},项目经理,H{d:02}\n");
    }
    let rows = yardstick_formats::people::read_people(people.as_bytes()).unwrap();
    store.import_people(rows).await.unwrap();
    let ids: Vec<String> = (0..assessees).map(|a| format!("A{a:04}")).collect();
    let cycle = store
        .create_cycle(NewCycle {
            settings: CycleDraft {
                peers: Some(4),
                ..CycleDraft::named("报告性能测试")
            }
            .parse()
            .unwrap(),
            model: ModelChoice::Builtin,
            assessees: AssesseeChoice::Ids(ids),
        })
        .await
        .unwrap();
    let assignments = store.auto_assign(cycle.id).await.unwrap();
    store
        .transition(cycle.id, CycleState::Open, None)
        .await
        .unwrap();
    let items = store
        .model(cycle.model_id)
        .await
        .unwrap()
        .model
        .items()
        .len();
    let work: Vec<(usize, String, String)> = assignments
        .iter()
        .enumerate()
        .map(|(n, a)| {
            (
                n,
                a.link.trim_start_matches("/r/").to_string(),
                a.assessee.clone(),
            )
        })
        .collect();
    let chunks: Vec<Vec<(usize, String, String)>> = work
        .chunks(work.len().div_ceil(8).max(1))
        .map(<[_]>::to_vec)
        .collect();
    let mut tasks = Vec::new();
    for chunk in chunks {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            for (n, token, assessee) in chunk {
                let r = store.rater_response(&token, &assessee).await.unwrap();
                let answers = (0..items)
                    .map(|i| {
                        let point = 1 + ((n * 7 + i * 3 + n * i / 5) % 5) as i32;
                        Some(yardstick_core::Choice::Point(point))
                    })
                    .collect();
                let input = yardstick_store::ResponseInput {
                    answers,
                    comment: format!("第{n}条意见"),
                    submit: true,
                };
                store.save_response(r.target, input).await.unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    for state in [CycleState::Closed, CycleState::Published] {
        store.transition(cycle.id, state, None).await.unwrap();
    }
    store
        .add_user("hr", "bench-password", yardstick_store::Role::Hr, None)
        .await
        .unwrap();
    eprintln!(
        "cycle {}: {assessees} assessees, {} responses, published",
        cycle.id,
        assignments.len()
    );
}

async fn run(store: &SqlStore, url: &str, concurrency: usize, duration: Duration) {
    let cycle = store.cycles().await.unwrap()[0].clone();
    let model = store.model(cycle.model_id).await.unwrap().model;
    let mut by_rater: std::collections::BTreeMap<i64, (String, Vec<String>)> = Default::default();
    for a in store.assignments(cycle.id).await.unwrap() {
        if a.status == yardstick_store::ResponseStatus::Pending {
            let entry = by_rater
                .entry(a.rater.id.get())
                .or_insert_with(|| (a.link.clone(), Vec::new()));
            entry.1.push(a.assessee);
        }
    }
    let work: Vec<(String, Vec<String>)> = by_rater.into_values().take(concurrency).collect();
    assert!(
        work.len() == concurrency,
        "set up at least {concurrency} raters"
    );
    let codes: Arc<Vec<String>> =
        Arc::new(model.items().iter().map(|i| i.code().to_string()).collect());
    let client: Client<_, Full<Bytes>> = Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(concurrency)
        .build_http();
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (worker, (link, assessees)) in work.into_iter().enumerate() {
        let (client, stop, codes, url) =
            (client.clone(), stop.clone(), codes.clone(), url.to_string());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0u64;
            for (n, assessee) in assessees.iter().enumerate() {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let answers: Vec<String> = codes
                    .iter()
                    .enumerate()
                    .map(|(i, c)| format!("\"{c}\":{}", 1 + (worker + n + i) % 5))
                    .collect();
                let body = format!(
                    "{{\"answers\":{{{}}},\"comment\":\"\",\"submit\":true}}",
                    answers.join(",")
                );
                let request =
                    hyper::Request::put(format!("{url}/api/v1{link}/responses/{assessee}"))
                        .header("content-type", "application/json")
                        .body(Full::new(Bytes::from(body)))
                        .unwrap();
                let sent = Instant::now();
                match client.request(request).await {
                    Ok(response) => {
                        let ok = response.status().is_success();
                        let _ = response.into_body().collect().await;
                        if ok {
                            latencies.push(sent.elapsed());
                        } else {
                            errors += 1;
                        }
                    }
                    Err(_) => errors += 1,
                }
            }
            (latencies, errors)
        }));
    }
    tokio::time::sleep(duration).await;
    stop.store(true, Ordering::Relaxed);
    let mut latencies = Vec::new();
    let mut errors = 0;
    for t in tasks {
        let (l, e) = t.await.unwrap();
        latencies.extend(l);
        errors += e;
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    println!(
        "{} submissions in {:.2} s: {:.0}/s; latency p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms; {} errors",
        latencies.len(),
        elapsed.as_secs_f64(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.90).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        latencies.last().map_or(0.0, |d| d.as_secs_f64() * 1e3),
        errors
    );
}

/// Raters loading pages during a storm of wrong logins.
struct Storm {
    raters: usize,
    logins: usize,
    spread: bool,
}

impl Storm {
    async fn run(&self, store: &SqlStore, url: &str, duration: Duration) {
        let cycle = store.cycles().await.unwrap()[0].clone();
        let pages: Vec<String> = store
            .assignments(cycle.id)
            .await
            .unwrap()
            .into_iter()
            .map(|a| format!("{}/{}", a.link, a.assessee))
            .collect();
        let pages = Arc::new(pages);
        let client: Client<_, Full<Bytes>> = Client::builder(TokioExecutor::new())
            .pool_max_idle_per_host(self.raters + self.logins)
            .build_http();
        let stop = Arc::new(AtomicBool::new(false));
        let mut raters = Vec::new();
        for worker in 0..self.raters {
            let (client, stop, pages, url) =
                (client.clone(), stop.clone(), pages.clone(), url.to_string());
            raters.push(tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut errors = 0u64;
                let mut n = worker;
                while !stop.load(Ordering::Relaxed) {
                    let page = &pages[n % pages.len()];
                    n += 7;
                    let request = hyper::Request::get(format!("{url}{page}"))
                        .body(Full::new(Bytes::new()))
                        .unwrap();
                    let sent = Instant::now();
                    match client.request(request).await {
                        Ok(response) => {
                            let ok = response.status().is_success();
                            let _ = response.into_body().collect().await;
                            if ok {
                                latencies.push(sent.elapsed());
                            } else {
                                errors += 1;
                            }
                        }
                        Err(_) => errors += 1,
                    }
                }
                (latencies, errors)
            }));
        }
        let mut logins = Vec::new();
        for worker in 0..self.logins {
            let (client, stop, url, spread) =
                (client.clone(), stop.clone(), url.to_string(), self.spread);
            logins.push(tokio::spawn(async move {
                let mut answers: std::collections::BTreeMap<u16, u64> = Default::default();
                let mut n = 0u32;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let address = if spread {
                        format!("10.{}.{}.{}", worker, n / 250 % 250, n % 250 + 1)
                    } else {
                        "10.0.0.1".to_string()
                    };
                    let body = format!(
                        "{{\"username\":\"nobody-{worker}-{n}\",\"password\":\"wrong password\"}}"
                    );
                    let request = hyper::Request::post(format!("{url}/api/v1/session"))
                        .header("content-type", "application/json")
                        .header("x-forwarded-for", address)
                        .body(Full::new(Bytes::from(body)))
                        .unwrap();
                    if let Ok(response) = client.request(request).await {
                        *answers.entry(response.status().as_u16()).or_default() += 1;
                        let _ = response.into_body().collect().await;
                    }
                }
                answers
            }));
        }
        let started = Instant::now();
        tokio::time::sleep(duration).await;
        stop.store(true, Ordering::Relaxed);
        let mut latencies = Vec::new();
        let mut errors = 0;
        for t in raters {
            let (l, e) = t.await.unwrap();
            latencies.extend(l);
            errors += e;
        }
        let mut answers: std::collections::BTreeMap<u16, u64> = Default::default();
        for t in logins {
            for (status, count) in t.await.unwrap() {
                *answers.entry(status).or_default() += count;
            }
        }
        let elapsed = started.elapsed();
        latencies.sort();
        let pct =
            |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
        let logins: Vec<String> = answers
            .iter()
            .map(|(status, count)| format!("{count} × {status}"))
            .collect();
        println!(
            "{} rater pages in {:.2} s: {:.0}/s; latency p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms; {} errors; logins: {}",
            latencies.len(),
            elapsed.as_secs_f64(),
            latencies.len() as f64 / elapsed.as_secs_f64(),
            pct(0.50).as_secs_f64() * 1e3,
            pct(0.90).as_secs_f64() * 1e3,
            pct(0.99).as_secs_f64() * 1e3,
            latencies.last().map_or(0.0, |d| d.as_secs_f64() * 1e3),
            errors,
            if logins.is_empty() {
                "none".to_string()
            } else {
                logins.join(", ")
            }
        );
    }
}
