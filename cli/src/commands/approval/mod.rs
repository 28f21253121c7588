//! `aether approvals`, `aether approval ID`, `aether approve|deny ID`: the approvals inbox from a
//! shell, through the Rust SDK's `ApprovalClient` like any other client.
//!
//! Everything an approval carries was written by a workflow, an agent or a reviewer, and the
//! person reading it may be about to approve on the strength of it: every such text goes
//! through [`printable`] before it reaches the terminal. `--json` prints the approval model's
//! own JSON (camelCase, times in ms), the shape the HTTP API speaks.

pub mod decide;
pub mod list;
pub mod show;

use aether_sdk::{Approval, ApprovalId, Evidence};

use crate::output::{local, printable};

/// For clap: an approval id is a UUID, checked before any call.
pub fn parse_id(text: &str) -> Result<ApprovalId, String> {
    ApprovalId::parse(text).map_err(|e| e.to_string())
}

/// An approval as `--json` prints it. The wire carries no version (the engine's compare-and-set
/// is its own business), so the model's placeholder is left out rather than shown as a fact.
pub fn approval_json(approval: &Approval) -> anyhow::Result<serde_json::Value> {
    let mut json = serde_json::to_value(approval)?;
    if let Some(fields) = json.as_object_mut() {
        fields.remove("version");
    }
    Ok(json)
}

/// Who asked: the workflow, or the session of an approval requested outside any workflow.
pub fn origin(approval: &Approval) -> String {
    match (&approval.workflow_id, &approval.request.session_id) {
        (Some(workflow), _) => format!("workflow {workflow}"),
        (None, Some(session)) => format!("session {}", printable(session)),
        (None, None) => "-".into(),
    }
}

/// One evidence link in words.
pub fn describe_evidence(evidence: &Evidence) -> String {
    let text = match evidence {
        Evidence::Session {
            session_id,
            revision: Some(revision),
        } => format!("session {session_id} at revision {revision}"),
        Evidence::Session {
            session_id,
            revision: None,
        } => format!("session {session_id}"),
        Evidence::Checkpoint {
            session_id,
            checkpoint_id,
        } => format!("checkpoint {checkpoint_id} of session {session_id}"),
        Evidence::Annotation {
            session_id,
            annotation_id,
        } => format!("annotation {annotation_id} on session {session_id}"),
        Evidence::Url {
            url,
            label: Some(label),
        } => format!("{label}: {url}"),
        Evidence::Url { url, label: None } => url.clone(),
    };
    printable(&text)
}

/// How a decision that came too late is reported: the first outcome, by whom, when.
pub fn already_decided(approval: &Approval) -> String {
    let mut text = format!("approval {} was already {}", approval.id, approval.state);
    if let Some(by) = &approval.decided_by {
        text.push_str(&format!(" by {}", printable(by)));
    }
    if let Some(at) = approval.decided_at {
        text.push_str(&format!(" at {}", local(at)));
    }
    text
}

#[cfg(test)]
pub(crate) mod tests {
    use aether_sdk::{ApprovalRequest, Decision, Outcome};

    use aether_sdk::ApprovalState;

    use super::*;

    pub fn pending(reason: &str) -> Approval {
        Approval::pending(
            ApprovalId::generate(),
            None,
            ApprovalRequest {
                reason: reason.into(),
                session_id: Some("s1".into()),
                ..Default::default()
            },
            1_000,
        )
    }

    pub fn decided(outcome: Outcome, by: Option<&str>) -> Approval {
        let mut approval = pending("deploy");
        approval.decide(&Decision {
            approval_id: approval.id.clone(),
            outcome,
            by: by.map(Into::into),
            by_hint: None,
            comment: Some("not today".into()),
            payload: None,
            at: 2_000,
        });
        approval
    }

    #[test]
    fn a_late_decision_names_the_first_one() {
        let denied = decided(Outcome::Denied, Some("ana"));
        assert_eq!(
            already_decided(&denied),
            format!(
                "approval {} was already denied by ana at {}",
                denied.id,
                local(2_000)
            )
        );
        let expired = decided(Outcome::Expired, None);
        assert_eq!(
            already_decided(&expired),
            format!(
                "approval {} was already expired at {}",
                expired.id,
                local(2_000)
            )
        );
        let mut cancelled = pending("deploy");
        cancelled.state = ApprovalState::Cancelled;
        assert_eq!(
            already_decided(&cancelled),
            format!("approval {} was already cancelled", cancelled.id)
        );
    }

    #[test]
    fn json_leaves_out_the_version_the_wire_does_not_carry() {
        let json = approval_json(&pending("deploy")).unwrap();
        assert!(json.get("version").is_none());
        assert_eq!(json["reason"], "deploy");
        assert_eq!(json["sessionId"], "s1");
        assert_eq!(json["state"], "pending");
    }

    #[test]
    fn ids_are_checked_before_any_call() {
        assert!(parse_id("not-a-uuid").is_err());
        let id = ApprovalId::generate();
        assert_eq!(parse_id(&id.to_string()), Ok(id));
    }

    #[test]
    fn evidence_reads_as_words_and_cannot_drive_the_terminal() {
        let link = Evidence::Url {
            url: "https://ci.example/1".into(),
            label: Some("CI \u{1b}[31mgreen".into()),
        };
        assert_eq!(
            describe_evidence(&link),
            "CI \\u{1b}[31mgreen: https://ci.example/1"
        );
        let session = Evidence::Session {
            session_id: "s1".into(),
            revision: Some(4),
        };
        assert_eq!(describe_evidence(&session), "session s1 at revision 4");
    }
}
