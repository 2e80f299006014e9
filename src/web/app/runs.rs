//! Runs side by side on the page: "Add a run" (a copy of the run on view, shown at once,
//! so the next control changed is that run's own), a card per run with its boundary
//! picture, its name and what it changes (click: every view shows it), a remove button;
//! the loss chart's curves of every run; and the JS API (`addRun`, `removeRun`, `runs`,
//! `viewRun`). The rules are the Session's (`session/compare.rs`).

use super::api::{fail, App};
use super::wiring::Wiring;
use super::State;
use crate::config::{Control, PaletteChoice};
use crate::grid::Grid;
use crate::session::MAX_RUNS;
use crate::web::dom::{self, TextSlot};
use crate::web::js;
use crate::web::views::boundary::{BoundaryView, Picture};
use crate::web::views::palette::Palette;
use crate::web::views::surface::Surface;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlButtonElement, HtmlCanvasElement, HtmlElement};

/// The cards' pictures: cells per side, and CSS pixels per side.
const THUMB_CELLS: usize = 40;
const THUMB_PX: f64 = 76.0;

/// One run's card.
struct Card {
    item: HtmlElement,
    view: HtmlButtonElement,
    label: TextSlot,
    remove: HtmlButtonElement,
    grid: Grid,
    picture: BoundaryView,
    /// (epoch, loss bits, revision of the page) the picture was drawn for.
    drawn: Option<(u64, u64, u64)>,
}

pub(super) struct RunsPanel {
    panel: HtmlElement,
    add: HtmlButtonElement,
    caption: TextSlot,
    cards: Vec<Card>,
    palette: (Palette, Palette),
    /// (config revision, run on view, language) the cards' words were written for.
    written: Option<(u64, usize, crate::i18n::Lang)>,
}

impl RunsPanel {
    pub(super) fn new() -> Result<RunsPanel, String> {
        let list: HtmlElement = dom::by_id("runs-list")?;
        let document = dom::document()?;
        let element = |tag: &str| -> Result<web_sys::Element, String> {
            document
                .create_element(tag)
                .map_err(|_| format!("cannot create a {tag}"))
        };
        let mut cards = Vec::new();
        for k in 0..MAX_RUNS {
            let item: HtmlElement = element("div")?.unchecked_into();
            item.set_class_name("run-card");
            let _ = item.set_attribute("role", "listitem");
            item.set_hidden(true);
            let view: HtmlButtonElement = element("button")?.unchecked_into();
            view.set_type("button");
            view.set_id(&format!("run-view-{k}"));
            view.set_class_name("run-view");
            let canvas: HtmlCanvasElement = element("canvas")?.unchecked_into();
            canvas.set_class_name("run-thumb");
            canvas.set_id(&format!("run-thumb-{k}"));
            let _ = canvas.set_attribute("aria-hidden", "true");
            let label = element("span")?;
            label.set_class_name("run-label");
            label.set_id(&format!("run-label-{k}"));
            let _ = view.append_child(&canvas);
            let _ = view.append_child(&label);
            let remove: HtmlButtonElement = element("button")?.unchecked_into();
            remove.set_type("button");
            remove.set_id(&format!("run-remove-{k}"));
            remove.set_class_name("round small");
            remove.set_text_content(Some("×"));
            let _ = item.append_child(&view);
            let _ = item.append_child(&remove);
            let _ = list.append_child(&item);
            let picture = BoundaryView::new(Surface::on(canvas)?, THUMB_CELLS)?;
            cards.push(Card {
                item,
                view,
                label: TextSlot::new(&format!("run-label-{k}"))?,
                remove,
                grid: Grid::new(THUMB_CELLS, THUMB_CELLS),
                picture,
                drawn: None,
            });
        }
        Ok(RunsPanel {
            panel: dom::by_id("runs")?,
            add: dom::by_id("add-run")?,
            caption: TextSlot::new("runs-caption")?,
            cards,
            palette: Palette::pair(PaletteChoice::Standard),
            written: None,
        })
    }
}

impl RunsPanel {
    /// The pictures of the runs compared (none when nothing is), A first: for the PNG.
    pub(super) fn pictures(&self) -> impl Iterator<Item = &HtmlCanvasElement> {
        self.cards
            .iter()
            .filter(|c| !c.item.hidden() && !c.picture.surface.canvas.hidden())
            .map(|c| &c.picture.surface.canvas)
    }
}

impl State {
    /// The runs' cards, names and pictures, and the loss chart's runs.
    pub(super) fn show_runs(&mut self) {
        let lang = self.lang();
        let runs = self.session.runs();
        let viewed = self.session.viewed_run();
        let config = self.session.config();
        let comparing = runs.len() > 1;
        let panel = &mut self.runs;
        panel
            .panel
            .set_hidden(config.classroom.hidden.contains(&Control::CompareRuns));
        panel.add.set_disabled(runs.len() >= MAX_RUNS);
        // Without runs to compare, the line is the button (its tooltip says what it does).
        let _ = panel
            .panel
            .class_list()
            .toggle_with_force("comparing", comparing);
        // The words change with the config, the run on view and the language only.
        let words = Some((self.session.config_revision(), viewed, lang));
        let rewrite = panel.written != words;
        panel.written = words;
        if rewrite {
            panel.palette = Palette::pair(config.screen.palette);
            let caption = match comparing {
                true => crate::text!(
                    "ui.runsViewed",
                    run = crate::session::run_letter(viewed).to_string()
                ),
                false => crate::text!("ui.runsNone"),
            };
            panel.caption.set(&caption.render(lang));
        }
        let dpr = self.graph_place.dpr;
        let revision = self.session.revision();
        for (k, card) in panel.cards.iter_mut().enumerate() {
            let Some(run) = runs.get(k).filter(|_| comparing) else {
                card.item.set_hidden(true);
                card.drawn = None;
                continue;
            };
            card.item.set_hidden(false);
            if rewrite {
                let name = match k {
                    0 => crate::text!("ui.runA").render(lang),
                    _ => run.label.clone(),
                };
                card.label.set(&name);
                let pressed = if k == viewed { "true" } else { "false" };
                let _ = card.view.set_attribute("aria-pressed", pressed);
                let tip = crate::text!("tip.viewRun", run = name.clone()).render(lang);
                let _ = card.view.set_attribute("title", &tip);
                let remove = crate::text!("tip.removeRun", run = name).render(lang);
                let _ = card.remove.set_attribute("aria-label", &remove);
                let _ = card.remove.set_attribute("title", &remove);
                card.remove.set_hidden(k == 0);
            }
            let t = run.trainer;
            let key = (t.epoch(), t.train_loss().to_bits(), revision);
            let no_plane = !t.config().has_plane();
            card.picture.surface.canvas.set_hidden(no_plane);
            if no_plane || card.drawn == Some(key) {
                continue;
            }
            card.drawn = Some(key);
            card.picture.surface.resize(THUMB_PX, THUMB_PX, dpr);
            card.grid.evaluate(t.network(), t.features());
            let config = t.config();
            let outputs = card.grid.output_count();
            let mut classes: [&[f32]; 5] = [&[]; 5];
            let picture = if outputs > 1 {
                for (c, slot) in classes.iter_mut().enumerate().take(outputs.min(5)) {
                    *slot = card.grid.output_of(c);
                }
                Picture::Classes(&classes[..outputs.min(5)])
            } else if config.output_activation() == crate::nn::Activation::Sigmoid {
                Picture::Values {
                    values: card.grid.output(),
                    centre: 0.5,
                    scale: 0.5,
                }
            } else {
                Picture::Values {
                    values: card.grid.output(),
                    centre: 0.0,
                    scale: 1.0,
                }
            };
            card.picture.draw(
                picture,
                config.view.discretize,
                // The boundary alone: at this size the points would hide it.
                &[],
                &[],
                false,
                config.class_count(),
                &panel.palette.1,
                &panel.palette.0,
            );
        }
        let histories = runs
            .iter()
            .map(|r| (r.label.as_str(), r.trainer.history().points()));
        self.loss_chart.set_runs(histories, viewed);
    }
}

impl Wiring {
    /// "Add a run", and each card's view and remove buttons.
    pub(super) fn runs(&mut self, s: &State) -> Result<(), String> {
        self.click(&s.runs.add, |s| {
            match s.session.add_run(&serde_json::json!({})) {
                Ok(k) => {
                    s.session.view_run(k);
                    s.dirty = true;
                }
                Err(e) => s.session.say(e.text()),
            }
        });
        for (k, card) in s.runs.cards.iter().enumerate() {
            self.click(&card.view, move |s| {
                s.session.view_run(k);
                s.dirty = true;
            });
            self.click(&card.remove, move |s| {
                if let Err(e) = s.session.remove_run(k) {
                    s.session.say(e);
                }
                s.dirty = true;
            });
        }
        Ok(())
    }
}

/// What `runs()` returns for one run.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct RunReport<'a> {
    /// "A", "B", …
    name: String,
    /// What it changes from run A (empty for A).
    patch: &'a serde_json::Map<String, serde_json::Value>,
    /// Its legend: "B: η = 0.3".
    label: &'a str,
    config: &'a crate::config::Config,
    epoch: f64,
    train_loss: f64,
    test_loss: f64,
    weights: Vec<crate::io::LayerParams>,
    viewed: bool,
}

#[wasm_bindgen]
impl App {
    /// Adds a run to the comparison: the experiment (run A) with `patch`, e.g.
    /// `{ learningRate: 0.3 }` (how it learns; not the data). Every run starts again at
    /// epoch 0. Returns the run's index (1 to 3); a refusal throws and changes nothing.
    #[wasm_bindgen(js_name = addRun)]
    pub fn add_run(&self, patch: JsValue) -> Result<u32, JsError> {
        let patch = js::to_json("addRun", &patch, js::CONFIG).map_err(fail)?;
        let index = self.with(|s| s.session.add_run(&patch).map_err(fail))??;
        Ok(index as u32)
    }

    /// Removes run `index` (1 to 3; run 0, A, is the experiment).
    #[wasm_bindgen(js_name = removeRun)]
    pub fn remove_run(&self, index: JsValue) -> Result<(), JsError> {
        // The range said is the range taken: runs 1 to the last (none when A is alone).
        let count = self.read(|s| s.session.runs().len())?;
        if count < 2 {
            return Err(fail(crate::text!("err.noRuns")));
        }
        let last = count as u64 - 1;
        let index = js::whole_arg("removeRun", &index, (1, last), None).map_err(fail)?;
        self.with(|s| s.session.remove_run(index as usize).map_err(fail))?
    }

    /// Shows run `index` (0 to 3) in every view: its graph, worked example and hidden
    /// space, and the controls change it.
    #[wasm_bindgen(js_name = viewRun)]
    pub fn view_run(&self, index: JsValue) -> Result<(), JsError> {
        let count = self.read(|s| s.session.runs().len())? as u64;
        let index = js::whole_arg("viewRun", &index, (0, count - 1), None).map_err(fail)?;
        self.with(|s| s.session.view_run(index as usize))
    }

    /// Every run, the experiment (A) first: `[{ name, patch, label, config, epoch,
    /// trainLoss, testLoss, weights, viewed }, …]`.
    pub fn runs(&self) -> Result<JsValue, JsError> {
        let reports = self.read(|s| {
            let viewed = s.session.viewed_run();
            let runs = s.session.runs();
            let reports: Vec<RunReport> = runs
                .iter()
                .enumerate()
                .map(|(k, r)| RunReport {
                    name: crate::session::run_letter(k).to_string(),
                    patch: r.patch,
                    label: &r.label,
                    config: r.trainer.config(),
                    epoch: r.trainer.epoch() as f64,
                    train_loss: r.trainer.train_loss(),
                    test_loss: r.trainer.test_loss(),
                    weights: crate::io::layer_params(r.trainer.network()),
                    viewed: k == viewed,
                })
                .collect();
            serde_json::to_value(&reports)
        })?;
        let value = reports.map_err(|e| fail(e.to_string()))?;
        let plain = serde_wasm_bindgen::Serializer::json_compatible();
        serde::Serialize::serialize(&value, &plain).map_err(|e| fail(e.to_string()))
    }
}
