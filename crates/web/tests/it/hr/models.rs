//! `/hr/models`: the list, one model, its TOML, and importing with a preview first.

use yardstick_store::Store;

use super::{Hr, page};
use crate::common::{TestApp, model_toml};

const SEED: &str = yardstick_formats::builtin::SEED_FORM;

#[tokio::test]
async fn the_list_marks_the_built_in_model_and_names_the_cycles_using_it() {
    let app = TestApp::new().await;
    let hr = Hr::new(&app).await;
    app.cycle(&hr.session, true).await;
    let zh = page(&hr.get("/hr/models").send(&app).await, 200);
    assert!(zh.contains("物业管理人员能力素质模型"), "{zh}");
    assert!(zh.contains("内置"));
    assert!(zh.contains("7 个维度,79 个评估项目"));
    assert!(zh.contains("2026年度360评估"));
    assert!(zh.contains("已冻结"));
    assert!(zh.contains("href=\"/hr/models/import\""));
    let en = page(&hr.get("/hr/models?lang=en").send(&app).await, 200);
    assert!(en.contains("7 dimensions, 79 items"), "{en}");
    assert!(en.contains("built-in") && en.contains("Frozen"));
}

#[tokio::test]
async fn a_model_page_shows_weights_items_scale_and_grades_and_exports_its_toml() {
    let app = TestApp::new().await;
    let hr = Hr::new(&app).await;
    let id = app.store.builtin_model().await.unwrap().id;
    let text = page(&hr.get(&format!("/hr/models/{id}")).send(&app).await, 200);
    for part in [
        "客户意识",
        "团队建设",
        "30",
        "把客户满意作为出发点开展工作",
        "很差",
        "优秀",
        "不合格",
        "≥ 90",
        "1.12",
    ] {
        assert!(text.contains(part), "{part} missing");
    }
    assert!(text.contains(&format!("href=\"/hr/models/{id}/export\"")));
    let file = hr.get(&format!("/hr/models/{id}/export")).send(&app).await;
    file.assert(200);
    let disposition = file.headers["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"model-"),
        "{disposition}"
    );
    assert!(disposition.ends_with(".toml\""));
    let toml = String::from_utf8(file.body.to_vec()).unwrap();
    let back = yardstick_formats::read_model_toml(&toml).unwrap().model;
    assert_eq!(back.items().len(), 79);
    assert_eq!(
        toml,
        yardstick_formats::write_model_toml(&yardstick_formats::builtin_model().unwrap())
    );
}

#[tokio::test]
async fn an_unknown_model_is_a_404_page() {
    let app = TestApp::new().await;
    let hr = Hr::new(&app).await;
    for path in ["/hr/models/999", "/hr/models/abc", "/hr/models/999/export"] {
        let text = page(&hr.get(path).send(&app).await, 404);
        assert!(text.contains("href=\"/hr/models\""), "{path}");
    }
}

/// The seed's form with the first item's text taken away and a weight broken.
fn broken_form() -> String {
    SEED.replacen("把客户满意作为出发点开展工作", "", 1)
}

#[tokio::test]
async fn an_import_with_problems_names_them_keeps_the_text_and_stores_nothing() {
    let app = TestApp::new().await;
    let hr = Hr::new(&app).await;
    let before = app.store.models().await.unwrap().len();
    let form = broken_form();
    for lang in ["zh", "en"] {
        let reply = hr
            .post(
                &format!("/hr/models/import?lang={lang}"),
                &[("format", "text"), ("text", &form), ("action", "preview")],
            )
            .send(&app)
            .await;
        let text = page(&reply, 422);
        if lang == "zh" {
            assert!(text.contains("个问题,模型没有保存"), "{text}");
            assert!(text.contains("第 7 行") || text.contains("行"), "{text}");
        } else {
            assert!(text.contains("nothing was stored"), "{text}");
            assert!(text.contains("line"), "{text}");
        }
        assert!(text.contains("快速响应客户需求"), "the text is kept");
    }
    let toml =
        "name = \"x\"\nversion = \"1\"\n[[dimensions]]\ncode = \"1\"\nname = \"A\"\nweight = -5\n";
    let reply = hr
        .post(
            "/hr/models/import",
            &[("format", "toml"), ("text", toml), ("action", "store")],
        )
        .send(&app)
        .await;
    page(&reply, 422);
    assert_eq!(app.store.models().await.unwrap().len(), before);
}

#[tokio::test]
async fn a_pasted_form_is_previewed_then_stored_only_on_confirmation() {
    let app = TestApp::new().await;
    let hr = Hr::new(&app).await;
    let before = app.store.models().await.unwrap().len();
    let fields = [
        ("format", "text"),
        ("text", SEED),
        ("name", "项目经理模型"),
        ("version", "2026"),
    ];
    let mut preview = fields.to_vec();
    preview.push(("action", "preview"));
    let text = page(
        &hr.post("/hr/models/import", &preview).send(&app).await,
        200,
    );
    assert!(text.contains("预览:项目经理模型 · 第 2026 版"), "{text}");
    assert!(text.contains("保存后它是一个新模型"));
    assert!(text.contains("客户意识") && text.contains("压力管理"));
    assert!(text.contains("name=\"action\" value=\"store\""));
    assert_eq!(
        app.store.models().await.unwrap().len(),
        before,
        "nothing stored yet"
    );
    let mut store = fields.to_vec();
    store.push(("action", "store"));
    let stored = hr.post("/hr/models/import", &store).send(&app).await;
    stored.assert(303);
    let location = stored.headers["location"].to_str().unwrap().to_string();
    assert!(location.starts_with("/hr/models?stored="), "{location}");
    let models = app.store.models().await.unwrap();
    assert_eq!(models.len(), before + 1);
    let new = models.iter().find(|m| m.name == "项目经理模型").unwrap();
    assert_eq!(new.version, "2026");
    let list = page(&hr.get(&location).send(&app).await, 200);
    assert!(list.contains("已保存:项目经理模型 第 2026 版"), "{list}");
    // The same again changes nothing, and the preview says so.
    let text = page(
        &hr.post("/hr/models/import", &preview).send(&app).await,
        200,
    );
    assert!(text.contains("已经保存过完全相同的这一版"), "{text}");
}

#[tokio::test]
async fn a_toml_file_is_uploaded_previewed_and_stored() {
    let app = TestApp::new().await;
    let hr = Hr::new(&app).await;
    let toml = model_toml("上传的模型", true);
    let boundary = "XyZboundary";
    let body = |action: &str, with_file: bool| {
        let mut b = String::new();
        let mut field = |name: &str, value: &str| {
            b.push_str(&format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            ));
        };
        field("csrf", &hr.csrf);
        field("format", "toml");
        field("text", "");
        field("action", action);
        if with_file {
            b.push_str(&format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"m.toml\"\r\nContent-Type: application/toml\r\n\r\n{toml}\r\n"
            ));
        }
        b.push_str(&format!("--{boundary}--\r\n"));
        b
    };
    let reply = hr.get("/hr/models/import").send(&app).await;
    page(&reply, 200);
    let preview = crate::common::req("POST", "/hr/models/import")
        .header("cookie", &format!("yardstick_session={}", hr.session))
        .raw(
            &format!("multipart/form-data; boundary={boundary}"),
            body("preview", true),
        )
        .send(&app)
        .await;
    let text = page(&preview, 200);
    assert!(text.contains("预览:上传的模型"), "{text}");
    // The preview carries the file's text on: storing needs no file.
    assert!(text.contains("name=\"text\" value=\"# Yardstick"), "{text}");
    assert!(text.contains("name = \"上传的模型\""), "{text}");
    let empty = crate::common::req("POST", "/hr/models/import")
        .header("cookie", &format!("yardstick_session={}", hr.session))
        .raw(
            &format!("multipart/form-data; boundary={boundary}"),
            body("preview", false),
        )
        .send(&app)
        .await;
    assert!(page(&empty, 422).contains("没有内容"));
    let stored = hr
        .post(
            "/hr/models/import",
            &[("format", "toml"), ("text", &toml), ("action", "store")],
        )
        .send(&app)
        .await;
    stored.assert(303);
    assert!(
        app.store
            .models()
            .await
            .unwrap()
            .iter()
            .any(|m| m.name == "上传的模型")
    );
}

#[tokio::test]
async fn an_import_without_its_token_stores_nothing_and_keeps_the_text() {
    let app = TestApp::new().await;
    let hr = Hr::new(&app).await;
    let before = app.store.models().await.unwrap().len();
    let toml = model_toml("伪造", true);
    let reply = hr
        .post_bare(
            "/hr/models/import",
            &[
                ("format", "toml"),
                ("text", &toml),
                ("action", "store"),
                ("csrf", "forged"),
            ],
        )
        .send(&app)
        .await;
    let text = page(&reply, 403);
    assert!(text.contains("表单已过期"), "{text}");
    assert!(text.contains("伪造"));
    assert_eq!(app.store.models().await.unwrap().len(), before);
}

#[tokio::test]
async fn the_api_exports_a_models_toml_that_imports_back_as_the_same_model() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let info = app
        .store
        .import_model(model_toml("导出的模型", false))
        .await
        .unwrap();
    let reply = crate::common::req("GET", &format!("/api/v1/models/{}/export", info.id))
        .token(&hr)
        .send(&app)
        .await;
    reply.assert(200);
    assert!(
        reply.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/toml")
    );
    assert!(
        reply.headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let toml = String::from_utf8(reply.body.to_vec()).unwrap();
    assert_eq!(toml, model_toml("导出的模型", false));
    let again = app.store.import_model(toml).await.unwrap();
    assert_eq!(again, info, "the same model: nothing new stored");
    let missing = crate::common::req("GET", "/api/v1/models/999/export")
        .token(&hr)
        .send(&app)
        .await;
    missing.assert(404);
    assert_eq!(missing.fields(), ["id"]);
}

#[tokio::test]
async fn back_to_editing_shows_the_form_with_the_text_and_stores_nothing() {
    let app = TestApp::new().await;
    let hr = Hr::new(&app).await;
    let before = app.store.models().await.unwrap().len();
    let text = page(
        &hr.post(
            "/hr/models/import?lang=en",
            &[
                ("format", "text"),
                ("text", SEED),
                ("name", "草稿"),
                ("action", "edit"),
            ],
        )
        .send(&app)
        .await,
        200,
    );
    assert!(text.contains("Import a model") && text.contains("快速响应客户需求"));
    assert!(text.contains("name=\"name\" value=\"草稿\""));
    assert!(text.contains("value=\"text\" checked"));
    assert_eq!(app.store.models().await.unwrap().len(), before);
}
