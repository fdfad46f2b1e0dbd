//! Shell integration generated from the command-line definition: completion scripts
//! (`topomaid completions SHELL`) and the man page (`topomaid man`).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::report::{EXIT_ERROR, EXIT_OK};

/// Writes the completion script for `shell` to `out`.
pub fn write_completions(shell: clap_complete::Shell, mut cli: clap::Command, out: &mut dyn Write) {
    clap_complete::generate(shell, &mut cli, "topomaid", out);
}

/// Writes the man page, `topomaid(1)` in roff, to `out`.
pub fn write_man(cli: clap::Command, out: &mut dyn Write) -> std::io::Result<()> {
    clap_mangen::Man::new(cli).render(out)
}

/// `topomaid completions SHELL`: the script on standard output.
pub fn completions(shell: clap_complete::Shell, cli: clap::Command) -> i32 {
    let mut out = std::io::stdout().lock();
    write_completions(shell, cli, &mut out);
    match out.flush() {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_ERROR
        }
    }
}

/// Writes `topomaid.1` and `topomaid-COMMAND.1` for every command into `dir` (created if
/// missing); returns the files written.
pub fn write_man_pages(dir: &Path, cli: clap::Command) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    clap_mangen::generate_to(cli, dir)?;
    let mut written: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("topomaid") && n.ends_with(".1"))
        })
        .collect();
    written.sort();
    Ok(written)
}

/// `topomaid man [--dir DIR]`: the man page on standard output, or every page into `dir`.
pub fn man(dir: Option<&Path>, cli: clap::Command) -> i32 {
    let result = match dir {
        Some(dir) => write_man_pages(dir, cli).map(|files| {
            for f in files {
                eprintln!("wrote {}", f.display());
            }
        }),
        None => {
            let mut out = std::io::stdout().lock();
            write_man(cli, &mut out).and_then(|()| out.flush())
        }
    };
    match result {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_ERROR
        }
    }
}
