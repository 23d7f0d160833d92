//! HR's invalidation of submitted responses (SPEC §8, rater quality): an invalidated
//! response stays stored and submitted, but scoring, reports and analytics leave it out
//! until it is restored. Both are recorded in the audit log.

use sqlx::{AnyConnection, Row};
use yardstick_core::bounds::TextRule;

use super::assignments::{Found, RELATIONSHIP_ORDER, find};
use super::cycles::{Hold, audit, held_cycle, load_cycle};
use super::relationship;
use crate::SqlStore;
use crate::db::{Backend, now_ms};
use crate::error::{Change, Conflict, Entity, Result, StoreError};
use crate::types::{CycleState, Invalidation, Rater, RaterId, ResponseStatus, User};

/// Whether a cycle in `state` lets HR invalidate or restore responses: once published,
/// its results are fixed.
fn allows(state: CycleState) -> bool {
    matches!(state, CycleState::Open | CycleState::Closed)
}

/// The cycle, locked against a concurrent publication on PostgreSQL (SQLite's single
/// writer does the same by itself), and the assignment; 404 for either.
async fn target(
    conn: &mut AnyConnection,
    backend: Backend,
    cycle: i64,
    rater: RaterId,
    assessee: &str,
) -> Result<(CycleState, Found)> {
    let c = held_cycle(&mut *conn, backend, cycle, Hold::Share).await?;
    let found = find(conn, cycle, rater, assessee).await?;
    Ok((c.state, found))
}

/// Whether the response of an assignment is invalidated.
pub(crate) async fn is_invalidated(conn: &mut AnyConnection, assignment: i64) -> Result<bool> {
    Ok(
        sqlx::query("SELECT 1 FROM invalidations WHERE assignment_id = $1")
            .bind(assignment)
            .fetch_optional(&mut *conn)
            .await?
            .is_some(),
    )
}

/// How the audit log names a response.
fn subject(rater: RaterId, found: &Found, assessee: &str) -> String {
    format!("rater {} ({}) → {assessee}", rater.get(), found.rater_name)
}

impl SqlStore {
    pub(crate) async fn invalidate_response_impl(
        &self,
        cycle: i64,
        rater: RaterId,
        assessee: &str,
        by: &User,
        reason: &str,
    ) -> Result<()> {
        let backend = self.db.backend();
        let (assessee, by, reason) = (assessee.to_string(), by.clone(), reason.to_string());
        self.db
            .write(move |conn| {
                Box::pin(async move {
                    let (state, found) = target(conn, backend, cycle, rater, &assessee).await?;
                    let reason = TextRule::REASON
                        .check(&reason)
                        .map_err(|p| StoreError::invalid("reason", p.message()))?
                        .to_string();
                    if !allows(state) {
                        return Err(StoreError::cycle_state(state, Change::Invalidate));
                    }
                    if found.status != ResponseStatus::Submitted {
                        return Err(StoreError::Conflict(Conflict::InvalidateNotSubmitted));
                    }
                    if is_invalidated(conn, found.id).await? {
                        return Err(StoreError::Conflict(Conflict::Invalidated));
                    }
                    sqlx::query(
                        "INSERT INTO invalidations (assignment_id, user_id, at, reason) \
                         VALUES ($1, $2, $3, $4)",
                    )
                    .bind(found.id)
                    .bind(by.id)
                    .bind(now_ms())
                    .bind(&reason)
                    .execute(&mut *conn)
                    .await?;
                    let subject = subject(rater, &found, &assessee);
                    audit(
                        conn,
                        Some(&by),
                        "response.invalidate",
                        Some(cycle),
                        Some(&subject),
                        Some(&reason),
                    )
                    .await
                })
            })
            .await
    }

    pub(crate) async fn restore_response_impl(
        &self,
        cycle: i64,
        rater: RaterId,
        assessee: &str,
        by: &User,
    ) -> Result<()> {
        let backend = self.db.backend();
        let (assessee, by) = (assessee.to_string(), by.clone());
        self.db
            .write(move |conn| {
                Box::pin(async move {
                    let (state, found) = target(conn, backend, cycle, rater, &assessee).await?;
                    let reason: String =
                        sqlx::query("SELECT reason FROM invalidations WHERE assignment_id = $1")
                            .bind(found.id)
                            .fetch_optional(&mut *conn)
                            .await?
                            .ok_or(StoreError::NotFound(Entity::Invalidation))?
                            .try_get(0)?;
                    if !allows(state) {
                        return Err(StoreError::cycle_state(state, Change::Invalidate));
                    }
                    sqlx::query("DELETE FROM invalidations WHERE assignment_id = $1")
                        .bind(found.id)
                        .execute(&mut *conn)
                        .await?;
                    let subject = subject(rater, &found, &assessee);
                    // The reason of the invalidation undone goes with the line, so that the
                    // audit log says what was restored without looking further back.
                    audit(
                        conn,
                        Some(&by),
                        "response.restore",
                        Some(cycle),
                        Some(&subject),
                        Some(&reason),
                    )
                    .await
                })
            })
            .await
    }

    pub(crate) async fn invalidations_impl(&self, cycle: i64) -> Result<Vec<Invalidation>> {
        load_cycle(self.db.pool(), cycle).await?;
        let sql = format!(
            "SELECT r.id, r.person_id, r.name, r.phone, a.assessee_id, p.name, a.relationship, \
             i.reason, i.at, u.username FROM invalidations i \
             JOIN assignments a ON a.id = i.assignment_id \
             JOIN raters r ON r.id = a.rater_id JOIN people p ON p.id = a.assessee_id \
             JOIN cycle_assessees ca ON ca.cycle_id = a.cycle_id AND ca.person_id = a.assessee_id \
             LEFT JOIN users u ON u.id = i.user_id \
             WHERE a.cycle_id = $1 ORDER BY ca.position, {RELATIONSHIP_ORDER}, r.id"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(cycle)
            .fetch_all(self.db.pool())
            .await?
            .iter()
            .map(|r| {
                let code: String = r.try_get(6)?;
                Ok(Invalidation {
                    rater: Rater {
                        id: RaterId(r.try_get(0)?),
                        person_id: r.try_get(1)?,
                        name: r.try_get(2)?,
                        phone: r.try_get(3)?,
                    },
                    assessee: r.try_get(4)?,
                    assessee_name: r.try_get(5)?,
                    relationship: relationship(&code)?,
                    reason: r.try_get(7)?,
                    at: r.try_get(8)?,
                    user: r.try_get(9)?,
                })
            })
            .collect()
    }
}
