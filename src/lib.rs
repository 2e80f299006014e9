//! NN Lab: a neural-network playground for the classroom.
//!
//! The core (`nn`, `data`, `config`, `train`, `grid`) is pure Rust and is tested natively;
//! `web` is the thin WebAssembly adapter that owns the page.

pub mod bench;
pub mod chart;
pub mod config;
pub mod data;
pub mod grid;
pub mod i18n;
pub mod io;
pub mod names;
pub mod nn;
pub mod session;
pub mod train;

#[cfg(target_arch = "wasm32")]
pub mod web;

pub use config::{Config, ConfigError};
pub use train::Trainer;
