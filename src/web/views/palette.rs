//! The diverging colour scale for values in [−1, 1]: TFP's orange (negative), near-white
//! (zero) and blue (positive). Built once as lookup tables: no allocation per frame.

const NEGATIVE: [u8; 3] = [0xf5, 0x93, 0x22];
const ZERO: [u8; 3] = [0xe8, 0xea, 0xeb];
const POSITIVE: [u8; 3] = [0x08, 0x77, 0xbd];
/// Okabe and Ito's vermillion and blue.
const CB_NEGATIVE: [u8; 3] = [0xd5, 0x5e, 0x00];
const CB_POSITIVE: [u8; 3] = [0x00, 0x5a, 0x9c];
const LEVELS: usize = 256;

pub struct Palette {
    /// Indexed by a `u8` level: no bounds check in the pixel loops.
    rgba: Box<[[u8; 4]; LEVELS]>,
    css: Vec<String>,
}

fn mix(a: [u8; 3], b: [u8; 3], t: f64) -> [u8; 3] {
    let m = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * t).round() as u8;
    [m(a[0], b[0]), m(a[1], b[1]), m(a[2], b[2])]
}

impl Palette {
    pub fn new() -> Palette {
        Palette::faded(0.0)
    }

    /// The points' scale and the boundary's faded background of a palette choice.
    pub fn pair(choice: crate::config::PaletteChoice) -> (Palette, Palette) {
        match choice {
            crate::config::PaletteChoice::Standard => (Palette::new(), Palette::faded(0.3)),
            crate::config::PaletteChoice::ColorBlind => {
                (Palette::colour_blind(0.0), Palette::colour_blind(0.3))
            }
        }
    }

    /// The same scale mixed toward white by `amount` (0 to 1): the decision boundary's
    /// background, so that the data points drawn in full colour stand out on it.
    pub fn faded(amount: f64) -> Palette {
        Palette::with_colours([NEGATIVE, ZERO, POSITIVE], amount)
    }

    /// The colour-blind-safe scale (Okabe and Ito's vermillion and blue), faded by
    /// `amount`.
    pub fn colour_blind(amount: f64) -> Palette {
        Palette::with_colours([CB_NEGATIVE, ZERO, CB_POSITIVE], amount)
    }

    /// A diverging scale from `colours` = [−1, 0, +1], faded toward white by `amount`.
    pub fn with_colours(colours: [[u8; 3]; 3], amount: f64) -> Palette {
        let [negative, zero, positive] = colours;
        let rgb: Vec<[u8; 3]> = (0..LEVELS)
            .map(|i| {
                let t = i as f64 / (LEVELS - 1) as f64;
                let c = if t < 0.5 {
                    mix(negative, zero, t * 2.0)
                } else {
                    mix(zero, positive, (t - 0.5) * 2.0)
                };
                mix(c, [255, 255, 255], amount)
            })
            .collect();
        let css = rgb
            .iter()
            .map(|c| format!("rgb({},{},{})", c[0], c[1], c[2]))
            .collect();
        let mut rgba = Box::new([[0, 0, 0, 255]; LEVELS]);
        for (px, c) in rgba.iter_mut().zip(&rgb) {
            *px = [c[0], c[1], c[2], 255];
        }
        Palette { rgba, css }
    }

    /// Which of the 256 colours a value gets: −1 → 0, 0 → 128, 1 → 255, rounded, with
    /// values beyond ±1 clamped by the saturating conversion and NaN at the middle (zero)
    /// colour. Branch-free.
    #[inline(always)]
    fn level(value: f32) -> u8 {
        let level = (value * 127.5 + 128.0) as u8;
        if value.is_nan() {
            128
        } else {
            level
        }
    }

    /// Which of the 256 colours a value gets (−1 → 0, 0 → 128, 1 → 255).
    pub fn level_of(&self, value: f64) -> u8 {
        Self::level(value as f32)
    }

    /// The colour as opaque RGBA bytes.
    #[inline]
    pub fn rgba(&self, value: f32) -> &[u8; 4] {
        &self.rgba[usize::from(Self::level(value))]
    }

    /// The colour as a CSS string (from the table, not formatted per call).
    pub fn css(&self, value: f64) -> &str {
        &self.css[usize::from(Self::level(value as f32))]
    }

    /// Fills an RGBA buffer from values: value / scale picks the colour. (Pixels are
    /// handled as `[u8; 4]`, so each is one fixed-size store, not a call to memcpy.)
    pub fn paint(&self, values: &[f32], scale: f32, rgba: &mut [u8]) {
        let inverse = 1.0 / scale;
        let (pixels, _) = rgba.as_chunks_mut::<4>();
        for (px, &v) in pixels.iter_mut().zip(values) {
            *px = *self.rgba(v * inverse);
        }
    }
}

/// Class colours for multi-class data, from Okabe and Ito's palette, which readers with
/// any common colour-vision deficiency can tell apart: orange, blue, bluish green,
/// reddish purple, sky blue.
pub const CLASS_COLOURS: [[u8; 3]; 5] = [
    [0xe6, 0x9f, 0x00],
    [0x00, 0x72, 0xb2],
    [0x00, 0x9e, 0x73],
    [0xcc, 0x79, 0xa7],
    [0x56, 0xb4, 0xe9],
];

/// The CSS colour of class `k`.
pub fn class_css(k: usize) -> String {
    let [r, g, b] = CLASS_COLOURS[k % CLASS_COLOURS.len()];
    format!("rgb({r},{g},{b})")
}

/// Paints the most probable class of each cell, mixed with white by how sure the network
/// is: a probability of 1/K (a guess) is white, 1 the class colour faded by `fade` (so the
/// points stand out). `discretize` paints every cell fully in its class's colour.
pub fn paint_classes(probabilities: &[&[f32]], fade: f32, discretize: bool, rgba: &mut [u8]) {
    let k = probabilities.len().max(1);
    let chance = 1.0 / k as f32;
    let (pixels, _) = rgba.as_chunks_mut::<4>();
    for (c, px) in pixels.iter_mut().enumerate() {
        let mut best = 0;
        let mut p_best = f32::NEG_INFINITY;
        for (j, p) in probabilities.iter().enumerate() {
            let v = p.get(c).copied().unwrap_or(0.0);
            if v > p_best {
                best = j;
                p_best = v;
            }
        }
        let sure = if discretize {
            1.0
        } else {
            ((p_best - chance) / (1.0 - chance)).clamp(0.0, 1.0)
        };
        let strength = sure * (1.0 - fade);
        let colour = CLASS_COLOURS[best % CLASS_COLOURS.len()];
        let mix = |c: u8| (255.0 + (f32::from(c) - 255.0) * strength) as u8;
        *px = [mix(colour[0]), mix(colour[1]), mix(colour[2]), 255];
    }
}
