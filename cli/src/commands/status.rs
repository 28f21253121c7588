use std::collections::HashMap;

use aether_sdk::{ApprovalId, Client, PendingActivity, Wait, WaitKind, WorkflowSummary};

use super::{
    WorkflowArgs, explain,
    workflow::{WorkflowJson, describe_wait, wait_subject},
};
use crate::output::{local, print_json, printable, printable_block};

pub type Args = WorkflowArgs;

pub async fn run(args: Args) -> anyhow::Result<()> {
    let client = args.client.connect().await?;
    let w = client
        .status(&args.workflow_id)
        .await
        .map_err(|e| explain(e, &args.client.server))?;
    let reasons = approval_reasons(&client, &w.waits).await;
    if args.client.json {
        let mut json = WorkflowJson::from(&w);
        for (wait, out) in w.waits.iter().zip(json.waits.iter_mut()) {
            out.reason = reason(&reasons, wait).map(str::to_owned);
        }
        return print_json(&json);
    }
    println!("Workflow:  {}", printable(&w.workflow_id));
    println!("Type:      {}", printable(&w.workflow_type));
    println!("{}", state_line(&w, &reasons));
    for (i, wait) in w.waits.iter().enumerate() {
        let label = if i == 0 { "Waiting:" } else { "" };
        println!(
            "{label:<10} {}",
            describe_wait(wait, reason(&reasons, wait))
        );
    }
    println!("Created:   {}", local(w.created_at_ms));
    println!("Updated:   {}", local(w.updated_at_ms));
    if let Some(closed) = w.closed_at_ms {
        println!("Closed:    {}", local(closed));
    }
    if let Some(parent) = &w.parent_workflow_id {
        println!("Parent:    {}", printable(parent));
    }
    if let Some(worker) = &w.worker_id {
        println!("Worker:    {}", printable(worker));
    }
    for activity in &w.pending_activities {
        println!("Activity:  {}", describe_activity(activity));
    }
    if let Some(deadline) = w.execution_deadline_ms {
        println!("Times out: {}", local(deadline));
    }
    println!("History:   {} actions", w.history_length);
    if let Some(result) = &w.result {
        println!("Result:    {}", printable(&result.to_string()));
    }
    if let Some(failure) = &w.failure {
        println!("Error:     {}", printable(&failure.message));
        println!("Type:      {}", printable(&failure.error_type));
        if let Some(stack) = &failure.stack {
            println!("Stack:\n{}", printable_block(stack));
        }
    }
    Ok(())
}

/// "fetch (position 0) attempt 2, started …, last heartbeat …: {details}, heartbeat deadline …".
fn describe_activity(a: &PendingActivity) -> String {
    let mut text = format!("{} (position {}) attempt {}", a.name, a.position, a.attempt);
    match a.started_at_ms {
        Some(at) => text.push_str(&format!(", started {}", local(at))),
        None => text.push_str(", waiting to start"),
    }
    if let Some(at) = a.last_heartbeat_at_ms {
        text.push_str(&format!(", last heartbeat {}", local(at)));
    }
    if let Some(details) = &a.heartbeat_details {
        text.push_str(&format!(", details {}", printable(&details.to_string())));
    }
    if let (Some(at), Some(kind)) = (a.deadline_ms, &a.deadline_timeout) {
        text.push_str(&format!(", {kind} deadline {}", local(at)));
    }
    text
}

/// The reason of each approval the workflow waits on, by approval id: a wait names only the id,
/// and people recognise an approval by what it asks. One read per approval wait; one that fails
/// (an approval gone, a server without approvals) only leaves its reason out.
async fn approval_reasons(client: &Client, waits: &[Wait]) -> HashMap<String, String> {
    let mut reasons = HashMap::new();
    for wait in waits.iter().filter(|w| w.kind == WaitKind::Approval) {
        let Ok(id) = ApprovalId::parse(&wait.target) else {
            continue;
        };
        match client.approvals().get(&id).await {
            Ok(approval) => {
                reasons.insert(wait.target.clone(), approval.request.reason);
            }
            Err(err) => tracing::debug!(approval = %id, error = %err, "no reason for the wait"),
        }
    }
    reasons
}

fn reason<'a>(reasons: &'a HashMap<String, String>, wait: &Wait) -> Option<&'a str> {
    match wait.kind {
        WaitKind::Approval => reasons.get(&wait.target).map(String::as_str),
        _ => None,
    }
}

/// "State: RUNNING (waiting on timer since …)". For an approval, which one and why: "waiting on
/// approval <id> (<reason>) since …", the oldest approval wait being the one the workflow has
/// waited on longest.
fn state_line(w: &WorkflowSummary, reasons: &HashMap<String, String>) -> String {
    let Some(kind) = &w.waiting_on else {
        return format!("State:     {}", w.status);
    };
    let what = match w.waits.iter().find(|wait| wait.kind == WaitKind::Approval) {
        Some(wait) if kind == WaitKind::Approval.as_str() => {
            wait_subject(wait, reason(reasons, wait))
        }
        _ => kind.clone(),
    };
    match w.waiting_since_ms {
        Some(since) => format!(
            "State:     {} (waiting on {what} since {})",
            w.status,
            local(since)
        ),
        None => format!("State:     {} (waiting on {what})", w.status),
    }
}

#[cfg(test)]
mod tests {
    use aether_sdk::WorkflowStatus;

    use super::*;

    fn waiting(kind: WaitKind, target: &str) -> WorkflowSummary {
        WorkflowSummary {
            workflow_id: "wf-1".into(),
            workflow_type: "deploy".into(),
            status: WorkflowStatus::Running,
            waiting_on: Some(kind.as_str().into()),
            waiting_since_ms: Some(5_000),
            waits: vec![Wait {
                position: 2,
                kind,
                target: target.into(),
                since: 5_000,
                deadline: None,
            }],
            created_at_ms: 1_000,
            updated_at_ms: 5_000,
            closed_at_ms: None,
            parent_workflow_id: None,
            worker_id: None,
            history_length: 4,
            result: None,
            failure: None,
            pending_activities: vec![],
            execution_deadline_ms: None,
        }
    }

    #[test]
    fn an_approval_wait_says_which_approval_and_why() {
        let id = ApprovalId::generate().to_string();
        let w = waiting(WaitKind::Approval, &id);
        let reasons = HashMap::from([(id.clone(), "deploy.prod".to_owned())]);
        assert_eq!(
            state_line(&w, &reasons),
            format!(
                "State:     RUNNING (waiting on approval {id} (deploy.prod) since {})",
                local(5_000)
            )
        );
        assert_eq!(
            describe_wait(&w.waits[0], reason(&reasons, &w.waits[0])),
            format!(
                "approval {id} (deploy.prod) (position 2) since {}",
                local(5_000)
            )
        );
        // Without its reason (the approval could not be read), the id alone.
        assert_eq!(
            state_line(&w, &HashMap::new()),
            format!(
                "State:     RUNNING (waiting on approval {id} since {})",
                local(5_000)
            )
        );
    }

    #[test]
    fn other_waits_keep_their_kind() {
        let w = waiting(WaitKind::Timer, "cool-down");
        assert_eq!(
            state_line(&w, &HashMap::new()),
            format!(
                "State:     RUNNING (waiting on timer since {})",
                local(5_000)
            )
        );
        let mut done = waiting(WaitKind::Timer, "x");
        done.waiting_on = None;
        done.status = WorkflowStatus::Completed;
        assert_eq!(state_line(&done, &HashMap::new()), "State:     COMPLETED");
    }
}
