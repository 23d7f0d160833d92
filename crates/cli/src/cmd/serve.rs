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
use yardstick_store::{SqlStore, Store};

use super::db::{DbArgs, open};
use crate::BadInput;

/// How long requests in flight may take to finish once a shutdown is asked for.
const GRACE: Duration = Duration::from_secs(30);

/// The configuration, as `serve --help` shows it.
pub const CONFIGURATION_HELP: &str = "\
Configuration / 配置:
  Each setting comes from its default, then the configuration file, then an environment
  variable, then a flag: later ones win (flags > environment > file > defaults).
  每项设置依次取自默认值、配置文件、环境变量、命令行参数,后者优先。

  Configuration file / 配置文件 (TOML): --config FILE, or YARDSTICK_CONFIG, or ./yardstick.toml

  key / 键    variable / 环境变量  flag / 参数   default / 默认值
  db          YARDSTICK_DB         --db          sqlite://yardstick.db
  bind        YARDSTICK_BIND       --bind        127.0.0.1:8080
  base_url    YARDSTICK_BASE_URL   --base-url    http://127.0.0.1:8080   (cycle links / 评价链接)
  secret      YARDSTICK_SECRET     (none / 无)   see below / 见下

  secret: the server secret rater links are derived from, 64 hexadecimal digits
  (openssl rand -hex 32), kept outside the database. SQLite: when not configured, read from
  <db file>.secret beside the database, generated there (mode 0600) on first start; back it
  up with the database. PostgreSQL: required, and the same on every server sharing the
  database. Changing it breaks every rater link already sent.
  secret:评价链接由服务器密钥生成(64 位十六进制数),保存在数据库之外。SQLite:未配置时读取数据库
  旁的 <数据库文件>.secret,首次启动时自动生成(权限 0600),请与数据库一起备份。PostgreSQL:必须
  配置,且共用数据库的每台服务器相同。更换密钥会使已发出的评价链接全部失效。

  RUST_LOG: log filter / 日志级别 (default / 默认 info), e.g. RUST_LOG=debug

  Example / 示例 yardstick.toml:
    db = \"postgres://yardstick@db.internal/yardstick\"
    bind = \"0.0.0.0:8080\"
    base_url = \"https://360.example.com\"
    secret = \"<64 hex digits / 64 位十六进制数>\"";

#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on (default 127.0.0.1:8080; also YARDSTICK_BIND, or `bind` in the
    /// configuration file; port 0 picks a free port) / 监听地址(默认 127.0.0.1:8080;也可用环境变量
    /// YARDSTICK_BIND 或配置文件的 bind 键;端口 0 表示自动选择空闲端口)
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
        .context("cannot start the async runtime")?;
    runtime.block_on(async {
        let mut web = yardstick_web::Config::new(secret.secret.clone());
        if settings.base_url.source != yardstick::config::Source::Default {
            web = web.with_public_url(settings.base_url.value.clone());
        }
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
        announce(&match lang {
            Lang::Zh => format!("Yardstick 已启动:{url}"),
            Lang::En => format!("Yardstick is listening on {url}"),
        });
        serve(store, listener, web).await
    })
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
        BadInput::line(match lang {
            Lang::Zh => format!(
                "无法在 {}({})上监听:{e}",
                bind.value,
                bind.source.describe(lang)
            ),
            Lang::En => format!(
                "cannot listen on {} (from {}): {e}",
                bind.value,
                bind.source.describe(lang)
            ),
        })
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
    let app = yardstick_web::app(shared, web);
    let (stopping, mut stop_seen) = tokio::sync::watch::channel(false);
    let signal = async move {
        shutdown_signal().await;
        tracing::info!("shutting down: no new connections; finishing requests in flight");
        let _ = stopping.send(true);
    };
    let server = axum::serve(listener, app).with_graceful_shutdown(signal);
    let deadline = async move {
        if stop_seen.wait_for(|stop| *stop).await.is_ok() {
            tokio::time::sleep(GRACE).await;
        } else {
            std::future::pending::<()>().await;
        }
    };
    let outcome = tokio::select! {
        served = std::future::IntoFuture::into_future(server) => served.context("the server failed"),
        () = deadline => {
            tracing::warn!("requests still running after {} s: stopping anyway", GRACE.as_secs());
            Ok(())
        }
    };
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
