//! NN Lab's engine: the network and its training arithmetic (`nn`), the data (`data`:
//! datasets, features, formulas, the digits), the heatmaps' grid (`grid`), and what every
//! part says (`i18n`, the messages in both languages; `names`, the settings' names).
//!
//! A crate of its own so that it is built at full speed (`opt-level = 3`) while the page's
//! code, the settings, the files and the Session are built for size; and so that it cannot
//! reach the browser. Architecture invariant: it depends on no web crate and on nothing of
//! `nnlab` (the compiler checks both).

pub mod data;
pub mod grid;
pub mod i18n;
pub mod names;
pub mod nn;
