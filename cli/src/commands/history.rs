use aether_sdk::HistoryEntry;

use super::{WorkflowArgs, explain};
use crate::output::{local, print_json, rfc3339, table};

pub type Args = WorkflowArgs;

pub async fn run(args: Args) -> anyhow::Result<()> {
    let client = args.client.connect().await?;
    let history = client
        .history(&args.workflow_id)
        .await
        .map_err(|e| explain(e, &args.client.server))?;
    if args.client.json {
        let json: Vec<serde_json::Value> = history
            .iter()
            .map(|h| {
                let mut value = serde_json::to_value(h).unwrap_or_default();
                value["at"] = rfc3339(h.at_ms).into();
                value
            })
            .collect();
        return print_json(&json);
    }
    let rows: Vec<Vec<String>> = history
        .iter()
        .map(|h| {
            let detail = detail(h);
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
                    h.name.clone()
                },
                if h.attempt == 0 {
                    "-".into()
                } else {
                    h.attempt.to_string()
                },
                format!("{} B", h.payload_bytes),
                detail,
            ]
        })
        .collect();
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

/// Payloads longer than this stay out of DETAIL; the PAYLOAD column has their size.
const SHORT_PAYLOAD: usize = 40;

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
