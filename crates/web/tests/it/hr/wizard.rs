//! `/hr/cycles/new`: the defaults, every problem next to its field in both languages with
//! nothing created and everything typed kept, and a cycle created as the API creates one.

use yardstick_core::Relationship;
use yardstick_store::Store;

use super::{Hr, page};
use crate::common::TestApp;

/// A valid form for the A区 department (张三, 钱六, 孙七), every dimension for everybody
/// but customers (1, 4, 5, 6), with `extra` over it.
fn fields<'a>(shown_model: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![
        ("name", "2026年度物业项目经理360评估"),
        ("starts_on", "2026-03-01"),
        ("ends_on", "2026-03-31"),
        ("model", shown_model),
        ("shown_model", shown_model),
        ("w-self", "0"),
        ("w-superior", "40"),
        ("w-peer", "20"),
        ("w-subordinate", "20"),
        ("w-customer", "20"),
        ("threshold", "3"),
        ("peers", "4"),
        ("dept", "A区"),
        ("action", "create"),
    ];
    for r in ["self", "superior", "peer", "subordinate"] {
        for code in ["1", "2", "3", "4", "5", "6", "7"] {
            f.push((leak(format!("dim-{r}")), code));
        }
    }
    for code in ["1", "4", "5", "6"] {
        f.push(("dim-customer", code));
    }
    for (k, v) in extra {
        f.retain(|(key, _)| key != k || k.starts_with("dim-") || *k == "dept" || *k == "person");
        f.push((k, v));
    }
    f
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

async fn builtin(app: &TestApp) -> String {
    app.store.builtin_model().await.unwrap().id.to_string()
}

#[tokio::test]
async fn the_form_shows_the_defaults_every_dimension_and_the_people_by_department() {
    let app = TestApp::new().await;
    let hr = Hr::new(&app).await;
    let text = page(&hr.get("/hr/cycles/new").send(&app).await, 200);
    for part in [
        "name=\"w-superior\" value=\"40\"",
        "name=\"w-self\" value=\"0\"",
        "name=\"threshold\" value=\"3\"",
        "name=\"dim-customer\" value=\"3\" aria-label=\"客户 3\" checked",
        "name=\"dept\" value=\"A区\"",
        "name=\"person\" value=\"S002\"",
        "团队建设",
        "物业管理人员能力素质模型",
    ] {
        assert!(text.contains(part), "{part} missing from {text}");
    }
    let en = page(&hr.get("/hr/cycles/new?lang=en").send(&app).await, 200);
    assert!(en.contains("New assessment cycle") && en.contains("Anonymity threshold"));
}

#[tokio::test]
async fn a_bad_weight_a_zero_threshold_and_no_assessee_are_named_in_both_languages_and_nothing_is_created()
 {
    let app = TestApp::new().await;
    let hr = Hr::new(&app).await;
    let model = builtin(&app).await;
    let mut f = fields(
        &model,
        &[
            ("w-peer", "abc"),
            ("w-customer", "2000"),
            ("threshold", "0"),
        ],
    );
    f.retain(|(k, _)| *k != "dept");
    for (lang, expect) in [
        (
            "zh",
            [
                "“abc”不是数字",
                "匿名阈值必须至少为 1,而不是 0",
                "至少需要一名被评价人",
                "客户",
            ],
        ),
        (
            "en",
            [
                "\"abc\" is not a number",
                "the anonymity threshold must be at least 1, not 0",
                "a cycle needs at least one assessee",
                "the weight of customer",
            ],
        ),
    ] {
        let reply = hr
            .post(&format!("/hr/cycles/new?lang={lang}"), &f)
            .send(&app)
            .await;
        let text = page(&reply, 422);
        for e in expect {
            assert!(text.contains(e), "{lang}: {e} missing from {text}");
        }
        // Everything typed is kept.
        assert!(text.contains("value=\"2026年度物业项目经理360评估\""));
        assert!(text.contains("name=\"w-peer\" value=\"abc\""));
        assert!(text.contains("name=\"threshold\" value=\"0\""));
        assert!(
            text.contains("name=\"dim-customer\" value=\"3\" aria-label=\"客户 3\">")
                || text.contains("name=\"dim-customer\" value=\"3\" aria-label=\"customer 3\">")
                || !text.contains("value=\"3\" aria-label=\"客户 3\" checked")
        );
        assert!(text.contains("aria-invalid=\"true\""));
    }
    assert!(app.store.cycles().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_dimension_the_model_lacks_is_named_and_nothing_is_created() {
    let app = TestApp::new().await;
    let hr = Hr::new(&app).await;
    let model = builtin(&app).await;
    let f = fields(&model, &[("dim-customer", "9")]);
    let text = page(&hr.post("/hr/cycles/new", &f).send(&app).await, 422);
    assert!(text.contains("模型中没有编号为“9”的维度"), "{text}");
    let text = page(&hr.post("/hr/cycles/new?lang=en", &f).send(&app).await, 422);
    assert!(text.contains("the model has no dimension \"9\""), "{text}");
    // A relationship asked nothing is refused too.
    let mut none = fields(&model, &[]);
    none.retain(|(k, _)| *k != "dim-peer");
    let text = page(&hr.post("/hr/cycles/new", &none).send(&app).await, 422);
    assert!(text.contains("评价关系“peer”至少要评价一个维度"), "{text}");
    assert!(app.store.cycles().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_form_without_its_token_creates_nothing_and_keeps_what_was_typed() {
    let app = TestApp::new().await;
    let hr = Hr::new(&app).await;
    let model = builtin(&app).await;
    let mut f = fields(&model, &[]);
    f.push(("csrf", "forged"));
    let text = page(&hr.post_bare("/hr/cycles/new", &f).send(&app).await, 403);
    assert!(text.contains("表单已过期"));
    assert!(text.contains("value=\"2026年度物业项目经理360评估\""));
    assert!(app.store.cycles().await.unwrap().is_empty());
}

#[tokio::test]
async fn changing_the_model_shows_its_dimensions_before_anything_is_created() {
    let app = TestApp::new().await;
    let hr = Hr::new(&app).await;
    let mut draft = yardstick_formats::builtin_model().unwrap().to_draft();
    draft.name = "三维模型".into();
    draft.dimensions.truncate(3);
    let small = yardstick_core::Model::validate(draft).unwrap().model;
    let info = app
        .store
        .import_model(yardstick_formats::write_model_toml(&small))
        .await
        .unwrap();
    let other = info.id.to_string();
    let model = builtin(&app).await;
    let mut f = fields(&model, &[]);
    f.retain(|(k, _)| *k != "model");
    f.push(("model", &other));
    let text = page(&hr.post("/hr/cycles/new", &f).send(&app).await, 200);
    assert!(text.contains("“三维模型”的维度"), "{text}");
    assert!(text.contains(&format!("name=\"shown_model\" value=\"{other}\"")));
    assert!(
        !text.contains("aria-label=\"客户 4\""),
        "only the new model's dimensions"
    );
    assert!(app.store.cycles().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_wizard_creates_a_draft_cycle_as_the_api_does() {
    let app = TestApp::new().await;
    let hr = Hr::new(&app).await;
    let model = builtin(&app).await;
    let f = fields(&model, &[("person", "M002"), ("w-superior", "50")]);
    let reply = hr.post("/hr/cycles/new", &f).send(&app).await;
    reply.assert(303);
    let cycles = app.store.cycles().await.unwrap();
    assert_eq!(cycles.len(), 1);
    let c = &cycles[0];
    assert_eq!(
        reply.headers["location"].to_str().unwrap(),
        format!("/hr/cycles/{}/assignments?created=1", c.id)
    );
    assert_eq!(c.name, "2026年度物业项目经理360评估");
    assert_eq!(c.weights, [0.0, 50.0, 20.0, 20.0, 20.0]);
    assert_eq!(c.threshold, 3);
    assert_eq!(c.starts_on.as_deref(), Some("2026-03-01"));
    assert_eq!(c.ends_on.as_deref(), Some("2026-03-31"));
    assert_eq!(
        c.dimensions.of(Relationship::Customer).unwrap(),
        ["1", "4", "5", "6"]
    );
    assert!(
        c.dimensions.of(Relationship::Peer).is_none(),
        "asked everything"
    );
    let assessees: Vec<String> = app
        .store
        .cycle_responses(c.id)
        .await
        .unwrap()
        .assessees
        .into_iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(assessees, ["M001", "M002", "S001", "S002"]);
}

#[tokio::test]
async fn a_model_page_starts_the_wizard_with_that_model() {
    let app = TestApp::new().await;
    let hr = Hr::new(&app).await;
    let info = app
        .store
        .import_model(crate::common::model_toml("另一个模型", true))
        .await
        .unwrap();
    let model = page(
        &hr.get(&format!("/hr/models/{}", info.id)).send(&app).await,
        200,
    );
    let start = format!("/hr/cycles/new?model={}", info.id);
    assert!(model.contains(&format!("href=\"{start}\"")));
    let text = page(&hr.get(&start).send(&app).await, 200);
    assert!(
        text.contains(&format!(
            "<option value=\"{}\" selected>另一个模型",
            info.id
        )),
        "{text}"
    );
    assert!(text.contains(&format!("name=\"shown_model\" value=\"{}\"", info.id)));
    // An unknown model falls back to the built-in one.
    let text = page(&hr.get("/hr/cycles/new?model=999").send(&app).await, 200);
    let builtin = builtin(&app).await;
    assert!(text.contains(&format!("name=\"shown_model\" value=\"{builtin}\"")));
}
