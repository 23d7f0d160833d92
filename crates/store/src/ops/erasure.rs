//! Erasing a person's data (docs/privacy.md): their record, their accounts and every place
//! they are named go; published results that counted them keep their figures under a
//! pseudonym that leads to nobody. An erasure waits while a cycle they are in still keeps
//! raw responses (or takes answers), and while anybody reports to them.

use std::collections::BTreeMap;

use sqlx::{AnyConnection, Row};

use super::cycles::{Hold, audit, held_cycle};
use super::people::person_of;
use crate::SqlStore;
use crate::db::now_ms;
use crate::error::{Conflict, Entity, Result, StoreError};
use crate::secret::random_token;
use crate::types::{CycleState, ErasureCycle, ErasureEffect, ErasurePlan, Role, User};

/// What erasing person `id` would do, read on `conn`.
async fn plan(conn: &mut AnyConnection, id: &str) -> Result<ErasurePlan> {
    let row = sqlx::query(
        "SELECT id, name, department, title, superior_id, email, phone FROM people \
         WHERE id = $1 AND erased_at IS NULL",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(StoreError::NotFound(Entity::Person))?;
    let person = person_of(&row)?;
    let reports: Vec<String> = sqlx::query(
        "SELECT id FROM people WHERE superior_id = $1 AND erased_at IS NULL ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect::<std::result::Result<_, _>>()?;
    // (id) → (name, state, purged, assessee, rater); a cycle found only by the third
    // query has them in its published org chart alone.
    type Seen = (String, String, bool, bool, bool);
    let mut cycles: BTreeMap<i64, Seen> = BTreeMap::new();
    let queries = [
        (
            "SELECT c.id, c.name, c.state, c.purged_at FROM cycle_assessees ca \
             JOIN cycles c ON c.id = ca.cycle_id WHERE ca.person_id = $1",
            0,
        ),
        (
            "SELECT c.id, c.name, c.state, c.purged_at FROM raters r \
             JOIN cycles c ON c.id = r.cycle_id WHERE r.person_id = $1",
            1,
        ),
        (
            "SELECT c.id, c.name, c.state, c.purged_at FROM cycle_people cp \
             JOIN cycles c ON c.id = cp.cycle_id WHERE cp.person_id = $1",
            2,
        ),
    ];
    for (sql, role) in queries {
        for r in sqlx::query(sql).bind(id).fetch_all(&mut *conn).await? {
            let purged: Option<i64> = r.try_get(3)?;
            let seen = (r.try_get(1)?, r.try_get(2)?, purged.is_some(), false, false);
            let entry = cycles.entry(r.try_get(0)?).or_insert(seen);
            match role {
                0 => entry.3 = true,
                1 => entry.4 = true,
                _ => {}
            }
        }
    }
    let mut list = Vec::new();
    for (cycle, (name, state, purged, assessee, rater)) in cycles {
        let state = CycleState::parse(&state)
            .ok_or_else(|| StoreError::Broken(format!("unknown cycle state `{state}`")))?;
        let effect = if !assessee && !rater {
            ErasureEffect::ChartOnly
        } else if state == CycleState::Draft {
            ErasureEffect::Removed
        } else if purged {
            ErasureEffect::Pseudonymised
        } else {
            ErasureEffect::Blocks
        };
        list.push(ErasureCycle {
            id: cycle,
            name,
            state,
            assessee,
            rater,
            effect,
        });
    }
    let mut deleted_users = Vec::new();
    let mut unlinked_users = Vec::new();
    for r in sqlx::query("SELECT username, role FROM users WHERE person_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
    {
        let name: String = r.try_get(0)?;
        let role: String = r.try_get(1)?;
        if Role::parse(&role).is_some_and(Role::is_hr) {
            unlinked_users.push(name);
        } else {
            deleted_users.push(name);
        }
    }
    Ok(ErasurePlan {
        person,
        cycles: list,
        reports,
        deleted_users,
        unlinked_users,
    })
}

/// `text` with every whole-word `id` and every occurrence of `name` replaced by `pseudonym`.
fn scrubbed(text: &str, id: &str, name: &str, pseudonym: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(id) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + id.len()..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        out.push_str(&rest[..at]);
        if word(before) || word(after) {
            out.push_str(id);
        } else {
            out.push_str(pseudonym);
        }
        rest = &rest[at + id.len()..];
    }
    out.push_str(rest);
    // A name of one character would match too much that is not them.
    if name.chars().count() >= 2 {
        out = out.replace(name, pseudonym);
    }
    out
}

/// The pseudonym an erased person's remaining results are kept under.
fn pseudonym() -> Result<String> {
    let token = random_token(6)?;
    // Base64url of 6 bytes: 8 characters of letters, digits, `-` and `_`; lower-cased
    // letters and `_` turned into digits keep it readable and unambiguous in a file name.
    let tail: String = token
        .chars()
        .map(|c| match c {
            '-' | '_' => '0',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    Ok(format!("erased-{tail}"))
}

/// Every statement that renames `old` to `new` in what is kept of cycles.
const RENAMES: &[&str] = &[
    "UPDATE cycle_assessees SET person_id = $2 WHERE person_id = $1",
    "UPDATE kept_responses SET assessee_id = $2 WHERE assessee_id = $1",
    "UPDATE kept_progress SET assessee_id = $2 WHERE assessee_id = $1",
    "UPDATE cycle_people SET person_id = $2, name = $2, title = '' WHERE person_id = $1",
    "UPDATE cycle_people SET superior_id = $2 WHERE superior_id = $1",
];

impl SqlStore {
    pub(crate) async fn erasure_plan_impl(&self, id: &str) -> Result<ErasurePlan> {
        let mut conn = self.db.pool().acquire().await?;
        plan(&mut conn, id).await
    }

    pub(crate) async fn erase_person_impl(&self, id: &str, by: &User) -> Result<String> {
        let id = id.to_string();
        let by = by.clone();
        let backend = self.db.backend();
        self.db
            .write(move |conn| {
                Box::pin(async move {
                    // Every cycle they are in is held, so that none opens under the
                    // erasure; the plan is then read again as it holds.
                    for c in plan(&mut *conn, &id).await?.cycles {
                        held_cycle(&mut *conn, backend, c.id, Hold::Share).await?;
                    }
                    let plan = plan(&mut *conn, &id).await?;
                    if by.person_id.as_deref() == Some(id.as_str()) {
                        return Err(StoreError::Conflict(Conflict::EraseOwn));
                    }
                    let blocking: Vec<String> = plan
                        .cycles
                        .iter()
                        .filter(|c| c.effect == ErasureEffect::Blocks)
                        .map(|c| c.name.clone())
                        .collect();
                    if !blocking.is_empty() {
                        return Err(StoreError::Conflict(Conflict::PersonInCycles(blocking)));
                    }
                    if !plan.reports.is_empty() {
                        return Err(StoreError::Conflict(Conflict::PersonHasReports(
                            plan.reports.clone(),
                        )));
                    }
                    let new = pseudonym()?;
                    let now = now_ms();
                    // Draft cycles: out of them entirely.
                    for c in plan
                        .cycles
                        .iter()
                        .filter(|c| c.effect == ErasureEffect::Removed)
                    {
                        for sql in [
                            "DELETE FROM assignments WHERE cycle_id = $1 AND assessee_id = $2",
                            "DELETE FROM raters WHERE cycle_id = $1 AND person_id = $2",
                            "DELETE FROM cycle_assessees WHERE cycle_id = $1 AND person_id = $2",
                        ] {
                            sqlx::query(sql)
                                .bind(c.id)
                                .bind(&id)
                                .execute(&mut *conn)
                                .await?;
                        }
                    }
                    // The row that stays, so that what published results counted still
                    // has an assessee: the pseudonym for id and name, the department the
                    // results are grouped by, nothing else.
                    sqlx::query(
                        "INSERT INTO people (id, name, department, title, superior_id, email, \
                         phone, position, updated_at, erased_at) \
                         SELECT $2, $2, department, '', NULL, NULL, NULL, position, $3, $3 \
                         FROM people WHERE id = $1",
                    )
                    .bind(&id)
                    .bind(&new)
                    .bind(now)
                    .execute(&mut *conn)
                    .await?;
                    for sql in RENAMES {
                        sqlx::query(*sql)
                            .bind(&id)
                            .bind(&new)
                            .execute(&mut *conn)
                            .await?;
                    }
                    sqlx::query("DELETE FROM people WHERE id = $1")
                        .bind(&id)
                        .execute(&mut *conn)
                        .await?;
                    sqlx::query(
                        "DELETE FROM users WHERE person_id = $1 AND role NOT IN ('admin', 'hr')",
                    )
                    .bind(&id)
                    .execute(&mut *conn)
                    .await?;
                    sqlx::query("UPDATE users SET person_id = NULL WHERE person_id = $1")
                        .bind(&id)
                        .execute(&mut *conn)
                        .await?;
                    // The audit log keeps every action, with the person's id and name
                    // replaced by the pseudonym wherever a line mentions them.
                    let lines = sqlx::query(
                        "SELECT id, subject, reason, detail FROM audit_log \
                         WHERE subject LIKE $1 OR reason LIKE $1 OR detail LIKE $1 \
                         OR subject LIKE $2 OR reason LIKE $2 OR detail LIKE $2",
                    )
                    .bind(format!("%{id}%"))
                    .bind(format!("%{}%", plan.person.name))
                    .fetch_all(&mut *conn)
                    .await?;
                    for line in lines {
                        let line_id: i64 = line.try_get(0)?;
                        let fix = |v: Option<String>| {
                            v.map(|t| scrubbed(&t, &id, &plan.person.name, &new))
                        };
                        sqlx::query(
                            "UPDATE audit_log SET subject = $2, reason = $3, detail = $4 \
                             WHERE id = $1",
                        )
                        .bind(line_id)
                        .bind(fix(line.try_get(1)?))
                        .bind(fix(line.try_get(2)?))
                        .bind(fix(line.try_get(3)?))
                        .execute(&mut *conn)
                        .await?;
                    }
                    for c in &plan.cycles {
                        sqlx::query("UPDATE cycles SET revision = revision + 1 WHERE id = $1")
                            .bind(c.id)
                            .execute(&mut *conn)
                            .await?;
                    }
                    audit(conn, Some(&by), "person.erase", None, Some(&new), None).await?;
                    Ok(new)
                })
            })
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::scrubbed;

    #[test]
    fn whole_ids_and_names_are_replaced() {
        assert_eq!(
            scrubbed("rater 12 → E001", "E001", "张伟", "erased-x"),
            "rater 12 → erased-x"
        );
        assert_eq!(
            scrubbed("E0012 and E001, E001x", "E001", "张伟", "erased-x"),
            "E0012 and erased-x, E001x"
        );
        assert_eq!(
            scrubbed("张伟 rated twice", "E001", "张伟", "erased-x"),
            "erased-x rated twice"
        );
        assert_eq!(scrubbed("王 asked", "E001", "王", "erased-x"), "王 asked");
    }
}
