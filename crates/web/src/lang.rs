//! The user's language, from `Accept-Language` (Chinese unless English is preferred), and
//! the middleware that answers every error in it (HTML pages write their own).

use std::sync::Arc;

use axum::extract::Request;
use axum::http::header::{ACCEPT_LANGUAGE, CONTENT_LENGTH, CONTENT_TYPE, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use yardstick_core::Lang;

use crate::error::ApiError;

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

/// Answers every error in the language the request prefers, and gives error answers made
/// elsewhere (no such path, method not allowed, body too large, timeout) the same shape.
pub(crate) async fn localize(request: Request, next: Next) -> Response {
    let lang = preferred(request.headers());
    let response = next.run(request).await;
    let rendered = if let Some(error) = response.extensions().get::<Arc<ApiError>>() {
        if lang == Lang::Zh {
            return response;
        }
        error.render(lang)
    } else {
        let status = response.status();
        // JSON errors and HTML pages (the rater's) are already written in the user's language.
        let is_ours = response.headers().get(CONTENT_TYPE).is_some_and(|v| {
            v.as_bytes().starts_with(b"application/json") || v.as_bytes().starts_with(b"text/html")
        });
        if !(status.is_client_error() || status.is_server_error()) || is_ours {
            return response;
        }
        generic(status).render(lang)
    };
    with_headers_of(&response, rendered)
}

/// The error answer for a status that came without one of ours.
fn generic(status: StatusCode) -> ApiError {
    let (zh, en) = match status {
        StatusCode::NOT_FOUND => ("没有这个地址", "there is nothing at this address"),
        StatusCode::METHOD_NOT_ALLOWED => (
            "这个地址不支持该请求方法",
            "this method is not allowed here",
        ),
        StatusCode::PAYLOAD_TOO_LARGE => (
            "请求内容过大(上限 16 MB)",
            "the request body is too large (the limit is 16 MB)",
        ),
        StatusCode::SERVICE_UNAVAILABLE | StatusCode::REQUEST_TIMEOUT => (
            "请求处理超时,请稍后再试",
            "the request took too long: please try again later",
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ("不支持的内容类型", "unsupported content type"),
        s if s.is_server_error() => ("服务器内部错误", "internal server error"),
        _ => ("请求有误", "bad request"),
    };
    ApiError::new(status, None, zh, en)
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

    fn of(value: &str) -> Lang {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT_LANGUAGE, HeaderValue::from_str(value).unwrap());
        preferred(&headers)
    }

    #[test]
    fn english_is_chosen_only_when_preferred() {
        assert_eq!(preferred(&HeaderMap::new()), Lang::Zh);
        assert_eq!(of("en-US,en;q=0.9"), Lang::En);
        assert_eq!(of("zh-CN,zh;q=0.9,en;q=0.8"), Lang::Zh);
        assert_eq!(of("en;q=0.5, zh-Hans;q=0.8"), Lang::Zh);
        assert_eq!(of("fr-FR, en;q=0.3"), Lang::En);
        assert_eq!(of("fr-FR"), Lang::Zh);
        assert_eq!(of("en;q=0, zh;q=0.1"), Lang::Zh);
        assert_eq!(of("EN"), Lang::En);
    }
}
