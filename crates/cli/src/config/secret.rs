//! The server secret, from which rater links are derived (SPEC §7): configured (file key
//! `secret` or `YARDSTICK_SECRET`), or for a SQLite file kept beside it as
//! `<db file>.secret`, generated there with mode 0600 on first use. PostgreSQL serves
//! several app servers that must all derive the same links, so there it must be configured.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context;
use yardstick_core::Lang;
use yardstick_i18n::t;
use yardstick_store::db::sqlite_path;
use yardstick_store::{Backend, Secret};

use super::{CONFIG_FILE, ENV_SECRET, Settings, Source};
use crate::BadInput;

impl Settings {
    /// The secret rater links derive from: the configured one; else, for a SQLite file, the
    /// one beside it (created on first use); for PostgreSQL, none is an error saying how to
    /// set one.
    pub fn link_secret(&self, lang: Lang) -> anyhow::Result<ServerSecret> {
        self.secret_for(lang, true)
    }

    /// The secret for a command that neither makes nor shows rater links (users, people,
    /// models): as [`Settings::link_secret`], except that PostgreSQL without a configured
    /// secret gets a throwaway one, which nothing derives from.
    pub fn store_secret(&self, lang: Lang) -> anyhow::Result<ServerSecret> {
        self.secret_for(lang, false)
    }

    fn secret_for(&self, lang: Lang, links: bool) -> anyhow::Result<ServerSecret> {
        let backend = self.backend(lang)?;
        if let Some(configured) = &self.secret {
            let secret = Secret::from_text(&configured.value).ok_or_else(|| {
                BadInput::line(t!(
                    lang,
                    "cli.config.bad_secret",
                    source = configured.source.describe(lang)
                ))
            })?;
            return Ok(ServerSecret {
                secret,
                origin: SecretOrigin::Configured(configured.source.clone()),
                warnings: Vec::new(),
            });
        }
        match backend {
            Backend::Sqlite => match sqlite_path(&self.db.value) {
                Some(path) if !is_memory(&self.db.value, path) => {
                    secret_beside(Path::new(path), lang)
                }
                _ => ephemeral(),
            },
            Backend::Postgres if !links => ephemeral(),
            Backend::Postgres => Err(BadInput::line({
                let config_file = self
                    .file
                    .as_deref()
                    .map_or_else(|| CONFIG_FILE.to_string(), |p| p.display().to_string());
                t!(
                    lang,
                    "cli.config.postgres_secret",
                    file = config_file,
                    variable = ENV_SECRET
                )
            })
            .into()),
        }
    }
}

fn is_memory(url: &str, path: &str) -> bool {
    path.starts_with(":memory:") || url.contains("mode=memory")
}

fn ephemeral() -> anyhow::Result<ServerSecret> {
    Ok(ServerSecret {
        secret: Secret::generate()?,
        origin: SecretOrigin::Ephemeral,
        warnings: Vec::new(),
    })
}

/// The server secret and where it came from.
#[derive(Debug)]
pub struct ServerSecret {
    /// The secret.
    pub secret: Secret,
    /// Where it came from.
    pub origin: SecretOrigin,
    /// Things the user should know (e.g. a secret file others can read).
    pub warnings: Vec<String>,
}

/// Where the server secret came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecretOrigin {
    /// The configuration file or `YARDSTICK_SECRET`.
    Configured(Source),
    /// The file beside the SQLite database.
    File(PathBuf),
    /// Generated just now into the file beside the SQLite database.
    Created(PathBuf),
    /// A throwaway secret: an in-memory database, or a command that makes no links.
    Ephemeral,
}

impl SecretOrigin {
    /// Where the secret is, in words.
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            SecretOrigin::Configured(source) => source.describe(lang),
            SecretOrigin::File(path) => path.display().to_string(),
            SecretOrigin::Created(path) => t!(
                lang,
                "cli.config.secret_new",
                file = path.display().to_string()
            ),
            SecretOrigin::Ephemeral => t!(lang, "cli.config.secret_throwaway").to_string(),
        }
    }
}

/// The secret file of a SQLite database file: `<db file>.secret`.
pub fn secret_path(db_file: &Path) -> PathBuf {
    let mut name = db_file.as_os_str().to_owned();
    name.push(".secret");
    PathBuf::from(name)
}

/// The secret kept beside the SQLite file `db_file`: read, or generated (mode 0600) when
/// there is none yet. Two processes starting at once end up with the same secret: the file
/// is created whole under its final name only if it does not exist.
pub fn secret_beside(db_file: &Path, lang: Lang) -> anyhow::Result<ServerSecret> {
    let path = secret_path(db_file);
    let file = path.display().to_string();
    let cannot_create = || {
        t!(
            lang,
            "cli.config.cannot_create_secret",
            file = file.as_str()
        )
    };
    let cannot_read = || t!(lang, "cli.config.cannot_read_secret", file = file.as_str());
    let mut warnings = Vec::new();
    let mut created = false;
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if db_file.exists() {
                warnings.push(t!(
                    lang,
                    "cli.config.secret_missing",
                    db = db_file.display().to_string(),
                    file = file.as_str()
                ));
            }
            create_secret_file(&path).with_context(cannot_create)?;
            created = true;
            std::fs::read_to_string(&path).with_context(cannot_read)?
        }
        Err(e) => return Err(anyhow::Error::new(e).context(cannot_read())),
    };
    let secret = Secret::from_text(&text).ok_or_else(|| {
        BadInput::line(t!(lang, "cli.config.secret_invalid", file = file.as_str()))
    })?;
    warnings.extend(loose_permissions(&path, lang));
    let origin = if created {
        SecretOrigin::Created(path)
    } else {
        SecretOrigin::File(path)
    };
    Ok(ServerSecret {
        secret,
        origin,
        warnings,
    })
}

/// Writes a new secret to `path` unless a file is there already (then that one stands).
fn create_secret_file(path: &Path) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let secret = Secret::generate()?;
    // A temporary file is private (0600) from the start; it gets its final name only once
    // it is whole and on disk.
    let mut temp = tempfile::Builder::new()
        .prefix(".yardstick-secret")
        .tempfile_in(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        temp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    writeln!(temp, "{}", secret.to_text())?;
    temp.as_file().sync_all()?;
    match temp.persist_noclobber(path) {
        Ok(_) => Ok(()),
        // Someone else created it first: theirs stands.
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e.error.into()),
    }
}

#[cfg(unix)]
fn loose_permissions(path: &Path, lang: Lang) -> Vec<String> {
    use std::os::unix::fs::PermissionsExt;
    match std::fs::metadata(path) {
        Ok(m) if m.permissions().mode() & 0o077 != 0 => vec![t!(
            lang,
            "cli.config.secret_readable",
            file = path.display().to_string()
        )],
        _ => Vec::new(),
    }
}

#[cfg(not(unix))]
fn loose_permissions(_: &Path, _: Lang) -> Vec<String> {
    Vec::new()
}
