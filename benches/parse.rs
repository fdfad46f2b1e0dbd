//! Parse throughput on the corpus diagram and on synthetic topologies.
//!
//! Inputs: `diagrams/tripgen-prod-network.mmd` (the 7 KB corpus diagram) and synthetic
//! Azure-style topologies of 1 000, 5 000 and 20 000 nodes, written at bench start by
//! `python3 tools/gen_topology.py N` into `target/bench-inputs/topology-N.mmd` (kept if present).
//!
//! For each input, three benchmarks, both with `Throughput::Bytes(input length)`:
//! - `syntax`: `topomaid::syntax::parse` (preprocess, lex, parse: the syntax tree only);
//! - `syntax+model`: the same, then `topomaid::flowdb::FlowDb::build` (the model; JSON
//!   serialisation and I/O are not included);
//! - `streamed`: `topomaid::syntax::parse_streaming` into a `FlowDbBuilder`, the same model built
//!   while the parser reads, as `topomaid parse` does.
//!
//! A third group, `fmt/<input>`, times `topomaid::fmt::format_diagram` on the same inputs.
//!
//! Run: `cargo bench --bench parse` (optionally with a filter, e.g. `-- topology-1000`).
//! The median of each benchmark is in `target/criterion/<group>/<function>/new/estimates.json`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};

/// Node counts of the synthetic topologies.
const SIZES: [usize; 3] = [1_000, 5_000, 20_000];

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) => {
            let d = PathBuf::from(d);
            if d.is_absolute() {
                d
            } else {
                manifest_dir().join(d)
            }
        }
        None => manifest_dir().join("target"),
    }
}

/// Writes `target/bench-inputs/topology-N.mmd` unless it is already there.
fn synthetic_input(nodes: usize) -> PathBuf {
    let dir = target_dir().join("bench-inputs");
    std::fs::create_dir_all(&dir).expect("create target/bench-inputs");
    let path = dir.join(format!("topology-{nodes}.mmd"));
    if path.is_file()
        && std::fs::metadata(&path)
            .map(|m| m.len() > 0)
            .unwrap_or(false)
    {
        return path;
    }
    let script = manifest_dir().join("tools").join("gen_topology.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg(nodes.to_string())
        .output()
        .unwrap_or_else(|e| panic!("cannot run python3 {}: {e}", script.display()));
    assert!(
        out.status.success(),
        "gen_topology.py {nodes} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Write through a temporary name so an interrupted run leaves no truncated input behind.
    let tmp = path.with_extension("mmd.tmp");
    std::fs::write(&tmp, &out.stdout).expect("write bench input");
    std::fs::rename(&tmp, &path).expect("rename bench input");
    path
}

struct Input {
    name: String,
    text: String,
}

fn inputs() -> Vec<Input> {
    let mut list = vec![read_input(
        "tripgen-prod-network",
        &manifest_dir().join("diagrams/tripgen-prod-network.mmd"),
    )];
    for n in SIZES {
        list.push(read_input(&format!("topology-{n}"), &synthetic_input(n)));
    }
    list
}

fn read_input(name: &str, path: &Path) -> Input {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    Input {
        name: name.to_string(),
        text,
    }
}

/// Parses and builds the model once, checking that both succeed (a benchmark of the error path
/// would be meaningless), and returns the time it took.
fn probe(input: &Input) -> Duration {
    let start = Instant::now();
    let chart = topomaid::syntax::parse(&input.text)
        .unwrap_or_else(|e| panic!("{}: does not parse: {:?}", input.name, e.errors()));
    topomaid::flowdb::FlowDb::build(&chart)
        .unwrap_or_else(|e| panic!("{}: model fails: {e:?}", input.name));
    start.elapsed()
}

/// Measurement time for flat sampling of an iteration that takes about `one` (a cold first run,
/// usually slower than the warm ones): half of `samples` such runs, at least `floor`. For the
/// slowest benchmark (seconds per run) this makes criterion take one run per sample rather than
/// two; it then prints an "Unable to complete 10 samples" warning, which is expected.
fn budget(one: Duration, samples: u32, floor: Duration) -> Duration {
    (one * samples / 2).max(floor)
}

fn bench_parse(c: &mut Criterion) {
    for input in inputs() {
        let once = probe(&input);
        let bytes = input.text.len() as u64;
        let text = input.text.as_str();

        let mut group = c.benchmark_group(format!("parse/{}", input.name));
        group.throughput(Throughput::Bytes(bytes));
        group.warm_up_time(Duration::from_millis(500));
        // Small inputs: criterion's default linear sampling. Inputs whose single run takes
        // milliseconds or more: flat sampling, 10 samples, so the 20 000-node model (seconds
        // per run, see docs/benchmarks.md) keeps the whole run within about two minutes.
        let large = once > Duration::from_millis(5);
        if large {
            group.sampling_mode(SamplingMode::Flat);
            group.sample_size(10);
        } else {
            group.sampling_mode(SamplingMode::Linear);
            group.sample_size(50);
        }

        // The probe covered parse + model; measure the parse alone once to size its budget.
        let t = Instant::now();
        black_box(topomaid::syntax::parse(black_box(text)).is_ok());
        let parse_once = t.elapsed();

        group.measurement_time(if large {
            budget(parse_once, 10, Duration::from_secs(2))
        } else {
            Duration::from_secs(3)
        });
        group.bench_function(BenchmarkId::from_parameter("syntax"), |b| {
            b.iter(|| topomaid::syntax::parse(black_box(text)))
        });

        group.measurement_time(if large {
            budget(once, 10, Duration::from_secs(2))
        } else {
            Duration::from_secs(3)
        });
        group.bench_function(BenchmarkId::from_parameter("syntax+model"), |b| {
            b.iter(|| {
                let chart = topomaid::syntax::parse(black_box(text)).expect("parses");
                let db = topomaid::flowdb::FlowDb::build(&chart).expect("builds");
                black_box((chart, db))
            })
        });
        group.bench_function(BenchmarkId::from_parameter("streamed"), |b| {
            b.iter(|| {
                let mut builder = topomaid::flowdb::FlowDbBuilder::for_text(text.len());
                let chart = topomaid::syntax::parse_streaming(black_box(text), |s| builder.push(s))
                    .expect("parses");
                let db = builder.finish(&chart).expect("builds");
                black_box((chart, db))
            })
        });
        group.finish();
    }
}

/// The lint stage on its own, on inputs parsed once beforehand: building the topology model
/// from Mermaid's model, and running every rule over it (`topomaid check` = parse + these two).
fn bench_lint(c: &mut Criterion) {
    let config = topomaid::lint::LintConfig::default();
    for input in inputs() {
        let text = input.text.as_str();
        let chart = topomaid::syntax::parse(text).expect("parses");
        let db = topomaid::flowdb::FlowDb::build(&chart).expect("builds");
        let model = topomaid::model::Model::build(text, &chart, &db);
        let mut group = c.benchmark_group(format!("lint/{}", input.name));
        group.throughput(Throughput::Bytes(input.text.len() as u64));
        group.warm_up_time(Duration::from_millis(500));
        group.measurement_time(Duration::from_secs(3));
        group.sample_size(20);
        group.bench_function(BenchmarkId::from_parameter("model"), |b| {
            b.iter(|| topomaid::model::Model::build(black_box(text), &chart, &db))
        });
        group.bench_function(BenchmarkId::from_parameter("rules"), |b| {
            b.iter(|| topomaid::lint::check_model(black_box(text), &chart, &model, &config))
        });
        group.finish();
    }
}

/// `topomaid::fmt::format_diagram`: parse, print, and the formatter's own check (parse and
/// model of both texts, compared), which is what `topomaid fmt` does per diagram besides I/O.
fn bench_fmt(c: &mut Criterion) {
    for input in inputs() {
        let text = input.text.as_str();
        let t = Instant::now();
        black_box(topomaid::fmt::format_diagram(text).expect("formats"));
        let once = t.elapsed();
        let mut group = c.benchmark_group(format!("fmt/{}", input.name));
        group.throughput(Throughput::Bytes(input.text.len() as u64));
        group.warm_up_time(Duration::from_millis(500));
        if once > Duration::from_millis(5) {
            group.sampling_mode(SamplingMode::Flat);
            group.sample_size(10);
            group.measurement_time(budget(once, 10, Duration::from_secs(2)));
        } else {
            group.sample_size(50);
            group.measurement_time(Duration::from_secs(3));
        }
        group.bench_function(BenchmarkId::from_parameter("format_diagram"), |b| {
            b.iter(|| topomaid::fmt::format_diagram(black_box(text)))
        });
        group.finish();
    }
}

criterion_group!(benches, bench_parse, bench_lint, bench_fmt);
criterion_main!(benches);
