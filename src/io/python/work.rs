//! How much the export may train on the page's thread: the work of an epoch, and the
//! epochs a script of an experiment may have.

use super::{MAX_EPOCHS, MAX_ORDER_ENTRIES};
use crate::train::Trainer;

/// The most work (`epoch_work` units) the export may train on the page's thread before it
/// returns: about half a second natively, a second in the slowest browser measured (an
/// epoch of 1,800 single-sample steps through eight layers of 16 is 74 million units and
/// took 33 ms natively; 0.3 to 0.9 ns a unit over the experiments measured).
pub const MAX_WORK: u64 = 500_000_000;

/// The arithmetic of one epoch of `trainer`, roughly in multiply-adds: the forward and
/// backward passes and the gradients of every training sample (3 per weight), the losses
/// of every sample (1 per weight, about 20 per neuron for its activation), and an update
/// per mini-batch (about 15 per parameter, what single-sample steps were measured to cost).
pub fn epoch_work(trainer: &Trainer) -> u64 {
    let net = trainer.network();
    let weights: u64 = net.layers.iter().map(|l| (l.n_in * l.n_out) as u64).sum();
    let neurons: u64 = net.layers.iter().map(|l| l.n_out as u64).sum();
    let train = trainer.train_samples().len() as u64;
    let all = train + trainer.test_samples().len() as u64;
    let batches = train.div_ceil(trainer.config().training.batch_size.max(1) as u64);
    (train * 3 + all) * weights + all * neurons * 20 + batches * (weights + neurons) * 15
}

/// The most epochs a script of `trainer` may train: `MAX_EPOCHS`, fewer when the orders
/// would pass `MAX_ORDER_ENTRIES` or the training `MAX_WORK`; one epoch is always allowed
/// (the largest, the digits through eight layers of 64 one sample at a time, is about
/// twice `MAX_WORK`).
pub fn max_epochs(trainer: &Trainer) -> u64 {
    let samples = (trainer.train_samples().len() as u64).max(1);
    let work = epoch_work(trainer).max(1);
    MAX_EPOCHS
        .min(MAX_ORDER_ENTRIES / samples)
        .min(MAX_WORK / work)
        .max(1)
}
