//! Fingerprints of findings that survive moving code: they hash the rule, the file and what the
//! finding says and points at, never its line or column.

/// A file name as reports and baselines record it: relative to the current directory when it
/// is inside it, with `/` separators and no leading `./`.
pub fn report_path(file: &str) -> String {
    let p = std::path::Path::new(file);
    let relative = if p.is_absolute() {
        std::env::current_dir().ok().and_then(|cwd| {
            p.strip_prefix(cwd)
                .ok()
                .map(|r| r.to_string_lossy().into_owned())
        })
    } else {
        None
    };
    let path = relative
        .unwrap_or_else(|| file.to_string())
        .replace('\\', "/");
    let mut rest = path.as_str();
    while let Some(r) = rest.strip_prefix("./") {
        rest = r;
    }
    rest.to_string()
}

/// The fingerprint of a finding of `rule` in the file `path` (as [`report_path`] gives it) with
/// `message`, pointing at the source text `snippet`: 32 hex digits. Runs of whitespace in the
/// snippet count as one space, so re-indenting does not change it.
pub fn fingerprint(rule: &str, path: &str, message: &str, snippet: &str) -> String {
    let mut h = Fnv128::default();
    for part in [rule, path, message] {
        h.write(part.as_bytes());
        h.write(&[0]);
    }
    for (i, word) in snippet.split_whitespace().enumerate() {
        if i > 0 {
            h.write(b" ");
        }
        h.write(word.as_bytes());
    }
    format!("{:032x}", h.0)
}

/// The fingerprint of `report`, a finding of `rule` in the diagram at byte `base` of the
/// document `text` whose file is `path` (as [`report_path`] gives it).
pub fn of_report(
    rule: &str,
    path: &str,
    text: &str,
    base: usize,
    report: &crate::diagnostics::Report<'_>,
) -> String {
    let snippet = text
        .get(base + report.span.start as usize..base + report.span.end as usize)
        .unwrap_or("");
    fingerprint(rule, path, report.message, snippet)
}

/// FNV-1a with 128 bits: simple, and the same on every platform and version, which is what a
/// fingerprint stored in a baseline file needs.
struct Fnv128(u128);

impl Default for Fnv128 {
    fn default() -> Self {
        Fnv128(0x6c62_272e_07bb_0142_62b8_2175_6295_c58d)
    }
}

impl Fnv128 {
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u128::from(b);
            self.0 = self.0.wrapping_mul(Self::PRIME);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_value_is_stable_across_versions() {
        // FNV-1a 128 of the empty input is its offset basis; of "a" a published test vector.
        let mut h = Fnv128::default();
        h.write(b"a");
        assert_eq!(format!("{:032x}", h.0), "d228cb696f1a8caf78912b704e4a8964");
        assert_eq!(
            fingerprint("cidr-overlap", "a.mmd", "m", "10.0.0.0/16"),
            fingerprint("cidr-overlap", "a.mmd", "m", "10.0.0.0/16")
        );
    }

    #[test]
    fn each_part_counts_but_whitespace_in_the_snippet_does_not() {
        let base = fingerprint("r", "a.mmd", "msg", "A --> B");
        assert_eq!(base, fingerprint("r", "a.mmd", "msg", "A  -->\n    B"));
        assert_ne!(base, fingerprint("s", "a.mmd", "msg", "A --> B"));
        assert_ne!(base, fingerprint("r", "b.mmd", "msg", "A --> B"));
        assert_ne!(base, fingerprint("r", "a.mmd", "msg2", "A --> B"));
        assert_ne!(base, fingerprint("r", "a.mmd", "msg", "A --> C"));
        // The separator keeps "ab"+"c" apart from "a"+"bc".
        assert_ne!(
            fingerprint("ab", "c", "", ""),
            fingerprint("a", "bc", "", "")
        );
    }

    #[test]
    fn report_paths_are_relative_with_forward_slashes() {
        assert_eq!(report_path("./design/a.mmd"), "design/a.mmd");
        assert_eq!(report_path("design\\a.mmd"), "design/a.mmd");
        let cwd = std::env::current_dir().unwrap();
        let inside = cwd.join("x").join("y.mmd");
        assert_eq!(report_path(&inside.to_string_lossy()), "x/y.mmd");
    }
}
