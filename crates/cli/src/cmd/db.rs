//! What the commands that work on the database share: `--db` and `--config`, the settings
//! they give, opening and closing the store, and store errors in the user's words.

use std::path::PathBuf;

use clap::Args;
use yardstick::config::{Flags, SecretOrigin, Settings, redact_url};
use yardstick_core::Lang;
use yardstick_i18n::t;
use yardstick_store::{Entity, SqlStore, Store, StoreError};

use crate::BadInput;

/// `--db` and `--config`, flattened into every command that works on the database.
#[derive(Args, Clone, Debug, Default)]
pub struct DbArgs {
    /// Database URL: sqlite://FILE or postgres://… (default sqlite://yardstick.db; also
    /// YARDSTICK_DB, or `db` in the configuration file)
    #[arg(long, value_name = "URL")]
    pub db: Option<String>,
    /// Configuration file (default: yardstick.toml in the working directory, if there is one;
    /// also YARDSTICK_CONFIG)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

impl DbArgs {
    /// The flags as the settings take them.
    pub fn flags(&self) -> Flags {
        Flags {
            config: self.config.clone(),
            db: self.db.clone(),
            ..Flags::default()
        }
    }

    /// The settings in force for this command.
    pub fn settings(&self, lang: Lang) -> anyhow::Result<Settings> {
        Settings::load(&self.flags(), lang)
    }
}

/// What a command does with rater links, which decides whether it needs the real secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Links {
    /// Makes or shows links: the server secret is required.
    Yes,
    /// Neither makes nor shows links.
    No,
}

/// Opens the store the settings name, runs `work` on it and closes it, on a runtime of one
/// thread.
pub fn with_store<T>(
    settings: &Settings,
    links: Links,
    lang: Lang,
    work: impl AsyncFnOnce(&dyn Store) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let secret = match links {
        Links::Yes => settings.link_secret(lang)?,
        Links::No => settings.store_secret(lang)?,
    };
    for warning in &secret.warnings {
        eprintln!("{warning}");
    }
    if let SecretOrigin::Created(path) = &secret.origin {
        eprintln!(
            "{}",
            t!(
                lang,
                "cli.db.secret_created",
                file = path.display().to_string()
            )
        );
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let store = open(settings, secret.secret, lang).await?;
        let outcome = work(&store).await;
        store.close().await;
        outcome
    })
}

/// Opens the store (running pending migrations).
pub async fn open(
    settings: &Settings,
    secret: yardstick_store::Secret,
    lang: Lang,
) -> anyhow::Result<SqlStore> {
    settings.backend(lang)?;
    SqlStore::open(&settings.db.value, secret)
        .await
        .map_err(|e| {
            let url = redact_url(&settings.db.value);
            let cause = match e {
                StoreError::Database(e) => e.to_string(),
                StoreError::Broken(m) => m,
                other => other.to_string(),
            };
            BadInput::line(t!(lang, "cli.db.cannot_open", url = url, cause = cause)).into()
        })
}

/// A store error in the user's words: what was refused and why become the lines of a
/// [`BadInput`]; a database failure stays an error with its cause.
pub fn explain(error: StoreError, lang: Lang) -> anyhow::Error {
    if let Some(message) = error.message() {
        return BadInput::line(message.render(lang)).into();
    }
    match error {
        StoreError::Invalid(problems) => BadInput(
            problems
                .iter()
                .map(|p| match &p.field {
                    Some(field) => format!("{field}: {}", p.message.render(lang)),
                    None => p.message.render(lang),
                })
                .collect(),
        )
        .into(),
        StoreError::File(problems) => BadInput::messages(&problems.messages(""), lang).into(),
        StoreError::ModelFile(problems) => BadInput(
            problems
                .iter()
                .map(|p| match p.line {
                    Some(line) => format!("{line}: {}", p.message().render(lang)),
                    None => p.message().render(lang),
                })
                .collect(),
        )
        .into(),
        StoreError::Database(cause) => {
            anyhow::anyhow!("{}", t!(lang, "cli.db.failed", cause = cause.to_string()))
        }
        other => anyhow::anyhow!("{}", t!(lang, "cli.db.failed", cause = other.to_string())),
    }
}

/// `Result<T, StoreError>` explained.
pub trait Explain<T> {
    /// The error, in the user's words.
    fn explained(self, lang: Lang) -> anyhow::Result<T>;
    /// The error of an operation on cycle `id`, in the user's words.
    fn in_cycle(self, id: i64, lang: Lang) -> anyhow::Result<T>;
}

impl<T> Explain<T> for Result<T, StoreError> {
    fn explained(self, lang: Lang) -> anyhow::Result<T> {
        self.map_err(|e| explain(e, lang))
    }

    fn in_cycle(self, id: i64, lang: Lang) -> anyhow::Result<T> {
        self.map_err(|e| match e {
            StoreError::NotFound(Entity::Cycle) => {
                BadInput::line(t!(lang, "cli.db.no_cycle", id = id)).into()
            }
            other => explain(other, lang),
        })
    }
}
