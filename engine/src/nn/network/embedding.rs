//! The text mode's first layer: a table C of V rows of d numbers, one row per symbol
//! (Bengio et al., 2003). The k symbols of a context are looked up and their rows set
//! side by side, x = [C[c₁], …, C[cₖ]], which the network's layers then read as they read
//! any input. Its gradient is the scatter-add of ∂L/∂x into the rows looked up:
//! ∂L/∂C[c][e] = Σ over the (sample, slot) that looked c up of ∂L/∂x[slot·d + e].

use super::*;

impl Network {
    /// A language model (Bengio et al., 2003): an embedding of `vocab` symbols in `dim`
    /// numbers, a context of `context` symbols, the hidden layers, and a softmax over the
    /// `vocab` symbols. The table is drawn first, then the layers, from the same `init`.
    pub fn text(
        vocab: usize,
        dim: usize,
        context: usize,
        hidden: &[usize],
        hidden_activation: Activation,
        mut init: Init<'_>,
    ) -> Network {
        let again = match &mut init {
            Init::Random(rng) => Init::Random(rng),
            Init::Zero => Init::Zero,
        };
        let embedding = Embedding::new(vocab, dim, context, again);
        let mut net = Network::with_init(
            embedding.inputs(),
            hidden,
            vocab,
            hidden_activation,
            Activation::Linear,
            init,
        );
        net.layers.last_mut().expect("an output layer").softmax = true;
        net.embedding = Some(embedding);
        net
    }

    /// Forward pass of `batch` contexts through the embedding; `ids(slot, s)` is symbol
    /// `slot` of sample s's context (below V). With `rng`, a training pass (dropout).
    pub fn forward_context(
        &mut self,
        ids: impl Fn(usize, usize) -> usize,
        batch: usize,
        rng: Option<&mut Rng>,
    ) {
        let Some(embedding) = &mut self.embedding else {
            return;
        };
        embedding.ids.clear();
        for slot in 0..embedding.context {
            embedding.ids.extend((0..batch).map(|s| ids(slot, s)));
        }
        self.batch = batch;
        embedding.look_up(batch, &mut self.input);
        self.run_layers(batch, rng);
    }
}

/// The embedding table, its gradient sums and its optimiser state, and the last pass's
/// look-ups.
#[derive(Clone, Debug)]
pub struct Embedding {
    /// Symbols (rows): V.
    pub vocab: usize,
    /// Numbers per symbol (columns): d.
    pub dim: usize,
    /// Symbols in a context: k. The network's input has k·d numbers.
    pub context: usize,
    /// C, row-major: `table[c * dim + e]` is number e of symbol c's vector.
    pub table: Vec<f64>,
    /// ∂L/∂C summed over the samples since the last update.
    pub grad: Vec<f64>,
    /// The optimiser's state per number of C (as a layer's `m_weights`, `v_weights`).
    pub m: Vec<f64>,
    pub v: Vec<f64>,
    /// The symbols of the last forward pass: `ids[slot * batch + s]`.
    pub ids: Vec<usize>,
    /// ∂L/∂x of the last backward pass: `dx[(slot * dim + e) * batch + s]`.
    pub dx: Vec<f64>,
}

impl Embedding {
    /// A table of `vocab` × `dim` numbers, U(−0.5, 0.5) as the layers' weights (or 0).
    pub(super) fn new(vocab: usize, dim: usize, context: usize, init: Init<'_>) -> Embedding {
        let n = vocab * dim;
        let table = match init {
            Init::Random(rng) => (0..n).map(|_| rng.uniform(-0.5, 0.5)).collect(),
            Init::Zero => vec![0.0; n],
        };
        Embedding {
            vocab,
            dim,
            context,
            table,
            grad: vec![0.0; n],
            m: vec![0.0; n],
            v: vec![0.0; n],
            ids: Vec::new(),
            dx: Vec::new(),
        }
    }

    /// The inputs the layers read: k·d.
    pub fn inputs(&self) -> usize {
        self.context * self.dim
    }

    /// Symbol c's vector C[c].
    pub fn row(&self, c: usize) -> &[f64] {
        &self.table[c * self.dim..(c + 1) * self.dim]
    }

    /// What training changes, in one order: C, then the optimiser's state.
    pub(super) fn trained(&self) -> [&Vec<f64>; 3] {
        [&self.table, &self.m, &self.v]
    }

    /// `trained`, to change.
    pub(super) fn trained_mut(&mut self) -> [&mut Vec<f64>; 3] {
        [&mut self.table, &mut self.m, &mut self.v]
    }

    /// Looks up the `batch` contexts in `ids` (each below V) into the input
    /// x[(slot·d + e)·batch + s] = C[c_slot][e].
    pub(super) fn look_up(&self, batch: usize, input: &mut Vec<f64>) {
        let ids = &self.ids;
        input.resize(self.inputs() * batch, 0.0);
        for slot in 0..self.context {
            for s in 0..batch {
                let row = self.row(ids[slot * batch + s]);
                for (e, &value) in row.iter().enumerate() {
                    input[(slot * self.dim + e) * batch + s] = value;
                }
            }
        }
    }

    /// From the first layer's δ: ∂L/∂xᵢ = Σⱼ Wⱼᵢ δⱼ (summed in order of j), then each
    /// sample's ∂L/∂x added to the rows it looked up, sample after sample, slot after
    /// slot.
    pub(super) fn accumulate_gradients(&mut self, first: &Layer, batch: usize) {
        let n = self.inputs();
        self.dx.clear();
        self.dx.resize(n * batch, 0.0);
        for i in 0..n {
            let dx = &mut self.dx[i * batch..(i + 1) * batch];
            for j in 0..first.n_out {
                let w = first.weights[j * first.n_in + i];
                let delta = &first.delta[j * batch..(j + 1) * batch];
                for (d, &delta) in dx.iter_mut().zip(delta) {
                    *d += w * delta;
                }
            }
        }
        for s in 0..batch {
            for slot in 0..self.context {
                let c = self.ids[slot * batch + s];
                for e in 0..self.dim {
                    self.grad[c * self.dim + e] += self.dx[(slot * self.dim + e) * batch + s];
                }
            }
        }
    }
}
