//! Reminders by e-mail, against a small SMTP server on localhost that the test starts: it
//! speaks EHLO, MAIL, RCPT, DATA, RSET, NOOP and QUIT, refuses one address if told to, and
//! keeps every message it takes.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use serde_json::json;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use yardstick_formats::people::read_people;
use yardstick_store::{ReminderOutcome, Store};
use yardstick_web::{Smtp, SmtpTls};

use super::{get, post, text};
use crate::common::{TestApp, all, put, req};

/// A message the server took.
#[derive(Clone, Debug)]
struct Mail {
    to: Vec<String>,
    data: String,
}

impl Mail {
    /// The decoded subject (RFC 2047 encoded words joined).
    fn subject(&self) -> String {
        let head = &self.data[..self.data.find("\r\n\r\n").unwrap()];
        let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
        let line = unfolded
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("subject:"))
            .unwrap()[8..]
            .trim()
            .to_string();
        let mut out = String::new();
        for word in line.split_whitespace() {
            let lower = word.to_ascii_lowercase();
            if lower.starts_with("=?utf-8?b?") && word.ends_with("?=") {
                let b = &word[10..word.len() - 2];
                out.push_str(
                    &String::from_utf8(
                        base64::engine::general_purpose::STANDARD.decode(b).unwrap(),
                    )
                    .unwrap(),
                );
            } else {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(word);
            }
        }
        out
    }

    /// The decoded body (base64).
    fn body(&self) -> String {
        let at = self.data.find("\r\n\r\n").unwrap();
        let head = self.data[..at].to_ascii_lowercase();
        assert!(head.contains("content-transfer-encoding: base64"), "{head}");
        let b: String = self.data[at + 4..].split_whitespace().collect();
        String::from_utf8(base64::engine::general_purpose::STANDARD.decode(b).unwrap()).unwrap()
    }
}

/// Starts the server; its port and what it received.
async fn smtp_server(refuse: Option<&'static str>) -> (u16, Arc<Mutex<Vec<Mail>>>) {
    smtp_server_with(refuse, Duration::ZERO).await
}

/// Starts the server, which takes `delay` to accept each message; its port and what it
/// received.
async fn smtp_server_with(
    refuse: Option<&'static str>,
    delay: Duration,
) -> (u16, Arc<Mutex<Vec<Mail>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let mails = Arc::new(Mutex::new(Vec::new()));
    let kept = mails.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let kept = kept.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read);
                let _ = write.write_all(b"220 test ESMTP\r\n").await;
                let mut to = Vec::new();
                let mut line = String::new();
                loop {
                    line.clear();
                    if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
                        break;
                    }
                    let command = line.trim_end().to_string();
                    let upper = command.to_ascii_uppercase();
                    let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                        b"250-test\r\n250 8BITMIME\r\n"
                    } else if upper.starts_with("MAIL FROM:") {
                        to.clear();
                        b"250 OK\r\n"
                    } else if upper.starts_with("RCPT TO:") {
                        let address = command[8..].trim().trim_matches(['<', '>']).to_string();
                        if Some(address.as_str()) == refuse {
                            b"550 no such mailbox\r\n"
                        } else {
                            to.push(address);
                            b"250 OK\r\n"
                        }
                    } else if upper == "DATA" {
                        let _ = write.write_all(b"354 go ahead\r\n").await;
                        let mut data = String::new();
                        loop {
                            line.clear();
                            if lines.read_line(&mut line).await.unwrap_or(0) == 0 || line == ".\r\n"
                            {
                                break;
                            }
                            data.push_str(&line);
                        }
                        tokio::time::sleep(delay).await;
                        kept.lock().unwrap().push(Mail {
                            to: std::mem::take(&mut to),
                            data,
                        });
                        b"250 OK queued\r\n"
                    } else if upper == "QUIT" {
                        let _ = write.write_all(b"221 bye\r\n").await;
                        break;
                    } else {
                        b"250 OK\r\n"
                    };
                    if write.write_all(reply).await.is_err() {
                        break;
                    }
                }
            });
        }
    });
    (port, mails)
}

/// The company with e-mail addresses (李四 and 孙七 have none).
const WITH_EMAIL: &str = "id,name,department,title,superior,email\n\
    B001,赵总,总部,总经理,,zhao@example.com\n\
    M001,张三,A区,项目经理,B001,zhang@example.com\n\
    M002,李四,B区,项目经理,B001,\n\
    M003,王五,C区,项目经理,B001,wang@example.com\n\
    S001,钱六,A区,主管,M001,qian@example.com\n\
    S002,孙七,A区,主管,M001,\n";

/// The company, an open cycle where 钱六 has submitted, an outside rater, and the app
/// sending mail through the test's server on `port`.
async fn world(port: u16) -> (TestApp, String, i64) {
    world_with(local_smtp(port)).await
}

async fn world_with(smtp: Smtp) -> (TestApp, String, i64) {
    world_on(TestApp::new().await, smtp).await
}

/// The world of [`world`] on `app`, which has the company of `PEOPLE_CSV`.
async fn world_on(mut app: TestApp, smtp: Smtp) -> (TestApp, String, i64) {
    app.store
        .import_people(read_people(WITH_EMAIL.as_bytes()).unwrap())
        .await
        .unwrap();
    app.app = yardstick_web::app(
        app.store.clone(),
        yardstick_web::Config::new(app.secret.clone()).with_smtp(smtp),
    );
    let hr = app.hr().await;
    let id = app.cycle(&hr, true).await;
    req("POST", &format!("/api/v1/cycles/{id}/assignments"))
        .token(&hr)
        .json(json!({"add": [{"rater": {"name": "业主-3栋1202"}, "assessee": "M001", "relationship": "customer"}]}))
        .send(&app)
        .await
        .assert(200);
    let s001 = app.rater_token(&hr, id, "S001").await;
    put(&s001, "M001", json!({"answers": all(5), "submit": true}))
        .send(&app)
        .await
        .assert(200);
    (app, hr, id)
}

#[tokio::test]
async fn reminders_go_to_every_rater_not_done_with_an_address_with_their_link() {
    let (port, mails) = smtp_server(None).await;
    let (app, hr, id) = world(port).await;
    let page = text(&get(&app, &hr, &format!("/hr/cycles/{id}/progress")).await);
    assert!(page.contains("给 3 位评价人发送提醒邮件"), "{page}");
    assert!(page.contains("3 位没有电子邮箱"), "{page}");
    assert!(page.contains(&format!("href=\"/hr/cycles/{id}/qr\"")));

    let sent = post(
        &app,
        &hr,
        &format!("/hr/cycles/{id}/progress/remind"),
        &[("language", "zh")],
        None,
    )
    .await;
    sent.assert(303);
    let mails = mails.lock().unwrap().clone();
    let mut to: Vec<String> = mails.iter().flat_map(|m| m.to.clone()).collect();
    to.sort();
    assert_eq!(
        to,
        ["wang@example.com", "zhang@example.com", "zhao@example.com"]
    );
    let boss = app.rater_token(&hr, id, "B001").await;
    let to_boss = mails.iter().find(|m| m.to == ["zhao@example.com"]).unwrap();
    assert_eq!(to_boss.subject(), "提醒:请完成“2026年度360评估”的评价");
    let body = to_boss.body();
    assert!(
        body.contains(&format!("http://360.test:8080/r/{boss}")),
        "{body}"
    );
    assert!(body.contains("赵总,您好"), "{body}");
    assert!(body.contains("张三(上级)"), "{body}");
    assert!(to_boss.data.contains("hr@example.com"));

    let records = app.store.reminders(id).await.unwrap();
    assert_eq!(records.len(), 3);
    assert!(
        records
            .iter()
            .all(|r| r.outcome == ReminderOutcome::Sent && r.by.as_deref() == Some("hr"))
    );
    // Each sending is in the audit log, by whoever sent it.
    let audit = app.store.audit(id).await.unwrap();
    let reminded: Vec<_> = audit
        .iter()
        .filter(|l| l.action == "reminders.send")
        .collect();
    assert_eq!(reminded.len(), 3, "{audit:?}");
    assert!(
        reminded.iter().all(|l| l.user.as_deref() == Some("hr")
            && l.subject.as_deref() == Some("sent 1 · failed 0"))
    );
    let location = sent.headers["location"].to_str().unwrap().to_string();
    assert!(
        location.contains("reminded=3&failed=0&skipped=3"),
        "{location}"
    );
    let page = text(&get(&app, &hr, &location).await);
    assert!(page.contains("发出 3 封"), "{page}");
    assert!(page.contains("已提醒 1 次,最近 "), "{page}");

    // In English, through the API.
    let api = req(
        "POST",
        &format!("/api/v1/cycles/{id}/reminders?language=en"),
    )
    .token(&hr)
    .header("host", "360.test:8080")
    .send(&app)
    .await;
    api.assert(200);
    let answer = api.json();
    assert_eq!(answer["sent"], 3);
    assert_eq!(answer["failed"], 0);
    assert_eq!(answer["reminders"].as_array().unwrap().len(), 3);
    assert!(
        answer["reminders"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["outcome"] == "sent")
    );
    let unreachable: Vec<&str> = answer["without_email"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rater_name"].as_str().unwrap())
        .collect();
    assert_eq!(unreachable.len(), 3);
    assert!(unreachable.contains(&"业主-3栋1202") && unreachable.contains(&"李四"));
    assert_eq!(app.store.reminders(id).await.unwrap().len(), 6);
    let page = text(&get(&app, &hr, &format!("/hr/cycles/{id}/progress")).await);
    assert!(page.contains("已提醒 2 次"), "{page}");
}

#[tokio::test]
async fn a_refused_address_is_recorded_as_failed_with_the_servers_words() {
    let (port, mails) = smtp_server(Some("wang@example.com")).await;
    let (app, hr, id) = world(port).await;
    let api = req(
        "POST",
        &format!("/api/v1/cycles/{id}/reminders?language=en"),
    )
    .token(&hr)
    .send(&app)
    .await;
    api.assert(200);
    let answer = api.json();
    assert_eq!(
        (answer["sent"].as_u64(), answer["failed"].as_u64()),
        (Some(2), Some(1))
    );
    let failed = answer["reminders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["outcome"] == "failed")
        .unwrap()
        .clone();
    assert_eq!(failed["email"], "wang@example.com");
    assert!(
        failed["error"]
            .as_str()
            .unwrap()
            .contains("no such mailbox"),
        "{failed}"
    );
    let english = mails.lock().unwrap().clone();
    assert_eq!(english.len(), 2);
    assert!(
        english[0].subject().starts_with("Reminder: please finish"),
        "{}",
        english[0].subject()
    );
    assert!(english[0].body().contains("/r/"));
    let record = app.store.reminders(id).await.unwrap();
    assert!(
        record
            .iter()
            .any(|r| matches!(&r.outcome, ReminderOutcome::Failed(e) if e.contains("550")))
    );
    let page = text(&get(&app, &hr, &format!("/hr/cycles/{id}/progress")).await);
    assert!(page.contains("最近一次没有发出"), "{page}");

    // A closed cycle takes no reminders.
    req("POST", &format!("/api/v1/cycles/{id}/close"))
        .token(&hr)
        .send(&app)
        .await
        .assert(200);
    let refused = req("POST", &format!("/api/v1/cycles/{id}/reminders"))
        .token(&hr)
        .send(&app)
        .await;
    refused.assert(409);
    assert!(refused.message().contains("进行中"));
    req(
        "POST",
        &format!("/api/v1/cycles/{id}/reminders?language=xx"),
    )
    .token(&hr)
    .send(&app)
    .await
    .assert(422);
}

#[tokio::test]
async fn a_mail_server_that_never_answers_does_not_hold_the_request() {
    // Accepts connections and says nothing.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let smtp = Smtp::new(
        "127.0.0.1",
        Some(port),
        "hr@example.com",
        SmtpTls::None,
        None,
    )
    .unwrap()
    .with_timeouts(
        std::time::Duration::from_millis(300),
        std::time::Duration::from_millis(600),
    )
    .unwrap();
    let (app, hr, id) = world_with(smtp).await;
    let started = std::time::Instant::now();
    let api = req("POST", &format!("/api/v1/cycles/{id}/reminders"))
        .token(&hr)
        .send(&app)
        .await;
    api.assert(200);
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    let answer = api.json();
    assert_eq!(
        (answer["sent"].as_u64(), answer["failed"].as_u64()),
        (Some(0), Some(3))
    );
    let records = app.store.reminders(id).await.unwrap();
    assert_eq!(records.len(), 3);
    assert!(
        records
            .iter()
            .all(|r| matches!(r.outcome, ReminderOutcome::Failed(_)))
    );
}

#[tokio::test]
async fn tls_and_starttls_refuse_a_server_that_offers_neither_and_say_so() {
    for tls in [SmtpTls::Tls, SmtpTls::Starttls] {
        let (port, mails) = smtp_server(None).await;
        let smtp = Smtp::new("localhost", Some(port), "hr@example.com", tls, None)
            .unwrap()
            .with_timeouts(
                std::time::Duration::from_secs(2),
                std::time::Duration::from_secs(3),
            )
            .unwrap();
        let (app, hr, id) = world_with(smtp).await;
        let answer = req("POST", &format!("/api/v1/cycles/{id}/reminders"))
            .token(&hr)
            .send(&app)
            .await
            .assert(200)
            .json();
        assert_eq!(answer["sent"], 0, "{tls:?}: {answer}");
        assert_eq!(answer["failed"], 3, "{tls:?}: {answer}");
        assert!(
            mails.lock().unwrap().is_empty(),
            "{tls:?}: nothing in plain text"
        );
    }
}

/// The SMTP server of the test on `port`, as the application's configuration names it.
fn local_smtp(port: u16) -> Smtp {
    Smtp::new(
        "127.0.0.1",
        Some(port),
        "人力资源部 <hr@example.com>",
        SmtpTls::None,
        None,
    )
    .unwrap()
}

/// Reminders asked for on `first` and, while they are being sent, on `second` (the same
/// server, or another on the same database): each rater is mailed once, the second request
/// is told why nothing was sent, and once the first run is done a new one may start.
async fn asked_twice_at_once_mails_once(
    first: &TestApp,
    second: &TestApp,
    hr: &str,
    id: i64,
    mails: &Arc<Mutex<Vec<Mail>>>,
) {
    let path = format!("/api/v1/cycles/{id}/reminders");
    let (one, two) = tokio::join!(req("POST", &path).token(hr).send(first), async {
        // The first run is sending its first mail (each takes the SMTP server 400 ms).
        tokio::time::sleep(Duration::from_millis(150)).await;
        req("POST", &path).token(hr).send(second).await
    });
    one.assert(200);
    assert_eq!(one.json()["sent"], 3);
    two.assert(409);
    let message = two.json()["errors"][0]["message"].to_string();
    assert!(message.contains("正在发送"), "{message}");
    assert_eq!(mails.lock().unwrap().len(), 3, "each rater mailed once");
    assert_eq!(first.store.reminders(id).await.unwrap().len(), 3);
    // Done: the next run sends again.
    let again = req("POST", &format!("{path}?language=en"))
        .token(hr)
        .send(second)
        .await;
    again.assert(200);
    assert_eq!(mails.lock().unwrap().len(), 6);
}

#[tokio::test]
async fn reminders_asked_twice_at_once_mail_each_rater_once() {
    let (port, mails) = smtp_server_with(None, Duration::from_millis(400)).await;
    let (app, hr, id) = world(port).await;
    asked_twice_at_once_mails_once(&app, &app, &hr, id, &mails).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reminders_asked_on_two_servers_at_once_mail_each_rater_once_on_postgresql() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    app.store
        .import_people(read_people(crate::common::PEOPLE_CSV.as_bytes()).unwrap())
        .await
        .unwrap();
    let (port, mails) = smtp_server_with(None, Duration::from_millis(400)).await;
    let (app, hr, id) = world_on(app, local_smtp(port)).await;
    let second = app
        .another_server(yardstick_web::Config::new(app.secret.clone()).with_smtp(local_smtp(port)))
        .await;
    asked_twice_at_once_mails_once(&app, &second, &hr, id, &mails).await;
    second.finish().await;
    app.finish().await;
}
