//! Cycles and their state machine.

use std::collections::HashSet;

use sqlx::{AnyConnection, Row};
use yardstick_core::Relationship;
use yardstick_core::dates::is_iso_date;

use super::placeholders;
use crate::SqlStore;
use crate::db::now_ms;
use crate::error::{Invalid, Result, StoreError};
use crate::types::{AssesseeChoice, AuditEntry, Cycle, CycleState, ModelChoice, NewCycle, User};

const CYCLE_COLUMNS: &str =
    "id, name, model_id, state, weights, threshold, peers_limit, starts_on, ends_on";

pub(crate) fn cycle_of(row: &sqlx::any::AnyRow) -> Result<Cycle> {
    let state: String = row.try_get("state")?;
    let weights: String = row.try_get("weights")?;
    Ok(Cycle {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        model_id: row.try_get("model_id")?,
        state: CycleState::parse(&state)
            .ok_or_else(|| StoreError::Database(format!("unknown cycle state `{state}`")))?,
        weights: serde_json::from_str(&weights)
            .map_err(|e| StoreError::Database(format!("stored weights: {e}")))?,
        threshold: row.try_get("threshold")?,
        peers: row.try_get("peers_limit")?,
        starts_on: row.try_get("starts_on")?,
        ends_on: row.try_get("ends_on")?,
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
    .ok_or(StoreError::NotFound("cycle"))?;
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

/// The conflict answered when a cycle is not in a state that allows a change.
pub(crate) fn state_conflict(cycle: &Cycle, what_zh: &str, what_en: &str) -> StoreError {
    StoreError::conflict(
        format!(
            "考评周期当前为“{}”状态,{what_zh}",
            state_label_zh(cycle.state)
        ),
        format!("the cycle is {}: {what_en}", cycle.state.code()),
    )
}

fn state_label_zh(state: CycleState) -> &'static str {
    match state {
        CycleState::Draft => "草稿",
        CycleState::Open => "进行中",
        CycleState::Closed => "已结束",
        CycleState::Published => "已发布",
    }
}

impl SqlStore {
    pub(crate) async fn create_cycle_impl(&self, new: NewCycle) -> Result<Cycle> {
        let mut problems = Vec::new();
        let name = new.name.trim().to_string();
        if name.is_empty() {
            problems.push(Invalid::field(
                "name",
                "周期名称不能为空",
                "the cycle needs a name",
            ));
        }
        if new.threshold < 1 {
            problems.push(Invalid::field(
                "threshold",
                "匿名阈值必须至少为 1",
                "the anonymity threshold must be at least 1",
            ));
        }
        if !(0..=50).contains(&new.peers) {
            problems.push(Invalid::field(
                "peers",
                "同级评价人数须在 0 到 50 之间",
                "peers must be between 0 and 50",
            ));
        }
        for (field, value) in [("starts_on", &new.starts_on), ("ends_on", &new.ends_on)] {
            if let Some(v) = value
                && !is_iso_date(v)
            {
                problems.push(Invalid::field(
                    field,
                    format!("“{v}”不是有效日期,请写成 YYYY-MM-DD"),
                    format!("\"{v}\" is not a date: write it as YYYY-MM-DD"),
                ));
            }
        }
        if let (Some(start), Some(end)) = (&new.starts_on, &new.ends_on)
            && is_iso_date(start)
            && is_iso_date(end)
            && end < start
        {
            problems.push(Invalid::field(
                "ends_on",
                "结束日期早于开始日期",
                "the cycle ends before it starts",
            ));
        }
        if let AssesseeChoice::Ids(ids) = &new.assessees {
            let mut seen = HashSet::new();
            for id in ids {
                if !seen.insert(id) {
                    problems.push(Invalid::field(
                        "assessees",
                        format!("被评价人“{id}”重复"),
                        format!("the assessee \"{id}\" is listed twice"),
                    ));
                }
            }
            if ids.is_empty() {
                problems.push(Invalid::field(
                    "assessees",
                    "至少需要一名被评价人",
                    "a cycle needs at least one assessee",
                ));
            }
        }
        if !problems.is_empty() {
            return Err(StoreError::Invalid(problems));
        }
        let weights = Relationship::ALL.map(|r| new.weights.of(r));
        self.db
            .write(move |conn| {
                Box::pin(async move {
                    let model_id = match new.model {
                        ModelChoice::Builtin => sqlx::query("SELECT id FROM models WHERE builtin = 1")
                            .fetch_optional(&mut *conn)
                            .await?
                            .map(|r| r.try_get::<i64, _>(0))
                            .transpose()?,
                        ModelChoice::Id(id) => sqlx::query("SELECT id FROM models WHERE id = $1")
                            .bind(id)
                            .fetch_optional(&mut *conn)
                            .await?
                            .map(|r| r.try_get::<i64, _>(0))
                            .transpose()?,
                    };
                    let Some(model_id) = model_id else {
                        return Err(StoreError::invalid("model", "没有这个模型", "there is no such model"));
                    };
                    let ids: Vec<String> = match &new.assessees {
                        AssesseeChoice::All => sqlx::query("SELECT id FROM people ORDER BY position")
                            .fetch_all(&mut *conn)
                            .await?
                            .iter()
                            .map(|r| r.try_get(0))
                            .collect::<std::result::Result<_, _>>()?,
                        AssesseeChoice::Ids(ids) => {
                            let sql = format!("SELECT id FROM people WHERE id IN ({})", placeholders(1, ids.len()));
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
                                .map(|id| {
                                    Invalid::field(
                                        "assessees",
                                        format!("没有工号为“{id}”的人员"),
                                        format!("there is no person with id \"{id}\""),
                                    )
                                })
                                .collect();
                            if !unknown.is_empty() {
                                return Err(StoreError::Invalid(unknown));
                            }
                            ids.clone()
                        }
                    };
                    if ids.is_empty() {
                        return Err(StoreError::invalid(
                            "assessees",
                            "还没有导入任何人员",
                            "no people have been imported yet",
                        ));
                    }
                    let weights_json = serde_json::to_string(&weights)
                        .map_err(|e| StoreError::Database(e.to_string()))?;
                    let row = sqlx::query(
                        "INSERT INTO cycles (name, model_id, state, weights, threshold, peers_limit, \
                         starts_on, ends_on, created_at) VALUES ($1, $2, 'draft', $3, $4, $5, $6, $7, $8) \
                         RETURNING id",
                    )
                    .bind(&name)
                    .bind(model_id)
                    .bind(&weights_json)
                    .bind(new.threshold)
                    .bind(new.peers)
                    .bind(new.starts_on.as_deref())
                    .bind(new.ends_on.as_deref())
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
        self.db
            .write(move |conn| {
                Box::pin(async move {
                    let cycle = load_cycle(&mut *conn, id).await?;
                    if cycle.state == target {
                        return Ok(cycle);
                    }
                    if cycle.state.next() != Some(target) {
                        return Err(StoreError::conflict(
                            format!(
                                "考评周期不能从“{}”变为“{}”(顺序为 草稿 → 进行中 → 已结束 → 已发布)",
                                state_label_zh(cycle.state),
                                state_label_zh(target)
                            ),
                            format!(
                                "a cycle cannot go from {} to {} (draft → open → closed → published)",
                                cycle.state.code(),
                                target.code()
                            ),
                        ));
                    }
                    let stamp = match target {
                        CycleState::Open => "opened_at",
                        CycleState::Closed => "closed_at",
                        CycleState::Published => "published_at",
                        CycleState::Draft => "created_at",
                    };
                    sqlx::query(sqlx::AssertSqlSafe(format!("UPDATE cycles SET state = $2, {stamp} = $3 WHERE id = $1")))
                        .bind(id)
                        .bind(target.code())
                        .bind(now_ms())
                        .execute(&mut *conn)
                        .await?;
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
