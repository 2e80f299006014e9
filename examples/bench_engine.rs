//! Native engine benchmark, run by `cargo xtask bench`: prints one JSON line per
//! configuration and run.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let start = std::time::Instant::now();
    let now = move || start.elapsed().as_secs_f64() * 1000.0;
    for (name, config) in nnlab::bench::configs() {
        for run in 0..runs {
            // Text mode's epochs go through 30,000 examples of a 200-neuron layer.
            let epochs = if name == "T" { 3 } else { 200 };
            let result = nnlab::bench::engine(&config, epochs, 20, &now);
            println!(
                "{}",
                serde_json::json!({ "config": name, "run": run, "result": result })
            );
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
