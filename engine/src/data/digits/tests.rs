use super::pad::{downsample, Bitmap, Pad, BITMAP};
use super::*;
use sha2::Digest;
use std::io::Read;

/// The SHA-256 of `sklearn/datasets/data/digits.csv.gz` in scikit-learn 1.9.1's wheel.
const SOURCE_SHA256: &str = "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22";

#[test]
fn the_page_reads_the_fetched_file_only_if_it_is_the_recorded_one() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/digits.csv.gz");
    let gz = std::fs::read(path).unwrap();
    let mut text = String::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_string(&mut text)
        .unwrap();
    // One byte changed: refused by its hash, whatever its text says.
    let mut changed = gz.clone();
    changed[1000] ^= 1;
    let e = install(&changed, &text).unwrap_err();
    assert_eq!(e.key, "err.digitsHash");
    assert!(e.render(crate::i18n::Lang::En).contains("SHA-256"));
    assert!(!e.render(crate::i18n::Lang::Zh).is_empty());
    // The parser names the first line that is not an image.
    assert_eq!(
        parse::parse("1,2,3\n"),
        Err("line 1: not 64 pixels and a digit".into())
    );
    let mut bad = text.clone();
    bad.insert_str(text.find('\n').unwrap() + 1, "17,");
    assert!(parse::parse(&bad).unwrap_err().starts_with("line 2:"));
    // The recorded file: the same bytes as the embedded set; the tile is its first four.
    install(&gz, &text).unwrap();
    assert!(loaded());
    assert_eq!(parse::parse(&text).unwrap(), embedded().unwrap());
    let first: Vec<(Image, u8)> = all().take(4).collect();
    assert_eq!(tile().collect::<Vec<_>>(), first);
}

#[test]
fn the_embedded_images_are_the_source_file_line_by_line() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/digits.csv.gz");
    let gz = std::fs::read(path).unwrap();
    assert_eq!(gz.len(), 57_523);
    let hash: String = sha2::Sha256::digest(&gz)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(hash, SOURCE_SHA256);
    assert_eq!(
        SHA256, SOURCE_SHA256,
        "the hash the page checks is the recorded one"
    );
    let mut text = String::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_string(&mut text)
        .unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), COUNT);
    for (i, (line, (image, label))) in lines.iter().zip(all()).enumerate() {
        let values: Vec<u8> = line.split(',').map(|v| v.parse().unwrap()).collect();
        assert_eq!(&values[..PIXELS], &image[..], "image {i}");
        assert_eq!(values[PIXELS], label, "label {i}");
    }
}

#[test]
fn the_set_has_the_sources_class_counts() {
    let mut counts = [0; CLASSES];
    for (image, label) in all() {
        counts[label as usize] += 1;
        assert!(image.iter().all(|&p| p <= MAX_PIXEL));
    }
    assert_eq!(counts, [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
}

#[test]
fn an_image_from_numbers_takes_64_whole_pixels_0_to_16() {
    let ok: Vec<f64> = (0..64).map(|i| f64::from(i % 17)).collect();
    assert_eq!(image_of(&ok).unwrap()[16], 16);
    assert_eq!(image_of(&ok[..63]), Err(BadImage::Count(63)));
    let mut bad = ok.clone();
    bad[5] = 2.5;
    assert_eq!(image_of(&bad), Err(BadImage::Pixel(5, 2.5)));
    bad[5] = 17.0;
    assert_eq!(image_of(&bad), Err(BadImage::Pixel(5, 17.0)));
    bad[5] = f64::NAN;
    assert!(matches!(image_of(&bad), Err(BadImage::Pixel(5, _))));
}

#[test]
fn a_block_counts_its_set_bits() {
    let mut bits: Bitmap = [false; BITMAP * BITMAP];
    // The block of pixel (row 2, column 5): bits rows 8..12, columns 20..24, all set.
    for r in 8..12 {
        for c in 20..24 {
            bits[r * BITMAP + c] = true;
        }
    }
    // Three bits of the block of pixel (row 7, column 0).
    bits[28 * BITMAP] = true;
    bits[31 * BITMAP + 3] = true;
    bits[30 * BITMAP + 1] = true;
    let image = downsample(&bits);
    assert_eq!(image[2 * 8 + 5], 16);
    assert_eq!(image[7 * 8], 3);
    assert_eq!(image.iter().map(|&p| u32::from(p)).sum::<u32>(), 19);
    assert_eq!(downsample(&[false; BITMAP * BITMAP]), [0; 64]);
    assert_eq!(downsample(&[true; BITMAP * BITMAP]), [16; 64]);
}

fn drawn(strokes: &[&[(f64, f64)]]) -> Pad {
    let mut pad = Pad::default();
    for stroke in strokes {
        pad.begin(stroke[0].0, stroke[0].1);
        for &(x, y) in &stroke[1..] {
            pad.extend(x, y);
        }
    }
    pad
}

#[test]
fn a_stroke_is_scaled_and_centred_wherever_it_is_drawn() {
    // A small square in a corner of the pad, and a large one in its middle.
    let square = |x: f64, y: f64, side: f64| {
        drawn(&[&[
            (x, y),
            (x + side, y),
            (x + side, y + side),
            (x, y + side),
            (x, y),
        ]])
    };
    let small = square(3.0, 7.0, 20.0).image();
    let large = square(100.0, 120.0, 200.0).image();
    assert_eq!(small, large);
    // Centred: the image is its own mirror image, left to right and top to bottom.
    for r in 0..8 {
        for c in 0..8 {
            assert_eq!(small[r * 8 + c], small[r * 8 + 7 - c]);
            assert_eq!(small[r * 8 + c], small[(7 - r) * 8 + c]);
        }
    }
    // The square's sides fill the border blocks; its inside is empty.
    assert!(small[3 * 8] > 8 && small[0] > 8);
    assert_eq!(small[3 * 8 + 3], 0);
}

#[test]
fn a_vertical_stroke_keeps_its_shape_in_the_middle_columns() {
    let one = drawn(&[&[(50.0, 10.0), (50.0, 90.0)]]).image();
    for r in 0..8 {
        for c in 0..8 {
            let p = one[r * 8 + c];
            if c == 3 || c == 4 {
                assert!(p >= 8, "row {r} column {c}: {p}");
            } else {
                assert_eq!(p, 0, "row {r} column {c}");
            }
        }
    }
}

#[test]
fn the_pad_undoes_and_clears_strokes() {
    let mut pad = drawn(&[&[(0.0, 0.0), (10.0, 0.0)], &[(5.0, -5.0), (5.0, 5.0)]]);
    let cross = pad.image();
    assert!(pad.undo());
    assert_ne!(pad.image(), cross);
    assert_eq!(pad.image(), drawn(&[&[(0.0, 0.0), (10.0, 0.0)]]).image());
    pad.extend(f64::NAN, 1.0);
    assert_eq!(pad.strokes()[0].len(), 2);
    pad.clear();
    assert!(pad.is_empty() && !pad.undo());
    assert_eq!(pad.image(), [0; 64]);
    // A single dot is a round blot in the middle.
    pad.begin(3.0, 3.0);
    let dot = pad.image();
    assert!(dot[3 * 8 + 3] > 0 && dot[4 * 8 + 4] > 0 && dot[0] == 0);
}
