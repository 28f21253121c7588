//! `aether init NAME`: writes a ready TypeScript project that runs with
//! `npm install && npm run dev`: by default a workflow with a step, a sleep and an activity;
//! with `--template agent-runner`, an agent runner that works on a session of files and waits
//! for an approval.
//!
//! The templates are embedded in the binary. The agent runner's workflow, agent and sample are
//! the files of `examples/agent-runner` themselves, so the project and the example (which the
//! test suite runs end to end) cannot drift apart; only its starter and README are its own.

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
    /// What the project holds.
    #[arg(long, value_enum, default_value_t = Template::Default)]
    template: Template,
}

/// The kinds of project `init` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Template {
    /// A workflow with a step, a durable sleep and an activity with retries.
    Default,
    /// A workflow that edits a session of files (from sample/), checkpoints, asks for an
    /// approval, and commits, or on denial restores and revises.
    AgentRunner,
}

/// (path in the project, template text)
type Files = &'static [(&'static str, &'static str)];

const PACKAGE_JSON: &str = include_str!("../../templates/init/package.json");
const TSCONFIG_JSON: &str = include_str!("../../templates/init/tsconfig.json");
const GITIGNORE: &str = include_str!("../../templates/init/gitignore");

const DEFAULT: Files = &[
    ("package.json", PACKAGE_JSON),
    ("tsconfig.json", TSCONFIG_JSON),
    (
        "src/index.ts",
        include_str!("../../templates/init/src/index.ts"),
    ),
    ("README.md", include_str!("../../templates/init/README.md")),
    (".gitignore", GITIGNORE),
];

/// The example's own files, embedded from `examples/agent-runner`.
macro_rules! example {
    ($path:literal) => {
        (
            $path,
            include_str!(concat!("../../../examples/agent-runner/", $path)),
        )
    };
}

const AGENT_RUNNER: Files = &[
    ("package.json", PACKAGE_JSON),
    ("tsconfig.json", TSCONFIG_JSON),
    (".gitignore", GITIGNORE),
    (
        "README.md",
        include_str!("../../templates/agent-runner/README.md"),
    ),
    (
        "src/index.ts",
        include_str!("../../templates/agent-runner/src/index.ts"),
    ),
    example!("src/starter.ts"),
    example!("src/workflow.ts"),
    example!("src/agent.ts"),
    example!("src/archive.ts"),
    example!("src/watch.ts"),
    example!("sample/README.md"),
    example!("sample/package.json"),
    example!("sample/npm-debug.log"),
    example!("sample/src/index.js"),
    example!("sample/src/math.js"),
    example!("sample/src/format.js"),
];

impl Template {
    fn files(self) -> Files {
        match self {
            Template::Default => DEFAULT,
            Template::AgentRunner => AGENT_RUNNER,
        }
    }
}

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
    for (path, template) in args.template.files() {
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
    if args.template == Template::AgentRunner {
        eprintln!(
            "  aether approve ID --comment \"looks good\"    # the approval it prints, in another shell"
        );
    }
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
        for template in [Template::Default, Template::AgentRunner] {
            let (path, package) = template.files()[0];
            assert_eq!(path, "package.json");
            let json: serde_json::Value =
                serde_json::from_str(&render(package, "demo", "file:../sdk")).unwrap();
            assert_eq!(json["name"], "demo");
            assert_eq!(
                json["dependencies"]["@aetherframework.ai/sdk"],
                "file:../sdk"
            );
        }
        assert!(render(DEFAULT[2].1, "demo", "x").contains("'demo-welcome'"));
    }

    #[test]
    fn the_agent_runner_template_is_the_example_with_a_starter_of_its_own() {
        let files = Template::AgentRunner.files();
        let text = |path: &str| {
            let (_, text) = files.iter().find(|(p, _)| *p == path).unwrap();
            render(text, "demo", "x")
        };
        // The workflow type and the source are the project's.
        let index = text("src/index.ts");
        assert!(index.contains("defineAgentRunner(client, 'demo')"));
        assert!(index.contains("source: 'demo-sample'"));
        assert!(!index.contains("{{"), "every placeholder is rendered");
        // Every module a written module imports is written too.
        let mut imports = 0;
        for (path, text) in files.iter().filter(|(p, _)| p.ends_with(".ts")) {
            for import in text.split("from './").skip(1) {
                let module = import.split(".js'").next().unwrap();
                let written = format!("src/{module}.ts");
                assert!(
                    files.iter().any(|(p, _)| *p == written),
                    "{path} imports {written}"
                );
                imports += 1;
            }
        }
        assert!(imports >= 6, "found only {imports} local imports");
        assert!(text("src/agent.ts").contains("PLUG YOUR MODEL IN HERE"));
        assert!(
            text("sample/src/math.js")
                .starts_with("// Small numeric helpers.\nvar PRECISION = 2\n")
        );
        // The template's own files say which commands decide the approval.
        assert!(text("README.md").contains("aether approve ID"));
        let mut paths: Vec<&str> = files.iter().map(|(p, _)| *p).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), files.len(), "no path is written twice");
    }
}
