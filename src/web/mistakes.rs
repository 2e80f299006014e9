//! The mistakes panel: for classes, the confusion matrix of the chosen set (counts and
//! shares of the row, each cell a button that marks its points), with the accuracy per
//! class; for regression, both sets' RMSE, MAE and R² and a scatter of the output against
//! the true value. It shows the numbers of `train::Score`; it computes none.

use super::dom::{self, TextSlot};
use super::views::palette::{class_css, Palette};
use super::views::surface::Surface;
use crate::config::Split;
use crate::data::Sample;
use crate::i18n::Lang;
use crate::text;
use crate::train::Score;
use std::f64::consts::TAU;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

mod picture;
pub use picture::matrix_picture;

/// The cells' colours: right (bluish green) and wrong (vermillion), Okabe and Ito's.
const RIGHT: [u8; 3] = [0x00, 0x9e, 0x73];
const WRONG: [u8; 3] = [0xd5, 0x5e, 0x00];

/// While training, the panel is written at most this often (ms).
const REFRESH_MS: f64 = 250.0;

/// What the table shows: the counts, the marked cell, the set and the language.
type Shown = (Vec<u64>, Option<(usize, usize)>, Split, Lang);

pub struct MistakesView {
    confusion_box: HtmlElement,
    regression_box: HtmlElement,
    /// "Mark every point it gets wrong" (for classes only).
    mark_all: HtmlElement,
    /// Which of the two boxes shows (regression's or the matrix).
    regression: Option<bool>,
    caption: TextSlot,
    head: Element,
    body: Element,
    /// The cells' buttons, row by row, and each row's share right.
    cells: Vec<HtmlElement>,
    per_class: Vec<Element>,
    /// The classes, language and colours the table was built for, and what it shows now.
    built_for: Option<(usize, Lang, String)>,
    shown: Option<Shown>,
    metrics: [[TextSlot; 3]; 2],
    metrics_shown: Option<(Vec<u64>, Lang)>,
    scatter: Surface,
    scatter_shown: Option<(u64, Split, u32)>,
    /// When the panel was last written (the page's clock, ms).
    shown_at: f64,
}

/// The name of class `k` of `classes` ("class −1 (orange)", "class 2", or for the
/// digits' ten "digit 7").
pub fn class_name(lang: Lang, classes: usize, k: usize) -> String {
    match (classes, k) {
        (2, 0) => lang.t("ui.classOrange").to_string(),
        (2, _) => lang.t("ui.classBlue").to_string(),
        (crate::data::digits::CLASSES, _) => text!("ui.digit", n = k).render(lang),
        _ => text!("ui.class", n = k + 1).render(lang),
    }
}

fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

/// White mixed with `colour` by `amount` (0 to 1): light enough for dark text in either
/// theme.
fn tint([r, g, b]: [u8; 3], amount: f64) -> String {
    let mix = |c: u8| (255.0 - (255.0 - f64::from(c)) * amount.clamp(0.0, 1.0) * 0.6).round();
    format!("rgb({}, {}, {})", mix(r), mix(g), mix(b))
}

impl MistakesView {
    pub fn find() -> Result<MistakesView, String> {
        let slot = |set: &str, m: &str| TextSlot::new(&format!("metric-{set}-{m}"));
        let row = |set: &str| -> Result<[TextSlot; 3], String> {
            Ok([slot(set, "rmse")?, slot(set, "mae")?, slot(set, "r2")?])
        };
        let scatter = Surface::new("scatter-canvas")?;
        Ok(MistakesView {
            confusion_box: dom::by_id("confusion-box")?,
            regression_box: dom::by_id("regression-box")?,
            mark_all: dom::by_id("mark-mistakes-label")?,
            regression: None,
            caption: TextSlot::new("confusion-caption")?,
            head: dom::by_id("confusion-head")?,
            body: dom::by_id("confusion-body")?,
            cells: Vec::new(),
            per_class: Vec::new(),
            built_for: None,
            shown: None,
            metrics: [row("train")?, row("test")?],
            metrics_shown: None,
            scatter,
            scatter_shown: None,
            shown_at: f64::NEG_INFINITY,
        })
    }

    /// The matrix's element for a click on the table: the cell (true class, given class)
    /// under the event's target, if it is one.
    pub fn cell_of(event: &web_sys::Event) -> Option<(usize, usize)> {
        let target = event.target()?.dyn_into::<Element>().ok()?;
        let button = target.closest("button[data-cell]").ok()??;
        let cell = button.get_attribute("data-cell")?;
        let (t, p) = cell.split_once(',')?;
        Some((t.parse().ok()?, p.parse().ok()?))
    }

    /// Builds the table's rows and columns for `classes` classes.
    fn build(&mut self, classes: usize, lang: Lang, palette: &Palette) -> Result<(), String> {
        let document = dom::document()?;
        let make = |tag: &str| {
            document
                .create_element(tag)
                .map_err(|_| format!("no {tag}"))
        };
        self.head.set_text_content(None);
        self.body.set_text_content(None);
        self.cells.clear();
        self.per_class.clear();
        let swatch = |k: usize| -> Result<Element, String> {
            let s = make("span")?;
            s.set_class_name("swatch");
            let colour = if classes == 2 {
                palette.css(if k == 0 { -1.0 } else { 1.0 }).to_string()
            } else {
                class_css(k)
            };
            if let Some(e) = s.dyn_ref::<HtmlElement>() {
                let _ = e.style().set_property("background", &colour);
            }
            Ok(s)
        };
        let head_row = make("tr")?;
        let corner = make("th")?;
        corner.set_text_content(Some(lang.t("mistakes.corner")));
        let _ = head_row.append_child(&corner);
        for k in 0..classes {
            let th = make("th")?;
            let _ = th.set_attribute("scope", "col");
            let _ = th.append_child(&swatch(k)?.into());
            let _ = th.append_with_str_1(&class_name(lang, classes, k));
            let _ = head_row.append_child(&th);
        }
        let right = make("th")?;
        let _ = right.set_attribute("scope", "col");
        right.set_text_content(Some(lang.t("mistakes.right")));
        let _ = head_row.append_child(&right);
        let _ = self.head.append_child(&head_row);
        for t in 0..classes {
            let tr = make("tr")?;
            let th = make("th")?;
            let _ = th.set_attribute("scope", "row");
            let _ = th.append_child(&swatch(t)?.into());
            let _ = th.append_with_str_1(&class_name(lang, classes, t));
            let _ = tr.append_child(&th);
            for p in 0..classes {
                let td = make("td")?;
                let button: HtmlElement = make("button")?
                    .dyn_into()
                    .map_err(|_| "no button".to_string())?;
                let _ = button.set_attribute("type", "button");
                let _ = button.set_attribute("data-cell", &format!("{t},{p}"));
                let _ = button.set_attribute("aria-pressed", "false");
                let _ = td.append_child(&button);
                let _ = tr.append_child(&td);
                self.cells.push(button);
            }
            let share = make("td")?;
            let _ = tr.append_child(&share);
            self.per_class.push(share);
            let _ = self.body.append_child(&tr);
        }
        self.built_for = Some((classes, lang, palette.css(-1.0).to_string()));
        self.shown = None;
        Ok(())
    }

    /// Text mode shows its own table (`web::app::text`): the matrix, the errors and
    /// "mark" hidden, and shown again as they should be on the next `show`.
    pub fn hide_all(&mut self) {
        self.confusion_box.set_hidden(true);
        self.regression_box.set_hidden(true);
        self.mark_all.set_hidden(true);
        self.regression = None;
    }

    /// Shows `score` (of the chosen set) in the table, or both sets' errors and the
    /// scatter for regression; only what changed is written.
    #[allow(clippy::too_many_arguments)]
    pub fn show(
        &mut self,
        scores: [&Score; 2],
        samples: [&[Sample]; 2],
        epoch: u64,
        set: Split,
        marked: Option<(usize, usize)>,
        palette: &Palette,
        lang: Lang,
        (now, running): (f64, bool),
    ) {
        // While it trains, a few times a second is as fast as anyone reads the numbers
        // (writing the table every frame costs the page's thread milliseconds of layout).
        if running && now - self.shown_at < REFRESH_MS && self.regression.is_some() {
            return;
        }
        self.shown_at = now;
        let chosen = match set {
            Split::Train => 0,
            Split::Test => 1,
        };
        let score = scores[chosen];
        let classes = score.classes;
        if self.regression != Some(classes == 0) {
            self.regression = Some(classes == 0);
            self.confusion_box.set_hidden(classes == 0);
            self.mark_all.set_hidden(classes == 0);
            self.regression_box.set_hidden(classes > 0);
            if classes == 0 {
                // Shown now: measured now.
                self.fit();
            }
        }
        if classes == 0 {
            self.show_errors(scores, lang);
            self.draw_scatter(score, samples[chosen], epoch, set, palette, lang);
            return;
        }
        let built = Some((classes, lang, palette.css(-1.0).to_string()));
        if self.built_for != built && self.build(classes, lang, palette).is_err() {
            return;
        }
        let key = (score.confusion.clone(), marked, set, lang);
        if self.shown.as_ref() == Some(&key) {
            return;
        }
        let rows = score.rows();
        let set_name = lang.t(match set {
            Split::Train => "ui.trainingSet",
            Split::Test => "ui.testSet",
        });
        let total: u64 = score.confusion.iter().sum();
        let right: u64 = (0..classes).map(|k| rows[k][k]).sum();
        self.caption.set(
            &text!(
                "mistakes.caption",
                set = set_name,
                right = right,
                total = total,
                percent = score.accuracy().map_or("–".into(), percent)
            )
            .render(lang),
        );
        for (t, row) in rows.iter().enumerate() {
            let in_row: u64 = row.iter().sum();
            for (p, &count) in row.iter().enumerate() {
                let share = if in_row > 0 {
                    count as f64 / in_row as f64
                } else {
                    0.0
                };
                let cell = &self.cells[t * classes + p];
                let shown = format!("{count} · {}", percent(share));
                cell.set_text_content(Some(&shown));
                let _ = cell.style().set_property(
                    "background",
                    &tint(if t == p { RIGHT } else { WRONG }, share),
                );
                // The name starts with what the cell shows (WCAG's label in name).
                let label = text!(
                    "mistakes.cell",
                    shown = &shown,
                    truth = class_name(lang, classes, t),
                    given = class_name(lang, classes, p),
                    count = count,
                    share = percent(share)
                )
                .render(lang);
                let _ = cell.set_attribute("aria-label", &label);
                let _ = cell.set_attribute("title", &label);
                let pressed = marked == Some((t, p));
                let _ = cell.set_attribute("aria-pressed", if pressed { "true" } else { "false" });
            }
            let text = if in_row > 0 {
                percent(row[t] as f64 / in_row as f64)
            } else {
                lang.t("mistakes.none").to_string()
            };
            self.per_class[t].set_text_content(Some(&text));
        }
        self.shown = Some(key);
    }

    /// The scatter's canvas, when it is shown (regression), for the picture download.
    pub fn scatter_canvas(&self) -> Option<&web_sys::HtmlCanvasElement> {
        (self.regression == Some(true)).then_some(&self.scatter.canvas)
    }

    /// Measures the scatter's canvas again (drawn again at its new size).
    pub fn fit(&mut self) {
        if self.scatter.fit() {
            self.scatter_shown = None;
        }
    }

    /// Both sets' RMSE, MAE and R².
    fn show_errors(&mut self, scores: [&Score; 2], lang: Lang) {
        let numbers: Vec<u64> = scores
            .iter()
            .flat_map(|s| {
                let e = s.errors;
                [e.map(|e| e.rmse), e.map(|e| e.mae), e.and_then(|e| e.r2)]
            })
            .map(|v| v.map_or(u64::MAX, f64::to_bits))
            .collect();
        if self.metrics_shown.as_ref() == Some(&(numbers.clone(), lang)) {
            return;
        }
        for (slots, score) in self.metrics.iter().zip(scores) {
            let e = score.errors;
            let shown = |v: Option<f64>| v.map_or("–".to_string(), |v| format!("{v:.3}"));
            slots[0].set(&shown(e.map(|e| e.rmse)));
            slots[1].set(&shown(e.map(|e| e.mae)));
            slots[2].set(&shown(e.and_then(|e| e.r2)));
        }
        self.metrics_shown = Some((numbers, lang));
    }

    /// The output against the true value for each point of the chosen set (once per
    /// epoch, set and size).
    fn draw_scatter(
        &mut self,
        score: &Score,
        samples: &[Sample],
        epoch: u64,
        set: Split,
        palette: &Palette,
        lang: Lang,
    ) {
        let key = (epoch, set, self.scatter.canvas.width());
        if self.scatter_shown == Some(key) {
            return;
        }
        self.scatter_shown = Some(key);
        let s = &self.scatter;
        s.begin();
        let (w, h) = (s.width, s.height);
        let m = 6.0;
        // Labels lie in [−1, 1]; an output beyond widens the square.
        let reach = score
            .outputs
            .iter()
            .filter(|v| v.is_finite())
            .fold(1.0f64, |r, v| r.max(v.abs()))
            .min(10.0);
        let at = |v: f64, size: f64| m + (v + reach) / (2.0 * reach) * (size - 2.0 * m);
        let ctx = &s.ctx;
        ctx.set_stroke_style_str("#999");
        ctx.set_line_width(1.0);
        ctx.begin_path();
        ctx.move_to(at(-reach, w), h - at(-reach, h));
        ctx.line_to(at(reach, w), h - at(reach, h));
        ctx.stroke();
        // One path per colour level: few canvas calls however many points there are.
        let mut levels: Vec<(u8, f64, f64, f64)> = samples
            .iter()
            .zip(&score.outputs)
            .map(|(sample, &output)| {
                let (x, y) = (at(sample.label, w), h - at(output.clamp(-reach, reach), h));
                (palette.level_of(sample.label), sample.label, x, y)
            })
            .collect();
        levels.sort_unstable_by_key(|p| p.0);
        ctx.set_stroke_style_str("rgba(0,0,0,0.35)");
        for run in levels.chunk_by(|a, b| a.0 == b.0) {
            ctx.begin_path();
            for &(_, _, x, y) in run {
                ctx.move_to(x + 2.5, y);
                let _ = ctx.arc(x, y, 2.5, 0.0, TAU);
            }
            ctx.set_fill_style_str(palette.css(run[0].1));
            ctx.fill();
            ctx.stroke();
        }
        let e = score.errors;
        let label = text!(
            "view.scatter",
            set = lang.t(match set {
                Split::Train => "ui.trainingSet",
                Split::Test => "ui.testSet",
            }),
            rmse = e.map_or("–".into(), |e| format!("{:.3}", e.rmse)),
            r2 = e
                .and_then(|e| e.r2)
                .map_or("–".into(), |r| format!("{r:.3}"))
        )
        .render(lang);
        let _ = s.canvas.set_attribute("aria-label", &label);
    }
}

/// Which points (training then test) the marks show: every wrong one of the chosen set,
/// and those of the clicked cell.
pub fn marked_points(
    scores: [&Score; 2],
    samples: [&[Sample]; 2],
    set: Split,
    all_wrong: bool,
    cell: Option<(usize, usize)>,
    out: &mut Vec<u32>,
) {
    out.clear();
    let chosen = usize::from(set == Split::Test);
    let (score, points) = (scores[chosen], samples[chosen]);
    if score.classes == 0 {
        return;
    }
    let offset = if chosen == 1 { samples[0].len() } else { 0 };
    for (k, p) in points.iter().enumerate() {
        let truth = score.truth(p.label);
        let given = score.predicted.get(k).map(|&g| usize::from(g));
        let in_cell = cell.is_some_and(|(t, g)| truth == Some(t) && given == Some(g));
        if (all_wrong && truth != given) || in_cell {
            out.push((offset + k) as u32);
        }
    }
}
