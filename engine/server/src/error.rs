use aether_types::ErrorCode;
use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Serialize;

/// Why the server could not start or keep serving.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("invalid configuration: {0}")]
    Config(String),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: String,
        source: std::io::Error,
    },
    #[error("cannot open the store: {0}")]
    Store(String),
    #[error("server failed: {0}")]
    Serve(String),
    #[error(transparent)]
    Io(std::io::Error),
}

/// The one mapping from error codes to gRPC statuses.
pub fn grpc_code(code: ErrorCode) -> tonic::Code {
    match code {
        ErrorCode::InvalidArgument => tonic::Code::InvalidArgument,
        ErrorCode::NotFound => tonic::Code::NotFound,
        ErrorCode::FailedPrecondition => tonic::Code::FailedPrecondition,
        ErrorCode::Conflict => tonic::Code::Aborted,
        ErrorCode::TooLarge => tonic::Code::ResourceExhausted,
        ErrorCode::Unavailable => tonic::Code::Unavailable,
        ErrorCode::Internal => tonic::Code::Internal,
    }
}

/// The one mapping from error codes to HTTP statuses.
pub fn http_status(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::InvalidArgument => StatusCode::BAD_REQUEST,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::FailedPrecondition => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::Conflict => StatusCode::CONFLICT,
        ErrorCode::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// An API error as both transports render it.
#[derive(Debug)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    /// A more specific, stable name than the code (e.g. `stale_revision`).
    pub reason: Option<&'static str>,
    /// A merge's conflicts, as JSON.
    pub conflicts: Option<serde_json::Value>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            reason: None,
            conflicts: None,
        }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidArgument, message)
    }
}

impl From<aether_workspace::Error> for ApiError {
    fn from(err: aether_workspace::Error) -> Self {
        let code = err.code();
        if code == ErrorCode::Internal || code == ErrorCode::Unavailable {
            tracing::error!(error = %err, "workspace request failed");
        }
        Self {
            code,
            message: err.to_string(),
            reason: Some(err.reason()),
            conflicts: err.conflicts().and_then(|c| serde_json::to_value(c).ok()),
        }
    }
}

impl From<aether_core::Error> for ApiError {
    fn from(err: aether_core::Error) -> Self {
        if err.code() == ErrorCode::Internal || err.code() == ErrorCode::Unavailable {
            tracing::error!(error = %err, "request failed");
        }
        Self::new(err.code(), err.to_string())
    }
}

impl From<aether_types::IdError> for ApiError {
    fn from(err: aether_types::IdError) -> Self {
        Self::invalid(err.to_string())
    }
}

impl From<ApiError> for tonic::Status {
    fn from(err: ApiError) -> Self {
        let mut status = tonic::Status::new(grpc_code(err.code), err.message);
        let metadata = status.metadata_mut();
        if let Some(reason) = err.reason
            && let Ok(value) = reason.parse()
        {
            metadata.insert("aether-reason", value);
        }
        // Without the marked-up file contents: metadata travels in HTTP/2 headers, whose size
        // is bounded. The hashes name both versions; clients read them from the sessions.
        let conflicts = err.conflicts.map(|mut c| {
            if let Some(list) = c.as_array_mut() {
                for conflict in list.iter_mut().filter_map(|c| c.as_object_mut()) {
                    conflict.remove("marked");
                }
            }
            c
        });
        if let Some(conflicts) = conflicts
            && let Ok(value) = conflicts.to_string().parse()
        {
            metadata.insert("aether-conflicts", value);
        }
        status
    }
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    code: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    conflicts: Option<&'a serde_json::Value>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            code: self.code.as_str(),
            message: &self.message,
            reason: self.reason,
            conflicts: self.conflicts.as_ref(),
        };
        (http_status(self.code), Json(body)).into_response()
    }
}
