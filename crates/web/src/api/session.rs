//! Logging in and out, and who is logged in.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use yardstick_store::User;

use crate::auth::{SignedIn, removal_cookie, session_cookie, session_token};
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Deferred, Json};
use crate::state::AppState;
use crate::throttle::{self, Caller, LoginFailure};

/// A user name and password.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Credentials {
    /// Login name.
    username: String,
    /// Password.
    password: String,
}

/// A user as the API shows them.
#[derive(Serialize, ToSchema)]
pub(crate) struct UserOut {
    /// Id.
    id: i64,
    /// Login name.
    username: String,
    /// `admin`, `hr`, `manager` or `employee`.
    role: String,
    /// The person (employee id) this user is, if any.
    person: Option<String>,
}

impl From<User> for UserOut {
    fn from(u: User) -> Self {
        UserOut {
            id: u.id,
            username: u.username,
            role: u.role.code().to_string(),
            person: u.person_id,
        }
    }
}

/// A new session.
#[derive(Serialize, ToSchema)]
pub(crate) struct SessionOut {
    /// The session token: send it as `Authorization: Bearer <token>` (it is also set as the
    /// `yardstick_session` cookie).
    token: String,
    /// Who logged in.
    user: UserOut,
}

/// Logs in: answers the session token and sets the session cookie.
#[utoipa::path(
    post,
    path = "/api/v1/session",
    tag = "session",
    request_body = Credentials,
    responses(
        (status = 200, description = "Logged in; the `yardstick_session` cookie is set", body = SessionOut),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "Wrong user name or password", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "A field is missing or unknown", body = ErrorBody),
        (status = 429, description = "Too many failed logins for this user name or from this address within 15 minutes; `Retry-After` says how many seconds to wait", body = ErrorBody),
    )
)]
pub(crate) async fn login(
    State(state): State<AppState>,
    Caller(address): Caller,
    jar: CookieJar,
    Json(c): Json<Credentials>,
) -> Result<(CookieJar, Json<SessionOut>), Response> {
    let session = match throttle::login(&state, &address, &c.username, &c.password).await {
        Ok(session) => session,
        Err(LoginFailure::Throttled(wait)) => {
            let error = ApiError::of(
                StatusCode::TOO_MANY_REQUESTS,
                None,
                throttle::login_refusal(wait),
            );
            return Err((throttle::retry_after(wait), error).into_response());
        }
        Err(LoginFailure::Store(e)) => return Err(ApiError::from(e).into_response()),
    };
    let jar = jar.add(session_cookie(session.token.clone(), state.site.https));
    Ok((
        jar,
        Json(SessionOut {
            token: session.token,
            user: session.user.into(),
        }),
    ))
}

/// Logs out: ends the session of the token or cookie sent, if any, and removes the cookie.
/// Answers 204 whether or not a session was open.
#[utoipa::path(
    delete,
    path = "/api/v1/session",
    tag = "session",
    responses((status = 204, description = "Logged out; the cookie is removed"))
)]
pub(crate) async fn logout(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
) -> Result<(CookieJar, StatusCode), ApiError> {
    if let Some(token) = session_token(&headers) {
        state.store.logout(&token).await?;
    }
    Ok((jar.remove(removal_cookie()), StatusCode::NO_CONTENT))
}

/// The logged-in user.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "session",
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The user", body = UserOut),
        (status = 401, description = "Not logged in", body = ErrorBody),
    )
)]
pub(crate) async fn me(SignedIn(user): SignedIn) -> Json<UserOut> {
    Json(user.into())
}

/// A new password, with the current one.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PasswordIn {
    /// The current password.
    current: String,
    /// The new password (8 to 256 characters).
    new: String,
}

/// Changes the logged-in user's own password; every other session of the user ends.
#[utoipa::path(
    put,
    path = "/api/v1/me/password",
    tag = "session",
    security(("bearer" = []), ("session" = [])),
    request_body = PasswordIn,
    responses(
        (status = 204, description = "Changed"),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "The current password is not right (`current`), or the new one is too short or too long (`new`)", body = ErrorBody),
    )
)]
pub(crate) async fn change_password(
    State(state): State<AppState>,
    _user: SignedIn,
    headers: HeaderMap,
    body: Deferred<Json<PasswordIn>>,
) -> Result<StatusCode, ApiError> {
    let Json(body) = body.get()?;
    let token = session_token(&headers).ok_or_else(ApiError::unauthorized)?;
    state
        .store
        .change_password(&token, &body.current, &body.new)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
