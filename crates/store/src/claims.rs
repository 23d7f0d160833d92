//! Claims that one run of something slow happens at a time for a cycle, across every
//! server sharing the database: today the sending of a cycle's reminders, so that HR asking
//! twice at once (two tabs, two colleagues, two servers behind a load balancer) does not
//! mail every rater twice.
//!
//! - **PostgreSQL**: a session advisory lock (`pg_try_advisory_lock`) on a connection of
//!   the claim's own, taken out of the pool. Closing that connection lets go, so a claim
//!   whose server stops or crashes half-way is let go by the database itself.
//! - **SQLite** (one server): the cycle in a set the store keeps.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use sqlx::{AnyConnection, Connection, Row};

use crate::SqlStore;
use crate::db::Backend;
use crate::error::Result;

/// The first key of the advisory locks of reminder runs; the second is the cycle's id.
/// (Two-key advisory locks do not overlap with the one-key locks of migrations and models.)
const REMINDERS: i32 = 7305;

/// A cycle's reminders being sent by one run; dropping it lets another run start.
pub struct ReminderClaim(Held);

enum Held {
    /// SQLite: the cycle in the store's set of runs under way.
    Local {
        cycle: i64,
        runs: Arc<Mutex<HashSet<i64>>>,
    },
    /// PostgreSQL: the connection holding the advisory lock.
    Session(Option<AnyConnection>),
}

impl std::fmt::Debug for ReminderClaim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Held::Local { cycle, .. } => write!(f, "ReminderClaim(cycle {cycle})"),
            Held::Session(_) => write!(f, "ReminderClaim(advisory lock)"),
        }
    }
}

impl Drop for ReminderClaim {
    fn drop(&mut self) {
        match &mut self.0 {
            Held::Local { cycle, runs } => {
                runs.lock().unwrap_or_else(|e| e.into_inner()).remove(cycle);
            }
            Held::Session(conn) => {
                if let Some(conn) = conn.take() {
                    // A polite goodbye when a runtime is there to send it; else the socket
                    // closes with the connection, which the database takes as the same.
                    if let Ok(runtime) = tokio::runtime::Handle::try_current() {
                        runtime.spawn(async move {
                            let _ = conn.close().await;
                        });
                    }
                }
            }
        }
    }
}

impl ReminderClaim {
    /// Lets go now, and is sure of it when this returns: the next run may start at once.
    pub async fn release(mut self) {
        if let Held::Session(conn) = &mut self.0
            && let Some(mut conn) = conn.take()
        {
            let _ = sqlx::query("SELECT pg_advisory_unlock_all()")
                .execute(&mut conn)
                .await;
            let _ = conn.close().await;
        }
    }
}

/// The second key of a cycle's advisory lock: its id, folded into 31 bits.
fn key(cycle: i64) -> i32 {
    i32::try_from(cycle.rem_euclid(1 << 31)).unwrap_or(0)
}

impl SqlStore {
    pub(crate) async fn claim_reminders_impl(&self, cycle: i64) -> Result<Option<ReminderClaim>> {
        match self.db.backend() {
            Backend::Sqlite => {
                let mut runs = self.reminder_runs.lock().unwrap_or_else(|e| e.into_inner());
                Ok(runs.insert(cycle).then(|| {
                    ReminderClaim(Held::Local {
                        cycle,
                        runs: self.reminder_runs.clone(),
                    })
                }))
            }
            Backend::Postgres => {
                // Out of the pool for good: the lock lives as long as this connection.
                let mut conn = self.db.pool().acquire().await?.detach();
                let taken: bool = sqlx::query("SELECT pg_try_advisory_lock($1, $2)")
                    .bind(REMINDERS)
                    .bind(key(cycle))
                    .fetch_one(&mut conn)
                    .await?
                    .try_get(0)?;
                if taken {
                    Ok(Some(ReminderClaim(Held::Session(Some(conn)))))
                } else {
                    let _ = conn.close().await;
                    Ok(None)
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::key;

    #[test]
    fn every_cycle_id_has_a_key() {
        assert_eq!(key(1), 1);
        assert_eq!(key(i64::from(i32::MAX)), i32::MAX);
        assert_eq!(key(1 << 31), 0);
        assert_eq!(key(-1), i32::MAX);
    }
}
