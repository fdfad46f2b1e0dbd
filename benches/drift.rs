//! `topomaid drift` on the synthetic topology of 20 000 nodes (`python3 tools/gen_topology.py
//! 20000`) against the Terraform directory of the same network (`python3
//! tools/gen_drift_tf.py`), both written to `target/bench-inputs/` (kept if present): reading
//! the Terraform (parse, evaluate 8 250 resource blocks into 10 150 resources), building the
//! diagram's model, and comparing them. docs/benchmarks.md has the figures.

use std::path::{Path, PathBuf};
use std::process::Command;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use topomaid::drift::{self, Against};
use topomaid::flowdb::FlowDb;
use topomaid::lint::{self, LintConfig};
use topomaid::syntax;

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn inputs() -> (String, PathBuf) {
    let dir = manifest_dir().join("target/bench-inputs");
    std::fs::create_dir_all(&dir).expect("bench-inputs");
    let mmd = dir.join("topology-20000.mmd");
    if !mmd.exists() {
        let out = Command::new("python3")
            .arg(manifest_dir().join("tools/gen_topology.py"))
            .arg("20000")
            .output()
            .expect("python3 runs tools/gen_topology.py");
        assert!(out.status.success());
        std::fs::write(&mmd, out.stdout).expect("written");
    }
    let tf = dir.join("topology-20000-tf");
    if !tf.join("main.tf").exists() {
        let ok = Command::new("python3")
            .arg(manifest_dir().join("tools/gen_drift_tf.py"))
            .arg(&mmd)
            .arg(&tf)
            .status()
            .expect("python3 runs tools/gen_drift_tf.py");
        assert!(ok.success());
    }
    (std::fs::read_to_string(&mmd).expect("readable"), tf)
}

fn run(text: &str, tf: &Path) -> usize {
    let inv = drift::load(&Against {
        paths: vec![tf.to_path_buf()],
        var_files: Vec::new(),
    })
    .expect("the generated Terraform reads");
    let chart = syntax::parse(text).expect("parses");
    let db = FlowDb::build(&chart).expect("builds");
    let config = LintConfig {
        select: Some(
            lint::registry()
                .iter()
                .map(|r| r.meta().id.to_string())
                .filter(|id| id.starts_with("drift-"))
                .collect(),
        ),
        ..LintConfig::default()
    };
    lint::check_owned_against(text, &chart, db, &config, Some(&inv)).len()
}

fn bench_drift(c: &mut Criterion) {
    let (text, tf) = inputs();
    assert_eq!(
        run(&text, &tf),
        0,
        "the generated Terraform is the diagram's network"
    );
    let mut g = c.benchmark_group("drift");
    g.sampling_mode(SamplingMode::Flat).sample_size(10);
    g.bench_function("topology-20000 against its Terraform", |b| {
        b.iter(|| run(&text, &tf))
    });
    g.bench_function("read the Terraform only", |b| {
        b.iter(|| {
            drift::load(&Against {
                paths: vec![tf.clone()],
                var_files: Vec::new(),
            })
            .map(|i| i.resources.len())
        })
    });
    g.finish();
}

criterion_group!(benches, bench_drift);
criterion_main!(benches);
