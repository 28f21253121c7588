use aether_sdk::{ApprovalId, DecisionInput, Error};
use anyhow::{Context, anyhow};

use super::{already_decided, approval_json, parse_id};
use crate::{
    commands::{ClientArgs, explain},
    output::{print_json, printable},
};

#[derive(clap::Args)]
pub struct Args {
    /// The approval id.
    #[arg(value_parser = parse_id)]
    approval_id: ApprovalId,
    /// Why, for the record and for the workflow.
    #[arg(long)]
    comment: Option<String>,
    /// Who decides (default: $USER, or "cli").
    #[arg(long, value_name = "WHO")]
    by: Option<String>,
    /// The reviewer's edits or choice, as JSON: the workflow receives it with the decision.
    #[arg(long, value_name = "JSON")]
    payload: Option<String>,
    #[command(flatten)]
    client: ClientArgs,
}

/// What `approve` and `deny` say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Approve,
    Deny,
}

impl Args {
    /// The decision as sent. Checked before connecting, so a payload that is not JSON sends
    /// nothing.
    fn input(&self, user: Option<String>) -> anyhow::Result<DecisionInput> {
        let payload = match &self.payload {
            Some(text) => Some(
                serde_json::from_str(text)
                    .with_context(|| format!("--payload is not valid JSON ({text:?})"))?,
            ),
            None => None,
        };
        Ok(DecisionInput {
            by: Some(reviewer(self.by.clone(), user)),
            by_hint: None,
            comment: self.comment.clone(),
            payload,
        })
    }
}

/// `--by`, else the login name, else "cli": a decision always says who made it.
fn reviewer(by: Option<String>, user: Option<String>) -> String {
    let given = |name: Option<String>| name.filter(|n| !n.trim().is_empty());
    given(by)
        .or_else(|| given(user))
        .unwrap_or_else(|| "cli".into())
}

pub async fn run(args: Args, verdict: Verdict) -> anyhow::Result<()> {
    let input = args.input(std::env::var("USER").ok())?;
    let by = input.by.clone().unwrap_or_default();
    let client = args.client.connect().await?;
    let approvals = client.approvals();
    let decided = match verdict {
        Verdict::Approve => approvals.approve(&args.approval_id, input).await,
        Verdict::Deny => approvals.deny(&args.approval_id, input).await,
    };
    let approval = match decided {
        Ok(approval) => approval,
        // The first decision stands; say which it was.
        Err(Error::ApprovalDecided(current)) => return Err(anyhow!(already_decided(&current))),
        Err(err) => return Err(explain(err, &args.client.server)),
    };
    if args.client.json {
        return print_json(&approval_json(&approval)?);
    }
    println!(
        "Approval {} ({}) is {} by {}",
        approval.id,
        printable(&approval.request.reason),
        approval.state,
        printable(approval.decided_by.as_deref().unwrap_or(&by))
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        args: Args,
    }

    fn parse(extra: &[&str]) -> Result<Args, clap::Error> {
        let id = ApprovalId::generate().to_string();
        let mut argv = vec!["approve", id.as_str()];
        argv.extend_from_slice(extra);
        Cli::try_parse_from(argv).map(|cli| cli.args)
    }

    #[test]
    fn the_reviewer_defaults_to_the_login_name_then_cli() {
        assert_eq!(reviewer(Some("ana".into()), Some("bob".into())), "ana");
        assert_eq!(reviewer(None, Some("bob".into())), "bob");
        assert_eq!(reviewer(None, Some(String::new())), "cli");
        assert_eq!(reviewer(Some(" ".into()), None), "cli");
        assert_eq!(reviewer(None, None), "cli");
    }

    #[test]
    fn comment_by_and_payload_make_the_decision() {
        let args = parse(&[
            "--comment",
            "ship it",
            "--by",
            "ana",
            "--payload",
            r#"{"replicas":3}"#,
        ])
        .unwrap();
        let input = args.input(Some("bob".into())).unwrap();
        assert_eq!(input.by.as_deref(), Some("ana"));
        assert_eq!(input.comment.as_deref(), Some("ship it"));
        assert_eq!(input.payload, Some(serde_json::json!({"replicas": 3})));
        let bare = parse(&[]).unwrap().input(Some("bob".into())).unwrap();
        assert_eq!(bare.by.as_deref(), Some("bob"));
        assert_eq!((bare.comment, bare.payload), (None, None));
    }

    #[test]
    fn a_payload_that_is_not_json_is_refused_before_any_call() {
        let args = parse(&["--payload", "{nope"]).unwrap();
        let err = args.input(None).unwrap_err();
        assert!(
            format!("{err:#}").starts_with("--payload is not valid JSON (\"{nope\")"),
            "{err:#}"
        );
    }

    #[test]
    fn an_id_that_is_not_a_uuid_is_refused_by_the_parser() {
        assert!(Cli::try_parse_from(["approve", "wf-1"]).is_err());
    }
}
