//! A server started in-process on 127.0.0.1 with its own store, and pages that talk to it
//! over a WebSocket as the page does.
#![allow(dead_code)]

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;

pub type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A fresh directory for a test's store.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nnlab-server-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn config(db: PathBuf, port: u16) -> nnlab_server::Config {
    nnlab_server::Config {
        root: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".."),
        port,
        lan: false,
        db,
    }
}

pub fn start(name: &str) -> nnlab_server::Running {
    nnlab_server::start(config(scratch(name).join("class.sqlite3"), 0)).unwrap()
}

pub fn socket_url(server: &nnlab_server::Running) -> String {
    format!("{}/class/socket", server.url().replace("http://", "ws://"))
}

/// How long a test waits for one message before it fails.
pub const PATIENCE: Duration = Duration::from_secs(20);

pub struct Page {
    pub ws: Socket,
    /// The latest message of each type read.
    pub latest: std::collections::HashMap<String, Value>,
}

impl Page {
    pub async fn open(url: &str) -> Page {
        // As browsers do, without Nagle's delay.
        let (ws, _) = tokio_tungstenite::connect_async_with_config(url, None, true)
            .await
            .unwrap();
        Page {
            ws,
            latest: Default::default(),
        }
    }

    pub async fn send_text(&mut self, text: String) {
        self.ws.send(Message::Text(text.into())).await.unwrap();
    }

    pub async fn send(&mut self, message: Value) {
        self.send_text(message.to_string()).await;
    }

    /// The next message from the server (`None`: the connection closed).
    pub async fn next(&mut self) -> Option<Value> {
        loop {
            let message = tokio::time::timeout(PATIENCE, self.ws.next())
                .await
                .expect("the server answers in time");
            match message {
                Some(Ok(Message::Text(text))) => {
                    let message: Value = serde_json::from_str(&text).unwrap();
                    if let Some(kind) = message["type"].as_str() {
                        self.latest.insert(kind.to_string(), message.clone());
                    }
                    return Some(message);
                }
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => return None,
                Some(Ok(_)) => continue,
            }
        }
    }

    /// Messages until one `wanted`; it is returned.
    pub async fn until(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            let message = self.next().await.expect("the connection stays open");
            if std::env::var_os("NNLAB_TRACE").is_some() {
                eprintln!("{message}");
            }
            if wanted(&message) {
                return message;
            }
        }
    }

    /// Sends a message and reads to its answer: `Ok` for done, `Err(key)` for a refusal.
    pub async fn call(&mut self, message: Value) -> Result<(), String> {
        self.send(message).await;
        let answer = self
            .until(|m| m["type"] == "done" || m["type"] == "refused")
            .await;
        match answer["type"].as_str() {
            Some("done") => Ok(()),
            _ => Err(answer["key"].as_str().unwrap_or("").to_string()),
        }
    }

    /// The latest view of the room read (after a call: the view the call made, as views
    /// come before the answer).
    pub fn view(&self, kind: &str) -> Value {
        self.latest[kind]["room"].clone()
    }
}

/// A teacher's page with a new room: (page, code, secret).
pub async fn teacher(url: &str) -> (Page, String, String) {
    let mut page = Page::open(url).await;
    page.send(json!({ "type": "start" })).await;
    let started = page.until(|m| m["type"] == "started").await;
    page.until(|m| m["type"] == "done").await;
    let code = started["code"].as_str().unwrap().to_string();
    let secret = started["secret"].as_str().unwrap().to_string();
    (page, code, secret)
}

pub fn token(n: u64) -> String {
    format!("{n:032x}")
}

/// A student's page joined to room `code` with token number `n`.
pub async fn student(url: &str, code: &str, n: u64, nickname: &str) -> Page {
    let mut page = Page::open(url).await;
    let joined = page
        .call(json!({ "type": "join", "code": code, "token": token(n), "nickname": nickname }))
        .await;
    assert_eq!(joined, Ok(()), "student {n} joins");
    page
}

pub fn ask(choices: usize) -> Value {
    json!({ "type": "ask", "lesson": "xor", "step": 1, "choices": choices })
}
