//! Who is asking. HR endpoints take the session cookie (`yardstick_session`) or
//! `Authorization: Bearer <token>`, the token `POST /api/v1/session` hands out: missing,
//! invalid or expired → 401; a user who is not admin or HR → 403. Raters need no account:
//! their token is in the path, and the store refuses one it does not know (404).
//!
//! Pages have their own extractors, [`Visitor`] and [`HrVisitor`]: a visitor without a
//! session is sent to `/login` (and back afterwards), a signed-in user who may not see an
//! HR page gets a 403 page. Pages read the session cookie only, never a bearer token.

use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use yardstick_store::User;

use crate::csrf;
use crate::error::ApiError;
use crate::pages::PageError;
use crate::state::AppState;

/// The name of the session cookie.
pub(crate) const SESSION_COOKIE: &str = "yardstick_session";

/// The session token a request carries: the bearer token, else the session cookie.
pub(crate) fn session_token(headers: &HeaderMap) -> Option<String> {
    let bearer = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim().to_string())
        .filter(|t| !t.is_empty());
    bearer.or_else(|| {
        CookieJar::from_headers(headers)
            .get(SESSION_COOKIE)
            .map(|c| c.value().to_string())
            .filter(|t| !t.is_empty())
    })
}

/// The session cookie for a new session: HttpOnly, SameSite=Lax, for the whole site, and
/// `Secure` when the site is served over https. It lasts as long as the browser session;
/// the server ends the session itself after 12 hours.
pub(crate) fn session_cookie(token: String, secure: bool) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, token))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .path("/")
        .build()
}

/// The cookie that removes the session cookie.
pub(crate) fn removal_cookie() -> Cookie<'static> {
    Cookie::build(SESSION_COOKIE).path("/").build()
}

/// Any logged-in user.
pub(crate) struct SignedIn(pub User);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = session_token(&parts.headers).ok_or_else(ApiError::unauthorized)?;
        state
            .store
            .session_user(&token)
            .await?
            .map(SignedIn)
            .ok_or_else(ApiError::unauthorized)
    }
}

/// A logged-in administrator or HR user.
pub(crate) struct Hr(pub User);

impl FromRequestParts<AppState> for Hr {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let SignedIn(user) = SignedIn::from_request_parts(parts, state).await?;
        if user.role.is_hr() {
            Ok(Hr(user))
        } else {
            Err(ApiError::forbidden())
        }
    }
}

/// A signed-in visitor of a page, with their session token (the CSRF token of their forms
/// is derived from it).
pub(crate) struct Visitor {
    /// The user.
    pub user: User,
    /// The session token.
    pub session: String,
}

impl Visitor {
    /// The CSRF token of this visitor's forms.
    pub(crate) fn csrf(&self, state: &AppState) -> String {
        csrf::for_session(&state.site.secret, &self.session)
    }
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, PageError> {
        let token = CookieJar::from_headers(&parts.headers)
            .get(SESSION_COOKIE)
            .map(|c| c.value().to_string())
            .filter(|t| !t.is_empty());
        let Some(token) = token else {
            return Err(PageError::sign_in(&parts.uri));
        };
        match state.store.session_user(&token).await? {
            Some(user) => Ok(Visitor {
                user,
                session: token,
            }),
            None => Err(PageError::sign_in(&parts.uri)),
        }
    }
}

impl axum::extract::OptionalFromRequestParts<AppState> for Visitor {
    type Rejection = PageError;

    /// The visitor when signed in, `None` when not (a failing store is still an error).
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, PageError> {
        match <Visitor as FromRequestParts<AppState>>::from_request_parts(parts, state).await {
            Ok(v) => Ok(Some(v)),
            Err(PageError::SignIn { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// A signed-in administrator or HR user visiting a page.
pub(crate) struct HrVisitor(pub Visitor);

impl FromRequestParts<AppState> for HrVisitor {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, PageError> {
        let visitor = Visitor::from_request_parts(parts, state).await?;
        if visitor.user.role.is_hr() {
            Ok(HrVisitor(visitor))
        } else {
            Err(PageError::new(
                axum::http::StatusCode::FORBIDDEN,
                yardstick_i18n::msg!("page.hr_only"),
            ))
        }
    }
}
