//! The reader's language and the middleware that answers every error in it.
//!
//! The language of a request is, in this order: `?lang=zh|en` (which is then remembered in
//! the cookie `yardstick_lang` for a year), the cookie, `Accept-Language` (Chinese unless
//! English is preferred). API errors are JSON in that language; every other path gets an
//! HTML page, never raw JSON — also for answers made elsewhere (no such path, method not
//! allowed, body too large, timeout).

use std::sync::Arc;

use axum::extract::Request;
use axum::http::header::{
    ACCEPT_LANGUAGE, CONTENT_LENGTH, CONTENT_TYPE, COOKIE, SET_COOKIE, WWW_AUTHENTICATE,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::Response;
use yardstick_core::Lang;
use yardstick_i18n::{Message, msg};

use crate::error::ApiError;
use crate::pages::{self, PageFailure};

/// The cookie that remembers the language chosen with the switch.
pub(crate) const LANG_COOKIE: &str = "yardstick_lang";

/// The language the request prefers: of the languages named in `Accept-Language` that
/// Yardstick speaks (Chinese, English), the one with the highest quality, the first named on
/// a tie; Chinese when the header names neither.
pub(crate) fn preferred(headers: &HeaderMap) -> Lang {
    headers
        .get_all(ACCEPT_LANGUAGE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|entry| {
            let mut parts = entry.split(';');
            let tag = parts.next()?.trim();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let lang = match tag.get(..2).map(str::to_ascii_lowercase).as_deref() {
                Some("zh") => Lang::Zh,
                Some("en") => Lang::En,
                _ => return None,
            };
            (q > 0.0).then_some((lang, q))
        })
        .fold(None, |best: Option<(Lang, f32)>, (lang, q)| match best {
            Some((_, bq)) if bq >= q => best,
            _ => Some((lang, q)),
        })
        .map_or(Lang::Zh, |(lang, _)| lang)
}

/// The language `?lang=` asks for, if any.
pub(crate) fn asked(uri: &Uri) -> Option<Lang> {
    uri.query()?
        .split('&')
        .filter_map(|pair| pair.strip_prefix("lang="))
        .find_map(|v| match v {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        })
}

/// The language the cookie remembers, if any.
fn remembered(headers: &HeaderMap) -> Option<Lang> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().strip_prefix(LANG_COOKIE)?.strip_prefix('='))
        .find_map(|v| match v.trim() {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        })
}

/// The language of a request: `?lang=`, else the cookie, else `Accept-Language`.
pub(crate) fn of(uri: &Uri, headers: &HeaderMap) -> Lang {
    asked(uri)
        .or_else(|| remembered(headers))
        .unwrap_or_else(|| preferred(headers))
}

/// Whether a path is the JSON API's.
pub(crate) fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// Answers every error in the reader's language — JSON under `/api/`, an HTML page
/// elsewhere — and remembers a language chosen with `?lang=`.
pub(crate) async fn localize(request: Request, next: Next) -> Response {
    let lang = of(request.uri(), request.headers());
    let chosen = asked(request.uri());
    let api = is_api(request.uri().path());
    let path = request
        .uri()
        .path_and_query()
        .map_or_else(|| "/".to_string(), |p| p.as_str().to_string());
    let mut response = localized(next.run(request).await, lang, api, &path);
    if let Some(lang) = chosen {
        let cookie = format!(
            "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            lang.code()
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}

fn localized(response: Response, lang: Lang, api: bool, path: &str) -> Response {
    let status = response.status();
    if let Some(failure) = response.extensions().get::<Arc<PageFailure>>().cloned() {
        return with_headers_of(&response, pages::failure_page(&failure, lang, path));
    }
    if let Some(error) = response.extensions().get::<Arc<ApiError>>().cloned() {
        let rendered = if api {
            error.render(lang)
        } else {
            let failure = PageFailure::from_api(&error);
            pages::failure_page(&failure, lang, path)
        };
        return with_headers_of(&response, rendered);
    }
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    // JSON errors and HTML pages of ours are already written in the reader's language.
    let is_ours = response.headers().get(CONTENT_TYPE).is_some_and(|v| {
        v.as_bytes().starts_with(b"application/json") || v.as_bytes().starts_with(b"text/html")
    });
    if is_ours {
        return response;
    }
    let rendered = if api {
        ApiError::of(status, None, generic(status)).render(lang)
    } else {
        pages::failure_page(&PageFailure::status(status), lang, path)
    };
    with_headers_of(&response, rendered)
}

/// What an error answer made without words of ours says.
pub(crate) fn generic(status: StatusCode) -> Message {
    match status {
        StatusCode::NOT_FOUND => msg!("api.no_such_address"),
        StatusCode::METHOD_NOT_ALLOWED => msg!("api.method_not_allowed"),
        StatusCode::PAYLOAD_TOO_LARGE => msg!("api.too_large", limit = crate::BODY_LIMIT_MB),
        StatusCode::SERVICE_UNAVAILABLE | StatusCode::REQUEST_TIMEOUT => msg!("api.timeout"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => msg!("api.unsupported_media"),
        StatusCode::FORBIDDEN => msg!("api.forbidden"),
        s if s.is_server_error() => msg!("api.internal"),
        _ => msg!("api.bad_request"),
    }
}

/// `rendered`, with the headers of `original` other than those describing its body (such as
/// `Allow` or `Set-Cookie`).
fn with_headers_of(original: &Response, mut rendered: Response) -> Response {
    for (name, value) in original.headers() {
        if name != CONTENT_TYPE && name != CONTENT_LENGTH && name != WWW_AUTHENTICATE {
            rendered.headers_mut().append(name.clone(), value.clone());
        }
    }
    rendered
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn of_header(value: &str) -> Lang {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT_LANGUAGE, HeaderValue::from_str(value).unwrap());
        preferred(&headers)
    }

    #[test]
    fn english_is_chosen_only_when_preferred() {
        assert_eq!(preferred(&HeaderMap::new()), Lang::Zh);
        assert_eq!(of_header("en-US,en;q=0.9"), Lang::En);
        assert_eq!(of_header("zh-CN,zh;q=0.9,en;q=0.8"), Lang::Zh);
        assert_eq!(of_header("en;q=0.5, zh-Hans;q=0.8"), Lang::Zh);
        assert_eq!(of_header("fr-FR, en;q=0.3"), Lang::En);
        assert_eq!(of_header("fr-FR"), Lang::Zh);
        assert_eq!(of_header("en;q=0, zh;q=0.1"), Lang::Zh);
        assert_eq!(of_header("EN"), Lang::En);
    }

    #[test]
    fn the_query_wins_over_the_cookie_which_wins_over_the_header() {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT_LANGUAGE, HeaderValue::from_static("en"));
        let uri: Uri = "/x".parse().unwrap();
        assert_eq!(of(&uri, &headers), Lang::En);
        headers.insert(COOKIE, HeaderValue::from_static("a=b; yardstick_lang=zh"));
        assert_eq!(of(&uri, &headers), Lang::Zh);
        let uri: Uri = "/x?saved=1&lang=en".parse().unwrap();
        assert_eq!(of(&uri, &headers), Lang::En);
        let uri: Uri = "/x?lang=fr".parse().unwrap();
        assert_eq!(of(&uri, &headers), Lang::Zh);
    }
}
