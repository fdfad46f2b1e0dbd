//! The fuzz target's inputs replayed on stable Rust, in every `cargo test`: each file of the
//! saved corpus (`fuzz/saved/pipeline/`: the 400 smallest entries of the minimised corpus of
//! the 30-minute run, committed; and the local `fuzz/corpus/pipeline/` when present), of the
//! inputs that once failed
//! (`fuzz/regressions/`) and each small diagram of `fixtures/` goes through the whole pipeline
//! (parse, check, fmt, render in one process: `topomaid::fuzzing::whole_pipeline`), which must
//! return without a panic. The longer, mutating run is `cargo +nightly fuzz run pipeline` (see
//! fuzz/README.md).

use std::path::{Path, PathBuf};

/// Inputs larger than this are left to the other tests (the replay must stay quick in CI).
const MAX_LEN: u64 = 8 * 1024;

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else if entry.metadata().is_ok_and(|m| m.len() <= MAX_LEN)
            && path.file_name().is_some_and(|n| n != ".gitkeep")
        {
            out.push(path);
        }
    }
}

#[test]
fn the_saved_fuzz_inputs_and_the_fixtures_go_through_the_whole_pipeline() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut inputs = Vec::new();
    files_under(&root.join("fuzz/saved/pipeline"), &mut inputs);
    files_under(&root.join("fuzz/corpus/pipeline"), &mut inputs);
    files_under(&root.join("fuzz/regressions"), &mut inputs);
    let mut fixtures = Vec::new();
    files_under(&root.join("fixtures"), &mut fixtures);
    inputs.extend(fixtures.into_iter().filter(|p| {
        p.extension()
            .is_some_and(|e| e == "mmd" || e == "md" || e == "mermaid")
    }));
    inputs.sort();
    assert!(inputs.len() > 100, "only {} inputs found", inputs.len());
    for path in &inputs {
        let data = std::fs::read(path).unwrap();
        let outcome = std::panic::catch_unwind(|| topomaid::fuzzing::whole_pipeline(&data));
        assert!(outcome.is_ok(), "{} fails the pipeline", path.display());
    }
}
