//! The engine nodes a worker may talk to (several nodes sharing one database): one at a time,
//! moving on to the next when the current one fails, so that a worker whose node dies carries
//! on with another.

use std::sync::atomic::{AtomicUsize, Ordering};

use aether_proto::v1::worker_service_client::WorkerServiceClient;

use crate::transport::Transport;

pub(crate) struct Nodes {
    rpcs: Vec<WorkerServiceClient<Transport>>,
    current: AtomicUsize,
}

impl Nodes {
    pub(crate) fn new(first: WorkerServiceClient<Transport>) -> Self {
        Self {
            rpcs: vec![first],
            current: AtomicUsize::new(0),
        }
    }

    /// These nodes and `next` after them.
    pub(crate) fn and(&self, next: WorkerServiceClient<Transport>) -> Self {
        let mut rpcs = self.rpcs.clone();
        rpcs.push(next);
        Self {
            rpcs,
            current: AtomicUsize::new(self.current.load(Ordering::Relaxed)),
        }
    }

    /// The node to talk to now, with its index (to report its failure with).
    pub(crate) fn current(&self) -> (usize, WorkerServiceClient<Transport>) {
        let index = self.current.load(Ordering::Acquire) % self.rpcs.len();
        (index, self.rpcs[index].clone())
    }

    /// Talking to node `failed` failed: the next node becomes current, unless another caller
    /// has moved on already. Returns whether there is another node to move to.
    pub(crate) fn failed(&self, failed: usize) -> bool {
        if self.rpcs.len() < 2 {
            return false;
        }
        let next = (failed + 1) % self.rpcs.len();
        let _ = self
            .current
            .compare_exchange(failed, next, Ordering::AcqRel, Ordering::Acquire);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rpc() -> WorkerServiceClient<Transport> {
        let channel = tonic::transport::Endpoint::from_static("http://127.0.0.1:1").connect_lazy();
        WorkerServiceClient::new(Transport::new(channel, Default::default()))
    }

    #[tokio::test]
    async fn a_failure_moves_on_once_and_round_robin() {
        let alone = Nodes::new(rpc());
        assert!(!alone.failed(0), "nowhere to move to");
        assert_eq!(alone.current().0, 0);

        let nodes = alone.and(rpc()).and(rpc());
        assert_eq!(nodes.current().0, 0);
        assert!(nodes.failed(0));
        assert_eq!(nodes.current().0, 1);
        // A second report of the same failure does not skip a node.
        nodes.failed(0);
        assert_eq!(nodes.current().0, 1);
        nodes.failed(1);
        nodes.failed(2);
        assert_eq!(nodes.current().0, 0, "round robin");
    }
}
