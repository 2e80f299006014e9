//! `cargo xtask dist`: the page for any web host (`dist/`), and one self-contained HTML file
//! (`dist/nnlab.html`) with the stylesheet, the scripts and the wasm module inside, which
//! works opened from disk with no network. The single file keeps a strict
//! Content-Security-Policy: its inline script and style are allowed by their SHA-256
//! hashes, nothing else inline is.

use crate::{build, root, Result};
use sha2::{Digest, Sha256};
use std::fs;
use std::path::{Path, PathBuf};

fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The bytes gzipped at the best compression.
pub fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder
        .write_all(bytes)
        .and_then(|_| encoder.finish())
        .map_err(|e| format!("gzip: {e}"))
}

/// The CSP source for an inline element's exact text.
fn hash_source(text: &str) -> String {
    format!("'sha256-{}'", base64(&Sha256::digest(text.as_bytes())))
}

/// Replaces the one occurrence of `from` in `text`, or fails naming it.
fn replace_once(text: &str, from: &str, to: &str) -> Result<String> {
    match text.matches(from).count() {
        1 => Ok(text.replacen(from, to, 1)),
        n => Err(format!("expected one {from:?} in the page, found {n}")),
    }
}

/// Builds, then writes `dist/` and `dist/nnlab.html`. Returns the single file's path.
pub fn dist() -> Result<PathBuf> {
    let pkg = build()?;
    let root = root();
    let www = root.join("www");
    let out = root.join("dist");
    let _ = fs::remove_dir_all(&out);
    // The static site: the page as served.
    let index = read(&root.join("index.html"))?;
    write(&out.join("index.html"), index.as_bytes())?;
    for name in ["main.js", "worker.js", "style.css"] {
        write(
            &out.join("www").join(name),
            read(&www.join(name))?.as_bytes(),
        )?;
    }
    let wasm = fs::read(pkg.join("nnlab_bg.wasm")).map_err(|e| format!("no wasm module: {e}"))?;
    let glue = read(&pkg.join("nnlab.js"))?;
    write(&out.join("www").join("pkg").join("nnlab_bg.wasm"), &wasm)?;
    write(
        &out.join("www").join("pkg").join("nnlab.js"),
        glue.as_bytes(),
    )?;
    let mut carried = String::new();
    for name in crate::DATA_FILES {
        let bytes = fs::read(www.join("data").join(name))
            .map_err(|e| format!("no data file {name}: {e}"))?;
        write(&out.join("www").join("data").join(name), &bytes)?;
        carried.push_str(&format!(
            "globalThis.NNLAB_DATA = {{ ...globalThis.NNLAB_DATA, \"{name}\": Uint8Array.from(atob(\"{}\"), (c) => c.charCodeAt(0)) }};\n",
            base64(&bytes)
        ));
    }

    // The single file: one module script (the wasm bytes, the bindings, the bootstrap).
    let main = read(&www.join("main.js"))?;
    let main = replace_once(
        &main,
        "import init, { App, linkNeedsDigits, installDigits, digitsFailed, linkNeedsText, installText, textFailed } from \"./pkg/nnlab.js\";",
        "const init = __wbg_init;",
    )?;
    // The module travels gzipped (a third of its size) and is unpacked by the browser's
    // own DecompressionStream; a failure there is the bootstrap's "could not load" message.
    let script = format!(
        "\nglobalThis.NNLAB_WORKER = null;\nglobalThis.NNLAB_WASM = (async () => new Response(new Blob([Uint8Array.from(atob(\"{}\"), (c) => c.charCodeAt(0))])\
         .stream().pipeThrough(new DecompressionStream(\"gzip\"))).arrayBuffer())();\n{carried}{glue}\n{main}\n",
        base64(&gzip(&wasm)?)
    );
    let style = format!("\n{}\n", read(&www.join("style.css"))?);
    let csp = format!(
        "default-src 'none'; script-src {} 'wasm-unsafe-eval'; style-src {}; \
         img-src 'self' data: blob:; connect-src 'none'; base-uri 'none'; form-action 'none'; \
         object-src 'none'",
        hash_source(&script),
        hash_source(&style)
    );
    let page = replace_once(
        &index,
        "<link rel=\"stylesheet\" href=\"www/style.css\">",
        &format!("<style>{style}</style>"),
    )?;
    let page = replace_once(
        &page,
        "<script type=\"module\" src=\"www/main.js\"></script>",
        &format!("<script type=\"module\">{script}</script>"),
    )?;
    let start = page
        .find("<meta http-equiv=\"Content-Security-Policy\" content=\"")
        .ok_or("the page has no Content-Security-Policy meta element")?;
    let end = start
        + page[start..]
            .find("\">")
            .ok_or("unterminated CSP meta element")?
        + 2;
    let page = format!(
        "{}<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">{}",
        &page[..start],
        &page[end..]
    );
    let single = out.join("nnlab.html");
    write(&single, page.as_bytes())?;
    println!(
        "xtask: wrote {} (the static site) and {} ({} KiB, works offline from disk)",
        out.display(),
        single.display(),
        page.len() / 1024
    );
    Ok(single)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64(&[0xff, 0xfe, 0x00]), "//4A");
    }

    #[test]
    fn gzip_round_trips_and_shrinks() {
        use std::io::Read;
        let text = "the wasm module ".repeat(1000);
        let packed = gzip(text.as_bytes()).unwrap();
        assert!(packed.len() < text.len() / 10, "{} bytes", packed.len());
        assert_eq!(&packed[..2], &[0x1f, 0x8b], "a gzip header");
        let mut back = String::new();
        flate2::read::GzDecoder::new(&packed[..])
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, text);
    }

    #[test]
    fn hashes_are_csp_sha256_sources() {
        // sha256("") in base64.
        assert_eq!(
            hash_source(""),
            "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
        );
    }
}
