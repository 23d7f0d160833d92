//! The one error type of page routes, and the HTML page every failure on them becomes: a
//! title by status (or the handler's own), what went wrong in the reader's language, and a
//! way on (back to where the reader came from, or home). Internal causes are logged where
//! the error is made and never shown.

use std::sync::Arc;

use askama::Template;
use axum::http::header::{LOCATION, RETRY_AFTER};
use axum::http::{HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use yardstick_core::Lang;
use yardstick_i18n::{Key, Message, k, t};
use yardstick_store::Shortage;

use super::{Frame, Layout, encode};
use crate::error::{ApiError, Problem};

/// What a failed page says.
#[derive(Clone, Debug)]
pub(crate) struct PageFailure {
    status: StatusCode,
    title: Option<Key>,
    lines: Vec<Problem>,
    back: Option<(String, Key)>,
    retry_after: Option<u32>,
}

impl PageFailure {
    /// The failure of a status, in its generic words.
    pub(crate) fn status(status: StatusCode) -> PageFailure {
        PageFailure {
            status,
            title: None,
            lines: vec![Problem::message(None, crate::lang::generic(status))],
            back: None,
            retry_after: None,
        }
    }

    /// A failure with `status` and one line.
    pub(crate) fn line(status: StatusCode, line: Message) -> PageFailure {
        PageFailure {
            status,
            title: None,
            lines: vec![Problem::message(None, line)],
            back: None,
            retry_after: None,
        }
    }

    /// The failure an API error describes.
    pub(crate) fn from_api(error: &ApiError) -> PageFailure {
        PageFailure {
            status: error.status(),
            title: None,
            lines: error.problems().to_vec(),
            back: None,
            retry_after: error.retry_after(),
        }
    }
}

/// Why a page is not shown.
#[derive(Debug)]
pub(crate) enum PageError {
    /// A page saying what went wrong.
    Failure(PageFailure),
    /// The visitor must sign in first; `next` is where to go afterwards.
    SignIn {
        /// The address asked for.
        next: String,
    },
}

impl PageError {
    /// A failure with `status` and one line.
    pub(crate) fn new(status: StatusCode, line: Message) -> PageError {
        PageError::Failure(PageFailure::line(status, line))
    }

    /// The same failure under another title.
    #[must_use]
    pub(crate) fn titled(self, title: Key) -> PageError {
        match self {
            PageError::Failure(mut f) => {
                f.title = Some(title);
                PageError::Failure(f)
            }
            other => other,
        }
    }

    /// The same failure with a link on (`href`, its words).
    #[must_use]
    pub(crate) fn back(self, href: impl Into<String>, label: Key) -> PageError {
        match self {
            PageError::Failure(mut f) => {
                f.back = Some((href.into(), label));
                PageError::Failure(f)
            }
            other => other,
        }
    }

    /// Sign in first, then come back to `uri`.
    pub(crate) fn sign_in(uri: &Uri) -> PageError {
        PageError::SignIn {
            next: uri
                .path_and_query()
                .map_or("/", axum::http::uri::PathAndQuery::as_str)
                .to_string(),
        }
    }
}

impl From<ApiError> for PageError {
    fn from(error: ApiError) -> Self {
        PageError::Failure(PageFailure::from_api(&error))
    }
}

impl From<yardstick_store::StoreError> for PageError {
    fn from(error: yardstick_store::StoreError) -> Self {
        let title = match &error {
            yardstick_store::StoreError::Shortage(Shortage::Storage) => {
                Some(k!("faults.page.storage_title"))
            }
            yardstick_store::StoreError::Shortage(Shortage::Resources) => {
                Some(k!("faults.page.resources_title"))
            }
            _ => None,
        };
        let page = PageError::from(ApiError::from(error));
        match title {
            Some(title) => page.titled(title),
            None => page,
        }
    }
}

impl IntoResponse for PageError {
    /// The status alone, carrying the failure: the language middleware writes the page, in
    /// the reader's language, for the address asked for.
    fn into_response(self) -> Response {
        match self {
            PageError::Failure(failure) => {
                let mut response = failure.status.into_response();
                if let Some(seconds) = failure.retry_after {
                    response
                        .headers_mut()
                        .insert(RETRY_AFTER, HeaderValue::from(seconds));
                }
                response.extensions_mut().insert(Arc::new(failure));
                response
            }
            PageError::SignIn { next } => {
                let location = format!("/login?next={}", encode(&next));
                let mut response = StatusCode::SEE_OTHER.into_response();
                if let Ok(value) = HeaderValue::from_str(&location) {
                    response.headers_mut().insert(LOCATION, value);
                }
                response
            }
        }
    }
}

/// The error page.
#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    layout: Layout,
    lines: Vec<String>,
    back_href: Option<String>,
    back_label: &'static str,
}

/// The page of a failure, in `lang`, for the address `path`.
pub(crate) fn failure_page(failure: &PageFailure, lang: Lang, path: &str) -> Response {
    let title = failure.title.unwrap_or(match failure.status {
        StatusCode::NOT_FOUND => k!("page.error.not_found"),
        StatusCode::FORBIDDEN | StatusCode::UNAUTHORIZED => k!("page.error.forbidden"),
        StatusCode::CONFLICT => k!("page.error.conflict"),
        StatusCode::PAYLOAD_TOO_LARGE => k!("page.error.too_large"),
        StatusCode::UNPROCESSABLE_ENTITY | StatusCode::BAD_REQUEST => k!("page.error.invalid"),
        StatusCode::SERVICE_UNAVAILABLE => k!("page.error.unavailable"),
        _ => k!("page.error.failed"),
    });
    let uri: Uri = path.parse().unwrap_or_else(|_| Uri::from_static("/"));
    let frame = if uri.path().starts_with("/r/") {
        Frame::Rater
    } else {
        Frame::Plain
    };
    // A rater has no home to go back to: only the links a rater page gives.
    let (back_href, back_label) = match (&failure.back, frame) {
        (Some((href, label)), _) => (Some(href.clone()), label.text(lang)),
        (None, Frame::Rater) => (None, ""),
        (None, _) => (Some("/".to_string()), t!(lang, "page.to_home")),
    };
    let page = ErrorPage {
        layout: Layout::new(lang, &uri, title.text(lang), frame),
        lines: failure.lines.iter().map(|p| p.text(lang)).collect(),
        back_href,
        back_label,
    };
    match page.render() {
        Ok(body) => (failure.status, axum::response::Html(body)).into_response(),
        Err(cause) => {
            tracing::error!(%cause, "the error page did not render");
            failure.status.into_response()
        }
    }
}
