//! NN Lab: a neural-network playground for the classroom.
//!
//! The core (`nn`, `data`, `config`, `names`, `train`, `session`, `scene`, `grid`,
//! `hidden`, `chart`, `io`, `i18n`) is pure Rust and is tested natively; the `Session`
//! holds every rule of a run.
//! `web` is the WebAssembly adapter that owns the page: it turns events into Session
//! commands and draws what the Session holds. See ARCHITECTURE.md.

pub mod bench;
pub mod chart;
pub mod config;
pub mod data;
pub mod grid;
pub mod hidden;
pub mod i18n;
pub mod io;
pub mod names;
pub mod nn;
pub mod scene;
pub mod session;
pub mod train;
pub mod walk;

#[cfg(target_arch = "wasm32")]
pub mod web;

pub use config::{Config, ConfigError};
pub use train::Trainer;
