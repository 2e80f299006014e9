//! The handwritten digits: the UCI "Optical Recognition of Handwritten Digits" set as
//! scikit-learn ships it (E. Alpaydin, C. Kaynak, 1998; CC BY 4.0), 1,797 images of 8×8
//! pixels, each the count (0 to 16) of set bits in a 4×4 block of a 32×32 bitmap, and
//! the pad's drawing made into such an image the same way (`pad`).
//!
//! The file `data/digits.csv.gz` is checked in as it came from the wheel. The page fetches
//! it when it is first used (`www/data/digits.csv.gz`, a copy; the single offline file
//! carries it), checks it against its SHA-256 and reads it (`install`); native builds and
//! the in-browser tests embed the set, which `build.rs` reads with the same parser. Only
//! the dataset tile's four images are in every build.
//!
//! Architecture invariant: the module holds no more of the set than the tile; every image
//! comes from the checked, recorded file.

pub mod pad;
pub mod parse;

use crate::i18n::Text;
use crate::text;
use std::sync::OnceLock;

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

/// Where the page finds the file (beside `index.html`), and the SHA-256 of its bytes as
/// they came from the wheel (README, "Data").
pub const FILE: &str = "www/data/digits.csv.gz";
pub const SHA256: &str = "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22";

/// The set, once the page has read the file (or embedded, below).
static INSTALLED: OnceLock<Box<[u8]>> = OnceLock::new();
/// Why the file could not be used, when it could not.
static FAILED: OnceLock<Text> = OnceLock::new();

/// The set embedded: native builds and the in-browser tests (not the page's module).
#[cfg(any(not(target_arch = "wasm32"), feature = "embed-digits"))]
fn embedded() -> Option<&'static [u8]> {
    Some(include_bytes!(concat!(env!("OUT_DIR"), "/digits.bin")))
}

#[cfg(not(any(not(target_arch = "wasm32"), feature = "embed-digits")))]
fn embedded() -> Option<&'static [u8]> {
    None
}

fn data() -> Option<&'static [u8]> {
    INSTALLED.get().map(|b| &b[..]).or_else(embedded)
}

/// The first four images and their labels, for the dataset's tile (in every build).
static TILE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/digits-tile.bin"));

/// Whether the set is there to train on.
pub fn loaded() -> bool {
    data().is_some()
}

/// Why the digits cannot be chosen yet: still loading, or the file's failure.
pub fn not_loaded() -> Text {
    match FAILED.get() {
        Some(why) => Text::new("err.digitsFailed").sub("why", why.clone()),
        None => text!("err.digitsLoading"),
    }
}

/// Reads the file the page fetched: `gz` its bytes, `text` them gunzipped. Refused (and
/// why) unless the bytes are the recorded file's and every line an image.
pub fn install(gz: &[u8], text: &str) -> Result<(), Text> {
    use sha2::Digest;
    let hash: String = sha2::Sha256::digest(gz)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let read = if hash != SHA256 {
        Err(text!("err.digitsHash", file = FILE))
    } else {
        match parse::parse(text) {
            Ok(bytes) if bytes.len() == COUNT * (PIXELS + 1) => Ok(bytes),
            Ok(_) => Err(text!("err.digitsFile", why = "1,797 images")),
            Err(why) => Err(text!("err.digitsFile", why = why)),
        }
    };
    match read {
        Ok(bytes) => {
            let _ = INSTALLED.set(bytes.into_boxed_slice());
            Ok(())
        }
        Err(e) => {
            let _ = FAILED.set(e.clone());
            Err(e)
        }
    }
}

/// Records why the file could not be fetched (the page's loader).
pub fn failed(why: &str) {
    let _ = FAILED.set(text!("err.digitsFetch", why = why));
}

fn row(data: &[u8], i: usize) -> (Image, u8) {
    let row = &data[i * (PIXELS + 1)..(i + 1) * (PIXELS + 1)];
    let mut image = [0; PIXELS];
    image.copy_from_slice(&row[..PIXELS]);
    (image, row[PIXELS])
}

/// Image `i` of the set (0 to 1,796) and its label; `None` before the set is loaded.
pub fn image(i: usize) -> Option<(Image, u8)> {
    data().map(|d| row(d, i))
}

/// Every image of the set with its label, in the file's order (none before it is loaded).
pub fn all() -> impl Iterator<Item = (Image, u8)> {
    (0..if loaded() { COUNT } else { 0 }).filter_map(image)
}

/// The tile's four images: the set's first four.
pub fn tile() -> impl Iterator<Item = (Image, u8)> {
    (0..4).map(|i| row(TILE, i))
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
