//! Drawing throughput: Mermaid's model → scene (text measured, boxes sized) → SVG text, on the
//! corpus diagram and synthetic topologies of 1 000 and 20 000 nodes.
//!
//! The synthetic inputs are `target/bench-inputs/topology-N.mmd`, written by
//! `python3 tools/gen_topology.py N` when absent (the parse bench writes the same files).
//! Per input, three benchmarks over a model parsed once beforehand:
//! - `scene`: `render::scene::build` (labels read and measured, styles, layout input);
//! - `svg`: `render::svg::write` of a scene whose layout was computed once;
//! - `scene+layout+svg`: `render::to_svg`, everything after parsing.
//!
//! Run: `cargo bench --bench render` (optionally `-- topology-1000`).

use std::hint::black_box;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use topomaid::render;

fn input(name: &str) -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    if let Some(n) = name.strip_prefix("topology-") {
        let path = root.join("target/bench-inputs").join(format!("{name}.mmd"));
        if !path.is_file() {
            std::fs::create_dir_all(path.parent().expect("parent")).expect("bench-inputs");
            let out = Command::new("python3")
                .arg(root.join("tools/gen_topology.py"))
                .arg(n)
                .output()
                .expect("python3 runs");
            assert!(out.status.success(), "gen_topology.py {n} failed");
            let tmp = path.with_extension("mmd.tmp");
            std::fs::write(&tmp, &out.stdout).expect("write input");
            std::fs::rename(&tmp, &path).expect("rename input");
        }
        std::fs::read_to_string(path).expect("read input")
    } else {
        std::fs::read_to_string(root.join("diagrams").join(format!("{name}.mmd"))).expect("read")
    }
}

fn bench_render(c: &mut Criterion) {
    for name in ["tripgen-prod-network", "topology-1000", "topology-20000"] {
        let text = input(name);
        let chart = topomaid::syntax::parse(&text).expect("parses");
        let db = topomaid::flowdb::FlowDb::build(&chart).expect("builds");
        let start = Instant::now();
        let scene = render::scene::build(&db);
        let layout = topomaid::layout::layout(&scene.input);
        let once = start.elapsed();

        let mut group = c.benchmark_group(format!("render/{name}"));
        group.warm_up_time(Duration::from_millis(500));
        if once > Duration::from_millis(20) {
            group.sampling_mode(SamplingMode::Flat);
            group.sample_size(10);
            group.measurement_time((once * 10).max(Duration::from_secs(2)));
        } else {
            group.sample_size(30);
            group.measurement_time(Duration::from_secs(3));
        }
        group.bench_function(BenchmarkId::from_parameter("scene"), |b| {
            b.iter(|| render::scene::build(black_box(&db)))
        });
        group.bench_function(BenchmarkId::from_parameter("svg"), |b| {
            b.iter(|| render::svg::write(black_box(&scene), black_box(&layout)))
        });
        group.bench_function(BenchmarkId::from_parameter("scene+layout+svg"), |b| {
            b.iter(|| render::to_svg(black_box(&db)))
        });
        group.finish();
    }
}

criterion_group!(benches, bench_render);
criterion_main!(benches);
