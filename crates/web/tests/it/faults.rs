//! A full disk: SQLite limited to the pages its file has (`PRAGMA max_page_count` on the
//! connection that writes), so that a write needing more fails with `SQLITE_FULL` as on a
//! disk with no space left. The rater's form comes back with every answer and the comment,
//! saying why in the rater's language (503, `Retry-After`), the API says the same in JSON,
//! an HR page says it in words, and nothing is stored; once there is space again, the same
//! submission succeeds.

use serde_json::json;
use yardstick_store::Store;

use crate::common::{TestApp, put, req};
use crate::pages::{html, post};

/// A comment long enough to need pages of its own (about 9 KB).
fn long_comment() -> String {
    "沟通积极,目标清晰,能带动团队按时完成项目。".repeat(140)
}

/// Every item of the built-in model and the answer given to it: a point, N/A every 10th.
fn answered() -> Vec<(String, String)> {
    let model = yardstick_formats::builtin_model().unwrap();
    model
        .items()
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let value = if i % 10 == 3 {
                "na".to_string()
            } else {
                (1 + i % 5).to_string()
            };
            (item.code().to_string(), value)
        })
        .collect()
}

/// Makes the database full: no free pages left in the file (VACUUM), and the writer
/// limited to the pages there are. Returns the limit before, to lift it again.
async fn fill(app: &TestApp) -> u64 {
    sqlx::any::install_default_drivers();
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(&app.url)
        .await
        .unwrap();
    sqlx::raw_sql("VACUUM").execute(&pool).await.unwrap();
    pool.close().await;
    let before = app.store.set_sqlite_max_pages(0).await.unwrap();
    let now = app.store.set_sqlite_max_pages(1).await.unwrap();
    assert!(now < before, "the limit {now} is below {before}");
    before
}

fn retry_after(reply: &crate::common::Reply) -> u64 {
    reply
        .headers
        .get("retry-after")
        .expect("a Retry-After header")
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn a_full_disk_brings_the_form_back_with_every_answer_and_saves_once_there_is_space() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = app.cycle(&hr, true).await;
    let boss = app.rater_token(&hr, id, "B001").await;
    let path = format!("/r/{boss}/M001");
    let answers = answered();
    let comment = long_comment();
    let mut fields: Vec<(&str, &str)> = Vec::new();
    let names: Vec<String> = answers.iter().map(|(c, _)| format!("item-{c}")).collect();
    for (name, (_, value)) in names.iter().zip(&answers) {
        fields.push((name, value));
    }
    fields.extend([("comment", comment.as_str()), ("action", "submit")]);
    let responses = app.rows("responses").await;
    let audit = app.rows("audit_log").await;

    let limit = fill(&app).await;
    for (lang, words) in [
        ("zh", "服务器存储空间已满,无法保存您的答案"),
        ("en", "it has run out of storage space"),
    ] {
        let reply = {
            let token = &boss;
            let csrf = app.rater_csrf(token);
            let mut all = fields.clone();
            all.push(("csrf", &csrf));
            req("POST", &path)
                .header("accept-language", lang)
                .raw(
                    "application/x-www-form-urlencoded",
                    crate::common::urlencoded(&all),
                )
                .send(&app)
                .await
        };
        let page = html(&reply, 503);
        assert!(retry_after(&reply) >= 60);
        assert!(page.contains(words), "{lang}: {page}");
        assert!(page.contains("data-unsaved=\"120\""), "{lang}");
        for (code, value) in &answers {
            assert!(
                page.contains(&format!("name=\"item-{code}\" value=\"{value}\" checked")),
                "{lang}: {code}={value} not checked"
            );
        }
        assert!(page.contains(&comment), "{lang}: the comment");
        // The form is there to press submit again.
        assert!(page.contains("id=\"questionnaire\""));
        assert!(page.contains("value=\"submit\""));
    }

    // The API says the same, in the user's language.
    let body = json!({
        "answers": answers.iter().map(|(c, v)| (c.clone(), v.parse::<i64>().map_or(json!(v), |n| json!(n)))).collect::<serde_json::Map<_, _>>(),
        "comment": comment,
        "submit": true,
    });
    for (lang, words) in [("zh", "服务器存储空间已满"), ("en", "out of storage space")] {
        let reply = put(&boss, "M001", body.clone())
            .header("accept-language", lang)
            .send(&app)
            .await;
        reply.assert(503);
        assert!(retry_after(&reply) >= 60);
        assert!(
            reply.message().contains(words),
            "{lang}: {}",
            reply.message()
        );
    }
    // An HR page (a long privacy notice) says it in words, too; so does the HR API.
    let notice = "外部评价人的答案只用于本次评估,不会给被评价人看到个人的答案。".repeat(60);
    let hr_cookie = format!("yardstick_session={hr}");
    let hr_csrf = app.session_csrf(&hr);
    for (lang, words) in [("zh", "服务器存储空间已满"), ("en", "out of storage space")] {
        let reply = req("POST", &format!("/hr/cycles/{id}/notice"))
            .header("cookie", &hr_cookie)
            .header("accept-language", lang)
            .raw(
                "application/x-www-form-urlencoded",
                crate::common::urlencoded(&[("csrf", &hr_csrf), ("text", &notice)]),
            )
            .send(&app)
            .await;
        reply.assert(503);
        assert!(retry_after(&reply) >= 60);
        let page = String::from_utf8(reply.body.to_vec()).unwrap();
        assert!(
            page.starts_with("<!DOCTYPE html>") || page.contains("<html"),
            "{page}"
        );
        assert!(page.contains(words), "{lang}: {page}");
        let reply = req("PUT", &format!("/api/v1/cycles/{id}/notice"))
            .token(&hr)
            .header("accept-language", lang)
            .json(json!({"text": notice}))
            .send(&app)
            .await;
        reply.assert(503);
        assert!(
            reply.message().contains(words),
            "{lang}: {}",
            reply.message()
        );
    }

    // Nothing was stored.
    assert_eq!(app.rows("responses").await, responses);
    assert_eq!(app.rows("audit_log").await, audit);
    assert!(
        app.store
            .rater_response(&boss, "M001")
            .await
            .unwrap()
            .saved
            .is_none()
    );
    assert_eq!(app.store.notice(id).await.unwrap(), None);

    // Space again: the same submission goes through.
    assert_eq!(app.store.set_sqlite_max_pages(limit).await.unwrap(), limit);
    post(&app, &path, &fields).await.assert(303);
    let saved = app
        .store
        .rater_response(&boss, "M001")
        .await
        .unwrap()
        .saved
        .unwrap();
    assert_eq!(saved.status, yardstick_store::ResponseStatus::Submitted);
    assert_eq!(saved.comment, comment);
    assert_eq!(saved.answers.len(), answers.len());
    put(&boss, "M001", body).send(&app).await.assert(200);
    app.finish().await;
}
