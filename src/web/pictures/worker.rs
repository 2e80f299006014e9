//! The pictures' Web Worker: `www/worker.js` loads this same module and makes a
//! `PaintWorker`; the page's `Link` starts it, hands it the canvases once it is ready, and
//! posts it one scene at a time (the next only when it has drawn the last, so nothing
//! queues up behind a slow worker). The worker sends back when it has drawn, and its
//! times; nothing the JS API needs.

use super::{HiddenShown, PaintTimes, Painter, Shown, CANVASES};
use crate::nn::{Activation, Init, Network};
use crate::scene::Scene;
use crate::web::views::hidden::Frame;
use crate::web::views::surface::Surface;
use gloo_events::EventListener;
use js_sys::{Array, Object, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, Worker};

/// How long a worker may take to start before the page draws the pictures itself (ms).
const START_TIMEOUT_MS: f64 = 5000.0;

/// Whether this browser can hand a canvas to a worker: `OffscreenCanvas`, a canvas's
/// `transferControlToOffscreen` and module workers (the worker checks it gets a 2-D
/// context before it says it is ready). Not in WebKit: WebKitGTK 2.50 stops its web
/// process (a trap in libwebkit2gtk, in the worker's, the compositor's or the page's
/// thread) within seconds of training with the pictures in a worker, so Safari and its
/// kin draw them on the page's thread.
pub fn supported() -> bool {
    let global = js_sys::global();
    let agent = Reflect::get(&global, &"navigator".into())
        .and_then(|n| Reflect::get(&n, &"userAgent".into()))
        .ok()
        .and_then(|a| a.as_string())
        .unwrap_or_default();
    if agent.contains("AppleWebKit") && !agent.contains("Chrome") && !agent.contains("Chromium") {
        return false;
    }
    let has = |object: &JsValue, name: &str| {
        Reflect::get(object, &name.into()).is_ok_and(|v| !v.is_undefined() && !v.is_null())
    };
    let prototype = Reflect::get(&global, &"HTMLCanvasElement".into())
        .and_then(|c| Reflect::get(&c, &"prototype".into()))
        .unwrap_or(JsValue::UNDEFINED);
    has(&global, "OffscreenCanvas")
        && has(&global, "Worker")
        && has(&prototype, "transferControlToOffscreen")
}

/// What the worker has said.
#[derive(Default)]
struct Inbox {
    ready: bool,
    failed: Option<String>,
    painted: u64,
    times: PaintTimes,
    hidden: HiddenShown,
}

/// The page's end of the worker.
pub struct Link {
    worker: Worker,
    inbox: Rc<RefCell<Inbox>>,
    _listeners: [EventListener; 2],
    /// The canvases are the worker's.
    transferred: bool,
    /// Scenes posted.
    sent: u64,
    started_at: f64,
    /// The scene's numbers (reused).
    wire: Vec<f64>,
}

/// What `Link::poll` found.
pub enum Progress {
    Unchanged,
    /// The worker has the canvases now.
    Drawing,
    /// The worker failed before it had them (or took too long): the page draws.
    FailedToStart,
}

fn now() -> f64 {
    super::clock().map_or(0.0, |c| c.now())
}

fn message(fields: &[(&str, &JsValue)]) -> Object {
    let object = Object::new();
    for (key, value) in fields {
        let _ = Reflect::set(&object, &(*key).into(), value);
    }
    object
}

fn text_of(value: &JsValue, key: &str) -> Option<String> {
    Reflect::get(value, &key.into()).ok()?.as_string()
}

impl Link {
    /// Takes over `worker` (started by the page's bootstrap, `www/main.js`, which keeps a
    /// failure to start in its `failure`) and sends it the module.
    pub fn start(worker: Worker) -> Result<Link, String> {
        let inbox = Rc::new(RefCell::new(Inbox::default()));
        inbox.borrow_mut().failed = text_of(&worker, "failure");
        let on_message = {
            let inbox = inbox.clone();
            EventListener::new(&worker, "message", move |event| {
                let Some(event) = event.dyn_ref::<web_sys::MessageEvent>() else {
                    return;
                };
                let data = event.data();
                let mut inbox = inbox.borrow_mut();
                match text_of(&data, "kind").as_deref() {
                    Some("ready") => inbox.ready = true,
                    Some("painted") => {
                        inbox.painted += 1;
                        if let Ok(times) = Reflect::get(&data, &"times".into()) {
                            let report = Array::from(&times);
                            let at = |k: usize| report.get(k as u32).as_f64().unwrap_or(f64::NAN);
                            for (k, slot) in inbox.times.iter_mut().enumerate() {
                                *slot = at(k).max(0.0);
                            }
                            inbox.hidden =
                                read_hidden(&std::array::from_fn(|k| at(inbox.times.len() + k)));
                        }
                    }
                    Some("failed") => {
                        let why = text_of(&data, "message").unwrap_or_default();
                        inbox.failed.get_or_insert(why);
                    }
                    _ => {}
                }
            })
        };
        let on_error = {
            let inbox = inbox.clone();
            EventListener::new(&worker, "error", move |event| {
                let why = event
                    .dyn_ref::<web_sys::ErrorEvent>()
                    .map(|e| e.message())
                    .filter(|m| !m.is_empty())
                    .unwrap_or_else(|| "the pictures' worker could not run".into());
                inbox.borrow_mut().failed.get_or_insert(why);
            })
        };
        worker
            .post_message(&message(&[
                ("kind", &"start".into()),
                ("module", &wasm_bindgen::module()),
            ]))
            .map_err(|_| "cannot reach the worker".to_string())?;
        Ok(Link {
            worker,
            inbox,
            _listeners: [on_message, on_error],
            transferred: false,
            sent: 0,
            started_at: now(),
            wire: Vec::new(),
        })
    }

    pub fn poll(&mut self) -> Progress {
        if self.transferred {
            return Progress::Unchanged;
        }
        let (ready, failed) = {
            let inbox = self.inbox.borrow();
            (inbox.ready, inbox.failed.is_some())
        };
        if failed || (!ready && now() - self.started_at > START_TIMEOUT_MS) {
            self.worker.terminate();
            return Progress::FailedToStart;
        }
        if !ready {
            return Progress::Unchanged;
        }
        match self.hand_over() {
            Ok(()) => {
                self.transferred = true;
                Progress::Drawing
            }
            Err(_) => {
                self.worker.terminate();
                Progress::FailedToStart
            }
        }
    }

    /// Hands the four canvases to the worker.
    fn hand_over(&self) -> Result<(), JsValue> {
        let document = crate::web::dom::document().map_err(|e| JsValue::from_str(&e))?;
        let transfer = Array::new();
        let canvases = message(&[("kind", &"canvases".into())]);
        for (id, key) in CANVASES
            .into_iter()
            .zip(["graph", "links", "plane", "hidden"])
        {
            let canvas: HtmlCanvasElement = document
                .get_element_by_id(id)
                .and_then(|c| c.dyn_into().ok())
                .ok_or_else(|| JsValue::from_str(id))?;
            let offscreen = canvas.transfer_control_to_offscreen()?;
            transfer.push(&offscreen);
            Reflect::set(&canvases, &key.into(), &offscreen)?;
        }
        self.worker.post_message_with_transfer(&canvases, &transfer)
    }

    pub fn drawing(&self) -> bool {
        self.transferred
    }

    pub fn pending(&self) -> u64 {
        self.sent.saturating_sub(self.inbox.borrow().painted)
    }

    pub fn painted(&self) -> u64 {
        self.inbox.borrow().painted
    }

    pub fn times(&self) -> PaintTimes {
        self.inbox.borrow().times
    }

    pub fn hidden_shown(&self) -> HiddenShown {
        self.inbox.borrow().hidden
    }

    pub fn error(&self) -> Option<String> {
        self.inbox.borrow().failed.clone()
    }

    /// Posts the scene, unless the worker is starting, failed or still drawing the last.
    pub fn post(&mut self, network: &Network, scene: &Scene) -> Shown {
        if !self.transferred || self.pending() > 0 || self.inbox.borrow().failed.is_some() {
            return Shown::Later;
        }
        scene.encode(network, &mut self.wire);
        let numbers = js_sys::Float64Array::new_with_length(self.wire.len() as u32);
        numbers.copy_from(&self.wire);
        let transfer = Array::of1(&numbers.buffer());
        let posted = self.worker.post_message_with_transfer(
            &message(&[("kind", &"scene".into()), ("scene", &numbers)]),
            &transfer,
        );
        match posted {
            Ok(()) => {
                self.sent += 1;
                Shown::Posted
            }
            Err(_) => {
                self.inbox
                    .borrow_mut()
                    .failed
                    .get_or_insert_with(|| "cannot reach the pictures' worker".into());
                Shown::Later
            }
        }
    }
}

impl Drop for Link {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// The worker's painter (`www/worker.js` makes one with the four `OffscreenCanvas`es the
/// page handed over).
#[wasm_bindgen]
pub struct PaintWorker {
    painter: Painter,
    /// The network and the scene of the last message (refilled by each).
    network: Network,
    scene: Scene,
}

#[wasm_bindgen]
impl PaintWorker {
    #[wasm_bindgen(constructor)]
    pub fn new(
        graph: JsValue,
        links: JsValue,
        plane: JsValue,
        hidden: JsValue,
    ) -> Result<PaintWorker, JsError> {
        let surface = |c| Surface::on_offscreen(c).map_err(|e| JsError::new(&e));
        let painter = Painter::new(
            surface(graph)?,
            surface(links)?,
            surface(plane)?,
            surface(hidden)?,
        )
        .map_err(|e| JsError::new(&e))?;
        Ok(PaintWorker {
            painter,
            network: Network::with_init(2, &[], 1, Activation::Tanh, Activation::Tanh, Init::Zero),
            scene: Scene::default(),
        })
    }

    /// Draws one scene (the numbers `Scene::encode` wrote); returns the milliseconds of
    /// `[grid, plane, graph, hidden space]`, then what the hidden space showed (`easing`
    /// as 0 or 1, then its box and its plot's place, or eight NaN).
    pub fn paint(&mut self, scene: &[f64]) -> Result<Vec<f64>, JsError> {
        self.scene
            .decode_from(scene, &mut self.network)
            .ok_or_else(|| JsError::new("the pictures' worker got a malformed scene"))?;
        let mut report = self.painter.paint(&self.network, &self.scene).to_vec();
        let hidden = self.painter.hidden_shown();
        report.push(f64::from(u8::from(hidden.easing)));
        match hidden.frame {
            Some(frame) => report.extend(frame.bounds.into_iter().chain(frame.plot)),
            None => report.extend([f64::NAN; 8]),
        }
        Ok(report)
    }
}

/// What `PaintWorker::paint` reports of the hidden space, read back on the page.
fn read_hidden(report: &[f64; 9]) -> HiddenShown {
    let bounds: [f64; 4] = std::array::from_fn(|k| report[k + 1]);
    let plot: [f64; 4] = std::array::from_fn(|k| report[k + 5]);
    let [x0, x1, y0, y1] = bounds;
    let sound = report[1..].iter().all(|v| v.is_finite()) && x0 < x1 && y0 < y1;
    HiddenShown {
        easing: report[0] == 1.0,
        frame: sound.then_some(Frame { bounds, plot }),
    }
}
