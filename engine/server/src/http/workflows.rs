//! The `/v1/workflows` routes: what a person or another system sends to a running workflow over
//! plain HTTP, without a gRPC client. Each handler parses, calls the [`Engine`], and renders;
//! the semantics (which wait a signal goes to, idempotency, refusing finished workflows, the
//! validity of names) live in the engine, so HTTP and gRPC cannot disagree. Starting workflows
//! stays on gRPC; reading them is [`super::runs`].

use aether_core::Engine;
use aether_types::WorkflowId;
use axum::{
    Json, Router,
    extract::{DefaultBodyLimit, Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::post,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{extract::OptionalJson, runs::WorkflowDetail};
use crate::error::ApiError;

pub fn router(engine: Engine, max_request_bytes: usize) -> Router {
    Router::new()
        .route("/v1/workflows/{id}/signals/{name}", post(signal))
        .route("/v1/workflows/{id}/cancel", post(cancel))
        .layer(DefaultBodyLimit::max(max_request_bytes))
        .with_state(engine)
}

/// A signal's body; an empty body is a signal with a `null` payload and no idempotency key.
#[derive(Deserialize, Default, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct SignalBody {
    /// Any JSON; what the workflow's wait returns.
    #[serde(default)]
    payload: Value,
    /// A key already accepted for this workflow makes the signal a duplicate: it is accepted
    /// and not delivered again.
    idempotency_key: Option<String>,
}

#[derive(Serialize, JsonSchema)]
pub(super) struct SignalAccepted {
    /// The idempotency key was seen before; nothing was recorded.
    duplicate: bool,
}

async fn signal(
    State(engine): State<Engine>,
    Path((id, name)): Path<(String, String)>,
    OptionalJson(body): OptionalJson<SignalBody>,
) -> Result<Response, ApiError> {
    let id = WorkflowId::parse(id)?;
    let body = body.unwrap_or_default();
    // A `Value` always serializes; the error arm only satisfies the type.
    let payload = serde_json::to_vec(&body.payload)
        .map_err(|e| ApiError::invalid(format!("payload: {e}")))?;
    let accepted = engine
        .signal(&id, name, payload, body.idempotency_key)
        .await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(SignalAccepted {
            duplicate: accepted.duplicate,
        }),
    )
        .into_response())
}

/// A cancellation's body; an empty body cancels with the reason "cancelled over HTTP".
#[derive(Deserialize, Default, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct CancelBody {
    /// Recorded in the log and shown with the run.
    reason: Option<String>,
}

/// Cancels a run that has not finished; answers with the run as it now reads.
async fn cancel(
    State(engine): State<Engine>,
    Path(id): Path<String>,
    OptionalJson(body): OptionalJson<CancelBody>,
) -> Result<Json<WorkflowDetail>, ApiError> {
    let id = WorkflowId::parse(id)?;
    let reason = body
        .and_then(|b| b.reason)
        .filter(|r| !r.trim().is_empty())
        .unwrap_or_else(|| "cancelled over HTTP".to_owned());
    engine.cancel(&id, reason).await?;
    Ok(Json(engine.status(&id).await?.into()))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use aether_core::{EngineOptions, StartWorkflow};
    use aether_store::MemoryStore;
    use aether_types::Action;
    use axum::{body::Body, http::Request};
    use serde_json::json;
    use tower::ServiceExt;

    use super::*;

    const LIMIT: usize = 4096;

    async fn engine_with_workflow() -> (Engine, Router, WorkflowId) {
        let engine = Engine::start(Arc::new(MemoryStore::new()), EngineOptions::default());
        let started = engine
            .start_workflow(StartWorkflow {
                workflow_type: "review".into(),
                input: b"null".to_vec(),
                workflow_id: None,
                parent: None,
                execution_timeout_ms: None,
            })
            .await
            .unwrap();
        let router = router(engine.clone(), LIMIT);
        (engine, router, started.workflow_id)
    }

    async fn post(router: &Router, uri: &str, body: impl Into<Body>) -> (StatusCode, Value) {
        let request = Request::post(uri)
            .header("content-type", "application/json")
            .body(body.into())
            .unwrap();
        let response = router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    fn received(history: &[aether_types::HistoryEvent]) -> Vec<(String, Vec<u8>, Option<String>)> {
        history
            .iter()
            .filter_map(|event| match &event.action {
                Action::SignalReceived {
                    name,
                    payload,
                    idempotency_key,
                } => Some((name.clone(), payload.clone(), idempotency_key.clone())),
                _ => None,
            })
            .collect()
    }

    #[tokio::test]
    async fn a_run_is_cancelled_once_with_its_reason() {
        let (engine, router, id) = engine_with_workflow().await;
        let uri = format!("/v1/workflows/{id}/cancel");
        let (status, json) = post(
            &router,
            &uri,
            json!({ "reason": "wrong input" }).to_string(),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{json}");
        assert_eq!(json["state"], "CANCELLED");
        assert_eq!(json["cancelReason"], "wrong input");

        let (status, json) = post(&router, &uri, "").await;
        assert_eq!(json["code"], "failed_precondition", "{status}: {json}");
        let (status, json) = post(&router, "/v1/workflows/nope/cancel", "").await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{json}");
        let cancels = engine
            .history(&id)
            .await
            .unwrap()
            .iter()
            .filter(|e| matches!(e.action, Action::WorkflowCancelled { .. }))
            .count();
        assert_eq!(cancels, 1);
        engine.shutdown();
    }

    #[tokio::test]
    async fn a_signal_is_recorded_once_per_idempotency_key() {
        let (engine, router, id) = engine_with_workflow().await;
        let uri = format!("/v1/workflows/{id}/signals/approved");
        let body = json!({ "payload": { "by": "ana" }, "idempotencyKey": "k1" }).to_string();

        let (status, json) = post(&router, &uri, body.clone()).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{json}");
        assert_eq!(json, json!({ "duplicate": false }));
        let (status, json) = post(&router, &uri, body).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{json}");
        assert_eq!(json, json!({ "duplicate": true }));
        // No body at all: a null payload without a key.
        let (status, json) = post(&router, &uri, "").await;
        assert_eq!(status, StatusCode::ACCEPTED, "{json}");
        assert_eq!(json, json!({ "duplicate": false }));

        let history = engine.history(&id).await.unwrap();
        assert_eq!(
            received(&history),
            vec![
                (
                    "approved".to_owned(),
                    br#"{"by":"ana"}"#.to_vec(),
                    Some("k1".to_owned())
                ),
                ("approved".to_owned(), b"null".to_vec(), None),
            ]
        );
        engine.shutdown();
    }

    #[tokio::test]
    async fn errors_take_the_status_of_their_code_and_record_nothing() {
        let (engine, router, id) = engine_with_workflow().await;
        let signal = |name: &str| format!("/v1/workflows/{id}/signals/{name}");
        let long = "n".repeat(256);
        let cases: Vec<(String, String, StatusCode, &str)> = vec![
            (
                "/v1/workflows/no-such-workflow/signals/go".into(),
                "{}".into(),
                StatusCode::NOT_FOUND,
                "not_found",
            ),
            (
                "/v1/workflows/bad%20id/signals/go".into(),
                "{}".into(),
                StatusCode::BAD_REQUEST,
                "invalid_argument",
            ),
            (
                signal(&long),
                "{}".into(),
                StatusCode::BAD_REQUEST,
                "invalid_argument",
            ),
            (
                signal("line%0Abreak"),
                "{}".into(),
                StatusCode::BAD_REQUEST,
                "invalid_argument",
            ),
            (
                signal("go"),
                json!({ "idempotencyKey": "" }).to_string(),
                StatusCode::BAD_REQUEST,
                "invalid_argument",
            ),
            (
                signal("go"),
                "{\"payload\": ".into(),
                StatusCode::BAD_REQUEST,
                "invalid_argument",
            ),
            (
                signal("go"),
                json!({ "idempotency_key": "k" }).to_string(),
                StatusCode::BAD_REQUEST,
                "invalid_argument",
            ),
            (
                signal("go"),
                json!({ "payload": "x".repeat(LIMIT) }).to_string(),
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
            ),
        ];
        for (uri, body, expected, code) in cases {
            let (status, json) = post(&router, &uri, body).await;
            assert_eq!(status, expected, "{uri}: {json}");
            assert_eq!(json["code"], code, "{uri}: {json}");
        }
        assert!(received(&engine.history(&id).await.unwrap()).is_empty());

        engine.cancel(&id, "done".into()).await.unwrap();
        let (status, json) = post(&router, &signal("go"), "{}").await;
        assert_eq!(
            status,
            crate::error::http_status(aether_types::ErrorCode::FailedPrecondition),
            "{json}"
        );
        assert_eq!(json["code"], "failed_precondition");
        assert!(received(&engine.history(&id).await.unwrap()).is_empty());
        engine.shutdown();
    }
}
