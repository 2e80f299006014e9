//! Parameters set by hand: a weight or bias typed on the graph, or all of a saved
//! experiment's; a value the network cannot compute with is refused and changes nothing.

use super::*;

impl Trainer {
    /// Sets parameter `index` (see `Network::param`) and recomputes the losses. A value
    /// that is not finite is refused.
    pub fn set_param(&mut self, index: usize, value: f64) -> Result<(), Text> {
        self.show_present();
        if !value.is_finite() {
            return Err(text!("err.notFinite", value = value));
        }
        if index >= self.network.param_count() {
            return Err(text!("err.noParameter", index = index));
        }
        let before = self.network.param(index);
        self.network.set_param(index, value);
        self.update_losses();
        if !self.losses_finite() {
            // The network cannot compute with it: nothing changes.
            self.network.set_param(index, before);
            self.update_losses();
            return Err(text!(
                "err.valueOverflows",
                value = crate::i18n::number(value)
            ));
        }
        self.divergence = None;
        Ok(())
    }

    /// Replaces every parameter, in `Network::param`'s order (a saved experiment's), and
    /// recomputes the losses. A wrong count or a number that is not finite is refused and
    /// changes nothing.
    pub fn set_params(&mut self, params: &[f64]) -> Result<(), Text> {
        let count = self.network.param_count();
        if params.len() != count {
            return Err(text!("err.noParameter", index = params.len().min(count)));
        }
        if let Some(bad) = params.iter().position(|v| !v.is_finite()) {
            return Err(text!("err.parameterNotFinite", index = bad));
        }
        self.show_present();
        for (p, &value) in params.iter().enumerate() {
            self.network.set_param(p, value);
        }
        self.divergence = None;
        self.update_losses();
        Ok(())
    }
}
