//! The site's static files (stylesheet, scripts), compiled into the binary and served under
//! `/static/` with the first digits of their SHA-256 in the name (`app.1a2b3c4d5e.css`), so
//! that browsers may keep them for a year and a new release is fetched at once. The plain
//! name is served too, without long caching, and so is a hashed name of another release
//! (`app.0f1e2d3c4b.css`): while several servers behind a load balancer are upgraded one at a
//! time, a page from a server of one release may have its stylesheet asked of a server of
//! the other, which answers with its own file rather than 404, and not for keeping.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// One file.
struct File {
    name: &'static str,
    media_type: &'static str,
    bytes: &'static [u8],
}

/// The stylesheet, for pages saved as files (they carry it inside).
pub(crate) const APP_CSS: &str = include_str!("../static/app.css");

const FILES: [File; 2] = [
    File {
        name: "app.css",
        media_type: "text/css; charset=utf-8",
        bytes: APP_CSS.as_bytes(),
    },
    File {
        name: "rater.js",
        media_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../static/rater.js"),
    },
];

/// A file with its hashed name.
struct Served {
    file: &'static File,
    hashed: String,
    etag: String,
    url: String,
}

static SERVED: LazyLock<Vec<Served>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|file| {
            let digest = Sha256::digest(file.bytes);
            let hash: String = digest[..5].iter().map(|b| format!("{b:02x}")).collect();
            let (stem, ext) = file.name.rsplit_once('.').unwrap_or((file.name, ""));
            let hashed = format!("{stem}.{hash}.{ext}");
            Served {
                file,
                url: format!("/static/{hashed}"),
                etag: format!("\"{hash}\""),
                hashed,
            }
        })
        .collect()
});

/// The address of a static file, e.g. `url("app.css")` → `/static/app.1a2b3c4d5e.css`.
pub(crate) fn url(name: &str) -> &'static str {
    SERVED
        .iter()
        .find(|s| s.file.name == name)
        .map_or("", |s| s.url.as_str())
}

/// `GET /static/{file}`.
pub(crate) async fn serve(Path(name): Path<String>, headers: HeaderMap) -> Response {
    let unhashed = without_hash(&name);
    let Some((served, cache)) = SERVED.iter().find_map(|s| {
        if s.hashed == name {
            Some((s, "public, max-age=31536000, immutable"))
        } else if s.file.name == name {
            Some((s, "public, max-age=300"))
        } else if unhashed.as_deref() == Some(s.file.name) {
            // Another release's version of this file: this one, to be asked again next time.
            Some((s, "no-cache"))
        } else {
            None
        }
    }) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let etag = HeaderValue::from_str(&served.etag).unwrap_or(HeaderValue::from_static("\"\""));
    let fresh = headers
        .get(IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == served.etag.as_bytes());
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(CONTENT_TYPE, served.file.media_type)], served.file.bytes).into_response()
    };
    let h = response.headers_mut();
    h.insert(CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(ETAG, etag);
    response
}

/// The plain name of a hashed one: `app.0f1e2d3c4b.css` → `app.css`, for any 10 hexadecimal
/// digits (the hash of some release's file).
fn without_hash(name: &str) -> Option<String> {
    let (rest, ext) = name.rsplit_once('.')?;
    let (stem, hash) = rest.rsplit_once('.')?;
    (hash.len() == 10 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| format!("{stem}.{ext}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_of_any_release_come_back_to_the_plain_name() {
        assert_eq!(
            without_hash("app.0f1e2d3c4b.css").as_deref(),
            Some("app.css")
        );
        assert_eq!(
            without_hash("rater.aaaaaaaaaa.js").as_deref(),
            Some("rater.js")
        );
        assert_eq!(without_hash("app.css"), None);
        assert_eq!(without_hash("app.0f1e2d3c4.css"), None);
        assert_eq!(without_hash("app.0f1e2d3c4g.css"), None);
    }

    #[test]
    fn the_stylesheet_closes_every_block_it_opens() {
        let css = std::str::from_utf8(FILES[0].bytes).unwrap_or_default();
        assert_eq!(FILES[0].name, "app.css");
        let mut depth = 0i32;
        for (n, line) in css.lines().enumerate() {
            for c in line.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
            }
            assert!(
                depth >= 0,
                "line {}: a block closed that was not open",
                n + 1
            );
            // Every commented part starts outside any block, so no part ends up inside an
            // `@media` of another.
            if line.starts_with("/* ---") {
                assert_eq!(depth, 0, "line {} starts a part inside a block", n + 1);
            }
        }
        assert_eq!(depth, 0, "a block is left open");
    }

    #[test]
    fn every_file_has_a_hashed_address() {
        for file in &FILES {
            let u = url(file.name);
            assert!(
                u.starts_with("/static/") && u.len() > file.name.len() + 18,
                "{u}"
            );
        }
        assert_eq!(url("missing.css"), "");
    }
}
