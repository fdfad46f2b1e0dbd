//! Peak heap of the parse, measured by a counting global allocator.
//!
//! For each input, prints the peak number of heap bytes live while
//! `topomaid::syntax::parse` runs (the syntax tree included), while
//! `syntax::parse` followed by `FlowDb::build` runs (both results kept until the end), while
//! `syntax::parse_streaming` runs into a `FlowDbBuilder` (each top-level statement folded into
//! the model and dropped as soon as it is read, as `topomaid parse` does), and while
//! the whole of `topomaid check` runs on it (syntax, Mermaid's model, the topology model and
//! every rule, with the default configuration), each also divided by the input size; then what
//! stays allocated once each returns (the syntax tree, and Mermaid's model), divided by the input
//! size. The input text itself is allocated before the measurement starts and is not counted.
//!
//! Run: `cargo run --release --example parse_heap [FILE…]`; without files it reads
//! `diagrams/tripgen-prod-network.mmd` and `target/bench-inputs/topology-{1000,5000,20000}.mmd`
//! (written by `python3 tools/gen_topology.py N`, or by `cargo bench --bench parse`).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The system allocator, counting the bytes live and their high-water mark.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grow(bytes: usize) {
    let live = LIVE.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

fn shrink(bytes: usize) {
    LIVE.fetch_sub(bytes, Ordering::Relaxed);
}

// SAFETY: every call is forwarded to `System` unchanged; only counters are updated.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grow(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grow(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) };
        shrink(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            // Counted as the allocator may implement it: both blocks live for a moment.
            grow(new_size);
            shrink(layout.size());
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `f` and returns its result with the peak heap bytes allocated during it (above what
/// was live when it started).
fn peak_of<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let out = f();
    (out, PEAK.load(Ordering::Relaxed) - base)
}

fn default_inputs() -> Vec<String> {
    let root = env!("CARGO_MANIFEST_DIR");
    let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| format!("{root}/target"));
    let mut list = vec![format!("{root}/diagrams/tripgen-prod-network.mmd")];
    for n in [1_000, 5_000, 20_000] {
        list.push(format!("{target}/bench-inputs/topology-{n}.mmd"));
    }
    list
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let files = if args.is_empty() {
        default_inputs()
    } else {
        args
    };
    println!(
        "{:<28} {:>10} {:>12} {:>7} {:>12} {:>7} {:>12} {:>7} {:>12} {:>7} {:>11} {:>11}",
        "input",
        "bytes",
        "syntax peak",
        "/input",
        "+FlowDb peak",
        "/input",
        "streamed peak",
        "/input",
        "check peak",
        "/input",
        "tree kept",
        "model kept"
    );
    let mut failed = false;
    for file in &files {
        let text = match std::fs::read_to_string(file) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{file}: {e}");
                failed = true;
                continue;
            }
        };
        let before = LIVE.load(Ordering::Relaxed);
        let (parsed, syntax_peak) = peak_of(|| topomaid::syntax::parse(&text));
        let tree = LIVE.load(Ordering::Relaxed) - before;
        let chart = match parsed {
            Ok(chart) => chart,
            Err(e) => {
                eprintln!("{file}: does not parse: {:?}", e.errors());
                failed = true;
                continue;
            }
        };
        let model = match topomaid::flowdb::FlowDb::build(&chart) {
            Ok(db) => {
                let model = LIVE.load(Ordering::Relaxed) - before - tree;
                drop(db);
                model
            }
            Err(_) => 0,
        };
        drop(chart);
        let (built, model_peak) = peak_of(|| {
            let chart = topomaid::syntax::parse(&text).expect("parsed just before");
            let db = topomaid::flowdb::FlowDb::build(&chart);
            (chart, db)
        });
        if let Err(e) = &built.1 {
            eprintln!("{file}: model fails: {e:?}");
            failed = true;
        }
        drop(built);
        let (streamed, streamed_peak) = peak_of(|| {
            let mut builder = topomaid::flowdb::FlowDbBuilder::for_text(text.len());
            let chart = topomaid::syntax::parse_streaming(&text, |s| builder.push(s))
                .expect("parsed just before");
            let db = builder.finish(&chart);
            (chart, db)
        });
        drop(streamed);
        let config = topomaid::lint::LintConfig::default();
        let (findings, check_peak) = peak_of(|| {
            let chart = topomaid::syntax::parse(&text).expect("parsed just before");
            let db = topomaid::flowdb::FlowDb::build(&chart).ok();
            db.map(|db| topomaid::lint::check_owned(&text, &chart, db, &config))
        });
        drop(findings);
        let name = std::path::Path::new(file)
            .file_name()
            .map_or(file.clone(), |n| n.to_string_lossy().into_owned());
        let bytes = text.len().max(1) as f64;
        println!(
            "{:<28} {:>10} {:>12} {:>6.1}x {:>12} {:>6.1}x {:>12} {:>6.1}x {:>12} {:>6.1}x {:>10.1}x {:>10.1}x",
            name,
            text.len(),
            syntax_peak,
            syntax_peak as f64 / bytes,
            model_peak,
            model_peak as f64 / bytes,
            streamed_peak,
            streamed_peak as f64 / bytes,
            check_peak,
            check_peak as f64 / bytes,
            tree as f64 / bytes,
            model as f64 / bytes
        );
    }
    if failed {
        std::process::exit(1);
    }
}
