//! `aether init NAME`: writes a ready TypeScript project that runs with
//! `npm install && npm run dev`.

use std::path::PathBuf;

use anyhow::{Context, bail};

#[derive(clap::Args)]
pub struct Args {
    /// The project's name (an npm package name: lowercase, digits, `-`, `_`, `.`).
    name: String,
    /// Directory to create (default: ./NAME).
    #[arg(long)]
    output: Option<PathBuf>,
    /// The SDK dependency: an npm version range, or `file:PATH` to a local checkout's
    /// sdks/typescript.
    #[arg(long, env = "AETHER_SDK", default_value = concat!("^", env!("CARGO_PKG_VERSION")))]
    sdk: String,
}

/// (path in the project, template text)
const TEMPLATES: &[(&str, &str)] = &[
    (
        "package.json",
        include_str!("../../templates/init/package.json"),
    ),
    (
        "tsconfig.json",
        include_str!("../../templates/init/tsconfig.json"),
    ),
    (
        "src/index.ts",
        include_str!("../../templates/init/src/index.ts"),
    ),
    ("README.md", include_str!("../../templates/init/README.md")),
    (".gitignore", include_str!("../../templates/init/gitignore")),
];

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 214
        && !name.starts_with(['.', '_', '-'])
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'))
}

fn render(template: &str, name: &str, sdk: &str) -> String {
    template.replace("{{name}}", name).replace("{{sdk}}", sdk)
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    if !valid_name(&args.name) {
        bail!(
            "{:?} is not a valid project name: use lowercase letters, digits, '-', '_' or '.'",
            args.name
        );
    }
    let dir = args.output.unwrap_or_else(|| PathBuf::from(&args.name));
    if dir.exists()
        && dir
            .read_dir()
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        bail!("{} already exists and is not empty", dir.display());
    }
    let sdk = args.sdk.replace('\\', "/");
    for (path, template) in TEMPLATES {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&target, render(template, &args.name, &sdk))
            .with_context(|| format!("cannot write {}", target.display()))?;
    }
    eprintln!("Created {} in {}", args.name, dir.display());
    eprintln!();
    eprintln!("  cd {}", dir.display());
    eprintln!("  npm install");
    eprintln!("  npm run dev    # with `aether serve` running, or `aether` on PATH");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_npm_rules() {
        assert!(valid_name("demo"));
        assert!(valid_name("my-agent.v2"));
        assert!(!valid_name("Demo"));
        assert!(!valid_name("has space"));
        assert!(!valid_name("-dash"));
        assert!(!valid_name(""));
    }

    #[test]
    fn templates_render_to_valid_json() {
        let package = render(TEMPLATES[0].1, "demo", "file:../sdk");
        let json: serde_json::Value = serde_json::from_str(&package).unwrap();
        assert_eq!(json["name"], "demo");
        assert_eq!(
            json["dependencies"]["@aetherframework.ai/sdk"],
            "file:../sdk"
        );
        assert!(render(TEMPLATES[2].1, "demo", "x").contains("'demo-welcome'"));
    }
}
