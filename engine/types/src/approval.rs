//! Approvals: a request for a person's decision, stored as an object of its own (who asked, why,
//! with what evidence, until when; who decided what, when, with which comment and edits), so
//! that approvals can be listed across runs and decided from the API, the CLI or the dashboard.
//!
//! An approval requested by a workflow (`ctx.requestApproval`) belongs to it: the record is a
//! projection of the workflow's action log (`ApprovalRequested`, `ApprovalDecided`, the
//! workflow's end) and is written in the same transaction as those actions. An approval
//! requested for a session outside any workflow stands alone; workflows may wait on it by id.
//!
//! Times are milliseconds since the Unix epoch, on every wire.

use serde::{Deserialize, Serialize};

use crate::{Millis, WorkflowId};

/// Longest `reason` code.
pub const MAX_REASON_LEN: usize = 128;
/// Largest `detail` (markdown), and largest comment.
pub const MAX_DETAIL_CHARS: usize = 64 * 1024;
/// Largest decision payload (JSON), the same bound as a signal's: it travels in the journal.
pub const MAX_DECISION_PAYLOAD_BYTES: usize = 1024 * 1024;
/// Most evidence links on one approval.
pub const MAX_EVIDENCE: usize = 64;
/// Longest `by`.
pub const MAX_BY_LEN: usize = 255;

/// Identifies an approval: a UUID, chosen by the engine when the approval is requested.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct ApprovalId(String);

impl ApprovalId {
    pub fn generate() -> Self {
        Self(uuid::Uuid::new_v4().to_string())
    }

    pub fn parse(value: impl Into<String>) -> Result<Self, ApprovalError> {
        let value = value.into();
        match uuid::Uuid::parse_str(&value) {
            Ok(uuid) => Ok(Self(uuid.hyphenated().to_string())),
            Err(_) => Err(ApprovalError::Invalid(format!(
                "approval id '{}' is not a UUID",
                value.chars().take(64).collect::<String>()
            ))),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ApprovalId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApprovalError {
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    TooLarge(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ApprovalState {
    Pending,
    Approved,
    Denied,
    Expired,
    /// Its workflow ended (was cancelled, or finished without waiting for it).
    Cancelled,
}

impl ApprovalState {
    pub const ALL: [ApprovalState; 5] = [
        ApprovalState::Pending,
        ApprovalState::Approved,
        ApprovalState::Denied,
        ApprovalState::Expired,
        ApprovalState::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ApprovalState::Pending => "pending",
            ApprovalState::Approved => "approved",
            ApprovalState::Denied => "denied",
            ApprovalState::Expired => "expired",
            ApprovalState::Cancelled => "cancelled",
        }
    }
}

impl std::fmt::Display for ApprovalState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for ApprovalState {
    type Err = ApprovalError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|state| state.as_str() == s)
            .ok_or_else(|| {
                ApprovalError::Invalid(format!(
                    "unknown approval state '{s}' (expected pending, approved, denied, expired or cancelled)"
                ))
            })
    }
}

/// How an approval ended, as the workflow code sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Approved,
    Denied,
    Expired,
}

impl Outcome {
    pub fn state(self) -> ApprovalState {
        match self {
            Outcome::Approved => ApprovalState::Approved,
            Outcome::Denied => ApprovalState::Denied,
            Outcome::Expired => ApprovalState::Expired,
        }
    }

    pub fn as_str(self) -> &'static str {
        self.state().as_str()
    }
}

impl std::str::FromStr for Outcome {
    type Err = ApprovalError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "approved" => Ok(Outcome::Approved),
            "denied" => Ok(Outcome::Denied),
            "expired" => Ok(Outcome::Expired),
            _ => Err(ApprovalError::Invalid(format!(
                "unknown outcome '{s}' (expected approved, denied or expired)"
            ))),
        }
    }
}

/// What an approval points at, for the reviewer: a session (at a revision), a checkpoint, an
/// annotation, or a URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Evidence {
    #[serde(rename_all = "camelCase")]
    Session {
        session_id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        revision: Option<u64>,
    },
    #[serde(rename_all = "camelCase")]
    Checkpoint {
        session_id: String,
        checkpoint_id: String,
    },
    #[serde(rename_all = "camelCase")]
    Annotation {
        session_id: String,
        annotation_id: String,
    },
    Url {
        url: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
}

/// What is asked: the same for a workflow's `ctx.requestApproval` and for a session's
/// `request-approval`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ApprovalRequest {
    /// A machine-readable code (`deploy`, `pii.export`): letters, digits, `_ . : -`.
    pub reason: String,
    /// For the reviewer, in markdown.
    #[serde(default)]
    pub detail: String,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    /// The session it is about, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    /// After this long undecided it expires; `None` never.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_ms: Option<u64>,
}

impl ApprovalRequest {
    /// Checks every bound; a request that passes can be stored as it is.
    pub fn validate(&self) -> Result<(), ApprovalError> {
        validate_reason(&self.reason)?;
        let detail = self.detail.chars().count();
        if detail > MAX_DETAIL_CHARS {
            return Err(ApprovalError::TooLarge(format!(
                "an approval's detail is at most {MAX_DETAIL_CHARS} characters; this one has {detail}"
            )));
        }
        if self.evidence.len() > MAX_EVIDENCE {
            return Err(ApprovalError::TooLarge(format!(
                "an approval has at most {MAX_EVIDENCE} evidence links; this one has {}",
                self.evidence.len()
            )));
        }
        for evidence in &self.evidence {
            let texts: Vec<&str> = match evidence {
                Evidence::Session { session_id, .. } => vec![session_id],
                Evidence::Checkpoint {
                    session_id,
                    checkpoint_id,
                } => vec![session_id, checkpoint_id],
                Evidence::Annotation {
                    session_id,
                    annotation_id,
                } => vec![session_id, annotation_id],
                Evidence::Url { url, label } => {
                    let mut texts = vec![url.as_str()];
                    texts.extend(label.as_deref());
                    texts
                }
            };
            if texts
                .iter()
                .any(|t| t.is_empty() || t.chars().count() > 2048)
            {
                return Err(ApprovalError::Invalid(
                    "evidence fields must be non-empty and at most 2048 characters".into(),
                ));
            }
        }
        if let Some(session) = &self.session_id
            && (session.is_empty() || session.chars().count() > 255)
        {
            return Err(ApprovalError::Invalid(
                "an approval's session id must be 1 to 255 characters".into(),
            ));
        }
        if self.timeout_ms == Some(0) {
            return Err(ApprovalError::Invalid(
                "an approval's timeout must be positive (leave it out for none)".into(),
            ));
        }
        Ok(())
    }

    /// When a request made at `now` expires.
    pub fn expires_at(&self, now: Millis) -> Option<Millis> {
        self.timeout_ms
            .map(|ms| now.saturating_add(i64::try_from(ms).unwrap_or(i64::MAX)))
    }
}

fn validate_reason(reason: &str) -> Result<(), ApprovalError> {
    let ok = !reason.is_empty()
        && reason.len() <= MAX_REASON_LEN
        && reason
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':' | '-'));
    if ok {
        Ok(())
    } else {
        Err(ApprovalError::Invalid(format!(
            "an approval's reason is a code of 1 to {MAX_REASON_LEN} letters, digits and _ . : - (got '{}')",
            reason.chars().take(64).collect::<String>()
        )))
    }
}

/// A reviewer's decision as submitted: approve or deny, by whom, why, with what edits.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct DecisionInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// With API keys, `by` is the deciding key's name and the name the caller claimed (a body's
    /// `by`, an actor header) is kept only as this hint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by_hint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Any JSON: the reviewer's edits or choice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<serde_json::Value>"))]
    pub payload: Option<serde_json::Value>,
}

impl DecisionInput {
    pub fn validate(&self) -> Result<(), ApprovalError> {
        if let Some(by) = &self.by
            && (by.is_empty()
                || by.chars().count() > MAX_BY_LEN
                || by.chars().any(char::is_control))
        {
            return Err(ApprovalError::Invalid(format!(
                "'by' must be 1 to {MAX_BY_LEN} characters without control characters"
            )));
        }
        if let Some(hint) = &self.by_hint
            && (hint.is_empty()
                || hint.chars().count() > MAX_BY_LEN
                || hint.chars().any(char::is_control))
        {
            return Err(ApprovalError::Invalid(format!(
                "'by' must be 1 to {MAX_BY_LEN} characters without control characters"
            )));
        }
        if let Some(comment) = &self.comment
            && comment.chars().count() > MAX_DETAIL_CHARS
        {
            return Err(ApprovalError::TooLarge(format!(
                "a comment is at most {MAX_DETAIL_CHARS} characters; this one has {}",
                comment.chars().count()
            )));
        }
        if let Some(payload) = &self.payload {
            let size = serde_json::to_vec(payload).map(|b| b.len()).unwrap_or(0);
            if size > MAX_DECISION_PAYLOAD_BYTES {
                return Err(ApprovalError::TooLarge(format!(
                    "a decision payload is at most {MAX_DECISION_PAYLOAD_BYTES} bytes of JSON; this one has {size}"
                )));
            }
        }
        Ok(())
    }
}

/// How an approval ended: what the workflow code receives, and what the record keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Decision {
    pub approval_id: ApprovalId,
    pub outcome: Outcome,
    /// Who decided; `None` for an expiry.
    pub by: Option<String>,
    /// Who the decider said they were, when `by` is a key's name (see [`DecisionInput`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by_hint: Option<String>,
    pub comment: Option<String>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<serde_json::Value>"))]
    pub payload: Option<serde_json::Value>,
    /// When it was decided (or expired), ms since the epoch.
    pub at: Millis,
}

impl Decision {
    pub fn expired(approval_id: ApprovalId, at: Millis) -> Self {
        Self {
            approval_id,
            outcome: Outcome::Expired,
            by: None,
            by_hint: None,
            comment: None,
            payload: None,
            at,
        }
    }
}

/// An approval as stored and listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Approval {
    pub id: ApprovalId,
    /// The workflow that requested it and the journal position of the request; `None` for an
    /// approval requested for a session outside any workflow.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub workflow_id: Option<WorkflowId>,
    pub position: Option<u32>,
    #[serde(flatten)]
    pub request: ApprovalRequest,
    pub requested_at: Millis,
    pub expires_at: Option<Millis>,
    pub state: ApprovalState,
    pub decided_by: Option<String>,
    /// The name the decider claimed, when `decided_by` is the deciding key's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_by_hint: Option<String>,
    pub decided_at: Option<Millis>,
    pub comment: Option<String>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<serde_json::Value>"))]
    pub payload: Option<serde_json::Value>,
    /// Workflows waiting on it by id (approvals outside workflows only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    pub watchers: Vec<WorkflowId>,
    /// Bumped by every change; a standalone approval is written only over the version read.
    pub version: u64,
}

impl Approval {
    /// A new pending approval.
    pub fn pending(
        id: ApprovalId,
        workflow: Option<(WorkflowId, u32)>,
        request: ApprovalRequest,
        now: Millis,
    ) -> Self {
        let expires_at = request.expires_at(now);
        let (workflow_id, position) = workflow.map_or((None, None), |(w, p)| (Some(w), Some(p)));
        Self {
            id,
            workflow_id,
            position,
            request,
            requested_at: now,
            expires_at,
            state: ApprovalState::Pending,
            decided_by: None,
            decided_by_hint: None,
            decided_at: None,
            comment: None,
            payload: None,
            watchers: Vec::new(),
            version: 1,
        }
    }

    /// Its state as of `now`: a pending approval past its expiry is expired, whether or not
    /// anything has recorded that yet (so listings agree with what a decision would meet).
    pub fn state_at(&self, now: Millis) -> ApprovalState {
        match self.state {
            ApprovalState::Pending if self.expires_at.is_some_and(|at| at <= now) => {
                ApprovalState::Expired
            }
            state => state,
        }
    }

    /// The record as of `now` (see [`Approval::state_at`]).
    pub fn as_of(mut self, now: Millis) -> Self {
        if self.state_at(now) == ApprovalState::Expired && self.state == ApprovalState::Pending {
            self.state = ApprovalState::Expired;
            self.decided_at = self.expires_at;
        }
        self
    }

    /// Records a decision (or an expiry).
    pub fn decide(&mut self, decision: &Decision) {
        self.state = decision.outcome.state();
        self.decided_by = decision.by.clone();
        self.decided_by_hint = decision.by_hint.clone();
        self.decided_at = Some(decision.at);
        self.comment = decision.comment.clone();
        self.payload = decision.payload.clone();
        self.version += 1;
    }

    /// The decision it holds, if decided (approved, denied or expired).
    pub fn decision(&self) -> Option<Decision> {
        let outcome = match self.state {
            ApprovalState::Approved => Outcome::Approved,
            ApprovalState::Denied => Outcome::Denied,
            ApprovalState::Expired => Outcome::Expired,
            ApprovalState::Pending | ApprovalState::Cancelled => return None,
        };
        Some(Decision {
            approval_id: self.id.clone(),
            outcome,
            by: self.decided_by.clone(),
            by_hint: self.decided_by_hint.clone(),
            comment: self.comment.clone(),
            payload: self.payload.clone(),
            at: self.decided_at.unwrap_or(self.requested_at),
        })
    }
}

/// Which approvals to list, newest request first, a page at a time.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ApprovalFilter {
    /// As of the time of the query (see [`Approval::state_at`]).
    pub state: Option<ApprovalState>,
    pub workflow_id: Option<WorkflowId>,
    pub session_id: Option<String>,
    pub reason: Option<String>,
    /// Only approvals after this one in the listing's order.
    pub after: Option<ApprovalCursor>,
    pub limit: usize,
}

/// Where a page of approvals ends: the last one's request time and id. Encoded in the API as an
/// opaque string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovalCursor {
    pub requested_at: Millis,
    pub id: ApprovalId,
}

impl ApprovalCursor {
    pub fn of(approval: &Approval) -> Self {
        Self {
            requested_at: approval.requested_at,
            id: approval.id.clone(),
        }
    }

    pub fn encode(&self) -> String {
        format!("{}_{}", self.requested_at, self.id)
    }

    pub fn decode(text: &str) -> Result<Self, ApprovalError> {
        let invalid =
            || ApprovalError::Invalid(format!("'{text}' is not a cursor of this listing"));
        let (at, id) = text.split_once('_').ok_or_else(invalid)?;
        Ok(Self {
            requested_at: at.parse().map_err(|_| invalid())?,
            id: ApprovalId::parse(id).map_err(|_| invalid())?,
        })
    }

    /// Whether `approval` comes after this cursor (newest first, then by id descending).
    pub fn precedes(&self, approval: &Approval) -> bool {
        (approval.requested_at, &approval.id) < (self.requested_at, &self.id)
    }
}

/// Default and largest page of an approval listing.
pub const DEFAULT_APPROVAL_PAGE: usize = 100;
pub const MAX_APPROVAL_PAGE: usize = 1000;

#[cfg(test)]
mod tests {
    use super::*;

    fn request(reason: &str) -> ApprovalRequest {
        ApprovalRequest {
            reason: reason.into(),
            ..Default::default()
        }
    }

    #[test]
    fn reasons_are_codes() {
        assert!(request("deploy.prod:eu-1").validate().is_ok());
        for bad in ["", "has space", "é", &"x".repeat(MAX_REASON_LEN + 1)] {
            assert!(request(bad).validate().is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn a_pending_approval_past_its_expiry_reads_as_expired() {
        let mut req = request("deploy");
        req.timeout_ms = Some(1_000);
        let approval = Approval::pending(ApprovalId::generate(), None, req, 10_000);
        assert_eq!(approval.expires_at, Some(11_000));
        assert_eq!(approval.state_at(10_999), ApprovalState::Pending);
        assert_eq!(approval.state_at(11_000), ApprovalState::Expired);
        let expired = approval.as_of(11_000);
        assert_eq!(
            expired.decision().map(|d| d.outcome),
            Some(Outcome::Expired)
        );
    }

    #[test]
    fn cursors_round_trip_and_order_newest_first() {
        let a = Approval::pending(ApprovalId::generate(), None, request("r"), 5);
        let cursor = ApprovalCursor::of(&a);
        assert_eq!(ApprovalCursor::decode(&cursor.encode()), Ok(cursor.clone()));
        let older = Approval::pending(ApprovalId::generate(), None, request("r"), 4);
        assert!(cursor.precedes(&older));
        assert!(!cursor.precedes(&a));
        assert!(ApprovalCursor::decode("nonsense").is_err());
    }

    #[test]
    fn decision_payloads_are_bounded() {
        let big = serde_json::Value::String("x".repeat(MAX_DECISION_PAYLOAD_BYTES));
        let input = DecisionInput {
            payload: Some(big),
            ..Default::default()
        };
        assert!(matches!(input.validate(), Err(ApprovalError::TooLarge(_))));
    }
}
