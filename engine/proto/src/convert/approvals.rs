//! Approvals on the wire: the approval record, its request and evidence, decisions, listings.
//! A `payload_json` field holds JSON text; anything else is a [`WireError`].

use aether_types::{
    Approval, ApprovalId, ApprovalRequest, ApprovalState, Decision, Evidence, Outcome, WorkflowId,
};

use super::{WireError, workspace::parse_json};
use crate::v1;

impl From<ApprovalState> for v1::ApprovalState {
    fn from(state: ApprovalState) -> Self {
        match state {
            ApprovalState::Pending => v1::ApprovalState::Pending,
            ApprovalState::Approved => v1::ApprovalState::Approved,
            ApprovalState::Denied => v1::ApprovalState::Denied,
            ApprovalState::Expired => v1::ApprovalState::Expired,
            ApprovalState::Cancelled => v1::ApprovalState::Cancelled,
        }
    }
}

/// `None` for UNSPECIFIED.
pub fn approval_state_from_wire(state: v1::ApprovalState) -> Option<ApprovalState> {
    match state {
        v1::ApprovalState::Unspecified => None,
        v1::ApprovalState::Pending => Some(ApprovalState::Pending),
        v1::ApprovalState::Approved => Some(ApprovalState::Approved),
        v1::ApprovalState::Denied => Some(ApprovalState::Denied),
        v1::ApprovalState::Expired => Some(ApprovalState::Expired),
        v1::ApprovalState::Cancelled => Some(ApprovalState::Cancelled),
    }
}

impl From<Outcome> for v1::Outcome {
    fn from(outcome: Outcome) -> Self {
        match outcome {
            Outcome::Approved => v1::Outcome::Approved,
            Outcome::Denied => v1::Outcome::Denied,
            Outcome::Expired => v1::Outcome::Expired,
        }
    }
}

/// `None` for UNSPECIFIED.
pub fn outcome_from_wire(outcome: v1::Outcome) -> Option<Outcome> {
    match outcome {
        v1::Outcome::Unspecified => None,
        v1::Outcome::Approved => Some(Outcome::Approved),
        v1::Outcome::Denied => Some(Outcome::Denied),
        v1::Outcome::Expired => Some(Outcome::Expired),
    }
}

fn json_text(value: Option<serde_json::Value>) -> Option<String> {
    value.map(|v| v.to_string())
}

fn json_value(
    field: &'static str,
    text: Option<&str>,
) -> Result<Option<serde_json::Value>, WireError> {
    text.map(|t| parse_json(field, t)).transpose()
}

impl From<Evidence> for v1::Evidence {
    fn from(evidence: Evidence) -> Self {
        use v1::evidence::Kind;
        let kind = match evidence {
            Evidence::Session {
                session_id,
                revision,
            } => Kind::Session(v1::SessionEvidence {
                session_id,
                revision,
            }),
            Evidence::Checkpoint {
                session_id,
                checkpoint_id,
            } => Kind::Checkpoint(v1::CheckpointEvidence {
                session_id,
                checkpoint_id,
            }),
            Evidence::Annotation {
                session_id,
                annotation_id,
            } => Kind::Annotation(v1::AnnotationEvidence {
                session_id,
                annotation_id,
            }),
            Evidence::Url { url, label } => Kind::Url(v1::UrlEvidence { url, label }),
        };
        v1::Evidence { kind: Some(kind) }
    }
}

impl TryFrom<v1::Evidence> for Evidence {
    type Error = WireError;

    fn try_from(evidence: v1::Evidence) -> Result<Self, WireError> {
        use v1::evidence::Kind;
        Ok(
            match evidence.kind.ok_or(WireError::Missing {
                message: "evidence",
                field: "kind",
            })? {
                Kind::Session(e) => Evidence::Session {
                    session_id: e.session_id,
                    revision: e.revision,
                },
                Kind::Checkpoint(e) => Evidence::Checkpoint {
                    session_id: e.session_id,
                    checkpoint_id: e.checkpoint_id,
                },
                Kind::Annotation(e) => Evidence::Annotation {
                    session_id: e.session_id,
                    annotation_id: e.annotation_id,
                },
                Kind::Url(e) => Evidence::Url {
                    url: e.url,
                    label: e.label,
                },
            },
        )
    }
}

impl From<ApprovalRequest> for v1::ApprovalRequest {
    fn from(request: ApprovalRequest) -> Self {
        v1::ApprovalRequest {
            reason: request.reason,
            detail: request.detail,
            evidence: request.evidence.into_iter().map(Into::into).collect(),
            session_id: request.session_id,
            timeout_ms: request.timeout_ms.unwrap_or(0),
        }
    }
}

impl TryFrom<v1::ApprovalRequest> for ApprovalRequest {
    type Error = WireError;

    fn try_from(request: v1::ApprovalRequest) -> Result<Self, WireError> {
        Ok(ApprovalRequest {
            reason: request.reason,
            detail: request.detail,
            evidence: request
                .evidence
                .into_iter()
                .map(Evidence::try_from)
                .collect::<Result<_, _>>()?,
            session_id: request.session_id,
            timeout_ms: (request.timeout_ms != 0).then_some(request.timeout_ms),
        })
    }
}

impl From<Approval> for v1::Approval {
    fn from(a: Approval) -> Self {
        v1::Approval {
            id: a.id.to_string(),
            workflow_id: a.workflow_id.map(|w| w.into_string()).unwrap_or_default(),
            position: a.position,
            request: Some(a.request.into()),
            requested_at_ms: a.requested_at,
            expires_at_ms: a.expires_at.unwrap_or(0),
            state: v1::ApprovalState::from(a.state).into(),
            decided_by: a.decided_by,
            decided_by_hint: a.decided_by_hint,
            decided_at_ms: a.decided_at.unwrap_or(0),
            comment: a.comment,
            payload_json: json_text(a.payload),
            watchers: a.watchers.into_iter().map(|w| w.into_string()).collect(),
        }
    }
}

impl TryFrom<v1::Approval> for Approval {
    type Error = WireError;

    fn try_from(a: v1::Approval) -> Result<Self, WireError> {
        let unknown = |field: &'static str, value: &str| WireError::Unknown {
            field,
            value: value.to_owned(),
        };
        let state = approval_state_from_wire(a.state())
            .ok_or_else(|| unknown("state", &a.state.to_string()))?;
        Ok(Approval {
            id: ApprovalId::parse(&a.id).map_err(|_| unknown("id", &a.id))?,
            workflow_id: (!a.workflow_id.is_empty())
                .then(|| WorkflowId::parse(&a.workflow_id))
                .transpose()
                .map_err(|_| unknown("workflow_id", &a.workflow_id))?,
            position: a.position,
            request: a
                .request
                .ok_or(WireError::Missing {
                    message: "approval",
                    field: "request",
                })?
                .try_into()?,
            requested_at: a.requested_at_ms,
            expires_at: (a.expires_at_ms != 0).then_some(a.expires_at_ms),
            state,
            decided_by: a.decided_by,
            decided_by_hint: a.decided_by_hint,
            decided_at: (a.decided_at_ms != 0).then_some(a.decided_at_ms),
            comment: a.comment,
            payload: json_value("payload_json", a.payload_json.as_deref())?,
            watchers: a
                .watchers
                .iter()
                .map(|w| WorkflowId::parse(w).map_err(|_| unknown("watchers", w)))
                .collect::<Result<_, _>>()?,
            version: 0,
        })
    }
}

impl From<Decision> for v1::Decision {
    fn from(d: Decision) -> Self {
        v1::Decision {
            approval_id: d.approval_id.to_string(),
            outcome: v1::Outcome::from(d.outcome).into(),
            by: d.by,
            by_hint: d.by_hint,
            comment: d.comment,
            payload_json: json_text(d.payload),
            at_ms: d.at,
        }
    }
}

impl TryFrom<v1::Decision> for Decision {
    type Error = WireError;

    fn try_from(d: v1::Decision) -> Result<Self, WireError> {
        let outcome = outcome_from_wire(d.outcome()).ok_or_else(|| WireError::Unknown {
            field: "outcome",
            value: d.outcome.to_string(),
        })?;
        Ok(Decision {
            approval_id: ApprovalId::parse(&d.approval_id).map_err(|_| WireError::Unknown {
                field: "approval_id",
                value: d.approval_id.clone(),
            })?,
            outcome,
            by: d.by,
            by_hint: d.by_hint,
            comment: d.comment,
            payload: json_value("payload_json", d.payload_json.as_deref())?,
            at: d.at_ms,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approvals_round_trip() {
        let mut approval = Approval::pending(
            ApprovalId::generate(),
            Some((WorkflowId::parse("wf").unwrap(), 3)),
            ApprovalRequest {
                reason: "deploy".into(),
                detail: "**prod**".into(),
                evidence: vec![
                    Evidence::Session {
                        session_id: "s1".into(),
                        revision: Some(4),
                    },
                    Evidence::Url {
                        url: "https://example.com".into(),
                        label: None,
                    },
                ],
                session_id: Some("s1".into()),
                timeout_ms: Some(60_000),
            },
            1_000,
        );
        approval.decide(&Decision {
            approval_id: approval.id.clone(),
            outcome: Outcome::Denied,
            by: Some("ana".into()),
            by_hint: Some("ana b.".into()),
            comment: Some("not today".into()),
            payload: Some(serde_json::json!({"edit": [1, 2]})),
            at: 2_000,
        });
        let back = Approval::try_from(v1::Approval::from(approval.clone())).unwrap();
        assert_eq!(
            back,
            Approval {
                version: 0,
                ..approval.clone()
            }
        );
        let decision = approval.decision().unwrap();
        assert_eq!(
            Decision::try_from(v1::Decision::from(decision.clone())).unwrap(),
            decision
        );
    }

    #[test]
    fn a_payload_that_is_not_json_is_refused() {
        let wire = v1::Decision {
            approval_id: ApprovalId::generate().to_string(),
            outcome: v1::Outcome::Approved.into(),
            payload_json: Some("{nope".into()),
            ..Default::default()
        };
        assert!(matches!(
            Decision::try_from(wire),
            Err(WireError::Json { .. })
        ));
    }
}
