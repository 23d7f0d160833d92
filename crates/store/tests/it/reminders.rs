//! The record of reminders sent to raters, and who gains access when a cycle is published.

use std::sync::Arc;

use yardstick_store::{
    AssesseeChoice, Entity, NewReminder, ReminderOutcome, Role, SqlStore, Store, StoreError,
};

use crate::cycles::new_cycle;
use crate::harness::{company, contract, hr};

contract!(
    reminders_are_recorded_with_who_when_where_and_what_became_of_them,
    async |store: Arc<SqlStore>| {
        company(&store).await;
        let by = hr(&store).await;
        let c = store
            .create_cycle(new_cycle(AssesseeChoice::Ids(vec!["PM1".into()])))
            .await
            .unwrap();
        let all = store.auto_assign(c.id).await.unwrap();
        assert!(store.reminders(c.id).await.unwrap().is_empty());
        let (a, b) = (all[0].rater.id, all[1].rater.id);
        store
            .record_reminders(
                c.id,
                Some(&by),
                vec![
                    NewReminder {
                        rater: a,
                        address: "a@example.com".into(),
                        outcome: ReminderOutcome::Sent,
                    },
                    NewReminder {
                        rater: b,
                        address: "b@example.com".into(),
                        outcome: ReminderOutcome::Failed("550 no such mailbox".into()),
                    },
                ],
            )
            .await
            .unwrap();
        store
            .record_reminders(
                c.id,
                None,
                vec![NewReminder {
                    rater: a,
                    address: "a@example.com".into(),
                    outcome: ReminderOutcome::Sent,
                }],
            )
            .await
            .unwrap();
        let got = store.reminders(c.id).await.unwrap();
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].rater, a);
        assert_eq!(got[0].by.as_deref(), Some("hr"));
        assert_eq!(got[0].address, "a@example.com");
        assert_eq!(got[0].outcome, ReminderOutcome::Sent);
        assert_eq!(
            got[1].outcome,
            ReminderOutcome::Failed("550 no such mailbox".into())
        );
        assert_eq!(got[2].by, None);
        assert!(got[0].at > 0 && got[2].at >= got[0].at);

        // A rater of another cycle is not found, and nothing of the batch is kept.
        let other = store
            .create_cycle(new_cycle(AssesseeChoice::Ids(vec!["PM2".into()])))
            .await
            .unwrap();
        let stranger = store.auto_assign(other.id).await.unwrap()[0].rater.id;
        let refused = store
            .record_reminders(
                c.id,
                Some(&by),
                vec![
                    NewReminder {
                        rater: a,
                        address: "a@example.com".into(),
                        outcome: ReminderOutcome::Sent,
                    },
                    NewReminder {
                        rater: stranger,
                        address: "x@example.com".into(),
                        outcome: ReminderOutcome::Sent,
                    },
                ],
            )
            .await;
        assert!(matches!(refused, Err(StoreError::NotFound(Entity::Rater))));
        assert_eq!(store.reminders(c.id).await.unwrap().len(), 3);
        assert!(store.reminders(other.id).await.unwrap().is_empty());
        assert!(matches!(
            store.reminders(999).await,
            Err(StoreError::NotFound(Entity::Cycle))
        ));
    }
);

contract!(
    publishing_reaches_the_assessees_accounts_and_every_manager_above_them,
    async |store: Arc<SqlStore>| {
        company(&store).await;
        hr(&store).await;
        let c = store
            .create_cycle(new_cycle(AssesseeChoice::Ids(vec![
                "S11".into(),
                "S12".into(),
                "S21".into(),
            ])))
            .await
            .unwrap();
        let reach = store.publication_reach(c.id).await.unwrap();
        assert_eq!(reach.assessees, 3);
        assert_eq!(
            (reach.assessees_with_account, reach.accounts, reach.managers),
            (0, 0, 0)
        );
        for (name, role, person) in [
            ("s11", Role::Employee, Some("S11")),
            ("pm1", Role::Manager, Some("PM1")),
            ("gm", Role::Manager, Some("GM")),
            // Below nobody assessed, and not assessed: gains nothing.
            ("s13", Role::Employee, Some("S13")),
            ("pm2", Role::Manager, Some("PM2")),
            // HR sees everything already.
            ("hr2", Role::Hr, Some("S12")),
            ("nobody", Role::Manager, None),
        ] {
            store
                .add_user(name, "password-x", role, person)
                .await
                .unwrap();
        }
        let reach = store.publication_reach(c.id).await.unwrap();
        assert_eq!(reach.assessees, 3);
        assert_eq!(reach.assessees_with_account, 1);
        // s11, pm1, gm, pm2 (above S21).
        assert_eq!(reach.accounts, 4);
        assert_eq!(reach.managers, 3);
    }
);
