//! Layout time (`topomaid::layout::layout`) on the corpus diagram and synthetic topologies.
//!
//! Inputs: `diagrams/tripgen-prod-network.mmd` (33 nodes, 18 clusters) and the Azure-style
//! topologies of 1 000, 5 000, 20 000 and 50 000 nodes from `python3 tools/gen_topology.py N` (written to
//! `target/bench-inputs/topology-N.mmd`, kept if present). Each is parsed and turned into a
//! `LayoutInput` once (text measured roughly, as in `tests/layout.rs`); only the layout is
//! timed.
//!
//! Run: `cargo bench --bench layout` (optionally with a filter, e.g. `-- topology-1000`).
//! The whole process (parse, measure, layout, SVG) with its peak memory and the drawings'
//! aspect ratios: `python3 tools/bench_scale.py` (docs/benchmarks.md).

use std::hint::black_box;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};

#[path = "../tests/common/layout_input.rs"]
mod layout_input;

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn synthetic(nodes: usize) -> String {
    let dir = manifest_dir().join("target/bench-inputs");
    std::fs::create_dir_all(&dir).expect("create target/bench-inputs");
    let path = dir.join(format!("topology-{nodes}.mmd"));
    if let Ok(text) = std::fs::read_to_string(&path)
        && !text.is_empty()
    {
        return text;
    }
    let out = Command::new("python3")
        .arg(manifest_dir().join("tools/gen_topology.py"))
        .arg(nodes.to_string())
        .output()
        .expect("python3 runs tools/gen_topology.py");
    assert!(out.status.success(), "gen_topology.py {nodes} failed");
    let tmp = path.with_extension("mmd.tmp");
    std::fs::write(&tmp, &out.stdout).expect("write bench input");
    std::fs::rename(&tmp, &path).expect("rename bench input");
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn bench_layout(c: &mut Criterion) {
    let corpus = std::fs::read_to_string(manifest_dir().join("diagrams/tripgen-prod-network.mmd"))
        .expect("corpus diagram");
    let inputs = [
        ("tripgen-prod-network".to_string(), corpus),
        ("topology-1000".to_string(), synthetic(1_000)),
        ("topology-5000".to_string(), synthetic(5_000)),
        ("topology-20000".to_string(), synthetic(20_000)),
        ("topology-50000".to_string(), synthetic(50_000)),
    ];
    for (name, text) in inputs {
        let chart = topomaid::syntax::parse(&text).expect("parses");
        let db = topomaid::flowdb::FlowDb::build(&chart).expect("builds");
        let input = layout_input::input_from(&db);
        let start = Instant::now();
        black_box(topomaid::layout::layout(&input));
        let once = start.elapsed();
        let mut group = c.benchmark_group(format!("layout/{name}"));
        group.warm_up_time(Duration::from_millis(500));
        if once > Duration::from_millis(20) {
            group.sampling_mode(SamplingMode::Flat);
            group.sample_size(10);
            group.measurement_time((once * 5).max(Duration::from_secs(2)));
        } else {
            group.sample_size(30);
            group.measurement_time(Duration::from_secs(3));
        }
        group.bench_function(BenchmarkId::from_parameter("layout"), |b| {
            b.iter(|| topomaid::layout::layout(black_box(&input)))
        });
        group.finish();
    }
}

criterion_group!(benches, bench_layout);
criterion_main!(benches);
