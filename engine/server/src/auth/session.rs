//! The dashboard's sign-in: `POST /v1/auth/session` with a key sets an HttpOnly, SameSite=Strict
//! cookie naming a session this server keeps in memory (12 hours); `GET` says who is signed in
//! (or that auth is off); `DELETE` signs out. A browser cannot keep a bearer key safe from the
//! page's scripts, so the key goes over once and only an opaque token is kept.

use std::{
    collections::HashMap,
    sync::{Mutex, PoisonError},
    time::{Duration, Instant},
};

use aether_types::auth::{key_digest, random_token};
use axum::{
    Json, Router,
    extract::{Request, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{
    Auth, Denied, Principal,
    http::{COOKIE, http_caller, refusal, session_cookie},
};
use crate::http::extract::JsonBody;

/// The one path of the sign-in endpoints.
pub const PATH: &str = "/v1/auth/session";

/// How long a signed-in dashboard stays signed in.
const LIFETIME: Duration = Duration::from_secs(12 * 60 * 60);

/// Most sessions kept at once; past it the one closest to expiry goes.
const MAX_SESSIONS: usize = 10_000;

struct Session {
    caller: Principal,
    expires: Instant,
}

/// Sessions by the SHA-256 of their token, so the map never holds a usable token.
#[derive(Default)]
pub struct Sessions {
    sessions: Mutex<HashMap<[u8; 32], Session>>,
}

impl Sessions {
    fn create(&self, caller: Principal) -> Result<String, getrandom::Error> {
        let token = random_token()?;
        let now = Instant::now();
        let mut sessions = self.sessions.lock().unwrap_or_else(PoisonError::into_inner);
        sessions.retain(|_, s| s.expires > now);
        if sessions.len() >= MAX_SESSIONS
            && let Some(oldest) = sessions
                .iter()
                .min_by_key(|(_, s)| s.expires)
                .map(|(k, _)| *k)
        {
            sessions.remove(&oldest);
        }
        sessions.insert(
            key_digest(&token),
            Session {
                caller,
                expires: now + LIFETIME,
            },
        );
        Ok(token)
    }

    pub(crate) fn get(&self, token: &str) -> Option<Principal> {
        let digest = key_digest(token);
        let mut sessions = self.sessions.lock().unwrap_or_else(PoisonError::into_inner);
        match sessions.get(&digest) {
            Some(s) if s.expires > Instant::now() => Some(s.caller.clone()),
            Some(_) => {
                sessions.remove(&digest);
                None
            }
            None => None,
        }
    }

    fn remove(&self, token: &str) {
        self.sessions
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&key_digest(token));
    }
}

pub fn router(auth: Auth) -> Router {
    Router::new()
        .route(PATH, get(who).post(sign_in).delete(sign_out))
        .with_state(auth)
}

/// A sign-in: the API key.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    key: String,
}

/// Who is signed in.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Who {
    /// The key's name; `null` when the server has no keys.
    name: Option<String>,
    roles: Vec<String>,
    /// Whether the server needs a key at all.
    auth_required: bool,
}

impl Who {
    fn of(auth: &Auth, caller: &Principal) -> Self {
        Self {
            name: caller.name().map(str::to_owned),
            roles: caller
                .roles
                .roles()
                .map(|r| r.as_str().to_owned())
                .collect(),
            auth_required: auth.enabled(),
        }
    }
}

async fn who(State(auth): State<Auth>, request: Request) -> Response {
    match http_caller(&auth, &request) {
        Ok(Some(caller)) => Json(Who::of(&auth, &caller)).into_response(),
        Ok(None) => refusal(&Denied::Unauthenticated("not signed in".into())),
        Err(denied) => refusal(&denied),
    }
}

async fn sign_in(State(auth): State<Auth>, JsonBody(body): JsonBody<SignIn>) -> Response {
    if !auth.enabled() {
        return Json(Who::of(&auth, &Principal::anonymous())).into_response();
    }
    let Some(caller) = auth.authenticate(&body.key) else {
        return refusal(&Denied::Unauthenticated("the API key is not valid".into()));
    };
    let who = Who::of(&auth, &caller);
    let token = match auth.sessions().create(caller) {
        Ok(token) => token,
        Err(err) => {
            tracing::error!(error = %err, "no random bytes for a session token");
            return crate::error::ApiError::new(
                aether_types::ErrorCode::Unavailable,
                "cannot create a session now",
            )
            .into_response();
        }
    };
    let mut response = Json(who).into_response();
    if let Ok(cookie) = HeaderValue::from_str(&format!(
        "{COOKIE}={token}; {}; Max-Age={}",
        auth.cookie_attributes(),
        LIFETIME.as_secs()
    )) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

async fn sign_out(State(auth): State<Auth>, request: Request) -> Response {
    if let Some(token) = session_cookie(request.headers()) {
        auth.sessions().remove(token);
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    if let Ok(cookie) = HeaderValue::from_str(&format!(
        "{COOKIE}=; {}; Max-Age=0",
        auth.cookie_attributes()
    )) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use aether_types::auth::Role;

    use super::*;
    use crate::auth::RoleSet;

    #[test]
    fn a_session_names_its_key_until_removed() {
        let sessions = Sessions::default();
        let caller = Principal {
            name: Some(Arc::from("ops")),
            roles: RoleSet::of(&[Role::Reader]),
        };
        let token = sessions.create(caller.clone()).unwrap();
        assert_eq!(sessions.get(&token), Some(caller));
        assert_eq!(sessions.get("other"), None);
        sessions.remove(&token);
        assert_eq!(sessions.get(&token), None);
    }
}
