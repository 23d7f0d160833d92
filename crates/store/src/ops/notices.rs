//! A cycle's privacy notice to outside raters (homeowners are not employees: the notice
//! says what is kept about them and why), and each outside rater's acknowledgement of it.

use sqlx::Row;

use super::cycles::{Hold, audit, held_cycle, load_cycle};
use crate::SqlStore;
use crate::db::now_ms;
use crate::error::{Change, Entity, Result, StoreError};
use crate::secret::token_hash;
use crate::types::*;

/// The notice an outside rater of `cycle` is shown, with whether `rater` has acknowledged
/// it; `None` for raters from the company and for cycles without a notice.
pub(crate) async fn rater_notice<'e, E>(
    executor: E,
    cycle: i64,
    rater: &Rater,
) -> Result<Option<RaterNotice>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if rater.person_id.is_some() {
        return Ok(None);
    }
    let row = sqlx::query(
        "SELECT n.text, ack.at FROM cycle_notices n \
         LEFT JOIN notice_acknowledgements ack ON ack.rater_id = $2 \
         WHERE n.cycle_id = $1",
    )
    .bind(cycle)
    .bind(rater.id.get())
    .fetch_optional(executor)
    .await?;
    row.map(|r| {
        Ok(RaterNotice {
            text: r.try_get(0)?,
            acknowledged: r.try_get::<Option<i64>, _>(1)?.is_some(),
        })
    })
    .transpose()
}

impl SqlStore {
    pub(crate) async fn set_notice_impl(
        &self,
        cycle: i64,
        text: Option<String>,
        by: Option<&User>,
    ) -> Result<()> {
        let by = by.cloned();
        let backend = self.db.backend();
        self.db
            .write(move |conn| {
                Box::pin(async move {
                    let c = held_cycle(&mut *conn, backend, cycle, Hold::Share).await?;
                    if !matches!(c.state, CycleState::Draft | CycleState::Open) {
                        return Err(StoreError::cycle_state(c.state, Change::Notice));
                    }
                    let before: Option<String> =
                        sqlx::query("SELECT text FROM cycle_notices WHERE cycle_id = $1")
                            .bind(cycle)
                            .fetch_optional(&mut *conn)
                            .await?
                            .map(|r| r.try_get(0))
                            .transpose()?;
                    if before == text {
                        return Ok(());
                    }
                    // A new text is a new notice: every outside rater is shown it again.
                    sqlx::query(
                        "DELETE FROM notice_acknowledgements WHERE rater_id IN \
                         (SELECT id FROM raters WHERE cycle_id = $1)",
                    )
                    .bind(cycle)
                    .execute(&mut *conn)
                    .await?;
                    sqlx::query("DELETE FROM cycle_notices WHERE cycle_id = $1")
                        .bind(cycle)
                        .execute(&mut *conn)
                        .await?;
                    if let Some(text) = &text {
                        sqlx::query(
                            "INSERT INTO cycle_notices (cycle_id, text, updated_at) \
                             VALUES ($1, $2, $3)",
                        )
                        .bind(cycle)
                        .bind(text)
                        .bind(now_ms())
                        .execute(&mut *conn)
                        .await?;
                    }
                    let action = if text.is_some() {
                        "notice"
                    } else {
                        "notice_removed"
                    };
                    audit(&mut *conn, by.as_ref(), action, Some(cycle), None, None).await
                })
            })
            .await
    }

    pub(crate) async fn notice_impl(&self, cycle: i64) -> Result<Option<String>> {
        load_cycle(self.db.pool(), cycle).await?;
        sqlx::query("SELECT text FROM cycle_notices WHERE cycle_id = $1")
            .bind(cycle)
            .fetch_optional(self.db.pool())
            .await?
            .map(|r| r.try_get(0).map_err(StoreError::from))
            .transpose()
    }

    pub(crate) async fn acknowledge_notice_impl(&self, token: &str) -> Result<()> {
        let hash = token_hash(token);
        self.db
            .write(move |conn| {
                Box::pin(async move {
                    let rater: i64 = sqlx::query("SELECT id FROM raters WHERE token_hash = $1")
                        .bind(&hash)
                        .fetch_optional(&mut *conn)
                        .await?
                        .ok_or(StoreError::NotFound(Entity::Rater))?
                        .try_get(0)?;
                    sqlx::query(
                        "INSERT INTO notice_acknowledgements (rater_id, at) VALUES ($1, $2) \
                         ON CONFLICT (rater_id) DO NOTHING",
                    )
                    .bind(rater)
                    .bind(now_ms())
                    .execute(&mut *conn)
                    .await?;
                    Ok(())
                })
            })
            .await
    }
}
