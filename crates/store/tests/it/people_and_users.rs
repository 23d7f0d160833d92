//! People, the org chart, users and sessions.

use std::sync::Arc;

use yardstick_formats::problem::ProblemKind;
use yardstick_store::{ImportOutcome, Role, SqlStore, Store, StoreError};

use crate::harness::{COMPANY, company, contract, rows};

contract!(
    people_import_adds_new_ids_and_replaces_known_ones,
    async |store: Arc<SqlStore>| {
        let outcome = store.import_people(rows(COMPANY)).await.unwrap();
        assert_eq!(
            outcome,
            ImportOutcome {
                imported: 9,
                updated: 0
            }
        );
        let again = "id,name,department,title,superior\nS11,张客服,翠湖花园管理处,客服经理,PM1\nS14,新人,翠湖花园管理处,环境主管,PM1\n";
        let outcome = store.import_people(rows(again)).await.unwrap();
        assert_eq!(
            outcome,
            ImportOutcome {
                imported: 1,
                updated: 1
            }
        );
        let people = store.people().await.unwrap();
        assert_eq!(people.len(), 10);
        assert_eq!(people[0].id, "GM", "import order is kept");
        assert_eq!(people[9].id, "S14");
        let s11 = people.iter().find(|p| p.id == "S11").unwrap();
        assert_eq!(s11.title, "客服经理");
        assert_eq!(s11.superior.as_deref(), Some("PM1"));
    }
);

contract!(
    a_people_import_breaking_the_org_chart_stores_nothing,
    async |store: Arc<SqlStore>| {
        company(&store).await;
        // S11 would report to X9 (unknown); PM1 and S12 would report to each other.
        let bad = "id,name,department,title,superior\nS11,张客服,A,B,X9\nPM1,王经理,A,B,S12\nN1,新人,A,B,PM1\n";
        let err = store.import_people(rows(bad)).await.unwrap_err();
        let StoreError::File(problems) = err else {
            panic!("{err:?}")
        };
        let kinds: Vec<ProblemKind> = problems.listed.iter().map(|p| p.kind.clone()).collect();
        assert_eq!(
            kinds,
            vec![
                ProblemKind::UnknownSuperior("X9".into()),
                ProblemKind::ReportingCycle(vec!["PM1".into(), "S12".into(), "PM1".into()]),
            ]
        );
        let people = store.people().await.unwrap();
        assert_eq!(people.len(), 9, "nothing stored");
        assert!(people.iter().all(|p| p.id != "N1"));
        assert_eq!(
            people
                .iter()
                .find(|p| p.id == "S11")
                .unwrap()
                .superior
                .as_deref(),
            Some("PM1")
        );
    }
);

contract!(
    users_log_in_with_their_password_and_sessions_name_them,
    async |store: Arc<SqlStore>| {
        company(&store).await;
        let user = store
            .add_user("wang", "secret-pass", Role::Manager, Some("PM1"))
            .await
            .unwrap();
        assert_eq!(user.role, Role::Manager);
        let session = store.login("wang", "secret-pass").await.unwrap();
        assert!(session.token.len() >= 40);
        assert_eq!(
            store.session_user(&session.token).await.unwrap(),
            Some(user.clone())
        );
        assert!(matches!(
            store.login("wang", "wrong-pass").await,
            Err(StoreError::BadCredentials)
        ));
        assert!(matches!(
            store.login("nobody", "secret-pass").await,
            Err(StoreError::BadCredentials)
        ));
        assert_eq!(store.session_user("not-a-token").await.unwrap(), None);
        store.logout(&session.token).await.unwrap();
        assert_eq!(store.session_user(&session.token).await.unwrap(), None);
    }
);

contract!(bad_users_are_refused_with_reasons, async |store: Arc<
    SqlStore,
>| {
    store
        .add_user("hr", "password-1", Role::Hr, None)
        .await
        .unwrap();
    assert!(matches!(
        store.add_user("hr", "password-2", Role::Hr, None).await,
        Err(StoreError::Conflict(_))
    ));
    let Err(StoreError::Invalid(problems)) = store.add_user(" ", "short", Role::Hr, None).await
    else {
        panic!("expected a 422")
    };
    let fields: Vec<_> = problems.iter().map(|p| p.field.clone().unwrap()).collect();
    assert_eq!(fields, vec!["username", "password"]);
    assert!(matches!(
        store
            .add_user("x", "password-3", Role::Employee, Some("NOBODY"))
            .await,
        Err(StoreError::Invalid(_))
    ));
});

contract!(
    a_user_changes_their_password_with_the_current_one_and_other_sessions_end,
    async |store: Arc<SqlStore>| {
        store
            .add_user("hr2", "first password", Role::Hr, None)
            .await
            .unwrap();
        let this = store.login("hr2", "first password").await.unwrap().token;
        let other = store.login("hr2", "first password").await.unwrap().token;
        let Err(StoreError::Invalid(problems)) =
            store.change_password(&this, "wrong", "short").await
        else {
            panic!("a wrong current password and a short new one are refused");
        };
        let fields: Vec<_> = problems.iter().filter_map(|p| p.field.as_deref()).collect();
        assert_eq!(fields, ["current", "new"]);
        assert!(
            store.login("hr2", "first password").await.is_ok(),
            "nothing changed"
        );
        store
            .change_password(&this, "first password", "second password")
            .await
            .unwrap();
        assert!(matches!(
            store.login("hr2", "first password").await,
            Err(StoreError::BadCredentials)
        ));
        assert!(store.login("hr2", "second password").await.is_ok());
        assert!(store.session_user(&this).await.unwrap().is_some());
        assert!(store.session_user(&other).await.unwrap().is_none());
        assert!(matches!(
            store.change_password("no session", "x", "yyyyyyyy").await,
            Err(StoreError::NotFound(_))
        ));
    }
);
