//! A PostgreSQL outage: calls fail fast (not after sqlx's 30 s acquire timeout) while the server
//! cannot be reached, and work goes on once it is back, on the same store, without reopening.
//!
//! The server is shared with other tests, so the outage is made in between: the store talks to
//! it through a TCP proxy of the test's own, which the test takes down (its port refuses
//! connections, the connections it carried are cut) and brings back on the same port.

use std::{
    net::SocketAddr,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use aether_store::{Error, Store};
use aether_store_sql::{
    Location, SqlStore,
    testing::{created, fresh_postgres_url},
};
use aether_types::WorkflowId;
use tokio::{
    net::{TcpListener, TcpStream},
    task::AbortHandle,
};

/// How long a call may take to fail during the outage: the store's acquire timeout (5 s) and
/// some slack, well below sqlx's default of 30 s.
const FAILS_WITHIN: Duration = Duration::from_secs(10);

/// A TCP proxy to the PostgreSQL server that can be taken down and brought back.
struct Proxy {
    addr: SocketAddr,
    upstream: SocketAddr,
    /// The accept loop and every connection it forwards.
    tasks: Arc<Mutex<Vec<AbortHandle>>>,
}

impl Proxy {
    async fn start(upstream: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let proxy = Self {
            addr,
            upstream,
            tasks: Arc::default(),
        };
        proxy.serve(listener);
        proxy
    }

    fn serve(&self, listener: TcpListener) {
        let tasks = self.tasks.clone();
        let upstream = self.upstream;
        let accept = tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                let forward = tokio::spawn(async move {
                    if let Ok(mut server) = TcpStream::connect(upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
                tasks.lock().expect("tasks").push(forward.abort_handle());
            }
        });
        self.tasks
            .lock()
            .expect("tasks")
            .push(accept.abort_handle());
    }

    /// The server becomes unreachable: new connections are refused, open ones are cut.
    fn take_down(&self) {
        for task in self.tasks.lock().expect("tasks").drain(..) {
            task.abort();
        }
    }

    /// The server is reachable again, at the same address.
    async fn bring_back(&self) {
        // The aborted accept loop drops its listener when its task is dropped, which may lag
        // the abort by a scheduler turn: bounded retries of the bind cover that.
        for _ in 0..100 {
            if let Ok(listener) = TcpListener::bind(self.addr).await {
                self.serve(listener);
                return;
            }
            tokio::task::yield_now().await;
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("cannot listen on {} again", self.addr);
    }
}

/// The database URL with its host and port replaced by the proxy's.
fn through(url: &str, proxy: SocketAddr) -> String {
    let (scheme, rest) = url.split_once("://").expect("a URL");
    let (authority, path) = rest.split_once('/').expect("a database name");
    let (user, _) = authority.rsplit_once('@').unwrap_or(("", authority));
    let user = if user.is_empty() {
        String::new()
    } else {
        format!("{user}@")
    };
    format!("{scheme}://{user}{proxy}/{path}")
}

/// The host and port of a URL, resolved.
async fn server_of(url: &str) -> SocketAddr {
    let rest = url.split_once("://").expect("a URL").1;
    let authority = rest.split('/').next().expect("an authority");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host_port = if host_port.contains(':') {
        host_port.to_owned()
    } else {
        format!("{host_port}:5432")
    };
    tokio::net::lookup_host(host_port)
        .await
        .expect("resolve")
        .next()
        .expect("an address")
}

/// Runs `call` and checks that it failed as unavailable, quickly.
async fn fails_fast<T: std::fmt::Debug>(
    what: &str,
    call: impl std::future::Future<Output = aether_store::Result<T>>,
) {
    let started = Instant::now();
    let outcome = tokio::time::timeout(Duration::from_secs(60), call)
        .await
        .unwrap_or_else(|_| panic!("{what} hung for a minute"));
    let took = started.elapsed();
    assert!(
        matches!(outcome, Err(Error::Backend(_))),
        "{what} during the outage: {outcome:?}"
    );
    assert!(
        took < FAILS_WITHIN,
        "{what} took {took:?} to fail; expected under {FAILS_WITHIN:?}"
    );
}

#[tokio::test]
async fn postgres_outage_fails_fast_and_work_resumes_without_reopening() {
    let url = fresh_postgres_url().await;
    let proxy = Proxy::start(server_of(&url).await).await;
    let store = SqlStore::open(&Location::Postgres(through(&url, proxy.addr)))
        .await
        .expect("open");
    store.ping().await.expect("the store answers");
    store.commit(created("before")).await.expect("commit");

    proxy.take_down();
    fails_fast("ping", store.ping()).await;
    fails_fast(
        "load",
        store.load(&WorkflowId::parse("before").expect("id")),
    )
    .await;
    fails_fast("commit", store.commit(created("during"))).await;

    proxy.bring_back().await;
    // The pool reconnects by itself: the first calls after the outage may still meet a
    // connection it has not yet found broken, so a few attempts are allowed.
    let mut resumed = Err(Error::Backend("not tried".into()));
    for _ in 0..20 {
        resumed = store.commit(created("after")).await;
        if resumed.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    resumed.expect("a commit after the outage");
    store.ping().await.expect("the store answers again");
    let before = store
        .load(&WorkflowId::parse("before").expect("id"))
        .await
        .expect("load");
    assert!(
        before.is_some(),
        "what was committed before the outage is there"
    );
    let during = store
        .load(&WorkflowId::parse("during").expect("id"))
        .await
        .expect("load");
    assert!(during.is_none(), "the commit that failed changed nothing");
}
