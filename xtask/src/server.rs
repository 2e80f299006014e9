//! The page's server for `serve`, `test` and `bench`: NN Lab's own (the `server/` crate,
//! axum on tokio, with the class hub), run in-process.

use crate::{root, Result};
use std::path::PathBuf;

/// Where `name`'s class rooms are kept: under target/, so a restarted `serve` comes back
/// with its rooms and a test run starts with none.
fn store(name: &str, fresh: bool) -> Result<PathBuf> {
    let dir = root().join("target").join("class");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot make {}: {e}", dir.display()))?;
    let db = dir.join(format!("{name}.sqlite3"));
    if fresh {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
    }
    Ok(db)
}

/// Starts the server on `port` (0: a free one), on the local network with `lan`; `name`
/// names its store (`fresh`: emptied first).
pub fn start(port: u16, lan: bool, name: &str, fresh: bool) -> Result<nnlab_server::Running> {
    nnlab_server::start(nnlab_server::Config {
        root: root(),
        port,
        lan,
        db: store(name, fresh)?,
    })
}
