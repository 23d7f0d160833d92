//! HR invalidates a submitted response and restores it: what scoring reads, progress, the
//! audit log, and the states and inputs that are refused.

use std::sync::Arc;

use yardstick_core::{Choice, Relationship};
use yardstick_store::{
    AssesseeChoice, AssignmentView, Change, Conflict, CycleState, Entity, ResponseInput, SqlStore,
    Store, StoreError, User,
};

use crate::cycles::new_cycle;
use crate::harness::{company, contract, hr};

/// An open cycle of PM1 and S11 with automatic assignments, GM's and S12's responses to PM1
/// submitted (all 2s and all 4s).
async fn cycle_with_responses(store: &Arc<SqlStore>) -> (i64, Vec<AssignmentView>) {
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
    for (rater, value) in [("GM", 2), ("S12", 4)] {
        let r = store
            .rater_response(token(of(&all, rater, "PM1")), "PM1")
            .await
            .unwrap();
        store.save_response(r.target, answers(value)).await.unwrap();
    }
    (c.id, all)
}

fn of<'a>(all: &'a [AssignmentView], rater: &str, assessee: &str) -> &'a AssignmentView {
    all.iter()
        .find(|a| a.rater.person_id.as_deref() == Some(rater) && a.assessee == assessee)
        .unwrap()
}

fn token(a: &AssignmentView) -> &str {
    a.link.trim_start_matches("/r/")
}

fn answers(value: i32) -> ResponseInput {
    ResponseInput {
        answers: vec![Some(Choice::Point(value)); 79],
        comment: String::new(),
        submit: true,
    }
}

/// The raters of PM1's responses that scoring reads.
async fn scored_raters(store: &Arc<SqlStore>, cycle: i64) -> Vec<String> {
    let mut raters: Vec<String> = store
        .cycle_responses(cycle)
        .await
        .unwrap()
        .responses
        .into_iter()
        .map(|r| r.rater)
        .collect();
    raters.sort();
    raters
}

async fn invalidate(
    store: &Arc<SqlStore>,
    cycle: i64,
    a: &AssignmentView,
    user: &User,
    reason: &str,
) -> Result<(), StoreError> {
    store
        .invalidate_response(cycle, a.rater.id, &a.assessee, user, reason)
        .await
}

contract!(
    an_invalidated_response_is_left_out_of_scoring_until_restored,
    async |store: Arc<SqlStore>| {
        let (cycle, all) = cycle_with_responses(&store).await;
        let user = hr(&store).await;
        let gm = of(&all, "GM", "PM1");
        assert_eq!(scored_raters(&store, cycle).await, ["GM", "S12"]);

        invalidate(&store, cycle, gm, &user, "  评价人只打了最低分  ")
            .await
            .unwrap();
        assert_eq!(scored_raters(&store, cycle).await, ["S12"]);
        let list = store.invalidations(cycle).await.unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].rater.id, gm.rater.id);
        assert_eq!(list[0].rater.label(), "GM");
        assert_eq!(list[0].assessee, "PM1");
        assert_eq!(list[0].assessee_name, "王经理");
        assert_eq!(list[0].relationship, Relationship::Superior);
        assert_eq!(list[0].reason, "评价人只打了最低分", "trimmed");
        assert_eq!(list[0].user.as_deref(), Some("hr"));
        assert!(list[0].at > 0);

        // Progress still counts it as submitted, and says it is invalidated.
        let progress = store.progress(cycle).await.unwrap();
        let superior = progress
            .iter()
            .find(|p| p.assessee == "PM1" && p.relationship == Relationship::Superior)
            .unwrap();
        assert_eq!(
            (superior.assigned, superior.submitted, superior.invalidated),
            (1, 1, 1)
        );
        assert!(
            progress
                .iter()
                .filter(|p| p.relationship != Relationship::Superior)
                .all(|p| p.invalidated == 0)
        );

        store
            .restore_response(cycle, gm.rater.id, "PM1", &user)
            .await
            .unwrap();
        assert_eq!(scored_raters(&store, cycle).await, ["GM", "S12"]);
        assert!(store.invalidations(cycle).await.unwrap().is_empty());
        assert!(
            store
                .progress(cycle)
                .await
                .unwrap()
                .iter()
                .all(|p| p.invalidated == 0)
        );
    }
);

contract!(
    invalidating_and_restoring_are_recorded_in_the_audit_log,
    async |store: Arc<SqlStore>| {
        let (cycle, all) = cycle_with_responses(&store).await;
        let user = hr(&store).await;
        let gm = of(&all, "GM", "PM1");
        invalidate(&store, cycle, gm, &user, "straight-lined")
            .await
            .unwrap();
        store
            .restore_response(cycle, gm.rater.id, "PM1", &user)
            .await
            .unwrap();
        let audit = store.audit(cycle).await.unwrap();
        let lines: Vec<(&str, Option<&str>, Option<&str>)> = audit
            .iter()
            .filter(|a| a.action.starts_with("response."))
            .map(|a| (a.action.as_str(), a.user.as_deref(), a.reason.as_deref()))
            .collect();
        assert_eq!(
            lines,
            [
                ("response.invalidate", Some("hr"), Some("straight-lined")),
                ("response.restore", Some("hr"), Some("straight-lined")),
            ]
        );
        let subject = format!("rater {} (周总) → PM1", gm.rater.id.get());
        assert!(
            audit
                .iter()
                .filter(|a| a.action.starts_with("response."))
                .all(|a| a.subject.as_deref() == Some(subject.as_str()))
        );
    }
);

contract!(
    a_reason_is_required_of_at_most_500_characters_on_one_line,
    async |store: Arc<SqlStore>| {
        let (cycle, all) = cycle_with_responses(&store).await;
        let user = hr(&store).await;
        let gm = of(&all, "GM", "PM1");
        for reason in ["", "   ", "第一行\n第二行", "a\u{1b}b", &"长".repeat(501)] {
            match invalidate(&store, cycle, gm, &user, reason).await {
                Err(StoreError::Invalid(problems)) => {
                    assert_eq!(problems[0].field.as_deref(), Some("reason"), "{reason:?}");
                }
                other => panic!("{reason:?}: {other:?}"),
            }
        }
        assert!(store.invalidations(cycle).await.unwrap().is_empty());
        assert_eq!(scored_raters(&store, cycle).await, ["GM", "S12"]);
        invalidate(&store, cycle, gm, &user, &"长".repeat(500))
            .await
            .unwrap();
    }
);

contract!(
    only_a_submitted_response_of_a_known_assignment_can_be_invalidated,
    async |store: Arc<SqlStore>| {
        let (cycle, all) = cycle_with_responses(&store).await;
        let user = hr(&store).await;
        let gm = of(&all, "GM", "PM1");
        // Unknown cycle and unknown assignment come first, even with a bad reason.
        assert!(matches!(
            store
                .invalidate_response(999, gm.rater.id, "PM1", &user, "")
                .await,
            Err(StoreError::NotFound(Entity::Cycle))
        ));
        assert!(matches!(
            store
                .invalidate_response(cycle, gm.rater.id, "S11", &user, "")
                .await,
            Err(StoreError::NotFound(Entity::Assignment))
        ));
        // Pending (nothing saved) and draft are refused.
        let pending = of(&all, "S13", "PM1");
        assert!(matches!(
            invalidate(&store, cycle, pending, &user, "x").await,
            Err(StoreError::Conflict(Conflict::InvalidateNotSubmitted))
        ));
        let r = store.rater_response(token(pending), "PM1").await.unwrap();
        let mut draft = answers(3);
        draft.submit = false;
        store.save_response(r.target, draft).await.unwrap();
        assert!(matches!(
            invalidate(&store, cycle, pending, &user, "x").await,
            Err(StoreError::Conflict(Conflict::InvalidateNotSubmitted))
        ));
        // Twice is a conflict; the first reason stays.
        invalidate(&store, cycle, gm, &user, "first").await.unwrap();
        assert!(matches!(
            invalidate(&store, cycle, gm, &user, "second").await,
            Err(StoreError::Conflict(Conflict::Invalidated))
        ));
        assert_eq!(store.invalidations(cycle).await.unwrap()[0].reason, "first");
        // Restoring what is not invalidated is not found.
        assert!(matches!(
            store
                .restore_response(cycle, pending.rater.id, "PM1", &user)
                .await,
            Err(StoreError::NotFound(Entity::Invalidation))
        ));
    }
);

contract!(
    a_closed_cycle_allows_it_and_a_published_one_does_not,
    async |store: Arc<SqlStore>| {
        let (cycle, all) = cycle_with_responses(&store).await;
        let user = hr(&store).await;
        let (gm, s12) = (of(&all, "GM", "PM1"), of(&all, "S12", "PM1"));
        store
            .transition(cycle, CycleState::Closed, None)
            .await
            .unwrap();
        invalidate(&store, cycle, gm, &user, "closed")
            .await
            .unwrap();
        invalidate(&store, cycle, s12, &user, "closed")
            .await
            .unwrap();
        store
            .restore_response(cycle, s12.rater.id, "PM1", &user)
            .await
            .unwrap();
        store
            .transition(cycle, CycleState::Published, None)
            .await
            .unwrap();
        let refused = |r: Result<(), StoreError>| {
            matches!(
                r,
                Err(StoreError::Conflict(Conflict::CycleState {
                    state: CycleState::Published,
                    change: Change::Invalidate,
                }))
            )
        };
        assert!(refused(invalidate(&store, cycle, s12, &user, "late").await));
        assert!(refused(
            store
                .restore_response(cycle, gm.rater.id, "PM1", &user)
                .await
        ));
        // A bad reason is named before the state.
        assert!(matches!(
            invalidate(&store, cycle, s12, &user, "").await,
            Err(StoreError::Invalid(_))
        ));
        assert_eq!(scored_raters(&store, cycle).await, ["S12"]);
    }
);

contract!(
    an_invalidated_response_cannot_be_reopened_until_restored,
    async |store: Arc<SqlStore>| {
        let (cycle, all) = cycle_with_responses(&store).await;
        let user = hr(&store).await;
        let gm = of(&all, "GM", "PM1");
        invalidate(&store, cycle, gm, &user, "wrong person")
            .await
            .unwrap();
        assert!(matches!(
            store
                .reopen_response(cycle, gm.rater.id, "PM1", &user, "let them redo it")
                .await,
            Err(StoreError::Conflict(Conflict::Invalidated))
        ));
        // Submitting the same answers again is still harmless and changes nothing.
        let r = store.rater_response(token(gm), "PM1").await.unwrap();
        store.save_response(r.target, answers(2)).await.unwrap();
        assert_eq!(store.invalidations(cycle).await.unwrap().len(), 1);
        store
            .restore_response(cycle, gm.rater.id, "PM1", &user)
            .await
            .unwrap();
        store
            .reopen_response(cycle, gm.rater.id, "PM1", &user, "let them redo it")
            .await
            .unwrap();
        assert_eq!(scored_raters(&store, cycle).await, ["S12"]);
    }
);
