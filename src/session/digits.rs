//! The digits as the Session runs them: the drawing pad (its strokes, undo, clear), the
//! digit the graph shows (drawn, picked from the gallery, or the inspected training
//! digit), what the network reads in it, adding a drawing to the training data, and the
//! gallery: a set's digits with the class the network gives, the mistakes first.

use super::*;
use crate::config::Split;
use crate::data::digits::{pad::Pad, Image};

/// The digit the graph and the probabilities show.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind", content = "index")]
pub enum Shown {
    /// The inspected training digit (the worked example's).
    #[default]
    Inspected,
    /// The pad's drawing.
    Pad,
    /// Test digit `index`, picked in the gallery.
    Test(usize),
}

/// One digit of the gallery.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GalleryDigit {
    /// Its place in its set.
    pub index: usize,
    pub label: u8,
    /// The class the network gives it (the score's, from the pass that computed the loss).
    pub predicted: u8,
}

#[derive(Clone, Debug, Default)]
pub(super) struct DigitsState {
    pub pad: Pad,
    pub shown: Shown,
}

impl Session {
    pub fn pad(&self) -> &Pad {
        &self.digits.pad
    }

    /// The pad's drawing as the data's 8×8 image.
    pub fn pad_image(&self) -> Image {
        self.digits.pad.image()
    }

    /// A pointer pressed on the pad at (x, y), in the pad's units: a new stroke, and the
    /// graph shows the drawing.
    pub fn pad_begin(&mut self, x: f64, y: f64) {
        self.digits.pad.begin(x, y);
        self.digits.shown = Shown::Pad;
        self.touch();
    }

    /// The pointer moved with the button down: the stroke goes on.
    pub fn pad_extend(&mut self, x: f64, y: f64) {
        self.digits.pad.extend(x, y);
        self.touch();
    }

    /// Takes back the last stroke.
    pub fn pad_undo(&mut self) {
        self.digits.pad.undo();
        self.touch();
    }

    pub fn pad_clear(&mut self) {
        self.digits.pad.clear();
        if self.digits.shown == Shown::Pad {
            self.digits.shown = Shown::Inspected;
        }
        self.touch();
    }

    /// Which digit the graph shows.
    pub fn shown_digit(&self) -> Shown {
        self.digits.shown
    }

    /// The image of the digit the graph shows, with its label when it has one.
    pub fn shown_image(&self) -> Option<(Image, Option<u8>)> {
        let [train, test] = self.trainer.images();
        let labelled = |images: &[Image], samples: &[crate::data::Sample], i: usize| {
            images
                .get(i)
                .map(|image| (*image, samples.get(i).map(|s| s.label as u8)))
        };
        match self.digits.shown {
            Shown::Pad => Some((self.pad_image(), None)),
            Shown::Test(i) => labelled(test, self.trainer.test_samples(), i),
            Shown::Inspected => labelled(train, self.trainer.train_samples(), self.inspected),
        }
    }

    /// What the network reads in an image: every layer's outputs, the last the ten
    /// probabilities (empty unless the data are the digits).
    pub fn read_image(&mut self, image: &Image) -> Vec<Vec<f64>> {
        self.trainer.read_image(image)
    }

    /// The ten probabilities the network gives an image (empty unless the digits).
    pub fn classify(&mut self, image: &Image) -> Vec<f64> {
        self.read_image(image).pop().unwrap_or_default()
    }

    /// Picks a digit of the gallery: a training digit becomes the inspected sample, a test
    /// digit is shown (the worked example stays on a training digit: a step is taken on
    /// training data only).
    pub fn pick_digit(&mut self, set: Split, index: usize) {
        let [train, test] = self.trainer.images();
        match set {
            Split::Train if index < train.len() => {
                self.inspected = index;
                self.digits.shown = Shown::Inspected;
            }
            Split::Test if index < test.len() => self.digits.shown = Shown::Test(index),
            _ => return,
        }
        self.touch();
    }

    /// "Add to the training data as `label`": the pad's drawing joins the training
    /// digits (the network keeps its weights) and the pad is cleared for the next one.
    pub fn add_drawing(&mut self, label: u8) -> Result<(), Text> {
        if self.digits.pad.is_empty() {
            return Err(self.refuse("msg.drawingRefused", text!("err.padEmpty")));
        }
        let image = self.pad_image();
        self.trainer
            .add_image(image, label)
            .map_err(|e| self.refuse("msg.drawingRefused", e))?;
        self.data_edited();
        self.digits.pad.clear();
        self.inspected = self.trainer.train_samples().len() - 1;
        self.digits.shown = Shown::Inspected;
        self.set_notice(None);
        Ok(())
    }

    /// The digits of a set with the class the network gives each, the wrong ones first
    /// (each group in the set's order).
    pub fn gallery(&self, set: Split) -> Vec<GalleryDigit> {
        let (samples, score) = match set {
            Split::Train => (self.trainer.train_samples(), self.trainer.scores()[0]),
            Split::Test => (self.trainer.test_samples(), self.trainer.scores()[1]),
        };
        if !self.config().is_digits() {
            return Vec::new();
        }
        let mut digits: Vec<GalleryDigit> = samples
            .iter()
            .zip(&score.predicted)
            .enumerate()
            .map(|(index, (s, &predicted))| GalleryDigit {
                index,
                label: s.label as u8,
                predicted,
            })
            .collect();
        digits.sort_by_key(|d| d.label == d.predicted);
        digits
    }
}
