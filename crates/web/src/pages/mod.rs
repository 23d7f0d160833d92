//! The server-rendered HTML pages: sign-in and each user's home, the HR console under `/hr/`,
//! the rater's list and questionnaires under `/r/{token}`, and the individual report pages
//! under `/reports/` (SPEC §7 Pages).
//!
//! Every page is a view struct holding a [`Layout`] — the reader's language, the title, the
//! signed-in user, the CSRF token of the session, the navigation and the language switch —
//! and its own data, rendered by askama into `templates/layout.html`. Templates name keys of
//! the catalogues, never a sentence. A page handler fails with a [`PageError`]; the
//! language middleware turns it (and any error answer made elsewhere on a page route) into
//! an HTML page in the reader's language, never JSON.

mod account;
mod analytics;
mod assign;
mod audit;
pub(crate) mod company;
mod console;
mod cycle;
mod downloads;
mod error;
mod home;
mod invalidations;
mod login;
mod model_import;
mod models;
pub(crate) mod people;
mod people_import;
mod privacy;
mod progress;
mod qr;
mod questionnaire;
pub(crate) mod rater;
pub(crate) mod report;
mod results;
mod results_table;
mod retention;
mod tally;
mod users;
pub(crate) mod wizard;

use askama::Template;
use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use yardstick_core::Lang;
use yardstick_i18n::{Key, k};

pub(crate) use audit::PAGE_SIZE as AUDIT_PAGE_SIZE;
pub(crate) use error::{PageError, PageFailure, failure_page};

use crate::assets;
use crate::lang;
use crate::state::AppState;

/// The pages' routes.
pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home::root))
        .route("/login", get(login::form).post(login::submit))
        .route("/logout", axum::routing::post(login::logout))
        .route("/home", get(home::home))
        .route(
            "/account/password",
            get(account::form).post(account::submit),
        )
        .route("/hr/", get(console::index))
        .route("/hr", get(console::to_index))
        // A cycle's summary, its state changes, progress, reminders and QR sheet.
        .route("/hr/cycles/{id}", get(cycle::summary))
        .route(
            "/hr/cycles/{id}/close",
            get(cycle::close_form).post(cycle::close),
        )
        .route(
            "/hr/cycles/{id}/publish",
            get(cycle::publish_form).post(cycle::publish),
        )
        .route("/hr/cycles/{id}/progress", get(progress::progress))
        .route(
            "/hr/cycles/{id}/progress/reopen",
            axum::routing::post(progress::reopen),
        )
        .route(
            "/hr/cycles/{id}/progress/remind",
            axum::routing::post(progress::remind_all),
        )
        .route("/hr/cycles/{id}/qr", get(qr::sheet))
        .route("/hr/people", get(people::list).post(people_import::post))
        .route("/hr/people/{id}", get(people::form).post(people::save))
        .route("/hr/users", get(users::list).post(users::create))
        .route("/hr/users/{id}", get(users::form).post(users::save))
        .route("/hr/users/{id}/password", axum::routing::post(users::reset))
        .route("/r/{token}", get(rater::list).post(privacy::acknowledge))
        .route(
            "/r/{token}/{assessee}",
            get(rater::questionnaire).post(rater::save),
        )
        .route("/reports/{cycle}/{assessee}", get(report::page))
        .route(
            "/reports/{cycle}/{assessee}/report.pdf",
            get(downloads::individual_pdf),
        )
        .route(
            "/reports/{cycle}/{assessee}/report.xlsx",
            get(downloads::individual_xlsx),
        )
        .route(
            "/reports/{cycle}/{assessee}/report.csv",
            get(downloads::individual_csv),
        )
        .route("/static/{file}", get(assets::serve))
        // Models, the cycle wizard and a cycle's assignments.
        .route("/hr/models", get(models::list))
        .route(
            "/hr/models/import",
            get(model_import::form).post(model_import::submit),
        )
        .route("/hr/models/{id}", get(models::show))
        .route("/hr/models/{id}/export", get(models::export))
        .route("/hr/cycles/new", get(wizard::form).post(wizard::submit))
        .route("/hr/cycles/{id}/assignments", get(assign::page))
        .route("/hr/cycles/{id}/assignments/auto", post(assign::auto))
        .route("/hr/cycles/{id}/assignments/add", post(assign::add))
        .route("/hr/cycles/{id}/assignments/remove", post(assign::remove))
        .route("/hr/cycles/{id}/notice", post(assign::notice))
        .route("/hr/cycles/{id}/open", post(assign::open))
        // The cycle's results with their downloads, and the audit log.
        .route("/hr/cycles/{id}/results", get(results::page))
        .route("/hr/cycles/{id}/analytics", get(analytics::page))
        .route("/hr/cycles/{id}/company", get(company::page))
        .route("/hr/cycles/{id}/company.pdf", get(downloads::company_pdf))
        .route("/hr/cycles/{id}/company.xlsx", get(downloads::company_xlsx))
        .route("/hr/cycles/{id}/company.csv", get(downloads::company_csv))
        .route("/hr/cycles/{id}/results.csv", get(results::csv))
        .route("/hr/cycles/{id}/results.xlsx", get(results::xlsx))
        .route("/hr/audit", get(audit::page))
        // Invalidated responses (rater quality).
        .route(
            "/hr/cycles/{id}/invalidations",
            get(invalidations::list).post(invalidations::invalidate),
        )
        .route(
            "/hr/cycles/{id}/invalidations/restore",
            post(invalidations::restore),
        )
        // Keeping personal data only as long as needed.
        .route(
            "/hr/cycles/{id}/retention",
            get(retention::page).post(retention::set_day),
        )
        .route("/hr/cycles/{id}/retention/purge", post(retention::purge))
        .route(
            "/hr/people/{id}/erase",
            get(retention::erase_form).post(retention::erase),
        )
}

/// How a page is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Frame {
    /// A rater's page: narrow, mobile first, no navigation.
    Rater,
    /// A console page: wide, with the navigation of the console.
    Console,
    /// A page of its own (sign-in, errors, a user's home).
    Plain,
}

/// One link of the navigation.
pub(crate) struct NavLink {
    /// Where it goes.
    pub href: &'static str,
    /// Its words.
    pub label: Key,
    /// Whether it is the page shown.
    pub current: bool,
}

/// What every page shares.
pub(crate) struct Layout {
    /// The reader's language.
    pub lang: Lang,
    /// The title (before the product's name).
    pub title: String,
    /// The frame.
    pub frame: Frame,
    /// The stylesheet's address.
    pub css: &'static str,
    /// The page's script, if it has one.
    pub script: Option<&'static str>,
    /// The address of this page in Chinese and in English.
    pub switch_zh: String,
    /// See `switch_zh`.
    pub switch_en: String,
    /// The signed-in user's name.
    pub user: Option<String>,
    /// The CSRF token of the session (for the logout form), or empty.
    pub csrf: String,
    /// The console's navigation, or empty.
    pub nav: Vec<NavLink>,
    /// For a page saved as a file: the stylesheet, written into the page, and no links
    /// back to the site (language switch, user, sign-out).
    pub inline_css: Option<&'static str>,
}

impl Layout {
    /// The layout of the page at `uri` in `lang`.
    pub(crate) fn new(lang: Lang, uri: &Uri, title: impl Into<String>, frame: Frame) -> Layout {
        let path = uri
            .path_and_query()
            .map_or("/", axum::http::uri::PathAndQuery::as_str);
        Layout {
            lang,
            title: title.into(),
            frame,
            css: assets::url("app.css"),
            script: None,
            switch_zh: switch_href(path, Lang::Zh),
            switch_en: switch_href(path, Lang::En),
            user: None,
            csrf: String::new(),
            nav: Vec::new(),
            inline_css: None,
        }
    }

    /// The same layout with a script.
    #[must_use]
    pub(crate) fn with_script(mut self, name: &str) -> Layout {
        self.script = Some(assets::url(name)).filter(|u| !u.is_empty());
        self
    }

    /// The `class` of the page's body.
    /// The layout of a page saved as a file (an export), in `lang`.
    pub(crate) fn file(lang: Lang, title: impl Into<String>, frame: Frame) -> Layout {
        let mut layout = Layout::new(lang, &Uri::from_static("/"), title, frame);
        layout.inline_css = Some(assets::APP_CSS);
        layout
    }

    pub(crate) fn body_class(&self) -> &'static str {
        match self.frame {
            Frame::Rater => "rater",
            Frame::Console => "console",
            Frame::Plain => "plain",
        }
    }
}

/// `path` with `lang=` set to `lang` in its query, the rest of the query kept.
fn switch_href(path: &str, lang: Lang) -> String {
    let (base, query) = path.split_once('?').unwrap_or((path, ""));
    let mut pairs: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("lang="))
        .collect();
    let chosen = format!("lang={}", lang.code());
    pairs.push(&chosen);
    format!("{base}?{}", pairs.join("&"))
}

/// A page visit: the reader's language and the address asked for.
pub(crate) struct Visit {
    /// The reader's language.
    pub lang: Lang,
    /// The address, path and query.
    pub uri: Uri,
}

impl<S: Send + Sync> FromRequestParts<S> for Visit {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Visit {
            lang: lang::of(&parts.uri, &parts.headers),
            uri: parts.uri.clone(),
        })
    }
}

impl Visit {
    /// The layout of this visit's page.
    pub(crate) fn layout(&self, title: impl Into<String>, frame: Frame) -> Layout {
        Layout::new(self.lang, &self.uri, title, frame)
    }
}

/// The page as an answer with `status`; a page that fails to render is logged and answered
/// with the error page.
pub(crate) fn html(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(body) => (status, Html(body)).into_response(),
        Err(cause) => {
            tracing::error!(%cause, "a page did not render");
            PageError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                yardstick_i18n::msg!("api.internal"),
            )
            .into_response()
        }
    }
}

/// The navigation of the console, with `current` marked.
pub(crate) fn console_nav(current: &str) -> Vec<NavLink> {
    [
        ("/hr/", k!("hr.nav.cycles")),
        ("/hr/cycles/new", k!("hr.wizard.nav")),
        ("/hr/people", k!("hr.people.nav")),
        ("/hr/models", k!("hr.models.nav")),
        ("/hr/users", k!("hr.users.nav")),
        ("/hr/audit", k!("hr.audit.nav")),
    ]
    .into_iter()
    .map(|(href, label)| NavLink {
        href,
        label,
        current: href == current,
    })
    .collect()
}

/// `text` percent-encoded for a path segment or a query value: every byte but the
/// unreserved characters of RFC 3986.
pub(crate) fn encode(text: &str) -> String {
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

    #[test]
    fn the_language_switch_keeps_the_rest_of_the_query() {
        assert_eq!(switch_href("/r/x", Lang::En), "/r/x?lang=en");
        assert_eq!(
            switch_href("/r/x?saved=M1&lang=zh", Lang::En),
            "/r/x?saved=M1&lang=en"
        );
        assert_eq!(
            switch_href("/login?next=%2Fhr%2F", Lang::Zh),
            "/login?next=%2Fhr%2F&lang=zh"
        );
    }
}
