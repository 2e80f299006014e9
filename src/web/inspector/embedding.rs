//! The worked example in text mode: the context's characters looked up in the embedding
//! C, x as their rows side by side (shown as the k × d matrix X, as a digit is shown as
//! its image), and backward ∂L/∂x = (W⁽¹⁾)ᵀδ⁽¹⁾ added into the rows of C the context
//! looked up, which the step then changes. The numbers are `Inspection::text`'s.

use super::Math;
use crate::train::{ChangedRow, TextStep};
use web_sys::Element;

impl Math<'_> {
    /// C[“e”]: the row of character `c` in the table C.
    fn lookup(&self, c: &str) -> Element {
        self.row(&[
            self.mi("C"),
            self.mo("["),
            self.text("mtext", &format!("“{c}”")),
            self.mo("]"),
        ])
    }

    /// The table's rows as a column: [C[“e”]; C[“m”]; C[“m”]].
    fn lookups(&self, context: &[String]) -> Element {
        let table = self.el("mtable", &[]);
        for c in context {
            let _ = table.append_child(&self.el("mtr", &[self.el("mtd", &[self.lookup(c)])]));
        }
        self.row(&[self.mo("["), table, self.mo("]")])
    }

    /// a⁽⁰⁾ = x = vec(X), X = [C[c₁]; …; C[cₖ]] = the rows.
    pub(super) fn text_input(&self, text: &TextStep) -> Element {
        self.block(&[
            self.layered("a", 0),
            self.mo("="),
            self.mi("x"),
            self.mo("="),
            self.mi("vec"),
            self.paren(&[self.mi("X")]),
            self.mo(","),
            self.mi("X"),
            self.mo("="),
            self.lookups(&text.context),
            self.mo("="),
            self.matrix(&text.rows),
        ])
    }

    /// ∂L/∂X = (W⁽¹⁾)ᵀδ⁽¹⁾, in the context's k rows.
    pub(super) fn text_input_gradient(&self, text: &TextStep) -> Element {
        self.block(&[
            self.el(
                "mfrac",
                &[self.mi("∂L"), self.row(&[self.mi("∂"), self.mi("X")])],
            ),
            self.mo("="),
            self.el("msup", &[self.layered("W", 1), self.mi("T")]),
            self.layered("δ", 1),
            self.mo("="),
            self.matrix(&text.grad_rows),
        ])
    }

    /// ∂L/∂C[c] = the sum of the rows of ∂L/∂X of the slots that looked c up.
    pub(super) fn text_row_gradient(&self, row: &ChangedRow) -> Element {
        let mut parts = vec![
            self.el(
                "mfrac",
                &[
                    self.mi("∂L"),
                    self.row(&[self.mi("∂"), self.lookup(&row.character)]),
                ],
            ),
            self.mo("="),
        ];
        for (n, &slot) in row.slots.iter().enumerate() {
            if n > 0 {
                parts.push(self.mo("+"));
            }
            parts.push(self.el(
                "msub",
                &[
                    self.paren(&[self.el(
                        "mfrac",
                        &[self.mi("∂L"), self.row(&[self.mi("∂"), self.mi("X")])],
                    )]),
                    self.text("mn", &(slot + 1).to_string()),
                ],
            ));
        }
        parts.extend([self.mo("="), self.matrix(std::slice::from_ref(&row.grad))]);
        self.block(&parts)
    }

    /// C[c] ← C[c] − η ∂L/∂C[c], with the numbers.
    pub(super) fn text_row_step(&self, row: &ChangedRow, rate: f64) -> Element {
        let d = self.el(
            "mfrac",
            &[
                self.mi("∂L"),
                self.row(&[self.mi("∂"), self.lookup(&row.character)]),
            ],
        );
        self.block(&[
            self.lookup(&row.character),
            self.mo("←"),
            self.lookup(&row.character),
            self.mo("−"),
            self.mi("η"),
            d,
            self.mo("="),
            self.matrix(std::slice::from_ref(&row.before)),
            self.mo("−"),
            self.mn(rate),
            self.mo("·"),
            self.matrix(std::slice::from_ref(&row.grad)),
            self.mo("="),
            self.matrix(std::slice::from_ref(&row.after)),
        ])
    }
}
