//! The subcommands' drivers, one file each, above the library: each reads its inputs, runs the
//! library, writes its output and returns the exit code. What they share (exit codes, file
//! collection, summaries, diagnostic writers) is in [`crate::report`], below them; `cli.rs`
//! above them only parses the arguments and calls one of them.

pub mod check;
pub mod diff;
pub mod explain;
pub mod fmt;
pub mod json;
pub mod mdbook;
pub mod parse;
pub mod render;
pub mod rules;
pub mod shell;
pub mod site;
