//! The MathML builder of the worked example: elements made one by one (never from HTML
//! text), numbers as `number` writes them.

use super::{number, sigma, Squash, MATHML};
use web_sys::{Document, Element};

/// A small builder of MathML elements.
pub(super) struct Math<'a> {
    pub(super) document: &'a Document,
}

impl Math<'_> {
    pub(super) fn el(&self, tag: &str, children: &[Element]) -> Element {
        let e = self
            .document
            .create_element_ns(Some(MATHML), tag)
            .unwrap_or_else(|_| self.document.create_element("span").expect("span"));
        for c in children {
            let _ = e.append_child(c);
        }
        e
    }

    pub(super) fn text(&self, tag: &str, text: &str) -> Element {
        let e = self.el(tag, &[]);
        e.set_text_content(Some(text));
        e
    }

    pub(super) fn mi(&self, t: &str) -> Element {
        self.text("mi", t)
    }

    pub(super) fn mo(&self, t: &str) -> Element {
        self.text("mo", t)
    }

    /// The norm's bar ‖, not stretched: WebKit draws a stretchy ‖ as nothing when the
    /// font has no stretched variant of it (the loss then read `½a − t²`).
    pub(super) fn norm_bar(&self) -> Element {
        let e = self.mo("‖");
        let _ = e.set_attribute("stretchy", "false");
        e
    }

    pub(super) fn mn(&self, v: f64) -> Element {
        self.text("mn", &number(v))
    }

    pub(super) fn row(&self, children: &[Element]) -> Element {
        self.el("mrow", children)
    }

    /// `name` with the layer as a superscript in brackets: W⁽ˡ⁾.
    pub(super) fn layered(&self, name: &str, layer: usize) -> Element {
        let sup = self.row(&[
            self.mo("("),
            self.text("mn", &layer.to_string()),
            self.mo(")"),
        ]);
        self.el("msup", &[self.mi(name), sup])
    }

    /// `( … )` around some elements.
    pub(super) fn paren(&self, inner: &[Element]) -> Element {
        let mut parts = vec![self.mo("(")];
        parts.extend(inner.iter().cloned());
        parts.push(self.mo(")"));
        self.row(&parts)
    }

    /// ∂L/∂name⁽ˡ⁾ as a fraction.
    pub(super) fn d_loss(&self, name: &str, layer: usize) -> Element {
        self.el(
            "mfrac",
            &[
                self.mi("∂L"),
                self.row(&[self.mi("∂"), self.layered(name, layer)]),
            ],
        )
    }

    /// σ′(z⁽ˡ⁾), the activation's derivative at the layer's z.
    pub(super) fn sigma_prime(&self, activation: Squash, layer: usize) -> Element {
        self.row(&[
            self.el("msup", &[self.mi(sigma(activation)), self.mo("′")]),
            self.paren(&[self.layered("z", layer)]),
        ])
    }

    /// A bracketed matrix of numbers (rows of equal length). Past `LONG` entries a row
    /// (or a column) shows its first and last ones around "⋯" (or "⋮"): a layer of 200
    /// neurons would be a row of 200 numbers; `inspect()` has every one.
    pub(super) fn matrix(&self, rows: &[Vec<f64>]) -> Element {
        let table = self.el("mtable", &[]);
        let width = rows.first().map_or(1, |r| elide(r).len());
        for r in elide(rows) {
            let tr = self.el("mtr", &[]);
            let cells: Vec<Element> = match r {
                Some(r) => elide(r)
                    .into_iter()
                    .map(|v| v.map_or_else(|| self.mo("⋯"), |&v| self.mn(v)))
                    .collect(),
                None => (0..width).map(|_| self.mo("⋮")).collect(),
            };
            for cell in cells {
                let _ = tr.append_child(&self.el("mtd", &[cell]));
            }
            let _ = table.append_child(&tr);
        }
        self.row(&[self.mo("["), table, self.mo("]")])
    }

    /// A column vector.
    pub(super) fn column(&self, values: &[f64]) -> Element {
        let rows: Vec<Vec<f64>> = values.iter().map(|&v| vec![v]).collect();
        self.matrix(&rows)
    }

    /// `<math display="block">` around a row.
    pub(super) fn block(&self, children: &[Element]) -> Element {
        let math = self.el("math", &[self.row(children)]);
        let _ = math.set_attribute("display", "block");
        math
    }
}

/// Rows or columns past this many show their first `HEAD` and last `TAIL` entries.
pub const LONG: usize = 16;
const HEAD: usize = 6;
const TAIL: usize = 2;

/// The entries shown of `items`: all of them, or the first and the last around a gap
/// (`None`).
fn elide<T>(items: &[T]) -> Vec<Option<&T>> {
    let n = items.len();
    if n <= LONG {
        return items.iter().map(Some).collect();
    }
    let head = items[..HEAD].iter().map(Some);
    let tail = items[n - TAIL..].iter().map(Some);
    head.chain([None]).chain(tail).collect()
}
