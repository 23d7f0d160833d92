//! `yardstick cycle …` end to end on a temporary SQLite database.

use std::path::Path;

use yardstick_core::Choice;
use yardstick_store::{ResponseInput, Store};

use crate::{PEOPLE, block_on, command_in, open_store, run_in, stderr, stdout};

/// A directory with the small company imported.
fn company() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("people.csv"), PEOPLE).unwrap();
    let o = run_in(dir.path(), &["people", "import", "people.csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    dir
}

fn ok(d: &Path, args: &[&str]) -> String {
    let o = run_in(d, args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

/// Reads the links CSV: the header and the rows.
fn read_links(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let text = text.strip_prefix('\u{feff}').expect("a BOM for Excel");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

#[test]
fn create_assign_open_status_and_links_run_a_cycle_end_to_end() {
    let dir = company();
    let d = dir.path();
    let id = ok(
        d,
        &[
            "cycle",
            "create",
            "--name",
            "2026年度管理人员360评估",
            "--assessees",
            "P1,P2,P3",
            "--weights",
            "superior=50",
            "--starts",
            "2026-11-16",
            "--ends",
            "2026-12-11",
        ],
    );
    let id = id.trim();
    assert_eq!(id, "1");

    let o = run_in(d, &["cycle", "assign", id]);
    assert_eq!(o.status.code(), Some(1), "nothing to assign is an error");

    let assigned = ok(
        d,
        &[
            "cycle",
            "assign",
            id,
            "--auto",
            "--add",
            "业主-3栋1202/13800001234:P1:customer",
            "业主-3栋1202/13800001234:P2:业主",
            "--add",
            "业主-5栋0801/:P1:customer",
        ],
    );
    // P1: self and 3 subordinates; P2: self, superior, 2 peers, 2 subordinates; P3: self,
    // superior, 2 peers, 1 subordinate; and 3 by homeowners.
    assert_eq!(
        assigned.trim(),
        "cycle 1: 18 assignments (18 added) for 3 assessees by 9 raters"
    );
    // Assigning from the org chart again adds nothing.
    let again = ok(d, &["cycle", "assign", id, "--auto"]);
    assert!(again.contains("18 assignments (0 added)"), "{again}");

    assert_eq!(
        ok(d, &["cycle", "open", id]).trim(),
        "cycle 1 “2026年度管理人员360评估”: open"
    );

    // One response submitted through the store, as a rater's link would.
    block_on(async {
        let store = open_store(d, "yardstick.db").await;
        let views = store.assignments(1).await.unwrap();
        let view = views
            .iter()
            .find(|v| v.assessee == "P2" && v.rater.person_id.as_deref() == Some("P1"))
            .unwrap();
        let token = view.link.strip_prefix("/r/").unwrap();
        let opened = store.rater_response(token, "P2").await.unwrap();
        let n = opened.model.model.items().len();
        let answers = vec![Some(Choice::Point(4)); n];
        store
            .save_response(
                opened.target,
                ResponseInput {
                    answers,
                    comment: String::new(),
                    submit: true,
                },
            )
            .await
            .unwrap();
        store.close().await;
    });

    let status = ok(d, &["cycle", "status", id]);
    assert!(
        status.starts_with("cycle 1 “2026年度管理人员360评估”: open\n"),
        "{status}"
    );
    assert!(status.contains("2026-11-16 – 2026-12-11"), "{status}");
    assert!(
        status.contains(
            "assignments 18 · raters 9 · submitted 1 · drafts 0 · not started 17 · 6% submitted"
        ),
        "{status}"
    );
    let p2 = status
        .lines()
        .find(|l| l.starts_with("P2 "))
        .unwrap_or_else(|| panic!("no row for P2 in\n{status}"));
    let cells: Vec<&str> = p2.split_whitespace().collect();
    assert_eq!(
        cells,
        [
            "P2",
            "李秀英",
            "翠湖花园管理处",
            "7",
            "0",
            "1",
            "0/1",
            "1/1",
            "0/2",
            "0/2",
            "0/1"
        ],
        "{status}"
    );
    let p1 = status.lines().find(|l| l.starts_with("P1 ")).unwrap();
    assert!(p1.contains('–'), "no superior or peers for P1: {p1}");

    let out = d.join("links.csv");
    let o = run_in(d, &["cycle", "links", id, "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
    let (header, rows) = read_links(&std::fs::read_to_string(&out).unwrap());
    assert_eq!(header, ["rater", "assessees", "link"]);
    assert_eq!(rows.len(), 9, "one row per rater: {rows:?}");
    let row = |rater: &str| rows.iter().find(|r| r[0] == rater).unwrap();
    assert_eq!(row("王建国 (P1)")[1], "王建国、李秀英、张伟");
    assert_eq!(row("业主-3栋1202 (13800001234)")[1], "王建国、李秀英");
    assert_eq!(row("业主-5栋0801")[1], "王建国");
    assert_eq!(row("周强 (P7)")[1], "张伟");

    block_on(async {
        let store = open_store(d, "yardstick.db").await;
        for r in &rows {
            let token = r[2]
                .strip_prefix("http://127.0.0.1:8080/r/")
                .unwrap_or_else(|| panic!("{}", r[2]));
            let session = store.rater_session(token).await.unwrap();
            assert!(r[0].starts_with(&session.rater.name), "{r:?}");
            let names: Vec<String> = session.tasks.iter().map(|t| t.name.clone()).collect();
            assert_eq!(names.join("、"), r[1]);
        }
        assert!(store.rater_session("not-a-token").await.is_err());
        store.close().await;
    });

    assert_eq!(
        ok(d, &["cycle", "close", id]).trim(),
        "cycle 1 “2026年度管理人员360评估”: closed"
    );
    let o = run_in(d, &["cycle", "open", id]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("closed"), "{}", stderr(&o));
    let published = ok(d, &["--lang", "zh", "cycle", "publish", id]);
    assert_eq!(
        published.trim(),
        "考评周期 1“2026年度管理人员360评估”:已发布"
    );
    let list = ok(d, &["cycle", "list"]);
    assert!(list.contains("published"), "{list}");
}

#[test]
fn links_go_to_standard_output_with_the_base_url_from_flag_environment_or_file() {
    let dir = company();
    let d = dir.path();
    let id = ok(d, &["cycle", "create", "--name", "N", "--assessees", "P2"]);
    ok(d, &["cycle", "assign", id.trim(), "--auto"]);

    std::fs::write(
        d.join("yardstick.toml"),
        "base_url = \"https://file.example.com\"\n",
    )
    .unwrap();
    let (_, rows) = read_links(&ok(d, &["cycle", "links", "1"]));
    assert_eq!(rows.len(), 6);
    assert!(
        rows.iter()
            .all(|r| r[2].starts_with("https://file.example.com/r/"))
    );

    let o = command_in(d, &["cycle", "links", "1"])
        .env("YARDSTICK_BASE_URL", "https://360.example.com/")
        .output()
        .unwrap();
    let (_, rows) = read_links(&stdout(&o));
    assert!(
        rows.iter()
            .all(|r| r[2].starts_with("https://360.example.com/r/")),
        "{rows:?}"
    );

    let o = command_in(
        d,
        &["cycle", "links", "1", "--base-url", "http://10.0.0.5:8080"],
    )
    .env("YARDSTICK_BASE_URL", "https://360.example.com/")
    .output()
    .unwrap();
    let (_, rows) = read_links(&stdout(&o));
    assert!(
        rows.iter()
            .all(|r| r[2].starts_with("http://10.0.0.5:8080/r/"))
    );

    let o = run_in(d, &["cycle", "links", "1", "--base-url", "360.example.com"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("http://"), "{}", stderr(&o));
}

#[test]
fn create_lists_every_bad_option_and_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let o = run_in(
        dir.path(),
        &[
            "cycle",
            "create",
            "--name",
            "N",
            "--model",
            "latest",
            "--weights",
            "superior=-1",
            "--starts",
            "2026-02-30",
            "--ends",
            "2026/03/01",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 4, "{err}");
    assert!(err.contains("--model latest"), "{err}");
    assert!(err.contains("--weights"), "{err}");
    assert!(
        err.contains("--starts") && err.contains("2026-02-30"),
        "{err}"
    );
    assert!(
        err.contains("--ends") && err.contains("2026/03/01"),
        "{err}"
    );
    assert!(!dir.path().join("yardstick.db").exists());

    // What only the database can tell: no such people.
    let dir = company();
    let o = run_in(
        dir.path(),
        &["cycle", "create", "--name", "N", "--assessees", "P1,X9"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("there is no person with id \"X9\""),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_duplicate_or_malformed_assignment_adds_nothing() {
    let dir = company();
    let d = dir.path();
    ok(
        d,
        &["cycle", "create", "--name", "N", "--assessees", "P1,P2"],
    );
    ok(d, &["cycle", "assign", "1", "--auto"]);
    let before = ok(d, &["cycle", "status", "1"]);

    let o = run_in(
        d,
        &[
            "cycle",
            "assign",
            "1",
            "--add",
            "P5:P1:peer",
            "P2:P1:subordinate",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("rater \"P2\" is already assigned to \"P1\""),
        "{}",
        stderr(&o)
    );
    let o = run_in(
        d,
        &["cycle", "assign", "1", "--add", "P5:P1", "P5:P1:friend"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o).lines().count(), 2, "{}", stderr(&o));
    assert_eq!(ok(d, &["cycle", "status", "1"]), before);
}

#[test]
fn commands_on_an_unknown_cycle_say_which() {
    let dir = company();
    for args in [
        &["cycle", "status", "7"][..],
        &["cycle", "open", "7"],
        &["cycle", "links", "7"],
        &["cycle", "assign", "7", "--auto"],
    ] {
        let o = run_in(dir.path(), args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&o).contains("there is no cycle 7"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn model_import_with_db_stores_the_model_for_a_cycle() {
    let dir = company();
    let d = dir.path();
    let toml =
        ok(d, &["model", "export", "--builtin"]).replace("version = \"1\"", "version = \"2\"");
    std::fs::write(d.join("m.toml"), toml).unwrap();
    // Without --db it only validates.
    let checked = ok(d, &["model", "import", "m.toml"]);
    assert!(!checked.contains("stored"), "{checked}");
    let stored = ok(
        d,
        &["model", "import", "m.toml", "--db", "sqlite://yardstick.db"],
    );
    let id = stored
        .lines()
        .find_map(|l| l.strip_prefix("stored in the database as model "))
        .unwrap_or_else(|| panic!("{stored}"))
        .trim()
        .to_string();
    let cycle = ok(d, &["cycle", "create", "--name", "N", "--model", &id]);
    assert_eq!(cycle.trim(), "1");
    let status = ok(d, &["cycle", "status", "1"]);
    assert!(status.contains("version 2"), "{status}");
}

#[test]
fn cycle_create_takes_dimensions_per_relationship() {
    let dir = company();
    let d = dir.path();
    let id = ok(
        d,
        &[
            "cycle",
            "create",
            "--name",
            "N",
            "--dimensions",
            "customer=1,4,5,6",
            "--dimensions",
            "同级=1,2;subordinate=3",
        ],
    );
    let id: i64 = id.trim().parse().unwrap();
    let status = ok(d, &["cycle", "status", &id.to_string()]);
    assert!(
        status.contains(
            "customer raters are asked only: 1 客户意识, 4 问题解决, 5 危机处理, 6 关系维护"
        ),
        "{status}"
    );
    block_on(async {
        let store = open_store(d, "yardstick.db").await;
        let cycle = store.cycle(id).await.unwrap();
        let of = |r| cycle.dimensions.of(r).map(<[String]>::to_vec);
        use yardstick_core::Relationship::*;
        assert_eq!(
            of(Customer),
            Some(vec!["1".into(), "4".into(), "5".into(), "6".into()])
        );
        assert_eq!(of(Peer), Some(vec!["1".into(), "2".into()]));
        assert_eq!(of(Subordinate), Some(vec!["3".into()]));
        assert_eq!(of(Superior), None);
        store.close().await;
    });

    for (given, says) in [
        ("customer=9", "dimensions.customer"),
        ("customer", "--dimensions customer"),
        ("friend=1", "--dimensions"),
        ("customer=", "--dimensions"),
    ] {
        let o = run_in(
            d,
            &["cycle", "create", "--name", "M", "--dimensions", given],
        );
        assert_eq!(o.status.code(), Some(1), "{given}");
        let err = stderr(&o);
        assert!(err.contains(says), "{given}: {err}");
    }
    let o = run_in(
        d,
        &[
            "cycle",
            "create",
            "--name",
            "M",
            "--dimensions",
            "customer=9",
        ],
    );
    assert!(stderr(&o).contains("no dimension \"9\""), "{}", stderr(&o));
    let list = ok(d, &["cycle", "list"]);
    assert_eq!(
        list.lines().count(),
        2,
        "only the first cycle is stored: {list}"
    );
}

#[test]
fn a_cycle_name_over_200_characters_is_refused() {
    let dir = company();
    let long = "名".repeat(201);
    let o = run_in(dir.path(), &["cycle", "create", "--name", &long]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--name"), "{}", stderr(&o));
}

#[test]
fn cycle_notice_sets_shows_and_clears_the_privacy_notice_and_refuses_control_characters() {
    let dir = company();
    let d = dir.path();
    ok(
        d,
        &[
            "cycle",
            "create",
            "--name",
            "2026年度评估",
            "--assessees",
            "all",
        ],
    );
    assert!(ok(d, &["--lang", "zh", "cycle", "notice", "1"]).contains("没有个人信息告知"));
    std::fs::write(
        d.join("notice.txt"),
        "我们只保存您的姓名和电话。\n评估结束后删除。\n",
    )
    .unwrap();
    assert!(
        ok(d, &["cycle", "notice", "1", "--file", "notice.txt"])
            .contains("cycle 1 has a privacy notice now")
    );
    assert_eq!(
        ok(d, &["cycle", "notice", "1"]),
        "我们只保存您的姓名和电话。\n评估结束后删除。\n"
    );
    let refused = run_in(d, &["cycle", "notice", "1", "--text", "说明\u{1b}[2J"]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert!(
        !stderr(&refused).contains('\u{1b}'),
        "nothing raw reaches the terminal"
    );
    assert!(stderr(&refused).contains("--text"), "{}", stderr(&refused));
    assert!(ok(d, &["cycle", "notice", "1"]).contains("评估结束后删除"));
    let english = run_in(d, &["cycle", "notice", "1", "--clear"]);
    assert!(stdout(&english).contains("cycle 1 has no privacy notice now"));
    let missing = run_in(
        d,
        &["--lang", "zh", "cycle", "notice", "9", "--text", "说明"],
    );
    assert!(!missing.status.success());
    assert!(
        stderr(&missing).contains("没有编号为 9 的考评周期"),
        "{}",
        stderr(&missing)
    );
}
