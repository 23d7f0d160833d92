//! Reminders to raters who have not submitted, as recorded after each e-mail, and who gains
//! access to reports when a cycle is published.

use std::collections::{HashMap, HashSet};

use sqlx::Row;

use super::cycles::load_cycle;
use crate::SqlStore;
use crate::db::now_ms;
use crate::error::{Entity, Result, StoreError};
use crate::types::*;

impl SqlStore {
    pub(crate) async fn record_reminders_impl(
        &self,
        cycle: i64,
        by: Option<&User>,
        sent: Vec<NewReminder>,
    ) -> Result<()> {
        let user = by.cloned();
        let by = by.map(|u| u.id);
        self.db
            .write(move |conn| {
                Box::pin(async move {
                    load_cycle(&mut *conn, cycle).await?;
                    let at = now_ms();
                    for r in &sent {
                        let known = sqlx::query("SELECT id FROM raters WHERE id = $1 AND cycle_id = $2")
                            .bind(r.rater.get())
                            .bind(cycle)
                            .fetch_optional(&mut *conn)
                            .await?;
                        if known.is_none() {
                            return Err(StoreError::NotFound(Entity::Rater));
                        }
                        let error = match &r.outcome {
                            ReminderOutcome::Sent => None,
                            ReminderOutcome::Failed(e) => Some(e.as_str()),
                        };
                        sqlx::query(
                            "INSERT INTO reminders (cycle_id, rater_id, at, user_id, address, outcome, error) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7)",
                        )
                        .bind(cycle)
                        .bind(r.rater.get())
                        .bind(at)
                        .bind(by)
                        .bind(&r.address)
                        .bind(r.outcome.code())
                        .bind(error)
                        .execute(&mut *conn)
                        .await?;
                    }
                    if !sent.is_empty() {
                        let failed = sent
                            .iter()
                            .filter(|r| matches!(r.outcome, ReminderOutcome::Failed(_)))
                            .count();
                        let subject = format!("sent {} · failed {failed}", sent.len() - failed);
                        super::cycles::audit(conn, user.as_ref(), "reminders.send", Some(cycle), Some(&subject), None)
                            .await?;
                    }
                    Ok(())
                })
            })
            .await
    }

    pub(crate) async fn reminders_impl(&self, cycle: i64) -> Result<Vec<Reminder>> {
        load_cycle(self.db.pool(), cycle).await?;
        sqlx::query(
            "SELECT r.rater_id, r.at, u.username, r.address, r.outcome, r.error FROM reminders r \
             LEFT JOIN users u ON u.id = r.user_id WHERE r.cycle_id = $1 ORDER BY r.id",
        )
        .bind(cycle)
        .fetch_all(self.db.pool())
        .await?
        .iter()
        .map(|row| {
            let outcome: String = row.try_get(4)?;
            let error: Option<String> = row.try_get(5)?;
            Ok(Reminder {
                rater: RaterId(row.try_get(0)?),
                at: row.try_get(1)?,
                by: row.try_get(2)?,
                address: row.try_get(3)?,
                outcome: if outcome == "sent" {
                    ReminderOutcome::Sent
                } else {
                    ReminderOutcome::Failed(error.unwrap_or_default())
                },
            })
        })
        .collect()
    }

    pub(crate) async fn publication_reach_impl(&self, cycle: i64) -> Result<PublicationReach> {
        load_cycle(self.db.pool(), cycle).await?;
        let pool = self.db.pool();
        let assessees: Vec<String> =
            sqlx::query("SELECT person_id FROM cycle_assessees WHERE cycle_id = $1")
                .bind(cycle)
                .fetch_all(pool)
                .await?
                .iter()
                .map(|r| r.try_get(0))
                .collect::<std::result::Result<_, _>>()?;
        let superiors: HashMap<String, Option<String>> =
            sqlx::query("SELECT id, superior_id FROM people")
                .fetch_all(pool)
                .await?
                .iter()
                .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
                .collect::<Result<_>>()?;
        // Everybody above an assessee, anywhere up the org chart (a loop in a broken chart
        // stops at the first person seen twice).
        let mut above: HashSet<&str> = HashSet::new();
        for a in &assessees {
            let mut seen = HashSet::new();
            let mut at = superiors.get(a).and_then(Option::as_deref);
            while let Some(p) = at {
                if !seen.insert(p) {
                    break;
                }
                above.insert(p);
                at = superiors.get(p).and_then(Option::as_deref);
            }
        }
        let own: HashSet<&str> = assessees.iter().map(String::as_str).collect();
        let accounts: Vec<(String, Option<String>)> =
            sqlx::query("SELECT role, person_id FROM users")
                .fetch_all(pool)
                .await?
                .iter()
                .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
                .collect::<Result<_>>()?;
        let mut reach = PublicationReach {
            assessees: assessees.len() as u64,
            assessees_with_account: 0,
            accounts: 0,
            managers: 0,
        };
        let mut with_account = HashSet::new();
        for (role, person) in &accounts {
            let Some(person) = person.as_deref() else {
                continue;
            };
            let Some(role) = Role::parse(role).filter(|r| !r.is_hr()) else {
                continue;
            };
            let is_own = own.contains(person);
            // Only managers read the reports of the people below them.
            let is_above = role == Role::Manager && above.contains(person);
            if is_own {
                with_account.insert(person);
            }
            if is_own || is_above {
                reach.accounts += 1;
            }
            if is_above {
                reach.managers += 1;
            }
        }
        reach.assessees_with_account = with_account.len() as u64;
        Ok(reach)
    }
}
