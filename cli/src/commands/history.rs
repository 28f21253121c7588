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
            let detail = match (&h.failure, &h.child_workflow_id, &h.reason) {
                (Some(f), _, _) => format!("{}: {}", f.error_type, f.message),
                (_, Some(child), _) => format!("child {child}"),
                (_, _, Some(reason)) => reason.clone(),
                _ => h
                    .fire_at_ms
                    .map(|at| format!("fires {}", local(at)))
                    .unwrap_or_default(),
            };
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
