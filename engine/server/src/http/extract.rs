//! Extractors whose rejections are the API's JSON errors rather than axum's plain text, and the
//! request headers the workspace routes share.

use aether_types::ErrorCode;
use aether_workspace::Change;
use axum::{
    extract::{FromRequest, FromRequestParts, Request, rejection::JsonRejection},
    http::{HeaderMap, StatusCode, request::Parts},
};
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// A JSON body; a malformed one is a 400 `{code, message}`, an oversized one a 413.
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(rejected(rejection.status(), rejection.body_text())),
        }
    }
}

/// Maps a rejected body to the API's error.
pub fn rejected(status: StatusCode, text: String) -> ApiError {
    let code = if status == StatusCode::PAYLOAD_TOO_LARGE {
        ErrorCode::TooLarge
    } else {
        ErrorCode::InvalidArgument
    };
    ApiError::new(code, text)
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        rejected(rejection.status(), rejection.body_text())
    }
}

/// `X-Aether-Actor` (who is acting, for the event log) and `If-Match` (the expected revision).
pub struct Caller {
    pub actor: Option<String>,
    pub if_match: Option<u64>,
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        Ok(Self {
            actor: header(&parts.headers, "x-aether-actor")?,
            if_match: header(&parts.headers, "if-match")?
                .map(|v| {
                    v.trim().trim_matches('"').parse::<u64>().map_err(|_| {
                        ApiError::invalid(format!("If-Match must be a revision number, not {v:?}"))
                    })
                })
                .transpose()?,
        })
    }
}

fn header(headers: &HeaderMap, name: &str) -> Result<Option<String>, ApiError> {
    headers
        .get(name)
        .map(|v| {
            v.to_str()
                .map(str::to_owned)
                .map_err(|_| ApiError::invalid(format!("header {name} is not text")))
        })
        .transpose()
}

impl Caller {
    /// The change this caller makes to a session: the expected revision from `If-Match` or the
    /// body (both must agree when both are given), and the actor.
    pub fn change(
        &self,
        session_id: impl Into<String>,
        expected_revision: Option<u64>,
    ) -> Result<Change, ApiError> {
        let expected_revision = match (self.if_match, expected_revision) {
            (Some(a), Some(b)) if a != b => {
                return Err(ApiError::invalid(format!(
                    "If-Match ({a}) and expectedRevision ({b}) disagree"
                )));
            }
            (a, b) => a.or(b),
        };
        Ok(Change::new(
            session_id,
            expected_revision,
            self.actor.clone(),
        ))
    }
}

/// A JSON body that may be absent (an empty body is `None`).
pub struct OptionalJson<T>(pub Option<T>);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for OptionalJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|r| rejected(r.status(), r.body_text()))?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(Self(None));
        }
        serde_json::from_slice(&bytes)
            .map(|v| Self(Some(v)))
            .map_err(|e| ApiError::invalid(format!("invalid JSON body: {e}")))
    }
}

/// Query parameters; bad ones are a 400 `{code, message}`.
pub struct QueryArgs<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for QueryArgs<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| Self(q.0))
            .map_err(|r| ApiError::invalid(r.body_text()))
    }
}
