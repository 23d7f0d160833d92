//! Cycles: creating one from settings parsed in core (`CycleDraft::parse`), reading them,
//! and moving them through core's state machine (`CycleState::move_to`).

use std::collections::{BTreeMap, HashSet};

use sqlx::{AnyConnection, Row};
use yardstick_core::{AskedDimensions, Move, Relationship};
use yardstick_i18n::{Message, msg};

use super::placeholders;
use crate::SqlStore;
use crate::db::{Backend, now_ms};
use crate::error::{Conflict, Entity, Invalid, Result, StoreError};
use crate::types::{AssesseeChoice, AuditEntry, Cycle, CycleState, ModelChoice, NewCycle, User};

const CYCLE_COLUMNS: &str = "id, name, model_id, state, weights, threshold, peers_limit, \
     starts_on, ends_on, dimensions, purge_on, purged_at, revision";

/// The dimensions asked, as stored: relationship code → dimension codes.
fn dimensions_json(asked: &AskedDimensions) -> Result<String> {
    let map: BTreeMap<&str, &[String]> = asked.iter().map(|(r, c)| (r.code(), c)).collect();
    serde_json::to_string(&map).map_err(|e| StoreError::Broken(e.to_string()))
}

fn dimensions_of(json: &str) -> Result<AskedDimensions> {
    let map: BTreeMap<String, Vec<String>> = serde_json::from_str(json)
        .map_err(|e| StoreError::Broken(format!("stored dimensions: {e}")))?;
    map.into_iter()
        .map(|(code, codes)| {
            Relationship::parse(&code)
                .map(|r| (r, codes))
                .ok_or_else(|| StoreError::Broken(format!("stored relationship `{code}`")))
        })
        .collect::<Result<Vec<_>>>()
        .map(AskedDimensions::from_stored)
}

pub(crate) fn cycle_of(row: &sqlx::any::AnyRow) -> Result<Cycle> {
    let state: String = row.try_get("state")?;
    let weights: String = row.try_get("weights")?;
    let dimensions: String = row.try_get("dimensions")?;
    Ok(Cycle {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        model_id: row.try_get("model_id")?,
        state: CycleState::parse(&state)
            .ok_or_else(|| StoreError::Broken(format!("unknown cycle state `{state}`")))?,
        weights: serde_json::from_str(&weights)
            .map_err(|e| StoreError::Broken(format!("stored weights: {e}")))?,
        threshold: row.try_get("threshold")?,
        peers: row.try_get("peers_limit")?,
        starts_on: row.try_get("starts_on")?,
        ends_on: row.try_get("ends_on")?,
        dimensions: dimensions_of(&dimensions)?,
        purge_on: row.try_get("purge_on")?,
        purged_at: row.try_get("purged_at")?,
        revision: row.try_get("revision")?,
    })
}

/// A cycle, read on a connection (inside a write job) or the pool.
pub(crate) async fn load_cycle<'e, E>(executor: E, id: i64) -> Result<Cycle>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {CYCLE_COLUMNS} FROM cycles WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(executor)
    .await?
    .ok_or(StoreError::NotFound(Entity::Cycle))?;
    cycle_of(&row)
}

/// How a write job holds the row of the cycle it acts on until it commits, on PostgreSQL,
/// where write jobs of this server and of every other server sharing the database run side
/// by side. SQLite's single writer runs one job at a time, which holds everything.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Hold {
    /// A change that depends on the cycle's state but leaves the cycle as it is (an
    /// assignment, a reopened response, a notice): a transition of the cycle waits for it to
    /// commit, and it waits for a transition under way, then sees the new state.
    Share,
    /// A transition: a second transition of the same cycle waits for this one to commit,
    /// then sees its outcome (and stays, or is refused) instead of making the step again.
    Update,
}

/// A cycle, read inside a write job and held as `hold` says until the job commits.
pub(crate) async fn held_cycle(
    conn: &mut AnyConnection,
    backend: Backend,
    id: i64,
    hold: Hold,
) -> Result<Cycle> {
    let lock = match (backend, hold) {
        (Backend::Sqlite, _) => "",
        (Backend::Postgres, Hold::Share) => " FOR SHARE",
        (Backend::Postgres, Hold::Update) => " FOR UPDATE",
    };
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {CYCLE_COLUMNS} FROM cycles WHERE id = $1{lock}"
    )))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(StoreError::NotFound(Entity::Cycle))?;
    cycle_of(&row)
}

/// Records one line in the audit log.
pub(crate) async fn audit(
    conn: &mut AnyConnection,
    by: Option<&User>,
    action: &str,
    cycle: Option<i64>,
    subject: Option<&str>,
    reason: Option<&str>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_log (at, user_id, action, cycle_id, subject, reason) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(now_ms())
    .bind(by.map(|u| u.id))
    .bind(action)
    .bind(cycle)
    .bind(subject)
    .bind(reason)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A problem of the assessees of a new cycle.
fn assessees_problem(message: Message) -> Invalid {
    Invalid::field("assessees", message)
}

impl SqlStore {
    /// The id of the model a new cycle uses.
    async fn chosen_model(&self, choice: &ModelChoice) -> Result<i64> {
        let row = match choice {
            ModelChoice::Builtin => {
                sqlx::query("SELECT id FROM models WHERE builtin = 1")
                    .fetch_optional(self.db.pool())
                    .await?
            }
            ModelChoice::Id(id) => {
                sqlx::query("SELECT id FROM models WHERE id = $1")
                    .bind(*id)
                    .fetch_optional(self.db.pool())
                    .await?
            }
        };
        match row {
            Some(r) => Ok(r.try_get::<i64, _>(0)?),
            None => Err(StoreError::invalid(
                "model",
                msg!("cycle.settings.no_model"),
            )),
        }
    }

    pub(crate) async fn create_cycle_impl(
        &self,
        new: NewCycle,
        by: Option<&User>,
    ) -> Result<Cycle> {
        let by = by.cloned();
        let mut problems = Vec::new();
        if let AssesseeChoice::Ids(ids) = &new.assessees {
            let mut seen = HashSet::new();
            for id in ids {
                if !seen.insert(id) {
                    problems.push(assessees_problem(msg!(
                        "cycle.settings.assessee_twice",
                        id = id
                    )));
                }
            }
            if ids.is_empty() {
                problems.push(assessees_problem(msg!("cycle.settings.no_assessees")));
            }
        }
        let model = match self.chosen_model(&new.model).await {
            Ok(id) => Some(self.model_impl(id).await?),
            Err(StoreError::Invalid(mut list)) => {
                problems.append(&mut list);
                None
            }
            Err(e) => return Err(e),
        };
        if let Some(model) = &model
            && let Err(list) = new.settings.check_model(&model.model)
        {
            problems.extend(list.into_iter().map(Invalid::from));
        }
        let (Some(model), true) = (model, problems.is_empty()) else {
            return Err(StoreError::Invalid(problems));
        };
        let model_id = model.info.id;
        let settings = new.settings;
        let weights = Relationship::ALL.map(|r| settings.weights().of(r));
        let weights_json =
            serde_json::to_string(&weights).map_err(|e| StoreError::Broken(e.to_string()))?;
        let dimensions = dimensions_json(settings.dimensions())?;
        let assessees = new.assessees;
        self.db
            .write(move |conn| {
                Box::pin(async move {
                    let ids: Vec<String> = match &assessees {
                        AssesseeChoice::All => sqlx::query("SELECT id FROM people WHERE erased_at IS NULL ORDER BY position")
                            .fetch_all(&mut *conn)
                            .await?
                            .iter()
                            .map(|r| r.try_get(0))
                            .collect::<std::result::Result<_, _>>()?,
                        AssesseeChoice::Ids(ids) => {
                            let sql = format!("SELECT id FROM people WHERE erased_at IS NULL AND id IN ({})", placeholders(1, ids.len()));
                            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
                            for id in ids {
                                query = query.bind(id);
                            }
                            let known: HashSet<String> = query
                                .fetch_all(&mut *conn)
                                .await?
                                .iter()
                                .map(|r| r.try_get(0))
                                .collect::<std::result::Result<_, _>>()?;
                            let unknown: Vec<Invalid> = ids
                                .iter()
                                .filter(|id| !known.contains(*id))
                                .map(|id| assessees_problem(msg!("cycle.settings.no_person", id = id)))
                                .collect();
                            if !unknown.is_empty() {
                                return Err(StoreError::Invalid(unknown));
                            }
                            ids.clone()
                        }
                    };
                    if ids.is_empty() {
                        return Err(StoreError::Invalid(vec![assessees_problem(msg!(
                            "cycle.settings.no_people"
                        ))]));
                    }
                    let row = sqlx::query(
                        "INSERT INTO cycles (name, model_id, state, weights, threshold, peers_limit, \
                         starts_on, ends_on, dimensions, created_at) \
                         VALUES ($1, $2, 'draft', $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                    )
                    .bind(settings.name())
                    .bind(model_id)
                    .bind(&weights_json)
                    .bind(settings.threshold())
                    .bind(settings.peers())
                    .bind(settings.starts_on())
                    .bind(settings.ends_on())
                    .bind(&dimensions)
                    .bind(now_ms())
                    .fetch_one(&mut *conn)
                    .await?;
                    let id: i64 = row.try_get(0)?;
                    for (position, person) in ids.iter().enumerate() {
                        sqlx::query(
                            "INSERT INTO cycle_assessees (cycle_id, person_id, position) VALUES ($1, $2, $3)",
                        )
                        .bind(id)
                        .bind(person)
                        .bind(i64::try_from(position).unwrap_or(i64::MAX))
                        .execute(&mut *conn)
                        .await?;
                    }
                    let subject = format!("model {model_id} · {} assessees", ids.len());
                    audit(conn, by.as_ref(), "cycle.create", Some(id), Some(&subject), None).await?;
                    load_cycle(&mut *conn, id).await
                })
            })
            .await
    }

    pub(crate) async fn cycle_impl(&self, id: i64) -> Result<Cycle> {
        load_cycle(self.db.pool(), id).await
    }

    pub(crate) async fn cycles_impl(&self) -> Result<Vec<Cycle>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {CYCLE_COLUMNS} FROM cycles ORDER BY id DESC"
        )))
        .fetch_all(self.db.pool())
        .await?
        .iter()
        .map(cycle_of)
        .collect()
    }

    pub(crate) async fn transition_impl(
        &self,
        id: i64,
        target: CycleState,
        by: Option<&User>,
    ) -> Result<Cycle> {
        let by = by.cloned();
        let backend = self.db.backend();
        self.db
            .write(move |conn| {
                Box::pin(async move {
                    let cycle = held_cycle(&mut *conn, backend, id, Hold::Update).await?;
                    match cycle.state.move_to(target) {
                        Move::Stay => return Ok(cycle),
                        Move::Refused => {
                            return Err(StoreError::Conflict(Conflict::Transition {
                                from: cycle.state,
                                to: target,
                            }));
                        }
                        Move::Step => {}
                    }
                    let stamp = match target {
                        CycleState::Open => "opened_at",
                        CycleState::Closed => "closed_at",
                        CycleState::Published => "published_at",
                        CycleState::Draft => "created_at",
                    };
                    sqlx::query(sqlx::AssertSqlSafe(format!(
                        "UPDATE cycles SET state = $2, {stamp} = $3 WHERE id = $1"
                    )))
                    .bind(id)
                    .bind(target.code())
                    .bind(now_ms())
                    .execute(&mut *conn)
                    .await?;
                    if target == CycleState::Published {
                        // Published means fixed: the org chart of this moment is kept.
                        sqlx::query(
                            "INSERT INTO cycle_people \
                             (cycle_id, person_id, name, department, title, superior_id) \
                             SELECT $1, id, name, department, title, superior_id FROM people",
                        )
                        .bind(id)
                        .execute(&mut *conn)
                        .await?;
                    }
                    if target == CycleState::Open {
                        sqlx::query("UPDATE models SET frozen = 1 WHERE id = $1")
                            .bind(cycle.model_id)
                            .execute(&mut *conn)
                            .await?;
                    }
                    let action = format!("cycle.{}", target.code());
                    audit(conn, by.as_ref(), &action, Some(id), None, None).await?;
                    load_cycle(&mut *conn, id).await
                })
            })
            .await
    }

    pub(crate) async fn audit_impl(&self, cycle: i64) -> Result<Vec<AuditEntry>> {
        load_cycle(self.db.pool(), cycle).await?;
        sqlx::query(
            "SELECT a.at, u.username, a.action, a.cycle_id, a.subject, a.reason FROM audit_log a \
             LEFT JOIN users u ON u.id = a.user_id WHERE a.cycle_id = $1 ORDER BY a.id",
        )
        .bind(cycle)
        .fetch_all(self.db.pool())
        .await?
        .iter()
        .map(|r| {
            Ok(AuditEntry {
                at: r.try_get(0)?,
                user: r.try_get(1)?,
                action: r.try_get(2)?,
                cycle_id: r.try_get(3)?,
                subject: r.try_get(4)?,
                reason: r.try_get(5)?,
            })
        })
        .collect()
    }
}
