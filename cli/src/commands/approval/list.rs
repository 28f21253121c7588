use aether_sdk::{Approval, ApprovalListOptions, ApprovalState};
use serde_json::json;

use super::{approval_json, origin};
use crate::{
    commands::{ClientArgs, explain},
    output::{clip, local, print_json, printable, table},
};

#[derive(clap::Args)]
pub struct Args {
    /// Only approvals in this state as of now: pending, approved, denied, expired, cancelled.
    #[arg(long)]
    state: Option<ApprovalState>,
    /// Only approvals requested by this workflow.
    #[arg(long = "workflow", value_name = "ID")]
    workflow_id: Option<String>,
    /// Only approvals about this session.
    #[arg(long = "session", value_name = "ID")]
    session_id: Option<String>,
    /// Only approvals with this reason code.
    #[arg(long)]
    reason: Option<String>,
    /// At most this many, newest request first (the server's default is 100, its maximum 1000).
    #[arg(long)]
    limit: Option<u32>,
    /// Continue a listing where its previous page ended (the "next cursor" it printed).
    #[arg(long)]
    cursor: Option<String>,
    #[command(flatten)]
    client: ClientArgs,
}

impl Args {
    fn options(&self) -> ApprovalListOptions {
        ApprovalListOptions {
            state: self.state,
            workflow_id: self.workflow_id.clone(),
            session_id: self.session_id.clone(),
            reason: self.reason.clone(),
            cursor: self.cursor.clone(),
            limit: self.limit.unwrap_or(0),
        }
    }
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let client = args.client.connect().await?;
    let (approvals, next) = client
        .approvals()
        .list(&args.options())
        .await
        .map_err(|e| explain(e, &args.client.server))?;
    if args.client.json {
        let approvals = approvals
            .iter()
            .map(approval_json)
            .collect::<anyhow::Result<Vec<_>>>()?;
        return print_json(&json!({ "approvals": approvals, "nextCursor": next }));
    }
    print!("{}", render(&approvals, next.as_deref()));
    Ok(())
}

/// Reason codes are short by rule; anything longer is cut in the table.
const REASON_WIDTH: usize = 40;

/// The table, then the cursor of the next page when there is one (it is data: the way to the
/// rest of the listing).
fn render(approvals: &[Approval], next: Option<&str>) -> String {
    let dash = || "-".to_owned();
    let rows: Vec<Vec<String>> = approvals
        .iter()
        .map(|a| {
            vec![
                a.id.to_string(),
                a.state.to_string(),
                clip(&printable(&a.request.reason), REASON_WIDTH),
                origin(a),
                local(a.requested_at),
                a.expires_at.map(local).unwrap_or_else(dash),
                a.decided_by.as_deref().map(printable).unwrap_or_else(dash),
            ]
        })
        .collect();
    let mut out = table(
        &[
            "APPROVAL ID",
            "STATE",
            "REASON",
            "WORKFLOW/SESSION",
            "REQUESTED",
            "EXPIRES",
            "DECIDED BY",
        ],
        &rows,
    );
    if let Some(cursor) = next {
        out.push_str(&format!("Next page: --cursor {cursor}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use aether_sdk::Outcome;
    use clap::Parser;

    use super::*;
    use crate::commands::approval::tests::{decided, pending};

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        args: Args,
    }

    #[test]
    fn filters_reach_the_listing() {
        let cli = Cli::try_parse_from([
            "approvals",
            "--state",
            "pending",
            "--workflow",
            "wf-1",
            "--session",
            "s1",
            "--reason",
            "deploy",
            "--limit",
            "5",
            "--cursor",
            "c",
        ])
        .unwrap();
        let options = cli.args.options();
        assert_eq!(options.state, Some(ApprovalState::Pending));
        assert_eq!(options.workflow_id.as_deref(), Some("wf-1"));
        assert_eq!(options.session_id.as_deref(), Some("s1"));
        assert_eq!(options.reason.as_deref(), Some("deploy"));
        assert_eq!(options.cursor.as_deref(), Some("c"));
        assert_eq!(options.limit, 5);
        let defaults = Cli::try_parse_from(["approvals"]).unwrap().args.options();
        assert_eq!(defaults.limit, 0);
        assert_eq!(defaults.state, None);
    }

    #[test]
    fn an_unknown_state_is_refused() {
        assert!(Cli::try_parse_from(["approvals", "--state", "maybe"]).is_err());
    }

    #[test]
    fn rows_show_state_origin_and_decider_and_the_next_cursor() {
        let open = pending("deploy");
        let denied = decided(Outcome::Denied, Some("ana"));
        let out = render(&[open.clone(), denied.clone()], Some("7_abc"));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 4, "{out}");
        assert!(lines[0].starts_with("APPROVAL ID"));
        assert!(lines[1].starts_with(open.id.as_str()));
        assert!(lines[1].contains("pending") && lines[1].contains("session s1"));
        assert!(lines[1].trim_end().ends_with('-'), "{}", lines[1]);
        assert!(lines[2].contains("denied") && lines[2].trim_end().ends_with("ana"));
        assert_eq!(lines[3], "Next page: --cursor 7_abc");
        assert!(!render(&[open], None).contains("Next page"));
    }
}
