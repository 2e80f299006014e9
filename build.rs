//! Turns the checked-in digits (`data/digits.csv.gz`, as scikit-learn ships the UCI
//! set: one image a line, 64 pixels 0–16 then the label) into 65 bytes per image, which
//! `src/data/digits.rs` embeds. The file is read as it came from the wheel; a line that
//! is not 64 pixels and a label stops the build, naming the line.

use std::io::Read;

fn main() {
    let source = "data/digits.csv.gz";
    println!("cargo:rerun-if-changed={source}");
    println!("cargo:rerun-if-changed=build.rs");
    let gz = std::fs::read(source).unwrap_or_else(|e| panic!("{source}: {e}"));
    let mut text = String::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_string(&mut text)
        .unwrap_or_else(|e| panic!("{source}: not gzipped text: {e}"));
    let mut bytes = Vec::with_capacity(1797 * 65);
    for (i, line) in text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        let values: Vec<u8> = line
            .split(',')
            .map(|v| v.trim().parse::<f64>().ok())
            .map(|v| match v {
                Some(v) if v.fract() == 0.0 && (0.0..=16.0).contains(&v) => v as u8,
                _ => panic!("{source}, line {}: not a whole number 0 to 16", i + 1),
            })
            .collect();
        assert!(
            values.len() == 65 && values[64] <= 9,
            "{source}, line {}: not 64 pixels and a digit",
            i + 1
        );
        bytes.extend(values);
    }
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("digits.bin");
    std::fs::write(&out, bytes).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}
