use super::{WorkflowArgs, explain, workflow::WorkflowJson};
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
    match &w.waiting_on {
        Some(wait) => println!("State:     {} (waiting on {wait})", w.status),
        None => println!("State:     {}", w.status),
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
