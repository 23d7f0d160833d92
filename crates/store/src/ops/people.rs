//! People and the org chart.

use std::collections::HashSet;

use sqlx::Row;
use yardstick_formats::people::{PersonRow, check_org};

use crate::SqlStore;
use crate::db::now_ms;
use crate::error::{Result, StoreError};
use crate::types::{ImportOutcome, Person};

impl SqlStore {
    pub(crate) async fn import_people_impl(&self, rows: Vec<PersonRow>) -> Result<ImportOutcome> {
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
                    Ok(outcome)
                })
            })
            .await
    }

    pub(crate) async fn people_impl(&self) -> Result<Vec<Person>> {
        sqlx::query(
            "SELECT id, name, department, title, superior_id, email, phone FROM people \
             ORDER BY position",
        )
        .fetch_all(self.db.pool())
        .await?
        .iter()
        .map(|r| {
            Ok(Person {
                id: r.try_get(0)?,
                name: r.try_get(1)?,
                department: r.try_get(2)?,
                title: r.try_get(3)?,
                superior: r.try_get(4)?,
                email: r.try_get(5)?,
                phone: r.try_get(6)?,
            })
        })
        .collect()
    }
}
