//! `aether`: serve the engine, and inspect and control workflows, workspace sessions,
//! approvals and schedules from a shell.
//!
//! Data goes to stdout (a table, or JSON with `--json`); logs and errors go to stderr. Client
//! commands reach the engine only through the gRPC API, as any other client would.

mod commands;
mod output;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use commands::approval::decide::Verdict;

#[derive(Parser)]
#[command(
    name = "aether",
    version,
    about = "Aether: a durable workflow engine",
    propagate_version = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the engine (gRPC and HTTP) in the foreground.
    Serve(commands::serve::Args),
    /// List and inspect workflows.
    #[command(subcommand)]
    Workflow(commands::workflow::Command),
    /// Inspect workspace sessions; checkpoint, fork and export them.
    #[command(subcommand)]
    Session(commands::session::Command),
    /// Show a workflow's status, result or failure.
    Status(commands::status::Args),
    /// Cancel a workflow (and its children).
    Cancel(commands::cancel::Args),
    /// Send a signal to a running workflow.
    Signal(commands::signal::Args),
    /// Print a workflow's action log.
    History(commands::history::Args),
    /// List approvals, newest request first.
    Approvals(commands::approval::list::Args),
    /// Show one approval in full: what is asked, its evidence, its decision.
    Approval(commands::approval::show::Args),
    /// Approve a pending approval (the first decision stands).
    Approve(commands::approval::decide::Args),
    /// Deny a pending approval (the first decision stands).
    Deny(commands::approval::decide::Args),
    /// Create, inspect and operate cron schedules.
    #[command(subcommand)]
    Schedule(commands::schedule::Command),
    /// Make API keys for a server with `[[auth.keys]]`.
    #[command(subcommand)]
    Key(commands::key::Command),
    /// Mount a session as a local directory (FUSE) until Ctrl-C or `aether unmount`.
    Mount(commands::mount::start::Args),
    /// Unmount a mounted session, once it has sent what is pending.
    Unmount(commands::mount::stop::Args),
    /// Create a TypeScript workflow project.
    Init(commands::init::Args),
    /// Measure latency and throughput of K-step workflows.
    Bench(commands::bench::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = runtime.block_on(async {
        match cli.command {
            Command::Serve(args) => commands::serve::run(args).await,
            Command::Workflow(command) => commands::workflow::run(command).await,
            Command::Session(command) => commands::session::run(command).await,
            Command::Mount(args) => commands::mount::start::run(args).await,
            Command::Unmount(args) => commands::mount::stop::run(args).await,
            Command::Status(args) => commands::status::run(args).await,
            Command::Cancel(args) => commands::cancel::run(args).await,
            Command::Signal(args) => commands::signal::run(args).await,
            Command::History(args) => commands::history::run(args).await,
            Command::Approvals(args) => commands::approval::list::run(args).await,
            Command::Approval(args) => commands::approval::show::run(args).await,
            Command::Approve(args) => commands::approval::decide::run(args, Verdict::Approve).await,
            Command::Deny(args) => commands::approval::decide::run(args, Verdict::Deny).await,
            Command::Schedule(command) => commands::schedule::run(command).await,
            Command::Key(command) => commands::key::run(command),
            Command::Init(args) => commands::init::run(args).await,
            Command::Bench(args) => commands::bench::run(args).await,
        }
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // The chain can carry the server's text (a refusal's message): escaped like all of it.
            eprintln!("error: {}", output::printable_block(&format!("{err:#}")));
            ExitCode::FAILURE
        }
    }
}
