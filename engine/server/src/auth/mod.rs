//! Who is calling and what they may do: API keys (`[[auth.keys]]`), roles, and the checks every
//! gRPC call and every `/v1` request passes before a handler sees it.
//!
//! - [`table`]: the one table of which roles may call each gRPC method and HTTP route. A call
//!   missing from it is refused (fail closed); a test walks every method of the proto
//!   descriptors and every route of the OpenAPI document against it.
//! - [`grpc`]: the tower layer in front of every gRPC service.
//! - [`http`]: the axum layer in front of the HTTP routes: bearer or dashboard session, and with
//!   auth off the loopback guard (`Host` and `Origin` checks against DNS rebinding and
//!   cross-site requests).
//! - [`session`]: the dashboard's sign-in (`/v1/auth/session`) and its cookie sessions.
//! - [`workers`]: which key registered which worker id, so that no key acts as another's worker.
//!
//! The authenticated [`Principal`] goes into the request's extensions for handlers: approvals
//! record its name as who decided, workspace events as the actor.

pub mod grpc;
pub mod http;
pub mod session;
pub mod table;
pub mod workers;

use std::sync::Arc;

use aether_types::{
    auth::{Role, key_digest, parse_digest},
    config::{Config, is_loopback_host},
};
use subtle::ConstantTimeEq;

pub use table::RoleSet;

/// Who is calling: the key's name (`None` when auth is off, where every caller may do
/// everything) and its roles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub name: Option<Arc<str>>,
    pub roles: RoleSet,
}

impl Principal {
    /// The caller of a server without keys.
    pub fn anonymous() -> Self {
        Self {
            name: None,
            roles: RoleSet::of(&[Role::Admin]),
        }
    }

    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }
}

/// Why a call was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Denied {
    /// No key, or one no `[[auth.keys]]` entry matches: gRPC UNAUTHENTICATED, HTTP 401.
    Unauthenticated(String),
    /// The key lacks the role, or the call is not in the role table: PERMISSION_DENIED, 403.
    PermissionDenied(String),
}

impl Denied {
    pub fn message(&self) -> &str {
        match self {
            Denied::Unauthenticated(m) | Denied::PermissionDenied(m) => m,
        }
    }
}

impl From<Denied> for tonic::Status {
    fn from(denied: Denied) -> Self {
        match denied {
            Denied::Unauthenticated(m) => tonic::Status::unauthenticated(m),
            Denied::PermissionDenied(m) => tonic::Status::permission_denied(m),
        }
    }
}

struct Key {
    name: Arc<str>,
    digest: [u8; 32],
    roles: RoleSet,
}

struct Inner {
    keys: Vec<Key>,
    /// With auth off on a loopback address: the `Host` names the HTTP API answers to.
    loopback_guard: Option<Vec<String>>,
    /// Under `[server.tls]` the session cookie is `Secure`: never sent over plaintext.
    secure_cookie: bool,
    sessions: session::Sessions,
    workers: workers::WorkerOwners,
}

/// The server's keys and what it knows of its callers. Cheap to clone.
#[derive(Clone)]
pub struct Auth(Arc<Inner>);

impl Auth {
    /// From a validated configuration (`Config::validate` checked every digest).
    pub fn new(config: &Config) -> Self {
        let keys = config
            .auth
            .keys
            .iter()
            .filter_map(|key| {
                Some(Key {
                    name: Arc::from(key.name.as_str()),
                    digest: parse_digest(&key.sha256)?,
                    roles: RoleSet::of(&key.roles),
                })
            })
            .collect::<Vec<_>>();
        let loopback_guard =
            (keys.is_empty() && is_loopback_host(&config.server.host)).then(|| {
                config
                    .auth
                    .allowed_hosts
                    .iter()
                    .map(|h| h.to_ascii_lowercase())
                    .collect()
            });
        Self(Arc::new(Inner {
            keys,
            loopback_guard,
            secure_cookie: config.server.tls.is_some(),
            sessions: session::Sessions::default(),
            workers: workers::WorkerOwners::default(),
        }))
    }

    /// A server without keys on loopback: what `Config::default()` gives.
    pub fn off() -> Self {
        Self::new(&Config::default())
    }

    pub fn enabled(&self) -> bool {
        !self.0.keys.is_empty()
    }

    /// The attributes of the session cookie beyond its value (`Secure` under TLS).
    pub(crate) fn cookie_attributes(&self) -> &'static str {
        if self.0.secure_cookie {
            "HttpOnly; SameSite=Strict; Path=/; Secure"
        } else {
            "HttpOnly; SameSite=Strict; Path=/"
        }
    }

    /// The key whose digest matches `key`'s. Every configured digest is compared, each in
    /// constant time, so the time taken says nothing about which bytes matched.
    pub fn authenticate(&self, key: &str) -> Option<Principal> {
        let digest = key_digest(key);
        let mut found = None;
        for candidate in &self.0.keys {
            if bool::from(candidate.digest.ct_eq(&digest)) {
                found = Some(Principal {
                    name: Some(Arc::clone(&candidate.name)),
                    roles: candidate.roles,
                });
            }
        }
        found
    }

    /// The caller named by an `authorization: Bearer KEY` header value, if one was sent.
    pub fn bearer(&self, header: Option<&[u8]>) -> Result<Option<Principal>, Denied> {
        let Some(value) = header else {
            return Ok(None);
        };
        let key = std::str::from_utf8(value)
            .ok()
            .and_then(|v| {
                let (scheme, key) = v.trim().split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then(|| key.trim())
            })
            .ok_or_else(|| {
                Denied::Unauthenticated("the authorization header must be `Bearer <key>`".into())
            })?;
        self.authenticate(key)
            .map(Some)
            .ok_or_else(|| Denied::Unauthenticated("the API key is not valid".into()))
    }

    /// Whether `caller` may make the call `what`, which needs one of the roles `needed` (or
    /// admin). `None`: the call is not in the role table, so no key may make it.
    pub fn authorize(
        &self,
        caller: Option<Principal>,
        needed: Option<RoleSet>,
        what: &str,
    ) -> Result<Principal, Denied> {
        if !self.enabled() {
            return Ok(Principal::anonymous());
        }
        let Some(caller) = caller else {
            return Err(Denied::Unauthenticated(format!(
                "{what} needs an API key: send `authorization: Bearer <key>`"
            )));
        };
        match needed {
            Some(needed) if caller.roles.allows(needed) => Ok(caller),
            Some(needed) => Err(Denied::PermissionDenied(format!(
                "key {:?} (roles: {}) may not call {what}; it needs one of: {}",
                caller.name().unwrap_or_default(),
                caller.roles,
                needed.with(Role::Admin),
            ))),
            None => Err(Denied::PermissionDenied(format!(
                "{what} is not in the role table, so no key may call it"
            ))),
        }
    }

    pub(crate) fn sessions(&self) -> &session::Sessions {
        &self.0.sessions
    }

    pub fn workers(&self) -> &workers::WorkerOwners {
        &self.0.workers
    }

    pub(crate) fn loopback_guard(&self) -> Option<&[String]> {
        self.0.loopback_guard.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use aether_types::{
        auth::key_digest_hex,
        config::{AuthConfig, KeyConfig},
    };

    use super::*;

    fn auth() -> Auth {
        let config = Config {
            auth: AuthConfig {
                keys: vec![
                    KeyConfig {
                        name: "ci".into(),
                        sha256: key_digest_hex("aek_ci"),
                        roles: vec![Role::Worker],
                    },
                    KeyConfig {
                        name: "ops".into(),
                        sha256: key_digest_hex("aek_ops").to_uppercase(),
                        roles: vec![Role::Admin],
                    },
                ],
                ..AuthConfig::default()
            },
            ..Config::default()
        };
        Auth::new(&config)
    }

    #[test]
    fn keys_are_found_by_their_digest() {
        let auth = auth();
        assert_eq!(auth.authenticate("aek_ci").unwrap().name(), Some("ci"));
        assert_eq!(auth.authenticate("aek_ops").unwrap().name(), Some("ops"));
        assert!(auth.authenticate("aek_other").is_none());
        assert!(auth.authenticate("").is_none());
    }

    #[test]
    fn the_bearer_header_is_parsed_strictly() {
        let auth = auth();
        let name = |h: &str| auth.bearer(Some(h.as_bytes())).map(|p| p.unwrap().name);
        assert_eq!(name("Bearer aek_ci").unwrap().as_deref(), Some("ci"));
        assert_eq!(name("bearer  aek_ci ").unwrap().as_deref(), Some("ci"));
        assert!(matches!(
            name("Basic aek_ci"),
            Err(Denied::Unauthenticated(_))
        ));
        assert!(matches!(name("aek_ci"), Err(Denied::Unauthenticated(_))));
        assert!(matches!(
            name("Bearer nope"),
            Err(Denied::Unauthenticated(_))
        ));
        assert_eq!(auth.bearer(None), Ok(None));
    }

    #[test]
    fn roles_decide_and_admin_may_do_everything() {
        let auth = auth();
        let worker = auth.authenticate("aek_ci");
        let admin = auth.authenticate("aek_ops");
        let needs_client = Some(RoleSet::of(&[Role::Client]));
        assert!(matches!(
            auth.authorize(worker.clone(), needs_client, "x"),
            Err(Denied::PermissionDenied(_))
        ));
        assert!(auth.authorize(admin.clone(), needs_client, "x").is_ok());
        assert!(matches!(
            auth.authorize(admin, None, "x"),
            Err(Denied::PermissionDenied(_))
        ));
        assert!(matches!(
            auth.authorize(None, needs_client, "x"),
            Err(Denied::Unauthenticated(_))
        ));
        // Without keys every caller may do everything.
        assert_eq!(
            Auth::off().authorize(None, None, "x"),
            Ok(Principal::anonymous())
        );
    }
}
