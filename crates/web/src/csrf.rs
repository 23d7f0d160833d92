//! CSRF tokens (SPEC §7 Safety). Every HTML form that changes something carries a hidden
//! field `csrf` whose value is derived from the server secret and what the form acts for:
//! the session (console forms, logout), the rater's token (questionnaires), or a random value
//! kept in a short cookie (the login form, before any session exists). A form whose token is
//! missing or wrong changes nothing. Since the tokens are derived, not stored, every server
//! sharing the secret accepts them, and they survive restarts.

use yardstick_store::Secret;

/// The name of the form field.
pub(crate) const FIELD: &str = "csrf";

/// The cookie that ties the login form to the browser that asked for it.
pub(crate) const LOGIN_COOKIE: &str = "yardstick_login";

/// The token of the forms of a session.
pub(crate) fn for_session(secret: &Secret, session: &str) -> String {
    secret.derive("csrf session", session)
}

/// The token of a rater's forms.
pub(crate) fn for_rater(secret: &Secret, rater: &str) -> String {
    secret.derive("csrf rater", rater)
}

/// The token of the login form shown with the nonce of the login cookie.
pub(crate) fn for_login(secret: &Secret, nonce: &str) -> String {
    secret.derive("csrf login", nonce)
}

/// Whether `given` is `expected`, compared in constant time.
pub(crate) fn matches(expected: &str, given: Option<&str>) -> bool {
    let Some(given) = given else {
        return false;
    };
    let (a, b) = (expected.as_bytes(), given.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_depend_on_the_secret_and_on_what_they_act_for() {
        let secret = Secret::generate().unwrap();
        let other = Secret::generate().unwrap();
        let t = for_session(&secret, "s1");
        assert!(matches(&t, Some(&for_session(&secret, "s1"))));
        assert!(!matches(&t, Some(&for_session(&secret, "s2"))));
        assert!(!matches(&t, Some(&for_session(&other, "s1"))));
        assert!(!matches(&t, Some(&for_rater(&secret, "s1"))));
        assert!(!matches(&t, None));
        assert!(!matches(&t, Some("")));
    }
}
