//! The App: owns the Trainer and the views, trains as the speed says on every animation
//! frame (one epoch by default), and is the JS API (`window.nnlab`).

use super::controls::{Controls, Setting};
use super::dom;
use super::views::{
    boundary::BoundaryView, graph::GraphView, loss_chart::LossChart, palette::Palette,
};
use crate::config::{ChangeEffect, Config, ConfigError, MAX_SPEED_FRAME_MS};
use crate::grid::Grid;
use crate::train::Trainer;
use serde::Serialize;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Cells per side of the decision-boundary grid.
const GRID_SIZE: usize = 100;

/// What `snapshot()` returns to JavaScript.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Snapshot<'a> {
    epoch: f64,
    train_loss: f64,
    test_loss: f64,
    running: bool,
    diverged: bool,
    config: &'a Config,
}

struct State {
    trainer: Trainer,
    running: bool,
    /// Something changed since the last drawing.
    dirty: bool,
    grid: Grid,
    palette: Palette,
    /// The boundary's background: the palette faded, so points stand out.
    background: Palette,
    graph: GraphView,
    boundary: BoundaryView,
    loss_chart: LossChart,
    controls: Controls,
    /// Milliseconds the last frame spent training, then drawing the grid, the boundary,
    /// the graph and the loss chart.
    timings: [f64; 5],
    clock: Option<web_sys::Performance>,
    /// Fractions of an epoch owed in slow motion.
    epoch_credit: f64,
    /// When the last frame started, how long it trained, and the smoothed time a frame
    /// spends on everything else (ms).
    last_frame_start: f64,
    last_training_ms: f64,
    other_ms: f64,
}

impl State {
    fn apply_patch(&mut self, patch: &serde_json::Value) -> Result<ChangeEffect, ConfigError> {
        let next = self.trainer.config().with_patch(patch)?;
        let effect = self.trainer.set_config(next)?;
        self.controls.show_config(self.trainer.config());
        if effect == ChangeEffect::Reset {
            self.controls.show_message(None);
        }
        self.dirty = true;
        Ok(effect)
    }

    /// Trains `epochs` epochs now.
    fn step_epochs(&mut self, epochs: u32) {
        self.trainer.step_epochs(u64::from(epochs));
        self.after_training();
    }

    /// Pauses (in this same frame) and explains when training stopped producing numbers.
    fn after_training(&mut self) {
        self.dirty = true;
        if self.trainer.diverged() {
            self.running = false;
            let rate = self.trainer.config().learning_rate;
            self.controls.show_message(Some(&format!(
                "Training stopped at epoch {}: the loss is no longer a number (the weights \
                 overflowed). The learning rate {} is probably too high for this network \
                 and activation. Lower the learning rate, then press Reset.",
                self.trainer.epoch(),
                rate
            )));
        }
    }

    fn set_running(&mut self, running: bool) {
        self.running = running && !self.trainer.diverged();
        self.dirty = true;
    }

    fn reset(&mut self) {
        self.trainer.reset();
        self.controls.show_message(None);
        self.dirty = true;
    }

    fn now(&self) -> f64 {
        now(&self.clock)
    }

    fn frame(&mut self) {
        let start = self.now();
        // What the frame besides training costs (drawing, the browser's own work, idle
        // time), smoothed: maximum speed trains for the rest of its frame period.
        if self.last_frame_start > 0.0 {
            let other = (start - self.last_frame_start - self.last_training_ms).max(0.0);
            self.other_ms = 0.8 * self.other_ms + 0.2 * other;
        }
        self.last_frame_start = start;
        if self.running {
            let speed = self.trainer.config().speed;
            match speed.epochs_this_frame(&mut self.epoch_credit) {
                Some(0) => {}
                Some(epochs) => {
                    self.trainer.step_epochs(epochs);
                    self.after_training();
                }
                None => {
                    // Maximum speed: as many epochs as fit in the budget, then one drawing.
                    let budget =
                        (MAX_SPEED_FRAME_MS - self.other_ms).clamp(4.0, MAX_SPEED_FRAME_MS);
                    let clock = &self.clock;
                    self.trainer
                        .step_epochs_while(|_| now(clock) - start < budget);
                    self.after_training();
                }
            }
        }
        self.last_training_ms = self.now() - start;
        self.timings[0] = self.last_training_ms;
        if self.dirty {
            self.render();
            self.dirty = false;
        }
    }

    fn fit_canvases(&mut self) {
        self.graph.fit();
        self.boundary.surface.fit();
        self.loss_chart.surface.fit();
        self.dirty = true;
    }

    fn render(&mut self) {
        let t = &self.trainer;
        self.controls
            .show_progress(t.epoch(), t.train_loss(), t.test_loss(), self.running);
        if t.diverged() {
            // Keep the last good pictures: nothing NaN is drawn.
            return;
        }
        let now = || now(&self.clock);
        let t0 = now();
        self.grid.evaluate(t.network(), t.features());
        let t1 = now();
        self.boundary.draw(
            &self.grid,
            t.train_samples(),
            t.test_samples(),
            t.config().show_test_data,
            &self.background,
            &self.palette,
        );
        let t2 = now();
        self.graph
            .draw(t.network(), &self.grid, t.features(), &self.palette);
        let t3 = now();
        self.loss_chart.draw(t.history().points());
        let t4 = now();
        self.timings[1..].copy_from_slice(&[t1 - t0, t2 - t1, t3 - t2, t4 - t3]);
    }

    fn snapshot(&self) -> Result<JsValue, JsError> {
        let t = &self.trainer;
        let snapshot = Snapshot {
            epoch: t.epoch() as f64,
            train_loss: t.train_loss(),
            test_loss: t.test_loss(),
            running: self.running,
            diverged: t.diverged(),
            config: t.config(),
        };
        serde_wasm_bindgen::to_value(&snapshot).map_err(|e| JsError::new(&e.to_string()))
    }
}

/// Milliseconds from the page's clock (0 without one).
fn now(clock: &Option<web_sys::Performance>) -> f64 {
    clock.as_ref().map_or(0.0, |p| p.now())
}

/// NN Lab's page and its JS API. `new App()` takes over the page's elements.
#[wasm_bindgen]
pub struct App {
    state: Rc<RefCell<State>>,
}

fn fail(message: impl std::fmt::Display) -> JsError {
    JsError::new(&message.to_string())
}

/// Calls `handler` on `event` from `target`, with the state, for the page's lifetime.
fn listen(
    target: &web_sys::EventTarget,
    event: &str,
    state: &Rc<RefCell<State>>,
    handler: impl Fn(&mut State) + 'static,
) {
    let weak: Weak<RefCell<State>> = Rc::downgrade(state);
    let closure = Closure::<dyn FnMut(web_sys::Event)>::new(move |_event: web_sys::Event| {
        if let Some(state) = weak.upgrade() {
            if let Ok(mut state) = state.try_borrow_mut() {
                handler(&mut state);
            }
        }
    });
    let _ = target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    closure.forget();
}

fn on_setting(state: &mut State, setting: Setting) {
    let patch = state.controls.patch(setting);
    if let Err(e) = state.apply_patch(&patch) {
        state.controls.show_message(Some(&e.to_string()));
        state.controls.show_config(state.trainer.config());
    }
}

#[wasm_bindgen]
impl App {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<App, JsError> {
        install_panic_hook();
        let trainer = Trainer::new(Config::default()).map_err(fail)?;
        let state = State {
            trainer,
            running: false,
            dirty: true,
            grid: Grid::new(GRID_SIZE, crate::grid::THUMB_STEP),
            palette: Palette::new(),
            background: Palette::faded(0.3),
            graph: GraphView::new("network-canvas", "links-canvas").map_err(fail)?,
            boundary: BoundaryView::new("boundary-canvas", GRID_SIZE).map_err(fail)?,
            loss_chart: LossChart::new("loss-canvas").map_err(fail)?,
            controls: Controls::find().map_err(fail)?,
            timings: [0.0; 5],
            clock: web_sys::window().and_then(|w| w.performance()),
            epoch_credit: 0.0,
            last_frame_start: 0.0,
            last_training_ms: 0.0,
            other_ms: 10.0,
        };
        state.controls.show_config(state.trainer.config());
        let state = Rc::new(RefCell::new(state));
        {
            let s = state.borrow();
            let c = &s.controls;
            listen(&c.play, "click", &state, |s| s.set_running(!s.running));
            listen(&c.step, "click", &state, |s| {
                s.running = false;
                s.step_epochs(1);
            });
            listen(&c.reset, "click", &state, State::reset);
            listen(&c.learning_rate, "input", &state, |s| {
                on_setting(s, Setting::LearningRate)
            });
            listen(&c.dataset, "change", &state, |s| {
                on_setting(s, Setting::Dataset)
            });
            listen(&c.activation, "change", &state, |s| {
                on_setting(s, Setting::Activation)
            });
            listen(&c.speed, "change", &state, |s| {
                on_setting(s, Setting::Speed)
            });
            listen(&c.show_test, "change", &state, |s| {
                on_setting(s, Setting::ShowTestData)
            });
            listen(&c.message_close, "click", &state, |s| {
                s.controls.show_message(None)
            });
        }
        let window = dom::window().map_err(fail)?;
        listen(&window, "resize", &state, State::fit_canvases);
        Ok(App { state })
    }

    /// One animation frame: training as the speed says when playing, then drawing if
    /// anything changed. `main.js` calls it from requestAnimationFrame.
    pub fn frame(&self) -> Result<(), JsError> {
        self.with(|s| s.frame())
    }

    /// `{ epoch, trainLoss, testLoss, running, diverged, config }`
    pub fn snapshot(&self) -> Result<JsValue, JsError> {
        self.state
            .try_borrow()
            .map_err(|_| fail("NN Lab is busy"))?
            .snapshot()
    }

    /// Applies a partial config, e.g. `{ learningRate: 0.1, dataset: "xor" }`. Invalid
    /// input throws an Error naming the setting and what is allowed; nothing changes.
    #[wasm_bindgen(js_name = setConfig)]
    pub fn set_config(&self, partial: JsValue) -> Result<(), JsError> {
        let patch: serde_json::Value = serde_wasm_bindgen::from_value(partial).map_err(|e| {
            fail(format!(
                "setConfig expects an object of settings, e.g. {{ learningRate: 0.1 }} ({e})"
            ))
        })?;
        let mut state = self
            .state
            .try_borrow_mut()
            .map_err(|_| fail("NN Lab is busy"))?;
        state.apply_patch(&patch).map(|_| ()).map_err(fail)
    }

    pub fn play(&self) -> Result<(), JsError> {
        self.with(|s| s.set_running(true))
    }

    pub fn pause(&self) -> Result<(), JsError> {
        self.with(|s| s.set_running(false))
    }

    /// Trains `epochs` epochs (default 1) now, synchronously.
    pub fn step(&self, epochs: Option<u32>) -> Result<(), JsError> {
        self.with(|s| s.step_epochs(epochs.unwrap_or(1)))
    }

    /// Milliseconds the last frame spent: `[training, grid, boundary, graph, lossChart]`.
    #[wasm_bindgen(js_name = frameTimings)]
    pub fn frame_timings(&self) -> Vec<f64> {
        self.state
            .try_borrow()
            .map(|s| s.timings.to_vec())
            .unwrap_or_default()
    }

    /// Back to epoch 0 of the same experiment.
    pub fn reset(&self) -> Result<(), JsError> {
        self.with(State::reset)
    }
}

impl App {
    fn with(&self, f: impl FnOnce(&mut State)) -> Result<(), JsError> {
        let mut state = self
            .state
            .try_borrow_mut()
            .map_err(|_| fail("NN Lab is busy"))?;
        f(&mut state);
        Ok(())
    }
}

/// A panic shows a readable banner (with a reload button, in the page) and is logged.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = format!("NN Lab stopped because of an internal error: {info}");
        web_sys::console::error_1(&message.clone().into());
        if let (Ok(banner), Ok(text)) = (
            dom::by_id::<web_sys::HtmlElement>("fatal"),
            dom::by_id::<web_sys::Element>("fatal-text"),
        ) {
            text.set_text_content(Some(&message));
            banner.set_hidden(false);
        }
    }));
}
