//! topomaid: a compiler and linter for network-topology diagrams written in Mermaid.
//!
//! The pipeline: [`input`] finds diagrams in files, [`syntax`] parses them into a syntax tree,
//! [`flowdb`] builds what Mermaid's own database would hold, [`diagnostics`] renders errors and
//! [`cli`] ties it together for the command line.

pub mod cli;
pub mod diagnostics;
pub mod flowdb;
pub mod input;
pub mod parse_json;
pub mod source;
pub mod syntax;
