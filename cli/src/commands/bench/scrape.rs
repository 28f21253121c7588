//! `--metrics`: the server runs with its Prometheus endpoint on, and the bench scrapes it every
//! second while it measures, as a Prometheus server would (every 15 s by default; once a second
//! is the harsher load), so that the figures include recording and scraping alike.

use std::{
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use serde::Serialize;
use tokio::task::JoinHandle;

const INTERVAL: Duration = Duration::from_secs(1);

pub struct Scraper {
    scrapes: Arc<AtomicU64>,
    failures: Arc<AtomicU64>,
    last_bytes: Arc<AtomicU64>,
    task: JoinHandle<()>,
}

#[derive(Debug, Serialize)]
pub struct ScrapeFigures {
    /// Scrapes made during the measured phases, and how many failed.
    pub scrapes: u64,
    pub failures: u64,
    /// Size of the last page scraped.
    pub last_bytes: u64,
}

impl Scraper {
    pub fn start(url: String) -> Self {
        let scrapes = Arc::new(AtomicU64::new(0));
        let failures = Arc::new(AtomicU64::new(0));
        let last_bytes = Arc::new(AtomicU64::new(0));
        let (ok, failed, bytes) = (scrapes.clone(), failures.clone(), last_bytes.clone());
        let task = tokio::spawn(async move {
            let client = reqwest::Client::new();
            let mut ticks = tokio::time::interval(INTERVAL);
            loop {
                ticks.tick().await;
                let page = match client.get(&url).send().await {
                    Ok(response) if response.status().is_success() => response.bytes().await,
                    _ => {
                        failed.fetch_add(1, Ordering::Relaxed);
                        continue;
                    }
                };
                match page {
                    Ok(page) => {
                        ok.fetch_add(1, Ordering::Relaxed);
                        bytes.store(page.len() as u64, Ordering::Relaxed);
                    }
                    Err(_) => {
                        failed.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
        });
        Self {
            scrapes,
            failures,
            last_bytes,
            task,
        }
    }

    pub fn stop(self) -> ScrapeFigures {
        self.task.abort();
        ScrapeFigures {
            scrapes: self.scrapes.load(Ordering::Relaxed),
            failures: self.failures.load(Ordering::Relaxed),
            last_bytes: self.last_bytes.load(Ordering::Relaxed),
        }
    }
}
