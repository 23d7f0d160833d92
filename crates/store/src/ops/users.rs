//! Users, passwords and sessions.

use sqlx::Row;

use yardstick_core::bounds::TextRule;

use super::cycles::audit;
use crate::SqlStore;
use crate::db::now_ms;
use crate::error::{Conflict, Entity, Result, StoreError};
use crate::secret::{random_token, token_hash};
use crate::types::{Role, Session, User};
use yardstick_i18n::msg;

/// How long a session lasts without logging in again (12 hours).
const SESSION_MS: i64 = 12 * 3600 * 1000;
/// Shortest password accepted.
pub(crate) const MIN_PASSWORD: usize = 8;
/// Longest password taken, in characters (hashing costs grow with it).
pub(crate) const MAX_PASSWORD: usize = 256;

/// Why `password` cannot be a password, as a problem of `field`.
pub(crate) fn password_problem(field: &str, password: &str) -> Option<crate::Invalid> {
    let length = password.chars().count();
    let message = if length < MIN_PASSWORD {
        msg!("store.invalid.password_short", min = MIN_PASSWORD)
    } else if length > MAX_PASSWORD {
        msg!("store.invalid.password_long", max = MAX_PASSWORD)
    } else {
        return None;
    };
    Some(crate::Invalid::field(field, message))
}

/// What is wrong with a new user's name (already trimmed) and first password.
pub(crate) fn new_user_problems(username: &str, password: &str) -> Vec<crate::Invalid> {
    let mut problems = Vec::new();
    if username.is_empty() {
        problems.push(crate::Invalid::field(
            "username",
            msg!("store.invalid.username_empty"),
        ));
    } else if let Err(p) = TextRule::NAME.check(username) {
        problems.push(crate::Invalid::field("username", p.message()));
    }
    problems.extend(password_problem("password", password));
    problems
}

pub(crate) fn user_of(row: &sqlx::any::AnyRow) -> Result<User> {
    let role: String = row.try_get("role")?;
    Ok(User {
        id: row.try_get("id")?,
        username: row.try_get("username")?,
        role: Role::parse(&role)
            .ok_or_else(|| StoreError::Broken(format!("unknown role `{role}` stored")))?,
        person_id: row.try_get("person_id")?,
    })
}

/// How the audit log names a user: `user 3 (wang)`.
pub(crate) fn subject_of(user: &User) -> String {
    format!("user {} ({})", user.id, user.username)
}

impl SqlStore {
    /// Adds a user; `by` is the HR user who does it (none from the command line). Recorded
    /// in the audit log.
    pub(crate) async fn add_user_impl(
        &self,
        username: &str,
        password: &str,
        role: Role,
        person: Option<&str>,
        by: Option<&User>,
    ) -> Result<User> {
        let username = username.trim().to_string();
        let problems = new_user_problems(&username, password);
        if !problems.is_empty() {
            return Err(StoreError::Invalid(problems));
        }
        let hash = self.passwords.hash(password).await?;
        let person = person.map(str::to_string);
        let by = by.cloned();
        self.db
            .write(move |conn| {
                Box::pin(async move {
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
                    let taken = sqlx::query("SELECT 1 FROM users WHERE username = $1")
                        .bind(&username)
                        .fetch_optional(&mut *conn)
                        .await?;
                    if taken.is_some() {
                        return Err(StoreError::Conflict(Conflict::UsernameTaken(username)));
                    }
                    let row = sqlx::query(
                        "INSERT INTO users (username, password_hash, role, person_id, created_at) \
                         VALUES ($1, $2, $3, $4, $5) RETURNING id",
                    )
                    .bind(&username)
                    .bind(&hash)
                    .bind(role.code())
                    .bind(person.as_deref())
                    .bind(now_ms())
                    .fetch_one(&mut *conn)
                    .await?;
                    let user = User {
                        id: row.try_get(0)?,
                        username,
                        role,
                        person_id: person,
                    };
                    let subject = format!(
                        "{} · {}{}",
                        subject_of(&user),
                        role.code(),
                        user.person_id
                            .as_deref()
                            .map(|p| format!(" · {p}"))
                            .unwrap_or_default()
                    );
                    audit(conn, by.as_ref(), "user.create", None, Some(&subject), None).await?;
                    Ok(user)
                })
            })
            .await
    }

    pub(crate) async fn login_impl(&self, username: &str, password: &str) -> Result<Session> {
        let row = sqlx::query(
            "SELECT id, username, role, person_id, password_hash FROM users WHERE username = $1",
        )
        .bind(username.trim())
        .fetch_optional(self.db.pool())
        .await?;
        // An unknown name is verified against the dummy hash: the same work, the same time.
        let hash = match &row {
            Some(row) => Some(row.try_get::<String, _>("password_hash")?),
            None => None,
        };
        let matches = self.passwords.verify(password, hash).await?;
        let Some(row) = row.filter(|_| matches) else {
            return Err(StoreError::BadCredentials);
        };
        let user = user_of(&row)?;
        let token = random_token(32)?;
        let (hash, user_id, now) = (token_hash(&token), user.id, now_ms());
        self.db
            .write(move |conn| {
                Box::pin(async move {
                    sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
                        .bind(now)
                        .execute(&mut *conn)
                        .await?;
                    sqlx::query(
                        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) \
                         VALUES ($1, $2, $3, $4)",
                    )
                    .bind(hash)
                    .bind(user_id)
                    .bind(now)
                    .bind(now + SESSION_MS)
                    .execute(&mut *conn)
                    .await?;
                    Ok(())
                })
            })
            .await?;
        Ok(Session { token, user })
    }

    pub(crate) async fn session_user_impl(&self, token: &str) -> Result<Option<User>> {
        let row = sqlx::query(
            "SELECT u.id, u.username, u.role, u.person_id FROM sessions s \
             JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2",
        )
        .bind(token_hash(token))
        .bind(now_ms())
        .fetch_optional(self.db.pool())
        .await?;
        row.as_ref().map(user_of).transpose()
    }

    pub(crate) async fn change_password_impl(
        &self,
        session: &str,
        current: &str,
        new: &str,
    ) -> Result<()> {
        let keep = token_hash(session);
        let row = sqlx::query(
            "SELECT u.id, u.password_hash FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2",
        )
        .bind(&keep)
        .bind(now_ms())
        .fetch_optional(self.db.pool())
        .await?
        .ok_or(StoreError::NotFound(Entity::User))?;
        let (user, hash): (i64, String) = (row.try_get(0)?, row.try_get(1)?);
        let matches = self.passwords.verify(current, Some(hash)).await?;
        let mut problems = Vec::new();
        if !matches {
            let m = msg!("store.invalid.password_wrong");
            problems.push(crate::Invalid::field("current", m));
        }
        problems.extend(password_problem("new", new));
        if !problems.is_empty() {
            return Err(StoreError::Invalid(problems));
        }
        let hash = self.passwords.hash(new).await?;
        self.db
            .write(move |conn| {
                Box::pin(async move {
                    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
                        .bind(&hash)
                        .bind(user)
                        .execute(&mut *conn)
                        .await?;
                    // Every other session of the user ends: whoever knew the old password
                    // is signed out everywhere else.
                    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
                        .bind(user)
                        .bind(&keep)
                        .execute(&mut *conn)
                        .await?;
                    Ok(())
                })
            })
            .await
    }

    pub(crate) async fn logout_impl(&self, token: &str) -> Result<()> {
        let hash = token_hash(token);
        self.db
            .write(move |conn| {
                Box::pin(async move {
                    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                        .bind(hash)
                        .execute(&mut *conn)
                        .await?;
                    Ok(())
                })
            })
            .await
    }
}
