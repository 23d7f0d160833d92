//! What raters see and save, HR's reopening, progress and the responses scoring reads.

use std::sync::Arc;

use yardstick_core::{Choice, Relationship};
use yardstick_store::{
    AssesseeChoice, AssignmentView, CycleState, ResponseInput, ResponseStatus, SqlStore, Store,
    StoreError,
};

use crate::cycles::new_cycle;
use crate::harness::{company, contract, hr};

/// An open cycle of PM1 and S11 with automatic assignments.
async fn open_cycle(store: &Arc<SqlStore>) -> (i64, Vec<AssignmentView>) {
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
    (c.id, all)
}

fn token(link: &str) -> &str {
    link.trim_start_matches("/r/")
}

fn answers(value: i32) -> ResponseInput {
    ResponseInput {
        answers: vec![Some(Choice::Point(value)); 79],
        comment: String::new(),
        submit: true,
    }
}

contract!(
    a_token_opens_only_its_own_raters_assignments,
    async |store: Arc<SqlStore>| {
        let (_, all) = open_cycle(&store).await;
        let pm1 = all
            .iter()
            .find(|a| a.rater.person_id.as_deref() == Some("PM1"))
            .unwrap();
        let session = store.rater_session(token(&pm1.link)).await.unwrap();
        assert_eq!(session.rater.name, "王经理");
        let tasks: Vec<(&str, Relationship)> = session
            .tasks
            .iter()
            .map(|t| (t.assessee.as_str(), t.relationship))
            .collect();
        assert_eq!(
            tasks,
            [
                ("PM1", Relationship::SelfRating),
                ("S11", Relationship::Superior)
            ]
        );
        assert!(
            session
                .tasks
                .iter()
                .all(|t| t.status == ResponseStatus::Pending)
        );
        // GM rates PM1 only; GM's token cannot reach S11.
        let gm = all
            .iter()
            .find(|a| a.rater.person_id.as_deref() == Some("GM"))
            .unwrap();
        assert_eq!(
            store
                .rater_session(token(&gm.link))
                .await
                .unwrap()
                .tasks
                .len(),
            1
        );
        assert!(matches!(
            store.rater_response(token(&gm.link), "S11").await,
            Err(StoreError::NotFound(_))
        ));
        assert!(matches!(
            store.rater_session("AAAAAAAAAAAAAAAAAAAAAAAA").await,
            Err(StoreError::NotFound(_))
        ));
    }
);

contract!(
    responses_are_drafted_submitted_and_resubmitted_harmlessly,
    async |store: Arc<SqlStore>| {
        let (cycle, all) = open_cycle(&store).await;
        let gm = all
            .iter()
            .find(|a| a.rater.person_id.as_deref() == Some("GM"))
            .unwrap();
        let r = store.rater_response(token(&gm.link), "PM1").await.unwrap();
        assert!(r.saved.is_none());
        assert_eq!(r.model.model.items().len(), 79);
        let mut draft = answers(4);
        draft.submit = false;
        draft.answers[3] = Some(Choice::Na);
        draft.answers[4] = None;
        assert_eq!(
            store
                .save_response(r.target.clone(), draft.clone())
                .await
                .unwrap(),
            ResponseStatus::Draft
        );
        let saved = store
            .rater_response(token(&gm.link), "PM1")
            .await
            .unwrap()
            .saved
            .unwrap();
        assert_eq!(
            (
                saved.status,
                saved.answers[3],
                saved.answers[4],
                saved.answers[0]
            ),
            (
                ResponseStatus::Draft,
                Some(Choice::Na),
                None,
                Some(Choice::Point(4))
            ),
            "N/A comes back as N/A, an item not answered as not answered"
        );
        // A draft may change; then submit.
        assert_eq!(
            store
                .save_response(r.target.clone(), answers(5))
                .await
                .unwrap(),
            ResponseStatus::Submitted
        );
        // The same submission again: harmless.
        assert_eq!(
            store
                .save_response(r.target.clone(), answers(5))
                .await
                .unwrap(),
            ResponseStatus::Submitted
        );
        // Anything else on a submitted response is a conflict, a draft included.
        assert!(matches!(
            store.save_response(r.target.clone(), answers(3)).await,
            Err(StoreError::Conflict(_))
        ));
        let mut as_draft = answers(5);
        as_draft.submit = false;
        assert!(matches!(
            store.save_response(r.target.clone(), as_draft).await,
            Err(StoreError::Conflict(_))
        ));
        let mut other_comment = answers(5);
        other_comment.comment = "很好".into();
        assert!(matches!(
            store.save_response(r.target.clone(), other_comment).await,
            Err(StoreError::Conflict(_))
        ));
        let got = store.cycle_responses(cycle).await.unwrap();
        assert_eq!(got.responses.len(), 1);
        assert_eq!(got.responses[0].relationship, Relationship::Superior);
        assert_eq!(got.responses[0].answers, vec![Some(5); 79]);
        assert_eq!(
            got.responses[0].rater, "GM",
            "the rater is named by person id"
        );
        assert_eq!(got.assessees[got.responses[0].assessee].id, "PM1");
    }
);

contract!(
    nothing_is_saved_while_the_cycle_is_not_open,
    async |store: Arc<SqlStore>| {
        let (cycle, all) = open_cycle(&store).await;
        let gm = all
            .iter()
            .find(|a| a.rater.person_id.as_deref() == Some("GM"))
            .unwrap();
        let r = store.rater_response(token(&gm.link), "PM1").await.unwrap();
        store
            .transition(cycle, CycleState::Closed, None)
            .await
            .unwrap();
        assert!(matches!(
            store.save_response(r.target.clone(), answers(5)).await,
            Err(StoreError::Conflict(_))
        ));
        assert!(
            store
                .cycle_responses(cycle)
                .await
                .unwrap()
                .responses
                .is_empty()
        );
    }
);

contract!(
    hr_reopens_a_submitted_response_with_a_reason_recorded_in_the_audit_log,
    async |store: Arc<SqlStore>| {
        let (cycle, all) = open_cycle(&store).await;
        let user = hr(&store).await;
        let gm = all
            .iter()
            .find(|a| a.rater.person_id.as_deref() == Some("GM"))
            .unwrap();
        let r = store.rater_response(token(&gm.link), "PM1").await.unwrap();
        assert!(
            matches!(
                store
                    .reopen_response(cycle, gm.rater.id, "PM1", &user, "输错了")
                    .await,
                Err(StoreError::Conflict(_))
            ),
            "nothing submitted yet"
        );
        store
            .save_response(r.target.clone(), answers(2))
            .await
            .unwrap();
        assert!(matches!(
            store
                .reopen_response(cycle, gm.rater.id, "PM1", &user, "  ")
                .await,
            Err(StoreError::Invalid(_))
        ));
        assert!(matches!(
            store
                .reopen_response(cycle, gm.rater.id, "S11", &user, "x")
                .await,
            Err(StoreError::NotFound(_))
        ));
        store
            .reopen_response(cycle, gm.rater.id, "PM1", &user, "评价人说误选了分数")
            .await
            .unwrap();
        assert_eq!(
            store
                .save_response(r.target.clone(), answers(4))
                .await
                .unwrap(),
            ResponseStatus::Submitted
        );
        let audit = store.audit(cycle).await.unwrap();
        let reopen = audit
            .iter()
            .find(|a| a.action == "response.reopen")
            .unwrap();
        assert_eq!(reopen.user.as_deref(), Some("hr"));
        assert_eq!(reopen.reason.as_deref(), Some("评价人说误选了分数"));
        assert!(reopen.subject.as_deref().unwrap().ends_with("→ PM1"));
        assert_eq!(
            store.cycle_responses(cycle).await.unwrap().responses[0].answers[0],
            Some(4)
        );
    }
);

contract!(
    progress_counts_assignments_drafts_and_submissions,
    async |store: Arc<SqlStore>| {
        let (cycle, all) = open_cycle(&store).await;
        let by = |person: &str| {
            all.iter()
                .find(|a| a.rater.person_id.as_deref() == Some(person))
                .unwrap()
        };
        let gm = store
            .rater_response(token(&by("GM").link), "PM1")
            .await
            .unwrap();
        store.save_response(gm.target, answers(4)).await.unwrap();
        let s12 = store
            .rater_response(token(&by("S12").link), "PM1")
            .await
            .unwrap();
        let mut draft = answers(3);
        draft.submit = false;
        store.save_response(s12.target, draft).await.unwrap();
        let progress = store.progress(cycle).await.unwrap();
        let row = |assessee: &str, r: Relationship| {
            progress
                .iter()
                .find(|p| p.assessee == assessee && p.relationship == r)
                .map(|p| (p.assigned, p.draft, p.submitted))
        };
        assert_eq!(row("PM1", Relationship::Superior), Some((1, 0, 1)));
        assert_eq!(row("PM1", Relationship::Subordinate), Some((3, 1, 0)));
        assert_eq!(row("S11", Relationship::Peer), Some((2, 0, 0)));
        assert_eq!(progress[0].assessee, "PM1");
        assert!(matches!(
            store.progress(12345).await,
            Err(StoreError::NotFound(_))
        ));
    }
);
