//! The page's files (index.html and www/), served from a root directory with the page's
//! security headers; text and the module gzipped when the browser takes it.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

/// The page's Content-Security-Policy: scripts only from the page's own origin (no inline
/// script, no eval), WebAssembly compiled by the browser ('wasm-unsafe-eval' and nothing
/// wider), styles only from the stylesheet (no style attributes), connections (fetch and
/// the class's WebSocket) only to the page's own origin, no plugins. `index.html` carries
/// the same policy in a meta element, for any static host.
pub const CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; base-uri 'none'; \
form-action 'none'; object-src 'none'";

/// Maps a URL path to a file under the root: `/` is index.html; only index.html and
/// files under www/ are served, and no path may climb out of the root.
pub fn resolve(base: &Path, url: &str) -> Option<PathBuf> {
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

/// A file's length and time modified, and its bytes gzipped.
type Stamped = (u64, SystemTime, Vec<u8>);

/// Files sent gzipped, kept packed while they are unchanged.
#[derive(Default)]
pub struct Packed(Mutex<HashMap<PathBuf, Stamped>>);

impl Packed {
    /// The bytes of `path` gzipped, packed again when the file changed.
    fn get(&self, path: &Path, bytes: &[u8]) -> Option<Vec<u8>> {
        let meta = std::fs::metadata(path).ok()?;
        let stamp = (meta.len(), meta.modified().ok()?);
        let mut packed = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((len, modified, bytes)) = packed.get(path) {
            if (*len, *modified) == stamp {
                return Some(bytes.clone());
            }
        }
        let gzipped = gzip(bytes).ok()?;
        packed.insert(path.to_path_buf(), (stamp.0, stamp.1, gzipped.clone()));
        Some(gzipped)
    }
}

pub fn gzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Write;
    let mut packer = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    packer.write_all(bytes)?;
    packer.finish()
}

/// Text and the module travel gzipped when the browser takes it (a school's Wi-Fi carries
/// a third of the bytes); the data files are gzipped already.
fn compressible(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("html" | "js" | "mjs" | "css" | "wasm" | "json" | "svg")
    )
}

/// The headers every answer of the page's carries.
pub fn page_headers(headers: &mut HeaderMap) {
    let mut set = |name: header::HeaderName, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(header::CACHE_CONTROL, "no-store");
    // Cross-origin isolation: everything is same-origin anyway, and it gives
    // performance.now() its fine (5 µs) resolution for the benchmark.
    set(
        header::HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    set(
        header::HeaderName::from_static("cross-origin-embedder-policy"),
        "require-corp",
    );
    set(header::CONTENT_SECURITY_POLICY, CSP);
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
}

/// The mark of a page served by NN Lab's server, which runs class sessions: the page reads
/// it at start (a static host's copy, and the offline file, have none: their class
/// controls are absent). No request is needed to know.
pub const CLASS_MARK: &str = "<meta name=\"nnlab-class\" content=\"on\">";

/// index.html with the class mark after its charset.
fn marked(page: Vec<u8>) -> Vec<u8> {
    const AFTER: &str = "<meta charset=\"utf-8\">";
    let Ok(text) = String::from_utf8(page) else {
        return Vec::new();
    };
    text.replacen(AFTER, &format!("{AFTER}\n{CLASS_MARK}"), 1)
        .into_bytes()
}

/// The answer to a GET of `url`.
pub fn respond(base: &Path, url: &str, gzip: bool, packed: &Packed) -> Response {
    let Some((path, bytes)) =
        resolve(base, url).and_then(|p| std::fs::read(&p).ok().map(|b| (p, b)))
    else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let bytes = if path.file_name().is_some_and(|n| n == "index.html") {
        marked(bytes)
    } else {
        bytes
    };
    let gzipped = (gzip && compressible(&path))
        .then(|| packed.get(&path, &bytes))
        .flatten();
    let mut headers = HeaderMap::new();
    page_headers(&mut headers);
    headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(&path)),
    );
    let body = match gzipped {
        Some(g) => {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            g
        }
        None => bytes,
    };
    (headers, body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    /// The header and the page's meta element state the same policy.
    #[test]
    fn the_page_carries_the_servers_policy() {
        let page = std::fs::read_to_string(root().join("index.html")).unwrap();
        let meta = format!("content=\"{CSP}\"");
        assert!(page.contains(&meta), "index.html lacks {meta}");
    }

    async fn body(response: Response) -> Vec<u8> {
        axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap()
            .to_vec()
    }

    #[tokio::test]
    async fn text_and_the_module_travel_gzipped_when_asked_and_unpack_to_the_file() {
        use std::io::Read;
        let base = root();
        let packed = Packed::default();
        let file = std::fs::read(base.join("www/main.js")).unwrap();
        let response = respond(&base, "/www/main.js", true, &packed);
        assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
        assert_eq!(response.headers()[header::CONTENT_SECURITY_POLICY], CSP);
        let packed_body = body(response).await;
        let mut unpacked = Vec::new();
        flate2::read::GzDecoder::new(&packed_body[..])
            .read_to_end(&mut unpacked)
            .unwrap();
        assert_eq!(unpacked, file);
        // Not asked: as it is.
        let plain = respond(&base, "/www/main.js", false, &packed);
        assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
        assert_eq!(body(plain).await, file);
    }

    #[tokio::test]
    async fn the_page_served_carries_the_class_mark_and_the_file_does_not() {
        let base = root();
        let page = body(respond(&base, "/", false, &Packed::default())).await;
        let page = String::from_utf8(page).unwrap();
        assert_eq!(page.matches(CLASS_MARK).count(), 1);
        assert!(page.starts_with("<!doctype html>"));
        let file = std::fs::read_to_string(base.join("index.html")).unwrap();
        assert!(
            !file.contains("nnlab-class"),
            "a static host's copy has no mark"
        );
        assert_eq!(page.replace(&format!("\n{CLASS_MARK}"), ""), file);
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
        assert!(resolve(&base, "/class.sqlite3").is_none());
    }
}
