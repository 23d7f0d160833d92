//! `yardstick user add`.

use yardstick_store::{Role, Store};

use crate::{PEOPLE, block_on, open_store, run_in, run_with_input, stderr, stdout};

#[test]
fn user_add_takes_the_password_from_the_first_line_of_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("people.csv"), PEOPLE).unwrap();
    assert!(
        run_in(d, &["people", "import", "people.csv"])
            .status
            .success()
    );
    let o = run_with_input(
        d,
        &[
            "user",
            "add",
            "wang",
            "--role",
            "manager",
            "--person",
            "P1",
            "--password-stdin",
        ],
        "correct horse battery\r\nsecond line ignored\n",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), "added user wang (role manager)");
    block_on(async {
        let store = open_store(d, "yardstick.db").await;
        let session = store.login("wang", "correct horse battery").await.unwrap();
        assert_eq!(session.user.role, Role::Manager);
        assert_eq!(session.user.person_id.as_deref(), Some("P1"));
        assert!(store.login("wang", "second line ignored").await.is_err());
        store.close().await;
    });
}

#[test]
fn user_add_refuses_a_short_password_a_taken_name_and_an_unknown_person() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let add = |name: &str, extra: &[&str], password: &str| {
        let mut args = vec!["user", "add", name, "--role", "hr", "--password-stdin"];
        args.extend_from_slice(extra);
        run_with_input(d, &args, password)
    };
    let o = add("li", &[], "short\n");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("the password needs at least 8 characters"),
        "{}",
        stderr(&o)
    );
    let o = add("li", &[], "");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no password on standard input"),
        "{}",
        stderr(&o)
    );
    assert!(add("li", &[], "long enough\n").status.success());
    let o = add("li", &[], "long enough\n");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("\"li\" is taken"), "{}", stderr(&o));
    let o = add("zhao", &["--person", "NOPE"], "long enough\n");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no person with id \"NOPE\""),
        "{}",
        stderr(&o)
    );
}

#[test]
fn user_add_without_password_stdin_or_with_an_unknown_role_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let o = run_in(dir.path(), &["user", "add", "li", "--role", "hr"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--password-stdin"), "{}", stderr(&o));
    let o = run_in(
        dir.path(),
        &["user", "add", "li", "--role", "boss", "--password-stdin"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("admin"), "{}", stderr(&o));
    assert!(!dir.path().join("yardstick.db").exists());
}
