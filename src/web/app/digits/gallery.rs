//! The gallery of the digits under the confusion matrix: a set's digits, the wrong ones
//! first, each with the digit the network reads; the pointer or the keys pick one.

use super::super::State;
use super::{paint_image, CELL, GALLERY_EVERY_MS, GALLERY_MAX};
use crate::config::Split;
use crate::session::GalleryDigit;
use crate::text;
use crate::web::dom;

impl State {
    /// The gallery of the set the mistakes panel counts on: at most `GALLERY_MAX` digits,
    /// the wrong ones first, each with the digit the network reads (red when wrong).
    pub(super) fn show_gallery(&mut self, now: bool) {
        let time = self.now();
        let lang = self.lang();
        let panel = &mut self.digits;
        if !now && self.session.running() && time - panel.gallery_at < GALLERY_EVERY_MS {
            return;
        }
        panel.gallery_at = time;
        let set = self.session.config().view.mistakes_set;
        let all = self.session.gallery(set);
        let wrong = all.iter().filter(|d| d.label != d.predicted).count();
        panel.cells.clear();
        panel.cells.extend(all.iter().take(GALLERY_MAX).copied());
        panel.cells_set = set;
        if !now && panel.cells == panel.gallery_drawn {
            // The same digits read the same: nothing to draw.
            return;
        }
        panel.gallery_drawn.clone_from(&panel.cells);
        let columns = ((panel.gallery.width / CELL).floor() as usize).max(1);
        let rows = panel.cells.len().div_ceil(columns);
        let height = rows as f64 * (CELL + 12.0);
        if (panel.gallery.height - height).abs() > 0.5 {
            let _ = panel
                .gallery
                .canvas
                .style()
                .set_property("height", &format!("{height}px"));
            panel.gallery.fit();
        }
        panel.gallery.begin();
        let ctx = &panel.gallery.ctx;
        let images = self.session.trainer().images()[match set {
            Split::Train => 0,
            Split::Test => 1,
        }];
        ctx.set_font("11px system-ui, sans-serif");
        ctx.set_text_align("center");
        for (k, d) in panel.cells.iter().enumerate() {
            let (x, y) = (
                (k % columns) as f64 * CELL,
                (k / columns) as f64 * (CELL + 12.0),
            );
            if let Some(image) = images.get(d.index) {
                paint_image(ctx, image, x + 2.0, y + 2.0, CELL - 4.0);
            }
            let right = d.label == d.predicted;
            ctx.set_fill_style_str(if right { "#333" } else { "#d55e00" });
            let text = if right {
                d.predicted.to_string()
            } else {
                format!("{}→{}", d.label, d.predicted)
            };
            let _ = ctx.fill_text(&text, x + CELL / 2.0, y + CELL + 9.0);
            if !right {
                ctx.set_stroke_style_str("#d55e00");
                ctx.set_line_width(2.0);
                ctx.stroke_rect(x + 1.0, y + 1.0, CELL - 2.0, CELL - 2.0);
            }
        }
        panel.cursor = panel.cursor.min(panel.cells.len().saturating_sub(1));
        let focused = dom::document()
            .ok()
            .and_then(|d| d.active_element())
            .is_some_and(|e| e == *panel.gallery.canvas.as_ref());
        if let Some(d) = panel.cells.get(panel.cursor).filter(|_| focused) {
            let k = panel.cursor;
            let (x, y) = (
                (k % columns) as f64 * CELL,
                (k / columns) as f64 * (CELL + 12.0),
            );
            ctx.set_stroke_style_str("#111");
            ctx.set_line_width(3.0);
            ctx.stroke_rect(x, y, CELL, CELL + 11.0);
            // What the keys are on, for a screen reader.
            let cell = text!(
                "digits.galleryCell",
                i = k + 1,
                n = panel.cells.len(),
                label = d.label,
                predicted = d.predicted
            );
            let _ = panel
                .gallery
                .canvas
                .set_attribute("aria-label", &cell.render(lang));
        }
        let caption = text!(
            "digits.galleryCaption",
            shown = panel.cells.len(),
            n = all.len(),
            wrong = wrong
        );
        panel.gallery_caption.set(&caption.render(lang));
    }

    /// A key on the gallery: the arrows move its cursor (a row up or down), Home and End
    /// go to the first and last, Enter or Space picks the digit. Whether it was one.
    pub(super) fn on_gallery_key(&mut self, key: &str) -> bool {
        let panel = &mut self.digits;
        let columns = ((panel.gallery.width / CELL).floor() as usize).max(1);
        let last = panel.cells.len().saturating_sub(1);
        let k = panel.cursor;
        panel.cursor = match key {
            "ArrowRight" => (k + 1).min(last),
            "ArrowLeft" => k.saturating_sub(1),
            "ArrowDown" => (k + columns).min(last),
            "ArrowUp" => k.saturating_sub(columns),
            "Home" => 0,
            "End" => last,
            "Enter" | " " => {
                if let Some(d) = panel.cells.get(k).copied() {
                    let set = panel.cells_set;
                    self.session.pick_digit(set, d.index);
                }
                return true;
            }
            _ => return false,
        };
        self.show_gallery(true);
        true
    }

    /// The gallery digit under a point of its canvas.
    pub(super) fn gallery_digit_at(&self, (x, y): (f64, f64)) -> Option<GalleryDigit> {
        let panel = &self.digits;
        let columns = ((panel.gallery.width / CELL).floor() as usize).max(1);
        let (column, row) = ((x / CELL).floor(), (y / (CELL + 12.0)).floor());
        if column < 0.0 || row < 0.0 || column as usize >= columns {
            return None;
        }
        panel
            .cells
            .get(row as usize * columns + column as usize)
            .copied()
    }
}
