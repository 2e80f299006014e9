//! NN Lab's server: serves the page (index.html and www/) and runs the live class session
//! over a WebSocket, keeping its rooms in SQLite. `cargo xtask serve` and `cargo xtask test`
//! start it in-process; a release build (`nnlab-server`) is the one binary a school runs.
//!
//! - `GET /`, `/index.html`, `/www/…`: the page, with its security headers (the page
//!   marked as served by a server that runs classes, `files::CLASS_MARK`).
//! - `GET /class/socket`: a page's WebSocket (see `live`).
//! - `GET /class/qr.svg?code=ABC234`: the join link of a room as a QR code.
//!
//! Architecture invariant: the server holds no class rules of its own (they are
//! `nnlab_class`'s); it listens on 127.0.0.1 unless asked for the local network.

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::serve::ListenerExt;
use axum::Router;
use futures_util::{SinkExt, StreamExt};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

pub mod files;
pub mod live;
pub mod store;

pub use files::CSP;

/// How the server runs.
#[derive(Clone, Debug)]
pub struct Config {
    /// The directory holding index.html and www/.
    pub root: PathBuf,
    /// The port (0: a free one).
    pub port: u16,
    /// Listen on the local network (a class's phones), not only on this machine.
    pub lan: bool,
    /// The SQLite file the rooms are kept in.
    pub db: PathBuf,
}

struct App {
    root: PathBuf,
    packed: files::Packed,
    live: Mutex<live::Live>,
}

impl App {
    fn live(&self) -> MutexGuard<'_, live::Live> {
        self.live.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A server running in its own threads.
pub struct Running {
    url: String,
    join_base: String,
    lan: bool,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Running {
    /// The page's address on this machine.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The address students' devices open (the local network's with `lan`).
    pub fn join_base(&self) -> &str {
        &self.join_base
    }

    /// Prints where the page is, and on the local network the students' link and its QR
    /// code.
    pub fn announce(&self) {
        println!("\nNN Lab is served at {}/  (Ctrl-C stops it)", self.url);
        if self.join_base != self.url {
            println!("Students open {}/ (or scan):", self.join_base);
            if let Some(qr) = terminal_qr(&format!("{}/", self.join_base)) {
                println!("{qr}");
            }
        } else if self.lan {
            println!(
                "Listening on every address, but this machine's address on the local network \
                 was not found: students open http://<its address>:{}/",
                self.url.rsplit(':').next().unwrap_or("")
            );
        }
    }

    /// Blocks for as long as the server runs.
    pub fn join(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }

    /// Stops the server at once: every connection is dropped (as a crash or a restart
    /// would), the store stays.
    pub fn stop(mut self) {
        self.halt();
    }

    fn halt(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.halt();
    }
}

/// This machine's address on the local network (the one a route out leaves by; no packet
/// is sent), or `None`.
pub fn lan_address() -> Option<IpAddr> {
    let socket = std::net::UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)).ok()?;
    socket.connect((Ipv4Addr::new(10, 255, 255, 255), 9)).ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

/// Starts the server in background threads: the store opened (its rooms restored), the
/// port bound.
pub fn start(config: Config) -> Result<Running, String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server's runtime: {e}"))?;
    let host = if config.lan {
        IpAddr::V4(Ipv4Addr::UNSPECIFIED)
    } else {
        IpAddr::V4(Ipv4Addr::LOCALHOST)
    };
    // Bound here, so that a port in use is said at once (and a caller inside another
    // runtime, a test's, is not asked to block on this one).
    let listener = std::net::TcpListener::bind((host, config.port))
        .and_then(|l| l.set_nonblocking(true).map(|()| l))
        .map_err(|e| format!("cannot listen on {host}:{}: {e}", config.port))?;
    let port = listener
        .local_addr()
        .map_err(|e| format!("the server has no address: {e}"))?
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let join_base = match (config.lan, lan_address()) {
        (true, Some(ip)) => format!("http://{ip}:{port}"),
        _ => url.clone(),
    };
    let store = store::Store::open(&config.db)?;
    let live = live::Live::new(store, join_base.clone())?;
    let app = Arc::new(App {
        root: config.root.clone(),
        packed: files::Packed::default(),
        live: Mutex::new(live),
    });
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::spawn(move || {
        runtime.block_on(async move {
            let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                eprintln!("the server cannot listen");
                return;
            };
            let expiry = app.clone();
            tokio::spawn(async move {
                let mut every = tokio::time::interval(Duration::from_secs(60));
                loop {
                    every.tick().await;
                    expiry.live().expire();
                }
            });
            let router = Router::new()
                .route("/class/socket", get(socket))
                .route("/class/qr.svg", get(qr))
                .fallback(get(page))
                .with_state(app);
            let service = router.into_make_service_with_connect_info::<SocketAddr>();
            // Small messages (a vote, a tally) leave at once, not after Nagle's 40 ms.
            let listener = listener.tap_io(|tcp| {
                let _ = tcp.set_nodelay(true);
            });
            tokio::select! {
                served = axum::serve(listener, service) => {
                    if let Err(e) = served {
                        eprintln!("the server stopped: {e}");
                    }
                }
                _ = stopped => {}
            }
        });
        // Every connection's task is dropped with the runtime: the sockets close.
        runtime.shutdown_timeout(Duration::ZERO);
    });
    Ok(Running {
        url,
        join_base,
        lan: config.lan,
        stop: Some(stop),
        thread: Some(thread),
    })
}

async fn page(State(app): State<Arc<App>>, uri: Uri, headers: HeaderMap) -> Response {
    let gzip = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("gzip"));
    files::respond(&app.root, uri.path(), gzip, &app.packed)
}

fn with_page_headers(content_type: &'static str, body: String) -> Response {
    let mut headers = HeaderMap::new();
    files::page_headers(&mut headers);
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    (headers, body).into_response()
}

#[derive(serde::Deserialize)]
struct QrQuery {
    code: String,
}

/// The join link of room `code` as an SVG QR code (any code the alphabet allows: it says
/// nothing about which rooms exist).
async fn qr(State(app): State<Arc<App>>, Query(q): Query<QrQuery>) -> Response {
    let Ok(code) = nnlab_class::Code::parse(&q.code) else {
        return (StatusCode::BAD_REQUEST, "not a join code").into_response();
    };
    let link = format!("{}/?join={code}", app.live().join_base);
    match qrcode::QrCode::new(link.as_bytes()) {
        Ok(qr) => {
            let svg = qr
                .render::<qrcode::render::svg::Color>()
                .quiet_zone(true)
                .min_dimensions(256, 256)
                .build();
            with_page_headers("image/svg+xml", svg)
        }
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "no QR code").into_response(),
    }
}

/// The join link as a QR code drawn in a terminal (for `--lan`).
pub fn terminal_qr(link: &str) -> Option<String> {
    let qr = qrcode::QrCode::new(link.as_bytes()).ok()?;
    Some(
        qr.render::<qrcode::render::unicode::Dense1x2>()
            .quiet_zone(true)
            .build(),
    )
}

/// A WebSocket's largest message: a page's largest message and room to refuse it politely.
const MAX_FRAME: usize = nnlab_class::MAX_MESSAGE_BYTES + (64 << 10);
/// A page silent this long (no message, no answer to a ping) is gone.
const SILENT: Duration = Duration::from_secs(60);
const PING_EVERY: Duration = Duration::from_secs(20);

async fn socket(
    ws: WebSocketUpgrade,
    ConnectInfo(address): ConnectInfo<SocketAddr>,
    State(app): State<Arc<App>>,
) -> Response {
    // Small buffers that grow for a large message: a class's phones mostly send votes.
    ws.read_buffer_size(4 << 10)
        .write_buffer_size(4 << 10)
        .max_message_size(MAX_FRAME)
        .max_frame_size(MAX_FRAME)
        .on_upgrade(move |socket| connection(socket, app, address.ip().to_string()))
}

async fn connection(socket: WebSocket, app: Arc<App>, address: String) {
    let (mut sink, mut stream) = socket.split();
    let (out, mut outgoing) = tokio::sync::mpsc::unbounded_channel::<String>();
    let id = app.live().connect(out);
    let writer = tokio::spawn(async move {
        let mut ping = tokio::time::interval(PING_EVERY);
        loop {
            let message = tokio::select! {
                text = outgoing.recv() => match text {
                    Some(text) => Message::Text(text.into()),
                    None => break,
                },
                _ = ping.tick() => Message::Ping(Vec::new().into()),
            };
            if sink.send(message).await.is_err() {
                break;
            }
        }
    });
    while let Ok(Some(Ok(message))) = tokio::time::timeout(SILENT, stream.next()).await {
        match message {
            Message::Text(text) => app.live().message(id, &address, text.as_str()),
            // Only text is spoken: anything else is refused as a bad message.
            Message::Binary(_) => app.live().message(id, &address, ""),
            Message::Close(_) => break,
            Message::Ping(_) | Message::Pong(_) => {}
        }
    }
    app.live().disconnect(id);
    writer.abort();
}
