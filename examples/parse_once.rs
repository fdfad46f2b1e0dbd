//! Parses each file once with `topomaid::syntax::parse` and drops the tree: the work the
//! `parse/<input>/syntax` benchmark times, as one call that a profiler can isolate.
//!
//! Run under callgrind to count the instructions of the parse (steady on a busy machine):
//! `cargo build --profile profiling --example parse_once`, then
//! `valgrind --tool=callgrind --toggle-collect='parse_once::parse_and_drop'
//! target/profiling/examples/parse_once target/bench-inputs/topology-5000.mmd`.
//! With `--tokens` it prints how many tokens of each kind the lexer delivers instead; with
//! `--time N` it times N parses of each file one by one and prints the fastest and the median
//! (the fastest is the figure least disturbed by other work on a shared machine):
//! `cargo run --release --example parse_once -- --time 200 FILE…`.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Instant;

/// Parses `text` and drops the result, outside the profiler's view of file reading.
#[inline(never)]
fn parse_and_drop(text: &str) -> bool {
    let parsed = topomaid::syntax::parse(black_box(text));
    let ok = parsed.is_ok();
    drop(black_box(parsed));
    ok
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let tokens = args.iter().any(|a| a == "--tokens");
    args.retain(|a| a != "--tokens");
    let mut runs = 0usize;
    if let Some(k) = args.iter().position(|a| a == "--time") {
        runs = args
            .get(k + 1)
            .and_then(|n| n.parse().ok())
            .filter(|&n| n > 0)
            .unwrap_or_else(|| {
                eprintln!("--time needs a number of runs");
                std::process::exit(2);
            });
        args.drain(k..k + 2);
    }
    if args.is_empty() {
        eprintln!("usage: parse_once [--tokens | --time N] FILE…");
        std::process::exit(2);
    }
    for path in &args {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{path}: {e}");
                std::process::exit(2);
            }
        };
        if tokens {
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            let all = topomaid::syntax::lexer::tokenize(&text);
            for t in &all {
                *counts.entry(format!("{:?}", t.kind)).or_default() += 1;
            }
            println!("{path}: {} tokens for {} bytes", all.len(), text.len());
            for (kind, n) in counts {
                println!("  {kind:<24} {n}");
            }
        } else if runs > 0 {
            let mut times: Vec<f64> = (0..runs)
                .map(|_| {
                    let start = Instant::now();
                    parse_and_drop(&text);
                    start.elapsed().as_secs_f64()
                })
                .collect();
            times.sort_by(f64::total_cmp);
            let (fastest, median) = (times[0], times[runs / 2]);
            let mb_s = |t: f64| text.len() as f64 / t / 1e6;
            println!(
                "{path}: {} bytes, fastest {:.1} µs ({:.0} MB/s), median {:.1} µs ({:.0} MB/s)",
                text.len(),
                fastest * 1e6,
                mb_s(fastest),
                median * 1e6,
                mb_s(median)
            );
        } else {
            let ok = parse_and_drop(&text);
            println!(
                "{path}: {} bytes, {}",
                text.len(),
                if ok { "parsed" } else { "rejected" }
            );
        }
    }
}
