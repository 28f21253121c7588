//! The HTTP side: health, the `/v1` workspace routes and the OpenAPI document describing them.

mod extract;
mod workspace;

use aether_core::Engine;
use aether_workspace::Workspaces;
use axum::{Json, Router, extract::State, routing::get};
use serde_json::{Value, json};

pub fn router(engine: Engine, workspaces: Workspaces, max_request_bytes: usize) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .with_state(engine)
        .merge(workspace::router(workspaces, max_request_bytes))
}

async fn healthz(State(engine): State<Engine>) -> Json<Value> {
    let metrics = engine.metrics();
    Json(json!({
        "status": "ok",
        "uptime_ms": metrics.uptime_ms,
        "workers_connected": metrics.workers_connected,
    }))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use aether_core::EngineOptions;
    use aether_store::{MemoryStore, workspace::MemoryWorkspaceStore};
    use axum::{body::Body, http::Request};
    use tower::ServiceExt;

    use super::*;

    #[tokio::test]
    async fn healthz_reports_ok() {
        let engine = Engine::start(Arc::new(MemoryStore::new()), EngineOptions::default());
        let workspaces = Workspaces::new(
            Arc::new(MemoryWorkspaceStore::new()),
            aether_workspace::Limits {
                max_file_bytes: 1 << 20,
                max_session_bytes: 1 << 24,
                max_files: 1000,
                import_roots: Vec::new(),
            },
        );
        let response = router(engine.clone(), workspaces, 1 << 20)
            .oneshot(Request::get("/healthz").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let body = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap();
        let json: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(json["status"], "ok");
        engine.shutdown();
    }
}
