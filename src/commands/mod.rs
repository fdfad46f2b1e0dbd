//! The subcommands' drivers, one file each, above the library: each reads its inputs, runs the
//! library, writes its output and returns the exit code. What they share (exit codes, file
//! collection, summaries, diagnostic writers) is in [`crate::report`], below them; `cli.rs`
//! above them only parses the arguments and calls one of them.

pub mod check;
pub mod diff;
pub mod drift;
pub mod explain;
pub mod fmt;
pub mod json;
pub mod mdbook;
pub mod parse;
pub mod render;
pub mod rules;
pub mod shell;
pub mod site;

/// Sets the edge limit of every model this run builds: `--max-edges`, else `[limits]
/// max-edges` of the `topomaid.toml` nearest the working directory, else the default. When
/// that file is wrong the default is set and the error returned: the commands that read
/// configuration files report it themselves, at its place.
pub fn set_edge_limit(flag: Option<u64>) -> Result<(), crate::lint::config_file::ConfigError> {
    use crate::lint::config_file;
    let (limit, result) = match flag {
        Some(n) => (Some(usize::try_from(n).unwrap_or(usize::MAX)), Ok(())),
        None => match std::env::current_dir()
            .ok()
            .and_then(|d| config_file::find(&d))
            .map(|path| config_file::load(&path))
        {
            Some(Ok(c)) => (c.max_edges, Ok(())),
            Some(Err(e)) => (None, Err(e)),
            None => (None, Ok(())),
        },
    };
    crate::flowdb::set_max_edges(limit.unwrap_or(crate::flowdb::DEFAULT_MAX_EDGES));
    result
}
