//! `aether bench --workspace 100x1024,10000x1024`: what forks, checkpoints and one-file writes
//! cost as a session's tree grows. A fork or checkpoint records a root hash, so its cost should
//! not move with the number of files or their size; a write rewrites the directories on its
//! path, so it grows with the width of those directories, not with the tree.

use std::{collections::BTreeMap, str::FromStr, time::Duration};

use aether_sdk::{
    Client,
    workspace::{BatchOp, CreateSession, WorkspaceClient},
};
use anyhow::Context;
use serde::Serialize;

use super::percentile;

/// Files written per batch while filling a session.
const FILL_BATCH: usize = 1000;

/// A tree to measure: this many files of this many bytes each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreeShape {
    pub files: usize,
    pub bytes: usize,
}

impl FromStr for TreeShape {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let (files, bytes) = s
            .split_once('x')
            .ok_or_else(|| format!("{s:?} is not FILESxBYTES (e.g. 10000x1024)"))?;
        let parse = |v: &str| {
            v.trim()
                .parse::<usize>()
                .map_err(|_| format!("{v:?} is not a number"))
        };
        let shape = Self {
            files: parse(files)?,
            bytes: parse(bytes)?,
        };
        if shape.files == 0 {
            return Err("a tree needs at least one file".into());
        }
        Ok(shape)
    }
}

#[derive(Debug, Serialize)]
pub struct ShapeFigures {
    pub files: usize,
    pub bytes_per_file: usize,
    pub fill_seconds: f64,
    pub fork_p50_ms: f64,
    pub fork_p99_ms: f64,
    pub checkpoint_p50_ms: f64,
    pub checkpoint_p99_ms: f64,
    pub write_p50_ms: f64,
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn summary(mut samples: Vec<Duration>) -> (f64, f64) {
    samples.sort();
    (
        ms(percentile(&samples, 50.0)),
        ms(percentile(&samples, 99.0)),
    )
}

async fn fill(ws: &WorkspaceClient, session: &str, shape: TreeShape) -> anyhow::Result<()> {
    let content: Vec<u8> = (0..shape.bytes).map(|i| (i % 251) as u8).collect();
    let mut next = 0;
    while next < shape.files {
        let end = (next + FILL_BATCH).min(shape.files);
        // Spread over directories of 100 files, as source trees are.
        let ops = (next..end)
            .map(|i| {
                let mut file = content.clone();
                // Distinct contents, so that deduplication does not flatter the figures.
                file.extend_from_slice(i.to_string().as_bytes());
                BatchOp::write(format!("dir-{:04}/file-{i:06}.txt", i / 100), file)
            })
            .collect();
        ws.batch(session, ops, None)
            .await
            .context("filling the session")?;
        next = end;
    }
    Ok(())
}

pub async fn run(
    client: &Client,
    shapes: &[TreeShape],
    rounds: usize,
) -> anyhow::Result<Vec<ShapeFigures>> {
    let ws = client.workspace().with_actor("bench");
    let mut figures = Vec::new();
    for &shape in shapes {
        let session = ws.create_session(&CreateSession::blank()).await?;
        let started = std::time::Instant::now();
        fill(&ws, &session.id, shape).await?;
        let fill_seconds = started.elapsed().as_secs_f64();
        let (mut forks, mut checkpoints, mut writes) = (Vec::new(), Vec::new(), Vec::new());
        for round in 0..rounds {
            let started = std::time::Instant::now();
            ws.fork(&session.id, None, &BTreeMap::new()).await?;
            forks.push(started.elapsed());
            let started = std::time::Instant::now();
            ws.create_checkpoint(&session.id, None, None).await?;
            checkpoints.push(started.elapsed());
            let started = std::time::Instant::now();
            let path = format!("dir-0000/edit-{round}.txt");
            ws.write_file(&session.id, &path, b"edited\n", None, None)
                .await?;
            writes.push(started.elapsed());
        }
        let (fork_p50_ms, fork_p99_ms) = summary(forks);
        let (checkpoint_p50_ms, checkpoint_p99_ms) = summary(checkpoints);
        let (write_p50_ms, _) = summary(writes);
        figures.push(ShapeFigures {
            files: shape.files,
            bytes_per_file: shape.bytes,
            fill_seconds,
            fork_p50_ms,
            fork_p99_ms,
            checkpoint_p50_ms,
            checkpoint_p99_ms,
            write_p50_ms,
        });
    }
    Ok(figures)
}

pub fn table(backend: &str, figures: &[ShapeFigures]) -> String {
    let mut out = format!(
        "workspace bench ({backend})\n{:>8} {:>10} {:>9} {:>10} {:>10} {:>12} {:>12} {:>10}\n",
        "files", "bytes", "fill s", "fork p50", "fork p99", "ckpt p50", "ckpt p99", "write p50"
    );
    for f in figures {
        out.push_str(&format!(
            "{:>8} {:>10} {:>9.2} {:>8.2}ms {:>8.2}ms {:>10.2}ms {:>10.2}ms {:>8.2}ms\n",
            f.files,
            f.files * f.bytes_per_file,
            f.fill_seconds,
            f.fork_p50_ms,
            f.fork_p99_ms,
            f.checkpoint_p50_ms,
            f.checkpoint_p99_ms,
            f.write_p50_ms,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_parse() {
        assert_eq!(
            "10000x1024".parse::<TreeShape>(),
            Ok(TreeShape {
                files: 10_000,
                bytes: 1024
            })
        );
        assert!("10000".parse::<TreeShape>().is_err());
        assert!("0x10".parse::<TreeShape>().is_err());
    }
}
