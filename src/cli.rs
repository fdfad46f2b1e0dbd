//! The command line: argument parsing and the commands, kept thin over the library.

use std::io::{IsTerminal, Write};

use clap::{Parser, Subcommand, ValueEnum};

use crate::check;
use crate::diagnostics;
use crate::flowdb::FlowDb;
use crate::input::{self, Document, DocumentKind};
use crate::lint::Severity;
use crate::parse_json::{DiagramJson, FileJson, Positions};
use crate::pipeline;
use crate::source::LineIndex;
use crate::syntax::ParseFailure;
use crate::syntax::error::SyntaxError;

/// Exit code: everything is fine.
pub const EXIT_OK: i32 = 0;
/// Exit code: the check found problems in the diagrams.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit code: a diagram could not be parsed, a file could not be read, or the usage was wrong.
pub const EXIT_ERROR: i32 = 2;

/// A compiler and linter for network-topology diagrams written in Mermaid.
#[derive(Debug, Parser)]
#[command(name = "topomaid", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Colour the output: auto (when the output is a terminal and NO_COLOR is unset), always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// When to colour diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When standard error is a terminal and NO_COLOR is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse diagrams and print what Mermaid would build from them.
    Parse {
        /// `.mmd` files, Markdown files (their ```mermaid blocks), or `-` for standard input.
        #[arg(required = true)]
        files: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ParseFormat::Human)]
        format: ParseFormat,
        /// Read standard input as Markdown.
        #[arg(long)]
        stdin_markdown: bool,
    },
    /// Check network diagrams: CIDR overlaps, unreachable services, missing private endpoints, …
    Check {
        /// Files or directories (walked for *.mmd and *.md, honouring .gitignore); default `.`.
        paths: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CheckFormatArg::Human)]
        format: CheckFormatArg,
        /// Exit with 1 when a finding at or above this severity is found.
        #[arg(long, value_enum, default_value_t = FailOn::Warning)]
        fail_on: FailOn,
        /// Run only these rules (comma-separated ids).
        #[arg(long, value_delimiter = ',')]
        select: Vec<String>,
        /// Do not run these rules (comma-separated ids).
        #[arg(long, value_delimiter = ',')]
        ignore: Vec<String>,
        /// Use this configuration file for every file, instead of the nearest `topomaid.toml`
        /// above each (see docs/configuration.md).
        #[arg(long, value_name = "FILE")]
        config: Option<std::path::PathBuf>,
        /// Report only findings that this baseline file does not accept (see docs/ci.md).
        #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
        baseline: Option<std::path::PathBuf>,
        /// Accept today's findings: record them in this baseline file instead of reporting them.
        #[arg(long, value_name = "FILE")]
        write_baseline: Option<std::path::PathBuf>,
    },
    /// Show what topomaid inferred from a diagram: zones and their CIDRs, node kinds and why,
    /// edges with their ports.
    Explain {
        /// A `.mmd` or Markdown file, or `-`.
        file: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ExplainFormat::Human)]
        format: ExplainFormat,
    },
    /// List the lint rules with their ids and default severities.
    Rules,
    /// Rewrite diagrams in the canonical style (docs/formatting.md); `--check` for pre-commit.
    Fmt {
        /// Files or directories (walked for *.mmd and *.md, honouring .gitignore), or `-` for
        /// standard input to standard output; default `.`.
        paths: Vec<String>,
        /// Write nothing; print a diff for each file that is not formatted and exit with 1.
        #[arg(long)]
        check: bool,
        /// Write nothing; print a diff for each file that is not formatted.
        #[arg(long)]
        diff: bool,
        /// Read standard input as Markdown.
        #[arg(long)]
        stdin_markdown: bool,
    },
    /// Print the topology model of diagrams and their diagnostics as JSON (docs/model-json.md).
    Json {
        /// `.mmd` files, Markdown files (their ```mermaid blocks), `-` for standard input, or
        /// directories (walked for *.mmd and *.md, honouring .gitignore).
        #[arg(required = true)]
        files: Vec<String>,
        /// Exit with 1 when a finding at or above this severity is found.
        #[arg(long, value_enum, default_value_t = FailOn::Warning)]
        fail_on: FailOn,
        /// Use this configuration file instead of the nearest `topomaid.toml` above each file.
        #[arg(long, value_name = "FILE")]
        config: Option<std::path::PathBuf>,
    },
    /// Show what changed between two topologies: zones, CIDRs, nodes, kinds, edges and ports.
    Diff {
        /// The old diagram: a `.mmd` file or Markdown with one flowchart.
        old: String,
        /// The new diagram.
        new: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = crate::diff::command::DiffFormat::Human)]
        format: crate::diff::command::DiffFormat,
    },
    /// Draw flowcharts as self-contained SVG (no browser), or write their layout as JSON.
    Render {
        /// `.mmd` files, Markdown files (their ```mermaid blocks), `-` for standard input, or
        /// directories (every diagram under them, into `-o OUT` at the same relative paths).
        #[arg(required = true)]
        files: Vec<String>,
        /// Output file (one diagram) or directory (several: `<stem>.svg`, `<stem>-2.svg`, …);
        /// standard output when omitted and there is one diagram.
        #[arg(short, long, visible_alias = "out", value_name = "OUT")]
        output: Option<std::path::PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = crate::render::command::Format::Svg)]
        format: crate::render::command::Format,
        /// Also write a copy of each Markdown file into OUT, each drawn flowchart replaced by
        /// a reference to its picture (for a doc site).
        #[arg(long)]
        markdown: bool,
        /// Mermaid theme for diagrams that name none (a diagram's own `theme` wins, as with
        /// mermaid-cli's `-t`); default: the release's own (`redux-color` in 12, `default` in 11).
        #[arg(short, long, value_enum)]
        theme: Option<crate::render::theme::ThemeName>,
        /// The Mermaid release whose look to draw: 12 (its defaults: redux-color, neo) or 11
        /// (default theme, classic).
        #[arg(long, value_name = "11|12", default_value_t = crate::target::MermaidTarget::default())]
        mermaid: crate::target::MermaidTarget,
        /// Link the pictures of `@{ img: … }` nodes (http(s) and relative URLs) as `<image>`;
        /// without it they are placeholders and the SVG references nothing outside itself.
        #[arg(long)]
        allow_remote_images: bool,
        /// An overview: draw clusters nested deeper than N levels collapsed, each into one box
        /// with its edges merged (`--depth 0` collapses the top-level clusters).
        #[arg(long, value_name = "N")]
        depth: Option<usize>,
    },
    /// Run as an mdBook preprocessor: draw the book's mermaid flowcharts as SVG and fail the
    /// build on lint findings (see docs/doc-site.md).
    Mdbook {
        /// `supports RENDERER`, as mdBook asks before running the preprocessor.
        #[command(subcommand)]
        query: Option<MdbookQuery>,
    },
    /// Print a shell completion script: `topomaid completions bash > ~/.local/share/bash-completion/completions/topomaid`.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), or write one page per command with `--dir`.
    Man {
        /// Write topomaid.1 and topomaid-COMMAND.1 for every command into this directory.
        #[arg(long, value_name = "DIR")]
        dir: Option<std::path::PathBuf>,
    },
}

/// What mdBook asks a preprocessor besides running it.
#[derive(Debug, Subcommand)]
pub enum MdbookQuery {
    /// Exit 0 when the renderer is supported (only `html`), 1 otherwise.
    Supports {
        /// The renderer's name.
        renderer: String,
    },
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormatArg {
    /// rustc-style messages and a summary line.
    Human,
    /// `{"diagnostics": [...], "summary": {...}}` (see docs/check-json.md).
    Json,
    /// GitHub Actions annotations (`::error file=…,line=…::message`).
    Github,
    /// SARIF 2.1.0 for code scanning (see docs/check-json.md).
    Sarif,
    /// GitLab Code Quality report (see docs/ci.md).
    Gitlab,
}

/// The lowest severity that makes `check` exit with 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Only errors.
    Error,
    /// Errors and warnings.
    Warning,
    /// Any finding.
    Info,
}

/// Output formats of `explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    /// A readable listing.
    Human,
    /// The same as JSON.
    Json,
}

/// Output formats of `parse`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ParseFormat {
    /// A one-line summary per diagram.
    Human,
    /// The parsed model as JSON (see docs/parse-json.md).
    Json,
}

/// Runs the command line with the process arguments and returns the exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_ERROR } else { EXIT_OK };
            let _ = e.print();
            return code;
        }
    };
    // Errors go to standard error; `check` writes its findings to standard output.
    let color = use_color(cli.color, std::io::stderr().is_terminal());
    let check_color = use_color(cli.color, std::io::stdout().is_terminal());
    match cli.command {
        Command::Parse {
            files,
            format,
            stdin_markdown,
        } => parse_command(&files, format, stdin_markdown, color),
        Command::Check {
            paths,
            format,
            fail_on,
            select,
            ignore,
            config,
            baseline,
            write_baseline,
        } => check_command(
            paths,
            format,
            fail_on,
            crate::lint::config_file::CliOverrides { select, ignore },
            config.as_deref(),
            (baseline.as_deref(), write_baseline.as_deref()),
            check_color,
        ),
        Command::Explain { file, format } => explain_command(&file, format, color),
        Command::Rules => rules_command(),
        Command::Mdbook { query } => mdbook_command(query, color),
        Command::Completions { shell } => crate::shell::completions(shell),
        Command::Man { dir } => crate::shell::man(dir.as_deref()),
        Command::Json {
            files,
            fail_on,
            config,
        } => crate::model_json::command::run(&files, fail_on, config.as_deref(), color),
        Command::Diff { old, new, format } => {
            crate::diff::command::run(&old, &new, format, check_color, color)
        }
        Command::Render {
            files,
            output,
            format,
            markdown,
            theme,
            mermaid,
            allow_remote_images,
            depth,
        } => crate::render::command::run(
            &files,
            output.as_deref(),
            format,
            markdown,
            color,
            &crate::render::Options {
                theme,
                allow_remote_images,
                depth,
                target: mermaid,
            },
        ),
        Command::Fmt {
            paths,
            check,
            diff,
            stdin_markdown,
        } => crate::fmt::command::run(&crate::fmt::command::FmtOptions {
            paths,
            check,
            diff,
            stdin_markdown,
            color,
        }),
    }
}

/// `topomaid mdbook`: answers `supports`, or preprocesses the book on standard input.
fn mdbook_command(query: Option<MdbookQuery>, color: bool) -> i32 {
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

/// Whether to colour output going to a stream that is (or is not) a terminal.
fn use_color(choice: ColorChoice, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::env::var_os("NO_COLOR").is_none() && terminal,
    }
}

fn check_command(
    paths: Vec<String>,
    format: CheckFormatArg,
    fail_on: FailOn,
    overrides: crate::lint::config_file::CliOverrides,
    config_file: Option<&std::path::Path>,
    (baseline_file, write_baseline): (Option<&std::path::Path>, Option<&std::path::Path>),
    color: bool,
) -> i32 {
    let paths = if paths.is_empty() {
        vec![".".to_string()]
    } else {
        paths
    };
    for id in overrides.select.iter().chain(&overrides.ignore) {
        if crate::lint::rule(id).is_none() {
            eprintln!("error: no rule `{id}` (see `topomaid rules`)");
            return EXIT_ERROR;
        }
    }
    let mut configs = match crate::lint::config_file::ConfigResolver::new(config_file, overrides) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let files = match check::collect_files(&paths) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let format = match format {
        CheckFormatArg::Human => check::CheckFormat::Human,
        CheckFormatArg::Json => check::CheckFormat::Json,
        CheckFormatArg::Github => check::CheckFormat::Github,
        CheckFormatArg::Sarif => check::CheckFormat::Sarif,
        CheckFormatArg::Gitlab => check::CheckFormat::Gitlab,
    };
    let mut matcher = match baseline_file.map(crate::ci::baseline::Baseline::read) {
        None => None,
        Some(Ok(b)) => Some(crate::ci::baseline::Matcher::new(&b)),
        Some(Err(e)) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let mut recorded = Vec::new();
    let mode = match (&mut matcher, write_baseline) {
        (Some(m), _) => check::BaselineMode::Apply(m),
        (None, Some(_)) => check::BaselineMode::Record(&mut recorded),
        (None, None) => check::BaselineMode::Off,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let summary =
        match check::run_check_with_baseline(&files, &mut configs, format, color, mode, &mut out) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: {e}");
                return EXIT_ERROR;
            }
        };
    let _ = out.flush();
    if let Some(path) = write_baseline {
        let n = recorded.len();
        if let Err(e) = crate::ci::baseline::Baseline::new(recorded).write(path) {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
        eprintln!("wrote {n} finding(s) to {}", path.display());
    }
    if let Some(m) = matcher.as_ref().filter(|m| m.unmatched() > 0) {
        eprintln!(
            "note: {} baselined finding(s) no longer occur; --write-baseline drops them from the file",
            m.unmatched()
        );
    }
    let threshold = match fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
    };
    if summary.parse_errors > 0 {
        EXIT_ERROR
    } else if summary.fails(threshold) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

fn explain_command(file: &str, format: ExplainFormat, color: bool) -> i32 {
    let doc = match input::read_document(file) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    // The nearest topomaid.toml applies, so that configured kinds show as they will be checked.
    let config = crate::lint::config_file::ConfigResolver::new(None, Default::default())
        .and_then(|mut r| r.for_file(file));
    let config = match config {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let mut code = EXIT_OK;
    let mut explanations = Vec::new();
    for d in pipeline::read_diagrams(&doc) {
        match &d.result {
            Ok((chart, db)) => {
                let model = crate::lint::model(d.text, chart, db, &config);
                explanations.push(crate::lint::explain_model(&model));
            }
            Err(failure) => {
                code = EXIT_ERROR;
                for e in &failure.errors() {
                    eprintln!(
                        "{}",
                        diagnostics::render_error(&doc.name, &doc.text, d.base, e, color)
                    );
                }
            }
        }
    }
    match format {
        ExplainFormat::Human => {
            for e in &explanations {
                println!("{e}");
            }
        }
        ExplainFormat::Json => {
            let _ = serde_json::to_writer_pretty(std::io::stdout(), &explanations);
            println!();
        }
    }
    code
}

fn rules_command() -> i32 {
    for rule in crate::lint::registry() {
        let meta = rule.meta();
        println!(
            "{:<26} {:<8} {}",
            meta.id,
            meta.default_severity.name(),
            meta.summary
        );
    }
    EXIT_OK
}

fn parse_command(files: &[String], format: ParseFormat, stdin_markdown: bool, color: bool) -> i32 {
    let mut code = EXIT_OK;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let several = files.len() > 1;
    let mut written = 0;
    if format == ParseFormat::Json && several {
        let _ = out.write_all(b"[\n");
    }
    for f in files {
        let doc = match input::read_document_with(f, stdin_markdown) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("error: {e}");
                code = EXIT_ERROR;
                continue;
            }
        };
        let outcomes = pipeline::read_models(&doc);
        let idx = LineIndex::new(&doc.text);
        let errors: Vec<Vec<SyntaxError>> = outcomes
            .iter()
            .map(|o| match &o.result {
                Err(ParseFailure::Unsupported { .. }) if doc.kind == DocumentKind::Markdown => {
                    Vec::new()
                }
                Err(failure) => failure.errors(),
                Ok(_) => Vec::new(),
            })
            .collect();
        let mut diagrams = Vec::new();
        for (i, (o, errs)) in outcomes.iter().zip(&errors).enumerate() {
            let at = Positions::new(&doc.text, &idx, o.base);
            match &o.result {
                Ok((chart, db)) => match format {
                    ParseFormat::Human => {
                        let _ = writeln!(out, "{}", summary(&doc, &idx, i, o.base, db));
                    }
                    ParseFormat::Json => diagrams.push(DiagramJson::parsed(db, chart, at)),
                },
                Err(ParseFailure::Unsupported { kind, .. }) if errs.is_empty() => {
                    if format == ParseFormat::Human {
                        let lc = idx.line_col(&doc.text, o.base);
                        let _ = writeln!(
                            out,
                            "{}:{}:{}: skipped {kind} (not a flowchart)",
                            doc.name, lc.line, lc.column
                        );
                    }
                    diagrams.push(DiagramJson::skipped(kind));
                }
                _ => {
                    code = EXIT_ERROR;
                    let _ = out.flush();
                    for e in errs {
                        eprint!(
                            "{}",
                            diagnostics::render_error(&doc.name, &doc.text, o.base, e, color)
                        );
                        eprintln!();
                    }
                    diagrams.push(DiagramJson::failed(errs, at));
                }
            }
        }
        match format {
            ParseFormat::Human if doc.diagrams.is_empty() => {
                let _ = writeln!(out, "{}: no mermaid diagrams", doc.name);
            }
            ParseFormat::Human => {}
            ParseFormat::Json => {
                if written > 0 {
                    let _ = out.write_all(b",\n");
                }
                written += 1;
                let file = FileJson {
                    file: &doc.name,
                    diagrams,
                };
                let _ = serde_json::to_writer_pretty(&mut out, &file);
                let _ = writeln!(out);
            }
        }
    }
    if format == ParseFormat::Json && several {
        let _ = out.write_all(b"]\n");
    }
    let _ = out.flush();
    code
}

fn summary(doc: &Document, idx: &LineIndex, i: usize, base: usize, db: &FlowDb) -> String {
    let where_ = if doc.kind == DocumentKind::Markdown {
        let lc = idx.line_col(&doc.text, base);
        format!("{}:{} (diagram {})", doc.name, lc.line, i + 1)
    } else {
        doc.name.clone()
    };
    format!(
        "{where_}: {} {}, {} nodes, {} edges, {} subgraphs, {} classes",
        db.diagram_type,
        db.direction,
        db.vertices.len(),
        db.edges.len(),
        db.subgraphs.len(),
        db.class_defs.len()
    )
}
