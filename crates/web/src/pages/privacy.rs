//! The privacy notice an outside rater reads once, before their first questionnaire: the
//! list page shows it in place of the list until the rater acknowledges it, and a
//! questionnaire opened directly leads back there first.

use askama::Template;
use axum::extract::rejection::{FormRejection, PathRejection};
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use yardstick_i18n::{k, msg, t};
use yardstick_store::RaterNotice;

use super::login::see_other;
use super::rater::Links;
use super::{Frame, PageError, Visit, html};
use crate::csrf;
use crate::state::AppState;

/// The notice page.
#[derive(Template)]
#[template(path = "rater/privacy.html")]
struct Notice {
    layout: super::Layout,
    cycle: String,
    text: String,
    action: String,
    csrf: String,
}

/// The page showing `notice` of `cycle` to the rater of `token`.
pub(super) fn page(
    state: &AppState,
    visit: &Visit,
    token: &str,
    cycle: &str,
    notice: &RaterNotice,
    status: StatusCode,
) -> Response {
    let links = Links::new(token);
    let page = Notice {
        layout: visit.layout(cycle.to_string(), Frame::Rater),
        cycle: cycle.to_string(),
        text: notice.text.clone(),
        action: links.list.clone(),
        csrf: csrf::for_rater(&state.site.secret, token),
    };
    html(status, &page)
}

/// The form's fields.
#[derive(serde::Deserialize)]
pub(super) struct Acknowledged {
    csrf: Option<String>,
}

/// `POST /r/{token}` (the notice's form): records that the rater read the notice, then the list.
pub(super) async fn acknowledge(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    form: Result<Form<Acknowledged>, FormRejection>,
) -> Result<Response, PageError> {
    let Ok(Path(token)) = path else {
        return Err(super::rater::not_found(None));
    };
    let session = state
        .store
        .rater_session(&token)
        .await
        .map_err(|e| super::rater::failure(e, None))?;
    let links = Links::new(&token);
    let given = form.ok().and_then(|Form(f)| f.csrf);
    if !csrf::matches(
        &csrf::for_rater(&state.site.secret, &token),
        given.as_deref(),
    ) {
        return Err(
            PageError::new(StatusCode::FORBIDDEN, msg!("rater.form_expired"))
                .titled(k!("rater.privacy.title"))
                .back(links.list.clone(), k!("rater.to_list")),
        );
    }
    if session.notice.is_some() {
        state
            .store
            .acknowledge_notice(&token)
            .await
            .map_err(|e| super::rater::failure(e, Some(&links)))?;
    }
    Ok(see_other(&links.list))
}
