//! The whole audit log: newest first, with the names of who and which cycle, filtered by
//! cycle and paged.

use std::sync::Arc;

use yardstick_store::{
    AssesseeChoice, AuditFilter, CycleState, Entity, PageRequest, SqlStore, Store, StoreError,
};

use crate::cycles::new_cycle;
use crate::harness::{company, contract, hr};

contract!(
    the_audit_log_lists_every_cycles_actions_newest_first_with_names_and_pages,
    async |store: Arc<SqlStore>| {
        company(&store).await;
        let hr = hr(&store).await;
        let first = store
            .create_cycle(new_cycle(AssesseeChoice::Ids(vec!["PM1".into()])))
            .await
            .unwrap()
            .id;
        let second = store
            .create_cycle(new_cycle(AssesseeChoice::Ids(vec!["PM2".into()])))
            .await
            .unwrap()
            .id;
        store
            .transition(first, CycleState::Open, Some(&hr))
            .await
            .unwrap();
        store
            .set_notice(second, Some("说明".into()), None)
            .await
            .unwrap();
        store
            .transition(first, CycleState::Closed, Some(&hr))
            .await
            .unwrap();

        let all = |number| PageRequest { number, size: 2 };
        let page = store.audit_log(AuditFilter::All, all(1)).await.unwrap();
        // The import of the company and the HR user's account come first, without a cycle;
        // then the creation of each cycle.
        assert_eq!(page.total, 7);
        let actions: Vec<&str> = page.lines.iter().map(|l| l.action.as_str()).collect();
        assert_eq!(actions, ["cycle.closed", "notice"]);
        assert_eq!(page.lines[0].user.as_deref(), Some("hr"));
        assert_eq!(page.lines[0].cycle_id, Some(first));
        assert_eq!(page.lines[0].cycle_name.as_deref(), Some("2026年度360评估"));
        assert_eq!(page.lines[1].user, None, "the notice was set by nobody");
        assert!(page.lines[0].id > page.lines[1].id);
        assert!(page.lines[0].at >= page.lines[1].at);
        let rest = store.audit_log(AuditFilter::All, all(2)).await.unwrap();
        assert_eq!(rest.total, 7);
        let actions: Vec<&str> = rest.lines.iter().map(|l| l.action.as_str()).collect();
        assert_eq!(actions, ["cycle.open", "cycle.create"]);
        assert_eq!(rest.lines[1].cycle_id, Some(second));
        let beyond = store.audit_log(AuditFilter::All, all(9)).await.unwrap();
        assert!(beyond.lines.is_empty());
        assert_eq!(beyond.total, 7);

        let big = PageRequest {
            number: 1,
            size: 100,
        };
        let of_first = store
            .audit_log(AuditFilter::Cycle(first), big)
            .await
            .unwrap();
        assert_eq!(of_first.total, 3);
        assert!(of_first.lines.iter().all(|l| l.cycle_id == Some(first)));
        let of_second = store
            .audit_log(AuditFilter::Cycle(second), big)
            .await
            .unwrap();
        assert_eq!(of_second.lines.len(), 2);
        assert_eq!(of_second.lines[0].action, "notice");
        assert_eq!(of_second.lines[1].action, "cycle.create");
        let none = store.audit_log(AuditFilter::NoCycle, big).await.unwrap();
        let actions: Vec<&str> = none.lines.iter().map(|l| l.action.as_str()).collect();
        assert_eq!(actions, ["user.create", "people.import"]);
        assert!(matches!(
            store.audit_log(AuditFilter::Cycle(9999), big).await,
            Err(StoreError::NotFound(Entity::Cycle))
        ));
    }
);

contract!(
    a_download_is_appended_to_the_audit_log_and_an_unknown_action_is_refused,
    async |store: Arc<SqlStore>| {
        company(&store).await;
        let hr = hr(&store).await;
        let id = store
            .create_cycle_by(
                new_cycle(AssesseeChoice::Ids(vec!["PM1".into()])),
                Some(&hr),
            )
            .await
            .unwrap()
            .id;
        let line = |action, cycle| yardstick_store::NewAuditLine {
            by: Some(&hr),
            action,
            cycle,
            subject: Some("PM1 · report.pdf"),
        };
        store
            .record_audit(line("download.report", Some(id)))
            .await
            .unwrap();
        let log = store.audit(id).await.unwrap();
        let actions: Vec<&str> = log.iter().map(|a| a.action.as_str()).collect();
        assert_eq!(actions, ["cycle.create", "download.report"]);
        assert!(log.iter().all(|a| a.user.as_deref() == Some("hr")));
        assert_eq!(log[1].subject.as_deref(), Some("PM1 · report.pdf"));
        let before = store.audit(id).await.unwrap().len();
        assert!(matches!(
            store.record_audit(line("something.else", Some(id))).await,
            Err(StoreError::Broken(_))
        ));
        assert!(matches!(
            store
                .record_audit(line("download.report", Some(9999)))
                .await,
            Err(StoreError::NotFound(Entity::Cycle))
        ));
        assert_eq!(store.audit(id).await.unwrap().len(), before);
    }
);
