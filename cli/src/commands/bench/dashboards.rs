//! `--dashboards N`: N live streams open on `GET /v1/stream` while the workload runs, as N
//! browsers on the runs page would hold them, to measure what watching costs the engine. Each
//! stream counts the change events it receives, which shows that it was live throughout.

use std::sync::{
    Arc,
    atomic::{AtomicU64, Ordering},
};

use anyhow::Context;
use futures::StreamExt;
use serde::Serialize;
use tokio::task::JoinSet;

pub struct Dashboards {
    events: Vec<Arc<AtomicU64>>,
    streams: JoinSet<()>,
}

#[derive(Debug, Serialize)]
pub struct DashboardFigures {
    pub streams: usize,
    /// Change events each stream received during the measured phases (fewest, most).
    pub events_min: u64,
    pub events_max: u64,
}

impl Dashboards {
    /// Opens `count` streams and returns once every one has its `ready` event.
    pub async fn open(http: &str, count: usize) -> anyhow::Result<Self> {
        let client = reqwest::Client::new();
        let mut streams = JoinSet::new();
        let mut events = Vec::new();
        let mut ready = Vec::new();
        for _ in 0..count {
            let response = client
                .get(format!("{http}/v1/stream"))
                .send()
                .await
                .and_then(|r| r.error_for_status())
                .context("opening a live stream")?;
            let counter = Arc::new(AtomicU64::new(0));
            let (opened, is_open) = tokio::sync::oneshot::channel();
            let seen = counter.clone();
            streams.spawn(async move {
                let mut body = response.bytes_stream();
                let mut opened = Some(opened);
                while let Some(Ok(chunk)) = body.next().await {
                    let text = String::from_utf8_lossy(&chunk);
                    if text.contains("event: ready") {
                        opened.take().map(|o| o.send(()));
                    }
                    let changes = text.matches("event: workflow").count() as u64;
                    seen.fetch_add(changes, Ordering::Relaxed);
                }
            });
            events.push(counter);
            ready.push(is_open);
        }
        for opened in ready {
            opened
                .await
                .context("a live stream closed before it was ready")?;
        }
        Ok(Self { events, streams })
    }

    /// Resets the counts: what follows is what the streams see of the measured phases.
    pub fn start_counting(&self) {
        for counter in &self.events {
            counter.store(0, Ordering::Relaxed);
        }
    }

    pub fn close(mut self) -> DashboardFigures {
        let counts: Vec<u64> = self
            .events
            .iter()
            .map(|c| c.load(Ordering::Relaxed))
            .collect();
        self.streams.abort_all();
        DashboardFigures {
            streams: counts.len(),
            events_min: counts.iter().copied().min().unwrap_or(0),
            events_max: counts.iter().copied().max().unwrap_or(0),
        }
    }
}
