//! The bench's figures: a table for people, one JSON object for scripts.

use std::time::Duration;

use serde::Serialize;

use super::{
    Args,
    approvals::ApprovalFigures,
    percentile,
    scenarios::{RestartFigures, TimerFigures},
    workload::Throughput,
};

#[derive(Debug, Serialize)]
pub struct Report {
    pub persistence: String,
    pub backend: &'static str,
    pub workflows: usize,
    pub concurrency: usize,
    pub steps: u32,
    pub payload_bytes: usize,
    /// TLS and an API key on every call (`--secure`).
    pub secure: bool,
    pub latency_ms: Latency,
    pub throughput: ThroughputFigures,
    pub server: Option<ServerFigures>,
    /// Completed workflows in the database before measuring.
    pub preloaded_completed: usize,
    pub preloaded_waiting: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restart: Option<RestartFigures>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timers: Option<TimerFigures>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approvals: Option<ApprovalFigures>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dashboards: Option<super::dashboards::DashboardFigures>,
    /// With `--metrics`: the scrapes made while measuring.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metrics: Option<super::scrape::ScrapeFigures>,
}

#[derive(Debug, Serialize)]
pub struct Latency {
    pub p50: f64,
    pub p90: f64,
    pub p99: f64,
    pub max: f64,
}

#[derive(Debug, Serialize)]
pub struct ThroughputFigures {
    pub workflows_per_sec: f64,
    pub steps_per_sec: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub seconds: f64,
}

#[derive(Debug, Serialize)]
pub struct ServerFigures {
    pub peak_rss_mb: Option<f64>,
    /// Resident set size at the end of the measured phases.
    pub rss_mb: Option<f64>,
    /// CPU seconds the server used during the two measured phases.
    pub cpu_seconds: Option<f64>,
}

fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1000.0 * 1000.0).round() / 1000.0
}

fn round(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

impl Report {
    pub fn new(
        args: &Args,
        backend: &'static str,
        latency: Vec<Duration>,
        throughput: Throughput,
        (peak_rss, rss): (Option<u64>, Option<u64>),
        cpu_seconds: Option<f64>,
    ) -> Self {
        let secs = throughput.elapsed.as_secs_f64().max(f64::EPSILON);
        let per_sec = args.workflows as f64 / secs;
        Self {
            persistence: args.persistence.to_string(),
            backend,
            workflows: args.workflows,
            concurrency: args.concurrency,
            steps: args.steps,
            payload_bytes: args.payload_bytes,
            secure: args.secure,
            latency_ms: Latency {
                p50: ms(percentile(&latency, 50.0)),
                p90: ms(percentile(&latency, 90.0)),
                p99: ms(percentile(&latency, 99.0)),
                max: ms(percentile(&latency, 100.0)),
            },
            throughput: ThroughputFigures {
                workflows_per_sec: round(per_sec),
                steps_per_sec: round(per_sec * args.steps as f64),
                p50_ms: ms(percentile(&throughput.latencies, 50.0)),
                p99_ms: ms(percentile(&throughput.latencies, 99.0)),
                seconds: round(secs * 100.0) / 100.0,
            },
            server: (peak_rss.is_some() || cpu_seconds.is_some()).then(|| ServerFigures {
                peak_rss_mb: peak_rss.map(|b| round(b as f64 / (1024.0 * 1024.0))),
                rss_mb: rss.map(|b| round(b as f64 / (1024.0 * 1024.0))),
                cpu_seconds: cpu_seconds.map(|s| round(s * 100.0) / 100.0),
            }),
            preloaded_completed: 0,
            preloaded_waiting: 0,
            restart: None,
            timers: None,
            approvals: None,
            dashboards: None,
            metrics: None,
        }
    }

    pub fn table(&self) -> String {
        let mut out = format!(
            "aether bench: {} ({}{}), {} workflows x {} steps, {} B payloads, concurrency {}\n\n",
            self.persistence,
            self.backend,
            if self.secure {
                ", TLS and an API key"
            } else {
                ""
            },
            self.workflows,
            self.steps,
            self.payload_bytes,
            self.concurrency
        );
        let l = &self.latency_ms;
        out += &format!(
            "sequential start-and-wait   p50 {:.3} ms   p90 {:.3} ms   p99 {:.3} ms   max {:.3} ms\n",
            l.p50, l.p90, l.p99, l.max
        );
        let t = &self.throughput;
        out += &format!(
            "throughput (C={:<4})        {:.1} workflows/s   {:.1} steps/s   p50 {:.3} ms   p99 {:.3} ms   ({:.2} s)\n",
            self.concurrency, t.workflows_per_sec, t.steps_per_sec, t.p50_ms, t.p99_ms, t.seconds
        );
        if let Some(d) = &self.dashboards {
            out += &format!(
                "dashboards                  {} live streams open, each received {}-{} change events\n",
                d.streams, d.events_min, d.events_max
            );
        }
        if let Some(m) = &self.metrics {
            out += &format!(
                "metrics                     scraped {} times ({} failed), last page {} bytes\n",
                m.scrapes, m.failures, m.last_bytes
            );
        }
        if let Some(server) = &self.server {
            let rss = server
                .peak_rss_mb
                .map(|m| format!("{m:.1} MB"))
                .unwrap_or_else(|| "-".into());
            let now = server
                .rss_mb
                .map(|m| format!("{m:.1} MB"))
                .unwrap_or_else(|| "-".into());
            let cpu = server
                .cpu_seconds
                .map(|s| format!("{s:.2} s"))
                .unwrap_or_else(|| "-".into());
            out += &format!(
                "server                      peak RSS {rss}   RSS after {now}   CPU {cpu}\n"
            );
        }
        if self.preloaded_completed > 0 || self.preloaded_waiting > 0 {
            out += &format!(
                "database                    {} completed and {} waiting workflows preloaded\n",
                self.preloaded_completed, self.preloaded_waiting
            );
        }
        if let Some(r) = &self.restart {
            out += &format!(
                "restart                     {} running workflows all finished {:.2} s after the restart\n",
                r.workflows_running, r.seconds_to_resume_all
            );
        }
        if let Some(t) = &self.timers {
            let rss = t
                .peak_rss_mb
                .map(|m| format!("{m:.1} MB"))
                .unwrap_or_else(|| "-".into());
            out += &format!(
                "timers                      {} workflows waiting on timers, server peak RSS {rss}\n",
                t.workflows_waiting
            );
        }
        if let Some(a) = &self.approvals {
            let rss = a
                .peak_rss_mb
                .map(|m| format!("{m:.1} MB"))
                .unwrap_or_else(|| "-".into());
            out += &format!(
                "approvals                   {} workflows waiting on approvals, server peak RSS {rss}; \
                 listing all pending {:.3} s; deciding all until completed {:.2} s\n",
                a.workflows_waiting, a.seconds_to_list_pending, a.seconds_to_decide_all
            );
        }
        out
    }
}
