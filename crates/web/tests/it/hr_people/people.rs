//! `/hr/people`: the table and the org chart, uploads previewed before anything is stored,
//! and one person's edit form.

use yardstick_store::{Role, Store};

use super::{Browser, browser, hidden, html};
use crate::common::{PEOPLE_CSV, TestApp, req};

async fn hr(app: &TestApp) -> Browser {
    browser(app, "hr", Role::Hr, None).await
}

async fn count(app: &TestApp) -> usize {
    app.store.people().await.unwrap().len()
}

/// The text between `from` and `to` in `page`.
fn between<'a>(page: &'a str, from: &str, to: &str) -> &'a str {
    let start = page.find(from).unwrap_or_else(|| panic!("no {from}"));
    let rest = &page[start..];
    &rest[..rest.find(to).unwrap_or(rest.len())]
}

#[tokio::test]
async fn the_people_page_shows_everybody_and_the_org_chart_as_a_tree() {
    let app = TestApp::new().await;
    let hr = hr(&app).await;
    let page = html(&hr.get(&app, "/hr/people").await, 200);
    assert!(page.contains("全部人员(6 人)"), "{page}");
    // The table: a row per person with their superior and a link to edit them.
    let row = between(&page, "<tr><td>S001</td>", "</tr>");
    assert!(
        row.contains("钱六") && row.contains("A区") && row.contains("主管"),
        "{row}"
    );
    assert!(row.contains("M001 张三"), "{row}");
    assert!(row.contains("href=\"/hr/people/S001\""), "{row}");
    // The tree: B001 at the top; the project managers below; S001 and S002 below M001.
    let tree = between(&page, "<ul class=\"tree\">", "</main>");
    let (b, m1, s1, s2, m2) = (
        tree.find("B001").unwrap(),
        tree.find("M001").unwrap(),
        tree.find("S001").unwrap(),
        tree.find("S002").unwrap(),
        tree.find("M002").unwrap(),
    );
    assert!(b < m1 && m1 < s1 && s1 < s2 && s2 < m2, "{tree}");
    let under_m1 = between(tree, "M001", "M002");
    assert_eq!(under_m1.matches("<ul>").count(), 1, "{under_m1}");
    assert!(under_m1.contains("S001") && under_m1.contains("S002"));
    assert_eq!(tree.matches("<ul").count(), tree.matches("</ul>").count());
    assert_eq!(tree.matches("<li>").count(), 6);
    assert_eq!(tree.matches("</li>").count(), 6);
    // The upload form posts a file with the session's token.
    assert!(page.contains("enctype=\"multipart/form-data\""));
    assert!(page.contains(&format!("name=\"csrf\" value=\"{}\"", hr.csrf)));
    // In English too.
    let en = html(&hr.get(&app, "/hr/people?lang=en").await, 200);
    assert!(
        en.contains("Everybody (6 people)") && en.contains("Org chart"),
        "{en}"
    );
}

/// A file with a problem on nearly every row, file and org chart alike.
const BAD_ROWS: &str = "id,name,department,title,superior,phone\n\
    P1,,A区,主管,M001,\n\
    P2,周九,A区,主管,M001,\n\
    P2,吴十,A区,主管,M001,\n\
    P3,郑一,A区,主管,X999,\n\
    P4,王二,A区,主管,P5,\n\
    P5,冯三,A区,主管,P4,\n\
    P6,陈四,A\u{1b}区,主管,M001,\n\
    P7,褚五,A区,主管,M001,{PHONE}\n";

/// A phone number of 201 characters.
const PHONE: &str = "123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901";

/// [`BAD_ROWS`] with its last row's phone number filled in.
fn bad() -> String {
    BAD_ROWS.replace("{PHONE}", PHONE)
}

/// The same people, set right, and one known person changed.
const FIXED: &str = "id,name,department,title,superior,phone\n\
    P1,卫一,A区,主管,M001,\n\
    P2,周九,A区,主管,M001,\n\
    P3,郑一,A区,主管,M002,\n\
    P4,王二,A区,主管,P5,\n\
    P5,冯三,A区,主管,M001,\n\
    P6,陈四,A区,主管,M001,\n\
    P7,褚五,A区,主管,M001,13800000000\n\
    S002,孙七,B区,高级主管,M002,\n\
    S001,钱六,A区,主管,M001,\n";

#[tokio::test]
async fn an_upload_with_problems_lists_every_one_by_row_and_stores_nothing() {
    let app = TestApp::new().await;
    let hr = hr(&app).await;
    let reply = hr
        .upload(&app, &[], Some(("people.csv", bad().as_bytes())))
        .await;
    let page = html(&reply, 422);
    assert!(page.contains("people.csv"), "{page}");
    assert!(page.contains("发现 6 个问题"), "{page}");
    let rows: Vec<&str> = page
        .split("<tr><td>")
        .skip(1)
        .map(|r| &r[..r.find("</tr>").unwrap()])
        .collect();
    assert_eq!(rows.len(), 6, "{rows:#?}");
    let expect = [
        ("2</td><td>B &#34;name&#34;", "“name”不能为空"),
        ("4</td><td>A &#34;id&#34;", "P2"),
        ("5</td><td>", "X999"),
        ("6</td><td>", "P4 → P5 → P4"),
        ("8</td><td>C &#34;department&#34;", "U+001B"),
        ("9</td><td>F &#34;phone&#34;", "200"),
    ];
    for (row, (start, text)) in rows.iter().zip(expect) {
        assert!(row.starts_with(start), "{row}");
        assert!(row.contains(text), "{row}");
    }
    assert!(!page.contains("name=\"content\""), "no way to import it");
    assert_eq!(count(&app).await, 6, "nothing stored");

    // The same in English.
    let (kind, body) = super::multipart(
        &[("csrf", &hr.csrf)],
        Some(("people.csv", bad().as_bytes())),
    );
    let en = req("POST", "/hr/people?lang=en")
        .header("cookie", &hr.cookie)
        .raw(&kind, body)
        .send(&app)
        .await;
    let en = html(&en, 422);
    assert!(
        en.contains("6 problems found: nothing was imported"),
        "{en}"
    );

    // The fixed file: a preview of what is added and what changes, still nothing stored.
    let reply = hr
        .upload(&app, &[], Some(("people.csv", FIXED.as_bytes())))
        .await;
    let page = html(&reply, 200);
    assert!(page.contains("新增 7 人,变更 1 人,1 人不变"), "{page}");
    let changed = between(&page, "变更人员(1)", "</table>");
    assert!(
        changed.contains("S002") && changed.contains("孙七"),
        "{changed}"
    );
    assert!(
        changed.contains("<del>A区</del> → <ins>B区</ins>"),
        "{changed}"
    );
    assert!(
        changed.contains("<del>主管</del> → <ins>高级主管</ins>"),
        "{changed}"
    );
    assert!(
        changed.contains("<del>M001</del> → <ins>M002</ins>"),
        "{changed}"
    );
    let added = between(&page, "新增人员(7)", "</table>");
    assert!(added.contains("P1") && added.contains("卫一"), "{added}");
    assert_eq!(
        count(&app).await,
        6,
        "nothing stored before the confirmation"
    );

    // Confirming imports it and comes back to the list with the counts.
    let content = hidden(&page, "content");
    let basis = hidden(&page, "basis");
    let done = hr
        .upload(
            &app,
            &[
                ("name", "people.csv"),
                ("content", &content),
                ("basis", &basis),
            ],
            None,
        )
        .await;
    done.assert(303);
    let location = done.headers["location"].to_str().unwrap().to_string();
    assert_eq!(location, "/hr/people?imported=7&updated=2");
    let list = html(&hr.get(&app, &location).await, 200);
    assert!(list.contains("已导入:新增 7 人,更新 2 人。"), "{list}");
    assert!(list.contains("全部人员(13 人)"));
    let people = app.store.people().await.unwrap();
    let s002 = people.iter().find(|p| p.id == "S002").unwrap();
    assert_eq!(s002.title, "高级主管");
    assert_eq!(s002.superior.as_deref(), Some("M002"));
    let log = app.store.account_audit(1).await.unwrap();
    assert_eq!(
        (log[0].action.as_str(), log[0].user.as_deref()),
        ("people.import", Some("hr"))
    );
    assert_eq!(log[0].subject.as_deref(), Some("imported 7 · updated 2"));
}

#[tokio::test]
async fn the_confirmation_checks_the_file_again_and_cannot_be_used_to_get_past_the_checks() {
    let app = TestApp::new().await;
    let hr = hr(&app).await;
    let page = html(
        &hr.upload(&app, &[], Some(("people.csv", FIXED.as_bytes())))
            .await,
        200,
    );
    let basis = hidden(&page, "basis");
    // Another file slipped into the confirmation: its problems, nothing stored.
    use base64::Engine as _;
    let slipped = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bad());
    let reply = hr
        .upload(&app, &[("content", &slipped), ("basis", &basis)], None)
        .await;
    let again = html(&reply, 422);
    assert!(again.contains("发现 6 个问题"), "{again}");
    assert_eq!(count(&app).await, 6);
    // Content that is not base64 is refused.
    hr.upload(&app, &[("content", "***"), ("basis", &basis)], None)
        .await
        .assert(400);
    // Without the session's token, nothing happens.
    let content = hidden(&page, "content");
    let forged = super::multipart(
        &[("csrf", "forged"), ("content", &content), ("basis", &basis)],
        None,
    );
    req("POST", "/hr/people")
        .header("cookie", &hr.cookie)
        .raw(&forged.0, forged.1)
        .send(&app)
        .await
        .assert(403);
    assert_eq!(count(&app).await, 6);
    // The people change between the preview and the confirmation: the new preview, to
    // confirm again.
    let hr_token = app.user("hr2", Role::Hr, None).await;
    req("PUT", "/api/v1/people/S002")
        .token(&hr_token)
        .json(serde_json::json!({"name": "孙七", "department": "C区", "title": "主管", "superior": "M001"}))
        .send(&app)
        .await
        .assert(200);
    let reply = hr
        .upload(&app, &[("content", &content), ("basis", &basis)], None)
        .await;
    let changed = html(&reply, 409);
    assert!(changed.contains("已保存的人员有了变化"), "{changed}");
    assert!(
        changed.contains("<del>C区</del> → <ins>B区</ins>"),
        "{changed}"
    );
    assert_eq!(count(&app).await, 6);
    let basis = hidden(&changed, "basis");
    hr.upload(&app, &[("content", &content), ("basis", &basis)], None)
        .await
        .assert(303);
    assert_eq!(count(&app).await, 13);
}

#[tokio::test]
async fn an_xlsx_upload_is_previewed_like_a_csv_and_no_file_is_a_problem() {
    let app = TestApp::empty().await;
    let hr = hr(&app).await;
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, line) in PEOPLE_CSV.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    let bytes = book.save_to_buffer().unwrap();
    let page = html(
        &hr.upload(&app, &[], Some(("公司.xlsx", &bytes))).await,
        200,
    );
    assert!(page.contains("新增 6 人,变更 0 人,0 人不变"), "{page}");
    let content = hidden(&page, "content");
    let basis = hidden(&page, "basis");
    hr.upload(&app, &[("content", &content), ("basis", &basis)], None)
        .await
        .assert(303);
    assert_eq!(count(&app).await, 6);
    // A value that appears or goes shows as blank on its other side.
    let phone =
        "id,name,department,title,superior,phone\nM001,张三,A区,项目经理,B001,13800000000\n";
    let page = html(
        &hr.upload(&app, &[], Some(("p.csv", phone.as_bytes())))
            .await,
        200,
    );
    assert!(
        page.contains("<del class=\"blank\">(空)</del> → <ins>13800000000</ins>"),
        "{page}"
    );

    let none = html(&hr.upload(&app, &[], Some(("", b""))).await, 422);
    assert!(none.contains("请选择要上传的文件"), "{none}");
    let empty = html(
        &hr.upload(
            &app,
            &[],
            Some(("x.csv", b"id,name,department,title,superior\n")),
        )
        .await,
        422,
    );
    assert!(empty.contains("发现 1 个问题"), "{empty}");
}

#[tokio::test]
async fn the_edit_form_names_each_problem_keeps_what_was_typed_and_then_saves() {
    let app = TestApp::new().await;
    let hr = hr(&app).await;
    let page = html(&hr.get(&app, "/hr/people/M001").await, 200);
    assert!(page.contains("编辑 张三"), "{page}");
    assert!(page.contains("name=\"name\" value=\"张三\""));
    assert!(page.contains("<option value=\"B001\" selected>"), "{page}");
    // Nobody below M001 is offered as their superior.
    assert!(!page.contains("<option value=\"S001\""), "{page}");
    assert!(!page.contains("<option value=\"M001\""), "{page}");

    let long = "1".repeat(201);
    let fields = [
        ("name", " "),
        ("department", "A\u{7}区"),
        ("title", "项目经理"),
        ("superior", "S001"),
        ("email", "zhang@example.com"),
        ("phone", long.as_str()),
    ];
    let reply = hr.post(&app, "/hr/people/M001", &fields).await;
    let page = html(&reply, 422);
    for id in [
        "name-problem",
        "department-problem",
        "phone-problem",
        "superior-problem",
    ] {
        assert!(page.contains(&format!("id=\"{id}\"")), "{id}: {page}");
    }
    assert!(!page.contains("id=\"email-problem\""));
    assert!(page.contains("M001 → S001 → M001"), "{page}");
    assert!(page.contains("U+0007"), "{page}");
    assert!(page.contains("name=\"email\" type=\"email\" value=\"zhang@example.com\""));
    let m001 =
        |people: Vec<yardstick_store::Person>| people.into_iter().find(|p| p.id == "M001").unwrap();
    assert_eq!(
        m001(app.store.people().await.unwrap()).department,
        "A区",
        "nothing saved"
    );

    // Without the form's token: nothing saved.
    req("POST", "/hr/people/M001")
        .header("cookie", &hr.cookie)
        .raw(
            "application/x-www-form-urlencoded",
            super::urlencoded(&[("csrf", "forged"), ("name", "x")]),
        )
        .send(&app)
        .await
        .assert(403);

    let fields = [
        ("name", "张三丰"),
        ("department", "D区"),
        ("title", "高级项目经理"),
        ("superior", ""),
        ("email", "zhang@example.com"),
        ("phone", ""),
    ];
    let reply = hr.post(&app, "/hr/people/M001", &fields).await;
    reply.assert(303);
    assert_eq!(reply.headers["location"], "/hr/people?saved=M001");
    let list = html(&hr.get(&app, "/hr/people?saved=M001").await, 200);
    assert!(list.contains("已保存:张三丰(M001)。"), "{list}");
    let saved = m001(app.store.people().await.unwrap());
    assert_eq!(saved.name, "张三丰");
    assert_eq!(saved.superior, None);
    assert_eq!(saved.email.as_deref(), Some("zhang@example.com"));
    // Now at the top of the org chart, with their people below them.
    let tree = between(&list, "<ul class=\"tree\">", "</main>");
    let before = &tree[..tree.find("M001").unwrap()];
    assert_eq!(
        before.matches("<ul>").count(),
        before.matches("</ul>").count(),
        "{tree}"
    );
    assert!(between(tree, "M001", "M002").contains("S001"), "{tree}");
    // The edit is in the audit log, with who made it.
    let log = app.store.account_audit(1).await.unwrap();
    assert_eq!(
        (log[0].action.as_str(), log[0].user.as_deref()),
        ("person.update", Some("hr"))
    );
}
