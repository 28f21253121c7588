//! `aether key new NAME --roles R,...`: a fresh API key, printed once, with the
//! `[[auth.keys]]` entry (its SHA-256, never the key) to paste into `aether.toml`.

use aether_types::{
    auth::{Role, generate_key, key_digest_hex},
    config::{Config, KeyConfig},
};
use anyhow::Context;

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Print a new key and the configuration entry that admits it.
    New(NewArgs),
}

#[derive(clap::Args, Debug)]
pub struct NewArgs {
    /// Who the key is, shown as who did what (letters, digits, - _ . @ :).
    name: String,
    /// What it may do: admin, client, worker, approver, reader (comma-separated).
    #[arg(long, value_delimiter = ',', required = true)]
    roles: Vec<Role>,
}

pub fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::New(args) => new(args),
    }
}

fn new(args: NewArgs) -> anyhow::Result<()> {
    let mut roles = args.roles;
    roles.sort();
    roles.dedup();
    let key = generate_key().context("no random bytes from the operating system")?;
    let entry = KeyConfig {
        name: args.name,
        sha256: key_digest_hex(&key),
        roles,
    };
    // The same rules the server applies when it reads the entry back.
    let mut check = Config::default();
    check.auth.keys = vec![entry.clone()];
    check.validate()?;
    let roles: Vec<String> = entry.roles.iter().map(|r| format!("\"{r}\"")).collect();
    println!(
        "API key for {:?} (shown only now; keep it secret, e.g. in AETHER_API_KEY):",
        entry.name
    );
    println!();
    println!("    {key}");
    println!();
    println!("Add to the server's aether.toml:");
    println!();
    println!("[[auth.keys]]");
    println!("name = \"{}\"", entry.name);
    println!("sha256 = \"{}\"", entry.sha256);
    println!("roles = [{}]", roles.join(", "));
    Ok(())
}
