//! The worked example's notes on a layer's neurons: those switched off or frozen, and
//! dropout's factors in this sample's pass.

use super::number;
use crate::i18n::Text;
use crate::text;
use crate::train::LayerStep;

/// What the worked example says of layer `n`'s (from 1) switched-off, frozen and dropped
/// neurons.
pub(super) fn neuron_notes(step: &LayerStep, n: usize) -> Vec<Text> {
    let mut notes = Vec::new();
    for (j, (&off, &frozen)) in step.off.iter().zip(&step.frozen).enumerate() {
        match (off, frozen) {
            (true, _) => notes.push(text!("insp.off", neuron = j + 1, layer = n)),
            (false, true) => notes.push(text!("insp.frozen", neuron = j + 1, layer = n)),
            _ => {}
        }
    }
    if !step.keep.is_empty() {
        notes.push(text!(
            "insp.dropout",
            layer = n,
            p = number(step.dropout),
            scale = number(1.0 / (1.0 - step.dropout))
        ));
    }
    notes
}
