//! People and the org chart: imports (and their dry run), the list, and one person's
//! record edited by HR.

use std::collections::{HashMap, HashSet};

use sqlx::Row;
use yardstick_core::bounds::TextRule;
use yardstick_formats::people::{PersonRow, check_org, org_problems};
use yardstick_formats::problem::{FileProblem, ProblemKind};
use yardstick_i18n::msg;

use super::cycles::audit;
use crate::db::now_ms;
use crate::error::{Entity, Invalid, Result, StoreError};
use crate::types::{ImportOutcome, Person, User};
use crate::{ImportPreview, PersonEdit, SqlStore};

const PERSON_COLUMNS: &str = "id, name, department, title, superior_id, email, phone";

pub(crate) fn person_of(r: &sqlx::any::AnyRow) -> Result<Person> {
    Ok(Person {
        id: r.try_get(0)?,
        name: r.try_get(1)?,
        department: r.try_get(2)?,
        title: r.try_get(3)?,
        superior: r.try_get(4)?,
        email: r.try_get(5)?,
        phone: r.try_get(6)?,
    })
}

/// A person's record as edited (trimmed, blank optional fields none), and every field that
/// breaks the bounds of the People file (such a field is left blank).
pub(crate) fn checked(edit: &PersonEdit) -> (PersonEdit, Vec<Invalid>) {
    let mut problems = Vec::new();
    let mut field = |name: &str, rule: TextRule, value: &str| -> String {
        match rule.check(value) {
            Ok(v) => v.to_string(),
            Err(p) => {
                problems.push(Invalid::field(name, p.message()));
                String::new()
            }
        }
    };
    let optional = |v: &Option<String>| v.clone().unwrap_or_default();
    let name = field("name", TextRule::NAME, &edit.name);
    let department = field("department", TextRule::LINE, &edit.department);
    let title = field("title", TextRule::LINE, &edit.title);
    let superior = field("superior", TextRule::LINE, &optional(&edit.superior));
    let email = field("email", TextRule::LINE, &optional(&edit.email));
    let phone = field("phone", TextRule::LINE, &optional(&edit.phone));
    let some = |v: String| Some(v).filter(|v| !v.is_empty());
    let edit = PersonEdit {
        name,
        department,
        title,
        superior: some(superior),
        email: some(email),
        phone: some(phone),
    };
    (edit, problems)
}

/// Why `person` cannot report to `superior` in the org chart `chart` (id → superior).
fn superior_problem(
    person: &str,
    superior: &str,
    chart: &HashMap<String, Option<String>>,
) -> Option<Invalid> {
    if superior == person {
        return Some(Invalid::field("superior", msg!("hr.people.own_superior")));
    }
    if !chart.contains_key(superior) {
        return Some(Invalid::field(
            "superior",
            msg!("cycle.settings.no_person", id = superior),
        ));
    }
    // Up from the superior: reaching the person again would close a loop.
    let mut chain = vec![person.to_string(), superior.to_string()];
    let mut at = superior;
    while let Some(Some(next)) = chart.get(at) {
        if chain.len() > chart.len() + 1 {
            break;
        }
        chain.push(next.clone());
        if next == person {
            return Some(Invalid::field(
                "superior",
                msg!("file.problem.reporting_cycle", chain = chain.join(" → ")),
            ));
        }
        at = next;
    }
    None
}

impl SqlStore {
    /// Imports people; `by` is the HR user who does it (none from the command line).
    /// Recorded in the audit log with the counts.
    pub(crate) async fn import_people_impl(
        &self,
        rows: Vec<PersonRow>,
        by: Option<&User>,
    ) -> Result<ImportOutcome> {
        let by = by.cloned();
        self.db
            .write(move |conn| {
                Box::pin(async move {
                    // Checked inside the transaction, against the people as they are now.
                    let known: Vec<(String, Option<String>)> =
                        sqlx::query("SELECT id, superior_id FROM people")
                            .fetch_all(&mut *conn)
                            .await?
                            .iter()
                            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
                            .collect::<Result<_>>()?;
                    check_org(&rows, &known).map_err(StoreError::File)?;
                    let existing: HashSet<&str> = known.iter().map(|(id, _)| id.as_str()).collect();
                    let next: i64 = sqlx::query("SELECT COALESCE(MAX(position), 0) FROM people")
                        .fetch_one(&mut *conn)
                        .await?
                        .try_get(0)?;
                    let now = now_ms();
                    let mut outcome = ImportOutcome {
                        imported: 0,
                        updated: 0,
                    };
                    for r in &rows {
                        if existing.contains(r.id.as_str()) {
                            sqlx::query(
                                "UPDATE people SET name = $2, department = $3, title = $4, \
                                 superior_id = $5, email = $6, phone = $7, updated_at = $8 WHERE id = $1",
                            )
                            .bind(&r.id)
                            .bind(&r.name)
                            .bind(&r.department)
                            .bind(&r.title)
                            .bind(r.superior.as_deref())
                            .bind(r.email.as_deref())
                            .bind(r.phone.as_deref())
                            .bind(now)
                            .execute(&mut *conn)
                            .await?;
                            outcome.updated += 1;
                        } else {
                            outcome.imported += 1;
                            sqlx::query(
                                "INSERT INTO people (id, name, department, title, superior_id, \
                                 email, phone, position, updated_at) \
                                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                            )
                            .bind(&r.id)
                            .bind(&r.name)
                            .bind(&r.department)
                            .bind(&r.title)
                            .bind(r.superior.as_deref())
                            .bind(r.email.as_deref())
                            .bind(r.phone.as_deref())
                            .bind(next + i64::try_from(outcome.imported).unwrap_or(i64::MAX))
                            .bind(now)
                            .execute(&mut *conn)
                            .await?;
                        }
                    }
                    let subject = format!(
                        "imported {} · updated {}",
                        outcome.imported, outcome.updated
                    );
                    audit(conn, by.as_ref(), "people.import", None, Some(&subject), None).await?;
                    Ok(outcome)
                })
            })
            .await
    }

    pub(crate) async fn people_impl(&self) -> Result<Vec<Person>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {PERSON_COLUMNS} FROM people WHERE erased_at IS NULL ORDER BY position"
        )))
        .fetch_all(self.db.pool())
        .await?
        .iter()
        .map(person_of)
        .collect()
    }

    pub(crate) async fn check_people_impl(&self, rows: Vec<PersonRow>) -> Result<ImportPreview> {
        let stored = self.people_impl().await?;
        let known: Vec<(String, Option<String>)> = stored
            .iter()
            .map(|p| (p.id.clone(), p.superior.clone()))
            .collect();
        let mut problems = org_problems(&rows, &known);
        if rows.is_empty() {
            problems.push(FileProblem {
                row: None,
                column: None,
                kind: ProblemKind::NoRows,
            });
        }
        let mut by_id: HashMap<String, Person> =
            stored.into_iter().map(|p| (p.id.clone(), p)).collect();
        let mut preview = ImportPreview {
            added: Vec::new(),
            updated: Vec::new(),
            problems,
        };
        for row in rows {
            match by_id.remove(&row.id) {
                Some(before) => preview.updated.push((before, row)),
                None => preview.added.push(row),
            }
        }
        Ok(preview)
    }

    pub(crate) async fn update_person_impl(
        &self,
        id: &str,
        edit: PersonEdit,
        by: Option<&User>,
    ) -> Result<Person> {
        let id = id.to_string();
        let by = by.cloned();
        self.db
            .write(move |conn| {
                Box::pin(async move {
                    let chart: HashMap<String, Option<String>> =
                        sqlx::query("SELECT id, superior_id FROM people WHERE erased_at IS NULL")
                            .fetch_all(&mut *conn)
                            .await?
                            .iter()
                            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
                            .collect::<Result<_>>()?;
                    // An unknown person first (404 before 422); an erased one is not known.
                    if !chart.contains_key(&id) {
                        return Err(StoreError::NotFound(Entity::Person));
                    }
                    let (edit, mut problems) = checked(&edit);
                    if let Some(s) = edit.superior.as_deref() {
                        problems.extend(superior_problem(&id, s, &chart));
                    }
                    if !problems.is_empty() {
                        return Err(StoreError::Invalid(problems));
                    }
                    sqlx::query(
                        "UPDATE people SET name = $2, department = $3, title = $4, \
                         superior_id = $5, email = $6, phone = $7, updated_at = $8 WHERE id = $1",
                    )
                    .bind(&id)
                    .bind(&edit.name)
                    .bind(&edit.department)
                    .bind(&edit.title)
                    .bind(edit.superior.as_deref())
                    .bind(edit.email.as_deref())
                    .bind(edit.phone.as_deref())
                    .bind(now_ms())
                    .execute(&mut *conn)
                    .await?;
                    audit(conn, by.as_ref(), "person.update", None, Some(&id), None).await?;
                    Ok(Person {
                        id,
                        name: edit.name,
                        department: edit.department,
                        title: edit.title,
                        superior: edit.superior,
                        email: edit.email,
                        phone: edit.phone,
                    })
                })
            })
            .await
    }
}
