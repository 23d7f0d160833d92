//! Nothing submitted is ever lost: a server killed with SIGKILL while many clients submit
//! keeps every response it answered with 2xx, each once.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use yardstick_core::Relationship;
use yardstick_store::{
    AssesseeChoice, CycleState, ModelChoice, NewAssignment, NewCycle, RaterChoice, Secret,
    SqlStore, Store,
};

/// A free port on the loopback interface.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn serve(db: &str, port: u16) -> Child {
    Command::new(env!("CARGO_BIN_EXE_yardstick"))
        .args(["serve", "--db", db, "--bind", &format!("127.0.0.1:{port}")])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn wait_until_listening(addr: SocketAddr) {
    let started = Instant::now();
    while TcpStream::connect(addr).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the server did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// `PUT path` with a JSON body over a fresh connection; the status code.
fn put(addr: SocketAddr, path: &str, body: &str) -> std::io::Result<u16> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    write!(
        stream,
        "PUT {path} HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    answer
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| std::io::Error::other("no status line"))
}

async fn prepare(db: &str, secret: Secret) -> Vec<(String, String)> {
    let store = SqlStore::open(db, secret).await.unwrap();
    let mut people = String::from("id,name,department,title,superior\n");
    for a in 0..20 {
        people += &format!("A{a},经理{a},管理处,主管,\n");
    }
    store
        .import_people(yardstick_formats::people::read_people(people.as_bytes()).unwrap())
        .await
        .unwrap();
    let ids: Vec<String> = (0..20).map(|a| format!("A{a}")).collect();
    let cycle = store
        .create_cycle(NewCycle {
            settings: yardstick_core::CycleDraft {
                peers: Some(0),
                ..yardstick_core::CycleDraft::named("断电测试")
            }
            .parse()
            .unwrap(),
            model: ModelChoice::Builtin,
            assessees: AssesseeChoice::Ids(ids.clone()),
        })
        .await
        .unwrap();
    let add = (0..32)
        .flat_map(|r| {
            ids.iter().map(move |a| NewAssignment {
                rater: RaterChoice::External {
                    name: format!("业主-{r}"),
                    phone: None,
                },
                assessee: a.clone(),
                relationship: Relationship::Customer,
            })
        })
        .collect();
    let all = store.add_assignments(cycle.id, add).await.unwrap();
    store
        .transition(cycle.id, CycleState::Open, None)
        .await
        .unwrap();
    store.close().await;
    all.into_iter().map(|a| (a.link, a.assessee)).collect()
}

#[test]
fn a_server_killed_mid_way_keeps_every_acknowledged_response_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("kill.db").display());
    let secret = Secret::generate().unwrap();
    std::fs::write(dir.path().join("kill.db.secret"), secret.to_text()).unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let work = runtime.block_on(prepare(&db, secret.clone()));

    let port = free_port();
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let mut server = serve(&db, port);
    wait_until_listening(addr);

    // 32 clients, one per rater, each submitting its 20 responses one after another.
    let acknowledged: Arc<Mutex<HashMap<(String, String), String>>> = Default::default();
    let answered = Arc::new(AtomicUsize::new(0));
    let down = Arc::new(AtomicBool::new(false));
    let mut by_rater: HashMap<String, Vec<String>> = HashMap::new();
    for (link, assessee) in work {
        by_rater.entry(link).or_default().push(assessee);
    }
    let clients: Vec<_> = by_rater
        .into_iter()
        .enumerate()
        .map(|(c, (link, assessees))| {
            let (acknowledged, answered, down) =
                (acknowledged.clone(), answered.clone(), down.clone());
            std::thread::spawn(move || {
                for (n, assessee) in assessees.into_iter().enumerate() {
                    if down.load(Ordering::Relaxed) {
                        return;
                    }
                    let answers: Vec<String> = (0..79)
                        .map(|i| format!("{}", 1 + (c + n + i) % 5))
                        .collect();
                    let codes = yardstick_formats::builtin_model().unwrap();
                    let body: Vec<String> = codes
                        .items()
                        .iter()
                        .zip(&answers)
                        .map(|(item, v)| format!("\"{}\":{v}", item.code()))
                        .collect();
                    let comment = format!("client {c} response {n}");
                    let json = format!(
                        "{{\"answers\":{{{}}},\"comment\":\"{comment}\",\"submit\":true}}",
                        body.join(",")
                    );
                    match put(addr, &format!("/api/v1{link}/responses/{assessee}"), &json) {
                        Ok(code) if (200..300).contains(&code) => {
                            acknowledged
                                .lock()
                                .unwrap()
                                .insert((link.clone(), assessee), comment);
                            answered.fetch_add(1, Ordering::Relaxed);
                        }
                        Ok(code) => panic!("unexpected status {code}"),
                        Err(_) => return,
                    }
                }
            })
        })
        .collect();

    // Kill the server with SIGKILL once some responses are in, while the rest are in flight.
    while answered.load(Ordering::Relaxed) < 150 {
        std::thread::sleep(Duration::from_millis(5));
    }
    server.kill().unwrap();
    server.wait().unwrap();
    down.store(true, Ordering::Relaxed);
    for c in clients {
        c.join().unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(acknowledged.len() >= 150);
    assert!(
        acknowledged.len() < 640,
        "the server was killed before everything was in"
    );

    // Restart the server (recovering the database), then read what is stored.
    let mut server = serve(&db, port);
    wait_until_listening(addr);
    server.kill().unwrap();
    server.wait().unwrap();
    let stored = runtime.block_on(async {
        let store = SqlStore::open(&db, secret).await.unwrap();
        let cycle = store.cycles().await.unwrap()[0].id;
        let responses = store.cycle_responses(cycle).await.unwrap();
        let assignments = store.assignments(cycle).await.unwrap();
        store.close().await;
        (responses, assignments)
    });
    let (responses, assignments) = stored;
    eprintln!(
        "acknowledged {}, stored {}",
        acknowledged.len(),
        responses.responses.len()
    );
    let submitted: Vec<(String, String)> = assignments
        .iter()
        .filter(|a| a.status == yardstick_store::ResponseStatus::Submitted)
        .map(|a| (a.link.clone(), a.assessee.clone()))
        .collect();
    for key in acknowledged.keys() {
        assert!(
            submitted.contains(key),
            "an acknowledged response is missing: {key:?}"
        );
    }
    let mut comments: Vec<&str> = responses
        .responses
        .iter()
        .map(|r| r.comment.as_str())
        .collect();
    let total = comments.len();
    comments.sort();
    comments.dedup();
    assert_eq!(comments.len(), total, "no response is stored twice");
    for comment in acknowledged.values() {
        assert!(
            comments.contains(&comment.as_str()),
            "{comment} was acknowledged but not stored"
        );
    }
}
