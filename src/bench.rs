//! The benchmark configurations and the engine benchmark, shared by the native run
//! (`examples/bench_engine.rs`) and the in-browser run (`benchEngine` in the web layer).
//! The clock is passed in: the core has none of its own.

use crate::config::Config;
use crate::config::Experiment;
use crate::data::Dataset;
use crate::grid::Grid;
use crate::train::Trainer;
use serde::Serialize;

/// The configurations named in the performance issue.
pub fn configs() -> Vec<(&'static str, Config)> {
    let a = Config::default();
    let b = Config {
        experiment: Experiment {
            dataset: Dataset::Spiral,
            x: true,
            y: true,
            x_squared: true,
            y_squared: true,
            x_times_y: true,
            sin_x: true,
            sin_y: true,
            network_shape: vec![8; 6],
            ..Default::default()
        },
        ..Config::default()
    };
    let c = {
        let mut config = b.clone();
        config.training.batch_size = 1;
        config
    };
    // D: the digits as their tile sets them up (64-16-10, Adam, mini-batches of 10).
    let mut d = Config::default();
    d.set_up_digits();
    // T: text mode as the names' tile sets it up (makemore's model: 3 characters of
    // context, 10 numbers each, 200 tanh neurons, 27 symbols; Adam, mini-batches of 32).
    let mut t = Config::default();
    t.set_up_text(Dataset::Names);
    vec![("A", a), ("B", b), ("C", c), ("D", d), ("T", t)]
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EngineResult {
    /// Epochs per second, each epoch including the training and test losses.
    pub epochs_per_second: f64,
    /// Milliseconds to evaluate every neuron over the 100×100 grid.
    pub grid_ms: f64,
    /// Milliseconds the timeline adds to an epoch whose state it keeps (every epoch up to
    /// 320, as here; then ever fewer): training with it less training without it.
    pub timeline_ms_per_epoch: f64,
    /// Training samples an epoch goes through (text mode: examples, a character each).
    pub samples_per_epoch: usize,
}

/// Times `epochs` epochs and `grids` evaluations of the 100×100 grid. `now` returns
/// milliseconds.
pub fn engine(config: &Config, epochs: u32, grids: u32, now: &dyn Fn() -> f64) -> EngineResult {
    let Ok(mut trainer) = Trainer::new(config.clone()) else {
        return EngineResult {
            epochs_per_second: f64::NAN,
            grid_ms: f64::NAN,
            timeline_ms_per_epoch: f64::NAN,
            samples_per_epoch: 0,
        };
    };
    let samples_per_epoch = trainer.train_samples().len();
    // Warm up.
    for _ in 0..epochs.min(5) {
        trainer.step_epoch();
    }
    let start = now();
    for _ in 0..epochs {
        trainer.step_epoch();
    }
    let train_ms = now() - start;
    if !config.has_plane() {
        // No plane, no grid (the digits, text). Text mode's epochs are too long to time
        // the timeline's share in a benchmark's minute.
        let timeline = match config.is_text() {
            true => f64::NAN,
            false => timeline_cost(config, epochs, now),
        };
        return EngineResult {
            epochs_per_second: f64::from(epochs) / (train_ms / 1000.0),
            grid_ms: f64::NAN,
            timeline_ms_per_epoch: timeline,
            samples_per_epoch,
        };
    }
    let mut grid = Grid::new(100, crate::grid::THUMB_STEP);
    grid.evaluate(trainer.network(), trainer.features());
    let start = now();
    for _ in 0..grids {
        grid.evaluate(trainer.network(), trainer.features());
    }
    let grid_ms = (now() - start) / f64::from(grids.max(1));
    EngineResult {
        epochs_per_second: f64::from(epochs) / (train_ms / 1000.0),
        grid_ms,
        timeline_ms_per_epoch: timeline_cost(config, epochs, now),
        samples_per_epoch,
    }
}

/// What keeping the timeline's states adds to an epoch, in ms: the same epochs trained
/// with and without it, in alternating rounds (the machine's noise falls on both), from
/// epoch 0, where every epoch's state is kept.
fn timeline_cost(config: &Config, epochs: u32, now: &dyn Fn() -> f64) -> f64 {
    let rounds = 10;
    // [with the timeline, without it]
    let mut spent = [0.0; 2];
    for round in 0..rounds {
        let order = if round % 2 == 0 {
            [true, false]
        } else {
            [false, true]
        };
        for keep in order {
            let Ok(mut trainer) = Trainer::new(config.clone()) else {
                return f64::NAN;
            };
            trainer.keep_timeline(keep);
            let start = now();
            for _ in 0..epochs / 4 {
                trainer.step_epoch();
            }
            spent[usize::from(!keep)] += now() - start;
        }
    }
    (spent[0] - spent[1]) / f64::from(rounds * (epochs / 4).max(1))
}
