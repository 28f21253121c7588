//! The HTTP side: health, and (as it grows) the dashboard and its JSON API.

use aether_core::Engine;
use axum::{Json, Router, extract::State, routing::get};
use serde_json::{Value, json};

pub fn router(engine: Engine) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .with_state(engine)
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
    use aether_store::MemoryStore;
    use axum::{body::Body, http::Request};
    use tower::ServiceExt;

    use super::*;

    #[tokio::test]
    async fn healthz_reports_ok() {
        let engine = Engine::start(Arc::new(MemoryStore::new()), EngineOptions::default());
        let response = router(engine.clone())
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
