//! Two `yardstick serve` on one PostgreSQL (SPEC §7: the servers keep no state of their own,
//! so any number of them can share one database). Raters spread over both lose and double
//! nothing; a session made on one is good on the other, and ended on either; opening,
//! closing and publishing on one are seen by the other at once; failed logins are counted
//! for both together. Runs on a fresh database of the server `YARDSTICK_TEST_PG_URL` names,
//! dropped at the end; without that variable it says it skipped.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use yardstick_core::choice::{Choice, Given};
use yardstick_core::{CycleDraft, Relationship};
use yardstick_store::{
    AssesseeChoice, ModelChoice, NewAssignment, NewCycle, RaterChoice, ResponseStatus, Role,
    Secret, SqlStore, Store,
};

use crate::{block_on, codes, command_in};

/// A fresh PostgreSQL database of the server `YARDSTICK_TEST_PG_URL` names, dropped at the
/// end; `None`, said on standard error, without that variable.
struct Pg {
    url: String,
    admin: String,
    name: String,
}

impl Pg {
    fn create() -> Option<Pg> {
        let Ok(admin) = std::env::var("YARDSTICK_TEST_PG_URL") else {
            eprintln!(
                "skipped: YARDSTICK_TEST_PG_URL is not set, so the two servers on one \
                 PostgreSQL did not run"
            );
            return None;
        };
        let name = format!(
            "yardstick_servers_{}",
            yardstick_store::secret::random_token(9)
                .unwrap()
                .to_lowercase()
                .replace(['-', '_'], "x")
        );
        admin_sql(&admin, &format!("CREATE DATABASE {name}")).expect("the test database is made");
        let (base, _) = admin.rsplit_once('/').unwrap();
        Some(Pg {
            url: format!("{base}/{name}"),
            admin,
            name,
        })
    }
}

impl Drop for Pg {
    /// Drops the database, as well as the server lets it: a failure is said, not a panic
    /// during a panic (the store's harness does the same).
    fn drop(&mut self) {
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        if let Err(e) = admin_sql(&self.admin, &sql) {
            eprintln!("the test database {} was not dropped: {e}", self.name);
        }
    }
}

fn admin_sql(url: &str, sql: &str) -> Result<(), sqlx::Error> {
    block_on(async {
        sqlx::any::install_default_drivers();
        let pool = sqlx::any::AnyPoolOptions::new()
            .max_connections(1)
            .connect(url)
            .await?;
        let done = sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
            .execute(&pool)
            .await;
        pool.close().await;
        done.map(|_| ())
    })
}

/// A `yardstick serve` of the test, killed when dropped.
struct Server {
    child: Child,
    /// `127.0.0.1:port`.
    addr: String,
}

impl Server {
    /// Starts `yardstick serve` on `db` with `secret` (as `YARDSTICK_SECRET`), on a free port.
    fn start(dir: &std::path::Path, db: &str, secret: &Secret) -> Server {
        let mut child = command_in(dir, &["serve", "--db", db, "--bind", "127.0.0.1:0"])
            .env("YARDSTICK_SECRET", secret.to_text())
            .env("RUST_LOG", "warn")
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
        let line = lines
            .recv_timeout(Duration::from_secs(60))
            .expect("the server says where it listens");
        let url = crate::serve::url_in(&line);
        Server {
            child,
            addr: url.trim_start_matches("http://").to_string(),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An answer over HTTP/1.1.
#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    /// The value of `name=` in the `Set-Cookie` headers.
    fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .filter(|(h, _)| h == "set-cookie")
            .filter_map(|(_, v)| {
                v.split(';')
                    .next()?
                    .trim()
                    .strip_prefix(name)?
                    .strip_prefix('=')
                    .map(str::to_string)
            })
            .find(|v| !v.is_empty())
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(h, _)| h == name)
            .map(|(_, v)| v.as_str())
    }

    /// The value of the hidden field `csrf` on the page.
    fn csrf(&self) -> String {
        let at = self
            .body
            .find("name=\"csrf\" value=\"")
            .unwrap_or_else(|| panic!("no CSRF field in {}", self.body));
        let rest = &self.body[at + "name=\"csrf\" value=\"".len()..];
        rest[..rest.find('"').unwrap()].to_string()
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// `method path` on `addr` with `headers` and a body of `(content type, text)`, over a fresh
/// connection.
fn http(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<(&str, &str)>,
) -> Reply {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head += &format!("{name}: {value}\r\n");
    }
    let text = match body {
        Some((kind, text)) => {
            head += &format!("Content-Type: {kind}\r\nContent-Length: {}\r\n", text.len());
            text
        }
        None => "",
    };
    head += "\r\n";
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(text.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"))
    {
        body = dechunked(&body);
    }
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

/// A chunked body put together.
fn dechunked(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let end = raw.windows(2).position(|w| w == b"\r\n").unwrap();
        let size = usize::from_str_radix(
            std::str::from_utf8(&raw[..end])
                .unwrap()
                .split(';')
                .next()
                .unwrap()
                .trim(),
            16,
        )
        .unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&raw[end + 2..end + 2 + size]);
        raw = &raw[end + 4 + size..];
    }
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

/// The answers a rater gives: every item a point of the scale, one in 17 N/A, all set by
/// `seed`.
fn answers(seed: usize) -> Vec<Given> {
    (0..codes().len())
        .map(|i| {
            if (i + seed).is_multiple_of(17) {
                Some(Choice::Na)
            } else {
                Some(Choice::Point(i32::try_from(1 + (seed + i) % 5).unwrap()))
            }
        })
        .collect()
}

/// The body of `PUT /api/v1/r/{token}/responses/{assessee}`.
fn response_json(answers: &[Given], comment: &str, submit: bool) -> String {
    let items: serde_json::Map<String, serde_json::Value> = codes()
        .into_iter()
        .zip(answers)
        .map(|(code, given)| {
            let value = match given {
                Some(Choice::Point(p)) => serde_json::json!(p),
                Some(Choice::Na) | None => serde_json::json!("na"),
            };
            (code, value)
        })
        .collect();
    serde_json::json!({"answers": items, "comment": comment, "submit": submit}).to_string()
}

/// Each acknowledged submission: `(link, assessee)` → the answers and the comment sent.
type Acknowledged = HashMap<(String, String), (Vec<Given>, String)>;

const ASSESSEES: usize = 6;
const RATERS: usize = 16;
const HR_PASSWORD: &str = "password-of-hr";

/// People, an HR user and an employee, a cycle of `ASSESSEES` assessees with `RATERS`
/// outside raters each, and one more rater kept for the close: the cycle's id and every
/// assignment's `(link, assessee)`, the kept one last.
async fn prepare(db: &str, secret: Secret) -> (i64, Vec<(String, String)>) {
    let store = SqlStore::open(db, secret).await.unwrap();
    let mut people = String::from("id,name,department,title,superior\n");
    for a in 0..ASSESSEES {
        people += &format!("A{a},主管{a},锦绣华庭管理处,主管,\n");
    }
    store
        .import_people(yardstick_formats::people::read_people(people.as_bytes()).unwrap())
        .await
        .unwrap();
    store
        .add_user("hr", HR_PASSWORD, Role::Hr, None)
        .await
        .unwrap();
    store
        .add_user("a0", "password-of-a0", Role::Employee, Some("A0"))
        .await
        .unwrap();
    let ids: Vec<String> = (0..ASSESSEES).map(|a| format!("A{a}")).collect();
    let cycle = store
        .create_cycle(NewCycle {
            settings: CycleDraft {
                peers: Some(0),
                ..CycleDraft::named("两台服务器")
            }
            .parse()
            .unwrap(),
            model: ModelChoice::Builtin,
            assessees: AssesseeChoice::Ids(ids.clone()),
        })
        .await
        .unwrap();
    let mut add: Vec<NewAssignment> = (0..RATERS)
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
    add.push(NewAssignment {
        rater: RaterChoice::External {
            name: "迟到的业主".into(),
            phone: None,
        },
        assessee: "A0".into(),
        relationship: Relationship::Customer,
    });
    let all = store.add_assignments(cycle.id, add).await.unwrap();
    store.close().await;
    let mut work: Vec<(String, String)> = all
        .iter()
        .filter(|a| a.rater.name != "迟到的业主")
        .map(|a| (a.link.clone(), a.assessee.clone()))
        .collect();
    let late = all.iter().find(|a| a.rater.name == "迟到的业主").unwrap();
    work.push((late.link.clone(), late.assessee.clone()));
    (cycle.id, work)
}

/// Logs in over the API on `addr`: the status and the token, if one.
fn api_login(addr: &str, password: &str) -> (u16, Option<String>) {
    let body = serde_json::json!({"username": "hr", "password": password}).to_string();
    let r = http(
        addr,
        "POST",
        "/api/v1/session",
        &[],
        Some(("application/json", &body)),
    );
    let token = (r.status == 200).then(|| r.json()["token"].as_str().unwrap().to_string());
    (r.status, token)
}

#[test]
fn two_servers_on_one_postgresql_share_responses_sessions_states_and_throttling() {
    let Some(pg) = Pg::create() else {
        return;
    };
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let secret = Secret::generate().unwrap();
    // Both start together on the new database: one migrates it, neither fails.
    let (one, two) = std::thread::scope(|s| {
        let a = s.spawn(|| Server::start(dir.path(), &pg.url, &secret));
        let b = s.spawn(|| Server::start(dir.path(), &pg.url, &secret));
        (a.join().unwrap(), b.join().unwrap())
    });
    let servers = [one.addr.clone(), two.addr.clone()];
    let (s1, s2) = (servers[0].as_str(), servers[1].as_str());
    for addr in &servers {
        let health = http(addr, "GET", "/api/v1/health", &[], None);
        assert_eq!(health.status, 200, "{addr}: {health:?}");
    }
    let (cycle, mut work) = block_on(prepare(&pg.url, secret.clone()));
    let (late_link, late_assessee) = work.pop().unwrap();

    // --- A session made on one server is good on the other, and ended on either. ---
    let (status, token) = api_login(s1, HR_PASSWORD);
    assert_eq!(status, 200);
    let token = token.unwrap();
    let auth = bearer(&token);
    let me = http(s2, "GET", "/api/v1/me", &[("Authorization", &auth)], None);
    assert_eq!(me.status, 200, "{me:?}");
    assert_eq!(me.json()["username"], "hr");

    // The login form of server 1, posted to server 2 (its CSRF token derives from the shared
    // secret); the session cookie it sets opens the console on server 1.
    let form = http(s1, "GET", "/login", &[], None);
    assert_eq!(form.status, 200);
    let nonce = form.cookie("yardstick_login").expect("the login cookie");
    let fields = format!("username=hr&password={HR_PASSWORD}&csrf={}", form.csrf());
    let login_cookie = format!("yardstick_login={nonce}");
    let signed_in = http(
        s2,
        "POST",
        "/login",
        &[("Cookie", &login_cookie)],
        Some(("application/x-www-form-urlencoded", &fields)),
    );
    assert_eq!(signed_in.status, 303, "{signed_in:?}");
    let session = signed_in
        .cookie("yardstick_session")
        .expect("the session cookie");
    let cookie = format!("yardstick_session={session}");
    let console = http(s1, "GET", "/hr/", &[("Cookie", &cookie)], None);
    assert_eq!(console.status, 200, "{console:?}");
    // Logging out on server 2 with the form of server 1 ends the session on server 1.
    let fields = format!("csrf={}", console.csrf());
    let out = http(
        s2,
        "POST",
        "/logout",
        &[("Cookie", &cookie)],
        Some(("application/x-www-form-urlencoded", &fields)),
    );
    assert_eq!(out.status, 303, "{out:?}");
    let after = http(s1, "GET", "/hr/", &[("Cookie", &cookie)], None);
    assert_eq!(after.status, 303, "signed out on server 1 too: {after:?}");
    assert!(after.header("location").unwrap().starts_with("/login"));
    // And the API's token: ended on server 2, refused on server 1.
    let (_, other) = api_login(s2, HR_PASSWORD);
    let other = bearer(&other.unwrap());
    assert_eq!(
        http(s1, "GET", "/api/v1/me", &[("Authorization", &other)], None).status,
        200
    );
    assert_eq!(
        http(
            s2,
            "DELETE",
            "/api/v1/session",
            &[("Authorization", &other)],
            None
        )
        .status,
        204
    );
    assert_eq!(
        http(s1, "GET", "/api/v1/me", &[("Authorization", &other)], None).status,
        401
    );

    // --- Opened on server 1: server 2 takes answers at once. ---
    let late_path = format!("/api/v1{late_link}/responses/{late_assessee}");
    let draft = response_json(&answers(0), "草稿", false);
    let json = Some(("application/json", draft.as_str()));
    assert_eq!(
        http(s2, "PUT", &late_path, &[], json).status,
        409,
        "not open yet"
    );
    let opened = http(
        s1,
        "POST",
        &format!("/api/v1/cycles/{cycle}/open"),
        &[("Authorization", &auth)],
        None,
    );
    assert_eq!(opened.status, 200, "{opened:?}");
    let saved = http(s2, "PUT", &late_path, &[], json);
    assert_eq!(saved.status, 200, "open on server 2 at once: {saved:?}");
    assert_eq!(saved.json()["status"], "draft");
    // The questionnaire of server 1 posted to server 2: its rater CSRF token is good there.
    let page = format!("{late_link}/{late_assessee}");
    let questionnaire = http(s1, "GET", &page, &[], None);
    assert_eq!(questionnaire.status, 200);
    let fields = format!(
        "item-{}=4&comment=&action=draft&csrf={}",
        codes()[0],
        questionnaire.csrf()
    );
    let posted = http(
        s2,
        "POST",
        &page,
        &[],
        Some(("application/x-www-form-urlencoded", &fields)),
    );
    assert_eq!(posted.status, 303, "{posted:?}");

    // --- Many raters at once, each alternating servers: a draft, then the submission, on
    // the other server; every third submits again on the first, and every fifth response is
    // submitted on both servers at the same moment. ---
    let mut by_rater: HashMap<String, Vec<String>> = HashMap::new();
    for (link, assessee) in work {
        by_rater.entry(link).or_default().push(assessee);
    }
    let acknowledged: Arc<Mutex<Acknowledged>> = Arc::default();
    let raters: Vec<_> = by_rater
        .into_iter()
        .enumerate()
        .map(|(r, (link, assessees))| {
            let acknowledged = acknowledged.clone();
            let servers = servers.clone();
            std::thread::spawn(move || {
                for (n, assessee) in assessees.into_iter().enumerate() {
                    let path = format!("/api/v1{link}/responses/{assessee}");
                    let (first, second) = (&servers[(r + n) % 2], &servers[(r + n + 1) % 2]);
                    let draft = response_json(&answers(r + n + 1), "先存草稿", false);
                    let reply = http(first, "PUT", &path, &[], Some(("application/json", &draft)));
                    assert_eq!(reply.status, 200, "{reply:?}");
                    assert_eq!(reply.json()["status"], "draft");
                    let given = answers(7 * r + n);
                    let comment = format!("业主{r}对{assessee}的评价");
                    let submit = response_json(&given, &comment, true);
                    let submit = Some(("application/json", submit.as_str()));
                    let both = (r * 7 + n).is_multiple_of(5);
                    let statuses: Vec<u16> = if both {
                        std::thread::scope(|s| {
                            let a = s.spawn(|| http(first, "PUT", &path, &[], submit).status);
                            let b = s.spawn(|| http(second, "PUT", &path, &[], submit).status);
                            vec![a.join().unwrap(), b.join().unwrap()]
                        })
                    } else {
                        vec![http(second, "PUT", &path, &[], submit).status]
                    };
                    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
                    if n.is_multiple_of(3) {
                        // The same submission again, on the other server: harmless.
                        assert_eq!(http(first, "PUT", &path, &[], submit).status, 200);
                    }
                    acknowledged
                        .lock()
                        .unwrap()
                        .insert((link.clone(), assessee), (given, comment));
                }
            })
        })
        .collect();
    for r in raters {
        r.join().unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert_eq!(acknowledged.len(), ASSESSEES * RATERS);

    // --- Closed on server 2: server 1 refuses a save at once. ---
    let closed = http(
        s2,
        "POST",
        &format!("/api/v1/cycles/{cycle}/close"),
        &[("Authorization", &auth)],
        None,
    );
    assert_eq!(closed.status, 200, "{closed:?}");
    let refused = http(
        s1,
        "PUT",
        &late_path,
        &[],
        Some((
            "application/json",
            &response_json(&answers(1), "晚了", true),
        )),
    );
    assert_eq!(
        refused.status, 409,
        "closed on server 1 at once: {refused:?}"
    );

    // In the database: every acknowledged response once, as submitted, and nothing else
    // (the late rater's draft stays a draft, unscored).
    block_on(async {
        let store = SqlStore::open(&pg.url, secret.clone()).await.unwrap();
        let data = store.cycle_responses(cycle).await.unwrap();
        assert_eq!(
            data.responses.len(),
            acknowledged.len(),
            "nothing lost, nothing added"
        );
        let mut comments: Vec<&str> = data.responses.iter().map(|r| r.comment.as_str()).collect();
        comments.sort_unstable();
        comments.dedup();
        assert_eq!(comments.len(), acknowledged.len(), "each response once");
        for ((link, assessee), (given, comment)) in &acknowledged {
            let token = link.trim_start_matches("/r/");
            let saved = store
                .rater_response(token, assessee)
                .await
                .unwrap()
                .saved
                .expect("the response is stored");
            assert_eq!(saved.status, ResponseStatus::Submitted);
            assert_eq!(&saved.comment, comment);
            assert_eq!(&saved.answers, given, "{link} {assessee}");
        }
        let late = store
            .rater_response(late_link.trim_start_matches("/r/"), &late_assessee)
            .await
            .unwrap()
            .saved
            .unwrap();
        assert_eq!(late.status, ResponseStatus::Draft);
        let pool = sqlx::any::AnyPoolOptions::new()
            .max_connections(1)
            .connect(&pg.url)
            .await
            .unwrap();
        let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM responses")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(usize::try_from(rows).unwrap(), acknowledged.len() + 1);
        pool.close().await;
        store.close().await;
    });

    // --- Published on server 1: both serve the report, to HR and to the assessee. ---
    let body = serde_json::json!({"username": "a0", "password": "password-of-a0"}).to_string();
    let r = http(
        s2,
        "POST",
        "/api/v1/session",
        &[],
        Some(("application/json", &body)),
    );
    assert_eq!(r.status, 200);
    let employee = bearer(r.json()["token"].as_str().unwrap());
    let report = format!("/api/v1/cycles/{cycle}/reports/A0");
    assert_eq!(
        http(s2, "GET", &report, &[("Authorization", &employee)], None).status,
        409,
        "not published yet"
    );
    // HR on both servers publishes at the same moment: both are told it is published, and
    // it is published once.
    let publish = format!("/api/v1/cycles/{cycle}/publish");
    let published: Vec<Reply> = std::thread::scope(|s| {
        let asked: Vec<_> = servers
            .iter()
            .map(|addr| s.spawn(|| http(addr, "POST", &publish, &[("Authorization", &auth)], None)))
            .collect();
        asked.into_iter().map(|a| a.join().unwrap()).collect()
    });
    for p in &published {
        assert_eq!(p.status, 200, "{p:?}");
        assert_eq!(p.json()["state"], "published");
    }
    let audit = http(
        s2,
        "GET",
        &format!("/api/v1/cycles/{cycle}/audit"),
        &[("Authorization", &auth)],
        None,
    );
    assert_eq!(audit.status, 200, "{audit:?}");
    let audit = audit.json();
    let steps: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .filter(|a| a.starts_with("cycle."))
        .collect();
    assert_eq!(
        steps,
        [
            "cycle.create",
            "cycle.open",
            "cycle.closed",
            "cycle.published"
        ]
    );
    let mut reports = Vec::new();
    for addr in servers.iter() {
        for who in [&auth, &employee] {
            let r = http(addr, "GET", &report, &[("Authorization", who)], None);
            assert_eq!(r.status, 200, "{addr}: {r:?}");
            reports.push(r.json());
        }
        let mine = http(
            addr,
            "GET",
            "/api/v1/me/reports",
            &[("Authorization", &employee)],
            None,
        );
        assert_eq!(mine.status, 200);
        assert_eq!(mine.json().as_array().unwrap().len(), 1, "{}", mine.body);
    }
    assert_eq!(reports[0], reports[2], "the same report from both servers");
    assert_eq!(reports[1], reports[3]);

    // --- Ten failed logins split between the servers: the right password is refused on
    // either. ---
    for attempt in 0..10 {
        let (status, _) = api_login(&servers[attempt % 2], "not-the-password");
        assert_eq!(status, 401, "attempt {attempt}");
    }
    for addr in servers.iter() {
        let body = serde_json::json!({"username": "hr", "password": HR_PASSWORD}).to_string();
        let r = http(
            addr,
            "POST",
            "/api/v1/session",
            &[],
            Some(("application/json", &body)),
        );
        assert_eq!(r.status, 429, "{addr}: {r:?}");
        assert!(r.header("retry-after").is_some());
    }

    drop((one, two));
    eprintln!(
        "two servers, {} responses: {:.1} s",
        acknowledged.len(),
        started.elapsed().as_secs_f64()
    );
}
