//! The server-rendered HTML pages: the rater's list and questionnaires under `/r/{token}`
//! (SPEC §7). Templates are askama's, checked at compile time and escaped automatically;
//! they and the stylesheet are compiled into the binary. The pages work without JavaScript.
//!
//! The token in the URL is the rater's only credential, so every page is sent with
//! `Referrer-Policy: no-referrer` and `Cache-Control: no-store`, and the request's span names
//! the route pattern, never the path.

mod questionnaire;
mod rater;
mod words;

use askama::Template;
use axum::Router;
use axum::extract::Request;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use yardstick_core::Lang;

use crate::error::ApiError;
use crate::state::AppState;
use words::Words;

/// The pages' routes, with the headers that keep a rater's link to themselves.
pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/r/{token}", get(rater::list))
        .route(
            "/r/{token}/{assessee}",
            get(rater::questionnaire).post(rater::save),
        )
        .layer(middleware::from_fn(protect))
}

/// Scripts and styles only from the page itself, forms only to this site, no framing.
const CONTENT_SECURITY: &str = "default-src 'none'; style-src 'unsafe-inline'; \
     script-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Adds the headers that keep the token out of referrers, caches and frames.
async fn protect(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in [
        (REFERRER_POLICY, "no-referrer"),
        (CACHE_CONTROL, "no-store"),
        (X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (X_FRAME_OPTIONS, "DENY"),
        (CONTENT_SECURITY_POLICY, CONTENT_SECURITY),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// The page as an answer with `status`; a page that fails to render is logged and answered
/// with a short page in both languages.
fn html(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(body) => (status, Html(body)).into_response(),
        Err(cause) => {
            tracing::error!(%cause, "a page did not render");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                Html(
                    "<!DOCTYPE html><meta charset=\"utf-8\"><title>出错了 / Error</title>\
                     <p>服务器内部错误,请稍后再试。</p><p>Internal server error: please try again later.</p>",
                ),
            )
                .into_response()
        }
    }
}

/// A page with a title, a few lines of text and perhaps a link back to the list.
#[derive(Template)]
#[template(path = "rater/message.html")]
struct Message<'a> {
    t: &'static Words,
    title: &'a str,
    lines: Vec<String>,
    back: Option<String>,
}

/// The page for an unknown token or an assessee not assigned to the rater: it says the
/// link is not valid and nothing about why.
fn not_found(lang: Lang) -> Response {
    let t = Words::of(lang);
    let page = Message {
        t,
        title: t.not_found_title,
        lines: vec![t.not_found.to_string()],
        back: None,
    };
    html(StatusCode::NOT_FOUND, &page)
}

/// The page for an error of the store or a request: the friendly 404 page, or the error's
/// messages (internal causes are logged where the error was made, never shown) with a link
/// back to the list when there is one.
fn failure(error: &ApiError, lang: Lang, back: Option<String>) -> Response {
    let status = error.status();
    if status == StatusCode::NOT_FOUND {
        return not_found(lang);
    }
    let t = Words::of(lang);
    let page = Message {
        t,
        title: if status == StatusCode::CONFLICT {
            t.not_saved_title
        } else {
            t.failed_title
        },
        lines: error.problems().iter().map(|p| p.text(lang)).collect(),
        back,
    };
    html(status, &page)
}

/// The addresses of a rater's pages, their parts percent-encoded.
struct Links {
    /// `/r/{token}`: the list.
    list: String,
}

impl Links {
    fn new(token: &str) -> Links {
        Links {
            list: format!("/r/{}", encode(token)),
        }
    }

    /// `/r/{token}/{assessee}`: a questionnaire, and where its form posts.
    fn questionnaire(&self, assessee: &str) -> String {
        format!("{}/{}", self.list, encode(assessee))
    }
}

/// `text` percent-encoded for a path segment or a query value: every byte but the
/// unreserved characters of RFC 3986.
fn encode(text: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_parts_are_percent_encoded() {
        assert_eq!(encode("aZ09-._~"), "aZ09-._~");
        assert_eq!(encode("a/b?c#d e"), "a%2Fb%3Fc%23d%20e");
        assert_eq!(encode("张"), "%E5%BC%A0");
    }
}
