//! The timeline's commands as the page gives them: show a kept epoch (pausing), step
//! through the kept epochs with the chart's keys, "continue from here". What is kept and
//! how a past state is shown are the Trainer's (`train::timeline`).

use super::Session;

impl Session {
    /// Shows the kept epoch nearest `epoch` in every view (`None`: the live network);
    /// pauses. Returns the epoch shown in the past, if any.
    pub fn show_epoch(&mut self, epoch: Option<u64>) -> Option<u64> {
        if epoch.is_some() {
            self.running = false;
            self.run_until = None;
        }
        let shown = self.trainer.show_epoch(epoch);
        self.touch();
        shown
    }

    /// Shows the kept epoch `delta` kept epochs after the one shown (before it when
    /// negative), the live network counting as the last; clamped at both ends (the
    /// timeline's keys: ← →, Page Up / Down, Home).
    pub fn step_shown(&mut self, delta: i64) -> Option<u64> {
        let t = &self.trainer;
        let latest = t.latest_epoch();
        let past: Vec<u64> = t.kept_epochs().filter(|&e| e < latest).collect();
        let at = t
            .shown_epoch()
            .and_then(|e| past.iter().position(|&k| k == e))
            .unwrap_or(past.len());
        let to = (at as i64)
            .saturating_add(delta)
            .clamp(0, past.len() as i64) as usize;
        self.show_epoch(past.get(to).copied())
    }

    /// "Continue from here": training goes on, playing, from the shown epoch (the later
    /// curve stays on the chart as the road not taken). False when no epoch is shown.
    pub fn continue_from_shown(&mut self) -> bool {
        if !self.trainer.continue_from_shown() {
            return false;
        }
        self.warned = false;
        self.set_notice(None);
        self.set_running(true);
        true
    }
}
