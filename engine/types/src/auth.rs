//! API keys and roles (SPEC section 7): what a `[[auth.keys]]` entry grants, how a key is made,
//! and the digest the configuration stores instead of the key.
//!
//! A key is `aek_` and 43 characters of base64url (32 random bytes). Only its SHA-256 is ever
//! written down; the server compares digests, so the key itself is never stored or logged.

use std::{fmt, str::FromStr};

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// What every key begins with, so that a leaked one is recognisable (and scannable).
pub const KEY_PREFIX: &str = "aek_";

/// What a key may do. `Admin` may do everything; the table of which call needs which role is
/// the server's (`engine/server/src/auth/table.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Admin,
    /// Starts, signals and cancels workflows; schedules; workspaces; reads.
    Client,
    /// Registers, polls, heartbeats and reports tasks; the workspace API its steps use.
    Worker,
    /// Decides approvals; reads.
    Approver,
    /// Reads only.
    Reader,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Client,
        Role::Worker,
        Role::Approver,
        Role::Reader,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Client => "client",
            Role::Worker => "worker",
            Role::Approver => "approver",
            Role::Reader => "reader",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role {0:?}; expected admin, client, worker, approver or reader")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == s.trim())
            .ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

/// A fresh key from the operating system's random source.
pub fn generate_key() -> Result<String, getrandom::Error> {
    Ok(format!("{KEY_PREFIX}{}", random_token()?))
}

/// 32 random bytes as base64url without padding (43 characters): a key's body, or a session
/// token.
pub fn random_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// The SHA-256 of a key, what the server compares.
pub fn key_digest(key: &str) -> [u8; 32] {
    Sha256::digest(key.as_bytes()).into()
}

/// The SHA-256 of a key in lowercase hex, what `[[auth.keys]] sha256` holds.
pub fn key_digest_hex(key: &str) -> String {
    key_digest(key).iter().map(|b| format!("{b:02x}")).collect()
}

/// Parses a configured `sha256` (64 hex digits, either case).
pub fn parse_digest(hex: &str) -> Option<[u8; 32]> {
    let hex = hex.as_bytes();
    if hex.len() != 64 {
        return None;
    }
    let mut digest = [0u8; 32];
    for (byte, pair) in digest.iter_mut().zip(hex.chunks(2)) {
        let high = char::from(pair[0]).to_digit(16)?;
        let low = char::from(pair[1]).to_digit(16)?;
        *byte = u8::try_from(high * 16 + low).ok()?;
    }
    Some(digest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_has_the_prefix_and_43_base64url_characters() {
        let key = generate_key().unwrap();
        let body = key.strip_prefix(KEY_PREFIX).unwrap();
        assert_eq!(body.len(), 43);
        assert!(
            body.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert_ne!(key, generate_key().unwrap());
    }

    #[test]
    fn the_hex_digest_parses_back() {
        let hex = key_digest_hex("aek_x");
        assert_eq!(hex.len(), 64);
        assert_eq!(parse_digest(&hex), Some(key_digest("aek_x")));
        assert_eq!(parse_digest(&hex.to_uppercase()), Some(key_digest("aek_x")));
        assert_eq!(parse_digest(&hex[..62]), None);
        assert_eq!(parse_digest(&format!("{}zz", &hex[..62])), None);
    }

    #[test]
    fn roles_parse_by_name() {
        assert_eq!("worker".parse::<Role>(), Ok(Role::Worker));
        let err = "root".parse::<Role>().unwrap_err().to_string();
        assert!(err.contains("root") && err.contains("approver"), "{err}");
    }
}
