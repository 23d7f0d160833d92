//! Saving through the questionnaire's form: the same checks and the same stored answers as
//! the JSON API, the form back with its problems, read-only submitted responses.

use serde_json::{Value, json};
use yardstick_core::{Choice, Given};
use yardstick_store::Store;

use super::{codes, form, html, post};
use crate::common::{TestApp, model_toml, put, req};

/// The answer the tests give the i-th item: "na" for every 10th, else a point.
fn answer(i: usize) -> String {
    if i % 10 == 3 {
        "na".to_string()
    } else {
        (1 + i % 5).to_string()
    }
}

/// The form fields answering every item with [`answer`].
fn answer_fields(codes: &[String]) -> Vec<(String, String)> {
    codes
        .iter()
        .enumerate()
        .map(|(i, c)| (format!("item-{c}"), answer(i)))
        .collect()
}

fn borrowed(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

/// Whether the radio `value` of `code`'s group is checked on the page.
fn checked(page: &str, code: &str, value: &str) -> bool {
    page.contains(&format!("name=\"item-{code}\" value=\"{value}\" checked"))
}

#[tokio::test]
async fn a_draft_then_a_submission_through_the_form_store_what_the_json_api_would() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = app.cycle(&hr, true).await;
    let boss = app.rater_token(&hr, id, "B001").await;
    let codes = codes();
    let path = format!("/r/{boss}/M001");
    let mut draft: Vec<(&str, &str)> = vec![("item-1.1", "4"), ("item-1.2", "na")];
    draft.extend([("comment", "沟通积极 <b>"), ("action", "draft")]);
    let saved = post(&app, &path, &draft).await;
    saved.assert(303);
    assert_eq!(saved.headers["location"], format!("/r/{boss}?saved=M001"));
    assert_eq!(saved.headers["referrer-policy"], "no-referrer");
    let json = req("GET", &format!("/api/v1/r/{boss}/responses/M001"))
        .send(&app)
        .await
        .json();
    assert_eq!(json["status"], "draft");
    assert_eq!(json["answers"], json!({"1.1": 4, "1.2": "na"}));
    assert_eq!(json["comment"], "沟通积极 <b>");
    let list = html(
        &req("GET", &format!("/r/{boss}?saved=M001"))
            .send(&app)
            .await,
        200,
    );
    assert!(list.contains("已保存草稿"), "{list}");
    assert!(list.contains("草稿"));
    // The form comes back filled, the comment escaped.
    let page = html(&req("GET", &path).send(&app).await, 200);
    assert!(checked(&page, "1.1", "4"));
    assert!(
        page.contains("沟通积极 &#60;b&#62;") || page.contains("沟通积极 &lt;b&gt;"),
        "{page}"
    );

    let fields = answer_fields(&codes);
    let mut submit = borrowed(&fields);
    submit.extend([("comment", "沟通积极"), ("action", "submit")]);
    post(&app, &path, &submit).await.assert(303);
    // Submitting the same form again is harmless.
    post(&app, &path, &submit).await.assert(303);
    let list = html(
        &req("GET", &format!("/r/{boss}?saved=M001"))
            .send(&app)
            .await,
        200,
    );
    assert!(list.contains("已提交对张三的评价"));
    assert!(list.contains("已提交 1/3"));
    // What the store holds is what the JSON API stores for the same answers: it takes the
    // same submission as a harmless repeat.
    let answers: serde_json::Map<String, Value> = codes
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let a = answer(i);
            (c.clone(), a.parse::<i64>().map_or(json!(a), |n| json!(n)))
        })
        .collect();
    put(
        &boss,
        "M001",
        json!({"answers": answers, "comment": "沟通积极", "submit": true}),
    )
    .send(&app)
    .await
    .assert(200);
    let stored = app.store.rater_response(&boss, "M001").await.unwrap();
    let saved = stored.saved.unwrap();
    assert_eq!(saved.comment, "沟通积极");
    let expected: Vec<Given> = (0..codes.len())
        .map(|i| match answer(i).as_str() {
            "na" => Some(Choice::Na),
            a => a.parse().ok().map(Choice::Point),
        })
        .collect();
    assert_eq!(saved.answers, expected);
    // Other answers on a submitted response: a page saying it is submitted.
    let mut other = submit.clone();
    other[0].1 = "5";
    let conflict = html(&post(&app, &path, &other).await, 409);
    assert!(conflict.contains("已提交"), "{conflict}");
    assert!(conflict.contains(&format!("href=\"/r/{boss}\"")));
}

#[tokio::test]
async fn a_bad_value_brings_the_form_back_with_the_message_and_the_other_answers_kept() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = app.cycle(&hr, true).await;
    let boss = app.rater_token(&hr, id, "B001").await;
    let path = format!("/r/{boss}/M001");
    let fields = [
        ("item-1.1", "9"),
        ("item-1.2", "3"),
        ("item-2.1", "na"),
        ("item-9.9", "4"),
        ("comment", "<script>alert(1)</script>"),
        ("action", "submit"),
    ];
    let page = html(&post(&app, &path, &fields).await, 422);
    assert!(page.contains("“1.1”的答案 9 不在量表 1–5 之内"), "{page}");
    assert!(page.contains("模型中没有编号为“9.9”的评估项目"));
    assert!(page.contains("href=\"#item-1.1\""));
    // The message sits in the item's own box.
    let item = page.find("id=\"item-1.1\"").unwrap();
    let message = page.find("<p class=\"problem\">“1.1”").unwrap();
    assert!(item < message && message < page.find("id=\"item-1.2\"").unwrap());
    assert!(checked(&page, "1.2", "3"));
    assert!(checked(&page, "2.1", "na"));
    assert!(!page.contains("<script>alert"));
    assert!(page.contains("alert(1)"));
    assert!(page.contains("<form method=\"post\""));
    let json = req("GET", &format!("/api/v1/r/{boss}/responses/M001"))
        .send(&app)
        .await
        .json();
    assert_eq!(json["status"], "pending");
    assert_eq!(json["answers"], json!({}));

    // English, when asked for.
    let csrf = app.rater_csrf(&boss);
    let mut fields = fields.to_vec();
    fields.push(("csrf", &csrf));
    let english = req("POST", &path)
        .header("accept-language", "en")
        .raw("application/x-www-form-urlencoded", form(&fields))
        .send(&app)
        .await;
    let page = html(&english, 422);
    assert!(page.contains("the answer 9 to 1.1 is outside the scale 1–5"));
}

#[tokio::test]
async fn a_model_without_na_needs_every_item_answered_to_submit() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let model = req("POST", "/api/v1/models")
        .token(&hr)
        .raw("application/toml", model_toml("不允许无法评价", false))
        .send(&app)
        .await
        .assert(200)
        .json()["id"]
        .clone();
    let id = req("POST", "/api/v1/cycles")
        .token(&hr)
        .json(json!({"name": "x", "model": model, "assessees": ["M001"]}))
        .send(&app)
        .await
        .assert(201)
        .json()["id"]
        .as_i64()
        .unwrap();
    for (path, body) in [("assignments", json!({"auto": true})), ("open", json!({}))] {
        req("POST", &format!("/api/v1/cycles/{id}/{path}"))
            .token(&hr)
            .json(body)
            .send(&app)
            .await
            .assert(200);
    }
    let boss = app.rater_token(&hr, id, "B001").await;
    let path = format!("/r/{boss}/M001");
    let page = html(&req("GET", &path).send(&app).await, 200);
    assert!(!page.contains("value=\"na\""));
    post(&app, &path, &[("item-1.1", "4"), ("action", "draft")])
        .await
        .assert(303);
    let page = html(
        &post(&app, &path, &[("item-1.1", "4"), ("action", "submit")]).await,
        422,
    );
    assert!(page.contains("提交前请回答“1.2”"));
    assert!(checked(&page, "1.1", "4"));
}

#[tokio::test]
async fn a_submitted_response_is_shown_read_only() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = app.cycle(&hr, true).await;
    let boss = app.rater_token(&hr, id, "B001").await;
    let fields = answer_fields(&codes());
    let mut submit = borrowed(&fields);
    submit.extend([("comment", "很好"), ("action", "submit")]);
    post(&app, &format!("/r/{boss}/M001"), &submit)
        .await
        .assert(303);
    let page = html(
        &req("GET", &format!("/r/{boss}/M001")).send(&app).await,
        200,
    );
    assert!(page.contains("联系 HR 重新开放"));
    assert!(!page.contains("<form"));
    assert!(!page.contains("name=\"action\""));
    assert!(page.contains("<fieldset class=\"all\" disabled>"));
    assert!(checked(&page, "1.1", &answer(0)));
    assert!(checked(&page, "1.4", "na"));
    assert!(page.contains("很好"));
}

#[tokio::test]
async fn submitting_with_items_unanswered_asks_first_and_keeps_the_answers_as_a_draft() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = app.cycle(&hr, true).await;
    let boss = app.rater_token(&hr, id, "B001").await;
    let path = format!("/r/{boss}/M001");
    let sent = [
        ("item-1.1", "4"),
        ("item-1.2", "na"),
        ("item-2.1", "5"),
        ("item-3.1", "2"),
        ("comment", "第一行\n第二行"),
        ("action", "submit"),
    ];
    let page = html(&post(&app, &path, &sent).await, 200);
    assert!(page.contains("还有 75 项未作答"), "{page}");
    assert!(page.contains("您的答案已保存为草稿"));
    assert!(page.contains("name=\"confirmed\" value=\"1\""));
    assert!(page.contains("name=\"item-1.2\" value=\"na\""));
    assert!(page.contains(&format!("href=\"{path}\"")));
    let draft = req("GET", &format!("/api/v1/r/{boss}/responses/M001"))
        .send(&app)
        .await
        .json();
    assert_eq!(draft["status"], "draft");
    assert_eq!(draft["answers"]["1.1"], 4);
    assert_eq!(draft["comment"], "第一行\n第二行");
    // In English, one item left reads as one.
    let english = req("POST", &path)
        .header("accept-language", "en")
        .raw(
            "application/x-www-form-urlencoded",
            super::form(
                &{
                    let codes = codes();
                    let csrf = app.rater_csrf(&boss);
                    let mut fields: Vec<(String, String)> = codes
                        .iter()
                        .skip(1)
                        .map(|c| (format!("item-{c}"), "3".to_string()))
                        .collect();
                    fields.push(("action".into(), "submit".into()));
                    fields.push(("csrf".into(), csrf));
                    fields
                }
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect::<Vec<_>>(),
            ),
        )
        .send(&app)
        .await;
    assert!(
        html(&english, 200).contains("1 item is still unanswered"),
        "{}",
        String::from_utf8_lossy(&english.body)
    );
    // Confirmed: submitted.
    let mut confirmed = sent.to_vec();
    confirmed.push(("confirmed", "1"));
    post(&app, &path, &confirmed).await.assert(303);
    let done = req("GET", &format!("/api/v1/r/{boss}/responses/M001"))
        .send(&app)
        .await
        .json();
    assert_eq!(done["status"], "submitted");
}

#[tokio::test]
async fn a_fully_answered_submission_needs_no_confirmation_page() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = app.cycle(&hr, true).await;
    let boss = app.rater_token(&hr, id, "B001").await;
    let fields = answer_fields(&codes());
    let mut submit = borrowed(&fields);
    submit.push(("action", "submit"));
    post(&app, &format!("/r/{boss}/M001"), &submit)
        .await
        .assert(303);
}

#[tokio::test]
async fn submit_is_not_next_to_save_draft_and_the_deadline_is_shown() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let id = req("POST", "/api/v1/cycles")
        .token(&hr)
        .json(
            json!({"name": "有期限", "model": "builtin", "assessees": ["M001"],
                     "ends_on": "2026-12-20"}),
        )
        .send(&app)
        .await
        .assert(201)
        .json()["id"]
        .as_i64()
        .unwrap();
    for path in ["assignments", "open"] {
        req("POST", &format!("/api/v1/cycles/{id}/{path}"))
            .token(&hr)
            .json(json!({"auto": true}))
            .send(&app)
            .await;
    }
    let boss = app.rater_token(&hr, id, "B001").await;
    let page = html(
        &req("GET", &format!("/r/{boss}/M001")).send(&app).await,
        200,
    );
    assert!(page.contains("请在 2026-12-20 之前提交"), "{page}");
    let draft = page.find("value=\"draft\"").unwrap();
    let submit = page.find("value=\"submit\"").unwrap();
    // The comment box and a heading of its own stand between the two buttons.
    let between = &page[draft..submit];
    assert!(between.contains("class=\"finish\""), "{between}");
    // Every dimension can be jumped to.
    for d in ["#dim-1", "#dim-4", "#dim-7"] {
        assert!(page.contains(&format!("href=\"{d}\"")), "{d}");
    }
    let list = html(&req("GET", &format!("/r/{boss}")).send(&app).await, 200);
    assert!(list.contains("请在 2026-12-20 之前提交"));
    assert!(list.contains("可以先保存草稿"));
    // Closed: no deadline, no invitation to save drafts.
    req("POST", &format!("/api/v1/cycles/{id}/close"))
        .token(&hr)
        .send(&app)
        .await
        .assert(200);
    let list = html(&req("GET", &format!("/r/{boss}")).send(&app).await, 200);
    assert!(!list.contains("可以先保存草稿"), "{list}");
    assert!(!list.contains("之前提交"));
    assert!(list.contains("本次考评已结束"));
}
