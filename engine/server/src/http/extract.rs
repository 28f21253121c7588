//! Extractors whose rejections are the API's JSON errors rather than axum's plain text, and the
//! request headers the workspace routes share.

use aether_types::ErrorCode;
use aether_workspace::Change;
use axum::{
    body::Bytes,
    extract::{FromRequest, FromRequestParts, Request, rejection::JsonRejection},
    http::{HeaderMap, StatusCode, request::Parts},
};
use serde::de::DeserializeOwned;

use crate::{auth::Principal, error::ApiError};

/// A JSON object body; a malformed one is a 400 `{code, message}`, an oversized one a 413.
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let (parts, body) = req.into_parts();
        let bytes = Bytes::from_request(Request::from_parts(parts.clone(), body), state)
            .await
            .map_err(|r| rejected(r.status(), r.body_text()))?;
        let request = Request::from_parts(parts, axum::body::Body::from(bytes.clone()));
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => {
                must_be_an_object(&bytes)?;
                Ok(Self(value))
            }
            Err(rejection) => Err(rejected(rejection.status(), rejection.body_text())),
        }
    }
}

/// Refuses a body that says it is not JSON (415). A browser page may send `text/plain` (or a
/// form) to any site without asking first; JSON it may not, so JSON routes take only JSON.
fn json_content_type(headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(value) = headers.get(axum::http::header::CONTENT_TYPE) else {
        return Ok(());
    };
    let essence = value
        .to_str()
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let json = essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"));
    if json {
        Ok(())
    } else {
        Err(ApiError::unsupported_media_type(format!(
            "the body must be application/json, not {essence:?}"
        )))
    }
}

/// A JSON body of at most `LIMIT` bytes, refused (413) by its `Content-Length` or as soon as it
/// grows past the limit, before any of it is parsed: for routes whose parsed form takes many
/// times its text (a `serde_json::Value`, a list of paths).
pub struct BoundedJson<T, const LIMIT: usize>(pub T);

impl<S: Send + Sync, T: DeserializeOwned, const LIMIT: usize> FromRequest<S>
    for BoundedJson<T, LIMIT>
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let too_large = || {
            ApiError::new(
                ErrorCode::TooLarge,
                format!("the request body is over {LIMIT} bytes, the limit of this route"),
            )
        };
        let declared = req
            .headers()
            .get(axum::http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|length| length > LIMIT as u64) {
            return Err(too_large());
        }
        let (parts, body) = req.into_parts();
        let bytes = axum::body::to_bytes(body, LIMIT)
            .await
            .map_err(|_| too_large())?;
        let req = Request::from_parts(parts, axum::body::Body::from(bytes));
        JsonBody::<T>::from_request(req, state)
            .await
            .map(|JsonBody(value)| Self(value))
    }
}

/// Every body of the API is an object; serde would also read a struct from an array of its
/// fields in order (`[null, null]`), which no client means.
fn must_be_an_object(bytes: &[u8]) -> Result<(), ApiError> {
    match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => Ok(()),
        _ => Err(ApiError::invalid("the body must be a JSON object")),
    }
}

/// Maps a rejected body to the API's error.
pub fn rejected(status: StatusCode, text: String) -> ApiError {
    if status == StatusCode::UNSUPPORTED_MEDIA_TYPE {
        return ApiError::unsupported_media_type(text);
    }
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

/// Who is acting, for the event log (the key's name with auth on; `X-Aether-Actor` without), and
/// `If-Match` (the expected revision).
pub struct Caller {
    pub actor: Option<String>,
    pub if_match: Option<u64>,
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let key = parts
            .extensions
            .get::<Principal>()
            .and_then(|caller| caller.name().map(str::to_owned));
        let claimed = header(&parts.headers, "x-aether-actor")?;
        Ok(Self {
            actor: key.or(claimed),
            if_match: header(&parts.headers, "if-match")?
                .map(|v| revision_tag(&v))
                .transpose()?
                .flatten(),
        })
    }
}

/// `If-Match` names the session revision a change expects, as an entity tag (`"12"`, weak
/// `W/"12"`) or bare (`12`); `*` expects nothing in particular. A file's `ETag` (its content hash)
/// is not a revision, and is refused with a message that says which header to use.
fn revision_tag(value: &str) -> Result<Option<u64>, ApiError> {
    let value = value.trim();
    if value == "*" {
        return Ok(None);
    }
    let tag = value.strip_prefix("W/").unwrap_or(value);
    let tag = tag
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(tag);
    tag.parse::<u64>().map(Some).map_err(|_| {
        let shown: String = value.chars().take(80).collect();
        ApiError::invalid(format!(
            "If-Match must be a session revision (as X-Aether-Revision gives it, e.g. \"12\") or *, not {shown:?}"
        ))
    })
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

/// A JSON body that may be absent (an empty body is `None`); a `Content-Type`, when sent, must
/// be JSON.
pub struct OptionalJson<T>(pub Option<T>);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for OptionalJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        json_content_type(req.headers())?;
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|r| rejected(r.status(), r.body_text()))?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(Self(None));
        }
        let value = serde_json::from_slice(&bytes)
            .map_err(|e| ApiError::invalid(format!("invalid JSON body: {e}")))?;
        must_be_an_object(&bytes)?;
        Ok(Self(Some(value)))
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

#[cfg(test)]
mod tests {
    use super::revision_tag;

    #[test]
    fn if_match_takes_a_revision_in_entity_tag_form() {
        assert_eq!(revision_tag("12").unwrap(), Some(12));
        assert_eq!(revision_tag("\"12\"").unwrap(), Some(12));
        assert_eq!(revision_tag("W/\"12\"").unwrap(), Some(12));
        assert_eq!(revision_tag(" * ").unwrap(), None);
        for bad in ["\"ab12\"", "1, 2", "-1", "\"\"", "W/"] {
            assert!(revision_tag(bad).is_err(), "{bad}");
        }
    }
}
