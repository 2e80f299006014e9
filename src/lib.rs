//! NN Lab: a neural-network playground for the classroom.
//!
//! The core (`nn`, `data`, `config`, `names`, `train`, `session`, `scene`, `grid`,
//! `hidden`, `chart`, `io`, `i18n`) is pure Rust and is tested natively; the `Session`
//! holds every rule of a run.
//! `web` is the WebAssembly adapter that owns the page: it turns events into Session
//! commands and draws what the Session holds. See ARCHITECTURE.md.

pub mod bench;
pub mod chart;
pub mod class;
pub mod config;
pub mod hidden;
pub mod io;
pub mod scene;
pub mod session;
pub mod train;
pub mod walk;

#[cfg(target_arch = "wasm32")]
pub mod web;

#[cfg(test)]
mod engine_tests;

// The engine (its own crate, built at full speed), under the names the code uses.
pub use nnlab_engine::{data, grid, i18n, names, nn, text};

pub use config::{Config, ConfigError};
pub use train::Trainer;
