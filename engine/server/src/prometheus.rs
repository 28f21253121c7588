//! The Prometheus endpoint: with `[metrics] enabled`, the recorder behind the `metrics` facade
//! and `GET /metrics` on a listener of its own.
//!
//! The crates below record through the facade (the core, the SQL writer, the workspace service,
//! the API layers in this crate); nothing records anywhere until [`install`] puts the
//! `metrics-exporter-prometheus` recorder behind it, so a server with metrics off pays one
//! no-op call per fact. The recorder is process-wide, as the facade is: a second server in the
//! same process (tests) shares the first one's. Counters and histograms are this process's
//! since it started, and survive nothing; gauges are not kept at all but read at every scrape
//! from the store (open workflows by state and by wait, pending approvals: every node's) and
//! from this node's scheduler (workers, slots, queue), so a restarted server reports them
//! right from its first scrape.
//!
//! Not here yet: schedule metrics (there are no schedules to tick).

use std::{sync::Mutex, time::Duration};

use aether_core::Engine;
use aether_types::{
    WaitKind,
    metrics::{self as m, Kind},
};
use axum::{
    Router,
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use metrics::{describe_counter, describe_gauge, describe_histogram, gauge};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tokio_util::sync::CancellationToken;

/// How often histograms' recent samples are folded in, so memory stays bounded between
/// scrapes.
const UPKEEP_INTERVAL: Duration = Duration::from_secs(5);

/// The installed recorder's handle; the lock makes two servers starting at once in one
/// process install it once.
static HANDLE: Mutex<Option<PrometheusHandle>> = Mutex::new(None);

/// The recorder behind the facade, installed on first use: every metric of
/// `aether_types::metrics::ALL` described, and each histogram given its own buckets (so it is
/// exported as a histogram, never a summary).
pub fn install() -> Result<PrometheusHandle, String> {
    let mut installed = HANDLE.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(handle) = installed.as_ref() {
        return Ok(handle.clone());
    }
    let mut builder = PrometheusBuilder::new();
    for metric in m::ALL
        .iter()
        .filter(|metric| metric.kind == Kind::Histogram)
    {
        builder = builder
            .set_buckets_for_metric(Matcher::Full(metric.name.to_owned()), metric.buckets)
            .map_err(|e| format!("buckets of {}: {e}", metric.name))?;
    }
    let recorder = builder.build_recorder();
    let handle = recorder.handle();
    metrics::set_global_recorder(recorder)
        .map_err(|_| "another metrics recorder is already installed in this process".to_owned())?;
    for metric in m::ALL {
        match metric.kind {
            Kind::Counter => describe_counter!(metric.name, metric.help),
            Kind::Gauge => describe_gauge!(metric.name, metric.help),
            Kind::Histogram => describe_histogram!(metric.name, metric.help),
        }
    }
    gauge!(m::BUILD_INFO, "version" => env!("CARGO_PKG_VERSION")).set(1.0);
    let upkeep = handle.clone();
    std::thread::Builder::new()
        .name("aether-metrics-upkeep".into())
        .spawn(move || {
            loop {
                std::thread::sleep(UPKEEP_INTERVAL);
                upkeep.run_upkeep();
            }
        })
        .map_err(|e| format!("cannot start the metrics upkeep: {e}"))?;
    *installed = Some(handle.clone());
    Ok(handle)
}

#[derive(Clone)]
struct Scrape {
    engine: Engine,
    handle: PrometheusHandle,
}

/// `GET /metrics`, and nothing else, on the metrics listener.
pub fn router(engine: Engine, handle: PrometheusHandle) -> Router {
    Router::new()
        .route("/metrics", get(scrape))
        .with_state(Scrape { engine, handle })
}

/// Serves the router on `listener` until `stop`.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    stop: CancellationToken,
) -> std::io::Result<()> {
    axum::serve(listener, app)
        .with_graceful_shutdown(stop.cancelled_owned())
        .await
}

async fn scrape(State(Scrape { engine, handle }): State<Scrape>) -> Response {
    // A store that cannot answer leaves the gauges as last read; the counters still render,
    // and the failure is logged rather than turned into a failed scrape (Prometheus would
    // drop every series for it).
    if let Err(err) = refresh_gauges(&engine).await {
        tracing::warn!(error = %err, "metrics: cannot read the store's counts; gauges are stale");
    }
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        handle.render(),
    )
        .into_response()
}

/// The gauges, from the store and the scheduler as they are now.
async fn refresh_gauges(engine: &Engine) -> Result<(), aether_core::Error> {
    let totals = engine.metrics();
    let workers = engine.workers();
    let connected = workers.iter().filter(|w| w.connected);
    let (used, capacity) = connected
        .clone()
        .fold((0, 0), |(u, c), w| (u + w.in_use, c + w.capacity));
    gauge!(m::WORKERS_CONNECTED).set(connected.count() as f64);
    gauge!(m::WORKER_SLOTS_USED).set(used as f64);
    gauge!(m::WORKER_SLOTS_CAPACITY).set(capacity as f64);
    gauge!(m::QUEUE_DEPTH).set(totals.queue_depth as f64);

    let counts = engine.counts().await?;
    for (state, n) in [("pending", counts.pending), ("running", counts.running)] {
        gauge!(m::WORKFLOWS_OPEN, "state" => state).set(n as f64);
    }
    for kind in WaitKind::ALL {
        let n = counts.waiting.get(&kind).copied().unwrap_or(0);
        gauge!(m::WORKFLOWS_WAITING, "wait" => kind.as_str()).set(n as f64);
    }
    gauge!(m::APPROVALS_PENDING).set(engine.pending_approvals().await? as f64);
    Ok(())
}
