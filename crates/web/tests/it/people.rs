//! People: the list and imports of People files (CSV in any encoding, XLSX).

use serde_json::json;
use yardstick_store::Store;

use crate::common::{PEOPLE_CSV, TestApp, req};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[tokio::test]
async fn a_csv_import_adds_new_people_and_replaces_known_ones() {
    let app = TestApp::empty().await;
    let hr = app.hr().await;
    let first = req("POST", "/api/v1/people/import")
        .token(&hr)
        .raw("text/csv; charset=utf-8", PEOPLE_CSV)
        .send(&app)
        .await;
    assert_eq!(
        first.assert(200).json(),
        json!({"imported": 6, "updated": 0})
    );
    let more = "id,name,department,title,superior,phone\nM001,张三,A区,高级项目经理,B001,13800000000\nM004,周八,D区,项目经理,B001,\n";
    let second = req("POST", "/api/v1/people/import")
        .token(&hr)
        .raw("text/csv", more)
        .send(&app)
        .await;
    assert_eq!(
        second.assert(200).json(),
        json!({"imported": 1, "updated": 1})
    );
    let people = req("GET", "/api/v1/people")
        .token(&hr)
        .send(&app)
        .await
        .assert(200)
        .json();
    let people = people.as_array().unwrap();
    assert_eq!(people.len(), 7);
    assert_eq!(
        people[1],
        json!({"id": "M001", "name": "张三", "department": "A区", "title": "高级项目经理",
               "superior": "B001", "email": null, "phone": "13800000000"})
    );
    assert_eq!(people[6]["id"], "M004");
}

#[tokio::test]
async fn a_gb18030_csv_is_read_whatever_charset_it_claims() {
    let app = TestApp::empty().await;
    let hr = app.hr().await;
    let (bytes, _, _) = encoding_rs::GB18030.encode(PEOPLE_CSV);
    let reply = req("POST", "/api/v1/people/import")
        .token(&hr)
        .raw("text/csv; charset=utf-8", bytes.into_owned())
        .send(&app)
        .await;
    assert_eq!(reply.assert(200).json()["imported"], 6);
    let people = app.store.people().await.unwrap();
    assert_eq!(people[0].name, "赵总");
}

#[tokio::test]
async fn an_xlsx_import_reads_the_first_sheet() {
    let app = TestApp::empty().await;
    let hr = app.hr().await;
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, line) in PEOPLE_CSV.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    let reply = req("POST", "/api/v1/people/import")
        .token(&hr)
        .raw(XLSX, book.save_to_buffer().unwrap())
        .send(&app)
        .await;
    assert_eq!(
        reply.assert(200).json(),
        json!({"imported": 6, "updated": 0})
    );
}

#[tokio::test]
async fn a_file_with_problems_answers_every_row_and_stores_nothing() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let bad = "id,name,department,title,superior\nP1,,A区,主管,M001\nP2,周九,A区,主管,M001\nP2,吴十,A区,主管,\n";
    let reply = req("POST", "/api/v1/people/import")
        .token(&hr)
        .raw("text/csv", bad)
        .send(&app)
        .await;
    reply.assert(422);
    let errors = reply.errors();
    assert_eq!(errors[0]["row"], 2);
    assert_eq!(errors[0]["column"], "B \"name\"");
    assert_eq!(errors[0]["message"], "“name”不能为空");
    assert!(
        errors
            .iter()
            .any(|e| e["row"] == 4 && e["message"].as_str().unwrap().contains("P2"))
    );
    assert_eq!(errors.len(), 2);
    assert_eq!(app.store.people().await.unwrap().len(), 6);

    // Problems of the org chart as a whole come from the store, in the same shape.
    let unknown_superior = req("POST", "/api/v1/people/import")
        .token(&hr)
        .header("accept-language", "en")
        .raw(
            "text/csv",
            "id,name,department,title,superior\nP2,周九,A区,主管,X999\n",
        )
        .send(&app)
        .await;
    unknown_superior.assert(422);
    let e = &unknown_superior.errors()[0];
    assert_eq!(e["row"], 2);
    assert!(e["message"].as_str().unwrap().contains("X999"), "{e}");
    assert_eq!(app.store.people().await.unwrap().len(), 6);
}

#[tokio::test]
async fn row_problems_and_org_chart_problems_come_in_one_answer() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    // Row 2: a name with a control character; row 3: an unknown superior; row 4: a superior
    // among the people stored (M001), which is fine.
    let bad = "id,name,department,title,superior\nP1,周\u{1b}九,A区,主管,M001\nP2,吴十,A区,主管,X999\nP3,郑一,A区,主管,M001\n";
    let reply = req("POST", "/api/v1/people/import")
        .token(&hr)
        .header("accept-language", "en")
        .raw("text/csv", bad)
        .send(&app)
        .await;
    reply.assert(422);
    let errors = reply.errors();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0]["row"], 2);
    assert_eq!(errors[0]["column"], "B \"name\"");
    assert_eq!(
        errors[0]["message"],
        "the cell holds a control character (U+001B) at character 2, which is not allowed"
    );
    assert_eq!(errors[1]["row"], 3);
    assert!(errors[1]["message"].as_str().unwrap().contains("X999"));
    assert_eq!(app.store.people().await.unwrap().len(), 6);
}

#[tokio::test]
async fn an_import_that_is_neither_csv_nor_xlsx_is_415() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    for content_type in ["application/json", "text/plain", "application/octet-stream"] {
        let reply = req("POST", "/api/v1/people/import")
            .token(&hr)
            .raw(content_type, PEOPLE_CSV)
            .send(&app)
            .await;
        reply.assert(415);
        assert!(reply.message().contains("text/csv"), "{}", reply.message());
    }
    req("POST", "/api/v1/people/import")
        .token(&hr)
        .send(&app)
        .await
        .assert(415);
}

#[tokio::test]
async fn an_empty_file_is_422() {
    let app = TestApp::new().await;
    let hr = app.hr().await;
    let reply = req("POST", "/api/v1/people/import")
        .token(&hr)
        .raw("text/csv", "")
        .send(&app)
        .await;
    reply.assert(422);
    assert!(reply.message().contains("空"), "{}", reply.message());
}
