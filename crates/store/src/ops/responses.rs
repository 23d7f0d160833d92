//! What raters see and save, HR's reopening of a response, progress, and the submitted
//! responses scoring reads (those not invalidated).

use std::collections::HashMap;

use sqlx::Row;

use super::assignments::{RELATIONSHIP_ORDER, find, status_of};
use super::cycles::{Hold, audit, cycle_of, held_cycle, load_cycle};
use super::invalidations::is_invalidated;
use super::notices::rater_notice;
use super::{decode_answers, encode_answers, relationship};
use yardstick_core::choice::answers as answers_of;

use crate::SqlStore;
use crate::db::{Backend, now_ms};
use crate::error::{Change, Conflict, Entity, Result, StoreError};
use crate::secret::token_hash;
use crate::types::rater_label;
use crate::types::*;
use yardstick_i18n::msg;

fn rater_of(row: &sqlx::any::AnyRow) -> Result<Rater> {
    Ok(Rater {
        id: RaterId(row.try_get("rater_id")?),
        person_id: row.try_get("rater_person")?,
        name: row.try_get("rater_name")?,
        phone: row.try_get("rater_phone")?,
    })
}

impl SqlStore {
    pub(crate) async fn rater_session_impl(&self, token: &str) -> Result<RaterSession> {
        let row = sqlx::query(
            "SELECT r.id AS rater_id, r.person_id AS rater_person, r.name AS rater_name, \
             r.phone AS rater_phone, r.cycle_id FROM raters r WHERE r.token_hash = $1",
        )
        .bind(token_hash(token))
        .fetch_optional(self.db.pool())
        .await?
        .ok_or(StoreError::NotFound(Entity::Rater))?;
        let rater = rater_of(&row)?;
        let cycle = load_cycle(self.db.pool(), row.try_get("cycle_id")?).await?;
        let tasks = sqlx::query(
            "SELECT a.assessee_id, p.name, a.relationship, resp.status FROM assignments a \
             JOIN people p ON p.id = a.assessee_id \
             JOIN cycle_assessees ca ON ca.cycle_id = a.cycle_id AND ca.person_id = a.assessee_id \
             LEFT JOIN responses resp ON resp.assignment_id = a.id \
             WHERE a.rater_id = $1 ORDER BY ca.position",
        )
        .bind(rater.id.get())
        .fetch_all(self.db.pool())
        .await?
        .iter()
        .map(|r| {
            let code: String = r.try_get(2)?;
            Ok(RaterTask {
                assessee: r.try_get(0)?,
                name: r.try_get(1)?,
                relationship: relationship(&code)?,
                status: status_of(r.try_get(3)?),
            })
        })
        .collect::<Result<Vec<_>>>()?;
        let notice = rater_notice(self.db.pool(), cycle.id, &rater).await?;
        Ok(RaterSession {
            cycle,
            rater,
            tasks,
            notice,
        })
    }

    pub(crate) async fn rater_response_impl(
        &self,
        token: &str,
        assessee: &str,
    ) -> Result<RaterResponse> {
        let row = sqlx::query(
            "SELECT r.id AS rater_id, r.person_id AS rater_person, r.name AS rater_name, \
             r.phone AS rater_phone, a.id AS assignment_id, a.relationship, p.name AS assessee_name, \
             resp.status, resp.answers, resp.comment, \
             c.id, c.name, c.model_id, c.state, c.weights, c.threshold, c.peers_limit, c.starts_on, c.ends_on, c.dimensions, \
             c.purge_on, c.purged_at, c.revision \
             FROM raters r JOIN assignments a ON a.rater_id = r.id AND a.assessee_id = $2 \
             JOIN people p ON p.id = a.assessee_id JOIN cycles c ON c.id = r.cycle_id \
             LEFT JOIN responses resp ON resp.assignment_id = a.id WHERE r.token_hash = $1",
        )
        .bind(token_hash(token))
        .bind(assessee)
        .fetch_optional(self.db.pool())
        .await?
        .ok_or(StoreError::NotFound(Entity::Assignment))?;
        let cycle = cycle_of(&row)?;
        let model = self.model_impl(cycle.model_id).await?;
        let status = status_of(row.try_get("status")?);
        let saved = match row.try_get::<Option<String>, _>("answers")? {
            Some(answers) => Some(SavedResponse {
                status,
                answers: decode_answers(&answers)?,
                comment: row
                    .try_get::<Option<String>, _>("comment")?
                    .unwrap_or_default(),
            }),
            None => None,
        };
        let code: String = row.try_get("relationship")?;
        let rater = rater_of(&row)?;
        let notice = rater_notice(self.db.pool(), cycle.id, &rater).await?;
        Ok(RaterResponse {
            target: ResponseTarget {
                cycle: cycle.id,
                assignment: row.try_get("assignment_id")?,
            },
            rater,
            task: RaterTask {
                assessee: assessee.to_string(),
                name: row.try_get("assessee_name")?,
                relationship: relationship(&code)?,
                status,
            },
            cycle,
            model,
            saved,
            notice,
        })
    }

    pub(crate) async fn save_response_impl(
        &self,
        target: ResponseTarget,
        input: ResponseInput,
    ) -> Result<ResponseStatus> {
        // On PostgreSQL a shared lock on the cycle row keeps a concurrent close from slipping
        // in between this check and the save; SQLite's single writer does the same by itself.
        let state_sql = match self.db.backend() {
            Backend::Postgres => "SELECT state FROM cycles WHERE id = $1 FOR SHARE",
            Backend::Sqlite => "SELECT state FROM cycles WHERE id = $1",
        };
        self.db
            .write(move |conn| {
                Box::pin(async move {
                    let state: String = sqlx::query(state_sql)
                        .bind(target.cycle)
                        .fetch_optional(&mut *conn)
                        .await?
                        .ok_or(StoreError::NotFound(Entity::Cycle))?
                        .try_get(0)?;
                    if state != CycleState::Open.code() {
                        let state = CycleState::parse(&state).ok_or_else(|| {
                            StoreError::Broken(format!("unknown cycle state `{state}` stored"))
                        })?;
                        return Err(StoreError::cycle_state(state, Change::Respond));
                    }
                    let answers = encode_answers(&input.answers);
                    let now = now_ms();
                    let (status, submitted_at) = if input.submit {
                        (ResponseStatus::Submitted, Some(now))
                    } else {
                        (ResponseStatus::Draft, None)
                    };
                    let saved = sqlx::query(
                        "INSERT INTO responses (assignment_id, status, answers, comment, updated_at, submitted_at) \
                         VALUES ($1, $2, $3, $4, $5, $6) \
                         ON CONFLICT (assignment_id) DO UPDATE SET status = excluded.status, \
                         answers = excluded.answers, comment = excluded.comment, \
                         updated_at = excluded.updated_at, submitted_at = excluded.submitted_at \
                         WHERE responses.status = 'draft'",
                    )
                    .bind(target.assignment)
                    .bind(status.code())
                    .bind(&answers)
                    .bind(&input.comment)
                    .bind(now)
                    .bind(submitted_at)
                    .execute(&mut *conn)
                    .await?;
                    if saved.rows_affected() == 1 {
                        return Ok(status);
                    }
                    // Already submitted: the same submission again is harmless.
                    let row = sqlx::query("SELECT answers, comment FROM responses WHERE assignment_id = $1")
                        .bind(target.assignment)
                        .fetch_one(&mut *conn)
                        .await?;
                    let (stored, comment): (String, String) = (row.try_get(0)?, row.try_get(1)?);
                    if input.submit
                        && answers_of(&decode_answers(&stored)?) == answers_of(&input.answers)
                        && comment == input.comment
                    {
                        Ok(ResponseStatus::Submitted)
                    } else {
                        Err(StoreError::Conflict(Conflict::Submitted))
                    }
                })
            })
            .await
    }

    pub(crate) async fn reopen_response_impl(
        &self,
        cycle: i64,
        rater: crate::RaterId,
        assessee: &str,
        by: &User,
        reason: &str,
    ) -> Result<()> {
        let (assessee, by, reason) = (assessee.to_string(), by.clone(), reason.trim().to_string());
        let backend = self.db.backend();
        self.db
            .write(move |conn| {
                Box::pin(async move {
                    let c = held_cycle(&mut *conn, backend, cycle, Hold::Share).await?;
                    let found = find(conn, cycle, rater, &assessee).await?;
                    if reason.is_empty() {
                        return Err(StoreError::invalid("reason", msg!("store.invalid.no_reason")));
                    }
                    if c.state != CycleState::Open {
                        return Err(StoreError::cycle_state(c.state, Change::Reopen));
                    }
                    if found.status != ResponseStatus::Submitted {
                        return Err(StoreError::Conflict(Conflict::NotSubmitted));
                    }
                    // An invalidated response is kept as it was judged: HR restores it
                    // before it can be reopened.
                    if is_invalidated(conn, found.id).await? {
                        return Err(StoreError::Conflict(Conflict::Invalidated));
                    }
                    sqlx::query("UPDATE responses SET status = 'draft', submitted_at = NULL WHERE assignment_id = $1")
                        .bind(found.id)
                        .execute(&mut *conn)
                        .await?;
                    let subject = format!("rater {} ({}) → {assessee}", rater.get(), found.rater_name);
                    audit(conn, Some(&by), "response.reopen", Some(cycle), Some(&subject), Some(&reason)).await
                })
            })
            .await
    }

    pub(crate) async fn progress_impl(&self, cycle: i64) -> Result<Vec<ProgressRow>> {
        let c = load_cycle(self.db.pool(), cycle).await?;
        if c.purged_at.is_some() {
            return super::retention::kept_progress(self.db.pool(), cycle).await;
        }
        progress_of(self.db.pool(), cycle).await
    }

    pub(crate) async fn cycle_responses_impl(&self, cycle: i64) -> Result<CycleResponses> {
        let c = load_cycle(self.db.pool(), cycle).await?;
        let model = self.model_impl(c.model_id).await?;
        let assessees: Vec<CycleAssessee> = sqlx::query(
            "SELECT p.id, COALESCE(cp.name, p.name), COALESCE(cp.department, p.department) \
             FROM cycle_assessees ca JOIN people p ON p.id = ca.person_id \
             LEFT JOIN cycle_people cp ON cp.cycle_id = ca.cycle_id AND cp.person_id = ca.person_id \
             WHERE ca.cycle_id = $1 ORDER BY ca.position",
        )
        .bind(cycle)
        .fetch_all(self.db.pool())
        .await?
        .iter()
        .map(|r| {
            Ok(CycleAssessee {
                id: r.try_get(0)?,
                name: r.try_get(1)?,
                department: r.try_get(2)?,
            })
        })
        .collect::<Result<_>>()?;
        let index: HashMap<&str, usize> = assessees
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect();
        if c.purged_at.is_some() {
            // The raw responses are gone; the results are computed from what was kept.
            let responses = super::retention::kept(self.db.pool(), cycle, &index).await?;
            return Ok(CycleResponses {
                cycle: c,
                model,
                assessees,
                responses,
            });
        }
        let mut responses = Vec::new();
        for r in sqlx::query(COUNTED_RESPONSES)
            .bind(cycle)
            .fetch_all(self.db.pool())
            .await?
        {
            let id: String = r.try_get(0)?;
            let Some(assessee) = index.get(id.as_str()).copied() else {
                continue;
            };
            let code: String = r.try_get(1)?;
            let answers: String = r.try_get(2)?;
            let person: Option<String> = r.try_get(4)?;
            let rater = rater_label(person.as_deref(), RaterId(r.try_get(5)?));
            responses.push(SubmittedResponse {
                rater,
                assessee,
                relationship: relationship(&code)?,
                answers: answers_of(&decode_answers(&answers)?),
                comment: r.try_get(3)?,
            });
        }
        Ok(CycleResponses {
            cycle: c,
            model,
            assessees,
            responses,
        })
    }
}

/// The responses of a cycle that scoring counts (submitted, not invalidated), in the order
/// they are scored in: assessee, relationship, answers, comment, the rater's person (none
/// for an outside rater) and the rater's id.
pub(crate) const COUNTED_RESPONSES: &str = "SELECT a.assessee_id, a.relationship, resp.answers, resp.comment, r.person_id, r.id \
     FROM responses resp JOIN assignments a ON a.id = resp.assignment_id \
     JOIN raters r ON r.id = a.rater_id \
     LEFT JOIN invalidations i ON i.assignment_id = resp.assignment_id \
     WHERE a.cycle_id = $1 AND resp.status = 'submitted' AND i.assignment_id IS NULL \
     ORDER BY resp.assignment_id";

/// Response counts per assessee and relationship, from a cycle's raw responses.
pub(crate) async fn progress_of<'e, E>(executor: E, cycle: i64) -> Result<Vec<ProgressRow>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!(
        "SELECT a.assessee_id, p.name, a.relationship, COUNT(*), \
         COUNT(CASE WHEN resp.status = 'draft' THEN 1 END), \
         COUNT(CASE WHEN resp.status = 'submitted' THEN 1 END), \
         COUNT(CASE WHEN resp.status = 'submitted' AND i.assignment_id IS NOT NULL THEN 1 END) \
         FROM assignments a JOIN people p ON p.id = a.assessee_id \
         JOIN cycle_assessees ca ON ca.cycle_id = a.cycle_id AND ca.person_id = a.assessee_id \
         LEFT JOIN responses resp ON resp.assignment_id = a.id \
         LEFT JOIN invalidations i ON i.assignment_id = a.id WHERE a.cycle_id = $1 \
         GROUP BY a.assessee_id, p.name, a.relationship, ca.position \
         ORDER BY ca.position, {RELATIONSHIP_ORDER}"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(cycle)
        .fetch_all(executor)
        .await?
        .iter()
        .map(progress_row)
        .collect()
}

/// A line of progress read back: assessee, name, relationship, then the counts assigned,
/// draft, submitted and invalidated.
pub(crate) fn progress_row(r: &sqlx::any::AnyRow) -> Result<ProgressRow> {
    let count =
        |i: usize| -> Result<u64> { Ok(u64::try_from(r.try_get::<i64, _>(i)?).unwrap_or(0)) };
    let code: String = r.try_get(2)?;
    Ok(ProgressRow {
        assessee: r.try_get(0)?,
        name: r.try_get(1)?,
        relationship: relationship(&code)?,
        assigned: count(3)?,
        draft: count(4)?,
        submitted: count(5)?,
        invalidated: count(6)?,
    })
}
