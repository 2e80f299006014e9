//! Drawing a frame: the progress on the controls, the screen reader's summary, the input
//! plane (the grid and the large heatmap the Session chooses), the graph and the charts.

use super::State;
use crate::config::Control;
use crate::session::Heatmap;
use crate::session::SpeedNote;
use crate::text;
use crate::web::controls::format_loss;
use crate::web::views::boundary::Picture;

impl State {
    /// The speed note beside the speed picker, hidden without one (its text made only
    /// when what it says changes).
    pub(super) fn show_speed_note(&mut self) {
        let lang = self.lang();
        let reading = self.session.speed_reading();
        let shown = reading.map(|r| (r, lang));
        if shown != self.speed_note_shown {
            let text = reading.map_or(String::new(), |r| SpeedNote::text(r).render(lang));
            self.speed_actual.set_or_hide(&text);
            self.speed_note_shown = shown;
        }
    }

    /// The screen-reader summary (a polite live region): the epoch and the losses, every
    /// five seconds while training and whenever training stops or starts.
    fn announce(&mut self) {
        let now = self.now();
        let running = self.session.running();
        let changed = self.announced_running != Some(running);
        if !changed && now - self.announced_at < 5000.0 {
            return;
        }
        self.announced_at = now;
        self.announced_running = Some(running);
        let t = self.session.trainer();
        let lang = self.lang();
        let loss = |l| format_loss(lang, l);
        let key = if running {
            "say.training"
        } else {
            "say.paused"
        };
        let mut text = text!(key, epoch = t.epoch(), loss = loss(t.train_loss())).render(lang);
        if !t.test_samples().is_empty() {
            text.push_str(&text!("say.testLoss", loss = loss(t.test_loss())).render(lang));
        }
        if let Some(a) = t.test_accuracy().or(t.train_accuracy()) {
            let percent = format!("{:.0}", a * 100.0);
            text.push_str(&text!("say.accuracy", percent = percent).render(lang));
        }
        text.push_str(lang.t("say.end"));
        self.announcer.set(&text);
        // The canvases' text alternatives carry the numbers they show.
        let loss = text!(
            "view.loss",
            epoch = t.epoch(),
            train = loss(t.train_loss()),
            test = loss(t.test_loss())
        )
        .render(lang);
        let _ = self
            .loss_chart
            .surface
            .canvas
            .set_attribute("aria-label", &loss);
        let accuracy = t
            .test_accuracy()
            .or(t.train_accuracy())
            .map_or(String::new(), |a| {
                text!("view.outputAccuracy", percent = format!("{:.0}", a * 100.0)).render(lang)
            });
        let dataset = crate::web::lang::dataset_key(t.config().active_dataset());
        let output = text!(
            "view.output",
            dataset = lang.t(dataset),
            accuracy = accuracy
        )
        .render(lang);
        let _ = self
            .boundary
            .surface
            .canvas
            .set_attribute("aria-label", &output);
    }

    pub(super) fn render(&mut self) {
        self.refresh_inspector();
        self.announce();
        let textbook = self.session.config().is_textbook();
        self.show_predictions();
        let t = self.session.trainer();
        self.controls.show_progress(
            t.epoch(),
            (
                t.train_loss(),
                (!t.test_samples().is_empty()).then(|| t.test_loss()),
            ),
            (t.train_accuracy(), t.test_accuracy()),
            self.session.running(),
        );
        if !(t.train_loss().is_finite() && t.network().is_finite()) {
            // Keep the last good pictures: nothing NaN is drawn. (A diverged run is back at
            // its last finite epoch, which is drawn.)
            return;
        }
        self.gradients.draw(t.gradient_sizes());
        let t0 = self.now();
        // The textbook example has no plane to draw: its table and the graph coloured by
        // the inspected sample show it.
        let grid_ms = if textbook { 0.0 } else { self.draw_plane() };
        let t2 = self.now();
        let t = self.session.trainer();
        let config = t.config();
        self.graph
            .draw(t.network(), &self.grid, t.features(), &self.palette);
        self.overlay.place(
            &self.graph,
            &config.experiment.network_shape,
            if textbook { &[] } else { t.features() },
            textbook || config.classroom.hidden.contains(&Control::Features),
            config.classroom.hidden.contains(&Control::NumHiddenLayers),
        );
        if self.editing.is_none() {
            if let Some(target) = self.session.hover().filter(|t| t.is_parameter()) {
                // The card follows the value while it trains.
                self.show_hover_card(target, false);
            }
        }
        let t3 = self.now();
        self.loss_chart
            .draw(self.session.trainer().history().points());
        let t4 = self.now();
        self.timings[1..].copy_from_slice(&[grid_ms, t2 - t0 - grid_ms, t3 - t2, t4 - t3]);
    }

    /// The input plane: the grid, then the large heatmap (what `Session::heatmap` says)
    /// with the points. Returns the milliseconds the grid took.
    fn draw_plane(&mut self) -> f64 {
        let t0 = self.now();
        let t = self.session.trainer();
        self.grid.evaluate(t.network(), t.features());
        let grid_ms = self.now() - t0;
        let plain = |values| Picture::Values {
            values,
            centre: 0.0,
            scale: 1.0,
        };
        let mut classes: [&[f32]; 5] = [&[]; 5];
        let heatmap = self.session.heatmap();
        let picture = match heatmap {
            Heatmap::Feature(f) => {
                self.grid.fill_feature(f, &mut self.feature_values);
                Picture::Values {
                    values: &self.feature_values,
                    centre: 0.0,
                    scale: f.scale() as f32,
                }
            }
            Heatmap::Neuron { .. } | Heatmap::Class(_) => {
                plain(self.grid.focus_values().unwrap_or(self.grid.output()))
            }
            Heatmap::Output if self.grid.output_count() > 1 => {
                let k = self.grid.output_count().min(classes.len());
                for (c, slot) in classes.iter_mut().enumerate().take(k) {
                    *slot = self.grid.output_of(c);
                }
                Picture::Classes(&classes[..k])
            }
            Heatmap::Output if t.config().output_activation() == crate::nn::Activation::Sigmoid => {
                // A probability: the classes divide at ½.
                Picture::Values {
                    values: self.grid.output(),
                    centre: 0.5,
                    scale: 0.5,
                }
            }
            Heatmap::Output => plain(self.grid.output()),
        };
        let config = t.config();
        self.boundary.draw(
            picture,
            config.view.discretize,
            t.train_samples(),
            t.test_samples(),
            config.view.show_test_data,
            config.class_count(),
            &self.background,
            &self.palette,
        );
        let shown = Some((heatmap, self.lang()));
        if shown != self.caption_shown {
            self.caption.set(&heatmap.caption().render(self.lang()));
            self.caption_shown = shown;
        }
        grid_ms
    }
}
