//! The model: pure maths, no DOM, no clock, no global RNG.

pub mod activation;
pub mod approx;
pub mod loss;
pub mod math;
pub mod network;

pub use activation::Activation;
pub use network::{Layer, Network};
