//! A cycle's privacy notice to outside raters and their acknowledgement of it.

use std::sync::Arc;

use yardstick_core::Relationship;
use yardstick_store::{
    AssesseeChoice, CycleState, NewAssignment, RaterChoice, RaterNotice, SqlStore, Store,
    StoreError,
};

use crate::cycles::new_cycle;
use crate::harness::{company, contract};

/// A draft cycle of PM1 with one homeowner and PM1's superior as raters: their tokens.
async fn cycle_with_a_homeowner(store: &Arc<SqlStore>) -> (i64, String, String) {
    company(store).await;
    let c = store
        .create_cycle(new_cycle(AssesseeChoice::Ids(vec!["PM1".into()])))
        .await
        .unwrap();
    let all = store
        .add_assignments(
            c.id,
            vec![
                NewAssignment {
                    rater: RaterChoice::External {
                        name: "业主-3栋1202".into(),
                        phone: Some("13900000000".into()),
                    },
                    assessee: "PM1".into(),
                    relationship: Relationship::Customer,
                },
                NewAssignment {
                    rater: RaterChoice::Person("GM".into()),
                    assessee: "PM1".into(),
                    relationship: Relationship::Superior,
                },
            ],
        )
        .await
        .unwrap();
    let token = |outside: bool| {
        all.iter()
            .find(|a| a.rater.person_id.is_none() == outside)
            .unwrap()
            .link
            .trim_start_matches("/r/")
            .to_string()
    };
    (c.id, token(true), token(false))
}

contract!(
    an_outside_rater_meets_the_notice_until_acknowledged_and_again_when_it_changes,
    async |store: Arc<SqlStore>| {
        let (cycle, owner, boss) = cycle_with_a_homeowner(&store).await;
        assert_eq!(store.notice(cycle).await.unwrap(), None);
        assert_eq!(store.rater_session(&owner).await.unwrap().notice, None);
        let text = "我们只保存您的姓名和电话,用于本次评估,评估结束后删除。";
        store
            .set_notice(cycle, Some(text.into()), None)
            .await
            .unwrap();
        assert_eq!(store.notice(cycle).await.unwrap().as_deref(), Some(text));
        let unread = RaterNotice {
            text: text.into(),
            acknowledged: false,
        };
        assert_eq!(
            store.rater_session(&owner).await.unwrap().notice,
            Some(unread.clone())
        );
        // Raters from the company are employees: the notice is not theirs.
        assert_eq!(store.rater_session(&boss).await.unwrap().notice, None);
        store.acknowledge_notice(&owner).await.unwrap();
        store.acknowledge_notice(&owner).await.unwrap();
        let read = store.rater_session(&owner).await.unwrap().notice.unwrap();
        assert!(read.acknowledged);
        // The same text again changes nothing; a new text is read again.
        store
            .set_notice(cycle, Some(text.into()), None)
            .await
            .unwrap();
        assert!(
            store
                .rater_session(&owner)
                .await
                .unwrap()
                .notice
                .unwrap()
                .acknowledged
        );
        store
            .set_notice(
                cycle,
                Some(format!("{text}如有疑问请联系物业服务中心。")),
                None,
            )
            .await
            .unwrap();
        assert!(
            !store
                .rater_session(&owner)
                .await
                .unwrap()
                .notice
                .unwrap()
                .acknowledged
        );
        store.set_notice(cycle, None, None).await.unwrap();
        assert_eq!(store.rater_session(&owner).await.unwrap().notice, None);
        assert!(matches!(
            store.acknowledge_notice("no-such-token").await,
            Err(StoreError::NotFound(_))
        ));
    }
);

contract!(a_closed_cycle_keeps_its_notice, async |store: Arc<
    SqlStore,
>| {
    let (cycle, _, _) = cycle_with_a_homeowner(&store).await;
    store
        .set_notice(cycle, Some("说明".into()), None)
        .await
        .unwrap();
    store
        .transition(cycle, CycleState::Open, None)
        .await
        .unwrap();
    store
        .set_notice(cycle, Some("新的说明".into()), None)
        .await
        .unwrap();
    store
        .transition(cycle, CycleState::Closed, None)
        .await
        .unwrap();
    assert!(matches!(
        store.set_notice(cycle, None, None).await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(
        store.notice(cycle).await.unwrap().as_deref(),
        Some("新的说明")
    );
    assert!(matches!(
        store.notice(cycle + 100).await,
        Err(StoreError::NotFound(_))
    ));
});
