use aether_sdk::{Approval, ApprovalId};

use super::{approval_json, describe_evidence, parse_id};
use crate::{
    commands::{ClientArgs, explain},
    output::{local, print_json, printable, printable_block},
};

#[derive(clap::Args)]
pub struct Args {
    /// The approval id.
    #[arg(value_parser = parse_id)]
    approval_id: ApprovalId,
    #[command(flatten)]
    client: ClientArgs,
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let client = args.client.connect().await?;
    let approval = client
        .approvals()
        .get(&args.approval_id)
        .await
        .map_err(|e| explain(e, &args.client.server))?;
    if args.client.json {
        return print_json(&approval_json(&approval)?);
    }
    print!("{}", render(&approval));
    Ok(())
}

/// One approval in full, for the person about to decide it: what is asked and why, what it
/// points at, and what became of it.
pub fn render(a: &Approval) -> String {
    let mut out = String::new();
    // An empty name continues the field above (one evidence link per line).
    let mut field = |name: &str, value: &str| {
        let label = if name.is_empty() {
            String::new()
        } else {
            format!("{name}:")
        };
        out.push_str(&format!("{label:<11}{value}\n"));
    };
    field("Approval", a.id.as_str());
    field("State", a.state.as_str());
    field("Reason", &printable(&a.request.reason));
    if let Some(workflow) = &a.workflow_id {
        match a.position {
            Some(position) => field("Workflow", &format!("{workflow} (position {position})")),
            None => field("Workflow", workflow.as_str()),
        }
    }
    if let Some(session) = &a.request.session_id {
        field("Session", &printable(session));
    }
    field("Requested", &local(a.requested_at));
    field(
        "Expires",
        &a.expires_at.map(local).unwrap_or_else(|| "never".into()),
    );
    if let Some(at) = a.decided_at {
        let by = a
            .decided_by
            .as_deref()
            .map(|by| format!(" by {}", printable(by)))
            .unwrap_or_default();
        field("Decided", &format!("{} at {}{by}", a.state, local(at)));
    }
    if let Some(comment) = &a.comment {
        field("Comment", &printable(comment));
    }
    if let Some(payload) = &a.payload {
        field("Payload", &printable(&payload.to_string()));
    }
    if !a.watchers.is_empty() {
        let watchers: Vec<String> = a.watchers.iter().map(ToString::to_string).collect();
        field("Watchers", &watchers.join(", "));
    }
    for (i, evidence) in a.request.evidence.iter().enumerate() {
        field(
            if i == 0 { "Evidence" } else { "" },
            &describe_evidence(evidence),
        );
    }
    if !a.request.detail.is_empty() {
        out.push_str("Detail:\n");
        for line in printable_block(&a.request.detail).lines() {
            if line.is_empty() {
                out.push('\n');
            } else {
                out.push_str(&format!("  {line}\n"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use aether_sdk::{Evidence, Outcome};

    use super::*;
    use crate::{
        commands::approval::tests::{decided, pending},
        output::local,
    };

    #[test]
    fn a_pending_approval_shows_what_is_asked() {
        let mut a = pending("deploy");
        a.request.detail = "**prod**\n\nrollout \u{1b}[8mhidden".into();
        a.request.evidence = vec![
            Evidence::Checkpoint {
                session_id: "s1".into(),
                checkpoint_id: "c1".into(),
            },
            Evidence::Url {
                url: "https://ci.example/1".into(),
                label: None,
            },
        ];
        let out = render(&a);
        let expected = format!(
            "Approval:  {}\nState:     pending\nReason:    deploy\nSession:   s1\nRequested: {}\n\
             Expires:   never\nEvidence:  checkpoint c1 of session s1\n           https://ci.example/1\n\
             Detail:\n  **prod**\n\n  rollout \\u{{1b}}[8mhidden\n",
            a.id,
            local(1_000)
        );
        assert_eq!(out, expected);
    }

    #[test]
    fn a_decided_approval_shows_who_when_and_why() {
        let mut a = decided(Outcome::Denied, Some("ana"));
        a.payload = Some(serde_json::json!({"edit": 1}));
        let out = render(&a);
        assert!(
            out.contains(&format!("Decided:   denied at {} by ana\n", local(2_000))),
            "{out}"
        );
        assert!(out.contains("Comment:   not today\n"), "{out}");
        assert!(out.contains("Payload:   {\"edit\":1}\n"), "{out}");
    }
}
