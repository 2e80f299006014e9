//! The confusion matrix as a picture, for the PNG download: the same counts, row shares,
//! tints and words as the panel's table (which is HTML, so not on any canvas).

use super::{class_name, percent, tint, RIGHT, WRONG};
use crate::config::Split;
use crate::i18n::Lang;
use crate::text;
use crate::train::Score;
use web_sys::HtmlCanvasElement;

/// Draws `score`'s matrix (of the `set` data) at `dpr` into a new canvas; `None` for
/// regression (no classes).
pub fn matrix_picture(
    score: &Score,
    set: Split,
    lang: Lang,
    dpr: f64,
) -> Result<Option<HtmlCanvasElement>, String> {
    let classes = score.classes;
    if classes == 0 {
        return Ok(None);
    }
    let (canvas, ctx) = crate::web::views::surface::offscreen_canvas()?;
    let (cell_w, cell_h, head_w) = (96.0 * dpr, 34.0 * dpr, 150.0 * dpr);
    let top = 30.0 * dpr;
    let width = head_w + (classes + 1) as f64 * cell_w + 8.0 * dpr;
    let height = top + (classes + 1) as f64 * cell_h + 8.0 * dpr;
    canvas.set_width(width.ceil() as u32);
    canvas.set_height(height.ceil() as u32);
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, width, height);
    let rows = score.rows();
    let total: u64 = score.confusion.iter().sum();
    let right: u64 = (0..classes).map(|k| rows[k][k]).sum();
    let set_name = lang.t(match set {
        Split::Train => "ui.trainingSet",
        Split::Test => "ui.testSet",
    });
    let caption = text!(
        "mistakes.caption",
        set = set_name,
        right = right,
        total = total,
        percent = score.accuracy().map_or("–".into(), percent)
    )
    .render(lang);
    ctx.set_font(&format!("{}px system-ui, sans-serif", (13.0 * dpr).round()));
    ctx.set_text_baseline("middle");
    ctx.set_fill_style_str("#222222");
    ctx.set_text_align("left");
    let _ = ctx.fill_text(&caption, 4.0 * dpr, top / 2.0);
    let cell = |column: usize, row: usize| {
        let x = if column == 0 {
            0.0
        } else {
            head_w + (column - 1) as f64 * cell_w
        };
        (x, top + row as f64 * cell_h)
    };
    let write = |text: &str, (x, y): (f64, f64), w: f64| {
        ctx.set_fill_style_str("#222222");
        let _ = ctx.fill_text_with_max_width(text, x + w / 2.0, y + cell_h / 2.0, w - 6.0 * dpr);
    };
    ctx.set_text_align("center");
    write(lang.t("mistakes.corner"), cell(0, 0), head_w);
    for k in 0..classes {
        write(&class_name(lang, classes, k), cell(k + 1, 0), cell_w);
        write(&class_name(lang, classes, k), cell(0, k + 1), head_w);
    }
    write(lang.t("mistakes.right"), cell(classes + 1, 0), cell_w);
    ctx.set_stroke_style_str("#bbbbbb");
    ctx.set_line_width(dpr.max(1.0));
    for (t, row) in rows.iter().enumerate() {
        let in_row: u64 = row.iter().sum();
        let share_of = |count: u64| {
            if in_row > 0 {
                count as f64 / in_row as f64
            } else {
                0.0
            }
        };
        for (p, &count) in row.iter().enumerate() {
            let (x, y) = cell(p + 1, t + 1);
            let share = share_of(count);
            ctx.set_fill_style_str(&tint(if t == p { RIGHT } else { WRONG }, share));
            ctx.fill_rect(x, y, cell_w, cell_h);
            ctx.stroke_rect(x, y, cell_w, cell_h);
            write(&format!("{count} · {}", percent(share)), (x, y), cell_w);
        }
        let per_class = if in_row > 0 {
            percent(share_of(row[t]))
        } else {
            lang.t("mistakes.none").to_string()
        };
        write(&per_class, cell(classes + 1, t + 1), cell_w);
    }
    Ok(Some(canvas))
}
