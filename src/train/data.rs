//! The Trainer's data: the config's points, the textbook's two samples, the digits or
//! text mode's examples, made from the seed; their inputs, targets and the epoch order.

use super::*;

impl Trainer {
    /// The data of the config's seed: the dataset's points, shuffled, split into training
    /// and test sets, and their feature vectors.
    pub(super) fn generate_data(&mut self) {
        let config = &self.config;
        if config.is_textbook() {
            // Both samples train; there is no test set.
            self.train = Dataset::Textbook.generate(2, 0.0, &mut Rng::new(0));
            self.test.clear();
            self.train_inputs = TEXTBOOK_INPUTS.iter().flatten().copied().collect();
            self.test_inputs.clear();
            self.train_targets = self.encoding.targets(&self.train);
            self.test_targets.clear();
            self.order = vec![0, 1];
            return;
        }
        if config.is_text() {
            self.generate_text();
            return;
        }
        let mut data_rng = Rng::stream(config.experiment.seed.value(), STREAM_DATA);
        if config.is_digits() {
            self.generate_digits(&mut data_rng);
            return;
        }
        let noise = f64::from(config.experiment.noise) / 100.0;
        let formula = (!config.experiment.formula.is_empty())
            .then(|| crate::data::formula::Formula::parse(&config.experiment.formula).ok())
            .flatten();
        let mut points = match formula {
            // The config was validated: a formula that is set parses.
            Some(formula) => formula.points(
                config.sample_count(),
                noise,
                config.experiment.problem == crate::config::Problem::Regression,
                &mut data_rng,
            ),
            None => config.active_dataset().generate_classes(
                config.sample_count(),
                noise,
                config.experiment.classes,
                &mut data_rng,
            ),
        };
        data_rng.shuffle(&mut points);
        let split = points.len() * config.experiment.perc_train_data as usize / 100;
        self.test = points.split_off(split);
        self.train = points;
        self.compute_inputs();
    }

    /// "Regenerate": new data from the next seed, the same network, training goes on.
    pub fn regenerate(&mut self) {
        self.show_present();
        self.custom_data = false;
        self.divergence = None;
        self.config.experiment.seed = self.config.experiment.seed.next();
        self.generate_data();
        self.update_losses();
        self.start_loss = self.train_loss;
        self.restart_timeline();
    }

    /// After the points changed: their feature vectors, the epoch order and the losses.
    pub(super) fn data_changed(&mut self) {
        self.compute_inputs();
        self.update_losses();
        self.restart_timeline();
    }

    /// The samples' inputs and targets, and the epoch order.
    pub(super) fn compute_inputs(&mut self) {
        if self.text.is_some() {
            self.generate_text();
            return;
        }
        if self.config.is_digits() {
            self.compute_pixel_inputs();
        } else {
            self.compute_feature_inputs();
        }
        self.train_targets = self.encoding.targets(&self.train);
        self.test_targets = self.encoding.targets(&self.test);
        self.order = (0..self.train.len()).collect();
        // An epoch trained in part ends with the data it was shuffled from.
        self.batch_cursor = 0;
    }

    /// The points' inputs: their features, row by row.
    pub(super) fn compute_feature_inputs(&mut self) {
        let features = &self.features;
        let inputs_of = |samples: &[Sample]| {
            let mut out = vec![0.0; samples.len() * features.len()];
            for (row, s) in out.chunks_exact_mut(features.len()).zip(samples) {
                features::compute_into(features, s.x, s.y, row);
            }
            out
        };
        self.train_inputs = inputs_of(&self.train);
        self.test_inputs = inputs_of(&self.test);
    }
}
