//! Counts of failed attempts: the window, the wait, pruning, and one count for every server
//! sharing a database.

use std::sync::Arc;

use yardstick_store::{Limit, Role, Secret, SqlStore, Store, StoreError};

use crate::harness::{Fixture, contract};

const MINUTE: i64 = 60 * 1000;
const T0: i64 = 1_800_000_000_000;

contract!(
    ten_failures_make_a_name_wait_until_the_oldest_leaves_the_window,
    |store: Arc<SqlStore>| async move {
        let name = [(Limit::LOGIN_NAME, "wang")];
        for i in 0..9 {
            store.throttle_fail(&name, T0 + i * MINUTE).await.unwrap();
        }
        assert_eq!(
            store.throttle_wait(&name, T0 + 9 * MINUTE).await.unwrap(),
            None
        );
        store.throttle_fail(&name, T0 + 9 * MINUTE).await.unwrap();
        // Ten within the window: wait until the first (at T0) is 15 minutes old.
        assert_eq!(
            store.throttle_wait(&name, T0 + 9 * MINUTE).await.unwrap(),
            Some(6 * MINUTE)
        );
        assert_eq!(
            store
                .throttle_wait(&name, T0 + 15 * MINUTE - 1)
                .await
                .unwrap(),
            Some(1)
        );
        assert_eq!(
            store.throttle_wait(&name, T0 + 15 * MINUTE).await.unwrap(),
            None
        );
        // Another name, and the same name under another limit, are not held.
        assert_eq!(
            store
                .throttle_wait(&[(Limit::LOGIN_NAME, "li")], T0 + 9 * MINUTE)
                .await
                .unwrap(),
            None
        );
        assert_eq!(
            store
                .throttle_wait(&[(Limit::LOGIN_ADDRESS, "wang")], T0 + 9 * MINUTE)
                .await
                .unwrap(),
            None
        );
        // Of several checks, the longest wait.
        let both = [
            (Limit::LOGIN_NAME, "wang"),
            (Limit::LOGIN_ADDRESS, "10.0.0.9"),
        ];
        for _ in 0..10 {
            store
                .throttle_fail(&both[1..], T0 + 10 * MINUTE)
                .await
                .unwrap();
        }
        assert_eq!(
            store.throttle_wait(&both, T0 + 10 * MINUTE).await.unwrap(),
            Some(15 * MINUTE)
        );
    }
);

contract!(
    clearing_a_name_forgets_only_its_own_failures,
    |store: Arc<SqlStore>| async move {
        let failures = [
            (Limit::LOGIN_NAME, "wang"),
            (Limit::LOGIN_ADDRESS, "10.0.0.9"),
        ];
        for _ in 0..10 {
            store.throttle_fail(&failures, T0).await.unwrap();
        }
        store
            .throttle_clear(Limit::LOGIN_NAME, "wang")
            .await
            .unwrap();
        assert_eq!(
            store
                .throttle_count(Limit::LOGIN_NAME, "wang", T0)
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            store
                .throttle_count(Limit::LOGIN_ADDRESS, "10.0.0.9", T0)
                .await
                .unwrap(),
            10
        );
        assert!(store.throttle_wait(&failures, T0).await.unwrap().is_some());
    }
);

contract!(
    failures_out_of_their_window_are_pruned_when_new_ones_come,
    |store: Arc<SqlStore>| async move {
        let rater = [(Limit::RATER_ADDRESS, "10.0.0.9")];
        for _ in 0..30 {
            store.throttle_fail(&rater, T0).await.unwrap();
        }
        assert_eq!(
            store
                .throttle_count(Limit::RATER_ADDRESS, "10.0.0.9", T0)
                .await
                .unwrap(),
            30
        );
        store
            .throttle_fail(&[(Limit::RATER_ADDRESS, "10.0.0.8")], T0 + MINUTE)
            .await
            .unwrap();
        // The rows themselves are gone, not only out of the count.
        assert_eq!(
            store
                .throttle_count(Limit::RATER_ADDRESS, "10.0.0.9", T0 - MINUTE)
                .await
                .unwrap(),
            0
        );
    }
);

contract!(
    an_unknown_name_is_verified_like_a_wrong_password,
    |store: Arc<SqlStore>| async move {
        store
            .add_user("wang", "secret-pass", Role::Hr, None)
            .await
            .unwrap();
        let before = store.password_verifications();
        assert!(matches!(
            store.login("wang", "wrong-pass").await,
            Err(StoreError::BadCredentials)
        ));
        assert_eq!(store.password_verifications(), before + 1);
        assert!(matches!(
            store.login("nobody", "secret-pass").await,
            Err(StoreError::BadCredentials)
        ));
        // The dummy hash was verified: one more argon2 verification, as for a known name.
        assert_eq!(store.password_verifications(), before + 2);
    }
);

/// Two servers on one database see each other's failures.
async fn shared(first: Fixture) {
    let second = SqlStore::open(&first.url, Secret::generate().unwrap())
        .await
        .unwrap();
    let name = [(Limit::LOGIN_NAME, "wang")];
    for i in 0..5 {
        first.store.throttle_fail(&name, T0 + i).await.unwrap();
        second.throttle_fail(&name, T0 + i).await.unwrap();
    }
    for store in [&*first.store, &second] {
        assert_eq!(
            store
                .throttle_count(Limit::LOGIN_NAME, "wang", T0 + 10)
                .await
                .unwrap(),
            10
        );
        assert!(store.throttle_wait(&name, T0 + 10).await.unwrap().is_some());
    }
    second
        .throttle_clear(Limit::LOGIN_NAME, "wang")
        .await
        .unwrap();
    assert_eq!(
        first.store.throttle_wait(&name, T0 + 10).await.unwrap(),
        None
    );
    second.close().await;
    first.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn servers_sharing_a_sqlite_file_see_the_same_counts() {
    shared(crate::harness::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn servers_sharing_a_postgres_database_see_the_same_counts() {
    if let Some(fixture) = crate::harness::postgres().await {
        shared(fixture).await;
    }
}
