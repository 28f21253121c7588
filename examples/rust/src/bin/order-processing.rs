//! The seed's order workflow: check inventory, reserve it, take payment, ship.
//!
//! ```sh
//! aether serve &
//! cargo run -p aether-examples --bin order-processing -- --server http://localhost:7233 --order order-123
//! ```
//!
//! Prints the order's result as JSON.

use aether_sdk::{Client, Error, StepError, Worker, WorkflowContext, workflow};
use clap::Parser;
use serde::{Deserialize, Serialize};

#[derive(Parser)]
struct Args {
    #[arg(long, env = "AETHER_SERVER", default_value = "http://localhost:7233")]
    server: String,
    #[arg(long, default_value = "order-123")]
    order: String,
}

#[derive(Serialize, Deserialize)]
struct Inventory {
    available: bool,
    items: u32,
}

#[derive(Serialize, Deserialize)]
struct Payment {
    transaction_id: String,
    status: String,
}

#[derive(Serialize, Deserialize)]
struct Shipping {
    tracking_number: String,
    status: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct OrderResult {
    order_id: String,
    payment: String,
    tracking: String,
    status: String,
}

fn millis() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default()
}

async fn process_order(ctx: WorkflowContext, order_id: String) -> Result<OrderResult, Error> {
    let inventory: Inventory = ctx
        .step("check-inventory", || async {
            Ok::<_, StepError>(Inventory {
                available: true,
                items: 10,
            })
        })
        .await?;
    if !inventory.available {
        return Err(Error::msg("Inventory not available"));
    }
    ctx.step("reserve-inventory", move || async move {
        Ok::<_, StepError>(serde_json::json!({ "reserved": true, "items": inventory.items }))
    })
    .await?;
    let payment: Payment = ctx
        .step("process-payment", || async {
            Ok::<_, StepError>(Payment {
                transaction_id: format!("tx-{}", millis()),
                status: "completed".into(),
            })
        })
        .await?;
    let shipping: Shipping = ctx
        .step("ship-order", || async {
            Ok::<_, StepError>(Shipping {
                tracking_number: format!("TRK-{}", millis()),
                status: "shipped".into(),
            })
        })
        .await?;
    debug_assert_eq!(payment.status, "completed");
    debug_assert_eq!(shipping.status, "shipped");
    Ok(OrderResult {
        order_id,
        payment: payment.transaction_id,
        tracking: shipping.tracking_number,
        status: "completed".into(),
    })
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let order_processing = workflow("order-processing", process_order);
    let client = Client::connect(&args.server).await?;
    let worker = Worker::new(&client).register(&order_processing).spawn();
    let result = client
        .start_and_wait(&order_processing, &args.order)
        .await?;
    println!(
        "Order processed: {}",
        serde_json::to_string_pretty(&result)?
    );
    worker.shutdown().await;
    Ok(())
}
