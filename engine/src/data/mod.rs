//! Data: the seeded RNG, the dataset generators, the input features.

pub mod datasets;
pub mod digits;
pub mod features;
pub mod formula;
pub mod rng;
pub mod text;

pub use datasets::{Dataset, Sample};
pub use features::Feature;
pub use rng::Rng;
