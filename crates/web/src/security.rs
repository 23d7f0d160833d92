//! The site's safety (SPEC §7 Safety): a POST, PUT, PATCH or DELETE whose `Origin` names
//! another site — neither the host the request was sent to nor the configured public URL —
//! is refused with 403 before anything runs; and every answer carries the security headers:
//! `X-Content-Type-Options: nosniff` everywhere, `Cache-Control: no-store` on the API and on
//! pages (which hold personal data), a Content-Security-Policy that allows scripts and styles
//! only from the site's own files (no inline script), no framing, a referrer policy (none at
//! all on rater pages, whose address holds the rater's token), and HSTS when the public URL
//! is https.

use axum::extract::{Request, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, HOST, ORIGIN, REFERRER_POLICY,
    STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use yardstick_i18n::msg;

use crate::error::ApiError;
use crate::lang::is_api;
use crate::pages::{PageFailure, failure_page};
use crate::state::{AppState, Site, origin_of};

/// Scripts, styles and images only from the site itself; forms only to it; no framing.
const CONTENT_SECURITY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; \
     frame-ancestors 'none'";

/// Whether a request changes something.
fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Whether the request's `Origin` names another site. A request without `Origin` (a
/// script, `curl`) names none and is not refused here. Browsers send `Origin: null` for
/// the forms of a page whose referrer policy is `no-referrer`, as the rater's pages are
/// (their address holds the rater's token), and also for sandboxed frames: `null` is
/// refused only when the browser's `Sec-Fetch-Site` says the request came from another
/// site. The CSRF token every form carries, and the session cookie's `SameSite=Lax`,
/// still stand in the way of another site.
pub(crate) fn is_cross_site(headers: &HeaderMap, site: &Site) -> bool {
    let Some(origin) = headers.get(ORIGIN) else {
        return false;
    };
    if origin.as_bytes().eq_ignore_ascii_case(b"null") {
        return headers
            .get("sec-fetch-site")
            .is_some_and(|f| f.as_bytes() == b"cross-site" || f.as_bytes() == b"same-site");
    }
    let Some(origin) = origin.to_str().ok().and_then(origin_of) else {
        return true;
    };
    if site.public_origin.as_deref() == Some(origin.as_str()) {
        return false;
    }
    // The host the request was sent to, seen through the origin's scheme (which drops a
    // default port the same way).
    let scheme = origin.split("://").next().unwrap_or("http");
    let this_host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| origin_of(&format!("{scheme}://{h}")));
    this_host.as_deref() != Some(origin.as_str())
}

/// Refuses cross-site changes and adds the security headers to every answer.
pub(crate) async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let api = is_api(&path);
    if is_unsafe(request.method()) && is_cross_site(request.headers(), &state.site) {
        tracing::warn!("refused a cross-site request");
        let lang = crate::lang::of(request.uri(), request.headers());
        let mut refused = if api {
            ApiError::of(StatusCode::FORBIDDEN, None, msg!("api.cross_site")).render(lang)
        } else {
            let failure = PageFailure::line(StatusCode::FORBIDDEN, msg!("page.cross_site"));
            let path = request
                .uri()
                .path_and_query()
                .map_or("/", axum::http::uri::PathAndQuery::as_str);
            failure_page(&failure, lang, path)
        };
        protect(refused.headers_mut(), &path, &state.site);
        return refused;
    }
    let mut response = next.run(request).await;
    protect(response.headers_mut(), &path, &state.site);
    response
}

/// The security headers of an answer to `path`.
fn protect(headers: &mut HeaderMap, path: &str, site: &Site) {
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if site.https {
        headers.insert(
            STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    let html = headers
        .get(CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if is_api(path) || html {
        // Static files set their own caching; everything else is someone's data.
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if !is_api(path) {
        headers.insert(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY),
        );
        headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        let referrer = if path.starts_with("/r/") {
            "no-referrer"
        } else {
            "same-origin"
        };
        headers.insert(REFERRER_POLICY, HeaderValue::from_static(referrer));
    } else if path.starts_with("/api/v1/r/") {
        headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    }
}

#[cfg(test)]
mod tests {
    use yardstick_store::Secret;

    use super::*;
    use crate::state::Config;

    fn site(public: Option<&str>) -> Site {
        let mut config = Config::new(Secret::generate().unwrap());
        config.public_url = public.map(str::to_string);
        Site::new(config)
    }

    fn headers(host: &str, origin: Option<&str>) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(HOST, HeaderValue::from_str(host).unwrap());
        if let Some(o) = origin {
            h.insert(ORIGIN, HeaderValue::from_str(o).unwrap());
        }
        h
    }

    #[test]
    fn only_the_host_asked_and_the_public_url_count_as_this_site() {
        let local = site(None);
        assert!(!is_cross_site(&headers("127.0.0.1:8080", None), &local));
        assert!(!is_cross_site(
            &headers("127.0.0.1:8080", Some("http://127.0.0.1:8080")),
            &local
        ));
        assert!(is_cross_site(
            &headers("127.0.0.1:8080", Some("http://evil.example")),
            &local
        ));
        assert!(!is_cross_site(
            &headers("127.0.0.1:8080", Some("null")),
            &local
        ));
        let mut sandboxed = headers("127.0.0.1:8080", Some("null"));
        sandboxed.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(is_cross_site(&sandboxed, &local));
        assert!(is_cross_site(
            &headers("127.0.0.1:8080", Some("http://127.0.0.1:9090")),
            &local
        ));
        let public = site(Some("https://360.example.com/"));
        assert!(!is_cross_site(
            &headers("10.0.0.5:8080", Some("https://360.example.com")),
            &public
        ));
        assert!(!is_cross_site(
            &headers("360.example.com", Some("https://360.example.com:443")),
            &public
        ));
        assert!(is_cross_site(
            &headers("10.0.0.5:8080", Some("https://other.example.com")),
            &public
        ));
    }
}
