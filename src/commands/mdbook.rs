//! `topomaid mdbook`: the driver of the mdBook preprocessor in [`crate::mdbook`].

use std::io::Write;

use crate::report::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};

/// What mdBook asks a preprocessor besides running it.
#[derive(Debug, clap::Subcommand)]
pub enum MdbookQuery {
    /// Exit 0 when the renderer is supported (only `html`), 1 otherwise.
    Supports {
        /// The renderer's name.
        renderer: String,
    },
}

/// `topomaid mdbook`: answers `supports`, or preprocesses the book on standard input.
pub fn run(query: Option<MdbookQuery>, color: bool) -> i32 {
    if let Some(MdbookQuery::Supports { renderer }) = query {
        return if crate::mdbook::supports(&renderer) {
            EXIT_OK
        } else {
            EXIT_FINDINGS
        };
    }
    let mut input = String::new();
    if let Err(e) = std::io::Read::read_to_string(&mut std::io::stdin(), &mut input) {
        eprintln!("error: reading standard input: {e}");
        return EXIT_ERROR;
    }
    let outcome = match crate::mdbook::preprocess(
        &input,
        &|chart, db| crate::render::draw_svg(chart, db, &crate::render::Options::default()),
        color,
    ) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    eprint!("{}", outcome.messages);
    if outcome.failed {
        eprintln!("error: topomaid: the book's diagrams have errors (see above); not building");
        return EXIT_FINDINGS;
    }
    let mut out = std::io::stdout().lock();
    if let Err(e) = out
        .write_all(outcome.book.as_bytes())
        .and_then(|_| out.flush())
    {
        eprintln!("error: writing standard output: {e}");
        return EXIT_ERROR;
    }
    EXIT_OK
}
