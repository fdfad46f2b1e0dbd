//! The command line: argument parsing (clap) and the dispatch to the drivers in
//! [`crate::commands`]; nothing else happens here.

use std::io::IsTerminal;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use crate::commands::{
    self, check::CheckFormat, explain::ExplainFormat, mdbook::MdbookQuery, parse::ParseFormat,
};
use crate::report::{EXIT_ERROR, EXIT_OK, FailOn};
use crate::target::MermaidTarget;

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
    /// The Mermaid release to read, check and draw for: 11 (11.17.2, e.g. GitHub) or 12
    /// (12.4, the default); overrides `mermaid` in topomaid.toml (see docs/conformance.md).
    #[arg(long, global = true, value_name = "11|12")]
    pub mermaid: Option<MermaidTarget>,
    /// Refuse diagrams with more than N edges (default: `[limits] max-edges` of the
    /// `topomaid.toml` nearest the working directory, else 2000000).
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_edges: Option<u64>,
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
        /// Files to skip.
        #[command(flatten)]
        excludes: crate::report::ExcludeArgs,
        /// Output format (`--output-format` is the same option).
        #[arg(long, visible_alias = "output-format", value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
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
        /// Apply the fixes that are certain (quote a label that breaks parsing, a CIDR's
        /// network address, an unused suppression removed), then report what is left.
        #[arg(long)]
        fix: bool,
        /// With `--fix`: write nothing; print the diff of each file the fixes would change
        /// (exit 1 when there is one).
        #[arg(long, requires = "fix")]
        diff: bool,
        /// With `--fix`: also apply the fixes that guess.
        #[arg(long, requires = "fix")]
        unsafe_fixes: bool,
        /// After the findings, how many each rule reported.
        #[arg(long)]
        statistics: bool,
    },
    /// Show what topomaid inferred from a diagram: zones and their CIDRs, node kinds and why,
    /// edges with their ports.
    Explain {
        /// A `.mmd` or Markdown file, or `-`.
        file: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ExplainFormat::Human)]
        format: ExplainFormat,
        /// Show instead how the diagram pairs with this infrastructure code (see `drift`).
        #[arg(long, value_name = "PATH")]
        against: Vec<std::path::PathBuf>,
        /// Terraform var files for `--against`.
        #[arg(long, value_name = "FILE")]
        var_file: Vec<std::path::PathBuf>,
    },
    /// Compare diagrams with the Terraform, CloudFormation or ARM code that builds the network
    /// (see docs/drift.md).
    Drift {
        /// `.mmd` or Markdown files, or directories.
        #[arg(required = true)]
        files: Vec<String>,
        /// Files to skip.
        #[command(flatten)]
        excludes: crate::report::ExcludeArgs,
        /// Terraform directories, plan or state JSON, CloudFormation or ARM templates.
        #[arg(long, value_name = "PATH", required = true)]
        against: Vec<std::path::PathBuf>,
        /// Terraform var files (`-var-file`).
        #[arg(long, value_name = "FILE")]
        var_file: Vec<std::path::PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
        /// Exit with 1 when a finding at or above this severity is found.
        #[arg(long, value_enum, default_value_t = FailOn::Warning)]
        fail_on: FailOn,
        /// Use this configuration file instead of the nearest `topomaid.toml`.
        #[arg(long, value_name = "FILE")]
        config: Option<std::path::PathBuf>,
    },
    /// List the lint rules with their ids and default severities.
    Rules,
    /// Rewrite diagrams in the canonical style (docs/formatting.md); `--check` for pre-commit.
    Fmt {
        /// Files or directories (walked for *.mmd and *.md, honouring .gitignore), or `-` for
        /// standard input to standard output; default `.`.
        paths: Vec<String>,
        /// Files to skip.
        #[command(flatten)]
        excludes: crate::report::ExcludeArgs,
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
        /// Files to skip.
        #[command(flatten)]
        excludes: crate::report::ExcludeArgs,
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
        #[arg(long, value_enum, default_value_t = commands::diff::DiffFormat::Human)]
        format: commands::diff::DiffFormat,
    },
    /// Draw flowcharts as self-contained SVG (no browser), or write their layout as JSON.
    Render {
        /// `.mmd` files, Markdown files (their ```mermaid blocks), `-` for standard input, or
        /// directories (every diagram under them, into `-o OUT` at the same relative paths).
        #[arg(required = true)]
        files: Vec<String>,
        /// Files to skip.
        #[command(flatten)]
        excludes: crate::report::ExcludeArgs,
        /// Output file (one diagram) or directory (several: `<stem>.svg`, `<stem>-2.svg`, …);
        /// standard output when omitted and there is one diagram.
        #[arg(short, long, visible_alias = "out", value_name = "OUT")]
        output: Option<std::path::PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = crate::report::RenderFormat::Svg)]
        format: crate::report::RenderFormat,
        /// Also write a copy of each Markdown file into OUT, each drawn flowchart replaced by
        /// a reference to its picture (for a doc site).
        #[arg(long)]
        markdown: bool,
        /// Mermaid theme for diagrams that name none (a diagram's own `theme` wins, as with
        /// mermaid-cli's `-t`); default: the release's own (`redux-color` in 12, `default` in 11).
        #[arg(short, long, value_enum)]
        theme: Option<crate::render::theme::ThemeName>,
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
    if let Err(e) = commands::set_edge_limit(cli.max_edges) {
        // The commands that read `topomaid.toml` report a wrong one themselves, at its place.
        let reads_config = matches!(
            cli.command,
            Command::Check { .. }
                | Command::Fmt { .. }
                | Command::Json { .. }
                | Command::Diff { .. }
                | Command::Render { .. }
                | Command::Explain { .. }
        );
        if !reads_config {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    }
    // Errors go to standard error; `check` writes its findings to standard output.
    let color = use_color(cli.color, std::io::stderr().is_terminal());
    let check_color = use_color(cli.color, std::io::stdout().is_terminal());
    let mermaid = cli.mermaid;
    match cli.command {
        Command::Parse {
            files,
            format,
            stdin_markdown,
        } => commands::parse::run(&files, format, stdin_markdown, mermaid, color),
        Command::Check {
            paths,
            excludes,
            format,
            fail_on,
            select,
            ignore,
            config,
            baseline,
            write_baseline,
            fix,
            diff,
            unsafe_fixes,
            statistics,
        } => commands::check::run(
            (
                paths,
                &excludes,
                commands::check::FixMode {
                    fix,
                    diff,
                    unsafe_fixes,
                },
                statistics,
            ),
            format,
            fail_on,
            crate::lint::config_file::CliOverrides {
                mermaid,
                select,
                ignore,
            },
            config.as_deref(),
            (baseline.as_deref(), write_baseline.as_deref()),
            check_color,
        ),
        Command::Explain {
            file,
            format,
            against,
            var_file,
        } => {
            if against.is_empty() {
                commands::explain::run(&file, format, mermaid, color)
            } else {
                commands::drift::explain(
                    &file,
                    commands::drift::against(against, var_file),
                    format == ExplainFormat::Json,
                )
            }
        }
        Command::Drift {
            files,
            excludes,
            against,
            var_file,
            format,
            fail_on,
            config,
        } => commands::drift::run(
            (&files, &excludes),
            commands::drift::against(against, var_file),
            format,
            fail_on,
            config.as_deref(),
            check_color,
        ),
        Command::Rules => commands::rules::run(),
        Command::Mdbook { query } => commands::mdbook::run(query, mermaid, color),
        Command::Completions { shell } => commands::shell::completions(shell, Cli::command()),
        Command::Man { dir } => commands::shell::man(dir.as_deref(), Cli::command()),
        Command::Json {
            files,
            excludes,
            fail_on,
            config,
        } => commands::json::run(
            &files,
            &excludes,
            fail_on,
            config.as_deref(),
            mermaid,
            color,
        ),
        Command::Diff { old, new, format } => {
            commands::diff::run(&old, &new, format, mermaid, (check_color, color))
        }
        Command::Render {
            files,
            excludes,
            output,
            format,
            markdown,
            theme,
            allow_remote_images,
            depth,
        } => commands::render::run(
            &files,
            &excludes,
            output.as_deref(),
            format,
            markdown,
            color,
            &crate::render::Options {
                theme,
                allow_remote_images,
                mermaid,
                depth,
                target: mermaid.unwrap_or_default(),
            },
        ),
        Command::Fmt {
            paths,
            excludes,
            check,
            diff,
            stdin_markdown,
        } => commands::fmt::run(&commands::fmt::FmtOptions {
            paths,
            excludes,
            check,
            diff,
            stdin_markdown,
            color,
            mermaid,
        }),
    }
}

/// Whether to colour output going to a stream that is (or is not) a terminal.
fn use_color(choice: ColorChoice, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::env::var_os("NO_COLOR").is_none() && terminal,
    }
}
