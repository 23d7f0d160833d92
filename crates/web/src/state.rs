//! What every handler shares: the store and the site's settings.

use std::sync::Arc;

use yardstick_store::{Secret, Store};

/// How the application is reached and what it signs with.
#[derive(Clone, Debug)]
pub struct Config {
    /// The server secret; CSRF tokens are derived from it, so every server sharing one
    /// database (and secret) accepts the forms of the others.
    pub secret: Secret,
    /// The public URL people use (`https://360.example.com`), if configured: POSTs whose
    /// `Origin` is this site are accepted besides the host the request was sent to, and an
    /// `https` URL makes the session cookie `Secure` and adds HSTS.
    pub public_url: Option<String>,
    /// The SMTP server reminders are sent through, if configured.
    pub smtp: Option<crate::mail::Smtp>,
    /// The proxies (load balancers) whose `X-Forwarded-For` names the address of the
    /// client, for throttling; from any other peer the header is ignored.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The clock throttling windows are measured by.
    pub clock: crate::throttle::Clock,
}

impl Config {
    /// Settings with no public URL.
    pub fn new(secret: Secret) -> Config {
        Config {
            secret,
            public_url: None,
            smtp: None,
            trusted_proxies: Vec::new(),
            clock: crate::throttle::Clock::system(),
        }
    }

    /// The same settings with these trusted proxies.
    #[must_use]
    pub fn with_trusted_proxies(mut self, proxies: Vec<std::net::IpAddr>) -> Config {
        self.trusted_proxies = proxies;
        self
    }

    /// The same settings with another clock (tests move a manual one).
    #[must_use]
    pub fn with_clock(mut self, clock: crate::throttle::Clock) -> Config {
        self.clock = clock;
        self
    }

    /// The same settings with a public URL.
    #[must_use]
    pub fn with_public_url(mut self, url: impl Into<String>) -> Config {
        self.public_url = Some(url.into());
        self
    }

    /// The same settings with an SMTP server for reminders.
    #[must_use]
    pub fn with_smtp(mut self, smtp: crate::mail::Smtp) -> Config {
        self.smtp = Some(smtp);
        self
    }
}

/// The site's settings as the handlers use them.
#[derive(Debug)]
pub(crate) struct Site {
    /// What CSRF tokens are derived from.
    pub secret: Secret,
    /// The public URL's origin (`https://360.example.com`), in lower case, without a path.
    pub public_origin: Option<String>,
    /// Whether the public URL is https: cookies are `Secure` and HSTS is sent.
    pub https: bool,
    /// The public URL without a trailing `/`, which absolute links (rater links in
    /// reminders and on the QR sheet) start with.
    pub public_url: Option<String>,
    /// The SMTP server reminders go through, if configured.
    pub smtp: Option<crate::mail::Smtp>,
    /// The proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The clock of throttling.
    pub clock: crate::throttle::Clock,
}

impl Site {
    pub(crate) fn new(config: Config) -> Site {
        let public_origin = config.public_url.as_deref().and_then(origin_of);
        Site {
            https: public_origin
                .as_deref()
                .is_some_and(|o| o.starts_with("https://")),
            secret: config.secret,
            public_origin,
            public_url: config
                .public_url
                .as_deref()
                .map(|u| u.trim().trim_end_matches('/').to_string())
                .filter(|u| !u.is_empty()),
            smtp: config.smtp,
            trusted_proxies: config.trusted_proxies,
            clock: config.clock,
        }
    }
}

/// The origin of a URL: `scheme://host[:port]` in lower case, without a default port.
pub(crate) fn origin_of(url: &str) -> Option<String> {
    let url = url.trim().to_ascii_lowercase();
    let (scheme, rest) = url.split_once("://")?;
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    if host.is_empty() {
        return None;
    }
    let default_port = if scheme == "https" { ":443" } else { ":80" };
    let host = host.strip_suffix(default_port).unwrap_or(host);
    Some(format!("{scheme}://{host}"))
}

/// The application state handed to every handler.
#[derive(Clone)]
pub(crate) struct AppState {
    /// Where everything is kept.
    pub store: Arc<dyn Store>,
    /// The site's settings.
    pub site: Arc<Site>,
    /// The published cycles kept scored for their reports.
    pub reports: Arc<crate::reports::ReportCache>,
}

#[cfg(test)]
mod tests {
    use super::origin_of;

    #[test]
    fn origins_drop_paths_default_ports_and_case() {
        assert_eq!(
            origin_of("HTTPS://360.Example.com/path?q"),
            Some("https://360.example.com".to_string())
        );
        assert_eq!(
            origin_of("http://127.0.0.1:8080"),
            Some("http://127.0.0.1:8080".to_string())
        );
        assert_eq!(
            origin_of("https://a.example:443/"),
            Some("https://a.example".to_string())
        );
        assert_eq!(origin_of("ftp://x"), None);
        assert_eq!(origin_of("nonsense"), None);
    }
}
