//! The model: pure maths, no DOM, no clock, no global RNG.

pub mod activation;
pub mod approx;
pub mod loss;
pub mod math;
pub mod network;
pub mod optimizer;
pub mod reference;
pub mod regularization;

pub use activation::Activation;
pub use loss::Loss;
pub use network::{Init, Layer, Network, NetworkState};
pub use optimizer::{Optimizer, Training};
pub use regularization::Regularization;
