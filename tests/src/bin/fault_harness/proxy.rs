//! A TCP proxy between the engine and PostgreSQL that can drop every connection at once: the
//! network cutting the engine off its database mid-commit.

use std::net::SocketAddr;

use tokio::{
    net::{TcpListener, TcpStream},
    sync::watch,
    task::JoinHandle,
};

pub struct CutProxy {
    pub port: u16,
    cuts: watch::Sender<u64>,
    accept: JoinHandle<()>,
}

impl CutProxy {
    pub async fn spawn(target: SocketAddr) -> anyhow::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let port = listener.local_addr()?.port();
        let (cuts, _) = watch::channel(0u64);
        let watcher = cuts.clone();
        let accept = tokio::spawn(async move {
            loop {
                let Ok((client, _)) = listener.accept().await else {
                    continue;
                };
                let cut = watcher.subscribe();
                tokio::spawn(relay(client, target, cut));
            }
        });
        Ok(Self { port, cuts, accept })
    }

    /// Drops every open connection; new ones are relayed as before.
    pub fn cut(&self) {
        self.cuts.send_modify(|n| *n += 1);
    }
}

impl Drop for CutProxy {
    fn drop(&mut self) {
        self.accept.abort();
        self.cut();
    }
}

async fn relay(mut client: TcpStream, target: SocketAddr, mut cut: watch::Receiver<u64>) {
    let Ok(mut server) = TcpStream::connect(target).await else {
        return;
    };
    // Returning drops both sockets, which closes them.
    tokio::select! {
        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
        _ = cut.changed() => {}
    }
}
