//! A plain `tcp://127.0.0.1:<port>` in front of an engine's unix socket, optionally slow: every
//! chunk waits a fixed delay in each direction before it is passed on (latency added in
//! userspace, since `tc netem` is not available here). Order is kept and throughput is not
//! capped: a chunk's delay runs while the next chunks are read.
//!
//! It runs on a thread and runtime of its own, so sync tests (the e2e rig) and async tests use
//! it alike; dropping it stops it.

use std::path::PathBuf;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, UnixStream};
use tokio::sync::mpsc;
use tokio::time::Instant;

pub struct TcpBridge {
    pub port: u16,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl TcpBridge {
    /// Listens on a loopback port and forwards each connection to the unix socket of `host`
    /// (`unix:///…`), `one_way` late in each direction (zero: no delay).
    pub fn start(host: &str, one_way: Duration) -> TcpBridge {
        let socket = PathBuf::from(host.strip_prefix("unix://").expect("a unix:// host"));
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        std_listener.set_nonblocking(true).unwrap();
        let port = std_listener.local_addr().unwrap().port();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("bridge runtime");
            rt.block_on(async move {
                let listener = TcpListener::from_std(std_listener).expect("listener");
                let accept = async {
                    while let Ok((tcp, _)) = listener.accept().await {
                        let socket = socket.clone();
                        tokio::spawn(async move {
                            let Ok(unix) = UnixStream::connect(&socket).await else {
                                return;
                            };
                            let _ = tcp.set_nodelay(true);
                            let (tr, tw) = tcp.into_split();
                            let (ur, uw) = unix.into_split();
                            tokio::join!(pipe(tr, uw, one_way), pipe(ur, tw, one_way));
                        });
                    }
                };
                tokio::select! {
                    _ = accept => {}
                    _ = stopped => {}
                }
            });
        });
        TcpBridge {
            port,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    pub fn host(&self) -> String {
        format!("tcp://127.0.0.1:{}", self.port)
    }
}

/// Copies `from` to `to`, each chunk `delay` after it was read.
async fn pipe<R, W>(mut from: R, mut to: W, delay: Duration)
where
    R: AsyncReadExt + Unpin + Send + 'static,
    W: AsyncWriteExt + Unpin + Send + 'static,
{
    let (tx, mut rx) = mpsc::unbounded_channel::<(Instant, Vec<u8>)>();
    let reader = async move {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            match from.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if tx
                        .send((Instant::now() + delay, buf[..n].to_vec()))
                        .is_err()
                    {
                        break;
                    }
                }
            }
        }
    };
    let writer = async move {
        while let Some((due, chunk)) = rx.recv().await {
            tokio::time::sleep_until(due).await;
            if to.write_all(&chunk).await.is_err() {
                break;
            }
        }
        let _ = to.shutdown().await;
    };
    tokio::join!(reader, writer);
}

impl Drop for TcpBridge {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
