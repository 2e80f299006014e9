//! The training loop: epochs while asked, each a shuffle and a gradient step per
//! mini-batch, the losses where they are seen, and the checkpoint that undoes an epoch
//! that overflows.

use super::*;

impl Trainer {
    /// One epoch, then the training and test losses.
    pub fn step_epoch(&mut self) {
        self.step_epochs(1);
    }

    /// `epochs` epochs (fewer if the network stops being finite); returns how many ran.
    pub fn step_epochs(&mut self, epochs: u64) -> u64 {
        self.step_epochs_while(|done| done < epochs)
    }

    /// Trains epochs while `more(epochs done so far)` says so. The losses are computed for
    /// every epoch the loss history keeps, for the last epoch, and as soon as a weight is
    /// no longer finite: every loss anyone can see is computed exactly as by `step_epoch`,
    /// and epochs nobody sees (many per frame at maximum speed) skip the two extra passes
    /// over the data. An epoch that makes a weight or a loss overflow is undone: training
    /// stops at the epoch before it (`divergence`). Stops at `MAX_EPOCH` too.
    pub fn step_epochs_while(&mut self, mut more: impl FnMut(u64) -> bool) -> u64 {
        self.show_present();
        if self.diverged() {
            return 0;
        }
        // An epoch trained in part goes to its end first (`step_batches_while`).
        self.finish_epoch();
        let mut done = 0;
        let mut losses_stale = false;
        while self.epoch < MAX_EPOCH && more(done) {
            self.save_checkpoint();
            self.train_epoch();
            if !self.network.is_finite() {
                self.roll_back();
                return done;
            }
            done += 1;
            losses_stale = !self.history.keeps(self.epoch);
            if !losses_stale && !self.losses_of_epoch() {
                return done - 1;
            }
        }
        if losses_stale && !self.losses_of_epoch() {
            return done - 1;
        }
        done
    }

    /// The losses of the epoch just trained, into the history; false (and the epoch
    /// undone) when they overflowed.
    pub(super) fn losses_of_epoch(&mut self) -> bool {
        self.compute_losses();
        if !self.losses_finite() {
            self.roll_back();
            return false;
        }
        self.record_losses();
        true
    }

    /// The state before an epoch, kept to return to if the epoch overflows.
    pub(super) fn save_checkpoint(&mut self) {
        let mut c = std::mem::take(&mut self.checkpoint);
        self.save_state_into(&mut c);
        self.checkpoint = c;
    }

    pub(super) fn restore_checkpoint(&mut self) {
        let c = std::mem::take(&mut self.checkpoint);
        self.load_state(&c);
        self.checkpoint = c;
    }

    /// Copies what training changes (and needs to go on identically) into `c`, reusing
    /// its buffers.
    pub(super) fn save_state_into(&self, c: &mut Checkpoint) {
        self.network.save_state(&mut c.network);
        c.shuffle_rng = Some(self.shuffle_rng.clone());
        c.dropout_rng = Some(self.dropout_rng.clone());
        c.order.clone_from(&self.order);
        c.gradient_sizes.clone_from(&self.gradient_sizes);
        c.epoch = self.epoch;
    }

    /// Puts back what `save_state_into` copied.
    pub(super) fn load_state(&mut self, c: &Checkpoint) {
        self.network.restore_state(&c.network);
        if let Some(rng) = &c.shuffle_rng {
            self.shuffle_rng = rng.clone();
        }
        if let Some(rng) = &c.dropout_rng {
            self.dropout_rng = rng.clone();
        }
        self.order.clone_from(&c.order);
        self.gradient_sizes.clone_from(&c.gradient_sizes);
        self.epoch = c.epoch;
    }

    /// The epoch just trained overflowed: back to the state before it, and why. Tries the
    /// same epoch once at the smallest learning rate, to tell whether lowering the rate
    /// can help.
    pub(super) fn roll_back(&mut self) {
        let failed = self.checkpoint.epoch + 1;
        self.restore_checkpoint();
        let rate = self.config.training.learning_rate;
        self.config.training.learning_rate = crate::config::MIN_LEARNING_RATE;
        self.train_epoch();
        self.compute_losses();
        let even_at_lowest_rate = !(self.network.is_finite() && self.losses_finite());
        self.config.training.learning_rate = rate;
        self.restore_checkpoint();
        self.update_losses();
        self.divergence = Some(Divergence {
            epoch: failed,
            even_at_lowest_rate,
        });
    }

    /// Shuffle the training set, then one gradient step per mini-batch (the last, partial
    /// batch included).
    pub(super) fn train_epoch(&mut self) {
        self.begin_epoch();
        for k in 0..self.batches_per_epoch() {
            self.train_batch(k);
        }
        self.end_epoch();
    }

    /// Mini-batches in an epoch (the last one may be partial).
    pub fn batches_per_epoch(&self) -> usize {
        self.order
            .len()
            .div_ceil(self.config.training.batch_size.max(1))
    }

    /// An epoch starts: the training set shuffled, the gradient sizes counted afresh.
    fn begin_epoch(&mut self) {
        self.shuffle_rng.shuffle(&mut self.order);
        self.gradient_sums.clear();
        self.gradient_sums.resize(self.network.layers.len(), 0.0);
    }

    /// The epoch's mini-batches are done: the dropped neurons and the mean gradient sizes
    /// recorded, the epoch counted.
    fn end_epoch(&mut self) {
        self.record_dropped();
        let batches = self.batches_per_epoch().max(1) as f64;
        self.gradient_sizes.clear();
        self.gradient_sizes
            .extend(self.gradient_sums.iter().map(|sum| sum / batches));
        self.epoch += 1;
    }

    /// Trains mini-batches of the epoch under way while `more(mini-batches done so far)`
    /// says so, ending each epoch whose last mini-batch is done exactly as `step_epoch`
    /// does (its losses, the history, the timeline): the same steps in the same order,
    /// so a run trained in parts equals one trained epoch by epoch, bit for bit. For an
    /// epoch too long for a frame. A mini-batch that makes a weight overflow undoes the
    /// epoch (`divergence`). Returns (mini-batches, epochs ended).
    pub fn step_batches_while(&mut self, mut more: impl FnMut(usize) -> bool) -> (usize, u64) {
        self.show_present();
        let (mut batches, mut epochs) = (0, 0);
        while !self.diverged() && self.epoch < MAX_EPOCH && more(batches) {
            if self.batch_cursor == 0 {
                self.save_checkpoint();
                self.begin_epoch();
            }
            self.train_batch(self.batch_cursor);
            self.batch_cursor += 1;
            batches += 1;
            if !self.network.is_finite() {
                self.batch_cursor = 0;
                self.roll_back();
                break;
            }
            if self.batch_cursor >= self.batches_per_epoch() {
                self.batch_cursor = 0;
                self.end_epoch();
                if !self.losses_of_epoch() {
                    break;
                }
                epochs += 1;
            }
        }
        (batches, epochs)
    }

    /// The order of the training samples in the epoch under way, or the last one at an
    /// epoch's boundary.
    pub fn order(&self) -> &[usize] {
        &self.order
    }

    /// The epoch under way: mini-batches done of how many (0 at an epoch's boundary).
    pub fn epoch_progress(&self) -> (usize, usize) {
        (self.batch_cursor, self.batches_per_epoch())
    }

    /// Trains the rest of an epoch trained in part, so that what follows starts at an
    /// epoch's boundary (pausing, showing a kept epoch, another batch size).
    pub fn finish_epoch(&mut self) {
        if self.batch_cursor > 0 {
            let left = self.batches_per_epoch().saturating_sub(self.batch_cursor);
            self.step_batches_while(|done| done < left);
        }
    }

    /// One gradient step on mini-batch `k` of the epoch's order.
    fn train_batch(&mut self, k: usize) {
        let n_features = self.n_inputs;
        let training = self.config.training;
        let objective = self.encoding.objective;
        let size = self.config.training.batch_size.max(1);
        let start = (k * size).min(self.order.len());
        let end = (start + size).min(self.order.len());
        {
            let batch = &self.order[start..end];
            let inputs = &self.train_inputs;
            // With dropout, its masks come from their own stream (no draw without it).
            if self.text.is_some() {
                // The context's symbols, looked up in the embedding.
                self.network.forward_context(
                    |slot, s| inputs[batch[s] * n_features + slot] as usize,
                    batch.len(),
                    Some(&mut self.dropout_rng),
                );
            } else {
                self.network.forward_batch_training(
                    |i, s| inputs[batch[s] * n_features + i],
                    batch.len(),
                    &mut self.dropout_rng,
                );
            }
            let n = batch.len();
            let output = self.network.output();
            let n_out = output.len() / n;
            // a − t per output and sample: ∂L/∂a for ½(a − t)², and δ = ∂L/∂z for the
            // cross-entropies.
            self.d_loss.clear();
            let (targets, samples, encoding) = (&self.train_targets, &self.train, self.encoding);
            // A sample's targets: kept, or (text mode) from its label, t_j = [j = label].
            let target = |i: usize, j: usize| match targets.is_empty() {
                true => encoding.target(samples[i].label, j),
                false => targets[i * n_out + j],
            };
            for j in 0..n_out {
                self.d_loss.extend(batch.iter().enumerate().map(|(s, &i)| {
                    loss::squared_error_derivative(output[j * n + s], target(i, j))
                }));
            }
            let d_loss = &self.d_loss;
            if objective == Objective::Squared {
                self.network.backward_batch(|j, s| d_loss[j * n + s]);
            } else {
                self.network
                    .backward_batch_from_delta(|j, s| d_loss[j * n + s]);
            }
            // |∂L/∂W| averaged over the batch's samples and the layer's weights.
            for (size, layer) in self.gradient_sums.iter_mut().zip(&self.network.layers) {
                let sum: f64 = layer.grad_weights.iter().map(|g| g.abs()).sum();
                *size += sum / (n as f64 * layer.grad_weights.len().max(1) as f64);
            }
            self.network.update(&training);
        }
    }
}
