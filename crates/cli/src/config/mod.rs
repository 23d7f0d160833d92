//! Settings and the server secret.
//!
//! Every setting is taken from, in rising order of precedence, its default, the
//! configuration file, an environment variable and a command-line flag: a later source wins.
//! The configuration file is TOML: `--config FILE`, else `YARDSTICK_CONFIG`, else
//! `yardstick.toml` in the working directory if there is one. Its keys:
//!
//! | key | variable | flag | default |
//! | --- | --- | --- | --- |
//! | `db` | `YARDSTICK_DB` | `--db` | `sqlite://yardstick.db` |
//! | `bind` | `YARDSTICK_BIND` | `--bind` (serve) | `127.0.0.1:8080` |
//! | `base_url` | `YARDSTICK_BASE_URL` | `--base-url` (cycle links) | `http://127.0.0.1:8080` |
//! | `secret` | `YARDSTICK_SECRET` | — | beside a SQLite file |
//! | `[smtp]` | `YARDSTICK_SMTP_PASSWORD` (its `password`) | — | no e-mail |
//! | `trusted_proxies` | — | — | none: the peer address counts |
//!
//! The table `[smtp]` names the mail server reminders go through: `host`, `port` (default
//! by `tls`: 25, 587 or 465), `from`, `tls` (`none`, `starttls` — the default — or `tls`),
//! and `username` with `password` when the server wants a login. Without it, the console
//! says that no e-mail can be sent and sends none.
//!
//! `trusted_proxies` lists the IP addresses of load balancers in front of the servers: only
//! from them is `X-Forwarded-For` believed when failed logins and wrong rater links are
//! counted by address (SPEC §7 Abuse).
//!
//! The server secret, from which rater links are derived (SPEC §7), lives outside the
//! database so that a copy of the database alone yields no working link. It has no flag: a
//! secret on a command line is visible to every user of the machine. When none is
//! configured and the database is a SQLite file, it is read from `<db file>.secret`, or on
//! first start generated into it (mode 0600). PostgreSQL serves several app servers at once,
//! which must all derive the same links, so there it must be configured.

mod secret;

use std::path::{Path, PathBuf};

use serde::Deserialize;
use yardstick_core::Lang;
use yardstick_i18n::t;
use yardstick_store::Backend;

pub use secret::{SecretOrigin, ServerSecret, secret_beside, secret_path};

use crate::BadInput;

/// The configuration file looked for in the working directory.
pub const CONFIG_FILE: &str = "yardstick.toml";
/// The database when nothing else is set.
pub const DEFAULT_DB: &str = "sqlite://yardstick.db";
/// The address the server listens on when nothing else is set.
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
/// The start of rater links when nothing else is set.
pub const DEFAULT_BASE_URL: &str = "http://127.0.0.1:8080";

/// The variable naming the configuration file.
pub const ENV_CONFIG: &str = "YARDSTICK_CONFIG";
/// The variable for `db`.
pub const ENV_DB: &str = "YARDSTICK_DB";
/// The variable for `bind`.
pub const ENV_BIND: &str = "YARDSTICK_BIND";
/// The variable for `secret`.
pub const ENV_SECRET: &str = "YARDSTICK_SECRET";
/// The variable for `base_url`.
pub const ENV_BASE_URL: &str = "YARDSTICK_BASE_URL";
/// The variable for the SMTP password (kept out of the file when it is shared).
pub const ENV_SMTP_PASSWORD: &str = "YARDSTICK_SMTP_PASSWORD";

/// The mail server reminders go through (`[smtp]` in the configuration file).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpSettings {
    /// The server's host name or address.
    pub host: String,
    /// Its port; by default 25 (`tls = "none"`), 587 (`starttls`) or 465 (`tls`).
    pub port: Option<u16>,
    /// The sender, `hr@example.com` or `人力资源部 <hr@example.com>`.
    pub from: String,
    /// `none`, `starttls` (the default) or `tls`.
    pub tls: Option<String>,
    /// The login, if the server wants one.
    pub username: Option<String>,
    /// Its password (or `YARDSTICK_SMTP_PASSWORD`).
    pub password: Option<String>,
}

/// The keys of the configuration file; any other key is an error.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSettings {
    /// Database URL.
    pub db: Option<String>,
    /// Address the server listens on.
    pub bind: Option<String>,
    /// Server secret, 64 hexadecimal digits.
    pub secret: Option<String>,
    /// Start of rater links, e.g. `https://360.example.com`.
    pub base_url: Option<String>,
    /// The load balancers whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Option<Vec<std::net::IpAddr>>,
    /// The mail server for reminders.
    pub smtp: Option<SmtpSettings>,
}

/// Where a setting came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// Nothing set it.
    Default,
    /// The configuration file.
    File(PathBuf),
    /// An environment variable.
    Env(&'static str),
    /// A command-line flag.
    Flag(&'static str),
}

impl Source {
    /// The source in words, for messages.
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            Source::Default => t!(lang, "cli.config.default").to_string(),
            Source::File(path) => path.display().to_string(),
            Source::Env(name) => t!(lang, "cli.config.variable", name = *name),
            Source::Flag(flag) => flag.to_string(),
        }
    }
}

/// One setting's value and where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting {
    /// The value.
    pub value: String,
    /// Its source.
    pub source: Source,
}

/// The flags of a command that bear on settings (None: not given).
#[derive(Clone, Debug, Default)]
pub struct Flags {
    /// `--config FILE`.
    pub config: Option<PathBuf>,
    /// `--db URL`.
    pub db: Option<String>,
    /// `--bind ADDR`.
    pub bind: Option<String>,
    /// `--base-url URL`.
    pub base_url: Option<String>,
}

/// The settings in force.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The configuration file read, if any.
    pub file: Option<PathBuf>,
    /// Database URL.
    pub db: Setting,
    /// Address the server listens on.
    pub bind: Setting,
    /// Start of rater links.
    pub base_url: Setting,
    /// The configured server secret, if any (text as given).
    pub secret: Option<Setting>,
    /// The mail server for reminders, if configured (the password from
    /// `YARDSTICK_SMTP_PASSWORD` when that is set).
    pub smtp: Option<SmtpSettings>,
    /// The load balancers whose `X-Forwarded-For` names the client's address (file only).
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

impl Settings {
    /// The settings from the configuration file, this process's environment and `flags`.
    pub fn load(flags: &Flags, lang: Lang) -> anyhow::Result<Settings> {
        Settings::load_with(flags, &|name| std::env::var(name).ok(), lang)
    }

    /// The settings from the configuration file, the environment `env` gives and `flags`.
    pub fn load_with(
        flags: &Flags,
        env: &dyn Fn(&str) -> Option<String>,
        lang: Lang,
    ) -> anyhow::Result<Settings> {
        let env = |name: &str| env(name).filter(|v| !v.trim().is_empty());
        let (path, named) = match (&flags.config, env(ENV_CONFIG)) {
            (Some(path), _) => (path.clone(), true),
            (None, Some(path)) => (PathBuf::from(path), true),
            (None, None) => (PathBuf::from(CONFIG_FILE), false),
        };
        let file = match std::fs::read(&path) {
            Ok(bytes) => Some((path.clone(), parse_file(&path, &bytes, lang)?)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !named => None,
            Err(e) => {
                return Err(BadInput::line(t!(
                    lang,
                    "cli.config.unreadable",
                    file = path.display().to_string(),
                    why = e.to_string()
                ))
                .into());
            }
        };
        Ok(Settings::resolve(flags, &env, file))
    }

    /// Layers defaults, the file, the environment and the flags: later ones win.
    pub fn resolve(
        flags: &Flags,
        env: &dyn Fn(&str) -> Option<String>,
        file: Option<(PathBuf, FileSettings)>,
    ) -> Settings {
        let (path, keys) = match file {
            Some((path, keys)) => (Some(path), keys),
            None => (None, FileSettings::default()),
        };
        let pick = |flag: (&Option<String>, &'static str),
                    variable: &'static str,
                    key: &Option<String>|
         -> Option<Setting> {
            let non_blank = |v: &String| !v.trim().is_empty();
            if let Some(v) = flag.0.as_ref().filter(|v| non_blank(v)) {
                return Some(Setting {
                    value: v.trim().to_string(),
                    source: Source::Flag(flag.1),
                });
            }
            if let Some(v) = env(variable).filter(non_blank) {
                return Some(Setting {
                    value: v.trim().to_string(),
                    source: Source::Env(variable),
                });
            }
            let file = path.clone()?;
            key.as_ref().filter(|v| non_blank(v)).map(|v| Setting {
                value: v.trim().to_string(),
                source: Source::File(file),
            })
        };
        let or_default = |s: Option<Setting>, default: &str| {
            s.unwrap_or_else(|| Setting {
                value: default.to_string(),
                source: Source::Default,
            })
        };
        Settings {
            db: or_default(pick((&flags.db, "--db"), ENV_DB, &keys.db), DEFAULT_DB),
            bind: or_default(
                pick((&flags.bind, "--bind"), ENV_BIND, &keys.bind),
                DEFAULT_BIND,
            ),
            base_url: or_default(
                pick(
                    (&flags.base_url, "--base-url"),
                    ENV_BASE_URL,
                    &keys.base_url,
                ),
                DEFAULT_BASE_URL,
            ),
            secret: pick((&None, ""), ENV_SECRET, &keys.secret),
            smtp: keys.smtp.map(|mut smtp| {
                if let Some(password) = env(ENV_SMTP_PASSWORD).filter(|v| !v.is_empty()) {
                    smtp.password = Some(password);
                }
                smtp
            }),
            trusted_proxies: keys.trusted_proxies.unwrap_or_default(),
            file: path,
        }
    }

    /// The backend the database URL asks for; an unknown scheme is bad input.
    pub fn backend(&self, lang: Lang) -> anyhow::Result<Backend> {
        Backend::of_url(&self.db.value).ok_or_else(|| {
            BadInput::line(t!(
                lang,
                "cli.config.unsupported_db",
                url = redact_url(&self.db.value),
                source = self.db.source.describe(lang)
            ))
            .into()
        })
    }
}

/// Reads a configuration file.
fn parse_file(path: &Path, bytes: &[u8], lang: Lang) -> anyhow::Result<FileSettings> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        BadInput::line(t!(
            lang,
            "cli.config.not_utf8",
            file = path.display().to_string()
        ))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    toml::from_str(text).map_err(|e| {
        let place = e
            .span()
            .map(|span| {
                let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
                t!(lang, "cli.config.line", line = line)
            })
            .unwrap_or_default();
        let message = e.message().trim();
        // Unknown keys already come with the list of known ones.
        let keys = if message.contains("`base_url`") {
            String::new()
        } else {
            t!(lang, "cli.config.keys").to_string()
        };
        BadInput::line(t!(
            lang,
            "cli.config.malformed",
            file = path.display().to_string(),
            place = place,
            problem = message,
            keys = keys
        ))
        .into()
    })
}

/// A database URL with any password replaced by `***`, for messages.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    match authority.rsplit_once('@') {
        Some((user, host)) => match user.split_once(':') {
            Some((name, _)) => format!("{scheme}://{name}:***@{host}{tail}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}
