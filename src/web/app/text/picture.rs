//! Text mode's part of "Picture (PNG)": what the network writes, as the page shows it, and
//! the embedding's canvas, in place of the plane and a V × V confusion matrix (402 × 402
//! for the quatrains).

use crate::web::app::State;
use crate::web::dom;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

impl State {
    /// The canvases text mode adds to the picture: the written items (drawn from the
    /// list the page shows, a copied one marked ✓) and the embedding.
    pub(in crate::web::app) fn text_pictures(&self) -> Result<Vec<HtmlCanvasElement>, String> {
        let lang = self.lang();
        let dpr = dom::device_pixel_ratio();
        let items = self
            .text
            .samples
            .query_selector_all("li")
            .map_err(|_| "no list")?;
        let mut lines = vec![lang.t("text.written").to_string()];
        for k in 0..items.length() {
            let Some(item) = items
                .item(k)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            else {
                continue;
            };
            let mut line = format!("{}. {}", k + 1, item.text_content().unwrap_or_default());
            if item.class_list().contains("copied") {
                line.push_str(" ✓");
            }
            lines.push(line);
        }
        lines.push(format!(
            "{} {}",
            lang.t("ui.temperature"),
            self.session.config().view.temperature
        ));
        let (canvas, ctx) = crate::web::views::surface::offscreen_canvas()?;
        let font = 16.0 * dpr;
        let row = font * 1.5;
        let height = self
            .text
            .embedding
            .canvas
            .height()
            .max((row * (lines.len() as f64 + 1.0)) as u32);
        // Wide enough for the longest line (the heading is bold; a quatrain has 24
        // characters at most).
        let style = |k: usize| {
            let weight = if k == 0 { "600 " } else { "" };
            format!("{weight}{font}px system-ui, sans-serif")
        };
        let mut widest: f64 = 0.0;
        for (k, line) in lines.iter().enumerate() {
            ctx.set_font(&style(k));
            widest = widest.max(ctx.measure_text(line).map_or(0.0, |m| m.width()));
        }
        canvas.set_width((widest + 2.0 * font).ceil().min(2000.0 * dpr) as u32);
        canvas.set_height(height);
        ctx.set_fill_style_str("#ffffff");
        ctx.fill_rect(0.0, 0.0, f64::from(canvas.width()), f64::from(height));
        ctx.set_text_baseline("middle");
        for (k, line) in lines.iter().enumerate() {
            ctx.set_font(&style(k));
            ctx.set_fill_style_str(if line.ends_with('✓') {
                "#777777"
            } else {
                "#222222"
            });
            let _ = ctx.fill_text(line, font, row * (k as f64 + 1.0));
        }
        Ok(vec![canvas, self.text.embedding.canvas.clone()])
    }
}
