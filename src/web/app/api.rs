//! The JS API (`window.nnlab`): `new App()` takes over the page; every method checks its
//! arguments at the boundary (`web::js`), then calls one Session command.

use super::wiring::Wiring;
use super::State;
use crate::config::Config;
use crate::i18n::Lang;
use crate::session::Session;
use crate::text;
use crate::web::pictures::Pictures;
use crate::web::{dom, js};
use js_sys::Reflect;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The most epochs one `step(n)` call trains (the page waits for them).
pub const MAX_STEP_EPOCHS: u64 = 100_000;

/// NN Lab's page and its JS API. `new App()` takes over the page's elements; dropping it
/// (`free()`) removes its listeners.
#[wasm_bindgen]
pub struct App {
    state: Rc<RefCell<State>>,
    _wiring: Wiring,
}

pub(super) fn fail(message: impl std::fmt::Display) -> JsError {
    JsError::new(&message.to_string())
}

#[wasm_bindgen]
impl App {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<App, JsError> {
        install_panic_hook();
        // The pictures' worker, which the page's bootstrap started (none: the pictures
        // are drawn on this thread): it gets the module first, so that it starts while
        // the rest of the page is built.
        let worker = Reflect::get(&js_sys::global(), &"NNLAB_WORKER".into())
            .ok()
            .and_then(|w| w.dyn_into::<web_sys::Worker>().ok());
        let pictures = Pictures::start(worker);
        let session = Session::new(Config::default()).map_err(fail)?;
        let state = Rc::new(RefCell::new(State::new(session, pictures).map_err(fail)?));
        {
            // The experiment in the URL, if any.
            let mut s = state.borrow_mut();
            let hash = dom::window()
                .and_then(|w| w.location().hash().map_err(|_| String::new()))
                .unwrap_or_default();
            s.session.load_hash(hash.strip_prefix('#').unwrap_or(&hash));
            s.sync();
        }
        let wiring = Wiring::new(&state).map_err(fail)?;
        // The class session: is there a server that runs them (and a room to go back to)?
        state.borrow_mut().class_begin(Rc::downgrade(&state));
        Ok(App {
            state,
            _wiring: wiring,
        })
    }

    /// One animation frame: training as the speed says when playing, then drawing if
    /// anything changed. `main.js` calls it from requestAnimationFrame.
    pub fn frame(&self) -> Result<(), JsError> {
        self.with(State::frame)
    }

    /// Between animation frames at maximum speed: one slice of training
    /// (`Session::slice`). `main.js` calls it from tasks it posts, so input is answered
    /// between slices; true while it should call again.
    #[wasm_bindgen(js_name = trainSlice)]
    pub fn train_slice(&self) -> Result<bool, JsError> {
        self.with(|s| {
            let clock = &s.clock;
            s.session.slice(&|| super::now(clock))
        })
    }

    /// `{ epoch, trainLoss, testLoss, running, diverged, config, … }` (`session::Snapshot`).
    pub fn snapshot(&self) -> Result<JsValue, JsError> {
        // The config's parts are flattened into one map: a plain object, as before; what
        // is not there (an accuracy in regression, the confusion counts) is null.
        let objects = serde_wasm_bindgen::Serializer::new()
            .serialize_maps_as_objects(true)
            .serialize_missing_as_null(true);
        self.read(|s| {
            serde::Serialize::serialize(&s.session.snapshot(), &objects)
                .map_err(|e| fail(e.to_string()))
        })?
    }

    /// Applies a partial config, e.g. `{ learningRate: 0.1, dataset: "xor" }`. Invalid
    /// input throws an Error naming the setting and what is allowed; nothing changes.
    #[wasm_bindgen(js_name = setConfig)]
    pub fn set_config(&self, partial: JsValue) -> Result<(), JsError> {
        // Read (getters run, which may call this API) before the state is borrowed.
        // Anything but an object is refused by the config ("config: expected an object").
        let patch = js::to_json("setConfig", &partial, js::CONFIG).map_err(fail)?;
        self.with(|s| s.session.change(&patch).map(|_| ()).map_err(fail))?
    }

    pub fn play(&self) -> Result<(), JsError> {
        self.with(|s| s.session.set_running(true))
    }

    pub fn pause(&self) -> Result<(), JsError> {
        self.with(|s| s.session.set_running(false))
    }

    /// Trains `epochs` epochs (default 1) now, synchronously: a whole number from 0 to
    /// `MAX_STEP_EPOCHS`.
    pub fn step(&self, epochs: JsValue) -> Result<(), JsError> {
        let epochs = js::whole_arg("step", &epochs, (0, MAX_STEP_EPOCHS), Some(1)).map_err(fail)?;
        self.with(|s| s.session.step(epochs))
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

    /// Shows kept epoch `epoch` (the nearest kept one) in every view and pauses; `null`
    /// (or leaving it out) shows the live network again. While an epoch is shown,
    /// `snapshot()`, `weights()` and `inspect()` describe the network as it was then.
    /// Returns the epoch shown, or null for the live network.
    #[wasm_bindgen(js_name = showEpoch)]
    pub fn show_epoch(&self, epoch: JsValue) -> Result<JsValue, JsError> {
        let epoch = if epoch.is_null() || epoch.is_undefined() {
            None
        } else {
            let max = crate::train::MAX_EPOCH;
            Some(js::whole_arg("showEpoch", &epoch, (0, max), None).map_err(fail)?)
        };
        let shown = self.with(|s| s.session.show_epoch(epoch))?;
        Ok(shown.map_or(JsValue::NULL, |e| JsValue::from_f64(e as f64)))
    }

    /// "Continue from here": training plays on from the shown epoch; the later curve
    /// stays as the road not taken. False when no epoch is shown.
    #[wasm_bindgen(js_name = continueFromShown)]
    pub fn continue_from_shown(&self) -> Result<bool, JsError> {
        self.with(|s| s.session.continue_from_shown())
    }

    /// The timeline: `{ kept: [epoch, …] (the epochs that can be shown, with the state
    /// training needs to go on from them), shown (or null), latest, bytes (the memory it
    /// holds), budget (its bound, bytes), roadNotTaken: [{ epoch, train, test }, …],
    /// chart: [left, right, epochs] (the loss chart's axis in CSS px from the canvas's
    /// left, and the epoch at its right end; null before it is drawn) }`.
    pub fn timeline(&self) -> Result<JsValue, JsError> {
        #[derive(serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Report<'a> {
            kept: Vec<f64>,
            shown: Option<f64>,
            latest: f64,
            bytes: usize,
            budget: usize,
            road_not_taken: &'a [crate::train::LossPoint],
            chart: Option<(f64, f64, f64)>,
        }
        self.read(|s| {
            let t = s.session.trainer();
            let report = Report {
                kept: t.kept_epochs().map(|e| e as f64).collect(),
                shown: t.shown_epoch().map(|e| e as f64),
                latest: t.latest_epoch() as f64,
                bytes: t.timeline_bytes(),
                budget: crate::train::TIMELINE_BYTES,
                road_not_taken: t.road_not_taken(),
                chart: s.loss_chart.axis(),
            };
            let plain = serde_wasm_bindgen::Serializer::json_compatible();
            serde::Serialize::serialize(&report, &plain).map_err(|e| fail(e.to_string()))
        })?
    }

    /// "Step through": `stage` (a whole number from 0) shows that stage of the inspected
    /// sample's update on the graph, pausing training; `"play"` and `"pause"` play the
    /// walk by itself at `walkPace` or stop it; `null` ends the walk.
    #[wasm_bindgen(js_name = stepThrough)]
    pub fn step_through(&self, stage: JsValue) -> Result<(), JsError> {
        if stage.is_null() {
            return self.with(|s| s.session.end_walk());
        }
        let last = self.read(|s| {
            crate::walk::Stage::count(s.session.trainer().network().layers.len()) as u64 - 1
        })?;
        if let Some(word) = stage.as_string() {
            let playing = match word.as_str() {
                "play" => true,
                "pause" => false,
                _ => {
                    let list = format!("0 … {last}, \"play\", \"pause\", null");
                    let value = format!("\"{}\"", crate::i18n::cut(&word, 40));
                    return Err(fail(
                        text!("err.field", field = "stepThrough")
                            .sub("message", text!("err.oneOf", value = value, list = list)),
                    ));
                }
            };
            return self.with(|s| s.session.play_walk(playing));
        }
        let k = js::whole_arg("stepThrough", &stage, (0, last), None).map_err(fail)?;
        self.with(|s| s.session.walk_to(k as usize))
    }

    /// The walk under way, or null: `{ stage, count, kind, layer, playing, caption, nodes,
    /// links }`: the stage's number (from 0) of `count`, its kind (`"inputs"`, `"forward"`,
    /// `"loss"`, `"backward"`, `"update"`) and layer (from 1; null for the others),
    /// whether it plays, its caption in the page's language, every node's `[number,
    /// colour]` (the inputs, then each layer's neurons; null where the walk has not
    /// reached it) and every link's drawn value (layer by layer, `weights[j][i]` row by
    /// row; null: faded), all the worked example's numbers (`inspect()`).
    pub fn walk(&self) -> Result<JsValue, JsError> {
        #[derive(serde::Serialize)]
        struct Report {
            stage: usize,
            count: usize,
            kind: &'static str,
            layer: Option<usize>,
            playing: bool,
            caption: String,
            nodes: Vec<Option<(f64, f64)>>,
            links: Vec<Option<f64>>,
        }
        let report = self.with(|s| {
            let walk = s.session.walk()?;
            let mut picture = crate::walk::WalkPicture::default();
            let stage = s.session.walk_picture(&mut picture)?;
            let ins = s.session.inspect(s.session.inspected())?;
            Some(Report {
                stage: walk.stage,
                count: crate::walk::Stage::count(ins.layers.len()),
                kind: stage.kind(),
                layer: stage.layer().map(|l| l + 1),
                playing: walk.playing,
                caption: stage.caption(&ins).render(s.lang()),
                nodes: picture.nodes,
                links: picture.links,
            })
        })?;
        let plain = serde_wasm_bindgen::Serializer::json_compatible();
        serde::Serialize::serialize(&report, &plain).map_err(|e| fail(e.to_string()))
    }

    /// Milliseconds the last frame spent: `[training, grid, boundary, graph, lossChart]`.
    #[wasm_bindgen(js_name = frameTimings)]
    pub fn frame_timings(&self) -> Vec<f64> {
        self.state
            .try_borrow()
            .map(|s| s.timings.to_vec())
            .unwrap_or_default()
    }

    /// Who draws the network graph, the input plane and the hidden space, and whether
    /// they show the latest state: `{ drawnBy: "worker" | "starting" | "page", drawn,
    /// pending, error, hiddenBounds, hiddenPlot, hiddenEasing }` (`drawn`: scenes drawn
    /// so far; `pending`: changes not yet drawn, 0 when the pictures are up to date;
    /// `error`: why the pictures stopped, or null; `hiddenBounds`: the box [x0, x1, y0,
    /// y1] the hidden space was last drawn on and `hiddenPlot` where it is on the canvas,
    /// [left, top, width, height] in CSS px, both null when it is not shown;
    /// `hiddenEasing`: its axes are still moving towards the values).
    pub fn pictures(&self) -> Result<JsValue, JsError> {
        #[derive(serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Report {
            drawn_by: &'static str,
            drawn: u64,
            pending: u64,
            error: Option<String>,
            hidden_bounds: Option<[f64; 4]>,
            hidden_plot: Option<[f64; 4]>,
            hidden_easing: bool,
        }
        self.read(|s| {
            let hidden = s.pictures.hidden_shown();
            let report = Report {
                drawn_by: s.pictures.drawn_by().name(),
                drawn: s.pictures.drawn(),
                pending: s.pictures.pending() + u64::from(s.pictures_dirty),
                error: s.pictures.error(),
                hidden_bounds: hidden.frame.map(|f| f.bounds),
                hidden_plot: hidden.frame.map(|f| f.plot),
                hidden_easing: hidden.easing,
            };
            let plain = serde_wasm_bindgen::Serializer::json_compatible();
            serde::Serialize::serialize(&report, &plain).map_err(|e| fail(e.to_string()))
        })?
    }

    /// Back to epoch 0 of the same experiment.
    pub fn reset(&self) -> Result<(), JsError> {
        self.with(|s| s.session.reset())
    }

    /// The inspector's numbers for training sample `sample_index` (0-based): `{ sample,
    /// input, label, target, objective, loss, learningRate, layers: [{ activation,
    /// weights, bias, z, a, delta, gradWeights, gradBias, weightsAfter, biasAfter }] }`.
    /// Nothing is changed.
    pub fn inspect(&self, sample_index: JsValue) -> Result<JsValue, JsError> {
        // The passes reuse the trainer's buffers (hence `with`); the weights stay.
        let inspection = self.with(|s| {
            let n = s.session.trainer().train_samples().len() as u64;
            let last = n.saturating_sub(1);
            let index = js::whole_arg("inspect", &sample_index, (0, last), None).map_err(fail)?;
            s.session
                .inspect(index as usize)
                .ok_or_else(|| fail(text!("err.noSample", index = index, last = last)))
        })??;
        serde_wasm_bindgen::to_value(&inspection).map_err(|e| fail(e.to_string()))
    }

    /// The whole experiment as JSON text (what "Save experiment" downloads).
    #[wasm_bindgen(js_name = exportJson)]
    pub fn export_json(&self) -> Result<String, JsError> {
        self.read(|s| s.session.export_json())
    }

    /// Loads a saved experiment; a refused file throws an Error naming the problem and
    /// changes nothing.
    #[wasm_bindgen(js_name = importJson)]
    pub fn import_json(&self, text: JsValue) -> Result<(), JsError> {
        let text = js::text_arg("importJson", &text, crate::io::MAX_FILE_BYTES).map_err(fail)?;
        self.with(|s| s.session.load_experiment(&text).map_err(fail))?
    }

    /// The data as CSV text (x1, x2, label, set).
    #[wasm_bindgen(js_name = exportCsv)]
    pub fn export_csv(&self) -> Result<String, JsError> {
        self.read(|s| match s.session.config().is_text() {
            // A text's data are its lines, not points.
            true => Err(fail(text!("err.textCsv"))),
            false => Ok(crate::io::export_csv(s.session.trainer())),
        })?
    }

    /// "Export as Python (NumPy)": the script's text. `options` is `{ start: "now" |
    /// "epoch0", epochs: N }` (each optional: now, 20 epochs); a refusal throws an Error
    /// saying why and changes nothing.
    #[wasm_bindgen(js_name = exportPython)]
    pub fn export_python(&self, options: JsValue) -> Result<String, JsError> {
        let json = if options.is_undefined() || options.is_null() {
            serde_json::Value::Object(Default::default())
        } else {
            js::to_json("exportPython", &options, js::CONFIG).map_err(fail)?
        };
        let options = crate::io::python::Options::from_json(&json).map_err(fail)?;
        self.read(|s| {
            s.session
                .export_python(options, s.lang())
                .map(|script| script.text)
        })?
        .map_err(fail)
    }

    /// Loads points from CSV; a refused file throws an Error naming the line and field and
    /// changes nothing.
    #[wasm_bindgen(js_name = importCsv)]
    pub fn import_csv(&self, text: JsValue) -> Result<(), JsError> {
        let text = js::text_arg("importCsv", &text, crate::io::MAX_FILE_BYTES).map_err(fail)?;
        self.with(|s| s.session.load_data(&text).map_err(fail))?
    }

    /// New data from the next seed; the network keeps its weights.
    pub fn regenerate(&self) -> Result<(), JsError> {
        self.with(|s| s.session.regenerate())
    }

    /// Every layer's parameters: `[{ weights: [[w_ji …] …], bias: [b_j …] }, …]`, hidden
    /// layers first, the output layer last.
    pub fn weights(&self) -> Result<JsValue, JsError> {
        let layers = self.read(|s| crate::io::layer_params(s.session.trainer().network()))?;
        serde_wasm_bindgen::to_value(&layers).map_err(|e| fail(e.to_string()))
    }
}

impl App {
    /// Runs `f` on the state, then shows what changed; an Error when a call is already
    /// using it (a JS call from inside one of the page's own handlers).
    pub(super) fn with<R>(&self, f: impl FnOnce(&mut State) -> R) -> Result<R, JsError> {
        let mut state = self
            .state
            .try_borrow_mut()
            .map_err(|_| fail("NN Lab is busy"))?;
        let result = f(&mut state);
        state.sync();
        Ok(result)
    }

    /// `with` for calls that only read.
    pub(super) fn read<R>(&self, f: impl FnOnce(&State) -> R) -> Result<R, JsError> {
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
