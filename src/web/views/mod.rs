//! The views: each draws plain data (network, grid, samples, history) as pixels. Views
//! read state; they never change it.

pub mod boundary;
pub mod gradients;
pub mod graph;
pub mod heatmap;
pub mod hidden;
pub mod loss_chart;
pub mod palette;
pub mod surface;
pub mod tiles;
