//! Abuse resistance (SPEC §7 Abuse): failed logins and wrong rater tokens are counted in the
//! database, by user name and by address, so that every server sharing it sees the same
//! counts; past the limit, attempts answer 429 with `Retry-After` until the window has
//! passed.
//!
//! - **Logins** (`POST /login`, `POST /api/v1/session`): after 10 failures for one user
//!   name, or from one address, within 15 minutes, every attempt — the right password
//!   included — is refused before any password is checked. A good login clears the
//!   failures of its name (not those of its address: one account of one's own must not
//!   wipe the traces of guessing at others).
//! - **Rater links** (`/r/{token}…`, `/api/v1/r/{token}…`): after 30 wrong tokens from one
//!   address within a minute, every rater request from that address — a right token
//!   included — is refused. A throttled attempt is not counted again: the wait ends when
//!   the window has passed, however often the address tries meanwhile.
//!
//! "The address" is the peer's IP address; when the peer is one of the configured trusted
//! proxies, it is the last address of `X-Forwarded-For` that is not a trusted proxy.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::header::RETRY_AFTER;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use yardstick_i18n::{Message, k, msg};
use yardstick_store::{Entity, Limit, Session, StoreError};

use crate::error::ApiError;
use crate::pages::PageError;
use crate::state::AppState;

/// The time throttling goes by: the system's, or one set by hand (for tests of the windows).
#[derive(Clone, Debug, Default)]
pub struct Clock(Option<Arc<AtomicI64>>);

impl Clock {
    /// The system's clock.
    pub fn system() -> Clock {
        Clock(None)
    }

    /// A clock that stands at `ms` (Unix milliseconds) until moved with [`Clock::advance`].
    pub fn manual(ms: i64) -> Clock {
        Clock(Some(Arc::new(AtomicI64::new(ms))))
    }

    /// Moves a manual clock on by `ms`; the system's clock moves by itself.
    pub fn advance(&self, ms: i64) {
        if let Some(at) = &self.0 {
            at.fetch_add(ms, Ordering::SeqCst);
        }
    }

    /// Now, in Unix milliseconds.
    pub fn now_ms(&self) -> i64 {
        match &self.0 {
            Some(at) => at.load(Ordering::SeqCst),
            None => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX)),
        }
    }
}

/// The address of whoever is asking, as throttling counts it.
pub(crate) struct Caller(pub String);

/// The address of a request: the peer's, or behind a trusted proxy the last address of
/// `X-Forwarded-For` that is not a trusted proxy. A request without a peer (made inside the
/// process) counts as `-`.
pub(crate) fn address(peer: Option<IpAddr>, headers: &HeaderMap, trusted: &[IpAddr]) -> String {
    let Some(peer) = peer else {
        return "-".to_string();
    };
    if !trusted.contains(&peer) {
        return peer.to_string();
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse::<IpAddr>().ok())
        .collect();
    forwarded
        .iter()
        .rev()
        .find(|a| !trusted.contains(a))
        .or(forwarded.first())
        .unwrap_or(&peer)
        .to_string()
}

fn caller_of(parts_ext: &axum::http::Extensions, headers: &HeaderMap, state: &AppState) -> String {
    let peer = parts_ext
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(a)| a.ip());
    address(peer, headers, &state.site.trusted_proxies)
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, std::convert::Infallible> {
        Ok(Caller(caller_of(&parts.extensions, &parts.headers, state)))
    }
}

/// Whole seconds of a wait in milliseconds, rounded up, at least 1.
fn seconds(wait_ms: i64) -> i64 {
    (wait_ms.max(1) + 999) / 1000
}

/// `Retry-After` for a wait in milliseconds.
pub(crate) fn retry_after(wait_ms: i64) -> [(axum::http::HeaderName, HeaderValue); 1] {
    [(RETRY_AFTER, HeaderValue::from(seconds(wait_ms)))]
}

/// What the reader is told when their logins are throttled.
pub(crate) fn login_refusal(wait_ms: i64) -> Message {
    msg!("throttle.login", minutes = (seconds(wait_ms) + 59) / 60)
}

/// Why a login did not happen.
pub(crate) enum LoginFailure {
    /// Too many failures: wait this many milliseconds.
    Throttled(i64),
    /// The store refused (wrong name or password) or failed.
    Store(StoreError),
}

/// Logs in from `address`, unless its name or address is throttled; counts a failure, and
/// clears the name's failures on success.
pub(crate) async fn login(
    state: &AppState,
    address: &str,
    username: &str,
    password: &str,
) -> Result<Session, LoginFailure> {
    let name = username.trim();
    let keys = [(Limit::LOGIN_NAME, name), (Limit::LOGIN_ADDRESS, address)];
    let now = state.site.clock.now_ms();
    if let Some(wait) = state
        .store
        .throttle_wait(&keys, now)
        .await
        .map_err(LoginFailure::Store)?
    {
        return Err(LoginFailure::Throttled(wait));
    }
    match state.store.login(name, password).await {
        Ok(session) => {
            state
                .store
                .throttle_clear(Limit::LOGIN_NAME, name)
                .await
                .map_err(LoginFailure::Store)?;
            Ok(session)
        }
        Err(StoreError::BadCredentials) => {
            state
                .store
                .throttle_fail(&keys, now)
                .await
                .map_err(LoginFailure::Store)?;
            Err(LoginFailure::Store(StoreError::BadCredentials))
        }
        Err(e) => Err(LoginFailure::Store(e)),
    }
}

/// The token of a rater's path (`/r/{token}…` or `/api/v1/r/{token}…`), if it is one.
fn rater_token(path: &str) -> Option<&str> {
    let rest = path
        .strip_prefix("/r/")
        .or_else(|| path.strip_prefix("/api/v1/r/"))?;
    rest.split('/').next().filter(|t| !t.is_empty())
}

/// Throttles rater links by address: refuses every rater request of an address that has
/// tried too many wrong tokens, and counts a wrong token when the store did not know it.
pub(crate) async fn raters(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_string();
    let Some(token) = rater_token(&path).map(str::to_string) else {
        return next.run(request).await;
    };
    let address = caller_of(request.extensions(), request.headers(), &state);
    let limit = [(Limit::RATER_ADDRESS, address.as_str())];
    let now = state.site.clock.now_ms();
    match state.store.throttle_wait(&limit, now).await {
        Ok(None) => {}
        Ok(Some(wait)) => return rater_refusal(&path, wait),
        Err(e) => return ApiError::from(e).into_response(),
    }
    let response = next.run(request).await;
    if response.status() == StatusCode::NOT_FOUND {
        let token = percent_decoded(&token);
        if let Err(StoreError::NotFound(Entity::Rater)) = state.store.rater_session(&token).await
            && let Err(e) = state.store.throttle_fail(&limit, now).await
        {
            tracing::error!(error = %e, "cannot count a wrong rater token");
        }
    }
    response
}

/// The answer to a throttled rater request: JSON on the API, a page elsewhere.
fn rater_refusal(path: &str, wait: i64) -> Response {
    let message = msg!("throttle.rater", seconds = seconds(wait));
    if crate::lang::is_api(path) {
        let error = ApiError::of(StatusCode::TOO_MANY_REQUESTS, None, message);
        (retry_after(wait), error).into_response()
    } else {
        let page = PageError::new(StatusCode::TOO_MANY_REQUESTS, message)
            .titled(k!("throttle.rater_title"));
        (retry_after(wait), page).into_response()
    }
}

/// A path segment with its `%XX` escapes decoded, as the router hands it to handlers.
fn percent_decoded(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forwarded(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn the_peer_is_the_address_unless_it_is_a_trusted_proxy() {
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let peer: IpAddr = "203.0.113.7".parse().unwrap();
        let headers = forwarded("198.51.100.1, 198.51.100.2");
        // An untrusted peer cannot name another address.
        assert_eq!(address(Some(peer), &headers, &[proxy]), "203.0.113.7");
        // Behind a trusted proxy, the last address it did not add itself.
        assert_eq!(address(Some(proxy), &headers, &[proxy]), "198.51.100.2");
        let chain = forwarded("198.51.100.1, 10.0.0.2");
        let both = ["10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap()];
        assert_eq!(address(Some(proxy), &chain, &both), "198.51.100.1");
        // A trusted proxy that forwards nothing is itself the address.
        assert_eq!(
            address(Some(proxy), &HeaderMap::new(), &[proxy]),
            "10.0.0.1"
        );
        assert_eq!(address(None, &headers, &[proxy]), "-");
    }

    #[test]
    fn waits_round_up_to_whole_seconds_and_minutes() {
        assert_eq!(seconds(1), 1);
        assert_eq!(seconds(1000), 1);
        assert_eq!(seconds(1001), 2);
        assert_eq!(seconds(0), 1);
        assert_eq!(seconds(15 * 60 * 1000), 900);
    }

    #[test]
    fn only_rater_paths_carry_a_token() {
        assert_eq!(rater_token("/r/abc"), Some("abc"));
        assert_eq!(rater_token("/r/abc/M001"), Some("abc"));
        assert_eq!(rater_token("/api/v1/r/abc/responses/M001"), Some("abc"));
        assert_eq!(rater_token("/r/"), None);
        assert_eq!(rater_token("/hr/cycles/1"), None);
        assert_eq!(percent_decoded("a%2Fb%zz"), "a/b%zz");
    }

    #[test]
    fn a_manual_clock_moves_only_when_told() {
        let clock = Clock::manual(1000);
        clock.advance(500);
        assert_eq!(clock.now_ms(), 1500);
        assert!(Clock::system().now_ms() > 1_700_000_000_000);
    }
}
