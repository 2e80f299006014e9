//! Drawing a frame: the progress on the controls, the screen reader's summary, the charts,
//! and the scene the pictures (the input plane and the graph, `web::pictures`) are drawn
//! from.

use super::State;
use crate::config::{Control, Speed};
use crate::session::SpeedNote;
use crate::text;
use crate::web::controls::format_loss;
use crate::web::pictures::Shown;

impl State {
    /// The speed note beside the speed picker, hidden without one (its text made only
    /// when what it says changes).
    pub(super) fn show_speed_note(&mut self) {
        let lang = self.lang();
        // An epoch trained in parts: the note counts mini-batches (told apart from a
        // fixed speed's reading by a chosen speed of −1).
        let parts = self.session.parts_reading();
        let reading = parts
            .map(|(n, of)| (n, -(of as f64)))
            .or(self.session.speed_reading());
        let shown = reading.map(|r| (r, lang));
        if shown != self.speed_note_shown {
            let text = match (parts, reading) {
                (Some((n, of)), _) => crate::text!("ui.speedParts", n = n, of = of).render(lang),
                (None, Some(r)) => SpeedNote::text(r).render(lang),
                (None, None) => String::new(),
            };
            self.speed_actual.set_or_hide(&text);
            self.speed_note_shown = shown;
        }
        // Within an epoch trained in parts: how far it is.
        let (done, of) = self.session.trainer().epoch_progress();
        let part = (done > 0).then(|| format!("+{:.0} %", 100.0 * done as f64 / of.max(1) as f64));
        self.epoch_part.set_or_hide(part.as_deref().unwrap_or(""));
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
        let _ = self.plane_place.canvas.set_attribute("aria-label", &output);
    }

    /// Whether the run can be drawn: the last good pictures stay, nothing NaN is drawn.
    /// (A diverged run is back at its last finite epoch, which is drawn.)
    fn drawable(&self) -> bool {
        let t = self.session.trainer();
        t.train_loss().is_finite() && t.network().is_finite()
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
            self.session.perplexities(),
            self.session.running(),
        );
        if !self.drawable() {
            return;
        }
        self.gradients.draw(t.gradient_sizes());
        self.pictures_dirty = true;
        self.digit_values();
        self.text_values();
        let t = self.session.trainer();
        let config = t.config();
        self.geometry.place(t.network(), self.graph_place.size());
        let e = &config.experiment;
        self.layer_activations.clear();
        self.layer_activations
            .extend((0..e.network_shape.len()).map(|l| e.activation_of(l)));
        self.layer_dropouts.clear();
        self.layer_dropouts
            .extend((0..e.network_shape.len()).map(|l| config.neurons.dropout_of(l)));
        self.overlay.place(
            &self.geometry,
            self.graph_place.size(),
            (&config.experiment.network_shape, config.max_neurons()),
            if config.has_plane() {
                t.features()
            } else {
                &[]
            },
            !config.has_plane() || config.classroom.hidden.contains(&Control::Features),
            config.classroom.hidden.contains(&Control::NumHiddenLayers),
            (
                &self.layer_activations,
                textbook || config.classroom.hidden.contains(&Control::Activation),
            ),
            (
                &self.layer_dropouts,
                textbook || config.classroom.hidden.contains(&Control::Dropout),
            ),
        );
        if self.editing.is_none() {
            if let Some(target) = self.session.hover().filter(|t| t.is_parameter()) {
                // The card follows the value while it trains.
                self.show_hover_card(target, false);
            }
        }
        let t3 = self.now();
        self.show_timeline();
        self.show_walk();
        self.timings[4] = self.now() - t3;
        self.caption_hidden_space();
        self.show_mistakes();
        self.show_digits();
        self.show_text();
        let heatmap = self.session.heatmap();
        let shown = Some((heatmap, self.lang()));
        if shown != self.caption_shown {
            self.caption.set(&heatmap.caption().render(self.lang()));
            self.caption_shown = shown;
        }
    }

    /// The mistakes panel: the chosen set's confusion matrix, or regression's errors.
    fn show_mistakes(&mut self) {
        let lang = self.lang();
        let text_mode = self.session.trainer().text().is_some();
        self.show_text_mistakes(text_mode);
        if text_mode {
            return;
        }
        let t = self.session.trainer();
        let classes = t.scores()[0].classes;
        let marked = self
            .marked_cell
            .filter(|&(a, b)| a < classes && b < classes);
        self.mistakes.show(
            t.scores(),
            [t.train_samples(), t.test_samples()],
            t.epoch(),
            t.config().view.mistakes_set,
            marked,
            &self.palette,
            lang,
            (self.now(), self.session.running()),
        );
    }

    /// Writes what the pictures show now into `self.scene` (refilled: no allocation in a
    /// frame once the vectors have their size).
    fn fill_scene(&mut self) {
        // The walk's picture, from the worked example's numbers (none: the network).
        let walking = self.session.walk_picture(&mut self.walk.picture).is_some();
        match (&mut self.scene.walk, walking) {
            (Some(shown), true) => shown.clone_from(&self.walk.picture),
            (shown, walking) => *shown = walking.then(|| self.walk.picture.clone()),
        }
        let lang = self.lang();
        let t = self.session.trainer();
        let config = t.config();
        let (hidden, hidden_size) = (self.hidden_axes(), self.hidden_place.size());
        let hovered = self.hovered_point;
        let view = &config.view;
        crate::web::mistakes::marked_points(
            t.scores(),
            [t.train_samples(), t.test_samples()],
            view.mistakes_set,
            view.mark_mistakes,
            self.marked_cell,
            &mut self.scene.marked,
        );
        let scene = &mut self.scene;
        scene.graph_size = self.graph_place.size();
        scene.plane_size = self.plane_place.size();
        scene.dpr = self.graph_place.dpr;
        scene.scale = self.scale;
        scene.palette = config.screen.palette;
        scene.lang = lang;
        scene.features.clear();
        scene.features.extend_from_slice(t.features());
        scene.heatmap = self.session.heatmap();
        scene.focus = self.highlight.and_then(|h| h.neuron_index(t.network()));
        scene.highlight = self.highlight;
        scene.plain_inputs = self.geometry.plain_inputs;
        self.session.text_graph(&mut scene.text);
        self.geometry.text_context = scene.text.context.len();
        scene.node_values.clear();
        scene.node_values.extend_from_slice(&self.plain_values);
        scene.no_plane = !config.has_plane();
        scene.sigmoid_output = config.output_activation() == crate::nn::Activation::Sigmoid;
        scene.discretize = config.view.discretize;
        scene.show_test_data = config.view.show_test_data;
        scene.class_count = config.class_count();
        scene.train.clear();
        scene.train.extend_from_slice(t.train_samples());
        scene.test.clear();
        scene.test.extend_from_slice(t.test_samples());
        let points = scene.train.len() + scene.test.len();
        scene.hovered_point = hovered.filter(|&k| k < points);
        scene.hidden = hidden;
        scene.hidden_size = hidden_size;
        // Dropout's last mask, in slow motion (faster, it would flicker every frame).
        let slow = matches!(config.classroom.speed, Speed::EpochsPerFrame(e) if e < 1.0);
        scene.dropped.clear();
        if slow && t.shown_epoch().is_none() {
            scene.dropped.extend_from_slice(t.dropped());
        }
    }

    /// The network graph and the input plane: drawn now, or posted to the worker (when it
    /// is busy, they stay to be shown in a later frame).
    pub(super) fn show_pictures(&mut self) {
        if !self.drawable() {
            self.pictures_dirty = false;
            return;
        }
        self.fill_scene();
        let network = self.session.trainer().network();
        match self.pictures.show(network, &self.scene) {
            Shown::Drawn(times) => {
                self.timings[1..4].copy_from_slice(&times[..3]);
                self.timings[5] = times[3];
                self.pictures_dirty = false;
            }
            Shown::Posted => {
                if let Some(times) = self.pictures.worker_times() {
                    self.timings[1..4].copy_from_slice(&times[..3]);
                    self.timings[5] = times[3];
                }
                self.pictures_dirty = false;
            }
            Shown::Later => {}
        }
    }
}
