//! `/account/password`: a signed-in user changes their own password. The form asks for the
//! current password and the new one twice; every problem shows next to its field and nothing
//! changes; after a change every other session of the user ends.

use askama::Template;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use yardstick_i18n::{msg, t};
use yardstick_store::StoreError;

use super::{Frame, Layout, PageError, Visit, html};
use crate::auth::Visitor;
use crate::csrf;
use crate::state::AppState;

/// The page.
#[derive(Template)]
#[template(path = "account/password.html")]
struct PasswordPage {
    layout: Layout,
    /// After a change: the confirmation.
    changed: bool,
    /// A problem of the whole form (an expired form).
    problem: Option<String>,
    /// The problem of each field, if any.
    current: Option<String>,
    new: Option<String>,
    repeat: Option<String>,
}

impl PasswordPage {
    fn new(state: &AppState, visit: &Visit, visitor: &Visitor) -> PasswordPage {
        let mut layout = visit.layout(t!(visit.lang, "account.title"), Frame::Plain);
        layout.user = Some(visitor.user.username.clone());
        layout.csrf = visitor.csrf(state);
        PasswordPage {
            layout,
            changed: false,
            problem: None,
            current: None,
            new: None,
            repeat: None,
        }
    }
}

/// `GET /account/password`.
pub(super) async fn form(
    State(state): State<AppState>,
    visit: Visit,
    visitor: Visitor,
) -> Result<Response, PageError> {
    let page = PasswordPage::new(&state, &visit, &visitor);
    Ok(html(StatusCode::OK, &page))
}

/// The form's fields.
#[derive(Deserialize)]
pub(super) struct PasswordForm {
    csrf: Option<String>,
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    repeat: String,
}

/// `POST /account/password`: changes the password, or the form again with every problem.
pub(super) async fn submit(
    State(state): State<AppState>,
    visit: Visit,
    visitor: Visitor,
    form: Result<Form<PasswordForm>, FormRejection>,
) -> Result<Response, PageError> {
    let lang = visit.lang;
    let mut page = PasswordPage::new(&state, &visit, &visitor);
    let form = match form {
        Ok(Form(form)) => form,
        Err(rejection) => {
            page.problem = Some(t!(lang, "account.unreadable").to_string());
            return Ok(html(rejection.status(), &page));
        }
    };
    if !csrf::matches(&visitor.csrf(&state), form.csrf.as_deref()) {
        page.problem = Some(t!(lang, "account.expired").to_string());
        return Ok(html(StatusCode::FORBIDDEN, &page));
    }
    if form.new != form.repeat {
        page.repeat = Some(t!(lang, "account.mismatch").to_string());
        return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, &page));
    }
    match state
        .store
        .change_password(&visitor.session, &form.current, &form.new)
        .await
    {
        Ok(()) => {
            page.changed = true;
            Ok(html(StatusCode::OK, &page))
        }
        Err(StoreError::Invalid(problems)) => {
            for p in problems {
                let text = Some(p.message.render(lang));
                match p.field.as_deref() {
                    Some("current") => page.current = text,
                    Some("new") => page.new = text,
                    _ => page.problem = text,
                }
            }
            Ok(html(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(StoreError::NotFound(_)) => Err(PageError::new(
            StatusCode::UNAUTHORIZED,
            msg!("account.signed_out"),
        )),
        Err(e) => Err(PageError::from(e)),
    }
}
