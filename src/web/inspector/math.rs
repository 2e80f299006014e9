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

    /// A bracketed matrix of numbers (rows of equal length).
    pub(super) fn matrix(&self, rows: &[Vec<f64>]) -> Element {
        let table = self.el("mtable", &[]);
        for r in rows {
            let tr = self.el("mtr", &[]);
            for &v in r {
                let _ = tr.append_child(&self.el("mtd", &[self.mn(v)]));
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
