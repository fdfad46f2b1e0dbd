//! Parses each file once with `topomaid::syntax::parse` and drops the tree: the work the
//! `parse/<input>/syntax` benchmark times, as one call that a profiler can isolate.
//!
//! Run under callgrind to count the instructions of the parse (steady on a busy machine):
//! `cargo build --profile profiling --example parse_once`, then
//! `valgrind --tool=callgrind --toggle-collect='parse_once::parse_and_drop'
//! target/profiling/examples/parse_once target/bench-inputs/topology-5000.mmd`.
//! With `--tokens` it prints how many tokens of each kind the lexer delivers instead.

use std::collections::BTreeMap;
use std::hint::black_box;

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
    if args.is_empty() {
        eprintln!("usage: parse_once [--tokens] FILE…");
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
