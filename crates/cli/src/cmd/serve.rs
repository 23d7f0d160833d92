//! `yardstick serve`: the composition root of the server. Settings and the secret, the
//! store (migrations run as it opens), the web application, logging, and a graceful
//! shutdown on SIGTERM or Ctrl-C: stop accepting, let requests in flight finish, then close
//! the store.

use std::io::{IsTerminal, Write as _};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use tokio::net::TcpListener;
use yardstick::config::{Flags, SecretOrigin, Setting, Settings, redact_url};
use yardstick_core::Lang;
use yardstick_i18n::t;
use yardstick_store::{SqlStore, Store};

use super::db::{DbArgs, open};
use crate::BadInput;

/// How long requests in flight may take to finish once a shutdown is asked for.
const GRACE: Duration = Duration::from_secs(30);

/// The configuration, as `serve --help` shows it, in the language of the rest of `--help`.
pub fn configuration_help(lang: Lang) -> &'static str {
    t!(lang, "cli.serve.configuration")
}

#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on (default 127.0.0.1:8080; also YARDSTICK_BIND, or `bind` in the
    /// configuration file; port 0 picks a free port)
    #[arg(long, value_name = "ADDR")]
    bind: Option<String>,
    #[command(flatten)]
    db: DbArgs,
}

pub fn run(args: ServeArgs, lang: Lang) -> anyhow::Result<()> {
    let flags = Flags {
        bind: args.bind.clone(),
        ..args.db.flags()
    };
    let settings = Settings::load(&flags, lang)?;
    let secret = settings.link_secret(lang)?;
    init_tracing();
    for warning in &secret.warnings {
        tracing::warn!("{warning}");
    }
    if let SecretOrigin::Created(path) = &secret.origin {
        tracing::info!(
            "generated the server secret {}: back it up with the database",
            path.display()
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .with_context(|| t!(lang, "cli.serve.runtime"))?;
    runtime.block_on(async {
        let mut web = yardstick_web::Config::new(secret.secret.clone());
        if settings.base_url.source != yardstick::config::Source::Default {
            web = web.with_public_url(settings.base_url.value.clone());
        }
        if let Some(smtp) = &settings.smtp {
            web = web.with_smtp(smtp_of(smtp, settings.file.as_deref(), lang)?);
            tracing::info!(host = %smtp.host, "e-mail reminders go through this SMTP server");
        }
        web = web.with_trusted_proxies(settings.trusted_proxies.clone());
        let store = Arc::new(open(&settings, secret.secret, lang).await?);
        tracing::info!(
            database = %redact_url(&settings.db.value),
            from = %settings.db.source.describe(Lang::En),
            secret = %secret.origin.describe(Lang::En),
            "store open"
        );
        let listener = match listen(&settings.bind, lang).await {
            Ok(l) => l,
            Err(e) => {
                store.close().await;
                return Err(e);
            }
        };
        let url = url_of(listener.local_addr()?);
        announce(&t!(lang, "cli.serve.listening", url = url.as_str()));
        serve(store, listener, web).await
    })
}

/// The SMTP server of `[smtp]`; a setting that cannot work is bad input naming the file.
fn smtp_of(
    smtp: &yardstick::config::SmtpSettings,
    file: Option<&std::path::Path>,
    lang: Lang,
) -> anyhow::Result<yardstick_web::Smtp> {
    let file = file.map(|f| f.display().to_string()).unwrap_or_default();
    let bad = |why: String| {
        BadInput::line(t!(
            lang,
            "hr.reminders.config_in",
            file = file.as_str(),
            why = why
        ))
    };
    let tls = match smtp.tls.as_deref() {
        None => yardstick_web::SmtpTls::Starttls,
        Some(text) => yardstick_web::SmtpTls::parse(text)
            .ok_or_else(|| bad(t!(lang, "hr.reminders.config_mode", tls = text)))?,
    };
    let login = smtp
        .username
        .clone()
        .filter(|u| !u.trim().is_empty())
        .map(|u| (u, smtp.password.clone().unwrap_or_default()));
    yardstick_web::Smtp::new(&smtp.host, smtp.port, &smtp.from, tls, login)
        .map_err(|(_, message)| bad(message.render(lang)).into())
}

/// Logs to standard error, filtered by `RUST_LOG` (default `info`).
pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
}

/// Prints a line on standard output at once (tests and scripts wait for it).
pub fn announce(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

/// Binds the listening socket.
pub async fn listen(bind: &Setting, lang: Lang) -> anyhow::Result<TcpListener> {
    TcpListener::bind(bind.value.as_str()).await.map_err(|e| {
        BadInput::line(t!(
            lang,
            "cli.serve.cannot_listen",
            addr = bind.value.as_str(),
            source = bind.source.describe(lang),
            why = e.to_string()
        ))
        .into()
    })
}

/// The URL people use to reach an address: an unspecified address (0.0.0.0, ::) is
/// reachable on this machine as the loopback address.
pub fn url_of(addr: SocketAddr) -> String {
    let mut addr = addr;
    if addr.ip().is_unspecified() {
        addr.set_ip(match addr {
            SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
            SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        });
    }
    format!("http://{addr}")
}

/// Serves the web application until SIGTERM or Ctrl-C, lets requests in flight finish (for
/// at most [`GRACE`]), then closes the store.
pub async fn serve(
    store: Arc<SqlStore>,
    listener: TcpListener,
    web: yardstick_web::Config,
) -> anyhow::Result<()> {
    let shared: Arc<dyn Store> = store.clone();
    // Raw responses are deleted on the day HR chose, by whichever server looks first.
    let sweeper = tokio::spawn(yardstick_web::retention::sweep(
        shared.clone(),
        web.clock.clone(),
    ));
    let app = yardstick_web::app(shared, web);
    let (stopping, mut stop_seen) = tokio::sync::watch::channel(false);
    let signal = async move {
        shutdown_signal().await;
        tracing::info!("shutting down: no new connections; finishing requests in flight");
        let _ = stopping.send(true);
    };
    let server = yardstick_web::serve(listener, app, yardstick_web::Timeouts::default(), signal);
    let deadline = async move {
        if stop_seen.wait_for(|stop| *stop).await.is_ok() {
            tokio::time::sleep(GRACE).await;
        } else {
            std::future::pending::<()>().await;
        }
    };
    let outcome = tokio::select! {
        () = server => Ok(()),
        () = deadline => {
            tracing::warn!("requests still running after {} s: stopping anyway", GRACE.as_secs());
            Ok(())
        }
    };
    sweeper.abort();
    store.close().await;
    tracing::info!("store closed; stopped");
    outcome
}

/// Resolves on Ctrl-C or, on Unix, SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!("cannot listen for Ctrl-C: {e}");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::error!("cannot listen for SIGTERM: {e}");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}
