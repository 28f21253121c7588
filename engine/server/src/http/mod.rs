//! The HTTP side: health, the `/v1` workspace and workflow routes, the OpenAPI document
//! describing them, and the dashboard on every other path.

mod approvals;
mod dashboard;
pub(crate) mod extract;
mod live;
mod metrics;
mod openapi;
mod openapi_rules;
mod runs;
mod schedules;
mod sse;
mod workflows;
mod workspace;

use std::time::{Duration, Instant};

use aether_core::Engine;
use aether_types::metrics as m;
use aether_workspace::Workspaces;
use axum::{
    Json, Router,
    extract::{MatchedPath, Request, State},
    http::{Method, StatusCode, Uri, header},
    middleware::Next,
    response::{IntoResponse, Response},
    routing::get,
};
use serde_json::json;

use crate::auth::{Auth, http::guard, session};

pub fn router(
    engine: Engine,
    workspaces: Workspaces,
    auth: Auth,
    max_request_bytes: usize,
) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route(
            "/v1/openapi.json",
            get(|| async { Json(openapi::document()) }),
        )
        .with_state(engine.clone())
        .merge(approvals::router(
            engine.clone(),
            workspaces.clone(),
            max_request_bytes,
        ))
        .merge(runs::router(engine.clone()))
        .merge(metrics::router(engine.clone()))
        .merge(schedules::router(engine.clone(), max_request_bytes))
        .merge(workflows::router(engine, max_request_bytes))
        .merge(workspace::router(workspaces, max_request_bytes))
        .merge(session::router(auth.clone()))
        .method_not_allowed_fallback(method_not_allowed)
        .fallback(dashboard::serve)
        .layer(axum::middleware::from_fn(json_errors))
        // Inside `track`, so that refusals are counted; outside every handler.
        .layer(axum::middleware::from_fn_with_state(auth, guard))
        .layer(axum::middleware::from_fn(track))
}

/// Counts every request by method, route and status (`aether_http_requests_total`) and times it
/// until its response begins (`aether_http_request_duration_seconds`; a live stream counts its
/// opening). The route is the matched template (`/v1/workflows/{id}`), never the path, so no
/// id becomes a label; what no route matched (the dashboard's pages, unknown paths) is
/// `fallback`, and a method outside the standard ones is `other`.
async fn track(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "fallback".to_owned(), |path| path.as_str().to_owned());
    let method: &'static str = match *request.method() {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    };
    let started = Instant::now();
    let response = next.run(request).await;
    ::metrics::histogram!(m::HTTP_DURATION, "method" => method, "route" => route.clone())
        .record(started.elapsed().as_secs_f64());
    ::metrics::counter!(
        m::HTTP_REQUESTS,
        "method" => method,
        "route" => route,
        "code" => response.status().as_str().to_owned()
    )
    .increment(1);
    response
}

/// A route that exists, asked with a method it does not take: the API's JSON error rather than
/// axum's empty body; axum adds the `Allow` header to it.
async fn method_not_allowed(method: Method, uri: Uri) -> Response {
    let message = format!("{method} is not allowed on {}", uri.path());
    (
        StatusCode::METHOD_NOT_ALLOWED,
        Json(json!({ "code": "method_not_allowed", "message": message })),
    )
        .into_response()
}

/// The API answers every error as JSON `{code, message}`; what axum's own extractors refuse
/// before a handler runs (a path parameter that is not UTF-8, a query axum cannot split) comes
/// as text, and is turned into that shape here, its status and other headers kept.
async fn json_errors(request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/v1/");
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"application/json"));
    if !api || is_json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (parts, body) = response.into_parts();
    // Rejection texts are a line or two; a longer body is cut, not buffered.
    let text = axum::body::to_bytes(body, 16 << 10)
        .await
        .map(|bytes| String::from_utf8_lossy(&bytes).trim().to_owned())
        .unwrap_or_default();
    let message = if text.is_empty() {
        status.canonical_reason().unwrap_or("error").to_owned()
    } else {
        text
    };
    let code = match status {
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::CONFLICT => "conflict",
        StatusCode::PAYLOAD_TOO_LARGE => "too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::UNPROCESSABLE_ENTITY => "failed_precondition",
        StatusCode::SERVICE_UNAVAILABLE => "unavailable",
        s if s.is_server_error() => "internal",
        _ => "invalid_argument",
    };
    let mut json = Json(json!({ "code": code, "message": message })).into_response();
    *json.status_mut() = status;
    for (name, value) in &parts.headers {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            json.headers_mut().append(name, value.clone());
        }
    }
    json
}

/// How long the health check waits for the store: a database slower than this to answer
/// `SELECT 1` is itself a problem, and a probe must get its answer quickly either way.
const STORE_PING_TIMEOUT: Duration = Duration::from_secs(2);

/// 200 `ok` while the store answers; 503 `degraded` while it does not (requests that need it
/// fail with UNAVAILABLE meanwhile; nothing needs restarting once it is back).
async fn healthz(State(engine): State<Engine>) -> Response {
    let metrics = engine.metrics();
    let (code, status, store) = match engine.ping_store(STORE_PING_TIMEOUT).await {
        Ok(()) => (StatusCode::OK, "ok", "ok"),
        Err(err) => {
            tracing::warn!(error = %err, "health check: the store is unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, "degraded", "unavailable")
        }
    };
    let body = Json(json!({
        "status": status,
        "store": store,
        "uptime_ms": metrics.uptime_ms,
        "workers_connected": metrics.workers_connected,
    }));
    (code, body).into_response()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use aether_core::EngineOptions;
    use aether_store::{MemoryStore, workspace::MemoryWorkspaceStore};
    use axum::{body::Body, http::Request};
    use serde_json::Value;
    use tower::ServiceExt;

    use super::*;

    fn app() -> (Engine, Router) {
        app_on(Arc::new(MemoryStore::new()))
    }

    fn app_on(store: Arc<dyn aether_store::Store>) -> (Engine, Router) {
        let engine = Engine::start(store, EngineOptions::default());
        let workspaces = Workspaces::new(
            Arc::new(MemoryWorkspaceStore::new()),
            &aether_types::config::WorkspacesConfig {
                max_file_bytes: 1 << 20,
                max_session_bytes: 1 << 24,
                max_files: 1000,
                ..Default::default()
            },
        );
        let router = router(engine.clone(), workspaces, Auth::off(), 1 << 20);
        (engine, router)
    }

    /// Every documented route is served (an unknown session is a JSON 404, not a missing
    /// route), and the document names every route.
    #[tokio::test]
    async fn the_openapi_document_matches_the_router() {
        let (engine, router) = app();
        let document = openapi::document();
        for route in openapi::routes() {
            assert!(
                document["paths"][route.path][route.method].is_object(),
                "{} {} is not in the document",
                route.method,
                route.path
            );
            let uri = route
                .path
                .replace("{id}", "no-such-session")
                .replace("{path}", "a.txt")
                .replace("{key}", "k")
                .replace("{topic}", "t")
                .replace("{annotation}", "n")
                .replace("{name}", "no-such-source")
                .replace(
                    "/approvals/{id}",
                    "/approvals/00000000-0000-4000-8000-000000000000",
                );
            let request = Request::builder()
                .method(route.method.to_uppercase().as_str())
                .uri(&uri)
                .header("content-type", "application/json")
                .body(Body::from(if route.method == "get" { "" } else { "{}" }))
                .unwrap();
            let response = router.clone().oneshot(request).await.unwrap();
            let status = response.status();
            let streams = response
                .headers()
                .get("content-type")
                .is_some_and(|t| t.as_bytes().starts_with(b"text/event-stream"));
            if status.is_success() && streams {
                // A live stream never ends; that it answered as one is the check.
                continue;
            }
            let body = axum::body::to_bytes(response.into_body(), 1 << 20)
                .await
                .unwrap();
            let json: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
            assert!(
                status.is_success() || json["code"].is_string(),
                "{} {uri}: {status} without a JSON error: {}",
                route.method,
                String::from_utf8_lossy(&body)
            );
        }
        assert_eq!(
            document["paths"]
                .as_object()
                .unwrap()
                .values()
                .map(|p| p.as_object().unwrap().len())
                .sum::<usize>(),
            openapi::routes().len()
        );
        engine.shutdown();
    }

    /// Pages and deep links get the app under the security policy; API paths never fall back
    /// to it.
    #[tokio::test]
    async fn the_dashboard_answers_every_page_path_and_no_api_path() {
        let (engine, router) = app();
        let get = |uri: &str| {
            let router = router.clone();
            let request = Request::get(uri).body(Body::empty()).unwrap();
            async move { router.oneshot(request).await.unwrap() }
        };
        let index = get("/").await;
        assert_eq!(index.status(), 200);
        let etag = index.headers()["etag"].clone();
        for uri in ["/runs", "/runs/wf-1?state=FAILED", "/sessions/s/x"] {
            let page = get(uri).await;
            assert_eq!(page.status(), 200, "{uri}");
            assert_eq!(page.headers()["etag"], etag, "{uri} is index.html");
            assert!(
                page.headers()["content-type"]
                    .to_str()
                    .unwrap()
                    .starts_with("text/html")
            );
            assert_eq!(
                page.headers()["content-security-policy"],
                dashboard::CONTENT_SECURITY_POLICY
            );
            assert_eq!(page.headers()["cache-control"], "no-cache");
        }
        let again = router
            .clone()
            .oneshot(
                Request::get("/")
                    .header("if-none-match", etag)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(again.status(), 304);

        // The built files, with content hashes in their names, are cached for good.
        let asset = dashboard::Assets::iter()
            .find(|name| name.starts_with("assets/") && name.ends_with(".js"))
            .expect("the build has a script under assets/");
        let script = get(&format!("/{asset}")).await;
        assert_eq!(script.status(), 200);
        assert!(
            script.headers()["content-type"]
                .to_str()
                .unwrap()
                .contains("javascript")
        );
        assert_eq!(
            script.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );

        let missing = get("/v1/no-such-route").await;
        assert_eq!(missing.status(), 404);
        let body = axum::body::to_bytes(missing.into_body(), 1 << 16)
            .await
            .unwrap();
        let json: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(json["code"], "not_found");

        let post = router
            .clone()
            .oneshot(Request::post("/runs").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(post.status(), 405);
        engine.shutdown();
    }

    #[tokio::test]
    async fn healthz_reports_ok() {
        let (engine, router) = app();
        let (status, json) = health(&router).await;
        assert_eq!(status, 200);
        assert_eq!(json["status"], "ok");
        assert_eq!(json["store"], "ok");
        engine.shutdown();
    }

    async fn health(router: &Router) -> (StatusCode, Value) {
        let response = router
            .clone()
            .oneshot(Request::get("/healthz").body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap();
        (status, serde_json::from_slice(&body).unwrap())
    }

    /// While the store does not answer, the health check says so (503, degraded) at once; once
    /// it answers again, so does the check.
    #[tokio::test]
    async fn healthz_reports_a_store_outage_until_it_ends() {
        let store = Arc::new(aether_store::FailingStore::new(
            Arc::new(MemoryStore::new()),
        ));
        let (engine, router) = app_on(store.clone());
        store.fail_all();
        let (status, json) = health(&router).await;
        assert_eq!(status, 503);
        assert_eq!(json["status"], "degraded");
        assert_eq!(json["store"], "unavailable");

        store.heal();
        let (status, json) = health(&router).await;
        assert_eq!(status, 200);
        assert_eq!(json["status"], "ok");
        engine.shutdown();
    }
}
