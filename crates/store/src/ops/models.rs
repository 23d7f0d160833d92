//! Competency models: the built-in one and imported TOML models, versioned and frozen once
//! a cycle that uses them opens.

use std::sync::Arc;

use sqlx::Row;
use yardstick_core::Model;
use yardstick_formats::{builtin_model, read_model_toml, write_model_toml};

use super::cycles::audit;
use super::flag;
use crate::SqlStore;
use crate::db::{Backend, now_ms};
use crate::error::{Entity, Result, StoreError};
use crate::types::{ModelInfo, StoredModel, User};

/// How the audit log names a model version: `model 3 (领导力模型 2.0)`.
fn model_subject(info: &ModelInfo) -> String {
    format!("model {} ({} {})", info.id, info.name, info.version)
}

/// The PostgreSQL advisory lock that stores models one at a time: each store looks for the
/// name and version it is about to take, which a concurrent store (of this server or
/// another sharing the database) could take in between.
const MODELS_LOCK: i64 = 7_305_531_421;

/// Takes [`MODELS_LOCK`] until the transaction ends, on PostgreSQL; SQLite's single writer
/// stores one model at a time by itself.
async fn lock_models(conn: &mut sqlx::AnyConnection, backend: Backend) -> Result<()> {
    if backend == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(MODELS_LOCK)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

fn info_of(row: &sqlx::any::AnyRow) -> Result<ModelInfo> {
    Ok(ModelInfo {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        version: row.try_get("version")?,
        builtin: flag(row.try_get("builtin")?),
        frozen: flag(row.try_get("frozen")?),
    })
}

fn parse(definition: &str) -> Result<Model> {
    read_model_toml(definition)
        .map(|v| v.model)
        .map_err(|p| StoreError::Broken(format!("a stored model does not read back: {p:?}")))
}

/// The next version label after `version` that is not taken: `3` → `4`, `1.0` → `1.0.2`.
fn next_version(version: &str, taken: &[String]) -> String {
    let candidates: Box<dyn Iterator<Item = String>> = match version.parse::<u64>() {
        Ok(n) => Box::new((n + 1..).map(|v| v.to_string())),
        Err(_) => Box::new((2..).map(move |k| format!("{version}.{k}"))),
    };
    candidates
        .into_iter()
        .find(|v| !taken.contains(v))
        .unwrap_or_else(|| format!("{version}.new"))
}

impl SqlStore {
    pub(crate) async fn ensure_builtin_model(&self) -> Result<()> {
        let model = builtin_model()
            .map_err(|p| StoreError::Broken(format!("the built-in model does not read: {p:?}")))?;
        let definition = write_model_toml(&model);
        let backend = self.db.backend();
        self.db
            .write(move |conn| {
                Box::pin(async move {
                    // Servers starting together on a new PostgreSQL database would each find
                    // no built-in model and each store one, the second failing on the name
                    // and version already taken: one at a time, the later ones find it.
                    lock_models(conn, backend).await?;
                    let found = sqlx::query("SELECT id FROM models WHERE builtin = 1")
                        .fetch_optional(&mut *conn)
                        .await?;
                    if found.is_none() {
                        sqlx::query(
                            "INSERT INTO models (name, version, definition, builtin, frozen, created_at) \
                             VALUES ($1, $2, $3, 1, 0, $4)",
                        )
                        .bind(model.name())
                        .bind(model.version())
                        .bind(&definition)
                        .bind(now_ms())
                        .execute(&mut *conn)
                        .await?;
                    }
                    Ok(())
                })
            })
            .await
    }

    pub(crate) async fn builtin_model_impl(&self) -> Result<ModelInfo> {
        let row = sqlx::query(
            "SELECT id, name, version, builtin, frozen FROM models WHERE builtin = 1 ORDER BY id LIMIT 1",
        )
        .fetch_optional(self.db.pool())
        .await?
        .ok_or(StoreError::NotFound(Entity::Model))?;
        info_of(&row)
    }

    pub(crate) async fn import_model_impl(
        &self,
        toml: String,
        by: Option<&User>,
    ) -> Result<ModelInfo> {
        let by = by.cloned();
        let model = read_model_toml(&toml).map_err(StoreError::ModelFile)?.model;
        // Stored in the canonical layout, so equal models compare equal.
        let definition = write_model_toml(&model);
        let backend = self.db.backend();
        self.db
            .write(move |conn| {
                Box::pin(async move {
                    lock_models(conn, backend).await?;
                    let versions = sqlx::query(
                        "SELECT id, name, version, builtin, frozen, definition FROM models \
                         WHERE name = $1",
                    )
                    .bind(model.name())
                    .fetch_all(&mut *conn)
                    .await?;
                    let same = versions
                        .iter()
                        .find(|r| r.try_get::<String, _>("version").ok().as_deref() == Some(model.version()));
                    let mut version = model.version().to_string();
                    if let Some(row) = same {
                        let info = info_of(row)?;
                        let stored: String = row.try_get("definition")?;
                        if stored == definition {
                            return Ok(info);
                        }
                        if !info.frozen && !info.builtin {
                            sqlx::query("UPDATE models SET definition = $2 WHERE id = $1")
                                .bind(info.id)
                                .bind(&definition)
                                .execute(&mut *conn)
                                .await?;
                            let subject = model_subject(&info);
                            audit(conn, by.as_ref(), "model.replace", None, Some(&subject), None).await?;
                            return Ok(info);
                        }
                        let taken: Vec<String> = versions
                            .iter()
                            .filter_map(|r| r.try_get("version").ok())
                            .collect();
                        version = next_version(&version, &taken);
                    }
                    let definition = if version == model.version() {
                        definition
                    } else {
                        let mut draft = model.to_draft();
                        draft.version = version.clone();
                        let renamed = Model::validate(draft)
                            .map_err(|p| StoreError::Broken(format!("{p:?}")))?
                            .model;
                        write_model_toml(&renamed)
                    };
                    let row = sqlx::query(
                        "INSERT INTO models (name, version, definition, builtin, frozen, created_at) \
                         VALUES ($1, $2, $3, 0, 0, $4) RETURNING id",
                    )
                    .bind(model.name())
                    .bind(&version)
                    .bind(&definition)
                    .bind(now_ms())
                    .fetch_one(&mut *conn)
                    .await?;
                    let info = ModelInfo {
                        id: row.try_get(0)?,
                        name: model.name().to_string(),
                        version,
                        builtin: false,
                        frozen: false,
                    };
                    let subject = model_subject(&info);
                    audit(conn, by.as_ref(), "model.import", None, Some(&subject), None).await?;
                    Ok(info)
                })
            })
            .await
    }

    pub(crate) async fn model_impl(&self, id: i64) -> Result<StoredModel> {
        let cached = self
            .frozen_models
            .lock()
            .ok()
            .and_then(|m| m.get(&id).cloned());
        if let Some(stored) = cached {
            return Ok(stored);
        }
        let row = sqlx::query(
            "SELECT id, name, version, builtin, frozen, definition FROM models WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(self.db.pool())
        .await?
        .ok_or(StoreError::NotFound(Entity::Model))?;
        let definition: String = row.try_get("definition")?;
        let stored = StoredModel {
            info: info_of(&row)?,
            model: Arc::new(parse(&definition)?),
        };
        if stored.info.frozen
            && let Ok(mut cache) = self.frozen_models.lock()
        {
            cache.insert(id, stored.clone());
        }
        Ok(stored)
    }

    pub(crate) async fn models_impl(&self) -> Result<Vec<ModelInfo>> {
        sqlx::query("SELECT id, name, version, builtin, frozen FROM models ORDER BY id")
            .fetch_all(self.db.pool())
            .await?
            .iter()
            .map(info_of)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::next_version;

    #[test]
    fn new_versions_count_on_from_the_old_one() {
        assert_eq!(next_version("3", &["3".into(), "4".into()]), "5");
        assert_eq!(next_version("1.0", &["1.0".into()]), "1.0.2");
    }
}
