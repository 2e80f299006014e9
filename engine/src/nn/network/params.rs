//! The parameters one by one: their numbering (the embedding's table in text mode, then
//! weights and biases, layer by layer), reading and setting them, the penalty, and the
//! state saved to undo an epoch.

use super::*;

impl Network {
    /// Number of trainable parameters (every weight and bias, and the embedding's table).
    pub fn param_count(&self) -> usize {
        self.embedding_params()
            + self
                .layers
                .iter()
                .map(|l| l.weights.len() + l.bias.len())
                .sum::<usize>()
    }

    /// The embedding's number `index` (below `embedding_params`), if it is one.
    fn table_entry(&self, index: usize) -> Option<usize> {
        (index < self.embedding_params()).then_some(index)
    }

    /// The parameter number (as `param` counts) of the weight from neuron `i` of the
    /// previous layer to neuron `j` of layer `layer`.
    pub fn weight_index(&self, layer: usize, j: usize, i: usize) -> Option<usize> {
        let l = self.layers.get(layer)?;
        (j < l.n_out && i < l.n_in).then(|| self.layer_offset(layer) + j * l.n_in + i)
    }

    /// The parameter number of the bias of neuron `j` of layer `layer`.
    pub fn bias_index(&self, layer: usize, j: usize) -> Option<usize> {
        let l = self.layers.get(layer)?;
        (j < l.n_out).then(|| self.layer_offset(layer) + l.weights.len() + j)
    }

    pub fn param(&self, index: usize) -> f64 {
        if let (Some(k), Some(e)) = (self.table_entry(index), &self.embedding) {
            return e.table[k];
        }
        let (l, is_weight, i) = self.locate(index);
        let layer = &self.layers[l];
        if is_weight {
            layer.weights[i]
        } else {
            layer.bias[i]
        }
    }

    pub fn set_param(&mut self, index: usize, value: f64) {
        if let (Some(k), Some(e)) = (self.table_entry(index), &mut self.embedding) {
            e.table[k] = value;
            return;
        }
        let (l, is_weight, i) = self.locate(index);
        let layer = &mut self.layers[l];
        if is_weight {
            layer.weights[i] = value;
        } else {
            layer.bias[i] = value;
        }
    }

    /// The accumulated gradient of parameter `index`.
    pub fn grad(&self, index: usize) -> f64 {
        if let (Some(k), Some(e)) = (self.table_entry(index), &self.embedding) {
            return e.grad[k];
        }
        let (l, is_weight, i) = self.locate(index);
        let layer = &self.layers[l];
        if is_weight {
            layer.grad_weights[i]
        } else {
            layer.grad_bias[i]
        }
    }

    /// ΣR(w) over every weight (not the biases), the embedding's table first.
    pub fn penalty(&self, regularization: Regularization) -> f64 {
        self.embedding
            .iter()
            .flat_map(|e| e.table.iter())
            .chain(self.layers.iter().flat_map(|l| l.weights.iter()))
            .map(|&w| regularization.penalty(w))
            .sum()
    }

    /// Whether parameter `index` is a weight (not a bias): the embedding's numbers are.
    pub fn is_weight(&self, index: usize) -> bool {
        self.table_entry(index).is_some() || self.locate(index).1
    }

    /// Copies every number training changes (weights, biases, the optimiser's moments and
    /// step count) into `saved`, reusing its buffer.
    pub fn save_state(&self, saved: &mut NetworkState) {
        saved.values.clear();
        let table = self.embedding.iter().flat_map(Embedding::trained);
        for buffer in table.chain(self.layers.iter().flat_map(Layer::trained)) {
            saved.values.extend_from_slice(buffer);
        }
        saved.steps = self.steps;
    }

    /// Puts back what `save_state` copied (from this network), and drops summed gradients.
    pub fn restore_state(&mut self, saved: &NetworkState) {
        let mut rest = saved.values.as_slice();
        let table = self.embedding.iter_mut().flat_map(Embedding::trained_mut);
        for buffer in table.chain(self.layers.iter_mut().flat_map(Layer::trained_mut)) {
            let (head, tail) = rest.split_at(buffer.len().min(rest.len()));
            buffer[..head.len()].copy_from_slice(head);
            rest = tail;
        }
        self.steps = saved.steps;
        self.clear_gradients();
    }

    /// The largest |w| or |b| (what a message names when the weights are too large).
    pub fn largest_parameter(&self) -> f64 {
        self.embedding
            .iter()
            .flat_map(|e| e.table.iter())
            .chain(
                self.layers
                    .iter()
                    .flat_map(|l| l.weights.iter().chain(&l.bias)),
            )
            .fold(0.0, |m: f64, p| m.max(p.abs()))
    }

    /// True when every weight and bias (and number of the embedding) is finite.
    pub fn is_finite(&self) -> bool {
        let table = self.embedding.iter().flat_map(|e| e.table.iter());
        table.into_iter().all(|c| c.is_finite())
            && self.layers.iter().all(|l| {
                l.weights.iter().all(|w| w.is_finite()) && l.bias.iter().all(|b| b.is_finite())
            })
    }
}
