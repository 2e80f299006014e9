//! The App: owns the Trainer and the views, trains as the speed says on every animation
//! frame (one epoch by default), and is the JS API (`window.nnlab`).

use super::controls::{Controls, Kind, Offers};
use super::dom::{self, TextSlot};
use super::lessons::LESSONS;
use super::overlay::Overlay;
use super::views::{
    boundary::{BoundaryView, Picture},
    gradients::GradientView,
    graph::{GraphView, Target},
    loss_chart::LossChart,
    palette::Palette,
    tiles,
};
use crate::config::{ChangeEffect, Config, ConfigError, Control, SpeedNote, MAX_SPEED_FRAME_MS};
use crate::data::Feature;
use crate::grid::Grid;
use crate::i18n::Lang;
use crate::text;
use crate::train::Trainer;
use serde::Serialize;
use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

mod editing;
mod files;
mod teaching;
mod url;

use super::js;

/// The most epochs one `step(n)` call trains (the page waits for them).
pub const MAX_STEP_EPOCHS: u64 = 100_000;

use teaching::Page;

/// Cells per side of the decision-boundary grid.
const GRID_SIZE: usize = 100;

/// What `snapshot()` returns to JavaScript.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Snapshot<'a> {
    epoch: f64,
    train_loss: f64,
    test_loss: f64,
    /// Shares classified right (null for regression).
    train_accuracy: Option<f64>,
    test_accuracy: Option<f64>,
    running: bool,
    diverged: bool,
    config: &'a Config,
    /// Points in the training and the test set.
    train_count: usize,
    test_count: usize,
    /// What the pointer is over in the graph, e.g. `{ kind: "weight", layer, j, i }`.
    hover: Option<HoverInfo>,
    /// What the large heatmap shows: "output", a neuron ("layer 1, neuron 2") or a feature.
    boundary_shows: String,
    /// The training sample the inspector shows.
    inspected_sample: usize,
    /// Mean |∂L/∂W| per layer over the last epoch.
    gradient_sizes: &'a [f64],
    /// The epoch training stops at ("Run until"), if any.
    run_until: Option<f64>,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
enum HoverInfo {
    Input {
        feature: &'static str,
    },
    Neuron {
        layer: usize,
        j: usize,
    },
    Weight {
        layer: usize,
        j: usize,
        i: usize,
        value: f64,
    },
    Bias {
        layer: usize,
        j: usize,
        value: f64,
    },
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
    overlay: Overlay,
    /// What the pointer is over in the graph, where (CSS px in the graph), and what is
    /// being edited.
    hover: Option<Target>,
    hover_at: (f64, f64),
    editing: Option<Target>,
    /// A feature's values at every cell, when its input neuron is hovered (reused).
    feature_values: Vec<f32>,
    caption: TextSlot,
    /// The URL hash last written, so the page does not react to its own change.
    written_hash: String,
    gradients: GradientView,
    /// The inspector: its sample, the neuron shown in wide layers, whether its numbers
    /// are out of date, and when they were last shown (ms).
    inspect_sample: usize,
    inspect_focus: usize,
    inspector_dirty: bool,
    inspector_shown_at: f64,
    /// Whether any of the inspector is on screen (rebuilding its formulas while training
    /// is skipped when nobody can see them: the layout of a few hundred MathML elements
    /// costs frames).
    inspector_visible: bool,
    page: Page,
    /// The browser's language, and the one the page was last written in.
    browser_lang: Lang,
    labelled_for: Option<Lang>,
    /// The presentation mode, palette and language the views were last styled for.
    styled_for: Option<(bool, crate::config::PaletteChoice, Lang)>,
    /// The live region, when it last spoke and the running state it last reported.
    announcer: TextSlot,
    announced_at: f64,
    announced_running: Option<bool>,
    /// Training pauses at this epoch ("Run until").
    run_until: Option<u64>,
    /// The loss-explosion warning was given for this run (play carries on).
    warned: bool,
    /// The click that follows a first tap on the graph only shows the card.
    suppress_graph_click: bool,
    /// The weight being edited was chosen with the keyboard (focus returns to the graph).
    edit_from_keyboard: bool,
    /// A touch press on the data (time, position), to tell a long press.
    press: Option<(f64, f64, f64)>,
    suppress_click: bool,
    /// Milliseconds the last frame spent training, then drawing the grid, the boundary,
    /// the graph and the loss chart.
    timings: [f64; 5],
    clock: Option<web_sys::Performance>,
    /// Fractions of an epoch owed in slow motion.
    epoch_credit: f64,
    /// What a fixed speed really trains when its epochs do not fit in a frame, and the
    /// note on the page (in its language).
    speed_note: SpeedNote,
    speed_actual: TextSlot,
    speed_note_shown: Option<((u64, f64), Lang)>,
    /// When the last frame started, how long it trained, and the smoothed time a frame
    /// spends on everything else (ms).
    last_frame_start: f64,
    last_training_ms: f64,
    other_ms: f64,
}

impl State {
    fn apply_patch(&mut self, patch: &serde_json::Value) -> Result<ChangeEffect, ConfigError> {
        let next = self.trainer.config().with_patch(patch)?;
        self.apply_config(next)
    }

    fn apply_config(&mut self, next: Config) -> Result<ChangeEffect, ConfigError> {
        let effect = self.trainer.set_config(next)?;
        self.config_changed();
        if effect == ChangeEffect::Reset {
            self.controls.show_message(None);
            self.end_hover();
            self.after_reset();
        }
        Ok(effect)
    }

    /// After any change of the config: the controls, the URL and the share link follow.
    fn config_changed(&mut self) {
        self.relabel();
        self.controls.show_config(self.trainer.config());
        self.restyle();
        self.build_data_controls();
        self.sync_url();
        self.inspector_dirty = true;
        self.dirty = true;
    }

    /// The page's language: the config's, else the browser's.
    fn lang(&self) -> Lang {
        self.trainer.config().lang.unwrap_or(self.browser_lang)
    }

    /// Writes the whole page in the config's language (else the browser's) when it changed:
    /// the fixed text, the text the code writes, the canvases' words.
    fn relabel(&mut self) {
        let lang = self.lang();
        if self.labelled_for == Some(lang) {
            return;
        }
        self.labelled_for = Some(lang);
        for key in super::lang::apply_static(lang) {
            web_sys::console::warn_1(&format!("no text for {key}").into());
        }
        self.controls.set_lang(lang);
        self.overlay.set_lang(lang);
        for (button, lesson) in self.page.lesson_buttons.iter().zip(&LESSONS) {
            button.set_text_content(Some(lang.t(lesson.title)));
            let _ = button.set_attribute("title", lang.t("tip.lesson"));
        }
        self.show_lesson_text();
        self.end_hover();
        self.announced_running = None;
        self.page.built_for = None;
        self.build_data_controls();
        self.inspector_dirty = true;
        self.dirty = true;
    }

    /// Presentation mode (larger type, thicker lines, bigger points), the palette and the
    /// words drawn on the canvases, on every view, when any of them changed.
    fn restyle(&mut self) {
        let config = self.trainer.config();
        let lang = self.lang();
        let style = (config.presentation, config.palette, lang);
        if self.styled_for == Some(style) {
            return;
        }
        self.styled_for = Some(style);
        let scale = if config.presentation { 1.6 } else { 1.0 };
        (self.palette, self.background) = match config.palette {
            crate::config::PaletteChoice::Standard => (Palette::new(), Palette::faded(0.3)),
            crate::config::PaletteChoice::ColorBlind => {
                (Palette::colour_blind(0.0), Palette::colour_blind(0.3))
            }
        };
        // The page's own sizes change with presentation mode: canvases are measured again.
        self.graph.fit();
        self.boundary.surface.fit();
        self.loss_chart.surface.fit();
        self.gradients.fit();
        self.graph.restyle(scale, lang);
        self.boundary.restyle(scale);
        self.loss_chart.restyle(scale, lang);
        self.gradients.restyle(scale, lang);
        for (dataset, tile) in &self.controls.tiles {
            if let Some(canvas) = tile
                .query_selector("canvas")
                .ok()
                .flatten()
                .and_then(|c| c.dyn_into().ok())
            {
                tiles::draw_tile(&canvas, *dataset, &self.palette);
            }
        }
        self.dirty = true;
    }

    /// After anything that starts the network again.
    fn after_reset(&mut self) {
        self.warned = false;
        self.run_until = None;
        self.inspector_dirty = true;
        self.dirty = true;
    }

    /// A control changed: its patch, or a message when the result is not allowed.
    fn patch_or_explain(&mut self, patch: serde_json::Value) {
        if let Err(e) = self.apply_patch(&patch) {
            self.controls.show_message(Some(e.text()));
            self.controls.show_config(self.trainer.config());
        }
    }

    fn regenerate(&mut self) {
        self.trainer.regenerate();
        self.warned = false;
        self.config_changed();
    }

    /// Trains `epochs` epochs now.
    fn step_epochs(&mut self, epochs: u64) {
        self.trainer.step_epochs(epochs);
        self.after_training();
    }

    /// Pauses (in this same frame) and explains when training stopped producing numbers,
    /// offering what fits the cause: a lower rate only when the rate can be lowered and
    /// lowering it helps.
    fn after_training(&mut self) {
        self.dirty = true;
        self.inspector_dirty = true;
        let t = &self.trainer;
        let rate = t.config().learning_rate;
        let can_lower = rate > crate::config::MIN_LEARNING_RATE;
        let offers = |lower_rate| Offers {
            lower_rate,
            reset: true,
        };
        if t.diverged() {
            self.running = false;
            self.run_until = None;
            let (message, lower) = match t.divergence() {
                Some(d) if d.even_at_lowest_rate => (
                    text!(
                        "msg.divergedWeights",
                        epoch = t.epoch(),
                        largest = crate::i18n::number(t.network().largest_parameter())
                    ),
                    false,
                ),
                _ => (
                    text!("msg.diverged", epoch = t.epoch(), rate = rate),
                    can_lower,
                ),
            };
            self.controls.show_divergence(message, offers(lower));
        } else if !self.warned && t.loss_exploded() {
            self.running = false;
            self.run_until = None;
            self.warned = true;
            self.controls.show_divergence(
                text!(
                    "msg.exploded",
                    epoch = t.epoch(),
                    from = format!("{:.3}", t.start_loss()),
                    to = format!("{:.3}", t.train_loss()),
                    rate = rate
                ),
                offers(can_lower),
            );
        }
        if self.running && self.trainer.epoch() >= crate::train::MAX_EPOCH {
            self.running = false;
            self.controls
                .show_message(Some(text!("msg.epochLimit", max = crate::train::MAX_EPOCH)));
        }
        if let Some(target) = self.run_until {
            if self.trainer.epoch() >= target {
                self.running = false;
                self.run_until = None;
            }
        }
    }

    /// Epochs left before "Run until" stops training (all of them without a target).
    fn epochs_left(&self) -> u64 {
        self.run_until
            .map_or(u64::MAX, |t| t.saturating_sub(self.trainer.epoch()))
    }

    fn set_running(&mut self, running: bool) {
        self.running = running && !self.trainer.diverged();
        self.dirty = true;
    }

    fn reset(&mut self) {
        self.trainer.reset();
        self.controls.show_message(None);
        self.end_hover();
        self.after_reset();
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
            // No frame trains longer than maximum speed's budget: a fixed speed whose epochs
            // do not fit trains what fits (at least one epoch), and the page says so.
            let budget = (MAX_SPEED_FRAME_MS - self.other_ms).clamp(4.0, MAX_SPEED_FRAME_MS);
            let clock = &self.clock;
            let left = self.epochs_left();
            let within = |done: u64| done == 0 || now(clock) - start < budget;
            match speed.epochs_this_frame(&mut self.epoch_credit) {
                Some(0) => {}
                Some(epochs) => {
                    let wanted = epochs.min(left);
                    let done = self
                        .trainer
                        .step_epochs_while(|done| done < wanted && within(done));
                    self.speed_note
                        .record(done, wanted, self.trainer.diverged());
                    self.after_training();
                }
                None => {
                    // Maximum speed: as many epochs as fit in the budget, then one drawing.
                    self.trainer
                        .step_epochs_while(|done| done < left && now(clock) - start < budget);
                    self.after_training();
                }
            }
        }
        self.show_speed_note();
        self.last_training_ms = self.now() - start;
        self.timings[0] = self.last_training_ms;
        if self.dirty {
            self.render();
            self.dirty = false;
        }
    }

    /// The speed note beside the speed picker, hidden without one (its text made only
    /// when what it says changes).
    fn show_speed_note(&mut self) {
        let lang = self.lang();
        let reading = self
            .speed_note
            .reading(self.running, self.trainer.config().speed);
        let shown = reading.map(|r| (r, lang));
        if shown != self.speed_note_shown {
            let text = reading.map_or(String::new(), |r| SpeedNote::text(r).render(lang));
            self.speed_actual.set_or_hide(&text);
            self.speed_note_shown = shown;
        }
    }

    fn fit_canvases(&mut self) {
        self.graph.fit();
        self.gradients.fit();
        self.boundary.surface.fit();
        self.loss_chart.surface.fit();
        self.dirty = true;
    }

    /// The screen-reader summary (a polite live region): the epoch and the losses, every
    /// five seconds while training and whenever training stops or starts.
    fn announce(&mut self) {
        let now = self.now();
        let changed = self.announced_running != Some(self.running);
        if !changed && now - self.announced_at < 5000.0 {
            return;
        }
        self.announced_at = now;
        self.announced_running = Some(self.running);
        let t = &self.trainer;
        let lang = self.lang();
        let loss = |l| super::controls::format_loss(lang, l);
        let mut text = text!(
            if self.running {
                "say.training"
            } else {
                "say.paused"
            },
            epoch = t.epoch(),
            loss = loss(t.train_loss())
        )
        .render(lang);
        if !t.test_samples().is_empty() {
            text.push_str(&text!("say.testLoss", loss = loss(t.test_loss())).render(lang));
        }
        if let Some(a) = t.test_accuracy().or(t.train_accuracy()) {
            let percent = format!("{:.0}", a * 100.0);
            text.push_str(&text!("say.accuracy", percent = percent).render(lang));
        }
        text.push_str(lang.t("say.end"));
        self.announcer.set(&text);
        // The canvases' text alternatives carry the numbers they show.
        let loss = text!(
            "view.loss",
            epoch = t.epoch(),
            train = loss(t.train_loss()),
            test = loss(t.test_loss())
        )
        .render(lang);
        let _ = self
            .loss_chart
            .surface
            .canvas
            .set_attribute("aria-label", &loss);
        let accuracy = t
            .test_accuracy()
            .or(t.train_accuracy())
            .map_or(String::new(), |a| {
                text!("view.outputAccuracy", percent = format!("{:.0}", a * 100.0)).render(lang)
            });
        let dataset = super::lang::dataset_key(t.config().active_dataset());
        let output = text!(
            "view.output",
            dataset = lang.t(dataset),
            accuracy = accuracy
        )
        .render(lang);
        let _ = self
            .boundary
            .surface
            .canvas
            .set_attribute("aria-label", &output);
    }

    fn render(&mut self) {
        self.refresh_inspector();
        self.announce();
        let textbook = self.trainer.config().is_textbook();
        self.show_predictions();
        let t = &self.trainer;
        self.controls.show_progress(
            t.epoch(),
            (
                t.train_loss(),
                (!t.test_samples().is_empty()).then(|| t.test_loss()),
            ),
            (t.train_accuracy(), t.test_accuracy()),
            self.running,
        );
        if !(t.train_loss().is_finite() && t.network().is_finite()) {
            // Keep the last good pictures: nothing NaN is drawn. (A diverged run is back at
            // its last finite epoch, which is drawn.)
            return;
        }
        self.gradients.draw(t.gradient_sizes());
        let t0 = self.now();
        // The textbook example has no plane to draw: its table and the graph coloured by
        // the inspected sample show it.
        let grid_ms = if textbook { 0.0 } else { self.draw_plane() };
        let t2 = self.now();
        let t = &self.trainer;
        let config = t.config();
        self.graph
            .draw(t.network(), &self.grid, t.features(), &self.palette);
        self.overlay.place(
            &self.graph,
            &config.network_shape,
            if textbook { &[] } else { t.features() },
            textbook || config.hidden.contains(&Control::Features),
            config.hidden.contains(&Control::NumHiddenLayers),
        );
        if self.editing.is_none() {
            if let Some(target @ (Target::Weight { .. } | Target::Bias { .. })) = self.hover {
                // The card follows the value while it trains.
                self.show_hover_card(target, false);
            }
        }
        let t3 = self.now();
        self.loss_chart.draw(t.history().points());
        let t4 = self.now();
        self.timings[1..].copy_from_slice(&[grid_ms, t2 - t0 - grid_ms, t3 - t2, t4 - t3]);
    }

    /// The input plane: the grid, then the large heatmap (the hovered neuron or feature,
    /// else the output) with the points. Returns the milliseconds the grid took.
    fn draw_plane(&mut self) -> f64 {
        let t0 = self.now();
        let t = &self.trainer;
        self.grid.evaluate(t.network(), t.features());
        let grid_ms = self.now() - t0;
        // The large heatmap: the hovered neuron or feature, else the output.
        let plain = |values| Picture::Values {
            values,
            centre: 0.0,
            scale: 1.0,
        };
        let mut classes: [&[f32]; 5] = [&[]; 5];
        let lang = self.lang();
        let output_caption = || Cow::Borrowed(lang.t("view.showingOutput"));
        let (picture, caption): (Picture<'_>, Cow<'static, str>) = match self.hover {
            Some(Target::Input(f)) => {
                self.grid.fill_feature(f, &mut self.feature_values);
                (
                    Picture::Values {
                        values: &self.feature_values,
                        centre: 0.0,
                        scale: f.scale() as f32,
                    },
                    text!("view.showingFeature", feature = f.label())
                        .render(lang)
                        .into(),
                )
            }
            Some(Target::Neuron { layer, j })
                if layer + 1 < t.network().layers.len() && self.grid.focus_values().is_some() =>
            {
                (
                    plain(self.grid.focus_values().unwrap_or(self.grid.output())),
                    text!("view.showingNeuron", neuron = j + 1, layer = layer + 1)
                        .render(lang)
                        .into(),
                )
            }
            Some(Target::Neuron { j, .. })
                if self.grid.output_count() > 1 && self.grid.focus_values().is_some() =>
            {
                (
                    plain(self.grid.focus_values().unwrap_or(self.grid.output())),
                    text!("view.showingClass", class = j + 1)
                        .render(lang)
                        .into(),
                )
            }
            _ if self.grid.output_count() > 1 => {
                let k = self.grid.output_count().min(classes.len());
                for (c, slot) in classes.iter_mut().enumerate().take(k) {
                    *slot = self.grid.output_of(c);
                }
                (Picture::Classes(&classes[..k]), output_caption())
            }
            _ if t.config().output_activation() == crate::nn::Activation::Sigmoid => (
                // A probability: the classes divide at ½.
                Picture::Values {
                    values: self.grid.output(),
                    centre: 0.5,
                    scale: 0.5,
                },
                output_caption(),
            ),
            _ => (plain(self.grid.output()), output_caption()),
        };
        let config = t.config();
        self.boundary.draw(
            picture,
            config.discretize,
            t.train_samples(),
            t.test_samples(),
            config.show_test_data,
            config.class_count(),
            &self.background,
            &self.palette,
        );
        self.caption.set(&caption);
        grid_ms
    }

    fn snapshot(&self) -> Result<JsValue, JsError> {
        let t = &self.trainer;
        let hover = self.hover.map(|target| match target {
            Target::Input(f) => HoverInfo::Input {
                feature: Config::feature_key(f),
            },
            Target::Neuron { layer, j } => HoverInfo::Neuron { layer, j },
            Target::Weight { layer, j, i } => HoverInfo::Weight {
                layer,
                j,
                i,
                value: self.param_of(target).map_or(f64::NAN, |(_, v)| v),
            },
            Target::Bias { layer, j } => HoverInfo::Bias {
                layer,
                j,
                value: self.param_of(target).map_or(f64::NAN, |(_, v)| v),
            },
        });
        let boundary_shows = match self.hover {
            Some(Target::Input(f)) => Config::feature_key(f).to_string(),
            Some(Target::Neuron { layer, j }) if layer + 1 < t.network().layers.len() => {
                format!("layer {}, neuron {}", layer + 1, j + 1)
            }
            _ => "output".to_string(),
        };
        let snapshot = Snapshot {
            epoch: t.epoch() as f64,
            train_loss: t.train_loss(),
            test_loss: t.test_loss(),
            train_accuracy: t.train_accuracy(),
            test_accuracy: t.test_accuracy(),
            running: self.running,
            diverged: t.diverged(),
            config: t.config(),
            train_count: t.train_samples().len(),
            test_count: t.test_samples().len(),
            hover,
            boundary_shows,
            inspected_sample: self.inspect_sample,
            gradient_sizes: t.gradient_sizes(),
            run_until: self.run_until.map(|e| e as f64),
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
    listen_event(target, event, state, move |s, _| handler(s));
}

/// As `listen`, with the event.
fn listen_event(
    target: &web_sys::EventTarget,
    event: &str,
    state: &Rc<RefCell<State>>,
    handler: impl Fn(&mut State, &web_sys::Event) + 'static,
) {
    let weak: Weak<RefCell<State>> = Rc::downgrade(state);
    let closure = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        if let Some(state) = weak.upgrade() {
            if let Ok(mut state) = state.try_borrow_mut() {
                handler(&mut state, &event);
            }
        }
    });
    let _ = target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    closure.forget();
}

/// Tells the state whether the inspector is on screen (an IntersectionObserver: no layout
/// is forced to find out).
fn observe_inspector(state: &Rc<RefCell<State>>) {
    let weak = Rc::downgrade(state);
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        let visible = entries.iter().any(|e| {
            e.dyn_into::<web_sys::IntersectionObserverEntry>()
                .is_ok_and(|e| e.is_intersecting())
        });
        if let Some(state) = weak.upgrade() {
            if let Ok(mut state) = state.try_borrow_mut() {
                state.inspector_visible = visible;
                if visible {
                    state.dirty = true;
                }
            }
        }
    });
    if let (Ok(observer), Ok(target)) = (
        web_sys::IntersectionObserver::new(callback.as_ref().unchecked_ref()),
        dom::by_id::<web_sys::Element>("inspector"),
    ) {
        observer.observe(&target);
        callback.forget();
    }
}

/// The pointer's position relative to the top-left corner of an element's content box
/// (inside its border and padding, where a canvas draws), in CSS pixels.
fn pointer_in(event: &web_sys::Event, element: &web_sys::Element) -> Option<(f64, f64)> {
    event.dyn_ref::<web_sys::MouseEvent>()?;
    // clientX/Y as the fractional numbers browsers give (web-sys reads them as integers).
    let coordinate = |name: &str| js_sys::Reflect::get(event, &name.into()).ok()?.as_f64();
    let rect = element.get_bounding_client_rect();
    let (left, top) = dom::content_offset(element);
    Some((
        coordinate("clientX")? - rect.left() - left,
        coordinate("clientY")? - rect.top() - top,
    ))
}

#[wasm_bindgen]
impl App {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<App, JsError> {
        install_panic_hook();
        let trainer = Trainer::new(Config::default()).map_err(fail)?;
        let grid = Grid::new(GRID_SIZE, crate::grid::THUMB_STEP);
        let palette = Palette::new();
        let state = State {
            trainer,
            running: false,
            dirty: true,
            graph: GraphView::new("network-canvas", "links-canvas", &grid).map_err(fail)?,
            grid,
            background: Palette::faded(0.3),
            boundary: BoundaryView::new("boundary-canvas", GRID_SIZE).map_err(fail)?,
            loss_chart: LossChart::new("loss-canvas").map_err(fail)?,
            controls: Controls::find().map_err(fail)?,
            overlay: Overlay::new("graph-overlay").map_err(fail)?,
            hover: None,
            hover_at: (0.0, 0.0),
            editing: None,
            feature_values: Vec::new(),
            caption: TextSlot::new("boundary-caption").map_err(fail)?,
            written_hash: String::new(),
            gradients: GradientView::new("gradient-canvas").map_err(fail)?,
            inspect_sample: 0,
            inspect_focus: 0,
            inspector_dirty: true,
            inspector_shown_at: 0.0,
            inspector_visible: true,
            page: Page::find().map_err(fail)?,
            run_until: None,
            warned: false,
            styled_for: None,
            browser_lang: super::lang::browser_lang(),
            labelled_for: None,
            announcer: TextSlot::new("announce").map_err(fail)?,
            announced_at: 0.0,
            announced_running: None,
            press: None,
            suppress_click: false,
            suppress_graph_click: false,
            edit_from_keyboard: false,
            timings: [0.0; 5],
            clock: web_sys::window().and_then(|w| w.performance()),
            epoch_credit: 0.0,
            speed_note: SpeedNote::default(),
            speed_note_shown: None,
            speed_actual: TextSlot::new("speed-actual").map_err(fail)?,
            last_frame_start: 0.0,
            last_training_ms: 0.0,
            other_ms: 10.0,
            palette,
        };
        let state = Rc::new(RefCell::new(state));
        {
            // The experiment in the URL, if any.
            let mut s = state.borrow_mut();
            let hash = dom::window()
                .and_then(|w| w.location().hash().map_err(|_| String::new()))
                .unwrap_or_default();
            s.load_hash(hash.strip_prefix('#').unwrap_or(&hash));
        }
        {
            let s = state.borrow();
            let c = &s.controls;
            listen(&c.play, "click", &state, |s| s.set_running(!s.running));
            listen(&c.step, "click", &state, |s| {
                s.running = false;
                s.step_epochs(1);
            });
            listen(&c.reset, "click", &state, State::reset);
            listen(&c.regenerate, "click", &state, State::regenerate);
            listen(&c.add_layer, "click", &state, |s| s.reshape(None, true));
            listen(&c.remove_layer, "click", &state, |s| s.reshape(None, false));
            for (index, bound) in c.bound.iter().enumerate() {
                let event = if matches!(bound.kind, Kind::Select | Kind::Check | Kind::Number) {
                    "change"
                } else {
                    "input"
                };
                listen(bound.field.element(), event, &state, move |s| {
                    let patch = s.controls.patch(index);
                    s.patch_or_explain(patch);
                });
            }
            for (dataset, tile) in &c.tiles {
                let dataset = *dataset;
                listen(tile, "click", &state, move |s| {
                    let key = if dataset.is_regression() {
                        "regDataset"
                    } else {
                        "dataset"
                    };
                    let mut patch = serde_json::Map::new();
                    patch.insert(key.into(), dataset.name().into());
                    s.patch_or_explain(serde_json::Value::Object(patch));
                });
            }
            for (_, input) in &c.classroom {
                listen(input, "change", &state, |s| {
                    let patch = s.controls.hidden_patch();
                    s.patch_or_explain(patch);
                });
            }
            listen(&c.copy_link, "click", &state, |s| {
                let link = s.controls.share_link.value();
                s.controls.share_link.select();
                if let Ok(window) = dom::window() {
                    let _ = window.navigator().clipboard().write_text(&link);
                }
            });
            listen(&c.message_close, "click", &state, |s| {
                s.controls.show_message(None)
            });
            listen(&c.message_lower, "click", &state, State::lower_rate);
            listen(&c.message_reset, "click", &state, State::reset);
            let by_id = |id: &str| dom::by_id::<web_sys::EventTarget>(id).map_err(fail);
            listen(&by_id("run-until-go")?, "click", &state, State::run_until);
            listen(&by_id("inspect-prev")?, "click", &state, |s| {
                s.step_sample(-1)
            });
            listen(&by_id("inspect-next")?, "click", &state, |s| {
                s.step_sample(1)
            });
            listen(
                &by_id("inspect-apply")?,
                "click",
                &state,
                State::apply_inspected,
            );
            listen(&s.page.inspect_neuron, "change", &state, |s| {
                s.inspect_focus = s.page.inspect_neuron.value().parse().unwrap_or(0);
                s.inspector_dirty = true;
                s.dirty = true;
            });
            listen(&by_id("clear-points")?, "click", &state, |s| {
                s.trainer.clear_points();
                s.data_edited();
            });
            let data = s.boundary.surface.canvas.clone();
            listen_event(&data, "click", &state, State::on_data_click);
            let canvas = data.clone();
            listen_event(&data, "contextmenu", &state, move |s, e| {
                e.prevent_default();
                // A touch long press may arrive as a context menu too: removed once.
                s.press = None;
                if let Some((x, y)) = pointer_in(e, &canvas) {
                    let (px, py) = s.boundary.to_plane(x, y);
                    s.remove_point_at(px, py);
                }
            });
            // Touch: press and hold (half a second, without moving) removes the nearest.
            let canvas = data.clone();
            listen_event(&data, "pointerdown", &state, move |s, e| {
                s.suppress_click = false;
                let touch = e
                    .dyn_ref::<web_sys::PointerEvent>()
                    .is_some_and(|p| p.pointer_type() == "touch");
                s.press = if touch {
                    pointer_in(e, &canvas).map(|(x, y)| (s.now(), x, y))
                } else {
                    None
                };
            });
            let canvas = data.clone();
            listen_event(&data, "pointerup", &state, move |s, e| {
                if let (Some((t0, x0, y0)), Some((x, y))) = (s.press.take(), pointer_in(e, &canvas))
                {
                    if s.now() - t0 >= 500.0 && (x - x0).hypot(y - y0) < 10.0 {
                        let (px, py) = s.boundary.to_plane(x, y);
                        s.remove_point_at(px, py);
                        s.suppress_click = true;
                    }
                }
            });
            listen(&by_id("export-png")?, "click", &state, State::save_picture);
            listen(
                &by_id("export-json")?,
                "click",
                &state,
                State::save_experiment,
            );
            listen(&by_id("export-csv")?, "click", &state, State::save_data);
            for (id, load) in [
                (
                    "import-json",
                    State::load_experiment as fn(&mut State, &str) -> Result<(), String>,
                ),
                ("import-csv", State::load_data),
            ] {
                let input: web_sys::HtmlInputElement = dom::by_id(id).map_err(fail)?;
                let weak = Rc::downgrade(&state);
                let chosen = input.clone();
                let closure = Closure::<dyn FnMut()>::new(move || {
                    if let Some(state) = weak.upgrade() {
                        files::on_file_chosen(&chosen, &state, load);
                    }
                });
                let _ = input
                    .add_event_listener_with_callback("change", closure.as_ref().unchecked_ref());
                closure.forget();
            }
            for (index, button) in s.page.lesson_buttons.iter().enumerate() {
                listen(button, "click", &state, move |s| s.load_lesson(index));
            }
            let o = &s.overlay;
            for (feature, button) in Feature::ALL.into_iter().zip(&o.inputs) {
                listen(button, "click", &state, move |s| s.toggle_feature(feature));
            }
            for (l, (add, remove)) in o.neurons.iter().enumerate() {
                listen(add, "click", &state, move |s| s.reshape(Some(l), true));
                listen(remove, "click", &state, move |s| s.reshape(Some(l), false));
            }
            let stack: web_sys::Element = dom::by_id("graph-stack").map_err(fail)?;
            let canvas = s.graph.surface.canvas.clone();
            let touch = |e: &web_sys::Event| {
                e.dyn_ref::<web_sys::PointerEvent>()
                    .is_some_and(|p| p.pointer_type() != "mouse")
            };
            let on_canvas = canvas.clone();
            listen_event(&stack, "pointermove", &state, move |s, e| {
                // A finger has no hover: taps are handled on pointerdown.
                if touch(e) {
                    return;
                }
                if let Some((x, y)) = pointer_in(e, &on_canvas) {
                    s.on_graph_pointer(x, y);
                }
            });
            let on_canvas = canvas.clone();
            listen_event(
                &s.graph.surface.canvas,
                "pointerdown",
                &state,
                move |s, e| {
                    if touch(e) {
                        if let Some((x, y)) = pointer_in(e, &on_canvas) {
                            s.on_graph_touch(x, y);
                        }
                    }
                },
            );
            listen_event(&stack, "pointerleave", &state, move |s, e| {
                // A tapped card stays when the finger lifts.
                if s.editing.is_none() && !touch(e) {
                    s.set_hover(None);
                }
            });
            listen_event(&s.graph.surface.canvas, "keydown", &state, |s, e| {
                let Some(key) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                    return;
                };
                if !(key.ctrl_key() || key.meta_key() || key.alt_key())
                    && s.on_graph_key(&key.key())
                {
                    // The arrows are the graph's here, not the page's "step".
                    e.prevent_default();
                    e.stop_propagation();
                }
            });
            listen(&s.graph.surface.canvas, "blur", &state, |s| {
                if s.editing.is_none() && !s.overlay.card.hidden() {
                    s.set_hover(None);
                }
            });
            listen(
                &s.graph.surface.canvas,
                "click",
                &state,
                State::on_graph_click,
            );
            listen_event(&o.edit, "keydown", &state, |s, e| {
                if let Some(key) = e.dyn_ref::<web_sys::KeyboardEvent>().map(|k| k.key()) {
                    match key.as_str() {
                        "Enter" => s.commit_edit(),
                        "Escape" => s.cancel_edit(),
                        _ => {}
                    }
                }
            });
            listen(&o.edit, "blur", &state, State::cancel_edit);
        }
        observe_inspector(&state);
        // Keyboard: space plays or pauses, → trains one epoch, r resets; not while typing
        // in a field or moving a slider (whose own keys those are).
        let document = dom::document().map_err(fail)?;
        listen_event(&document, "keydown", &state, |s, e| {
            let Some(key) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                return;
            };
            if key.ctrl_key() || key.meta_key() || key.alt_key() {
                return;
            }
            let tag = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .map(|t| t.tag_name().to_ascii_lowercase())
                .unwrap_or_default();
            let typing = matches!(tag.as_str(), "input" | "select" | "textarea");
            // On a focused button, space presses that button (the browser's own).
            let pressing = matches!(tag.as_str(), "button" | "summary") && key.key() == " ";
            if typing || pressing {
                return;
            }
            match key.key().as_str() {
                " " => {
                    e.prevent_default();
                    s.set_running(!s.running);
                }
                "ArrowRight" => {
                    e.prevent_default();
                    s.running = false;
                    s.step_epochs(1);
                }
                "r" | "R" => s.reset(),
                _ => {}
            }
        });
        let window = dom::window().map_err(fail)?;
        listen(&window, "resize", &state, State::fit_canvases);
        listen(&window, "hashchange", &state, State::on_hash_change);
        Ok(App { state })
    }

    /// One animation frame: training as the speed says when playing, then drawing if
    /// anything changed. `main.js` calls it from requestAnimationFrame.
    pub fn frame(&self) -> Result<(), JsError> {
        self.with(|s| s.frame())
    }

    /// `{ epoch, trainLoss, testLoss, running, diverged, config }`
    pub fn snapshot(&self) -> Result<JsValue, JsError> {
        self.read(State::snapshot)?
    }

    /// Applies a partial config, e.g. `{ learningRate: 0.1, dataset: "xor" }`. Invalid
    /// input throws an Error naming the setting and what is allowed; nothing changes.
    #[wasm_bindgen(js_name = setConfig)]
    pub fn set_config(&self, partial: JsValue) -> Result<(), JsError> {
        // Read (getters run, which may call this API) before the state is borrowed.
        // Anything but an object is refused by the config ("config: expected an object").
        let patch = js::to_json("setConfig", &partial, js::CONFIG).map_err(fail)?;
        self.with(|s| s.apply_patch(&patch).map(|_| ()).map_err(fail))?
    }

    pub fn play(&self) -> Result<(), JsError> {
        self.with(|s| s.set_running(true))
    }

    pub fn pause(&self) -> Result<(), JsError> {
        self.with(|s| s.set_running(false))
    }

    /// Trains `epochs` epochs (default 1) now, synchronously: a whole number from 0 to
    /// `MAX_STEP_EPOCHS`.
    pub fn step(&self, epochs: JsValue) -> Result<(), JsError> {
        let epochs = js::whole_arg("step", &epochs, (0, MAX_STEP_EPOCHS), Some(1)).map_err(fail)?;
        self.with(|s| s.step_epochs(epochs))
    }

    /// Panics on purpose, so that the in-browser tests can check the panic banner. Only
    /// in builds with the `test-hooks` feature (never in the page's build).
    #[cfg(feature = "test-hooks")]
    #[wasm_bindgen(js_name = panicProbe)]
    pub fn panic_probe(&self) {
        panic!("the panic probe was called (a test)");
    }

    /// Every text of a language ("en" or "zh") as `{ key: text }`, `{name}` where a value
    /// goes (the end-to-end tests compare the page with it).
    pub fn strings(&self, lang: JsValue) -> Result<JsValue, JsError> {
        let lang = js::text_arg("strings", &lang, 16).map_err(fail)?;
        let lang: Lang = serde_json::from_value(serde_json::json!(lang))
            .map_err(|_| fail(format!("{lang:?} is not a language: use \"en\" or \"zh\"")))?;
        let table: std::collections::BTreeMap<&str, &str> = lang.table().iter().copied().collect();
        serde_wasm_bindgen::to_value(&table).map_err(|e| JsError::new(&e.to_string()))
    }

    /// Bytes of WebAssembly memory the module holds (diagnostics: the long-run test checks
    /// it stays flat).
    #[wasm_bindgen(js_name = memoryBytes)]
    pub fn memory_bytes(&self) -> f64 {
        wasm_bindgen::memory()
            .dyn_into::<js_sys::WebAssembly::Memory>()
            .ok()
            .and_then(|m| m.buffer().dyn_into::<js_sys::ArrayBuffer>().ok())
            .map_or(0.0, |b| f64::from(b.byte_length()))
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

    /// The inspector's numbers for training sample `sample_index` (0-based): `{ sample,
    /// input, label, target, objective, loss, learningRate, layers: [{ activation,
    /// weights, bias, z, a, delta, gradWeights, gradBias, weightsAfter, biasAfter }] }`.
    /// Nothing is changed.
    pub fn inspect(&self, sample_index: JsValue) -> Result<JsValue, JsError> {
        // The passes reuse the trainer's buffers (hence `with`); the weights stay.
        let inspection = self.with(|s| {
            let n = s.trainer.train_samples().len() as u64;
            let last = n.saturating_sub(1);
            let index = js::whole_arg("inspect", &sample_index, (0, last), None).map_err(fail)?;
            s.trainer
                .inspect(index as usize)
                .ok_or_else(|| fail(text!("err.noSample", index = index, last = last)))
        })??;
        serde_wasm_bindgen::to_value(&inspection).map_err(|e| fail(e.to_string()))
    }

    /// The whole experiment as JSON text (what "Save experiment" downloads).
    #[wasm_bindgen(js_name = exportJson)]
    pub fn export_json(&self) -> Result<String, JsError> {
        self.read(State::export_json)
    }

    /// Loads a saved experiment; a refused file throws an Error naming the problem and
    /// changes nothing.
    #[wasm_bindgen(js_name = importJson)]
    pub fn import_json(&self, text: JsValue) -> Result<(), JsError> {
        let text = js::text_arg("importJson", &text, crate::io::MAX_FILE_BYTES).map_err(fail)?;
        self.with(|s| s.load_experiment(&text).map_err(fail))?
    }

    /// The data as CSV text (x1, x2, label).
    #[wasm_bindgen(js_name = exportCsv)]
    pub fn export_csv(&self) -> Result<String, JsError> {
        self.read(State::export_csv)
    }

    /// Loads points from CSV; a refused file throws an Error naming the line and field and
    /// changes nothing.
    #[wasm_bindgen(js_name = importCsv)]
    pub fn import_csv(&self, text: JsValue) -> Result<(), JsError> {
        let text = js::text_arg("importCsv", &text, crate::io::MAX_FILE_BYTES).map_err(fail)?;
        self.with(|s| s.load_data(&text).map_err(fail))?
    }

    /// New data from the next seed; the network keeps its weights.
    pub fn regenerate(&self) -> Result<(), JsError> {
        self.with(State::regenerate)
    }

    /// Every layer's parameters: `[{ weights: [[w_ji …] …], bias: [b_j …] }, …]`, hidden
    /// layers first, the output layer last.
    pub fn weights(&self) -> Result<JsValue, JsError> {
        let layers = self.read(|s| crate::io::layer_params(s.trainer.network()))?;
        serde_wasm_bindgen::to_value(&layers).map_err(|e| fail(e.to_string()))
    }
}

impl App {
    /// Runs `f` on the state; an Error when a call is already using it (a JS call from
    /// inside one of the page's own handlers).
    fn with<R>(&self, f: impl FnOnce(&mut State) -> R) -> Result<R, JsError> {
        let mut state = self
            .state
            .try_borrow_mut()
            .map_err(|_| fail("NN Lab is busy"))?;
        Ok(f(&mut state))
    }

    /// `with` for calls that only read.
    fn read<R>(&self, f: impl FnOnce(&State) -> R) -> Result<R, JsError> {
        let state = self
            .state
            .try_borrow()
            .map_err(|_| fail("NN Lab is busy"))?;
        Ok(f(&state))
    }
}

/// A panic shows a readable banner (with a reload button, in the page) and is logged.
fn install_panic_hook() {
    // Once per module: a second App (tests build several) keeps the same hook, and after a
    // panic (which aborts the call, so the thread stays "panicking") setting it again
    // would itself panic.
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(install_panic_hook_now);
}

fn install_panic_hook_now() {
    std::panic::set_hook(Box::new(|info| {
        let message = text!("msg.panic", error = info);
        web_sys::console::error_1(&message.to_string().into());
        // In the language the page is in (the state is out of reach in a panic).
        let lang = dom::document()
            .ok()
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"))
            .map_or(Lang::En, |tag| Lang::from_browser(&tag));
        if let (Ok(banner), Ok(text)) = (
            dom::by_id::<web_sys::HtmlElement>("fatal"),
            dom::by_id::<web_sys::Element>("fatal-text"),
        ) {
            text.set_text_content(Some(&message.render(lang)));
            banner.set_hidden(false);
        }
    }));
}
