//! The check in front of the HTTP API, one axum layer over every route:
//!
//! - With auth off on a loopback address (the default), the loopback guard: the `Host` must be
//!   a loopback name (`localhost`, `127.0.0.1`, `[::1]`, any port, or one of `[auth]
//!   allowed_hosts`) and an `Origin`, when sent, a loopback origin. A web page the developer
//!   visits can then neither reach the API through DNS rebinding (its `Host` is the attacker's
//!   name) nor with a cross-site request (its `Origin` is the attacker's site).
//! - With keys, every `/v1` request but the sign-in endpoints and the OpenAPI document names a
//!   key (`authorization: Bearer KEY`, or the dashboard's session cookie) whose roles the role
//!   table allows for the matched route. A cookie is sent by the browser on its own, so a
//!   cookie-authenticated request must come from the server's own origin.
//!
//! `/healthz` and the dashboard's static files stay open (they hold no data); so does the
//! Prometheus listener, which is another port (`[metrics] host`) and serves only counts.

use aether_types::auth::Role;
use axum::{
    Json,
    extract::{MatchedPath, Request, State},
    http::{HeaderMap, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use serde_json::json;

use super::{Auth, Denied, Principal, RoleSet, session, table};

/// The name of the dashboard's session cookie.
pub const COOKIE: &str = "aether_session";

/// The layer's function: refuses what it must, and otherwise hands the [`Principal`] to the
/// handler in the request's extensions.
pub async fn guard(State(auth): State<Auth>, mut request: Request, next: Next) -> Response {
    if let Some(allowed) = auth.loopback_guard() {
        let host = request_host(&request);
        if let Err(denied) = loopback_only(allowed, host.as_deref(), request.headers()) {
            return refusal(&denied);
        }
    }
    let path = request.uri().path();
    let open = !path.starts_with("/v1/") || path == "/v1/openapi.json" || path == session::PATH;
    if !open {
        let needed = match request.extensions().get::<MatchedPath>() {
            Some(template) => table::http(request.method().as_str(), template.as_str()),
            // No route: the answer is a 404, but only to a caller who may ask at all.
            None => Some(RoleSet::of(&Role::ALL)),
        };
        let what = format!("{} {}", request.method(), path);
        let caller = match http_caller(&auth, &request) {
            Ok(caller) => auth.authorize(caller, needed, &what),
            Err(denied) => Err(denied),
        };
        match caller {
            Ok(caller) => {
                request.extensions_mut().insert(caller);
            }
            Err(denied) => return refusal(&denied),
        }
    }
    next.run(request).await
}

/// The key a request names: a bearer header, or else the dashboard's session cookie (only
/// from the server's own origin). `None`: neither was sent.
pub(crate) fn http_caller(auth: &Auth, request: &Request) -> Result<Option<Principal>, Denied> {
    if !auth.enabled() {
        return Ok(Some(Principal::anonymous()));
    }
    let headers = request.headers();
    if let Some(caller) = auth.bearer(
        headers
            .get(header::AUTHORIZATION)
            .map(axum::http::HeaderValue::as_bytes),
    )? {
        return Ok(Some(caller));
    }
    let Some(token) = session_cookie(headers) else {
        return Ok(None);
    };
    let caller = auth.sessions().get(token).ok_or_else(|| {
        Denied::Unauthenticated("the dashboard session is unknown or expired; sign in again".into())
    })?;
    same_origin(request_host(request).as_deref(), headers)?;
    Ok(Some(caller))
}

/// The value of the `aether_session` cookie, if sent.
pub(crate) fn session_cookie(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == COOKIE && !value.is_empty()).then_some(value)
        })
}

/// A request the browser sends with a cookie on its own must come from the page the server
/// served: `Sec-Fetch-Site: cross-site`, or an `Origin` other than this server's, is refused.
fn same_origin(host: Option<&str>, headers: &HeaderMap) -> Result<(), Denied> {
    let cross_site = headers
        .get("sec-fetch-site")
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"cross-site"));
    let foreign_origin = headers.get(header::ORIGIN).is_some_and(|origin| {
        let authority = origin
            .to_str()
            .ok()
            .and_then(|o| o.split_once("://"))
            .map(|(_, authority)| authority);
        match (authority, host) {
            (Some(authority), Some(host)) => !authority.eq_ignore_ascii_case(host),
            _ => true,
        }
    });
    if cross_site || foreign_origin {
        return Err(Denied::PermissionDenied(
            "a request signed in with the dashboard's cookie must come from the dashboard's own origin".into(),
        ));
    }
    Ok(())
}

/// The `Host` a request was sent to (HTTP/2 carries it in the URI's authority).
fn request_host(request: &Request) -> Option<String> {
    request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_owned)
        .or_else(|| request.uri().authority().map(|a| a.as_str().to_owned()))
}

/// The host name of a `host[:port]` (an IPv6 address keeps its brackets), lowercased.
fn host_name(host: &str) -> String {
    let name = if host.starts_with('[') {
        host.split_inclusive(']').next().unwrap_or(host)
    } else {
        host.rsplit_once(':').map_or(host, |(name, _)| name)
    };
    name.to_ascii_lowercase()
}

fn loopback_name(allowed: &[String], name: &str) -> bool {
    matches!(name, "localhost" | "127.0.0.1" | "[::1]")
        || allowed
            .iter()
            .any(|a| a == name || format!("[{a}]") == name)
}

/// With auth off: only loopback `Host` names (and the configured ones), and only loopback
/// origins. A request with no `Host` (HTTP/1.0, an in-process test) is not a browser's.
fn loopback_only(
    allowed: &[String],
    host: Option<&str>,
    headers: &HeaderMap,
) -> Result<(), Denied> {
    if let Some(host) = host
        && !loopback_name(allowed, &host_name(host))
    {
        return Err(Denied::PermissionDenied(format!(
            "this server has no API keys, so it answers only to loopback host names (localhost, 127.0.0.1, [::1]) and [auth] allowed_hosts, not {host:?}"
        )));
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let loopback = origin
            .to_str()
            .ok()
            .and_then(|o| o.split_once("://"))
            .is_some_and(|(_, authority)| loopback_name(allowed, &host_name(authority)));
        if !loopback {
            return Err(Denied::PermissionDenied(format!(
                "this server has no API keys, so it refuses requests from other sites (Origin {:?})",
                String::from_utf8_lossy(origin.as_bytes())
            )));
        }
    }
    Ok(())
}

/// A refusal as the API's JSON error: 401 `unauthenticated` or 403 `permission_denied`.
pub fn refusal(denied: &Denied) -> Response {
    let (status, code) = match denied {
        Denied::Unauthenticated(_) => (StatusCode::UNAUTHORIZED, "unauthenticated"),
        Denied::PermissionDenied(_) => (StatusCode::FORBIDDEN, "permission_denied"),
    };
    let mut response = (
        status,
        Json(json!({ "code": code, "message": denied.message() })),
    )
        .into_response();
    if status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            axum::http::HeaderValue::from_static("Bearer"),
        );
    }
    response
}

/// The caller a handler serves, from the layer (the anonymous admin when none ran, as in
/// handler unit tests).
pub struct Caller(pub Principal);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Caller {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(Self(
            parts
                .extensions
                .get::<Principal>()
                .cloned()
                .unwrap_or_else(Principal::anonymous),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn host_names_lose_their_port() {
        assert_eq!(host_name("LocalHost:7234"), "localhost");
        assert_eq!(host_name("[::1]:7234"), "[::1]");
        assert_eq!(host_name("[::1]"), "[::1]");
        assert_eq!(host_name("127.0.0.1"), "127.0.0.1");
    }

    #[test]
    fn the_loopback_guard_refuses_foreign_hosts_and_origins() {
        let allowed = vec!["aether.internal".to_owned()];
        let ok = |host: Option<&str>, h: &[(&'static str, &str)]| {
            loopback_only(&allowed, host, &headers(h)).is_ok()
        };
        assert!(ok(Some("127.0.0.1:7234"), &[]));
        assert!(ok(
            Some("localhost"),
            &[("origin", "http://localhost:5173")]
        ));
        assert!(ok(Some("[::1]:1"), &[("origin", "http://[::1]:1")]));
        assert!(ok(Some("aether.internal:80"), &[]));
        assert!(ok(None, &[]));
        assert!(!ok(Some("rebind.example:7234"), &[]));
        assert!(!ok(Some("127.0.0.1.evil.example"), &[]));
        assert!(!ok(
            Some("127.0.0.1:7234"),
            &[("origin", "https://evil.example")]
        ));
        assert!(!ok(Some("127.0.0.1:7234"), &[("origin", "null")]));
    }

    #[test]
    fn cookies_count_only_from_the_own_origin() {
        assert!(same_origin(Some("h:1"), &headers(&[])).is_ok());
        assert!(same_origin(Some("h:1"), &headers(&[("origin", "http://h:1")])).is_ok());
        assert!(same_origin(Some("h:1"), &headers(&[("origin", "http://h:2")])).is_err());
        assert!(same_origin(Some("h:1"), &headers(&[("sec-fetch-site", "cross-site")])).is_err());
        assert!(same_origin(Some("h:1"), &headers(&[("sec-fetch-site", "same-origin")])).is_ok());
    }

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let h = headers(&[("cookie", "a=1; aether_session=tok; b=2")]);
        assert_eq!(session_cookie(&h), Some("tok"));
        assert_eq!(session_cookie(&headers(&[("cookie", "a=1")])), None);
    }
}
