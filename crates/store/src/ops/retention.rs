//! Keeping raw responses only as long as they are needed (docs/privacy.md): HR chooses the
//! day a closed cycle's raw responses are deleted, or deletes them at once; what the
//! cycle's results are computed from stays, without the raters.

use std::collections::HashMap;

use sqlx::{AnyConnection, Row};
use yardstick_core::choice::answers as answers_of;
use yardstick_core::dates::is_iso_date;
use yardstick_i18n::msg;

use super::cycles::{Hold, audit, held_cycle, load_cycle};
use super::{decode_answers, relationship};
use crate::SqlStore;
use crate::db::{Backend, now_ms};
use crate::error::{Change, Conflict, Result, StoreError};
use crate::types::{Cycle, CycleState, ProgressRow, SubmittedResponse, User};

/// Whether a cycle in `state` has stopped taking answers, so that its raw responses may go.
fn may_purge(state: CycleState) -> bool {
    matches!(state, CycleState::Closed | CycleState::Published)
}

/// The label of the `n`-th rater (from 1) of a cycle whose raw responses are deleted.
fn kept_label(n: usize) -> String {
    format!("R{n}")
}

/// The answer sets kept of a cycle whose raw responses are deleted, in the order they were
/// submitted in; `index` gives each assessee's position.
pub(crate) async fn kept<'e, E>(
    executor: E,
    cycle: i64,
    index: &HashMap<&str, usize>,
) -> Result<Vec<SubmittedResponse>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let rows = sqlx::query(
        "SELECT assessee_id, relationship, rater, answers, comment FROM kept_responses \
         WHERE cycle_id = $1 ORDER BY seq",
    )
    .bind(cycle)
    .fetch_all(executor)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let id: String = r.try_get(0)?;
        let Some(assessee) = index.get(id.as_str()).copied() else {
            continue;
        };
        let code: String = r.try_get(1)?;
        let answers: String = r.try_get(3)?;
        out.push(SubmittedResponse {
            rater: r.try_get(2)?,
            assessee,
            relationship: relationship(&code)?,
            answers: answers_of(&decode_answers(&answers)?),
            comment: r.try_get(4)?,
        });
    }
    Ok(out)
}

/// The response counts kept of a cycle whose raw responses are deleted, as they stood then.
pub(crate) async fn kept_progress<'e, E>(executor: E, cycle: i64) -> Result<Vec<ProgressRow>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "SELECT k.assessee_id, p.name, k.relationship, k.assigned, k.draft, k.submitted, \
         k.invalidated FROM kept_progress k JOIN people p ON p.id = k.assessee_id \
         WHERE k.cycle_id = $1 ORDER BY k.seq",
    )
    .bind(cycle)
    .fetch_all(executor)
    .await?
    .iter()
    .map(super::responses::progress_row)
    .collect()
}

/// Deletes the raw responses of cycle `id` on `conn`, keeping its submitted answer sets
/// that are not invalidated without their raters. Nothing happens to a cycle whose raw
/// responses are gone already; a cycle still taking answers (or not yet opened) is a
/// conflict. `scheduled` says the chosen day came, rather than HR asking now.
async fn purge(
    conn: &mut AnyConnection,
    backend: Backend,
    id: i64,
    by: Option<&User>,
    scheduled: bool,
) -> Result<Cycle> {
    // Held like a transition: the state cannot move under the deletion.
    let cycle = held_cycle(&mut *conn, backend, id, Hold::Update).await?;
    if cycle.purged_at.is_some() {
        return Ok(cycle);
    }
    if !may_purge(cycle.state) {
        return Err(StoreError::cycle_state(cycle.state, Change::Retention));
    }
    // Claimed first: a second server purging the same cycle at the same moment waits for
    // this row and then finds it purged.
    let claimed = sqlx::query(
        "UPDATE cycles SET purged_at = $2, purge_on = NULL, revision = revision + 1 \
         WHERE id = $1 AND purged_at IS NULL",
    )
    .bind(id)
    .bind(now_ms())
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if claimed == 0 {
        return load_cycle(&mut *conn, id).await;
    }
    // What scoring reads today, in the same order.
    let rows = sqlx::query(super::responses::COUNTED_RESPONSES)
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
    let mut labels: HashMap<i64, String> = HashMap::new();
    for (seq, r) in rows.iter().enumerate() {
        let rater: i64 = r.try_get(5)?;
        let next = labels.len() + 1;
        let label = labels
            .entry(rater)
            .or_insert_with(|| kept_label(next))
            .clone();
        let assessee: String = r.try_get(0)?;
        let code: String = r.try_get(1)?;
        let answers: String = r.try_get(2)?;
        let comment: String = r.try_get(3)?;
        sqlx::query(
            "INSERT INTO kept_responses \
             (cycle_id, seq, assessee_id, relationship, rater, answers, comment) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(i64::try_from(seq).unwrap_or(i64::MAX))
        .bind(assessee)
        .bind(code)
        .bind(label)
        .bind(answers)
        .bind(comment)
        .execute(&mut *conn)
        .await?;
    }
    // The counts the published response rates are computed from.
    let progress = super::responses::progress_of(&mut *conn, id).await?;
    for (seq, p) in progress.iter().enumerate() {
        let n = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
        sqlx::query(
            "INSERT INTO kept_progress (cycle_id, seq, assessee_id, relationship, assigned, \
             draft, submitted, invalidated) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(i64::try_from(seq).unwrap_or(i64::MAX))
        .bind(&p.assessee)
        .bind(p.relationship.code())
        .bind(n(p.assigned))
        .bind(n(p.draft))
        .bind(n(p.submitted))
        .bind(n(p.invalidated))
        .execute(&mut *conn)
        .await?;
    }
    let raters: i64 = sqlx::query("SELECT COUNT(*) FROM raters WHERE cycle_id = $1")
        .bind(id)
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    // Raters go with everything that hangs on them: assignments, responses (drafts and
    // invalidated ones included), invalidations, reminders, notice acknowledgements.
    sqlx::query("DELETE FROM raters WHERE cycle_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    let subject = format!("kept {} · raters {raters}", rows.len());
    let reason = scheduled.then_some("scheduled");
    audit(
        conn,
        by,
        "responses.purge",
        Some(id),
        Some(&subject),
        reason,
    )
    .await?;
    load_cycle(&mut *conn, id).await
}

impl SqlStore {
    pub(crate) async fn set_purge_on_impl(
        &self,
        id: i64,
        day: Option<String>,
        today: String,
        by: Option<&User>,
    ) -> Result<Cycle> {
        let by = by.cloned();
        let backend = self.db.backend();
        self.db
            .write(move |conn| {
                Box::pin(async move {
                    let cycle = held_cycle(&mut *conn, backend, id, Hold::Update).await?;
                    if let Some(d) = day.as_deref() {
                        if !is_iso_date(d) {
                            return Err(StoreError::invalid(
                                "purge_on",
                                msg!("retention.store.day", value = d),
                            ));
                        }
                        if d < today.as_str() {
                            return Err(StoreError::invalid(
                                "purge_on",
                                msg!("retention.store.past", day = d, today = today.as_str()),
                            ));
                        }
                    }
                    if cycle.purged_at.is_some() {
                        return Err(StoreError::Conflict(Conflict::Purged));
                    }
                    if !may_purge(cycle.state) {
                        return Err(StoreError::cycle_state(cycle.state, Change::Retention));
                    }
                    if cycle.purge_on == day {
                        return Ok(cycle);
                    }
                    sqlx::query("UPDATE cycles SET purge_on = $2 WHERE id = $1")
                        .bind(id)
                        .bind(day.as_deref())
                        .execute(&mut *conn)
                        .await?;
                    let action = if day.is_some() {
                        "retention.set"
                    } else {
                        "retention.clear"
                    };
                    audit(conn, by.as_ref(), action, Some(id), day.as_deref(), None).await?;
                    load_cycle(&mut *conn, id).await
                })
            })
            .await
    }

    pub(crate) async fn purge_responses_impl(&self, id: i64, by: Option<&User>) -> Result<Cycle> {
        let by = by.cloned();
        let backend = self.db.backend();
        self.db
            .write(move |conn| {
                Box::pin(async move { purge(conn, backend, id, by.as_ref(), false).await })
            })
            .await
    }

    pub(crate) async fn purge_due_impl(&self, today: &str) -> Result<Vec<i64>> {
        let due: Vec<i64> = sqlx::query(
            "SELECT id FROM cycles WHERE purge_on IS NOT NULL AND purge_on <= $1 \
             AND purged_at IS NULL AND state IN ('closed', 'published') ORDER BY id",
        )
        .bind(today)
        .fetch_all(self.db.pool())
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<std::result::Result<_, _>>()?;
        let mut done = Vec::new();
        let backend = self.db.backend();
        for id in due {
            let purged = self
                .db
                .write(move |conn| {
                    Box::pin(async move { purge(conn, backend, id, None, true).await })
                })
                .await?;
            if purged.purged_at.is_some() {
                done.push(id);
            }
        }
        Ok(done)
    }
}
