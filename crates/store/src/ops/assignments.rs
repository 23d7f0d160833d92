//! Raters, their links and assignments: automatic from the org chart, manual additions and
//! removals, external raters (customers).

use std::collections::HashSet;

use sqlx::{AnyConnection, Row};
use yardstick_core::Relationship;
use yardstick_core::bounds::TextRule;
use yardstick_core::org::{Member, auto_assignments};
use yardstick_i18n::msg;

use super::cycles::{Hold, audit, held_cycle, load_cycle};
use super::relationship;
use crate::SqlStore;
use crate::error::{Change, Conflict, Entity, Invalid, Result, StoreError};
use crate::secret::{Secret, random_token, token_hash};
use crate::types::{
    AssignmentView, CycleState, NewAssignment, Rater, RaterChoice, ResponseStatus, User,
};

/// Orders relationships as reports show them.
pub(crate) const RELATIONSHIP_ORDER: &str = "CASE a.relationship WHEN 'self' THEN 0 \
    WHEN 'superior' THEN 1 WHEN 'peer' THEN 2 WHEN 'subordinate' THEN 3 ELSE 4 END";

pub(crate) fn status_of(code: Option<String>) -> ResponseStatus {
    match code.as_deref() {
        Some("submitted") => ResponseStatus::Submitted,
        Some("draft") => ResponseStatus::Draft,
        _ => ResponseStatus::Pending,
    }
}

/// The id of the rater for `person` in `cycle`, added (with a new link) if needed.
async fn person_rater(
    conn: &mut AnyConnection,
    secret: &Secret,
    cycle: i64,
    person: &str,
) -> Result<i64> {
    let found = sqlx::query("SELECT id FROM raters WHERE cycle_id = $1 AND person_id = $2")
        .bind(cycle)
        .bind(person)
        .fetch_optional(&mut *conn)
        .await?;
    if let Some(row) = found {
        return Ok(row.try_get(0)?);
    }
    let name: String = sqlx::query("SELECT name FROM people WHERE id = $1")
        .bind(person)
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    insert_rater(conn, secret, cycle, Some(person), &name, None).await
}

/// The id of the external rater with this name and phone in `cycle`, added if needed.
async fn external_rater(
    conn: &mut AnyConnection,
    secret: &Secret,
    cycle: i64,
    name: &str,
    phone: Option<&str>,
) -> Result<i64> {
    let found = sqlx::query(
        "SELECT id FROM raters WHERE cycle_id = $1 AND person_id IS NULL AND name = $2 \
         AND COALESCE(phone, '') = $3",
    )
    .bind(cycle)
    .bind(name)
    .bind(phone.unwrap_or(""))
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(row) = found {
        return Ok(row.try_get(0)?);
    }
    insert_rater(conn, secret, cycle, None, name, phone).await
}

async fn insert_rater(
    conn: &mut AnyConnection,
    secret: &Secret,
    cycle: i64,
    person: Option<&str>,
    name: &str,
    phone: Option<&str>,
) -> Result<i64> {
    let seed = random_token(16)?;
    let hash = token_hash(&secret.rater_token(&seed));
    let row = sqlx::query(
        "INSERT INTO raters (cycle_id, person_id, name, phone, token_seed, token_hash) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(cycle)
    .bind(person)
    .bind(name)
    .bind(phone)
    .bind(&seed)
    .bind(&hash)
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get(0)?)
}

async fn insert_assignment(
    conn: &mut AnyConnection,
    cycle: i64,
    rater: i64,
    assessee: &str,
    relationship: Relationship,
) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO assignments (cycle_id, rater_id, assessee_id, relationship) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (rater_id, assessee_id) DO NOTHING",
    )
    .bind(cycle)
    .bind(rater)
    .bind(assessee)
    .bind(relationship.code())
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// How the audit log names an assignment: `rater 12 (王五) → E001`.
fn assignment_subject(rater: i64, name: &str, assessee: &str) -> String {
    format!("rater {rater} ({name}) → {assessee}")
}

/// A rater's name, inside a write job.
async fn rater_name(conn: &mut AnyConnection, rater: i64) -> Result<String> {
    Ok(sqlx::query("SELECT name FROM raters WHERE id = $1")
        .bind(rater)
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?)
}

/// An assignment of a cycle found by rater and assessee, inside a write job.
pub(crate) struct Found {
    /// The assignment's id.
    pub(crate) id: i64,
    /// The rater's name.
    pub(crate) rater_name: String,
    /// Where its response stands.
    pub(crate) status: ResponseStatus,
}

/// The assignment of `rater` to `assessee` in `cycle`, or 404.
pub(crate) async fn find(
    conn: &mut AnyConnection,
    cycle: i64,
    rater: crate::RaterId,
    assessee: &str,
) -> Result<Found> {
    let row = sqlx::query(
        "SELECT a.id, r.name, resp.status FROM assignments a JOIN raters r ON r.id = a.rater_id \
         LEFT JOIN responses resp ON resp.assignment_id = a.id \
         WHERE a.cycle_id = $1 AND a.rater_id = $2 AND a.assessee_id = $3",
    )
    .bind(cycle)
    .bind(rater.get())
    .bind(assessee)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(StoreError::NotFound(Entity::Assignment))?;
    Ok(Found {
        id: row.try_get(0)?,
        rater_name: row.try_get(1)?,
        status: status_of(row.try_get(2)?),
    })
}

fn changeable(state: CycleState) -> bool {
    matches!(state, CycleState::Draft | CycleState::Open)
}

/// Every assignment of a cycle with its link.
pub(crate) async fn list<'e, E>(
    executor: E,
    secret: &Secret,
    cycle: i64,
) -> Result<Vec<AssignmentView>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!(
        "SELECT r.id, r.person_id, r.name, r.phone, r.token_seed, a.assessee_id, p.name, \
         a.relationship, resp.status FROM assignments a \
         JOIN raters r ON r.id = a.rater_id \
         JOIN people p ON p.id = a.assessee_id \
         JOIN cycle_assessees ca ON ca.cycle_id = a.cycle_id AND ca.person_id = a.assessee_id \
         LEFT JOIN responses resp ON resp.assignment_id = a.id \
         WHERE a.cycle_id = $1 ORDER BY ca.position, {RELATIONSHIP_ORDER}, r.name, r.id"
    );
    // Composed of constants only.
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(cycle)
        .fetch_all(executor)
        .await?
        .iter()
        .map(|row| {
            let seed: String = row.try_get(4)?;
            let code: String = row.try_get(7)?;
            Ok(AssignmentView {
                rater: Rater {
                    id: crate::RaterId(row.try_get(0)?),
                    person_id: row.try_get(1)?,
                    name: row.try_get(2)?,
                    phone: row.try_get(3)?,
                },
                assessee: row.try_get(5)?,
                assessee_name: row.try_get(6)?,
                relationship: relationship(&code)?,
                status: status_of(row.try_get(8)?),
                link: format!("/r/{}", secret.rater_token(&seed)),
            })
        })
        .collect()
}

impl SqlStore {
    pub(crate) async fn auto_assign_impl(
        &self,
        cycle: i64,
        by: Option<&User>,
    ) -> Result<Vec<AssignmentView>> {
        let secret = self.secret.clone();
        let by = by.cloned();
        let backend = self.db.backend();
        self.db
            .write(move |conn| {
                Box::pin(async move {
                    let c = held_cycle(&mut *conn, backend, cycle, Hold::Share).await?;
                    if !changeable(c.state) {
                        return Err(StoreError::cycle_state(c.state, Change::Assignments));
                    }
                    let people: Vec<(String, Option<String>)> = sqlx::query("SELECT id, superior_id FROM people")
                        .fetch_all(&mut *conn)
                        .await?
                        .iter()
                        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
                        .collect::<Result<_>>()?;
                    let assessees: Vec<String> = sqlx::query(
                        "SELECT person_id FROM cycle_assessees WHERE cycle_id = $1 ORDER BY position",
                    )
                    .bind(cycle)
                    .fetch_all(&mut *conn)
                    .await?
                    .iter()
                    .map(|r| r.try_get(0))
                    .collect::<std::result::Result<_, _>>()?;
                    let members: Vec<Member<'_>> = people
                        .iter()
                        .map(|(id, superior)| Member {
                            id,
                            superior: superior.as_deref(),
                        })
                        .collect();
                    let ids: Vec<&str> = assessees.iter().map(String::as_str).collect();
                    let peers = usize::try_from(c.peers).unwrap_or(0);
                    let mut added = 0_u64;
                    for planned in auto_assignments(&members, &ids, peers) {
                        let rater = person_rater(conn, &secret, cycle, &planned.rater).await?;
                        if insert_assignment(conn, cycle, rater, &planned.assessee, planned.relationship).await? {
                            added += 1;
                        }
                    }
                    if added > 0 {
                        let subject = format!("added {added}");
                        audit(conn, by.as_ref(), "assignments.auto", Some(cycle), Some(&subject), None).await?;
                    }
                    list(&mut *conn, &secret, cycle).await
                })
            })
            .await
    }

    pub(crate) async fn add_assignments_impl(
        &self,
        cycle: i64,
        add: Vec<NewAssignment>,
        by: Option<&User>,
    ) -> Result<Vec<AssignmentView>> {
        let secret = self.secret.clone();
        let by = by.cloned();
        let backend = self.db.backend();
        self.db
            .write(move |conn| {
                Box::pin(async move {
                    let c = held_cycle(&mut *conn, backend, cycle, Hold::Share).await?;
                    let assessees: HashSet<String> =
                        sqlx::query("SELECT person_id FROM cycle_assessees WHERE cycle_id = $1")
                            .bind(cycle)
                            .fetch_all(&mut *conn)
                            .await?
                            .iter()
                            .map(|r| r.try_get(0))
                            .collect::<std::result::Result<_, _>>()?;
                    let people: HashSet<String> = sqlx::query("SELECT id FROM people WHERE erased_at IS NULL")
                        .fetch_all(&mut *conn)
                        .await?
                        .iter()
                        .map(|r| r.try_get(0))
                        .collect::<std::result::Result<_, _>>()?;
                    let existing: HashSet<(String, String)> = sqlx::query(
                        "SELECT COALESCE(r.person_id, '~' || r.name || '~' || COALESCE(r.phone, '')), \
                         a.assessee_id FROM assignments a JOIN raters r ON r.id = a.rater_id \
                         WHERE a.cycle_id = $1",
                    )
                    .bind(cycle)
                    .fetch_all(&mut *conn)
                    .await?
                    .iter()
                    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
                    .collect::<Result<_>>()?;

                    let mut problems = Vec::new();
                    let mut seen: HashSet<(String, String)> = HashSet::new();
                    for (i, a) in add.iter().enumerate() {
                        let at = |what: &str| format!("add[{i}].{what}");
                        if !assessees.contains(&a.assessee) {
                            problems.push(Invalid::field(
                                at("assessee"),
                                msg!("store.invalid.not_an_assessee", id = &a.assessee),
                            ));
                        }
                        let key = match &a.rater {
                            RaterChoice::Person(p) => {
                                if !people.contains(p) {
                                    problems.push(Invalid::field(
                                        at("rater"),
                                        msg!("cycle.settings.no_person", id = p),
                                    ));
                                }
                                let is_self = *p == a.assessee;
                                if is_self != (a.relationship == Relationship::SelfRating) {
                                    problems.push(Invalid::field(
                                        at("relationship"),
                                        msg!("store.invalid.self_only"),
                                    ));
                                }
                                p.clone()
                            }
                            RaterChoice::External { name, phone } => {
                                if let Err(p) = TextRule::NAME.check(name) {
                                    let m = msg!("outsiders.name", problem = p.message());
                                    problems.push(Invalid::field(at("rater.name"), m));
                                }
                                if let Some(Err(p)) = phone.as_deref().map(|p| TextRule::LINE.check(p)) {
                                    let m = msg!("outsiders.phone", problem = p.message());
                                    problems.push(Invalid::field(at("rater.phone"), m));
                                }
                                if a.relationship == Relationship::SelfRating {
                                    problems.push(Invalid::field(
                                        at("relationship"),
                                        msg!("store.invalid.outsider_self"),
                                    ));
                                }
                                format!("~{}~{}", name.trim(), phone.as_deref().unwrap_or(""))
                            }
                        };
                        let pair = (key, a.assessee.clone());
                        if existing.contains(&pair) || !seen.insert(pair.clone()) {
                            let rater = pair.0.trim_start_matches('~').replace('~', " ");
                            problems.push(Invalid::field(
                                at("rater"),
                                msg!("store.invalid.duplicate", rater = rater.trim(), assessee = &a.assessee),
                            ));
                        }
                    }
                    if !problems.is_empty() {
                        return Err(StoreError::Invalid(problems));
                    }
                    if !changeable(c.state) {
                        return Err(StoreError::cycle_state(c.state, Change::Assignments));
                    }
                    for a in &add {
                        let rater = match &a.rater {
                            RaterChoice::Person(p) => person_rater(conn, &secret, cycle, p).await?,
                            RaterChoice::External { name, phone } => {
                                external_rater(conn, &secret, cycle, name.trim(), phone.as_deref()).await?
                            }
                        };
                        if insert_assignment(conn, cycle, rater, &a.assessee, a.relationship).await? {
                            let name = rater_name(conn, rater).await?;
                            let subject = format!(
                                "{} · {}",
                                assignment_subject(rater, &name, &a.assessee),
                                a.relationship.code()
                            );
                            audit(conn, by.as_ref(), "assignment.add", Some(cycle), Some(&subject), None).await?;
                        }
                    }
                    list(&mut *conn, &secret, cycle).await
                })
            })
            .await
    }

    pub(crate) async fn remove_assignment_impl(
        &self,
        cycle: i64,
        rater: crate::RaterId,
        assessee: &str,
        by: Option<&User>,
    ) -> Result<()> {
        let assessee = assessee.to_string();
        let by = by.cloned();
        let backend = self.db.backend();
        self.db
            .write(move |conn| {
                Box::pin(async move {
                    let c = held_cycle(&mut *conn, backend, cycle, Hold::Share).await?;
                    let found = find(conn, cycle, rater, &assessee).await?;
                    if !changeable(c.state) {
                        return Err(StoreError::cycle_state(c.state, Change::Assignments));
                    }
                    if found.status == ResponseStatus::Submitted {
                        return Err(StoreError::Conflict(Conflict::AssignmentSubmitted));
                    }
                    sqlx::query("DELETE FROM responses WHERE assignment_id = $1")
                        .bind(found.id)
                        .execute(&mut *conn)
                        .await?;
                    sqlx::query("DELETE FROM assignments WHERE id = $1")
                        .bind(found.id)
                        .execute(&mut *conn)
                        .await?;
                    let subject = assignment_subject(rater.get(), &found.rater_name, &assessee);
                    audit(
                        conn,
                        by.as_ref(),
                        "assignment.remove",
                        Some(cycle),
                        Some(&subject),
                        None,
                    )
                    .await?;
                    Ok(())
                })
            })
            .await
    }

    pub(crate) async fn assignments_impl(&self, cycle: i64) -> Result<Vec<AssignmentView>> {
        load_cycle(self.db.pool(), cycle).await?;
        list(self.db.pool(), &self.secret, cycle).await
    }
}
