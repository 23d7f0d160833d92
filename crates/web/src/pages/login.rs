//! Signing in and out (SPEC §7 Pages): `/login` is a form posting `username`, `password`
//! and its CSRF field back to `/login`; a wrong password shows the form again with a message
//! and nothing else. The form's token is tied to a random value in a short cookie, so a
//! login cannot be forced from another site. After signing in, the user goes where they
//! were going (`next`, an address of this site) or to their home.

use askama::Template;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use serde::Deserialize;
use yardstick_i18n::{Message, k, t};
use yardstick_store::StoreError;

use super::{Frame, Layout, PageError, PageFailure, Visit, html};
use crate::auth::{SESSION_COOKIE, Visitor, removal_cookie, session_cookie};
use crate::csrf;
use crate::state::AppState;
use crate::throttle::{self, Caller, LoginFailure};

/// The sign-in page.
#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    layout: Layout,
    csrf: String,
    next: String,
    username: String,
    problem: Option<String>,
}

/// The query of `/login`.
#[derive(Deserialize)]
pub(super) struct LoginQuery {
    next: Option<String>,
}

/// Where to go after signing in: `next` when it is an address of this site, else home.
fn destination(next: Option<&str>) -> &str {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/\\"))
        .unwrap_or("/")
}

/// The form, with a fresh login cookie.
fn form_page(
    state: &AppState,
    visit: &Visit,
    jar: CookieJar,
    status: StatusCode,
    next: &str,
    username: &str,
    problem: Option<Message>,
) -> Response {
    let nonce = yardstick_store::secret::random_token(16).unwrap_or_default();
    let cookie = Cookie::build((csrf::LOGIN_COOKIE, nonce.clone()))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.site.https)
        .path("/login")
        .build();
    let page = LoginPage {
        layout: visit.layout(t!(visit.lang, "login.title"), Frame::Plain),
        csrf: csrf::for_login(&state.site.secret, &nonce),
        next: next.to_string(),
        username: username.to_string(),
        problem: problem.map(|m| m.render(visit.lang)),
    };
    (jar.add(cookie), html(status, &page)).into_response()
}

/// `GET /login`: the form, or the home of a user already signed in.
pub(super) async fn form(
    State(state): State<AppState>,
    visit: Visit,
    jar: CookieJar,
    query: Result<Query<LoginQuery>, QueryRejection>,
    visitor: Option<Visitor>,
) -> Response {
    let next = query.ok().and_then(|Query(q)| q.next);
    if visitor.is_some() {
        return see_other(destination(next.as_deref()));
    }
    form_page(
        &state,
        &visit,
        jar,
        StatusCode::OK,
        destination(next.as_deref()),
        "",
        None,
    )
}

/// The fields of the form.
#[derive(Deserialize)]
pub(super) struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    csrf: Option<String>,
    next: Option<String>,
}

/// `POST /login`: signs in and goes on, or shows the form again saying why not.
pub(super) async fn submit(
    State(state): State<AppState>,
    visit: Visit,
    Caller(address): Caller,
    jar: CookieJar,
    form: Result<Form<LoginForm>, FormRejection>,
) -> Response {
    let form = match form {
        Ok(Form(form)) => form,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return PageError::Failure(PageFailure::status(StatusCode::PAYLOAD_TOO_LARGE))
                .into_response();
        }
        Err(_) => {
            return form_page(
                &state,
                &visit,
                jar,
                StatusCode::BAD_REQUEST,
                "/",
                "",
                Some(k!("login.unreadable").into()),
            );
        }
    };
    let next = destination(form.next.as_deref()).to_string();
    let expected = jar
        .get(csrf::LOGIN_COOKIE)
        .map(|c| csrf::for_login(&state.site.secret, c.value()));
    if !expected.is_some_and(|e| csrf::matches(&e, form.csrf.as_deref())) {
        return form_page(
            &state,
            &visit,
            jar,
            StatusCode::FORBIDDEN,
            &next,
            &form.username,
            Some(k!("login.expired").into()),
        );
    }
    match throttle::login(&state, &address, &form.username, &form.password).await {
        Ok(session) => {
            let jar = jar
                .remove(Cookie::build(csrf::LOGIN_COOKIE).path("/login").build())
                .add(session_cookie(session.token, state.site.https));
            (jar, see_other(&next)).into_response()
        }
        Err(LoginFailure::Store(StoreError::BadCredentials)) => form_page(
            &state,
            &visit,
            jar,
            StatusCode::UNAUTHORIZED,
            &next,
            &form.username,
            Some(k!("login.wrong").into()),
        ),
        Err(LoginFailure::Throttled(wait)) => {
            let page = form_page(
                &state,
                &visit,
                jar,
                StatusCode::TOO_MANY_REQUESTS,
                &next,
                &form.username,
                Some(throttle::login_refusal(wait)),
            );
            (throttle::retry_after(wait), page).into_response()
        }
        Err(LoginFailure::Store(e)) => PageError::from(e).into_response(),
    }
}

/// The fields of the logout form.
#[derive(Deserialize)]
pub(super) struct LogoutForm {
    csrf: Option<String>,
}

/// `POST /logout`: ends the session and goes to the sign-in page.
pub(super) async fn logout(
    State(state): State<AppState>,
    jar: CookieJar,
    visitor: Visitor,
    form: Result<Form<LogoutForm>, FormRejection>,
) -> Result<Response, PageError> {
    let given = form.ok().and_then(|Form(f)| f.csrf);
    if !csrf::matches(&visitor.csrf(&state), given.as_deref()) {
        return Err(PageError::new(
            StatusCode::FORBIDDEN,
            yardstick_i18n::msg!("page.csrf"),
        ));
    }
    state.store.logout(&visitor.session).await?;
    let jar = jar.remove(removal_cookie());
    debug_assert_eq!(removal_cookie().name(), SESSION_COOKIE);
    Ok((jar, see_other("/login")).into_response())
}

/// 303 to `location`.
pub(super) fn see_other(location: &str) -> Response {
    match axum::http::HeaderValue::from_str(location) {
        Ok(value) => (StatusCode::SEE_OTHER, [(LOCATION, value)]).into_response(),
        Err(_) => (
            StatusCode::SEE_OTHER,
            [(LOCATION, axum::http::HeaderValue::from_static("/"))],
        )
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::destination;

    #[test]
    fn only_addresses_of_this_site_are_followed_after_signing_in() {
        assert_eq!(destination(Some("/hr/")), "/hr/");
        assert_eq!(destination(Some("//evil.example/")), "/");
        assert_eq!(destination(Some("/\\evil.example")), "/");
        assert_eq!(destination(Some("https://evil.example/")), "/");
        assert_eq!(destination(None), "/");
    }
}
