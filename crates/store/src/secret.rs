//! Secrets: the server secret that rater links are derived from, token hashing, random
//! tokens and password hashes.
//!
//! A rater's link carries a token derived from the server secret and a random seed stored
//! with the rater: `HMAC-SHA256(secret, seed)`, 144 bits. The database keeps the seed and a
//! SHA-256 hash of the token (for look-up), never the token, and the secret lives outside the
//! database; so a copy of the database alone yields no working link, while HR can list every
//! link again at any time.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::error::{Result, StoreError};

/// Bytes of a rater token (144 bits).
const TOKEN_BYTES: usize = 18;

/// The server secret (32 random bytes).
#[derive(Clone)]
pub struct Secret([u8; 32]);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

impl Secret {
    /// A new random secret.
    pub fn generate() -> Result<Secret> {
        let mut bytes = [0u8; 32];
        fill_random(&mut bytes)?;
        Ok(Secret(bytes))
    }

    /// The secret as text (64 hexadecimal digits), as kept in the configuration.
    pub fn to_text(&self) -> String {
        hex(&self.0)
    }

    /// Reads a secret written by [`Secret::to_text`].
    pub fn from_text(text: &str) -> Option<Secret> {
        let text = text.trim();
        if text.len() != 64 {
            return None;
        }
        let mut bytes = [0u8; 32];
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok()?;
        }
        Some(Secret(bytes))
    }

    /// The token of the rater with this seed.
    pub fn rater_token(&self, seed: &str) -> String {
        let digest = self.hmac(b"yardstick rater link\0", seed.as_bytes());
        URL_SAFE_NO_PAD.encode(&digest[..TOKEN_BYTES])
    }

    /// A value derived from the secret for one purpose (`purpose` names it, e.g.
    /// `"csrf session"`) and `data`: HMAC-SHA256, URL-safe base64. Every server configured
    /// with the same secret derives the same value.
    pub fn derive(&self, purpose: &str, data: &str) -> String {
        let mut label = purpose.as_bytes().to_vec();
        label.push(0);
        URL_SAFE_NO_PAD.encode(self.hmac(&label, data.as_bytes()))
    }

    fn hmac(&self, label: &[u8], data: &[u8]) -> [u8; 32] {
        // HMAC pads a key shorter than its block with zeros; padding it here gives the same
        // MAC through the constructor that cannot fail.
        let mut key = [0u8; 64];
        key[..32].copy_from_slice(&self.0);
        let mut mac = <Hmac<Sha256> as hmac::digest::KeyInit>::new(&key.into());
        mac.update(label);
        mac.update(data);
        mac.finalize().into_bytes().into()
    }
}

/// The look-up hash of a token: SHA-256, hexadecimal.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// A random token of `bytes` bytes, URL-safe base64.
pub fn random_token(bytes: usize) -> Result<String> {
    let mut buf = vec![0u8; bytes];
    fill_random(&mut buf)?;
    Ok(URL_SAFE_NO_PAD.encode(buf))
}

fn fill_random(buf: &mut [u8]) -> Result<()> {
    getrandom::fill(buf).map_err(|e| StoreError::Broken(format!("no random numbers: {e}")))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// An argon2 hash of a password (PHC string, salt included).
pub fn hash_password(password: &str) -> Result<String> {
    use argon2::password_hash::PasswordHasher;
    argon2::Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Broken(format!("cannot hash a password: {e}")))
}

/// Whether `password` matches a hash made by [`hash_password`].
pub fn verify_password(password: &str, hash: &str) -> bool {
    use argon2::password_hash::PasswordVerifier;
    argon2::Argon2::default()
        .verify_password(password.as_bytes(), hash)
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rater_tokens_depend_on_secret_and_seed_and_carry_144_bits() {
        let a = Secret::generate().unwrap();
        let b = Secret::generate().unwrap();
        let t = a.rater_token("seed-1");
        assert_eq!(t.len(), 24);
        assert_eq!(t, a.rater_token("seed-1"));
        assert_ne!(t, a.rater_token("seed-2"));
        assert_ne!(t, b.rater_token("seed-1"));
        assert_eq!(
            Secret::from_text(&a.to_text())
                .unwrap()
                .rater_token("seed-1"),
            t
        );
        assert!(Secret::from_text("nonsense").is_none());
    }

    #[test]
    fn passwords_verify_only_against_their_own_hash() {
        let h = hash_password("correct horse").unwrap();
        assert!(h.starts_with("$argon2"));
        assert!(verify_password("correct horse", &h));
        assert!(!verify_password("wrong", &h));
        assert!(!verify_password("x", "not a hash"));
    }
}
