//! The handwritten digits: the UCI "Optical Recognition of Handwritten Digits" set as
//! scikit-learn ships it (E. Alpaydin, C. Kaynak, 1998; CC BY 4.0), 1,797 images of 8×8
//! pixels, each the count (0 to 16) of set bits in a 4×4 block of a 32×32 bitmap, and
//! the pad's drawing made into such an image the same way (`pad`).
//!
//! The file `data/digits.csv.gz` is checked in as it came from the wheel; `build.rs`
//! turns it into 65 bytes per image (64 pixels, row by row, then the label), embedded here.

pub mod pad;

/// Images in the set.
pub const COUNT: usize = 1797;
/// Pixels per row and per column.
pub const SIDE: usize = 8;
/// Pixels per image (the network's inputs).
pub const PIXELS: usize = SIDE * SIDE;
/// The largest pixel value: a 4×4 block with every bit set.
pub const MAX_PIXEL: u8 = 16;
/// The classes, 0 to 9.
pub const CLASSES: usize = 10;

/// One image: 64 pixels 0 to 16, row by row from the top left.
pub type Image = [u8; PIXELS];

static DATA: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/digits.bin"));

/// Image `i` of the set (0 to 1,796) and its label.
pub fn image(i: usize) -> (Image, u8) {
    let row = &DATA[i * (PIXELS + 1)..(i + 1) * (PIXELS + 1)];
    let mut image = [0; PIXELS];
    image.copy_from_slice(&row[..PIXELS]);
    (image, row[PIXELS])
}

/// Every image of the set with its label, in the file's order.
pub fn all() -> impl Iterator<Item = (Image, u8)> {
    (0..COUNT).map(image)
}

/// What the network reads of a pixel: its value over 16, from 0 to 1 (exact in binary).
#[inline]
pub fn input(pixel: u8) -> f64 {
    f64::from(pixel) / f64::from(MAX_PIXEL)
}

/// An image as numbers from outside (the JS API, a CSV line): 64 whole numbers 0 to 16.
/// `Err` names the first value that is not one (from 0) or says how many were given.
pub fn image_of(values: &[f64]) -> Result<Image, BadImage> {
    if values.len() != PIXELS {
        return Err(BadImage::Count(values.len()));
    }
    let mut image = [0; PIXELS];
    for (i, (p, &v)) in image.iter_mut().zip(values).enumerate() {
        if !(v.fract() == 0.0 && (0.0..=f64::from(MAX_PIXEL)).contains(&v)) {
            return Err(BadImage::Pixel(i, v));
        }
        *p = v as u8;
    }
    Ok(image)
}

/// Why numbers are not an image.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum BadImage {
    /// Not 64 values: how many there were.
    Count(usize),
    /// Value `.0` (from 0) is `.1`, not a whole number 0 to 16.
    Pixel(usize, f64),
}

// Native only: the test reads the checked-in file from disk.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
