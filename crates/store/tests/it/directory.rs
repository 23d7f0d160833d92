//! What HR changes about people and users: the dry run of an import, one person's record,
//! users' roles, people and passwords, and the audit log of it all.

use std::sync::Arc;

use yardstick_formats::people::parse_people;
use yardstick_formats::problem::ProblemKind;
use yardstick_store::{
    ImportOutcome, PersonEdit, PersonField, Role, SqlStore, Store, StoreError, UserChange,
};

use crate::harness::{company, contract, hr, rows};

/// The fields the problems of an invalid request name.
fn fields(err: StoreError) -> Vec<String> {
    let StoreError::Invalid(problems) = err else {
        panic!("expected a broken rule, got {err:?}")
    };
    problems.into_iter().map(|p| p.field.unwrap()).collect()
}

fn edit(name: &str, superior: Option<&str>) -> PersonEdit {
    PersonEdit {
        name: name.into(),
        department: "翠湖花园管理处".into(),
        title: "客服主管".into(),
        superior: superior.map(str::to_string),
        email: None,
        phone: None,
    }
}

contract!(
    checking_a_people_import_tells_what_it_would_do_and_stores_nothing,
    async |store: Arc<SqlStore>| {
        company(&store).await;
        let file = "id,name,department,title,superior\n\
            S11,张客服,翠湖花园管理处,客服经理,PM1\n\
            S14,新人,翠湖花园管理处,环境主管,PM1\n\
            PM1,王经理,翠湖花园管理处,项目经理,GM\n";
        let preview = store.check_people(rows(file)).await.unwrap();
        assert!(preview.is_clean(), "{:?}", preview.problems);
        assert_eq!(
            preview.outcome(),
            ImportOutcome {
                imported: 1,
                updated: 2
            }
        );
        assert_eq!(preview.added[0].id, "S14");
        let (before, after) = &preview.updated[0];
        assert_eq!(
            (before.id.as_str(), before.title.as_str()),
            ("S11", "客服主管")
        );
        let changes = before.changes(after);
        assert_eq!(changes, vec![(PersonField::Title, "客服主管", "客服经理")]);
        assert!(
            preview.updated[1]
                .0
                .changes(&preview.updated[1].1)
                .is_empty()
        );
        assert_eq!(store.people().await.unwrap().len(), 9, "nothing stored");
        // Importing the same rows does what the check said, and the audit log says who.
        let by = hr(&store).await;
        let outcome = store.import_people_by(rows(file), &by).await.unwrap();
        assert_eq!(outcome, preview.outcome());
        let log = store.account_audit(1).await.unwrap();
        assert_eq!(
            (log[0].action.as_str(), log[0].user.as_deref()),
            ("people.import", Some("hr"))
        );
        assert_eq!(log[0].subject.as_deref(), Some("imported 1 · updated 2"));

        // Every problem of the org chart, however many: 60 unknown superiors and a loop.
        let mut bad = String::from("id,name,department,title,superior\n");
        for i in 0..60 {
            bad.push_str(&format!("N{i:02},新人,A,B,X{i:02}\n"));
        }
        bad.push_str("PM1,王经理,A,B,S12\n");
        let preview = store.check_people(rows(&bad)).await.unwrap();
        assert_eq!(preview.problems.len(), 61);
        assert_eq!(preview.problems[0].row, Some(2));
        assert_eq!(
            preview.problems[60].kind,
            ProblemKind::ReportingCycle(vec!["PM1".into(), "S12".into(), "PM1".into()])
        );
        assert_eq!(preview.problems[60].row, Some(62));
        assert_eq!(store.people().await.unwrap().len(), 10, "nothing stored");

        // The file's own problems and the org chart's, all of them, in one list by row.
        let file = parse_people(
            "id,name,department,title,superior\nN1,,A,B,GM\nN2,新人,A,B,X9\nN3,新人,A,B,N1\n"
                .as_bytes(),
        )
        .unwrap();
        let known: Vec<(String, Option<String>)> = store
            .people()
            .await
            .unwrap()
            .into_iter()
            .map(|p| (p.id, p.superior))
            .collect();
        let all: Vec<(Option<u64>, ProblemKind)> = file
            .all_problems(&known)
            .into_iter()
            .map(|p| (p.row, p.kind))
            .collect();
        assert_eq!(
            all,
            vec![
                (Some(2), ProblemKind::Blank),
                (Some(3), ProblemKind::UnknownSuperior("X9".into())),
            ]
        );
    }
);

contract!(
    hr_edits_a_person_and_the_org_chart_stays_whole,
    async |store: Arc<SqlStore>| {
        company(&store).await;
        let by = hr(&store).await;
        let changed = store
            .update_person(
                "S11",
                PersonEdit {
                    name: " 张客服 ".into(),
                    department: "锦绣华庭管理处".into(),
                    title: "客服经理".into(),
                    superior: Some("PM2".into()),
                    email: Some("zhang@example.com".into()),
                    phone: Some(" ".into()),
                },
                Some(&by),
            )
            .await
            .unwrap();
        assert_eq!(changed.name, "张客服");
        assert_eq!(changed.superior.as_deref(), Some("PM2"));
        assert_eq!(changed.phone, None, "blank is none");
        let people = store.people().await.unwrap();
        let s11 = people.iter().find(|p| p.id == "S11").unwrap();
        assert_eq!(s11, &changed);
        assert_eq!(people[3].id, "S11", "the person keeps their place");
        let log = store.account_audit(10).await.unwrap();
        assert_eq!(log[0].action, "person.update");
        assert_eq!(log[0].subject.as_deref(), Some("S11"));
        assert_eq!(log[0].user.as_deref(), Some("hr"));

        // Nobody at the top any more: the superior may be none.
        store
            .update_person("S12", edit("刘工程", None), None)
            .await
            .unwrap();

        assert!(matches!(
            store.update_person("NOBODY", edit("x", None), None).await,
            Err(StoreError::NotFound(_))
        ));
        // Every field out of bounds at once, each named.
        let err = store
            .update_person(
                "S13",
                PersonEdit {
                    name: " ".into(),
                    department: "A\u{1b}[2J".into(),
                    title: "t".repeat(201),
                    superior: Some("X9".into()),
                    email: Some("e\u{0}".into()),
                    phone: Some("1".repeat(201)),
                },
                None,
            )
            .await
            .unwrap_err();
        assert_eq!(
            fields(err),
            ["name", "department", "title", "email", "phone", "superior"]
        );
        // Their own superior, or someone below them: a reporting loop.
        let err = store
            .update_person("PM1", edit("王经理", Some("PM1")), None)
            .await
            .unwrap_err();
        assert_eq!(fields(err), ["superior"]);
        let Err(StoreError::Invalid(problems)) = store
            .update_person("PM1", edit("王经理", Some("S13")), None)
            .await
        else {
            panic!("a loop is refused")
        };
        assert_eq!(problems[0].field.as_deref(), Some("superior"));
        let text = problems[0].message.render(yardstick_core::Lang::En);
        assert!(text.contains("PM1 → S13 → PM1"), "{text}");
        let people = store.people().await.unwrap();
        let pm1 = people.iter().find(|p| p.id == "PM1").unwrap();
        assert_eq!(pm1.superior.as_deref(), Some("GM"), "nothing changed");
        assert_eq!(pm1.department, "翠湖花园管理处");
    }
);

contract!(
    hr_lists_creates_and_changes_users_and_the_audit_log_says_who,
    async |store: Arc<SqlStore>| {
        company(&store).await;
        let by = hr(&store).await;
        let wang = store
            .create_user("wang", "password-wang", Role::Manager, Some("PM1"), &by)
            .await
            .unwrap();
        let users = store.users().await.unwrap();
        let names: Vec<&str> = users.iter().map(|u| u.username.as_str()).collect();
        assert_eq!(names, ["hr", "wang"]);
        assert_eq!(store.user(wang.id).await.unwrap(), wang);
        assert!(matches!(
            store.user(9999).await,
            Err(StoreError::NotFound(_))
        ));

        let session = store.login("wang", "password-wang").await.unwrap().token;
        let changed = store
            .update_user(
                wang.id,
                UserChange {
                    role: Some(Role::Hr),
                    person: Some(None),
                },
                &by,
            )
            .await
            .unwrap();
        assert_eq!((changed.role, changed.person_id.clone()), (Role::Hr, None));
        let now = store.session_user(&session).await.unwrap().unwrap();
        assert_eq!(now.role, Role::Hr, "the session goes on with the new role");
        let linked = store
            .update_user(
                wang.id,
                UserChange {
                    role: None,
                    person: Some(Some("PM2".into())),
                },
                &by,
            )
            .await
            .unwrap();
        assert_eq!(
            (linked.role, linked.person_id.as_deref()),
            (Role::Hr, Some("PM2"))
        );
        // Nothing to change: nothing in the audit log.
        store
            .update_user(wang.id, UserChange::default(), &by)
            .await
            .unwrap();
        let err = store
            .update_user(
                wang.id,
                UserChange {
                    role: None,
                    person: Some(Some("NOBODY".into())),
                },
                &by,
            )
            .await
            .unwrap_err();
        assert_eq!(fields(err), ["person"]);
        assert!(matches!(
            store.update_user(9999, UserChange::default(), &by).await,
            Err(StoreError::NotFound(_))
        ));

        let log = store.account_audit(10).await.unwrap();
        let lines: Vec<(&str, &str)> = log
            .iter()
            .map(|e| (e.action.as_str(), e.subject.as_deref().unwrap()))
            .collect();
        let id = wang.id;
        assert_eq!(
            lines,
            vec![
                (
                    "user.update",
                    format!("user {id} (wang) · person — → PM2").as_str()
                ),
                (
                    "user.update",
                    format!("user {id} (wang) · role manager → hr · person PM1 → —").as_str()
                ),
                (
                    "user.create",
                    format!("user {id} (wang) · manager · PM1").as_str()
                ),
                ("user.create", format!("user {} (hr) · hr", by.id).as_str()),
                ("people.import", "imported 9 · updated 0"),
            ]
        );
        assert_eq!(log[0].user.as_deref(), Some("hr"));
        assert_eq!(log[3].user, None, "added without HR (the command line)");
        assert!(log.iter().all(|e| e.cycle_id.is_none()));

        // A user name holds no control character and is at most 200 characters.
        let err = store
            .create_user("a\u{1b}b", "password-x", Role::Employee, None, &by)
            .await
            .unwrap_err();
        assert_eq!(fields(err), ["username"]);
        let err = store
            .create_user(&"u".repeat(201), "short", Role::Employee, None, &by)
            .await
            .unwrap_err();
        assert_eq!(fields(err), ["username", "password"]);
    }
);

contract!(
    hr_resets_a_password_and_that_users_sessions_end,
    async |store: Arc<SqlStore>| {
        let by = hr(&store).await;
        let li = store
            .create_user("li", "first password", Role::Employee, None, &by)
            .await
            .unwrap();
        let one = store.login("li", "first password").await.unwrap().token;
        let two = store.login("li", "first password").await.unwrap().token;
        let hr_session = store.login("hr", "password-hr").await.unwrap().token;
        let err = store.reset_password(li.id, "short", &by).await.unwrap_err();
        assert_eq!(fields(err), ["password"]);
        assert!(matches!(
            store.reset_password(9999, "short", &by).await,
            Err(StoreError::NotFound(_))
        ));
        assert!(
            store.session_user(&one).await.unwrap().is_some(),
            "nothing changed"
        );
        store
            .reset_password(li.id, "second password", &by)
            .await
            .unwrap();
        assert!(matches!(
            store.login("li", "first password").await,
            Err(StoreError::BadCredentials)
        ));
        assert!(store.login("li", "second password").await.is_ok());
        assert!(store.session_user(&one).await.unwrap().is_none());
        assert!(store.session_user(&two).await.unwrap().is_none());
        assert!(
            store.session_user(&hr_session).await.unwrap().is_some(),
            "only that user's sessions end"
        );
        let log = store.account_audit(1).await.unwrap();
        assert_eq!(log.len(), 1);
        assert_eq!(log[0].action, "user.password_reset");
        assert_eq!(
            log[0].subject.as_deref(),
            Some(format!("user {} (li)", li.id).as_str())
        );
    }
);
