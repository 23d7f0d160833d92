//! The server secret, from which rater links are derived (SPEC §7): configured (file key
//! `secret` or `YARDSTICK_SECRET`), or for a SQLite file kept beside it as
//! `<db file>.secret`, generated there with mode 0600 on first use. PostgreSQL serves
//! several app servers that must all derive the same links, so there it must be configured.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context;
use yardstick_core::Lang;
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
                BadInput::line(match lang {
                    Lang::Zh => format!(
                        "{}中的服务器密钥(secret)不是 64 位十六进制数:可用 `openssl rand -hex 32` 生成一个",
                        configured.source.describe(lang)
                    ),
                    Lang::En => format!(
                        "the server secret from {} is not 64 hexadecimal digits: make one with `openssl rand -hex 32`",
                        configured.source.describe(lang)
                    ),
                })
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
                match lang {
                Lang::Zh => format!(
                    "使用 PostgreSQL 时必须配置服务器密钥,评价链接由它生成:在配置文件 {config_file} 中写 \
                     secret = \"…\"(64 位十六进制数,可用 `openssl rand -hex 32` 生成),或设置环境变量 \
                     {ENV_SECRET}。共用同一数据库的每台服务器都必须使用同一个密钥;更换密钥会使已发出的评价链接全部失效。"
                ),
                Lang::En => format!(
                    "a PostgreSQL database needs a configured server secret, from which rater links are \
                     made: put secret = \"…\" (64 hexadecimal digits, e.g. from `openssl rand -hex 32`) in \
                     the configuration file {config_file}, or set the environment variable {ENV_SECRET}. \
                     Every server sharing the database needs the same secret; changing it breaks every \
                     rater link already sent."
                ),
            }
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
        match (self, lang) {
            (SecretOrigin::Configured(source), _) => source.describe(lang),
            (SecretOrigin::File(path), _) => path.display().to_string(),
            (SecretOrigin::Created(path), Lang::Zh) => format!("{}(新生成)", path.display()),
            (SecretOrigin::Created(path), Lang::En) => format!("{} (new)", path.display()),
            (SecretOrigin::Ephemeral, _) => lang.pick("临时密钥", "a throwaway secret").into(),
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
    let cannot = |what_zh: &str, what_en: &str| match lang {
        Lang::Zh => format!("无法{what_zh}服务器密钥文件 {}", path.display()),
        Lang::En => format!("cannot {what_en} the server secret file {}", path.display()),
    };
    let mut warnings = Vec::new();
    let mut created = false;
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if db_file.exists() {
                warnings.push(match lang {
                    Lang::Zh => format!(
                        "注意:数据库 {} 已存在,但旁边没有服务器密钥文件,现已新生成 {};之前发出的评价链接将失效,\
                         如有原来的密钥文件请恢复它",
                        db_file.display(),
                        path.display()
                    ),
                    Lang::En => format!(
                        "warning: the database {} exists but had no server secret beside it, so {} was \
                         generated; rater links sent before no longer work (restore the old secret file if you have it)",
                        db_file.display(),
                        path.display()
                    ),
                });
            }
            create_secret_file(&path).with_context(|| cannot("创建", "create"))?;
            created = true;
            std::fs::read_to_string(&path).with_context(|| cannot("读取", "read"))?
        }
        Err(e) => return Err(anyhow::Error::new(e).context(cannot("读取", "read"))),
    };
    let secret = Secret::from_text(&text).ok_or_else(|| {
        BadInput::line(match lang {
            Lang::Zh => format!(
                "{} 中没有有效的服务器密钥(64 位十六进制数)。请从备份恢复它:新密钥会使已发出的评价链接全部失效;\
                 若确实要重新开始,删除该文件即可",
                path.display()
            ),
            Lang::En => format!(
                "{} does not hold a server secret (64 hexadecimal digits). Restore it from a backup: \
                 a new secret breaks every rater link already sent; to start afresh, delete the file",
                path.display()
            ),
        })
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
        Ok(m) if m.permissions().mode() & 0o077 != 0 => vec![match lang {
            Lang::Zh => format!(
                "注意:服务器密钥文件 {} 可被其他用户读取,建议执行 chmod 600",
                path.display()
            ),
            Lang::En => format!(
                "warning: the server secret file {} can be read by other users: chmod 600 it",
                path.display()
            ),
        }],
        _ => Vec::new(),
    }
}

#[cfg(not(unix))]
fn loose_permissions(_: &Path, _: Lang) -> Vec<String> {
    Vec::new()
}
