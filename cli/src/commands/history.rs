use aether_sdk::HistoryEntry;

use super::{WorkflowArgs, explain};
use crate::output::{clip, local, print_json, printable, rfc3339, table};

pub type Args = WorkflowArgs;

pub async fn run(args: Args) -> anyhow::Result<()> {
    let client = args.client.connect().await?;
    let history = client
        .history(&args.workflow_id)
        .await
        .map_err(|e| explain(e, &args.client.server))?;
    if args.client.json {
        let json: Vec<serde_json::Value> = history.iter().map(entry_json).collect();
        return print_json(&json);
    }
    let rows: Vec<Vec<String>> = history.iter().map(row).collect();
    print!(
        "{}",
        table(
            &[
                "SEQ", "TIME", "ACTION", "POS", "NAME", "ATTEMPT", "PAYLOAD", "DETAIL"
            ],
            &rows
        )
    );
    Ok(())
}

/// One action as `--json` prints it: every field of the entry, and its time in RFC 3339.
fn entry_json(h: &HistoryEntry) -> serde_json::Value {
    let mut value = serde_json::to_value(h).unwrap_or_default();
    value["at"] = rfc3339(h.at_ms).into();
    value
}

/// One row of the table. Names and details were written by workflow code, reviewers and
/// senders of signals: they go through [`printable`].
fn row(h: &HistoryEntry) -> Vec<String> {
    vec![
        h.seq.to_string(),
        local(h.at_ms),
        h.action.to_owned(),
        h.position
            .map(|p| p.to_string())
            .unwrap_or_else(|| "-".into()),
        if h.name.is_empty() {
            "-".into()
        } else {
            printable(&h.name)
        },
        if h.attempt == 0 {
            "-".into()
        } else {
            h.attempt.to_string()
        },
        format!("{} B", h.payload_bytes),
        printable(&detail(h)),
    ]
}

/// Payloads longer than this stay out of DETAIL; the PAYLOAD column has their size.
const SHORT_PAYLOAD: usize = 40;
/// Comments longer than this are cut in DETAIL; `--json` has them whole.
const SHORT_COMMENT: usize = 60;

/// The DETAIL column: what the action adds beyond its kind, name and position.
fn detail(h: &HistoryEntry) -> String {
    match h.action {
        "signal_received" => {
            let mut text = match h.payload.as_ref().map(|p| p.to_string()) {
                Some(json) if json.chars().count() <= SHORT_PAYLOAD => format!("payload {json}"),
                _ => String::new(),
            };
            if let Some(key) = &h.idempotency_key {
                if !text.is_empty() {
                    text.push_str(", ");
                }
                text.push_str(&format!("idempotency key {key}"));
            }
            text
        }
        "signal_wait_started" => match h.fire_at_ms {
            Some(at) => format!("times out {}", local(at)),
            None => "no timeout".into(),
        },
        "signal_delivered" => match h.signal_seq {
            Some(seq) => format!("signal #{seq}"),
            None => String::new(),
        },
        "wait_timed_out" => "timed out".into(),
        "approval_requested" => {
            let id = h.approval_id.as_deref().unwrap_or("?");
            match h.fire_at_ms {
                Some(at) => format!("approval {id}, expires {}", local(at)),
                None => format!("approval {id}, no expiry"),
            }
        }
        "approval_wait_started" => {
            let id = h.approval_id.as_deref().unwrap_or("?");
            match h.fire_at_ms {
                Some(at) => format!("approval {id}, until {}", local(at)),
                None => format!("approval {id}, no timeout"),
            }
        }
        "approval_decided" => decided(h),
        "step_completed" => attempt_run(h),
        "step_failed" => {
            let run = attempt_run(h);
            let failed = match &h.failure {
                Some(f) => format!("{}: {}", f.error_type, f.message),
                None => "failed".into(),
            };
            let retry = h
                .fire_at_ms
                .map(|at| format!(", retry {}", local(at)))
                .unwrap_or_default();
            if run.is_empty() {
                format!("{failed}{retry}")
            } else {
                format!("{failed}{retry}; {run}")
            }
        }
        "workspace_activity" => match (&h.failure, &h.session_id) {
            (Some(f), _) => format!("refused: {}: {}", f.error_type, f.message),
            (None, Some(session)) => match h.session_revision {
                Some(revision) => format!("session {session} at revision {revision}"),
                None => format!("session {session}"),
            },
            (None, None) => String::new(),
        },
        _ => match (&h.failure, &h.child_workflow_id, &h.reason) {
            (Some(f), _, _) => format!("{}: {}", f.error_type, f.message),
            (_, Some(child), _) => format!("child {child}"),
            (_, _, Some(reason)) => reason.clone(),
            _ => h
                .fire_at_ms
                .map(|at| format!("fires {}", local(at)))
                .unwrap_or_default(),
        },
    }
}

/// "ran 12 ms on worker-1": where and how long a step attempt ran, as far as the history says
/// (nothing for histories recorded before it did). The lease time is in `--json`.
fn attempt_run(h: &HistoryEntry) -> String {
    let mut parts = Vec::new();
    if let Some(ms) = h.duration_ms {
        parts.push(format!("ran {ms} ms"));
    }
    if let Some(worker) = &h.worker_id {
        parts.push(format!("on {worker}"));
    }
    parts.join(" ")
}

/// "denied by ana, comment "not now", payload {"replicas":3}", or "expired".
fn decided(h: &HistoryEntry) -> String {
    let mut text = h
        .outcome
        .map_or("decided", |outcome| outcome.as_str())
        .to_owned();
    if let Some(by) = &h.decided_by {
        text.push_str(&format!(" by {by}"));
    }
    if let Some(comment) = &h.comment {
        text.push_str(&format!(", comment \"{}\"", clip(comment, SHORT_COMMENT)));
    }
    if let Some(json) = h.payload.as_ref().map(|p| p.to_string())
        && json.chars().count() <= SHORT_PAYLOAD
    {
        text.push_str(&format!(", payload {json}"));
    }
    text
}

#[cfg(test)]
mod tests {
    use aether_sdk::Outcome;

    use super::*;

    fn entry(action: &'static str) -> HistoryEntry {
        HistoryEntry {
            seq: 3,
            at_ms: 1_000,
            action,
            position: Some(1),
            name: String::new(),
            attempt: 0,
            payload_bytes: 0,
            payload: None,
            failure: None,
            fire_at_ms: None,
            child_workflow_id: None,
            reason: None,
            idempotency_key: None,
            signal_seq: None,
            approval_id: Some("6c1e".into()),
            outcome: None,
            decided_by: None,
            comment: None,
            session_id: None,
            session_revision: None,
            worker_id: None,
            leased_at_ms: None,
            duration_ms: None,
            heartbeat_details: None,
        }
    }

    #[test]
    fn step_attempts_say_where_and_how_long_they_ran_when_known() {
        let mut done = entry("step_completed");
        assert_eq!(detail(&done), "", "an older history knows nothing more");
        done.worker_id = Some("worker-1".into());
        done.duration_ms = Some(12);
        assert_eq!(detail(&done), "ran 12 ms on worker-1");
        let mut failed = entry("step_failed");
        failed.failure = Some(aether_sdk::Failure::new("Error", "upstream 503"));
        assert_eq!(detail(&failed), "Error: upstream 503");
        failed.worker_id = Some("worker-1".into());
        failed.duration_ms = Some(3);
        assert_eq!(detail(&failed), "Error: upstream 503; ran 3 ms on worker-1");
    }

    #[test]
    fn workspace_activities_name_the_session_and_revision_or_the_refusal() {
        let mut write = entry("workspace_activity");
        write.session_id = Some("ws-1".into());
        write.session_revision = Some(4);
        assert_eq!(detail(&write), "session ws-1 at revision 4");
        write.failure = Some(aether_sdk::Failure::new("stale_revision", "at 5, not 4"));
        assert_eq!(detail(&write), "refused: stale_revision: at 5, not 4");
    }

    #[test]
    fn approval_requests_and_waits_say_which_approval_and_until_when() {
        let mut requested = entry("approval_requested");
        requested.name = "deploy".into();
        assert_eq!(detail(&requested), "approval 6c1e, no expiry");
        requested.fire_at_ms = Some(9_000);
        assert_eq!(
            detail(&requested),
            format!("approval 6c1e, expires {}", local(9_000))
        );
        let mut wait = entry("approval_wait_started");
        assert_eq!(detail(&wait), "approval 6c1e, no timeout");
        wait.fire_at_ms = Some(9_000);
        assert_eq!(
            detail(&wait),
            format!("approval 6c1e, until {}", local(9_000))
        );
    }

    #[test]
    fn decisions_say_outcome_reviewer_comment_and_payload() {
        let mut denied = entry("approval_decided");
        denied.outcome = Some(Outcome::Denied);
        denied.decided_by = Some("ana".into());
        denied.comment = Some("not today".into());
        denied.payload = Some(serde_json::json!({"replicas": 3}));
        assert_eq!(
            detail(&denied),
            r#"denied by ana, comment "not today", payload {"replicas":3}"#
        );
        let mut expired = entry("approval_decided");
        expired.outcome = Some(Outcome::Expired);
        assert_eq!(detail(&expired), "expired");
        let mut long = entry("approval_decided");
        long.outcome = Some(Outcome::Approved);
        long.comment = Some("x".repeat(100));
        long.payload = Some(serde_json::json!("y".repeat(100)));
        assert_eq!(
            detail(&long),
            format!("approved, comment \"{}…\"", "x".repeat(SHORT_COMMENT - 1))
        );
    }

    #[test]
    fn json_carries_the_decision() {
        let mut denied = entry("approval_decided");
        denied.outcome = Some(Outcome::Denied);
        denied.decided_by = Some("ana".into());
        denied.comment = Some("not today".into());
        let json = entry_json(&denied);
        assert_eq!(json["action"], "approval_decided");
        assert_eq!(json["approval_id"], "6c1e");
        assert_eq!(json["outcome"], "denied");
        assert_eq!(json["decided_by"], "ana");
        assert_eq!(json["comment"], "not today");
        assert_eq!(json["at"], "1970-01-01T00:00:01.000Z");
    }

    #[test]
    fn the_table_cannot_be_driven_by_what_workflows_wrote() {
        let mut decided = entry("approval_decided");
        decided.outcome = Some(Outcome::Approved);
        decided.comment = Some("ok\u{1b}[2J".into());
        assert_eq!(row(&decided)[7], r#"approved, comment "ok\u{1b}[2J""#);
    }
}
