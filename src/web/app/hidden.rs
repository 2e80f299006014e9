//! The hidden space on the page: which layer and neurons it shows (resolved against the
//! network, said in its caption and its text alternative), and the point under the
//! pointer, found here in the hidden space or in the input plane and ringed in both.

use super::api::{fail, App};
use super::State;
use crate::hidden::Axes;
use crate::text;
use crate::web::js;
use crate::web::views::hidden::axis_name;
use wasm_bindgen::prelude::*;

/// How near the pointer must be to a point to pick it (CSS px).
const PICK_RADIUS: f64 = 8.0;

impl State {
    /// The layer and neurons shown, for this network: `None` when the view is closed,
    /// there is no input plane (the textbook example) or no hidden layer.
    pub(super) fn hidden_axes(&self) -> Option<Axes> {
        let config = self.session.config();
        let view = &config.view;
        if !view.hidden_space || !config.has_plane() {
            return None;
        }
        Axes::nearest(
            self.session.trainer().network(),
            view.hidden_layer,
            view.hidden_neuron_x,
            view.hidden_neuron_y,
        )
    }

    /// After a change of config: the view's panel shown or hidden, measured, and its
    /// caption.
    pub(super) fn show_hidden_space(&mut self) {
        let open = self.session.config().view.hidden_space;
        self.hidden_body.set_hidden(!open);
        if open {
            self.hidden_place.fit();
        }
        self.hidden_caption_shown = None;
        self.caption_hidden_space();
    }

    /// The caption under the view (and the canvas's text alternative), written when what
    /// it says changes.
    pub(super) fn caption_hidden_space(&mut self) {
        let network = self.session.trainer().network();
        let axes = self.hidden_axes();
        let lang = self.lang();
        // (What the caption says depends on the shown layer's width and the output too.)
        let widths = axes.map(|a| {
            (
                network.layers[a.layer].n_out,
                network.layers.last().map(|l| (l.n_out, l.activation)),
            )
        });
        let key = (axes, widths, network.layers.len(), lang);
        if self.hidden_caption_shown == Some(key) {
            return;
        }
        self.hidden_caption_shown = Some(key);
        let caption = match axes {
            None if !self.session.config().has_plane() => text!("hidden.noPlane"),
            None if network.layers.len() < 2 => text!("hidden.noLayer"),
            // Closed: nothing to say.
            None => {
                self.hidden_caption.set("");
                return;
            }
            Some(axes) => {
                let width = network.layers[axes.layer].n_out;
                let shown = match axes.j {
                    Some(j) => text!(
                        "hidden.shows",
                        x = axis_name(lang, axes.layer, axes.i),
                        y = axis_name(lang, axes.layer, j)
                    ),
                    None => text!("hidden.showsLine", x = axis_name(lang, axes.layer, axes.i)),
                };
                let output = network.layers.len() - 1;
                let reads = if axes.output_reads(network) {
                    let out = &network.layers[output];
                    text!(match (out.n_out, out.activation) {
                        (1, crate::nn::Activation::Linear) => "hidden.readsValue",
                        (1, _) => "hidden.readsLine",
                        _ => "hidden.readsClasses",
                    })
                } else if axes.layer + 1 == output {
                    text!("hidden.readsMore", n = width)
                } else {
                    text!("hidden.deeper")
                };
                text!(
                    "hidden.caption",
                    layer = axes.layer + 1,
                    layers = output,
                    n = width
                )
                .sub("shown", shown)
                .sub("reads", reads)
            }
        };
        let text = caption.render(lang);
        self.hidden_caption.set(&text);
        let label = text!("view.hidden", caption = &text).render(lang);
        let _ = self.hidden_place.canvas.set_attribute("aria-label", &label);
    }

    /// The point under (x, y) of the hidden space's canvas (CSS px), if one is near.
    pub(super) fn hidden_point_at(&mut self, x: f64, y: f64) -> Option<usize> {
        let axes = self.hidden_axes()?;
        let frame = self.pictures.hidden_shown().frame?;
        let shown = self.shown_points();
        let t = self.session.trainer();
        let space = &mut self.hidden_space;
        space.compute_for(t, axes);
        let classes = t.config().class_count();
        let points = t.train_samples().iter().chain(t.test_samples());
        nearest(
            points
                .take(shown)
                .enumerate()
                .map(|(k, p)| frame.to_canvas(space.drawn_at(k, p.label, classes))),
            (x, y),
        )
    }

    /// The point under (x, y) of the input plane's canvas (CSS px), if one is near.
    pub(super) fn plane_point_at(&self, x: f64, y: f64) -> Option<usize> {
        let t = self.session.trainer();
        let size = self.plane_place.size();
        let points = t.train_samples().iter().chain(t.test_samples());
        nearest(
            points
                .take(self.shown_points())
                .map(|p| crate::web::views::boundary::to_canvas(size, p.x, p.y)),
            (x, y),
        )
    }

    /// Points drawn: the training points, and the test points when they are shown.
    fn shown_points(&self) -> usize {
        let t = self.session.trainer();
        let test = if t.config().view.show_test_data {
            t.test_samples().len()
        } else {
            0
        };
        t.train_samples().len() + test
    }

    /// Rings `point` in both views (or none).
    pub(super) fn hover_point(&mut self, point: Option<usize>) {
        if point != self.hovered_point {
            self.hovered_point = point;
            self.pictures_dirty = true;
        }
    }
}

/// The index of the position nearest `at` within `PICK_RADIUS`.
fn nearest(positions: impl Iterator<Item = (f64, f64)>, (x, y): (f64, f64)) -> Option<usize> {
    positions
        .enumerate()
        .map(|(k, (px, py))| (k, (px - x).hypot(py - y)))
        .filter(|&(_, d)| d <= PICK_RADIUS)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(k, _)| k)
}

/// The hidden space in the JS API.
#[wasm_bindgen]
impl App {
    /// The hidden space of hidden layer `layer` on neurons `i` and `j` (all from 1; `j`
    /// may be left out for a one-neuron layer): `{ points: [[hi, hj], …] (training then
    /// test, in the data's order; hj = 0 with one neuron), gridLines: [[[hi, hj], …], …]
    /// (21 upright lines of the input plane, x₁ from −6 to 6, then 21 level ones, x₂ from
    /// −6 to 6, 61 vertices each), line: [[hi, hj], [hi, hj]] or null (the output's
    /// boundary w·h + b = 0 where one output of two classes reads exactly these neurons,
    /// across `bounds`), bounds: [x0, x1, y0, y1] (the box that holds it all) }`. Nothing is
    /// changed; the view need not be open.
    #[wasm_bindgen(js_name = hiddenSpace)]
    pub fn hidden_space(&self, layer: JsValue, i: JsValue, j: JsValue) -> Result<JsValue, JsError> {
        #[derive(serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Report {
            points: Vec<[f64; 2]>,
            grid_lines: Vec<Vec<[f64; 2]>>,
            line: Option<[[f64; 2]; 2]>,
            bounds: [f64; 4],
        }
        // The ranges said are this network's: its hidden layers, that layer's neurons.
        let widths: Vec<u64> = self.read(|s| {
            let layers = &s.session.trainer().network().layers;
            layers[..layers.len() - 1]
                .iter()
                .map(|l| l.n_out as u64)
                .collect()
        })?;
        if widths.is_empty() {
            return Err(fail(text!("err.noHiddenLayer")));
        }
        let whole = |name, value: &JsValue, max, default| {
            js::whole_arg(name, value, (1, max), default).map(|n| n as usize)
        };
        let layer = whole("hiddenSpace", &layer, widths.len() as u64, None).map_err(fail)?;
        let width = widths[layer - 1];
        let i = whole("hiddenSpace", &i, width, None).map_err(fail)?;
        let j = whole("hiddenSpace", &j, width, Some(i as u64)).map_err(fail)?;
        let report = self.read(|s| {
            let t = s.session.trainer();
            let axes = crate::hidden::Axes::exact(t.network(), layer, i, j).map_err(fail)?;
            let mut space = crate::hidden::HiddenSpace::default();
            space.compute_for(t, axes);
            let bounds = space.extent();
            Ok::<_, JsError>(Report {
                line: space.boundary.and_then(|b| b.ends(bounds)),
                grid_lines: (0..space.grid_line_count())
                    .map(|k| space.grid_line(k).to_vec())
                    .collect(),
                points: space.points,
                bounds,
            })
        })??;
        let plain = serde_wasm_bindgen::Serializer::json_compatible();
        serde::Serialize::serialize(&report, &plain).map_err(|e| fail(e.to_string()))
    }
}
