//! Deleting raw responses on the day HR chose (docs/privacy.md): every server looks once
//! at start and then every hour; a cycle is purged by one of them, in one transaction.

use std::sync::Arc;
use std::time::Duration;

use yardstick_store::Store;

use crate::throttle::Clock;

/// How often the servers look for cycles whose day has come.
const EVERY: Duration = Duration::from_secs(3600);

/// Today in Beijing by `clock`, the day chosen days are compared with.
pub(crate) fn today(clock: &Clock) -> String {
    crate::clock::beijing_day(clock.now_ms())
}

/// Deletes the raw responses of every cycle whose day has come by `clock`; the cycles
/// purged. A failure is logged and tried again at the next look.
pub async fn purge_due(store: &dyn Store, clock: &Clock) -> Vec<i64> {
    match store.purge_due(&today(clock)).await {
        Ok(done) => {
            for id in &done {
                tracing::info!(cycle = id, "raw responses deleted on the day chosen");
            }
            done
        }
        Err(e) => {
            tracing::warn!(error = ?e, "raw responses due for deletion could not be deleted");
            Vec::new()
        }
    }
}

/// Runs [`purge_due`] now and then every hour, for as long as the server runs.
pub async fn sweep(store: Arc<dyn Store>, clock: Clock) {
    loop {
        purge_due(store.as_ref(), &clock).await;
        tokio::time::sleep(EVERY).await;
    }
}
