//! topomaid: a compiler and linter for network-topology diagrams written in Mermaid.
//!
//! The pipeline: [`input`] finds diagrams in files, [`syntax`] parses them into a syntax tree,
//! [`flowdb`] builds what Mermaid's own database would hold, [`model`] turns that into a network
//! topology, [`lint`] checks it; [`diagnostics`] renders findings, [`check`] and [`parse_json`]
//! shape the commands' output and [`cli`] ties it together for the command line.

pub mod ci;
pub mod cli;
pub mod commands;
pub mod diagnostics;
pub mod diff;
pub mod flowdb;
pub mod fmt;
pub mod input;
pub mod layout;
pub mod lint;
pub mod mdbook;
pub mod model;
pub mod model_json;
pub mod parse_json;
pub mod pipeline;
pub mod render;
pub mod report;
pub mod source;
pub mod syntax;
pub mod target;
