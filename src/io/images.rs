//! The digits' data as CSV: a header `pixel1,…,pixel64,label,set`, then one image a
//! line, its 64 pixels (0 to 16, row by row), its digit and its set (`train` or `test`).
//! As for points, the header and the set are optional (images without a set are split by
//! the training share, seeded) and a refusal names the line and the field.

use super::{ImportError, MAX_FILE_BYTES};
use crate::data::digits::{self, Image, PIXELS};
use crate::data::Sample;
use crate::text;
use crate::train::Trainer;

/// Images and their digits.
pub type Images = Vec<(Image, u8)>;

/// The digits' data as CSV text.
pub fn export_csv(trainer: &Trainer) -> String {
    let mut out: String = (1..=PIXELS).map(|i| format!("pixel{i},")).collect();
    out.push_str("label,set\n");
    let [train_images, test_images] = trainer.images();
    for (set, images, samples) in [
        ("train", train_images, trainer.train_samples()),
        ("test", test_images, trainer.test_samples()),
    ] {
        for (image, sample) in images.iter().zip(samples) {
            for p in image {
                out.push_str(&p.to_string());
                out.push(',');
            }
            out.push_str(&format!("{},{set}\n", sample.label));
        }
    }
    out
}

/// Reads images from CSV: the training and the test images, or the first refusal.
pub fn import_csv(trainer: &Trainer, text: &str) -> Result<(Images, Images), ImportError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(ImportError::new(
            text!("place.file"),
            text!("err.fileTooLarge", bytes = text.len()),
        ));
    }
    let mut sets = super::Sets::default();
    for (n, line) in text.lines().enumerate() {
        let number = n + 1;
        let line = line.trim();
        if line.is_empty() || (n == 0 && line.to_ascii_lowercase().starts_with("pixel")) {
            continue;
        }
        let mut fields: Vec<&str> = line.split(',').map(str::trim).collect();
        // The set, when the line ends with one: the numbers before it are counted.
        let set = fields
            .last()
            .filter(|f| f.parse::<f64>().is_err() && f.chars().all(char::is_alphabetic))
            .copied();
        if set.is_some() {
            fields.pop();
        }
        if fields.len() != PIXELS + 1 {
            return Err(ImportError::new(
                text!("place.line", line = number),
                text!("err.csvImageFields", n = fields.len()),
            ));
        }
        let field_name = |k: usize| {
            if k < PIXELS {
                format!("pixel{}", k + 1)
            } else {
                "label".to_string()
            }
        };
        let mut values = [0.0; PIXELS + 1];
        for (k, field) in fields.iter().enumerate() {
            values[k] = field
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| {
                    let shown: String = field.chars().take(30).collect();
                    ImportError::new(
                        text!("place.lineField", line = number, field = field_name(k)),
                        text!("err.notNumber", value = format!("{shown:?}")),
                    )
                })?;
        }
        let image = digits::image_of(&values[..PIXELS]).map_err(|bad| {
            let k = match bad {
                digits::BadImage::Pixel(k, _) => k,
                digits::BadImage::Count(_) => 0,
            };
            ImportError::new(
                text!("place.lineField", line = number, field = field_name(k)),
                text!("err.pixel", value = crate::i18n::number(values[k])),
            )
        })?;
        let label = values[PIXELS];
        if !(label.fract() == 0.0 && (0.0..digits::CLASSES as f64).contains(&label)) {
            return Err(ImportError::new(
                text!("place.lineField", line = number, field = "label"),
                text!("err.digitLabel", value = crate::i18n::number(label)),
            ));
        }
        sets.add((image, label as u8), set, number)?;
    }
    sets.split(trainer.config(), text!("err.noImages"))
}

/// A saved experiment's images of one set (`data.<key>`), paired with their samples'
/// labels (already checked), or the refusal naming the image.
pub(super) fn of_file(
    key: &str,
    images: &[Vec<u8>],
    samples: &[Sample],
) -> Result<Images, ImportError> {
    if images.len() != samples.len() {
        return Err(ImportError::at(
            format!("data.{key}"),
            text!(
                "err.imageCount",
                images = images.len(),
                samples = samples.len()
            ),
        ));
    }
    images
        .iter()
        .zip(samples)
        .enumerate()
        .map(|(i, (pixels, sample))| {
            let values: Vec<f64> = pixels.iter().map(|&p| f64::from(p)).collect();
            let refused = |message| ImportError::at(format!("data.{key}[{i}]"), message);
            let image = digits::image_of(&values).map_err(|bad| match bad {
                digits::BadImage::Count(n) => refused(text!("err.imagePixels", n = n)),
                digits::BadImage::Pixel(_, v) => {
                    refused(text!("err.pixel", value = crate::i18n::number(v)))
                }
            })?;
            Ok((image, sample.label as u8))
        })
        .collect()
}
