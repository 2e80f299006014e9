//! The teaching features' side of the page: the worked example's formulas, the lessons'
//! buttons, clicks on the data (inspect, add, remove) and the textbook example's table. What
//! they do is the Session's.

use super::wiring::pointer_in;
use super::State;
use crate::session::LESSONS;
use crate::text;
use crate::web::dom::{self, TextSlot};
use crate::web::inspector;
use wasm_bindgen::JsCast;

/// Elements of the page the App writes to besides the controls.
pub(super) struct Page {
    pub(super) inspector_math: web_sys::Element,
    pub(super) inspect_label: TextSlot,
    pub(super) add_label: web_sys::HtmlSelectElement,
    pub(super) samples_table: web_sys::HtmlElement,
    pub(super) samples_body: web_sys::Element,
    pub(super) hands_on: web_sys::HtmlElement,
    /// One button per lesson (made here, so the first relabelling finds them).
    pub(super) lesson_buttons: Vec<web_sys::Element>,
    /// The label choices and the sample rows last built for (class count, textbook);
    /// `None` builds them again (also after a change of language).
    pub(super) built_for: Option<(usize, bool)>,
    /// The textbook table's prediction cells (written only when their text changes).
    pub(super) predictions: Vec<TextSlot>,
}

impl Page {
    pub(super) fn find() -> Result<Page, String> {
        let document = dom::document()?;
        let list: web_sys::Element = dom::by_id("lesson-buttons")?;
        let mut lesson_buttons = Vec::with_capacity(LESSONS.len());
        for index in 0..LESSONS.len() {
            let button = document
                .create_element("button")
                .map_err(|_| "cannot create a button")?;
            let _ = button.set_attribute("type", "button");
            button.set_class_name("text-button");
            button.set_id(&format!("lesson-{}", index + 1));
            let _ = list.append_child(&button);
            lesson_buttons.push(button);
        }
        Ok(Page {
            inspector_math: dom::by_id("inspector-math")?,
            inspect_label: TextSlot::new("inspect-sample")?,
            add_label: dom::by_id("add-label")?,
            samples_table: dom::by_id("samples-table")?,
            samples_body: dom::by_id("samples-body")?,
            hands_on: dom::by_id::<web_sys::Element>("clear-points")?
                .parent_element()
                .and_then(|e| e.dyn_into().ok())
                .ok_or("no hands-on panel")?,
            lesson_buttons,
            built_for: None,
            predictions: Vec::new(),
        })
    }
}

/// Adds an `<option>` with this value and text to a select.
fn add_option(select: &web_sys::HtmlSelectElement, value: &str, text: &str) {
    if let Ok(option) = dom::document().and_then(|d| {
        d.create_element("option")
            .map_err(|_| "no option".to_string())
    }) {
        let _ = option.set_attribute("value", value);
        option.set_text_content(Some(text));
        let _ = select.append_child(&option);
    }
}

impl State {
    /// A click or tap on the data: inspect the nearest training point, add a point, or
    /// (with shift) remove the nearest.
    pub(super) fn on_data_click(&mut self, event: &web_sys::Event) {
        if std::mem::take(&mut self.suppress_click) {
            return;
        }
        let Some((x, y)) = pointer_in(event, &self.plane_place.canvas) else {
            return;
        };
        let (px, py) = crate::web::views::boundary::to_plane(self.plane_place.size(), x, y);
        let shift = event
            .dyn_ref::<web_sys::MouseEvent>()
            .is_some_and(|m| m.shift_key());
        if shift {
            self.session.remove_point_at(px, py);
        } else if self.controls.adding_label().is_none() && !self.controls.erasing() {
            self.session.inspect_nearest(px, py);
        }
        // (Adding and erasing are strokes, from the press on: `on_stroke`.)
    }

    /// The pointer pressed (or moved while pressed) at (x, y) CSS px on the plane, with
    /// the brush or the eraser chosen: a stroke paints or erases there.
    pub(super) fn on_stroke(&mut self, x: f64, y: f64, begins: bool) {
        let painting = self.controls.adding_label();
        let erasing = self.controls.erasing();
        if painting.is_none() && !erasing {
            return;
        }
        if begins {
            self.session.begin_stroke();
        }
        let (px, py) = crate::web::views::boundary::to_plane(self.plane_place.size(), x, y);
        match painting {
            Some(label) => self.session.brush_at(px, py, label),
            None => self.session.erase_at(px, py),
        }
    }

    /// The label choices for new points and the textbook table, when the kind of data
    /// changed.
    pub(super) fn build_data_controls(&mut self) {
        let config = self.session.config();
        let key = (config.class_count(), config.is_textbook());
        if self.page.built_for == Some(key) {
            return;
        }
        self.page.built_for = Some(key);
        let select = &self.page.add_label;
        let lang = self.lang();
        let chosen = select.value();
        select.set_text_content(None);
        match key.0 {
            0 => {
                for v in ["1", "0.5", "0", "-0.5", "-1"] {
                    add_option(select, v, &text!("ui.value", value = v).render(lang));
                }
            }
            2 => {
                add_option(select, "1", lang.t("ui.classBlue"));
                add_option(select, "-1", lang.t("ui.classOrange"));
            }
            k => {
                for c in 0..k {
                    add_option(
                        select,
                        &c.to_string(),
                        &crate::web::mistakes::class_name(lang, k, c),
                    );
                }
            }
        }
        // A change of language keeps the chosen label.
        if !chosen.is_empty() {
            select.set_value(&chosen);
            if select.selected_index() < 0 {
                select.set_selected_index(0);
            }
        }
        let textbook = key.1;
        self.page.samples_table.set_hidden(!textbook);
        self.page.hands_on.set_hidden(textbook);
        self.plane_place.canvas.set_hidden(textbook);
        if let Ok(caption) = dom::by_id::<web_sys::HtmlElement>("boundary-caption") {
            caption.set_hidden(textbook);
        }
        let body = &self.page.samples_body;
        body.set_text_content(None);
        if textbook {
            if let Ok(document) = dom::document() {
                for (s, (x, y)) in crate::data::datasets::TEXTBOOK_INPUTS
                    .iter()
                    .zip(crate::data::datasets::TEXTBOOK_LABELS)
                    .enumerate()
                {
                    if let Ok(row) = document.create_element("tr") {
                        let cells = [
                            (s + 1).to_string(),
                            x[0].to_string(),
                            x[1].to_string(),
                            x[2].to_string(),
                            y.to_string(),
                            String::new(),
                        ];
                        for (c, text) in cells.iter().enumerate() {
                            if let Ok(td) = document.create_element("td") {
                                td.set_text_content(Some(text));
                                if c == 5 {
                                    td.set_id(&format!("prediction-{s}"));
                                }
                                let _ = row.append_child(&td);
                            }
                        }
                        let _ = body.append_child(&row);
                    }
                }
            }
        }
        self.page.predictions = (0..if textbook { 2 } else { 0 })
            .filter_map(|s| TextSlot::new(&format!("prediction-{s}")).ok())
            .collect();
    }

    /// The textbook table's predictions: the network's output for each sample.
    pub(super) fn show_predictions(&mut self) {
        for s in 0..self.page.predictions.len() {
            if let Some(out) = self.session.outputs(s) {
                self.page.predictions[s].set(&inspector::number(out[0]));
            }
        }
    }

    /// The inspector's numbers, refreshed when out of date: at once when paused; while
    /// training, once a second and only if it is on screen (rebuilding and laying out the
    /// formulas costs frames).
    pub(super) fn refresh_inspector(&mut self) {
        let now = self.now();
        let textbook = self.session.config().is_textbook();
        let wait = self.session.running()
            && ((!self.inspector_visible && !textbook) || now - self.inspector_shown_at < 1000.0);
        if !self.inspector_dirty || wait {
            return;
        }
        self.inspector_dirty = false;
        self.inspector_shown_at = now;
        let n = self.session.trainer().train_samples().len();
        if n == 0 {
            self.page
                .inspect_label
                .set(self.lang().t("ui.noTrainingPoints"));
            self.page.inspector_math.set_text_content(None);
            return;
        }
        let index = self.session.inspected().min(n - 1);
        let Some(inspection) = self.session.inspect(index) else {
            return;
        };
        let sample = &self.session.trainer().train_samples()[index];
        let lang = self.lang();
        let label = if self.session.config().is_textbook() {
            text!("ui.textbookSample", i = index + 1, n = n, y = sample.label)
        } else if self.session.config().is_digits() {
            text!("ui.digitSample", i = index + 1, n = n, digit = sample.label)
        } else if let Some(t) = &inspection.text {
            text!(
                "ui.textSample",
                i = index + 1,
                n = n,
                context = t.context.concat(),
                next = t.next.clone()
            )
        } else {
            let label = if self.session.config().class_count() > 2 {
                text!("ui.class", n = sample.label + 1.0)
            } else {
                text!("ui.label", label = sample.label)
            };
            text!(
                "ui.planeSample",
                i = index + 1,
                n = n,
                x = format!("{:.2}", sample.x),
                y = format!("{:.2}", sample.y)
            )
            .sub("label", label)
        };
        self.page.inspect_label.set(&label.render(lang));
        // The neuron choices: as many as the widest layer.
        let widest = inspection
            .layers
            .iter()
            .map(|l| l.z.len())
            .max()
            .unwrap_or(1);
        let select = &self.controls.inspect_neuron;
        if select.length() as usize != widest {
            select.set_text_content(None);
            for j in 0..widest {
                add_option(select, &j.to_string(), &(j + 1).to_string());
            }
            select.set_value(&self.inspect_focus.min(widest - 1).to_string());
        }
        let _ = inspector::render(
            &self.page.inspector_math,
            &inspection,
            self.inspect_focus,
            lang,
        );
        // Rebuilt: the walk's stage is highlighted again.
        self.walk.marked = None;
        self.mark_walk_stage();
        // The textbook graph colours every node by its value for this sample.
        if self.session.config().is_textbook() {
            let values = inspection
                .input
                .iter()
                .chain(inspection.layers.iter().flat_map(|l| l.a.iter()));
            self.plain_values.clear();
            self.plain_values.extend(values);
            self.geometry.plain_inputs = inspection.input.len();
        } else if !self.session.config().is_digits() {
            // (The digits' values are the shown digit's, each frame: `digit_values`.)
            self.plain_values.clear();
            self.geometry.plain_inputs = 0;
        }
        self.dirty = true;
    }
}
