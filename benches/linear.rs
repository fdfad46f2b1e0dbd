//! The four inputs that used to take quadratic time (issue 18), each at three sizes that
//! double, so that linear growth shows as time doubling with the size (and throughput staying
//! flat):
//! - `diagnostics/N`: N findings, one a line, each with a related place half the document
//!   away, rendered rustc-style (`diagnostics::render_indexed`), as `check` prints them;
//! - `classdef/N`: the model of a diagram of N `classDef` statements (`FlowDb::build`);
//! - `fmt-diff/N`: the `fmt --check` diff of an N-node diagram against its formatted text
//!   (every line re-indented: `commands::fmt::unified_diff`);
//! - `parse-json/N`: the JSON of `topomaid parse --format json` of an N-node diagram, written
//!   to memory (the parse itself is timed in `benches/parse.rs`); throughput in bytes of JSON.
//!
//! Run: `cargo bench --bench linear`; figures in docs/benchmarks.md.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use topomaid::diagnostics::{Report, render_indexed};
use topomaid::flowdb::FlowDb;
use topomaid::input::{Document, DocumentKind};
use topomaid::lint::Severity;
use topomaid::parse_json::{DiagramJson, FileJson, Positions};
use topomaid::source::LineIndex;

const SIZES: [usize; 3] = [5_000, 10_000, 20_000];

/// An N-node network diagram written without indentation: zones of 50 nodes, each node linked
/// to the next with a labelled edge.
fn topology(n: usize) -> String {
    let mut s = String::from("graph TB\n");
    for z in 0..n.div_ceil(50) {
        s.push_str(&format!(
            "subgraph Z{z}[\"Zone {z}<br/>10.{}.0.0/16\"]\n",
            z % 256
        ));
        for i in z * 50..((z + 1) * 50).min(n) {
            s.push_str(&format!("N{i}[\"Service {i}\"]\n"));
        }
        s.push_str("end\n");
    }
    for i in 1..n {
        s.push_str(&format!("N{}-->|\"HTTPS 443\"|N{i}\n", i - 1));
    }
    s
}

fn group<'a>(
    c: &'a mut Criterion,
    name: &str,
) -> criterion::BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let mut g = c.benchmark_group(name);
    g.sample_size(10);
    g.warm_up_time(Duration::from_millis(300));
    g.measurement_time(Duration::from_secs(2));
    g
}

fn diagnostics(c: &mut Criterion) {
    let mut g = group(c, "diagnostics");
    for n in SIZES {
        let text: String = (0..n).map(|i| format!("  n{i} --> n{}\n", i + 1)).collect();
        let idx = LineIndex::new(&text);
        let spans: Vec<_> = (0..n).map(|i| idx.line_span(&text, i)).collect();
        g.throughput(Throughput::Elements(n as u64));
        g.bench_function(BenchmarkId::from_parameter(n), |b| {
            b.iter(|| {
                for (i, s) in spans.iter().enumerate() {
                    let report = Report {
                        severity: Severity::Warning,
                        code: Some("some-rule"),
                        message: "something is wrong",
                        span: *s,
                        label: "here",
                        related: vec![(spans[i / 2], "and there")],
                        elsewhere: Vec::new(),
                        help: Some("fix it"),
                        fix: None,
                    };
                    black_box(render_indexed("d.mmd", &text, &idx, 0, &report, false));
                }
            })
        });
    }
    g.finish();
}

fn classdef(c: &mut Criterion) {
    let mut g = group(c, "classdef");
    for n in SIZES.map(|n| n * 4) {
        let text: String = std::iter::once("graph TD\n".to_string())
            .chain((0..n).map(|i| format!("classDef c{i} fill:#f00\n")))
            .collect();
        let chart = topomaid::syntax::parse(&text).expect("parses");
        g.throughput(Throughput::Elements(n as u64));
        g.bench_function(BenchmarkId::from_parameter(n), |b| {
            b.iter(|| FlowDb::build(black_box(&chart)).expect("builds"))
        });
    }
    g.finish();
}

fn fmt_diff(c: &mut Criterion) {
    let mut g = group(c, "fmt-diff");
    for n in SIZES {
        let old = topology(n);
        let new = topomaid::fmt::format_diagram(&old).expect("formats");
        g.throughput(Throughput::Bytes(old.len() as u64));
        g.bench_function(BenchmarkId::from_parameter(n), |b| {
            b.iter(|| topomaid::commands::fmt::unified_diff("d.mmd", black_box(&old), &new))
        });
    }
    g.finish();
}

fn parse_json(c: &mut Criterion) {
    let mut g = group(c, "parse-json");
    for n in SIZES {
        let doc = Document::from_text("d.mmd", topology(n), DocumentKind::Mermaid);
        let models =
            topomaid::pipeline::read_models(&doc, topomaid::target::MermaidTarget::default());
        let idx = LineIndex::new(&doc.text);
        let write = || {
            let diagrams = models
                .iter()
                .map(|m| {
                    let (chart, db) = m.result.as_ref().expect("parses");
                    DiagramJson::parsed(db, chart, Positions::new(&doc.text, &idx, m.base))
                })
                .collect();
            let file = FileJson {
                file: &doc.name,
                diagrams,
            };
            let mut out = Vec::new();
            serde_json::to_writer_pretty(&mut out, &file).expect("serialises");
            out
        };
        g.throughput(Throughput::Bytes(write().len() as u64));
        g.bench_function(BenchmarkId::from_parameter(n), |b| {
            b.iter(|| black_box(write()))
        });
    }
    g.finish();
}

criterion_group!(benches, diagnostics, classdef, fmt_diff, parse_json);
criterion_main!(benches);
