//! `exclude` / `extend-exclude`: files no command reads, from `topomaid.toml` (globs relative
//! to its directory) and from the command line (`--exclude`, `--extend-exclude`: relative to
//! the current directory). They apply to files found in directories and to files named on the
//! command line alike, so that the pre-commit hooks, which name every staged file, skip them
//! too. Standard input (`-`) is never excluded.

use std::path::{Path, PathBuf};

use crate::lint::LintConfig;
use crate::lint::config_file::{ConfigError, ConfigResolver};

/// A glob as `exclude` reads it: a pattern with a `/` matches a path (relative to its root) or
/// one of its parent directories; a pattern without one matches any single component (`build`,
/// `*.generated.mmd`).
#[derive(Debug, Clone)]
struct Glob {
    pattern: glob::Pattern,
    anchored: bool,
}

impl Glob {
    fn new(text: &str) -> Result<Glob, String> {
        let pattern = glob::Pattern::new(text.trim_end_matches('/'))
            .map_err(|e| format!("invalid glob `{text}`: {}", e.msg))?;
        Ok(Glob {
            pattern,
            anchored: text.trim_end_matches('/').contains('/'),
        })
    }

    /// Whether the path `rel` (relative to the glob's root) or a directory above it matches.
    fn matches(&self, rel: &Path) -> bool {
        let options = glob::MatchOptions {
            case_sensitive: true,
            require_literal_separator: true,
            require_literal_leading_dot: false,
        };
        if self.anchored {
            let rel = rel.strip_prefix(".").unwrap_or(rel);
            rel.ancestors()
                .filter(|a| !a.as_os_str().is_empty())
                .any(|a| self.pattern.matches_path_with(a, options))
        } else {
            rel.components().any(|c| {
                self.pattern
                    .matches_with(&c.as_os_str().to_string_lossy(), options)
            })
        }
    }
}

/// The command line's exclusions.
#[derive(Debug, Clone, Default)]
pub struct Excludes {
    /// `--exclude`: replaces the configuration's globs when given.
    exclude: Option<Vec<Glob>>,
    /// `--extend-exclude`: added to them.
    extend: Vec<Glob>,
    /// The current directory, which the command line's globs are relative to.
    cwd: PathBuf,
}

impl Excludes {
    /// The exclusions of `--exclude` (replacing the configuration's, when not empty) and
    /// `--extend-exclude`; an invalid glob is an error.
    pub fn new(exclude: &[String], extend_exclude: &[String]) -> Result<Excludes, String> {
        let globs = |list: &[String]| -> Result<Vec<Glob>, String> {
            list.iter().map(|g| Glob::new(g)).collect()
        };
        Ok(Excludes {
            exclude: if exclude.is_empty() {
                None
            } else {
                Some(globs(exclude)?)
            },
            extend: globs(extend_exclude)?,
            cwd: std::env::current_dir().unwrap_or_default(),
        })
    }

    /// Whether `file`, governed by `config`, is excluded.
    pub fn excludes(&self, file: &str, config: &LintConfig) -> bool {
        if file == "-" {
            return false;
        }
        let abs = std::path::absolute(file).unwrap_or_else(|_| PathBuf::from(file));
        let from_cwd = abs.strip_prefix(&self.cwd).ok();
        let by_cli =
            |globs: &[Glob]| from_cwd.is_some_and(|rel| globs.iter().any(|g| g.matches(rel)));
        if by_cli(&self.extend) {
            return true;
        }
        match &self.exclude {
            Some(globs) => by_cli(globs),
            None => {
                let Some(root) = &config.project.root else {
                    return false;
                };
                let Ok(rel) = abs.strip_prefix(root) else {
                    return false;
                };
                config
                    .project
                    .exclude
                    .iter()
                    .filter_map(|g| Glob::new(g).ok())
                    .any(|g| g.matches(rel))
            }
        }
    }

    /// `files` without the excluded ones. A file whose configuration is wrong is kept: the
    /// command reports the configuration for it.
    pub fn filter(&self, files: Vec<String>, configs: &mut ConfigResolver) -> Vec<String> {
        files
            .into_iter()
            .filter(|f| match configs.for_file(f) {
                Ok(c) => !self.excludes(f, &c),
                Err(ConfigError { .. }) => true,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(glob: &str, path: &str) -> bool {
        Glob::new(glob).unwrap().matches(Path::new(path))
    }

    #[test]
    fn globs_match_paths_and_components() {
        assert!(matches("generated", "docs/generated/net.mmd"));
        assert!(matches("*.draft.mmd", "design/a.draft.mmd"));
        assert!(!matches("*.draft.mmd", "design/a.mmd"));
        assert!(matches("design/legacy", "design/legacy/old.mmd"));
        assert!(matches("design/legacy/", "./design/legacy/old.mmd"));
        assert!(!matches("legacy/x", "design/legacy/x/old.mmd"));
        assert!(matches("**/legacy/x", "design/legacy/x/old.mmd"));
        assert!(matches("design/*.mmd", "design/a.mmd"));
        assert!(!matches("design/*.mmd", "design/sub/a.mmd"));
    }

    #[test]
    fn standard_input_and_bad_globs() {
        let e = Excludes::new(&["*".into()], &[]).unwrap();
        assert!(!e.excludes("-", &LintConfig::default()));
        assert!(Excludes::new(&["a[".into()], &[]).is_err());
    }
}
