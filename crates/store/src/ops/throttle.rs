//! Counts of failed attempts for throttling (SPEC §7 Abuse): one row per failure, kept in
//! the database so that every server sharing it sees the same counts. Times are given by
//! the caller, whose clock decides what "within the window" means.

use sqlx::Row;

use crate::SqlStore;
use crate::error::Result;
use crate::secret::token_hash;
use crate::types::Limit;

impl SqlStore {
    pub(crate) async fn throttle_wait_impl(
        &self,
        checks: &[(Limit, &str)],
        now: i64,
    ) -> Result<Option<i64>> {
        let mut longest: Option<i64> = None;
        for (limit, key) in checks {
            if limit.most == 0 {
                continue;
            }
            // The `most`-th newest failure within the window: while it is in the window,
            // there are `most` failures in it, and attempts wait until it leaves.
            let row = sqlx::query(
                "SELECT at FROM throttle_failures WHERE scope = $1 AND key_hash = $2 \
                 AND at > $3 ORDER BY at DESC LIMIT 1 OFFSET $4",
            )
            .bind(limit.scope)
            .bind(token_hash(key))
            .bind(now - limit.window_ms)
            .bind(i64::from(limit.most) - 1)
            .fetch_optional(self.db.pool())
            .await?;
            if let Some(row) = row {
                let at: i64 = row.try_get(0)?;
                let wait = at + limit.window_ms - now;
                if wait > 0 {
                    longest = Some(longest.map_or(wait, |l| l.max(wait)));
                }
            }
        }
        Ok(longest)
    }

    pub(crate) async fn throttle_fail_impl(
        &self,
        failures: &[(Limit, &str)],
        now: i64,
    ) -> Result<()> {
        let rows: Vec<(Limit, String)> = failures
            .iter()
            .map(|(limit, key)| (*limit, token_hash(key)))
            .collect();
        self.db
            .write(move |conn| {
                Box::pin(async move {
                    for (limit, key_hash) in &rows {
                        // What has left its window counts no more.
                        sqlx::query("DELETE FROM throttle_failures WHERE scope = $1 AND at <= $2")
                            .bind(limit.scope)
                            .bind(now - limit.window_ms)
                            .execute(&mut *conn)
                            .await?;
                        sqlx::query(
                            "INSERT INTO throttle_failures (scope, key_hash, at) VALUES ($1, $2, $3)",
                        )
                        .bind(limit.scope)
                        .bind(key_hash)
                        .bind(now)
                        .execute(&mut *conn)
                        .await?;
                    }
                    Ok(())
                })
            })
            .await
    }

    pub(crate) async fn throttle_clear_impl(&self, limit: Limit, key: &str) -> Result<()> {
        let key_hash = token_hash(key);
        self.db
            .write(move |conn| {
                Box::pin(async move {
                    sqlx::query("DELETE FROM throttle_failures WHERE scope = $1 AND key_hash = $2")
                        .bind(limit.scope)
                        .bind(key_hash)
                        .execute(&mut *conn)
                        .await?;
                    Ok(())
                })
            })
            .await
    }

    pub(crate) async fn throttle_count_impl(
        &self,
        limit: Limit,
        key: &str,
        now: i64,
    ) -> Result<u64> {
        let row = sqlx::query(
            "SELECT COUNT(*) FROM throttle_failures WHERE scope = $1 AND key_hash = $2 AND at > $3",
        )
        .bind(limit.scope)
        .bind(token_hash(key))
        .bind(now - limit.window_ms)
        .fetch_one(self.db.pool())
        .await?;
        Ok(u64::try_from(row.try_get::<i64, _>(0)?).unwrap_or(0))
    }
}
