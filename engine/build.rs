//! Turns the checked-in digits (`data/digits.csv.gz`, as scikit-learn ships it: one image a
//! line, 64 pixels 0–16 then the label) into 65 bytes per image, with the parser the page
//! uses (`src/data/digits/parse.rs`): all of them for the native builds and the in-browser
//! tests, which embed the set; the first four for the dataset's tile, which every build
//! embeds. The page itself fetches the file when it is first used. The file is read as it
//! came from the wheel; a line that is not 64 pixels and a label stops the build.

use std::io::Read;

#[path = "src/data/digits/parse.rs"]
mod parse;

fn main() {
    let source = "../data/digits.csv.gz";
    println!("cargo:rerun-if-changed={source}");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/data/digits/parse.rs");
    let gz = std::fs::read(source).unwrap_or_else(|e| panic!("{source}: {e}"));
    let mut text = String::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_string(&mut text)
        .unwrap_or_else(|e| panic!("{source}: not gzipped text: {e}"));
    let bytes = parse::parse(&text).unwrap_or_else(|e| panic!("{source}, {e}"));
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).to_path_buf();
    let write = |name: &str, data: &[u8]| {
        let path = out.join(name);
        std::fs::write(&path, data).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    };
    write("digits.bin", &bytes);
    write("digits-tile.bin", &bytes[..4 * 65]);
}
