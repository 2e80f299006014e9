//! The worked example on a digit: the input as its 8×8 image X (the 64 pixels over 16,
//! row by row, the order of x), and each shown neuron of the first layer with its 64
//! weights as an 8×8 image over the same pixels, so z = W a + b reads
//! zₖ = Σ(Wₖ ⊙ X) + bₖ: the same products, summed in the same order. A text's context
//! is shown the same way, as its k rows of the embedding, d numbers each.

use super::{pick, Math};
use crate::train::LayerStep;
use web_sys::Element;

impl Math<'_> {
    /// The input's values in their shape, row by row: a digit's 8×8 image, or a
    /// context's k rows of d (`width` a row).
    pub(super) fn image(&self, values: &[f64], width: usize) -> Element {
        let rows: Vec<Vec<f64>> = values.chunks(width.max(1)).map(<[f64]>::to_vec).collect();
        self.matrix(&rows)
    }

    /// A name with the layer above and neuron `k` (from 0) below: W⁽¹⁾₃.
    fn neuron(&self, name: &str, layer: usize, k: usize) -> Element {
        self.el(
            "msubsup",
            &[
                self.mi(name),
                self.text("mn", &(k + 1).to_string()),
                self.row(&[
                    self.mo("("),
                    self.text("mn", &layer.to_string()),
                    self.mo(")"),
                ]),
            ],
        )
    }

    /// The forward pass of neuron `k` of the first layer: zₖ = Σ(Wₖ ⊙ X) + bₖ.
    pub(super) fn image_forward(
        &self,
        step: &LayerStep,
        input: &[f64],
        k: usize,
        width: usize,
    ) -> Element {
        self.block(&[
            self.neuron("z", 1, k),
            self.mo("="),
            self.mo("Σ"),
            self.paren(&[self.neuron("W", 1, k), self.mo("⊙"), self.mi("X")]),
            self.mo("+"),
            self.neuron("b", 1, k),
            self.mo("="),
            self.mo("Σ"),
            self.paren(&[
                self.image(&step.weights[k], width),
                self.mo("⊙"),
                self.image(input, width),
            ]),
            self.mo("+"),
            self.column(&pick(&step.bias, &[k])),
            self.mo("="),
            self.column(&pick(&step.z, &[k])),
        ])
    }

    /// The first layer's gradient for neuron `k`: ∂L/∂Wₖ = δₖ X.
    pub(super) fn image_gradient(&self, step: &LayerStep, k: usize, width: usize) -> Element {
        let d = self.el(
            "mfrac",
            &[
                self.row(&[self.mi("∂"), self.mi("L")]),
                self.row(&[self.mi("∂"), self.neuron("W", 1, k)]),
            ],
        );
        self.block(&[
            d,
            self.mo("="),
            self.neuron("δ", 1, k),
            self.mi("X"),
            self.mo("="),
            self.image(&step.grad_weights[k], width),
        ])
    }

    /// The first layer's step for neuron `k`: Wₖ ← Wₖ − η·(M ⊙) ∂L/∂Wₖ.
    pub(super) fn image_step(
        &self,
        step: &LayerStep,
        k: usize,
        rate: f64,
        width: usize,
    ) -> Element {
        self.block(&[
            self.neuron("W", 1, k),
            self.mo("←"),
            self.image(&step.weights[k], width),
            self.mo("−"),
            self.mn(rate),
            self.mo("·"),
            self.image(&step.step_weights[k], width),
            self.mo("="),
            self.image(&step.weights_after[k], width),
        ])
    }
}
