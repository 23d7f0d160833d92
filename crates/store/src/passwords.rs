//! The argon2 work of logins and password changes, kept off the threads that serve requests
//! and rationed: every hash and verification runs in `spawn_blocking` behind one semaphore
//! for the process, so a storm of logins queues there instead of taking every core from
//! the raters. A user name that is not known is verified against a dummy hash made once,
//! with the same parameters, so that its answer takes as long as a wrong password's.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{LazyLock, OnceLock};

use tokio::sync::Semaphore;

use crate::error::{Result, StoreError};
use crate::secret::{hash_password, random_token, verify_password};

/// At most this many argon2 computations run at once in the process: half the cores,
/// rounded up, so that the other half stays free for everyone else.
pub fn concurrency() -> usize {
    std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .div_ceil(2)
}

static PERMITS: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(concurrency()));

/// The hash unknown user names are verified against (of a random password nobody knows).
static DUMMY: OnceLock<String> = OnceLock::new();

/// Makes the dummy hash, once per process.
pub(crate) async fn prepare() -> Result<()> {
    if DUMMY.get().is_some() {
        return Ok(());
    }
    let secret = random_token(24)?;
    let hash = rationed(move || hash_password(&secret)).await??;
    let _ = DUMMY.set(hash);
    Ok(())
}

/// Runs `work` on a blocking thread once a permit is free.
async fn rationed<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    let _permit = PERMITS
        .acquire()
        .await
        .map_err(|e| StoreError::Broken(format!("the password queue is closed: {e}")))?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| StoreError::Broken(e.to_string()))
}

/// The argon2 work one store has done, counted (verifications of unknown names included).
#[derive(Debug, Default)]
pub(crate) struct Passwords {
    verified: AtomicU64,
}

impl Passwords {
    /// An argon2 hash of `password`, made off the request threads.
    pub(crate) async fn hash(&self, password: &str) -> Result<String> {
        let password = password.to_string();
        rationed(move || hash_password(&password)).await?
    }

    /// Whether `password` matches `hash`; with no hash (an unknown user), the same work
    /// against the dummy hash, and `false`.
    pub(crate) async fn verify(&self, password: &str, hash: Option<String>) -> Result<bool> {
        let known = hash.is_some();
        let hash = match hash {
            Some(h) => h,
            None => DUMMY
                .get()
                .cloned()
                .ok_or_else(|| StoreError::Broken("no dummy password hash".into()))?,
        };
        let password = password.to_string();
        let matches = rationed(move || verify_password(&password, &hash)).await?;
        self.verified.fetch_add(1, Ordering::Relaxed);
        Ok(matches && known)
    }

    /// How many verifications have run.
    pub(crate) fn verified(&self) -> u64 {
        self.verified.load(Ordering::Relaxed)
    }
}
