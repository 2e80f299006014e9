//! Reads the digits' file (`digits.csv`, as scikit-learn ships it: one image a line, 64
//! pixels 0–16 then the label) into 65 bytes per image. Used twice: by `build.rs`, for
//! the copy native builds and tests embed, and by the page, for the file it fetches.
//! Plain `std` only (the build script includes this file by its path).

/// The file's text as 65 bytes per image (64 pixels, row by row, then the label), or the
/// first line that is not 64 whole numbers 0 to 16 and a digit.
pub fn parse(text: &str) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::with_capacity(1797 * 65);
    // Lines are numbered as an editor numbers them (blank ones count, and are skipped).
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let mut count = 0;
        for v in line.split(',') {
            match v.trim().parse::<f64>() {
                Ok(v) if v.fract() == 0.0 && (0.0..=16.0).contains(&v) => bytes.push(v as u8),
                _ => return Err(format!("line {}: not a whole number 0 to 16", i + 1)),
            }
            count += 1;
        }
        if count != 65 || bytes.last().is_some_and(|&label| label > 9) {
            return Err(format!("line {}: not 64 pixels and a digit", i + 1));
        }
    }
    Ok(bytes)
}
