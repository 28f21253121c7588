use super::{
    WorkflowArgs, explain,
    workflow::{WorkflowJson, describe_wait},
};
use crate::output::{local, print_json};

pub type Args = WorkflowArgs;

pub async fn run(args: Args) -> anyhow::Result<()> {
    let client = args.client.connect().await?;
    let w = client
        .status(&args.workflow_id)
        .await
        .map_err(|e| explain(e, &args.client.server))?;
    if args.client.json {
        return print_json(&WorkflowJson::from(&w));
    }
    println!("Workflow:  {}", w.workflow_id);
    println!("Type:      {}", w.workflow_type);
    match (&w.waiting_on, w.waiting_since_ms) {
        (Some(wait), Some(since)) => println!(
            "State:     {} (waiting on {wait} since {})",
            w.status,
            local(since)
        ),
        (Some(wait), None) => println!("State:     {} (waiting on {wait})", w.status),
        (None, _) => println!("State:     {}", w.status),
    }
    for (i, wait) in w.waits.iter().enumerate() {
        let label = if i == 0 { "Waiting:" } else { "" };
        println!("{label:<10} {}", describe_wait(wait));
    }
    println!("Created:   {}", local(w.created_at_ms));
    println!("Updated:   {}", local(w.updated_at_ms));
    if let Some(closed) = w.closed_at_ms {
        println!("Closed:    {}", local(closed));
    }
    if let Some(parent) = &w.parent_workflow_id {
        println!("Parent:    {parent}");
    }
    if let Some(worker) = &w.worker_id {
        println!("Worker:    {worker}");
    }
    println!("History:   {} actions", w.history_length);
    if let Some(result) = &w.result {
        println!("Result:    {result}");
    }
    if let Some(failure) = &w.failure {
        println!("Error:     {}", failure.message);
        println!("Type:      {}", failure.error_type);
        if let Some(stack) = &failure.stack {
            println!("Stack:\n{stack}");
        }
    }
    Ok(())
}
