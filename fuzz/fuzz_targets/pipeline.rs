//! The whole pipeline in one process: every input is read as a `.mmd` diagram and as a
//! Markdown document, and goes through parse (model and `parse --format json`), check (lint,
//! with the rustc-style and one-line renderings of every finding), fmt (with its meaning check)
//! and render (SVG). Any panic, abort or runaway allocation is a finding.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    topomaid::fuzzing::whole_pipeline(data);
});
