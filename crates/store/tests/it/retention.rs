//! Keeping personal data only as long as needed: a closed cycle's raw responses deleted on a
//! chosen day or at once with its results kept, and a person's data erased.

use std::sync::Arc;

use yardstick_core::Choice;
use yardstick_store::{
    AssesseeChoice, AssignmentView, AuditFilter, Change, Conflict, CycleState, Entity,
    ErasureEffect, PageRequest, ResponseInput, Role, SqlStore, Store, StoreError, User,
};

use crate::cycles::new_cycle;
use crate::harness::{company, contract, hr};

fn of<'a>(all: &'a [AssignmentView], rater: &str, assessee: &str) -> &'a AssignmentView {
    all.iter()
        .find(|a| a.rater.person_id.as_deref() == Some(rater) && a.assessee == assessee)
        .unwrap()
}

fn token(a: &AssignmentView) -> &str {
    a.link.trim_start_matches("/r/")
}

async fn answer(store: &Arc<SqlStore>, a: &AssignmentView, value: i32, submit: bool) {
    let r = store.rater_response(token(a), &a.assessee).await.unwrap();
    let mut answers = vec![Some(Choice::Point(value)); 79];
    answers[3] = Some(Choice::Na);
    store
        .save_response(
            r.target,
            ResponseInput {
                answers,
                comment: format!("{} 的意见", a.rater.name),
                submit,
            },
        )
        .await
        .unwrap();
}

/// A closed cycle of PM1 and S11: GM, S12 and S11 answered PM1 (S12's invalidated), S13
/// left a draft, PM1 answered S11.
async fn closed_cycle(store: &Arc<SqlStore>, user: &User) -> (i64, Vec<AssignmentView>) {
    company(store).await;
    let c = store
        .create_cycle(new_cycle(AssesseeChoice::Ids(vec![
            "PM1".into(),
            "S11".into(),
        ])))
        .await
        .unwrap();
    let all = store.auto_assign(c.id).await.unwrap();
    store
        .transition(c.id, CycleState::Open, None)
        .await
        .unwrap();
    answer(store, of(&all, "GM", "PM1"), 2, true).await;
    answer(store, of(&all, "S12", "PM1"), 4, true).await;
    answer(store, of(&all, "S11", "PM1"), 5, true).await;
    answer(store, of(&all, "S13", "PM1"), 3, false).await;
    answer(store, of(&all, "PM1", "S11"), 3, true).await;
    let s12 = of(&all, "S12", "PM1");
    store
        .invalidate_response(c.id, s12.rater.id, "PM1", user, "全部同分")
        .await
        .unwrap();
    store
        .transition(c.id, CycleState::Closed, None)
        .await
        .unwrap();
    (c.id, all)
}

/// What scoring reads, without the raters: (assessee, relationship, answers, comment).
type Scored = Vec<(String, String, String, String)>;

async fn scored(store: &Arc<SqlStore>, cycle: i64) -> (Scored, Vec<String>) {
    let data = store.cycle_responses(cycle).await.unwrap();
    let rows = data
        .responses
        .iter()
        .map(|r| {
            (
                data.assessees[r.assessee].id.clone(),
                r.relationship.code().to_string(),
                format!("{:?}", r.answers),
                r.comment.clone(),
            )
        })
        .collect();
    (
        rows,
        data.responses.iter().map(|r| r.rater.clone()).collect(),
    )
}

contract!(
    deleting_raw_responses_keeps_what_the_results_are_computed_from,
    async |store: Arc<SqlStore>| {
        let user = hr(&store).await;
        let (cycle, all) = closed_cycle(&store, &user).await;
        let (before, raters) = scored(&store, cycle).await;
        assert_eq!(
            before.len(),
            3,
            "two of PM1's responses and one of S11's count"
        );
        assert_eq!(raters, ["GM", "S11", "PM1"]);

        let progress = store.progress(cycle).await.unwrap();
        assert_eq!(progress.iter().map(|p| p.draft).sum::<u64>(), 1);
        assert_eq!(progress.iter().map(|p| p.invalidated).sum::<u64>(), 1);
        let purged = store.purge_responses(cycle, Some(&user)).await.unwrap();
        assert!(purged.purged_at.is_some());
        assert_eq!(purged.revision, 1);
        assert_eq!(purged.state, CycleState::Closed);
        let (after, labels) = scored(&store, cycle).await;
        assert_eq!(
            after, before,
            "every answer and comment that counted, in order"
        );
        assert_eq!(labels, ["R1", "R2", "R3"], "the raters lead to nobody");

        // Everything else about the raters is gone.
        assert!(store.assignments(cycle).await.unwrap().is_empty());
        assert!(store.invalidations(cycle).await.unwrap().is_empty());
        assert!(store.reminders(cycle).await.unwrap().is_empty());
        assert_eq!(
            store.progress(cycle).await.unwrap(),
            progress,
            "the response counts as they stood"
        );
        for a in &all {
            assert!(matches!(
                store.rater_session(token(a)).await,
                Err(StoreError::NotFound(Entity::Rater))
            ));
        }
        // Publishing still works, from what was kept.
        store
            .transition(cycle, CycleState::Published, None)
            .await
            .unwrap();
        assert_eq!(scored(&store, cycle).await.0, before);

        // Again: nothing happens.
        let again = store.purge_responses(cycle, Some(&user)).await.unwrap();
        assert_eq!(again.revision, 1);
        assert_eq!(again.purged_at, purged.purged_at);
        let audit = store.audit(cycle).await.unwrap();
        let purges: Vec<_> = audit
            .iter()
            .filter(|a| a.action == "responses.purge")
            .collect();
        assert_eq!(purges.len(), 1);
        assert_eq!(purges[0].user.as_deref(), Some("hr"));
        assert_eq!(purges[0].subject.as_deref(), Some("kept 3 · raters 6"));
        assert_eq!(purges[0].reason, None);
    }
);

contract!(
    raw_responses_go_only_once_a_cycle_has_stopped_taking_answers,
    async |store: Arc<SqlStore>| {
        let user = hr(&store).await;
        company(&store).await;
        let c = store
            .create_cycle(new_cycle(AssesseeChoice::Ids(vec!["PM1".into()])))
            .await
            .unwrap();
        for state in [CycleState::Draft, CycleState::Open] {
            if state == CycleState::Open {
                store.transition(c.id, state, None).await.unwrap();
            }
            let refused = StoreError::cycle_state(state, Change::Retention);
            let purge = store.purge_responses(c.id, Some(&user)).await.unwrap_err();
            assert_eq!(format!("{purge:?}"), format!("{refused:?}"));
            let day = store
                .set_purge_on(c.id, Some("2027-06-30".into()), "2026-12-04".into(), None)
                .await
                .unwrap_err();
            assert_eq!(format!("{day:?}"), format!("{refused:?}"));
        }
        assert!(matches!(
            store.purge_responses(999, None).await,
            Err(StoreError::NotFound(Entity::Cycle))
        ));
        let now = store.cycle(c.id).await.unwrap();
        assert_eq!((now.purged_at, now.purge_on, now.revision), (None, None, 0));
    }
);

contract!(
    raw_responses_are_deleted_on_the_day_chosen,
    async |store: Arc<SqlStore>| {
        let user = hr(&store).await;
        let (cycle, _) = closed_cycle(&store, &user).await;
        for (day, field) in [("2027-02-30", "purge_on"), ("2026-12-03", "purge_on")] {
            match store
                .set_purge_on(cycle, Some(day.into()), "2026-12-04".into(), Some(&user))
                .await
            {
                Err(StoreError::Invalid(p)) => assert_eq!(p[0].field.as_deref(), Some(field)),
                other => panic!("{day}: {other:?}"),
            }
        }
        let set = store
            .set_purge_on(
                cycle,
                Some("2027-06-30".into()),
                "2026-12-04".into(),
                Some(&user),
            )
            .await
            .unwrap();
        assert_eq!(set.purge_on.as_deref(), Some("2027-06-30"));
        assert!(store.purge_due("2027-06-29").await.unwrap().is_empty());
        assert!(store.cycle(cycle).await.unwrap().purged_at.is_none());
        assert_eq!(store.purge_due("2027-06-30").await.unwrap(), [cycle]);
        let done = store.cycle(cycle).await.unwrap();
        assert!(done.purged_at.is_some());
        assert_eq!(done.purge_on, None);
        assert!(store.purge_due("2027-07-01").await.unwrap().is_empty());
        // Nothing more to schedule.
        assert!(matches!(
            store
                .set_purge_on(cycle, Some("2027-08-01".into()), "2026-12-04".into(), None)
                .await,
            Err(StoreError::Conflict(Conflict::Purged))
        ));
        let audit = store.audit(cycle).await.unwrap();
        let lines: Vec<(&str, Option<&str>, Option<&str>)> = audit
            .iter()
            .filter(|a| a.action.starts_with("retention.") || a.action == "responses.purge")
            .map(|a| (a.action.as_str(), a.user.as_deref(), a.reason.as_deref()))
            .collect();
        assert_eq!(
            lines,
            [
                ("retention.set", Some("hr"), None),
                ("responses.purge", None, Some("scheduled")),
            ]
        );
        // A day may be changed and removed while the raw responses are kept.
        let (other, _) = {
            let c = store
                .create_cycle(new_cycle(AssesseeChoice::Ids(vec!["PM2".into()])))
                .await
                .unwrap();
            store
                .transition(c.id, CycleState::Open, None)
                .await
                .unwrap();
            store
                .transition(c.id, CycleState::Closed, None)
                .await
                .unwrap();
            (c.id, ())
        };
        store
            .set_purge_on(other, Some("2027-01-01".into()), "2026-12-04".into(), None)
            .await
            .unwrap();
        let cleared = store
            .set_purge_on(other, None, "2026-12-04".into(), None)
            .await
            .unwrap();
        assert_eq!(cleared.purge_on, None);
        assert!(store.purge_due("2099-01-01").await.unwrap().is_empty());
    }
);

contract!(
    a_person_is_erased_once_no_cycle_keeps_their_raw_responses,
    async |store: Arc<SqlStore>| {
        let user = hr(&store).await;
        let (cycle, _) = closed_cycle(&store, &user).await;
        store
            .add_user("s11", "password-s11", Role::Employee, Some("S11"))
            .await
            .unwrap();
        store
            .add_user("hr11", "password-hr11", Role::Hr, Some("S11"))
            .await
            .unwrap();
        // A draft cycle S11 is assessed in.
        let draft = store
            .create_cycle(new_cycle(AssesseeChoice::Ids(vec![
                "S11".into(),
                "S12".into(),
            ])))
            .await
            .unwrap();
        store.auto_assign(draft.id).await.unwrap();

        let plan = store.erasure_plan("S11").await.unwrap();
        assert!(!plan.ready());
        let effects: Vec<(i64, ErasureEffect)> =
            plan.cycles.iter().map(|c| (c.id, c.effect)).collect();
        assert_eq!(
            effects,
            [
                (cycle, ErasureEffect::Blocks),
                (draft.id, ErasureEffect::Removed)
            ]
        );
        assert_eq!(plan.deleted_users, ["s11"]);
        assert_eq!(plan.unlinked_users, ["hr11"]);
        match store.erase_person("S11", &user).await {
            Err(StoreError::Conflict(Conflict::PersonInCycles(names))) => {
                assert_eq!(names, ["2026年度360评估"]);
            }
            other => panic!("{other:?}"),
        }
        assert!(store.people().await.unwrap().iter().any(|p| p.id == "S11"));

        store.purge_responses(cycle, Some(&user)).await.unwrap();
        store
            .transition(cycle, CycleState::Published, None)
            .await
            .unwrap();
        let (before, _) = scored(&store, cycle).await;
        let revision = store.cycle(cycle).await.unwrap().revision;
        assert!(store.erasure_plan("S11").await.unwrap().ready());
        let hr11 = store
            .users()
            .await
            .unwrap()
            .into_iter()
            .find(|u| u.username == "hr11")
            .unwrap();
        assert!(matches!(
            store.erase_person("S11", &hr11).await,
            Err(StoreError::Conflict(Conflict::EraseOwn))
        ));

        let pseudonym = store.erase_person("S11", &user).await.unwrap();
        assert!(pseudonym.starts_with("erased-"), "{pseudonym}");
        assert!(!store.people().await.unwrap().iter().any(|p| p.id == "S11"));
        assert!(matches!(
            store.erasure_plan("S11").await,
            Err(StoreError::NotFound(Entity::Person))
        ));
        // Their published results keep every figure, under the pseudonym.
        let (after, _) = scored(&store, cycle).await;
        let renamed: Scored = before
            .iter()
            .map(|(a, r, x, c)| {
                let a = if a == "S11" {
                    pseudonym.clone()
                } else {
                    a.clone()
                };
                (a, r.clone(), x.clone(), c.clone())
            })
            .collect();
        assert_eq!(after, renamed);
        let data = store.cycle_responses(cycle).await.unwrap();
        let kept = data.assessees.iter().find(|a| a.id == pseudonym).unwrap();
        assert_eq!(kept.name, pseudonym);
        assert_eq!(kept.department, "翠湖花园管理处");
        assert!(store.cycle(cycle).await.unwrap().revision > revision);
        let chart = store.cycle_org_chart(cycle).await.unwrap();
        assert!(chart.iter().all(|l| l.person != "S11"));
        assert!(chart.iter().any(|l| l.person == pseudonym));
        // Out of the draft cycle entirely.
        let draft_data = store.cycle_responses(draft.id).await.unwrap();
        assert_eq!(
            draft_data
                .assessees
                .iter()
                .map(|a| a.id.as_str())
                .collect::<Vec<_>>(),
            ["S12"]
        );
        assert!(
            store
                .assignments(draft.id)
                .await
                .unwrap()
                .iter()
                .all(|a| a.assessee != "S11" && a.rater.person_id.as_deref() != Some("S11"))
        );
        // The employee's account is gone, HR's kept without the link.
        assert!(matches!(
            store.login("s11", "password-s11").await,
            Err(StoreError::BadCredentials)
        ));
        let users = store.users().await.unwrap();
        assert!(!users.iter().any(|u| u.username == "s11"));
        let hr11 = users.iter().find(|u| u.username == "hr11").unwrap();
        assert_eq!(hr11.person_id, None);
        // Not a person any more: no new cycle, no account, no edit.
        assert!(matches!(
            store
                .create_cycle(new_cycle(AssesseeChoice::Ids(vec![pseudonym.clone()])))
                .await,
            Err(StoreError::Invalid(_))
        ));
        let all = store
            .create_cycle(new_cycle(AssesseeChoice::All))
            .await
            .unwrap();
        assert!(
            !store
                .cycle_responses(all.id)
                .await
                .unwrap()
                .assessees
                .iter()
                .any(|a| a.id == pseudonym)
        );
        // The audit log says so under the pseudonym, and nowhere names them.
        let log = store
            .audit_log(
                AuditFilter::All,
                PageRequest {
                    number: 1,
                    size: 500,
                },
            )
            .await
            .unwrap();
        let erase = log
            .lines
            .iter()
            .find(|l| l.action == "person.erase")
            .unwrap();
        assert_eq!(erase.subject.as_deref(), Some(pseudonym.as_str()));
        assert_eq!(erase.user.as_deref(), Some("hr"));
        for l in &log.lines {
            for text in [&l.subject, &l.reason, &l.detail].into_iter().flatten() {
                assert!(!text.contains("张客服"), "{text}");
                assert!(
                    !text
                        .split(|c: char| !c.is_alphanumeric())
                        .any(|w| w == "S11"),
                    "{text}"
                );
            }
        }
    }
);

contract!(
    nobody_is_erased_while_people_report_to_them,
    async |store: Arc<SqlStore>| {
        let user = hr(&store).await;
        company(&store).await;
        match store.erase_person("PM1", &user).await {
            Err(StoreError::Conflict(Conflict::PersonHasReports(ids))) => {
                assert_eq!(ids, ["S11", "S12", "S13"]);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            store.erase_person("nobody", &user).await,
            Err(StoreError::NotFound(Entity::Person))
        ));
        assert_eq!(store.people().await.unwrap().len(), 9, "nothing changed");
        // Someone in no cycle at all goes at once.
        let gone = store.erase_person("S23", &user).await.unwrap();
        assert_eq!(store.people().await.unwrap().len(), 8);
        assert!(gone.starts_with("erased-"));
    }
);
