//! The digits on the page: the drawing pad (mouse, finger, pen; undo; clear) with the
//! 8×8 image it makes beside it and the network's ten probabilities for the digit shown,
//! "Add to the training data as N", and the gallery of a set's digits (the mistakes
//! first) under the confusion matrix; clicking a digit picks it. `classify` and
//! `padPixels` of the JS API. The rules are the Session's (`session/digits.rs`).

mod gallery;

use super::api::{fail, App};
use super::wiring::{pointer_in, Wiring};
use super::State;
use crate::config::Split;
use crate::data::digits::{self, Image, MAX_PIXEL, SIDE};
use crate::session::{GalleryDigit, Shown};
use crate::text;
use crate::web::dom::{self, TextSlot};
use crate::web::views::surface::Surface;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlButtonElement, HtmlElement, HtmlSelectElement};

/// The gallery's digits at most (the mistakes first), and a cell's side in CSS pixels.
const GALLERY_MAX: usize = 120;
const CELL: f64 = 30.0;
/// The gallery is written at most this often while training (ms).
const GALLERY_EVERY_MS: f64 = 250.0;

pub(super) struct DigitsPanel {
    panel: HtmlElement,
    /// The page's main part: its class `digits` hides the plane's own parts
    /// (`.plane-only` in the stylesheet: the plane, its legends and clicks, the formula,
    /// the classes, the points, the noise) for the digits.
    output: HtmlElement,
    pad: Surface,
    pixels: Surface,
    bars: Surface,
    caption: TextSlot,
    undo: HtmlButtonElement,
    clear: HtmlButtonElement,
    add: HtmlButtonElement,
    label: HtmlSelectElement,
    gallery_box: HtmlElement,
    gallery: Surface,
    gallery_caption: TextSlot,
    /// The gallery's digits as drawn, in order (for the pointer), and when.
    cells: Vec<GalleryDigit>,
    cells_set: Split,
    /// The gallery's digit the keys are on (Tab to the gallery; the arrows move, Enter
    /// picks), ringed while the gallery has the focus.
    cursor: usize,
    gallery_at: f64,
    /// (revision, epoch, language) the panel was drawn for.
    drawn: Option<(u64, u64, crate::i18n::Lang)>,
    /// The canvases are measured (again after a resize, or when the panel appears).
    fitted: bool,
    /// Whether the page shows the digits (the panel, the gallery, the plane's parts
    /// hidden), as last set.
    mode: Option<bool>,
    /// What the pad, the 8×8 picture and the gallery show, as last drawn: each is drawn
    /// again only when it changed (a frame's main thread is the page's budget).
    pad_drawn: Option<(usize, usize, Option<usize>)>,
    pixels_drawn: Option<Image>,
    gallery_drawn: Vec<GalleryDigit>,
    /// A pointer is drawing on the pad.
    pressing: bool,
}

impl DigitsPanel {
    pub(super) fn find() -> Result<DigitsPanel, String> {
        let output: HtmlElement = dom::by_id::<web_sys::Element>("digits-panel")?
            .closest("main")
            .ok()
            .flatten()
            .ok_or("the digits' panel is not in the page's main part")?
            .unchecked_into();
        let label: HtmlSelectElement = dom::by_id("pad-label")?;
        for d in 0..digits::CLASSES {
            if let Ok(option) = dom::document()?.create_element("option") {
                let _ = option.set_attribute("value", &d.to_string());
                option.set_text_content(Some(&d.to_string()));
                let _ = label.append_child(&option);
            }
        }
        Ok(DigitsPanel {
            panel: dom::by_id("digits-panel")?,
            output,
            pad: Surface::new("digit-pad")?,
            pixels: Surface::new("digit-pixels")?,
            bars: Surface::new("digit-bars")?,
            caption: TextSlot::new("digit-caption")?,
            undo: dom::by_id("pad-undo")?,
            clear: dom::by_id("pad-clear")?,
            add: dom::by_id("pad-add")?,
            label,
            gallery_box: dom::by_id("gallery-box")?,
            gallery: Surface::new("digit-gallery")?,
            gallery_caption: TextSlot::new("gallery-caption")?,
            cells: Vec::new(),
            cells_set: Split::Test,
            cursor: 0,
            gallery_at: f64::NEG_INFINITY,
            drawn: None,
            fitted: false,
            mode: None,
            pad_drawn: None,
            pixels_drawn: None,
            gallery_drawn: Vec::new(),
            pressing: false,
        })
    }
}

impl State {
    /// One stroke of the pad, as drawn: a round pen a twelfth of the pad wide.
    fn stroke(ctx: &web_sys::CanvasRenderingContext2d, width: f64, stroke: &[(f64, f64)]) {
        ctx.set_stroke_style_str("#111");
        ctx.set_line_width(width / 12.0);
        ctx.set_line_cap("round");
        ctx.set_line_join("round");
        ctx.begin_path();
        if let Some(&(x, y)) = stroke.first() {
            ctx.move_to(x, y);
            ctx.line_to(x + 0.01, y);
        }
        for &(x, y) in stroke {
            ctx.line_to(x, y);
        }
        ctx.stroke();
    }
}

impl DigitsPanel {
    /// After a resize: measured and drawn again.
    pub(super) fn refit(&mut self) {
        self.fitted = false;
        self.drawn = None;
    }
}

/// Paints an 8×8 image at (x, y), `side` CSS pixels wide: white paper, dark ink, as the
/// pixels' counts 0 to 16.
fn paint_image(ctx: &web_sys::CanvasRenderingContext2d, image: &Image, x: f64, y: f64, side: f64) {
    let cell = side / SIDE as f64;
    ctx.set_fill_style_str("#fff");
    ctx.fill_rect(x, y, side, side);
    for (i, &p) in image.iter().enumerate() {
        if p == 0 {
            continue;
        }
        let ink = 255 - (u32::from(p) * 255 / u32::from(MAX_PIXEL));
        ctx.set_fill_style_str(&format!("rgb({ink},{ink},{ink})"));
        let (r, c) = ((i / SIDE) as f64, (i % SIDE) as f64);
        ctx.fill_rect(x + c * cell, y + r * cell, cell + 0.5, cell + 0.5);
    }
}

impl State {
    /// Shows the digits' panel and gallery (or the plane's parts), drawn again when the
    /// run, the pad or the language moved.
    pub(super) fn show_digits(&mut self) {
        let digits_mode = self.session.config().is_digits();
        let lang = self.lang();
        let panel = &mut self.digits;
        if panel.mode != Some(digits_mode) {
            panel.mode = Some(digits_mode);
            panel.panel.set_hidden(!digits_mode);
            panel.gallery_box.set_hidden(!digits_mode);
            let _ = panel
                .output
                .class_list()
                .toggle_with_force("digits", digits_mode);
        }
        if !digits_mode {
            panel.drawn = None;
            panel.fitted = false;
            return;
        }
        if !panel.fitted {
            // Measured once shown (measuring each frame would lay the page out each frame).
            panel.fitted = true;
            for surface in [
                &mut panel.pad,
                &mut panel.pixels,
                &mut panel.bars,
                &mut panel.gallery,
            ] {
                surface.fit();
            }
            panel.pad_drawn = None;
            panel.pixels_drawn = None;
            panel.gallery_drawn.clear();
        }
        let key = Some((
            self.session.revision(),
            self.session.trainer().epoch(),
            lang,
        ));
        if key == panel.drawn {
            return;
        }
        panel.drawn = key;
        let shown = self.session.shown_image();
        let probabilities = shown
            .map(|(image, _)| self.session.classify(&image))
            .unwrap_or_default();
        // A hovered first-layer neuron: its 64 weights, large, on the pad.
        let focus = match self.session.hover() {
            Some(crate::session::Target::Neuron { layer: 0, j }) => {
                let first = &self.session.trainer().network().layers[0];
                first
                    .weights
                    .get(j * first.n_in..(j + 1) * first.n_in)
                    .map(|w| (j, w.to_vec()))
            }
            _ => None,
        };
        let panel = &mut self.digits;
        // The pad: the strokes as drawn, in the pad's CSS pixels (or a neuron's weights).
        let strokes = self.session.pad().strokes();
        let pad_key = (
            strokes.len(),
            strokes.last().map_or(0, Vec::len),
            focus.as_ref().map(|(j, _)| *j),
        );
        let draw_pad = focus.is_some() || panel.pad_drawn != Some(pad_key);
        panel.pad_drawn = Some(pad_key);
        let ctx = &panel.pad.ctx;
        if draw_pad {
            panel.pad.begin();
            ctx.set_fill_style_str("#fff");
            ctx.fill_rect(0.0, 0.0, panel.pad.width, panel.pad.height);
        }
        if let Some((j, weights)) = &focus {
            let largest = weights.iter().fold(1e-12f64, |m, w| m.max(w.abs()));
            let cell = panel.pad.width.min(panel.pad.height) / SIDE as f64;
            for (i, w) in weights.iter().enumerate() {
                ctx.set_fill_style_str(self.palette.css(w / largest));
                let (r, c) = ((i / SIDE) as f64, (i % SIDE) as f64);
                ctx.fill_rect(c * cell, r * cell, cell + 0.5, cell + 0.5);
            }
            let caption = text!(
                "digits.looksFor",
                neuron = j + 1,
                largest = format!("{largest:.2}")
            );
            panel.caption.set(&caption.render(lang));
            panel.drawn = None;
            return;
        }
        for stroke in strokes.iter().filter(|_| draw_pad) {
            Self::stroke(ctx, panel.pad.width, stroke);
        }
        // The 8×8 image of the digit shown.
        let image = shown.map(|(image, _)| image);
        if image != panel.pixels_drawn {
            panel.pixels_drawn = image;
            panel.pixels.begin();
            let side = panel.pixels.width.min(panel.pixels.height);
            if let Some(image) = &image {
                paint_image(&panel.pixels.ctx, image, 0.0, 0.0, side);
            }
        }
        // The ten probabilities as bars, the most probable dark.
        panel.bars.begin();
        let ctx = &panel.bars.ctx;
        let (w, h) = (panel.bars.width, panel.bars.height);
        let best =
            (0..probabilities.len()).max_by(|&a, &b| probabilities[a].total_cmp(&probabilities[b]));
        let column = w / digits::CLASSES as f64;
        ctx.set_font("12px system-ui, sans-serif");
        ctx.set_text_align("center");
        for (d, &p) in probabilities.iter().enumerate() {
            let x = d as f64 * column;
            let bar = (h - 30.0).max(1.0) * p.clamp(0.0, 1.0);
            ctx.set_fill_style_str(if Some(d) == best {
                "#0072b2"
            } else {
                "#9bbcd6"
            });
            ctx.fill_rect(x + column * 0.15, h - 16.0 - bar, column * 0.7, bar);
            ctx.set_fill_style_str("#222");
            let _ = ctx.fill_text(&d.to_string(), x + column / 2.0, h - 3.0);
            let _ = ctx.fill_text(
                &format!("{:.0}", p * 100.0),
                x + column / 2.0,
                h - 19.0 - bar,
            );
        }
        let caption = match (shown, best) {
            (Some((_, label)), Some(best)) => {
                let read = text!(
                    "digits.reads",
                    digit = best,
                    percent = format!("{:.0}", probabilities[best] * 100.0)
                );
                let whose = match (self.session.shown_digit(), label) {
                    (Shown::Pad, _) => text!("digits.yourDrawing"),
                    (Shown::Test(i), Some(l)) => text!("digits.testDigit", i = i + 1, label = l),
                    (_, Some(l)) => {
                        text!(
                            "digits.trainingDigit",
                            i = self.session.inspected() + 1,
                            label = l
                        )
                    }
                    (_, None) => text!("digits.yourDrawing"),
                };
                text!("digits.caption")
                    .sub("whose", whose)
                    .sub("read", read)
            }
            _ => text!("digits.drawHint"),
        };
        panel.caption.set(&caption.render(lang));
        let empty = self.session.pad().is_empty();
        panel.undo.set_disabled(empty);
        panel.clear.set_disabled(empty);
        panel.add.set_disabled(empty);
        self.show_gallery(false);
    }

    /// For the graph: the shown digit's 64 inputs, then every neuron's output for it
    /// (the training code's forward pass), as plain inputs the painter draws as an image.
    pub(super) fn digit_values(&mut self) {
        if !self.session.config().is_digits() {
            if self.geometry.image_input() {
                self.geometry.plain_inputs = 0;
                self.plain_values.clear();
            }
            return;
        }
        let image = self.session.shown_image().map(|(image, _)| image);
        self.plain_values.clear();
        self.geometry.plain_inputs = digits::PIXELS;
        if let Some(image) = image {
            let layers = self.session.read_image(&image);
            self.plain_values
                .extend(image.iter().map(|&p| digits::input(p)));
            self.plain_values.extend(layers.iter().flatten());
        }
    }
}

impl Wiring {
    /// The pad's pointer (drawing with a mouse, a finger or a pen), its buttons, and a
    /// click on the gallery.
    pub(super) fn digits(&mut self, s: &State) -> Result<(), String> {
        let pad = s.digits.pad.canvas.clone();
        let element: web_sys::Element = pad.clone().unchecked_into();
        let at = element.clone();
        self.on(&pad, "pointerdown", move |s, event| {
            if let Some((x, y)) = pointer_in(event, &at) {
                event.prevent_default();
                if let Some(e) = event.dyn_ref::<web_sys::PointerEvent>() {
                    let _ = at.set_pointer_capture(e.pointer_id());
                }
                s.digits.pressing = true;
                s.session.pad_begin(x, y);
            }
        });
        let at = element.clone();
        self.on(&pad, "pointermove", move |s, event| {
            if s.digits.pressing {
                if let Some((x, y)) = pointer_in(event, &at) {
                    s.session.pad_extend(x, y);
                }
            }
        });
        for end in ["pointerup", "pointercancel", "lostpointercapture"] {
            self.on(&pad, end, |s, _| s.digits.pressing = false);
        }
        self.click(&s.digits.undo, |s| s.session.pad_undo());
        self.click(&s.digits.clear, |s| s.session.pad_clear());
        self.click(&s.digits.add, |s| {
            let label = s.digits.label.value().parse::<u8>().unwrap_or(0);
            if s.session.add_drawing(label).is_ok() {
                s.dirty = true;
            }
        });
        let gallery: web_sys::Element = s.digits.gallery.canvas.clone().unchecked_into();
        self.on(&gallery, "keydown", |s, e| {
            let Some(key) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                return;
            };
            if !(key.ctrl_key() || key.meta_key() || key.alt_key()) && s.on_gallery_key(&key.key())
            {
                // The arrows are the gallery's here, not the page's "step".
                e.prevent_default();
                e.stop_propagation();
            }
        });
        for change in ["focus", "blur"] {
            self.on(&gallery, change, |s, _| s.show_gallery(true));
        }
        let at = gallery.clone();
        self.on(&gallery, "click", move |s, event| {
            if let Some(point) = pointer_in(event, &at) {
                if let Some(d) = s.gallery_digit_at(point) {
                    let set = s.digits.cells_set;
                    if let Some(k) = s.digits.cells.iter().position(|c| *c == d) {
                        s.digits.cursor = k;
                    }
                    s.session.pick_digit(set, d.index);
                }
            }
        });
        Ok(())
    }
}

#[wasm_bindgen]
impl App {
    /// The ten probabilities the network gives an image of 64 numbers 0 to 16 (row by
    /// row), as the training code's forward pass computes them.
    pub fn classify(&self, pixels: JsValue) -> Result<JsValue, JsError> {
        const PIXELS: crate::web::js::Limits = crate::web::js::Limits {
            depth: 1,
            chars: 10,
            items: 100,
        };
        let value = crate::web::js::to_json("classify", &pixels, PIXELS).map_err(fail)?;
        let values: Vec<f64> = match value.as_array() {
            Some(list) => list
                .iter()
                .map(|v| v.as_f64().unwrap_or(f64::NAN))
                .collect(),
            None => {
                let value = crate::web::js::describe(&pixels);
                return Err(fail(text!("err.imageList", value = value)));
            }
        };
        let image = digits::image_of(&values).map_err(|bad| {
            let message = match bad {
                digits::BadImage::Count(n) => text!("err.imagePixels", n = n),
                digits::BadImage::Pixel(_, v) => {
                    text!("err.pixel", value = crate::i18n::number(v))
                }
            };
            fail(message)
        })?;
        let probabilities = self.with(|s| {
            if !s.session.config().is_digits() {
                return Err(fail(text!("err.notDigits")));
            }
            Ok(s.session.classify(&image))
        })??;
        // A plain list (not a typed array), as every engine's driver reads it.
        serde_wasm_bindgen::to_value(&probabilities).map_err(|e| fail(e.to_string()))
    }

    /// The pad's drawing as the data's 64 pixels 0 to 16 (row by row).
    #[wasm_bindgen(js_name = padPixels)]
    pub fn pad_pixels(&self) -> Result<JsValue, JsError> {
        let pixels = self.read(|s| s.session.pad_image().to_vec())?;
        serde_wasm_bindgen::to_value(&pixels).map_err(|e| fail(e.to_string()))
    }
}
