//! The quickstart: the seed's greet workflow, run once.
//!
//! ```sh
//! aether serve &                                   # or: cargo run -p aether -- serve
//! cargo run -p aether-examples --bin quickstart -- --server http://localhost:7233
//! ```
//!
//! Prints `Hello, World!`.

use aether_sdk::{Client, StepError, Worker, WorkflowContext, workflow};
use clap::Parser;
use serde::{Deserialize, Serialize};

#[derive(Parser)]
struct Args {
    #[arg(long, env = "AETHER_SERVER", default_value = "http://localhost:7233")]
    server: String,
    #[arg(long, default_value = "World")]
    name: String,
}

#[derive(Serialize, Deserialize)]
struct Greeting {
    message: String,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let greet = workflow("greet", |ctx: WorkflowContext, name: String| async move {
        let greeting: String = ctx
            .step("create-message", move || async move {
                Ok::<_, StepError>(format!("Hello, {name}!"))
            })
            .await?;
        let logged = greeting.clone();
        ctx.step("log", move || async move {
            eprintln!("[worker] {logged}");
            Ok::<_, StepError>(())
        })
        .await?;
        Ok(Greeting { message: greeting })
    });

    let client = Client::connect(&args.server).await?;
    let worker = Worker::new(&client).register(&greet).spawn();
    let result = client.start_and_wait(&greet, &args.name).await?;
    println!("{}", result.message);
    worker.shutdown().await;
    Ok(())
}
