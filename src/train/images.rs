//! The digits' data: the set's images shuffled and split by the seed, images added from
//! the pad, images loaded from a file. Each sample's inputs are its pixels over 16.

use super::*;
use crate::data::digits::Image;

impl Trainer {
    /// The 1,797 images in the order of the seed's data stream, split by the training
    /// share (the rest are the test set).
    pub(super) fn generate_digits(&mut self, data_rng: &mut Rng) {
        let mut order: Vec<usize> = (0..digits::COUNT).collect();
        data_rng.shuffle(&mut order);
        let split = order.len() * self.config.experiment.perc_train_data as usize / 100;
        let (train, test) = order.split_at(split);
        let images = |indices: &[usize]| -> Vec<(Image, u8)> {
            // `Trainer::new` refuses the digits before they are loaded.
            indices.iter().filter_map(|&i| digits::image(i)).collect()
        };
        let (train, test) = (images(train), images(test));
        self.set_images(&train, &test);
        self.compute_inputs();
    }

    fn set_images(&mut self, train: &[(Image, u8)], test: &[(Image, u8)]) {
        let sample = |&(_, label): &(Image, u8)| Sample {
            x: 0.0,
            y: 0.0,
            label: f64::from(label),
        };
        self.train = train.iter().map(sample).collect();
        self.test = test.iter().map(sample).collect();
        self.train_images = train.iter().map(|(image, _)| *image).collect();
        self.test_images = test.iter().map(|(image, _)| *image).collect();
    }

    /// The inputs of the digits: each image's pixels over 16, row by row.
    pub(super) fn compute_pixel_inputs(&mut self) {
        let inputs_of = |images: &[Image]| -> Vec<f64> {
            images.iter().flatten().map(|&p| digits::input(p)).collect()
        };
        self.train_inputs = inputs_of(&self.train_images);
        self.test_inputs = inputs_of(&self.test_images);
    }

    /// The training and test images (empty unless the data are the digits).
    pub fn images(&self) -> [&[Image]; 2] {
        [&self.train_images, &self.test_images]
    }

    /// Adds an image (drawn on the pad) to the training data as digit `label`. The
    /// network keeps its weights.
    pub fn add_image(&mut self, image: Image, label: u8) -> Result<(), Text> {
        self.show_present();
        if !self.config.is_digits() {
            return Err(text!("err.notDigits"));
        }
        if usize::from(label) >= digits::CLASSES {
            return Err(text!("err.badLabel", label = label));
        }
        if self.train.len() + self.test.len() >= crate::config::MAX_SAMPLES {
            return Err(text!("err.full", max = crate::config::MAX_SAMPLES));
        }
        self.train.push(Sample {
            x: 0.0,
            y: 0.0,
            label: f64::from(label),
        });
        self.train_images.push(image);
        self.custom_data = true;
        self.data_changed();
        Ok(())
    }

    /// Replaces the digits with images from a file (already validated): a reset keeps
    /// them. The network keeps its weights.
    pub fn replace_images(&mut self, train: &[(Image, u8)], test: &[(Image, u8)]) {
        if !self.config.is_digits() {
            return;
        }
        self.show_present();
        self.set_images(train, test);
        self.custom_data = true;
        self.divergence = None;
        self.data_changed();
        self.start_loss = self.train_loss;
    }
}

impl Trainer {
    /// Gives `other` (a run of the same data settings) this trainer's data, points or
    /// images, when they differ.
    pub fn share_data_with(&self, other: &mut Trainer) {
        let same =
            other.train == self.train && other.test == self.test && other.images() == self.images();
        if same {
            return;
        }
        if self.config.is_digits() {
            let pairs = |images: &[Image], samples: &[Sample]| -> Vec<(Image, u8)> {
                images
                    .iter()
                    .zip(samples)
                    .map(|(i, s)| (*i, s.label as u8))
                    .collect()
            };
            other.replace_images(
                &pairs(&self.train_images, &self.train),
                &pairs(&self.test_images, &self.test),
            );
        } else {
            other.replace_data(self.train.clone(), self.test.clone());
        }
    }
}

impl Trainer {
    /// One image through the network as it is (the training code's forward pass, no
    /// dropout): every layer's outputs a, the last the ten probabilities. Empty unless
    /// the data are the digits.
    pub fn read_image(&mut self, image: &Image) -> Vec<Vec<f64>> {
        if !self.config.is_digits() {
            return Vec::new();
        }
        self.network
            .forward_batch(|i, _| digits::input(image[i]), 1);
        self.network
            .layers
            .iter()
            .map(|l| l.output()[..l.n_out].to_vec())
            .collect()
    }
}
