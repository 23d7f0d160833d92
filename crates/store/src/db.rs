//! Connections, migrations and the write path of both backends.
//!
//! Reads use a pool. Writes go through [`Db::write`], which runs a job in a transaction and
//! answers only once that transaction is committed:
//!
//! - **SQLite** has one writer: a task that owns the only writing connection, takes every
//!   job waiting, runs them in one transaction (each inside a savepoint, so one failing job
//!   rolls back alone), commits once — with `synchronous=FULL`, so the commit is on disk —
//!   and only then answers each job. Many submissions share one disk flush (group commit).
//! - **PostgreSQL** runs each job in a transaction of its own from the pool; the server
//!   groups concurrent commits in its write-ahead log itself.

use std::future::Future;
use std::pin::Pin;
use std::time::{SystemTime, UNIX_EPOCH};

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyConnection, AnyPool, ConnectOptions, Connection};
use tokio::sync::{mpsc, oneshot};

use crate::error::{Result, StoreError};

/// A boxed future, as jobs and the store's methods return.
pub type BoxFut<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The database a store runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite (the default).
    Sqlite,
    /// PostgreSQL (for several app servers behind a load balancer).
    Postgres,
}

impl Backend {
    /// The backend a database URL asks for: `sqlite:` or `postgres:`/`postgresql:`.
    pub fn of_url(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }
}

/// The path of the file a SQLite URL names (`sqlite://yardstick.db` → `yardstick.db`).
pub fn sqlite_path(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("sqlite:")?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    Some(rest.split('?').next().unwrap_or(rest)).filter(|p| !p.is_empty())
}

type Erased = Box<dyn std::any::Any + Send>;
type Job = Box<dyn for<'c> FnOnce(&'c mut AnyConnection) -> BoxFut<'c, Result<Erased>> + Send>;

enum Request {
    /// A job, and where its outcome goes once committed.
    Job {
        job: Job,
        reply: oneshot::Sender<Result<Erased>>,
    },
    /// Finish the jobs sent before, close the connection, then say so.
    Close(oneshot::Sender<()>),
}

/// Most jobs one SQLite transaction takes.
const MAX_BATCH: usize = 512;

/// An open database.
pub(crate) struct Db {
    backend: Backend,
    pool: AnyPool,
    writer: Option<mpsc::Sender<Request>>,
}

/// Milliseconds since the Unix epoch.
pub(crate) fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

const SQLITE_PRAGMAS: &str = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; \
     PRAGMA synchronous = FULL;";

impl Db {
    /// Opens (creating a SQLite file if needed) and migrates a database.
    pub(crate) async fn open(url: &str) -> Result<Db> {
        sqlx::any::install_default_drivers();
        let backend = Backend::of_url(url).ok_or_else(|| {
            StoreError::Broken(format!(
                "unsupported database URL `{url}`: use sqlite://FILE or postgres://…"
            ))
        })?;
        match backend {
            Backend::Sqlite => Self::open_sqlite(url).await,
            Backend::Postgres => Self::open_postgres(url).await,
        }
    }

    async fn open_sqlite(url: &str) -> Result<Db> {
        let path =
            sqlite_path(url).ok_or_else(|| StoreError::Broken(format!("no file in `{url}`")))?;
        let url = format!("sqlite://{path}?mode=rwc");
        let options: AnyConnectOptions = url.parse()?;
        // The writer: the one connection that changes anything.
        let mut writer = options.connect().await?;
        sqlx::raw_sql("PRAGMA journal_mode = WAL;")
            .execute(&mut writer)
            .await?;
        sqlx::raw_sql(SQLITE_PRAGMAS).execute(&mut writer).await?;
        crate::migrate::run(&mut writer, Backend::Sqlite).await?;
        let pool = AnyPoolOptions::new()
            .max_connections(4)
            .after_connect(|conn, _| {
                Box::pin(async move {
                    sqlx::raw_sql(SQLITE_PRAGMAS).execute(conn).await?;
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        let (sender, receiver) = mpsc::channel(4 * MAX_BATCH);
        tokio::spawn(write_loop(writer, receiver));
        Ok(Db {
            backend: Backend::Sqlite,
            pool,
            writer: Some(sender),
        })
    }

    async fn open_postgres(url: &str) -> Result<Db> {
        let pool = AnyPoolOptions::new()
            .max_connections(16)
            .connect(url)
            .await?;
        let mut conn = pool.acquire().await?;
        crate::migrate::run(&mut conn, Backend::Postgres).await?;
        drop(conn);
        Ok(Db {
            backend: Backend::Postgres,
            pool,
            writer: None,
        })
    }

    /// The backend.
    pub(crate) fn backend(&self) -> Backend {
        self.backend
    }

    /// The pool, for reads.
    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Runs `job` in a transaction and returns its result once the transaction is committed
    /// (durably, on SQLite). A job that fails changes nothing.
    pub(crate) async fn write<T, F>(&self, job: F) -> Result<T>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut AnyConnection) -> BoxFut<'c, Result<T>> + Send + 'static,
    {
        match &self.writer {
            Some(writer) => {
                let (reply, answer) = oneshot::channel();
                let job: Job = Box::new(move |conn| {
                    Box::pin(async move { job(conn).await.map(|t| Box::new(t) as Erased) })
                });
                writer
                    .send(Request::Job { job, reply })
                    .await
                    .map_err(|_| StoreError::Broken("the writer has stopped".into()))?;
                let erased = answer
                    .await
                    .map_err(|_| StoreError::Broken("the writer has stopped".into()))??;
                erased
                    .downcast::<T>()
                    .map(|t| *t)
                    .map_err(|_| StoreError::Broken("a write job answered the wrong type".into()))
            }
            None => {
                let mut tx = self.pool.begin().await?;
                let value = job(&mut tx).await?;
                tx.commit().await?;
                Ok(value)
            }
        }
    }

    /// SQLite only: sets the writing connection's `PRAGMA max_page_count` (never below the
    /// file's size, which SQLite keeps it at) and answers the limit now in force; `0` only
    /// reads it. A write that needs a page past the limit fails with `SQLITE_FULL`, as on a
    /// full disk.
    #[cfg(feature = "fault-injection")]
    pub(crate) async fn set_sqlite_max_pages(&self, pages: u64) -> Result<u64> {
        use sqlx::Row;
        if self.backend != Backend::Sqlite {
            return Err(StoreError::Broken("max_page_count is SQLite's".into()));
        }
        self.write(move |conn| {
            Box::pin(async move {
                let sql = if pages == 0 {
                    "PRAGMA max_page_count".to_string()
                } else {
                    format!("PRAGMA max_page_count = {pages}")
                };
                let row = sqlx::query(sqlx::AssertSqlSafe(sql))
                    .fetch_one(&mut *conn)
                    .await?;
                let limit: i64 = row.try_get(0)?;
                Ok(u64::try_from(limit).unwrap_or(0))
            })
        })
        .await
    }

    /// Closes the pool, then lets the writer finish the jobs it has and close its
    /// connection (the last one, which folds the write-ahead log back into the file).
    pub(crate) async fn close(&self) {
        self.pool.close().await;
        if let Some(writer) = &self.writer {
            let (done, closed) = oneshot::channel();
            if writer.send(Request::Close(done)).await.is_ok() {
                let _ = closed.await;
            }
        }
    }
}

/// The SQLite writer: batches of waiting jobs, one transaction and one commit per batch.
async fn write_loop(mut conn: AnyConnection, mut requests: mpsc::Receiver<Request>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    let mut closing = None;
    while let Some(first) = requests.recv().await {
        let mut next = Some(first);
        while let Some(request) = next.take() {
            match request {
                Request::Job { job, reply } => batch.push((job, reply)),
                Request::Close(done) => {
                    closing = Some(done);
                    break;
                }
            }
            if batch.len() < MAX_BATCH {
                next = requests.try_recv().ok();
            }
        }
        if !batch.is_empty() {
            run_batch(&mut conn, &mut batch).await;
        }
        if closing.is_some() {
            break;
        }
    }
    let _ = conn.close().await;
    if let Some(done) = closing {
        let _ = done.send(());
    }
}

type Pending = (Job, oneshot::Sender<Result<Erased>>);

/// Why a whole batch failed, for each of its jobs: a shortage (a full disk) is said as
/// such, anything else is a broken store.
struct Lost {
    shortage: Option<crate::error::Shortage>,
    message: String,
}

impl Lost {
    fn of(e: &sqlx::Error) -> Lost {
        Lost {
            shortage: crate::error::shortage_of(e),
            message: e.to_string(),
        }
    }

    fn error(&self) -> StoreError {
        match self.shortage {
            Some(shortage) => StoreError::Shortage(shortage),
            None => StoreError::Broken(self.message.clone()),
        }
    }
}

fn batch_error(e: &sqlx::Error) -> StoreError {
    Lost::of(e).error()
}

async fn run_batch(conn: &mut AnyConnection, batch: &mut Vec<Pending>) {
    if let Err(e) = sqlx::raw_sql("BEGIN IMMEDIATE").execute(&mut *conn).await {
        tracing::error!(error = %e, "a write transaction did not begin");
        for (_, reply) in batch.drain(..) {
            let _ = reply.send(Err(batch_error(&e)));
        }
        return;
    }
    let mut outcomes = Vec::with_capacity(batch.len());
    let mut jobs = batch.drain(..);
    for (job, reply) in jobs.by_ref() {
        match run_in_savepoint(conn, job).await {
            Ok(outcome) => outcomes.push((reply, outcome)),
            Err(lost) => {
                // SQLite may roll the whole transaction back on a full disk (and other I/O
                // errors): the jobs before this one are undone too, and those after it are
                // not run, lest they commit outside the transaction. Each is told why.
                tracing::error!(error = %lost.message, "the write transaction was lost; the batch is rolled back");
                let _ = sqlx::raw_sql("ROLLBACK").execute(&mut *conn).await;
                let _ = reply.send(Err(lost.error()));
                for (reply, _) in outcomes.drain(..) {
                    let _ = reply.send(Err(lost.error()));
                }
                for (_, reply) in jobs.by_ref() {
                    let _ = reply.send(Err(lost.error()));
                }
                return;
            }
        }
    }
    drop(jobs);
    match sqlx::raw_sql("COMMIT").execute(&mut *conn).await {
        Ok(_) => {
            for (reply, outcome) in outcomes {
                let _ = reply.send(outcome);
            }
        }
        Err(e) => {
            tracing::error!(error = %e, "commit failed; the batch is rolled back");
            let _ = sqlx::raw_sql("ROLLBACK").execute(&mut *conn).await;
            for (reply, _) in outcomes {
                let _ = reply.send(Err(batch_error(&e)));
            }
        }
    }
}

/// Runs a job inside a savepoint of the batch's transaction: its outcome, or — when the
/// savepoint itself cannot be made or undone, the transaction being gone — why, a shortage
/// of the job's own failure taken as the cause.
async fn run_in_savepoint(
    conn: &mut AnyConnection,
    job: Job,
) -> std::result::Result<Result<Erased>, Lost> {
    if let Err(e) = sqlx::raw_sql("SAVEPOINT job").execute(&mut *conn).await {
        return Err(Lost::of(&e));
    }
    let outcome = job(conn).await;
    let end = if outcome.is_ok() {
        "RELEASE SAVEPOINT job"
    } else {
        "ROLLBACK TO SAVEPOINT job; RELEASE SAVEPOINT job"
    };
    if let Err(e) = sqlx::raw_sql(end).execute(&mut *conn).await {
        let mut lost = Lost::of(&e);
        if let Err(StoreError::Shortage(shortage)) = &outcome {
            lost.shortage = Some(*shortage);
        }
        return Err(lost);
    }
    Ok(outcome)
}
