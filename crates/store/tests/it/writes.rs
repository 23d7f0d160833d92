//! The write path under load: every answered submission is stored, once.

use std::sync::Arc;

use yardstick_store::{
    AssesseeChoice, CycleState, NewAssignment, RaterChoice, ResponseInput, SqlStore, Store,
};

use crate::cycles::new_cycle;
use crate::harness::{company, contract};

contract!(
    concurrent_submissions_are_all_stored_once,
    async |store: Arc<SqlStore>| {
        company(&store).await;
        let c = store
            .create_cycle(new_cycle(AssesseeChoice::Ids(vec![
                "PM1".into(),
                "PM2".into(),
            ])))
            .await
            .unwrap();
        let customers: Vec<NewAssignment> = (0..60)
            .flat_map(|i| {
                ["PM1", "PM2"].map(|pm| NewAssignment {
                    rater: RaterChoice::External {
                        name: format!("业主-{i}"),
                        phone: None,
                    },
                    assessee: pm.into(),
                    relationship: yardstick_core::Relationship::Customer,
                })
            })
            .collect();
        let all = store.add_assignments(c.id, customers).await.unwrap();
        store
            .transition(c.id, CycleState::Open, None)
            .await
            .unwrap();
        let mut tasks = Vec::new();
        for (i, a) in all.iter().enumerate() {
            let store = store.clone();
            let (token, assessee) = (
                a.link.trim_start_matches("/r/").to_string(),
                a.assessee.clone(),
            );
            tasks.push(tokio::spawn(async move {
                let r = store.rater_response(&token, &assessee).await.unwrap();
                let value = 1 + (i % 5) as i32;
                let input = ResponseInput {
                    answers: vec![Some(yardstick_core::Choice::Point(value)); 79],
                    comment: format!("第{i}条"),
                    submit: true,
                };
                store
                    .save_response(r.target.clone(), input.clone())
                    .await
                    .unwrap();
                // And the same again, as a double-tapped submit button would.
                store.save_response(r.target, input).await.unwrap();
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        let got = store.cycle_responses(c.id).await.unwrap();
        assert_eq!(got.responses.len(), 120);
        let mut comments: Vec<&str> = got.responses.iter().map(|r| r.comment.as_str()).collect();
        comments.sort();
        comments.dedup();
        assert_eq!(comments.len(), 120, "each submission once");
    }
);
