//! The timeline on the page: the loss chart as a scrubber. The pointer over it reads out
//! the nearest epoch's losses; pressing and dragging (or ← → Page Up / Down Home End on the
//! focused chart) shows a kept epoch in every view; the bar under it says which and offers
//! "Continue from here" and "Back to the latest epoch". The rules are the Session's
//! (`show_epoch`, `step_shown`, `continue_from_shown`).

use super::wiring::{pointer_in, Wiring};
use super::State;
use crate::chart::nearest_point;
use crate::i18n::Lang;
use crate::text;
use crate::web::controls::format_loss;
use crate::web::dom::{self, TextSlot};
use crate::web::views::loss_chart::Marks;
use wasm_bindgen::JsCast;
use web_sys::EventTarget;

/// What the bar and the readout were written for: the shown epoch, the latest, the
/// pointer's epoch, the road not taken's length, the language.
type Written = (Option<u64>, u64, Option<u64>, usize, Lang);

pub(super) struct TimelineView {
    bar: web_sys::HtmlElement,
    status: TextSlot,
    readout: TextSlot,
    /// The epoch of the point under the pointer (of the history, or of the road not taken
    /// past its end).
    hover: Option<u64>,
    /// The pointer is pressed on the chart: moving it shows epochs.
    pub(super) scrubbing: bool,
    /// What the bar and the readout were written for.
    written: Option<Written>,
}

impl TimelineView {
    pub(super) fn find() -> Result<TimelineView, String> {
        Ok(TimelineView {
            bar: dom::by_id("timeline-bar")?,
            status: TextSlot::new("timeline-status")?,
            readout: TextSlot::new("chart-readout")?,
            hover: None,
            scrubbing: false,
            written: None,
        })
    }
}

impl State {
    /// The pointer at `x` CSS pixels across the loss chart: reads out the nearest point;
    /// while pressed, shows that epoch.
    pub(super) fn on_chart_pointer(&mut self, x: f64, pressed: bool) {
        let Some(epoch) = self.loss_chart.epoch_at(x) else {
            return;
        };
        let t = self.session.trainer();
        let history = t.history().points();
        let past_end = history.last().is_some_and(|p| epoch > p.epoch as f64);
        let points = if past_end && !t.road_not_taken().is_empty() {
            t.road_not_taken()
        } else {
            history
        };
        let hover = nearest_point(points, epoch).map(|p| p.epoch);
        if hover != self.timeline.hover {
            self.timeline.hover = hover;
            self.dirty = true;
        }
        if pressed {
            self.session.show_epoch(Some(epoch.round() as u64));
        }
    }

    pub(super) fn on_chart_leave(&mut self) {
        if self.timeline.hover.take().is_some() {
            self.dirty = true;
        }
    }

    /// The focused chart's keys; true when the key was the chart's.
    pub(super) fn on_chart_key(&mut self, key: &str) -> bool {
        match key {
            "ArrowLeft" | "ArrowDown" => self.session.step_shown(-1),
            "ArrowRight" | "ArrowUp" => self.session.step_shown(1),
            "PageDown" => self.session.step_shown(-10),
            "PageUp" => self.session.step_shown(10),
            "Home" => self.session.step_shown(i64::MIN),
            "End" | "Escape" => self.session.show_epoch(None),
            "Enter" if self.session.trainer().shown_epoch().is_some() => {
                self.session.continue_from_shown();
                None
            }
            _ => return false,
        };
        true
    }

    /// The chart (with its marks), the bar under it, the readout and the chart's slider
    /// semantics for screen readers.
    pub(super) fn show_timeline(&mut self) {
        let lang = self.lang();
        let t = self.session.trainer();
        let shown = t.shown_epoch();
        let latest = t.latest_epoch();
        let marks = Marks {
            shown,
            hover: self.timeline.hover,
        };
        self.show_runs();
        match self.session.text_figures() {
            Some(f) => self.loss_chart.set_references(
                &[
                    ("chart.bigram", f.bigram_loss, f.bigram_alpha),
                    ("chart.trigram", f.trigram_loss, f.trigram_alpha),
                ],
                true,
            ),
            None => self.loss_chart.set_references(&[], false),
        }
        let t = self.session.trainer();
        self.loss_chart
            .draw(t.history().points(), t.road_not_taken(), marks);
        let written = Some((
            shown,
            latest,
            self.timeline.hover,
            t.road_not_taken().len(),
            lang,
        ));
        if written == self.timeline.written {
            return;
        }
        self.timeline.written = written;
        let loss = |l| format_loss(lang, l);
        self.timeline.bar.set_hidden(shown.is_none());
        if let Some(epoch) = shown {
            self.timeline
                .status
                .set(&text!("timeline.showing", epoch = epoch, latest = latest).render(lang));
        }
        let read = |epoch: u64, road: bool| {
            let points = if road {
                t.road_not_taken()
            } else {
                t.history().points()
            };
            points.iter().find(|p| p.epoch == epoch).map(|p| {
                let key = if road {
                    "timeline.readRoad"
                } else {
                    "timeline.read"
                };
                text!(
                    key,
                    epoch = p.epoch,
                    train = loss(p.train),
                    test = loss(p.test)
                )
                .render(lang)
            })
        };
        let on_road = |epoch: u64| t.history().points().last().is_some_and(|p| epoch > p.epoch);
        let readout = self
            .timeline
            .hover
            .and_then(|e| read(e, on_road(e)))
            .or_else(|| shown.and_then(|e| read(e, false)))
            .unwrap_or_else(|| match t.road_not_taken().first() {
                // Where the road forked: the last point of the history before it.
                Some(first) => {
                    let points = t.history().points();
                    let fork = points[..points.partition_point(|p| p.epoch < first.epoch)]
                        .last()
                        .map_or(0, |p| p.epoch);
                    text!("timeline.roadHint", epoch = fork).render(lang)
                }
                None => lang.t("timeline.hint").to_string(),
            });
        self.timeline.readout.set(&readout);
        let canvas = &self.loss_chart.surface.canvas;
        let now = shown.unwrap_or(latest);
        for (name, value) in [
            ("aria-valuemin", "0".to_string()),
            ("aria-valuemax", latest.to_string()),
            ("aria-valuenow", now.to_string()),
            (
                "aria-valuetext",
                read(now, false)
                    .unwrap_or_else(|| text!("timeline.epoch", epoch = now).render(lang)),
            ),
        ] {
            let _ = canvas.set_attribute(name, &value);
        }
    }
}

impl Wiring {
    /// The loss chart as the timeline's scrubber: the pointer reads out and, pressed,
    /// shows epochs; its keys step through the kept epochs; the bar's two buttons.
    pub(super) fn timeline(&mut self, s: &State) -> Result<(), String> {
        let chart = s.loss_chart.surface.canvas.clone();
        let canvas = chart.clone();
        self.on(&chart, "pointerdown", move |s, e| {
            if let Some(p) = e.dyn_ref::<web_sys::PointerEvent>() {
                if p.button() != 0 {
                    return;
                }
                let _ = canvas.set_pointer_capture(p.pointer_id());
            }
            s.timeline.scrubbing = true;
            if let Some((x, _)) = pointer_in(e, &canvas) {
                s.on_chart_pointer(x, true);
            }
        });
        let canvas = chart.clone();
        self.on(&chart, "pointermove", move |s, e| {
            if let Some((x, _)) = pointer_in(e, &canvas) {
                let pressed = s.timeline.scrubbing;
                s.on_chart_pointer(x, pressed);
            }
        });
        for event in ["pointerup", "pointercancel"] {
            self.on(&chart, event, |s, _| s.timeline.scrubbing = false);
        }
        self.on(&chart, "pointerleave", |s, _| {
            if !s.timeline.scrubbing {
                s.on_chart_leave();
            }
        });
        self.on(&chart, "keydown", |s, e| {
            let Some(key) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                return;
            };
            if !(key.ctrl_key() || key.meta_key() || key.alt_key()) && s.on_chart_key(&key.key()) {
                // The arrows are the timeline's here, not the page's "step".
                e.prevent_default();
                e.stop_propagation();
            }
        });
        let by_id = |id: &str| dom::by_id::<EventTarget>(id);
        self.click(&by_id("timeline-continue")?, |s| {
            s.session.continue_from_shown();
        });
        self.click(&by_id("timeline-live")?, |s| {
            s.session.show_epoch(None);
        });
        Ok(())
    }
}
