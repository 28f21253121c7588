use aether_types::{ErrorCode, workspace::Reason};
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
    #[error(transparent)]
    Tls(#[from] crate::tls::TlsError),
    #[error("cannot open the store: {0}")]
    Store(String),
    #[error("cannot install the metrics recorder: {0}")]
    Metrics(String),
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
    pub reason: Option<Reason>,
    /// A merge's conflicts, as JSON.
    pub conflicts: Option<serde_json::Value>,
    /// An approval decided twice: the approval as it stands (the first decision), as JSON.
    pub approval: Option<serde_json::Value>,
    /// HTTP only: a body that is not JSON (415 `unsupported_media_type`), which no error code
    /// names because gRPC has no such case.
    pub unsupported_media_type: bool,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            reason: None,
            conflicts: None,
            approval: None,
            unsupported_media_type: false,
        }
    }

    pub fn unsupported_media_type(message: impl Into<String>) -> Self {
        Self {
            unsupported_media_type: true,
            ..Self::invalid(message)
        }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidArgument, message)
    }
}

/// What a client is told of an error: its own text, unless the error is the server's (internal,
/// or a dependency unavailable), whose text can name SQL, files or hosts. That is logged with a
/// fresh error id, and the client gets a generic message carrying the same id, so an operator
/// can find the log line a user reports.
fn client_message(code: ErrorCode, err: &dyn std::fmt::Display, what: &str) -> String {
    let generic = match code {
        ErrorCode::Internal => "internal error",
        ErrorCode::Unavailable => "the server cannot serve this request right now; try again",
        _ => return err.to_string(),
    };
    let error_id = uuid::Uuid::new_v4().simple().to_string();
    tracing::error!(%error_id, error = %err, "{what}");
    format!("{generic} (error id {error_id})")
}

impl From<aether_workspace::Error> for ApiError {
    fn from(err: aether_workspace::Error) -> Self {
        let code = err.code();
        Self {
            code,
            message: client_message(code, &err, "workspace request failed"),
            reason: Some(err.reason()),
            conflicts: err.conflicts().and_then(|c| serde_json::to_value(c).ok()),
            approval: None,
            unsupported_media_type: false,
        }
    }
}

impl From<aether_core::Error> for ApiError {
    fn from(err: aether_core::Error) -> Self {
        let approval = match &err {
            aether_core::Error::ApprovalDecided(approval) => serde_json::to_value(approval).ok(),
            _ => None,
        };
        let code = err.code();
        Self {
            approval,
            ..Self::new(code, client_message(code, &err, "request failed"))
        }
    }
}

impl From<aether_types::approval::ApprovalError> for ApiError {
    fn from(err: aether_types::approval::ApprovalError) -> Self {
        aether_core::Error::from(err).into()
    }
}

impl From<aether_types::ScheduleError> for ApiError {
    fn from(err: aether_types::ScheduleError) -> Self {
        aether_core::Error::from(err).into()
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
            && let Ok(value) = reason.as_str().parse()
        {
            metadata.insert("aether-reason", value);
        }
        if let Some(conflicts) = err.conflicts.as_ref().and_then(|c| c.as_array()) {
            let (listed, total) = conflicts_for_metadata(conflicts);
            if let Ok(value) = listed.parse() {
                metadata.insert("aether-conflicts", value);
            }
            if let Ok(value) = total.to_string().parse() {
                metadata.insert("aether-conflicts-total", value);
            }
        }
        status
    }
}

/// Most bytes of conflicts carried in gRPC metadata: it travels in HTTP/2 headers, which peers
/// bound (a large header block stalls the call). The HTTP API returns every conflict.
const MAX_CONFLICT_METADATA: usize = 8 * 1024;

/// As many conflicts as fit in [`MAX_CONFLICT_METADATA`], as ASCII JSON (metadata values must be
/// ASCII), without the marked-up contents; and the total count.
fn conflicts_for_metadata(conflicts: &[serde_json::Value]) -> (String, usize) {
    let mut listed: Vec<serde_json::Value> = Vec::new();
    let mut size = 2;
    for conflict in conflicts {
        let mut conflict = conflict.clone();
        if let Some(fields) = conflict.as_object_mut() {
            fields.remove("marked");
        }
        let entry = ascii_json(&conflict.to_string());
        if size + entry.len() + 1 > MAX_CONFLICT_METADATA {
            break;
        }
        size += entry.len() + 1;
        listed.push(conflict);
    }
    (
        ascii_json(&serde_json::Value::from(listed).to_string()),
        conflicts.len(),
    )
}

/// JSON text with every non-ASCII character escaped as `\uXXXX` (still the same JSON).
fn ascii_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    code: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    conflicts: Option<&'a serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    approval: Option<&'a serde_json::Value>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.unsupported_media_type {
            let body = ErrorBody {
                code: "unsupported_media_type",
                message: &self.message,
                reason: None,
                conflicts: None,
                approval: None,
            };
            return (StatusCode::UNSUPPORTED_MEDIA_TYPE, Json(body)).into_response();
        }
        let body = ErrorBody {
            code: self.code.as_str(),
            message: &self.message,
            reason: self.reason.map(Reason::as_str),
            conflicts: self.conflicts.as_ref(),
            approval: self.approval.as_ref(),
        };
        (http_status(self.code), Json(body)).into_response()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn internal_errors_reach_clients_as_a_generic_message_with_an_id() {
        let leaky = aether_core::Error::Store(aether_store::Error::Backend(
            "error returned from database: relation \"workflows\" at /var/lib/db".into(),
        ));
        let api = ApiError::from(leaky);
        assert_eq!(api.code, ErrorCode::Unavailable);
        assert!(!api.message.contains("workflows"), "{}", api.message);
        assert!(!api.message.contains("/var/lib"), "{}", api.message);
        assert!(api.message.contains("error id "), "{}", api.message);
        let status = tonic::Status::from(api);
        assert!(
            !status.message().contains("database"),
            "{}",
            status.message()
        );

        let corrupt = aether_core::Error::Corrupt("row 7: bad json".into());
        let api = ApiError::from(corrupt);
        assert_eq!(api.code, ErrorCode::Internal);
        assert!(!api.message.contains("bad json"), "{}", api.message);

        // A client's own mistake keeps its explanation.
        let api = ApiError::from(aether_core::Error::InvalidArgument("capacity 0".into()));
        assert_eq!(api.message, "capacity 0");
    }

    #[test]
    fn conflicts_in_metadata_are_ascii_bounded_and_counted() {
        let conflict =
            |path: &str| json!({ "path": path, "reason": "content", "marked": "x".repeat(10_000) });
        let many: Vec<_> = (0..1000)
            .map(|i| conflict(&format!("dir/file-{i}.txt")))
            .collect();
        let (listed, total) = conflicts_for_metadata(&many);
        assert_eq!(total, 1000);
        assert!(listed.len() <= MAX_CONFLICT_METADATA, "{}", listed.len());
        let parsed: Vec<serde_json::Value> = serde_json::from_str(&listed).unwrap();
        assert!(!parsed.is_empty() && parsed.len() < 1000);
        assert!(parsed.iter().all(|c| c.get("marked").is_none()));

        let (listed, _) = conflicts_for_metadata(&[conflict("café/🦀.txt")]);
        assert!(listed.is_ascii(), "{listed}");
        let parsed: serde_json::Value = serde_json::from_str(&listed).unwrap();
        assert_eq!(parsed[0]["path"], "café/🦀.txt");
        assert!(
            listed
                .parse::<tonic::metadata::MetadataValue<tonic::metadata::Ascii>>()
                .is_ok()
        );
    }
}
