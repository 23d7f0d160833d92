//! HR's work on user accounts: the list, a user's role and person, a new password set by
//! HR (which ends that user's sessions), each change recorded in the audit log; and the
//! part of the audit log that concerns no cycle.

use sqlx::Row;
use yardstick_i18n::msg;

use super::cycles::audit;
use super::users::{password_problem, subject_of, user_of};
use crate::SqlStore;
use crate::UserChange;
use crate::error::{Entity, Result, StoreError};
use crate::types::{AuditEntry, User};

const USER_COLUMNS: &str = "id, username, role, person_id";

/// `—` for none, as the audit log writes a missing person.
fn or_none(value: Option<&str>) -> &str {
    value.unwrap_or("—")
}

impl SqlStore {
    pub(crate) async fn users_impl(&self) -> Result<Vec<User>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS} FROM users ORDER BY id"
        )))
        .fetch_all(self.db.pool())
        .await?
        .iter()
        .map(user_of)
        .collect()
    }

    pub(crate) async fn user_impl(&self, id: i64) -> Result<User> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS} FROM users WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(self.db.pool())
        .await?
        .ok_or(StoreError::NotFound(Entity::User))?;
        user_of(&row)
    }

    pub(crate) async fn update_user_impl(
        &self,
        id: i64,
        change: UserChange,
        by: &User,
    ) -> Result<User> {
        let by = by.clone();
        self.db
            .write(move |conn| {
                Box::pin(async move {
                    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
                        "SELECT {USER_COLUMNS} FROM users WHERE id = $1"
                    )))
                    .bind(id)
                    .fetch_optional(&mut *conn)
                    .await?
                    .ok_or(StoreError::NotFound(Entity::User))?;
                    let before = user_of(&row)?;
                    let person = match change.person {
                        Some(Some(p)) => Some(p.trim().to_string()).filter(|p| !p.is_empty()),
                        Some(None) => None,
                        None => before.person_id.clone(),
                    };
                    if let Some(p) = &person {
                        let known =
                            sqlx::query("SELECT 1 FROM people WHERE id = $1 AND erased_at IS NULL")
                                .bind(p)
                                .fetch_optional(&mut *conn)
                                .await?;
                        if known.is_none() {
                            return Err(StoreError::invalid(
                                "person",
                                msg!("cycle.settings.no_person", id = p),
                            ));
                        }
                    }
                    let after = User {
                        role: change.role.unwrap_or(before.role),
                        person_id: person,
                        ..before.clone()
                    };
                    if after == before {
                        return Ok(after);
                    }
                    sqlx::query("UPDATE users SET role = $1, person_id = $2 WHERE id = $3")
                        .bind(after.role.code())
                        .bind(after.person_id.as_deref())
                        .bind(id)
                        .execute(&mut *conn)
                        .await?;
                    let mut what = Vec::new();
                    if after.role != before.role {
                        what.push(format!(
                            "role {} → {}",
                            before.role.code(),
                            after.role.code()
                        ));
                    }
                    if after.person_id != before.person_id {
                        what.push(format!(
                            "person {} → {}",
                            or_none(before.person_id.as_deref()),
                            or_none(after.person_id.as_deref())
                        ));
                    }
                    let subject = format!("{} · {}", subject_of(&after), what.join(" · "));
                    audit(conn, Some(&by), "user.update", None, Some(&subject), None).await?;
                    Ok(after)
                })
            })
            .await
    }

    pub(crate) async fn reset_password_impl(
        &self,
        id: i64,
        password: &str,
        by: &User,
    ) -> Result<()> {
        // An unknown user first (404 before 422), then the password's bounds.
        let user = self.user_impl(id).await?;
        if let Some(problem) = password_problem("password", password) {
            return Err(StoreError::Invalid(vec![problem]));
        }
        let hash = self.passwords.hash(password).await?;
        let by = by.clone();
        self.db
            .write(move |conn| {
                Box::pin(async move {
                    let changed = sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
                        .bind(&hash)
                        .bind(user.id)
                        .execute(&mut *conn)
                        .await?
                        .rows_affected();
                    if changed == 0 {
                        return Err(StoreError::NotFound(Entity::User));
                    }
                    // Whoever was signed in as this user — with the old password — is no
                    // longer.
                    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                        .bind(user.id)
                        .execute(&mut *conn)
                        .await?;
                    let subject = subject_of(&user);
                    audit(
                        conn,
                        Some(&by),
                        "user.password_reset",
                        None,
                        Some(&subject),
                        None,
                    )
                    .await?;
                    Ok(())
                })
            })
            .await
    }

    pub(crate) async fn account_audit_impl(&self, limit: u32) -> Result<Vec<AuditEntry>> {
        sqlx::query(
            "SELECT a.at, u.username, a.action, a.cycle_id, a.subject, a.reason FROM audit_log a \
             LEFT JOIN users u ON u.id = a.user_id WHERE a.cycle_id IS NULL \
             ORDER BY a.id DESC LIMIT $1",
        )
        .bind(i64::from(limit))
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
