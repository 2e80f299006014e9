//! A small static file server for the page (index.html and www/), on loopback only.

use crate::{root, Result};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

pub struct Server {
    url: String,
    threads: Vec<JoinHandle<()>>,
}

/// Threads answering requests: a browser that stops reading a response (a page closed
/// mid-download) holds one, not the server.
const THREADS: usize = 4;

impl Server {
    /// Starts serving on 127.0.0.1:`port` (0 picks a free port) in background threads.
    pub fn start(port: u16) -> Result<Server> {
        let http = tiny_http::Server::http(("127.0.0.1", port))
            .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
        let http = Arc::new(http);
        let port = http
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .ok_or("the server has no IP address")?;
        let base = root();
        let packed = Arc::new(Mutex::new(Packed::default()));
        let threads = (0..THREADS)
            .map(|_| {
                let (http, base, packed) = (http.clone(), base.clone(), packed.clone());
                std::thread::spawn(move || {
                    for request in http.incoming_requests() {
                        let gzip = request.headers().iter().any(|h| {
                            h.field.equiv("Accept-Encoding") && h.value.as_str().contains("gzip")
                        });
                        let response = {
                            let mut packed = packed.lock().unwrap_or_else(|e| e.into_inner());
                            respond(&base, request.url(), gzip.then_some(&mut *packed))
                        };
                        // Written without the lock: a slow reader holds only this thread.
                        let _ = request.respond(response);
                    }
                })
            })
            .collect();
        Ok(Server {
            url: format!("http://127.0.0.1:{port}"),
            threads,
        })
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// Blocks for as long as the server runs.
    pub fn join(self) {
        for thread in self.threads {
            let _ = thread.join();
        }
    }
}

/// Maps a URL path to a file under the root: `/` is index.html; only index.html and
/// files under www/ are served, and no path may climb out of the root.
fn resolve(base: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let path = path.trim_start_matches('/');
    let path = if path.is_empty() { "index.html" } else { path };
    let rel = Path::new(path);
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    if path != "index.html" && !path.starts_with("www/") {
        return None;
    }
    let full = base.join(rel);
    full.is_file().then_some(full)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

/// The page's Content-Security-Policy: scripts only from the page's own origin (no inline
/// script, no eval), WebAssembly compiled by the browser ('wasm-unsafe-eval' and nothing
/// wider), styles only from the stylesheet (no style attributes), no plugins, no
/// framing restrictions (the page may be embedded). `index.html` carries the same policy
/// in a meta element, for any static host.
pub const CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; base-uri 'none'; \
form-action 'none'; object-src 'none'";

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
        .expect("static header names and values are valid")
}

/// Files sent gzipped, kept packed while they are unchanged (path, length, modified).
#[derive(Default)]
struct Packed(std::collections::HashMap<PathBuf, (u64, std::time::SystemTime, Vec<u8>)>);

impl Packed {
    /// The bytes of `path` gzipped, packed again when the file changed.
    fn get(&mut self, path: &Path, bytes: &[u8]) -> Option<Vec<u8>> {
        let meta = std::fs::metadata(path).ok()?;
        let stamp = (meta.len(), meta.modified().ok()?);
        if let Some((len, modified, packed)) = self.0.get(path) {
            if (*len, *modified) == stamp {
                return Some(packed.clone());
            }
        }
        let packed = crate::dist::gzip(bytes).ok()?;
        self.0
            .insert(path.to_path_buf(), (stamp.0, stamp.1, packed.clone()));
        Some(packed)
    }
}

/// Text and the module travel gzipped when the browser takes it (a school's Wi-Fi carries
/// a third of the bytes); the data files are gzipped already.
fn compressible(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("html" | "js" | "mjs" | "css" | "wasm" | "json" | "svg")
    )
}

fn respond(
    base: &Path,
    url: &str,
    packed: Option<&mut Packed>,
) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    match resolve(base, url).and_then(|p| std::fs::read(&p).ok().map(|b| (p, b))) {
        Some((path, bytes)) => {
            let gzipped = packed
                .filter(|_| compressible(&path))
                .and_then(|p| p.get(&path, &bytes));
            let (bytes, encoding) = match gzipped {
                Some(g) => (g, Some("gzip")),
                None => (bytes, None),
            };
            let response = tiny_http::Response::from_data(bytes);
            let response = match encoding {
                Some(e) => response.with_header(header("Content-Encoding", e)),
                None => response,
            };
            response
                .with_header(header("Vary", "Accept-Encoding"))
                .with_header(header("Content-Type", content_type(&path)))
                .with_header(header("Cache-Control", "no-store"))
                // Cross-origin isolation: everything is same-origin anyway, and it gives
                // performance.now() its fine (5 µs) resolution for the benchmark.
                .with_header(header("Cross-Origin-Opener-Policy", "same-origin"))
                .with_header(header("Cross-Origin-Embedder-Policy", "require-corp"))
                .with_header(header("Content-Security-Policy", CSP))
                .with_header(header("X-Content-Type-Options", "nosniff"))
        }
        None => tiny_http::Response::from_string("not found")
            .with_status_code(404)
            .with_header(header("Content-Type", "text/plain; charset=utf-8")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The header and the page's meta element state the same policy.
    #[test]
    fn the_page_carries_the_servers_policy() {
        let page = std::fs::read_to_string(root().join("index.html")).unwrap();
        let meta = format!("content=\"{CSP}\"");
        assert!(page.contains(&meta), "index.html lacks {meta}");
    }

    #[test]
    fn text_and_the_module_travel_gzipped_when_asked_and_unpack_to_the_file() {
        use std::io::Read;
        let base = root();
        let mut packed = Packed::default();
        let file = std::fs::read(base.join("www/main.js")).unwrap();
        let response = respond(&base, "/www/main.js", Some(&mut packed));
        let gzip = response
            .headers()
            .iter()
            .any(|h| h.field.equiv("Content-Encoding") && h.value.as_str() == "gzip");
        assert!(gzip);
        let mut body = Vec::new();
        response.into_reader().read_to_end(&mut body).unwrap();
        let mut unpacked = Vec::new();
        flate2::read::GzDecoder::new(&body[..])
            .read_to_end(&mut unpacked)
            .unwrap();
        assert_eq!(unpacked, file);
        // Not asked: as it is.
        let mut plain = Vec::new();
        respond(&base, "/www/main.js", None)
            .into_reader()
            .read_to_end(&mut plain)
            .unwrap();
        assert_eq!(plain, file);
    }

    #[test]
    fn serves_only_the_page_and_www() {
        let base = root();
        assert!(resolve(&base, "/").is_some());
        assert!(resolve(&base, "/index.html?x=1").is_some());
        assert!(resolve(&base, "/www/main.js").is_some());
        assert!(resolve(&base, "/Cargo.toml").is_none());
        assert!(resolve(&base, "/www/../Cargo.toml").is_none());
        assert!(resolve(&base, "/www/nothing-here.js").is_none());
    }
}
