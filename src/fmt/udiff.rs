//! The unified diff of `fmt --check` and `fmt --diff`, in time linear in practice.
//!
//! Formatting mostly re-indents and re-spaces lines, so that nearly every line of a large
//! diagram changes; a minimal line diff of two such texts costs time quadratic in their length
//! (Myers' algorithm on a difference as long as the file). Lines are therefore matched first by
//! their text without leading and trailing blanks, with the patience algorithm (unique lines
//! anchor the match, found in `n log n`); a pair matched that way whose exact text differs is
//! shown removed and added like any other changed line, so the diff stays exact.
//!
//! The anchors are found here rather than by `similar`'s patience diff because of what lies
//! between them: `similar` runs Myers' algorithm on every gap, and a gap where every line
//! changed (a block of edges the formatter re-spaced) costs the gap's length squared. Gaps up to
//! [`MAX_GAP`] lines go to Myers (through `similar`); longer ones are shown replaced whole,
//! which is exact too, and keeps the whole diff linear.

use std::fmt::Write;
use std::time::{Duration, Instant};

use rustc_hash::FxHashMap;
use similar::{Algorithm, DiffOp, capture_diff_slices_deadline};

/// The longest gap between anchors (lines of both texts together) that is diffed line by line;
/// a longer one is shown removed and added whole.
const MAX_GAP: usize = 2_000;

/// Lines of context around each change.
const CONTEXT: usize = 3;

/// One line of the diff: kept, removed (from the old text) or added (from the new).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Line {
    Same(usize, usize),
    Removed(usize),
    Added(usize),
}

/// `--- name` / `+++ name (formatted)` and the changed lines with three lines of context, or
/// the empty string when the texts are the same.
pub fn unified(name: &str, old: &str, new: &str) -> String {
    unified_of(name, old, new, "formatted")
}

/// [`unified`] with `+++ name (WHAT)`: what made the new text (`formatted`, `fixed`).
pub fn unified_of(name: &str, old: &str, new: &str, what: &str) -> String {
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let lines = line_diff(&a, &b);
    let mut out = String::new();
    let changed: Vec<usize> = (0..lines.len())
        .filter(|&i| !matches!(lines[i], Line::Same(..)))
        .collect();
    if changed.is_empty() {
        return out;
    }
    let _ = writeln!(out, "--- {name}\n+++ {name} ({what})");
    // Hunks: runs of changes less than two contexts apart, with their context.
    let mut i = 0;
    while i < changed.len() {
        let mut j = i;
        while j + 1 < changed.len() && changed[j + 1] - changed[j] <= 2 * CONTEXT + 1 {
            j += 1;
        }
        let from = changed[i].saturating_sub(CONTEXT);
        let to = (changed[j] + CONTEXT + 1).min(lines.len());
        hunk(&mut out, &lines[from..to], &a, &b);
        i = j + 1;
    }
    out
}

/// The lines of both texts in diff order.
fn line_diff(a: &[&str], b: &[&str]) -> Vec<Line> {
    let ka: Vec<&str> = a.iter().map(|l| l.trim()).collect();
    let kb: Vec<&str> = b.iter().map(|l| l.trim()).collect();
    // A safety net only: the patience match is fast on real diagrams; past the deadline the
    // rest of a gap is shown as removed and added, which is still a correct diff.
    let deadline = Instant::now() + Duration::from_secs(2);
    let ops = anchored_ops(&ka, &kb, deadline);
    let mut lines = Vec::with_capacity(a.len().max(b.len()));
    // Changed lines wait here so that a run of changes lists its removals before its additions.
    let (mut removed, mut added) = (Vec::new(), Vec::new());
    let flush = |lines: &mut Vec<Line>, removed: &mut Vec<usize>, added: &mut Vec<usize>| {
        lines.extend(removed.drain(..).map(Line::Removed));
        lines.extend(added.drain(..).map(Line::Added));
    };
    for op in ops {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                for k in 0..len {
                    let (o, n) = (old_index + k, new_index + k);
                    if a[o] == b[n] {
                        flush(&mut lines, &mut removed, &mut added);
                        lines.push(Line::Same(o, n));
                    } else {
                        removed.push(o);
                        added.push(n);
                    }
                }
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => removed.extend(old_index..old_index + old_len),
            DiffOp::Insert {
                new_index, new_len, ..
            } => added.extend(new_index..new_index + new_len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                removed.extend(old_index..old_index + old_len);
                added.extend(new_index..new_index + new_len);
            }
        }
    }
    flush(&mut lines, &mut removed, &mut added);
    lines
}

/// The diff operations of two line lists: lines that occur once in each, in the same order in
/// both (the longest such chain), are kept; the gaps between them are diffed by [`gap_ops`].
fn anchored_ops(ka: &[&str], kb: &[&str], deadline: Instant) -> Vec<DiffOp> {
    // Per line text: its count and last position in each list.
    let mut seen: FxHashMap<&str, (u32, u32, usize, usize)> = FxHashMap::default();
    for (i, l) in ka.iter().enumerate() {
        let e = seen.entry(l).or_insert((0, 0, 0, 0));
        e.0 += 1;
        e.2 = i;
    }
    for (j, l) in kb.iter().enumerate() {
        let e = seen.entry(l).or_insert((0, 0, 0, 0));
        e.1 += 1;
        e.3 = j;
    }
    let mut pairs: Vec<(usize, usize)> = seen
        .values()
        .filter(|&&(ca, cb, _, _)| ca == 1 && cb == 1)
        .map(|&(_, _, i, j)| (i, j))
        .collect();
    pairs.sort_unstable();
    let mut ops = Vec::new();
    let (mut i, mut j) = (0, 0);
    for (ai, bj) in increasing_chain(&pairs) {
        gap_ops(ka, kb, i..ai, j..bj, deadline, &mut ops);
        ops.push(DiffOp::Equal {
            old_index: ai,
            new_index: bj,
            len: 1,
        });
        (i, j) = (ai + 1, bj + 1);
    }
    gap_ops(ka, kb, i..ka.len(), j..kb.len(), deadline, &mut ops);
    ops
}

/// The longest chain of `pairs` (sorted by their first element) whose second elements
/// increase too: patience sorting, `n log n`.
fn increasing_chain(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    // `tails[k]`: the index in `pairs` of the smallest end of a chain of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut before: Vec<Option<usize>> = vec![None; pairs.len()];
    for (p, &(_, b)) in pairs.iter().enumerate() {
        let k = tails.partition_point(|&t| pairs[t].1 < b);
        before[p] = k.checked_sub(1).map(|k| tails[k]);
        if k == tails.len() {
            tails.push(p);
        } else {
            tails[k] = p;
        }
    }
    let mut chain = Vec::with_capacity(tails.len());
    let mut at = tails.last().copied();
    while let Some(p) = at {
        chain.push(pairs[p]);
        at = before[p];
    }
    chain.reverse();
    chain
}

/// The operations of one gap between anchors: Myers' diff when it is short, else the whole
/// gap removed and added.
fn gap_ops(
    ka: &[&str],
    kb: &[&str],
    old: std::ops::Range<usize>,
    new: std::ops::Range<usize>,
    deadline: Instant,
    ops: &mut Vec<DiffOp>,
) {
    let (old_len, new_len) = (old.len(), new.len());
    if old_len + new_len == 0 {
        return;
    }
    if old_len + new_len > MAX_GAP || old_len == 0 || new_len == 0 {
        ops.push(match (old_len, new_len) {
            (_, 0) => DiffOp::Delete {
                old_index: old.start,
                old_len,
                new_index: new.start,
            },
            (0, _) => DiffOp::Insert {
                old_index: old.start,
                new_index: new.start,
                new_len,
            },
            _ => DiffOp::Replace {
                old_index: old.start,
                old_len,
                new_index: new.start,
                new_len,
            },
        });
        return;
    }
    let (da, db) = (old.start, new.start);
    for op in capture_diff_slices_deadline(Algorithm::Myers, &ka[old], &kb[new], Some(deadline)) {
        ops.push(match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => DiffOp::Equal {
                old_index: old_index + da,
                new_index: new_index + db,
                len,
            },
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => DiffOp::Delete {
                old_index: old_index + da,
                old_len,
                new_index: new_index + db,
            },
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => DiffOp::Insert {
                old_index: old_index + da,
                new_index: new_index + db,
                new_len,
            },
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => DiffOp::Replace {
                old_index: old_index + da,
                old_len,
                new_index: new_index + db,
                new_len,
            },
        });
    }
}

/// Writes one `@@ -start,count +start,count @@` hunk.
fn hunk(out: &mut String, lines: &[Line], a: &[&str], b: &[&str]) {
    let first_old = lines.iter().find_map(|l| match l {
        Line::Same(o, _) | Line::Removed(o) => Some(*o),
        Line::Added(_) => None,
    });
    let first_new = lines.iter().find_map(|l| match l {
        Line::Same(_, n) | Line::Added(n) => Some(*n),
        Line::Removed(_) => None,
    });
    let old_len = lines
        .iter()
        .filter(|l| !matches!(l, Line::Added(_)))
        .count();
    let new_len = lines
        .iter()
        .filter(|l| !matches!(l, Line::Removed(_)))
        .count();
    // An empty side is numbered by the line before it, as `diff -u` does.
    let start = |first: Option<usize>, len: usize, before: usize| match first {
        Some(i) if len > 0 => i + 1,
        _ => before,
    };
    let before_old = lines
        .iter()
        .find_map(|l| match l {
            Line::Added(n) => Some(*n),
            _ => None,
        })
        .map_or(0, |n| n.min(a.len()));
    let before_new = lines
        .iter()
        .find_map(|l| match l {
            Line::Removed(o) => Some(*o),
            _ => None,
        })
        .map_or(0, |o| o.min(b.len()));
    let _ = writeln!(
        out,
        "@@ -{},{old_len} +{},{new_len} @@",
        start(first_old, old_len, before_old),
        start(first_new, new_len, before_new),
    );
    for l in lines {
        let (sign, text) = match *l {
            Line::Same(o, _) => (' ', a[o]),
            Line::Removed(o) => ('-', a[o]),
            Line::Added(n) => ('+', b[n]),
        };
        out.push(sign);
        out.push_str(text);
        if !text.ends_with('\n') {
            out.push_str("\n\\ No newline at end of file\n");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_texts_have_no_diff() {
        assert_eq!(unified("d.mmd", "graph TD\nA\n", "graph TD\nA\n"), "");
    }

    /// Re-indented lines are shown as changed, removals before additions, with three lines of
    /// context and hunks apart when the changes are.
    #[test]
    fn changes_with_context_in_hunks() {
        let old: String = (1..=20).map(|i| format!("l{i}\n")).collect();
        let new = old
            .replace("l2\n", "  l2\n")
            .replace("l3\n", "l3x\n")
            .replace("l18\n", "");
        let d = unified("d.mmd", &old, &new);
        assert_eq!(
            d,
            "--- d.mmd\n+++ d.mmd (formatted)\n\
             @@ -1,6 +1,6 @@\n l1\n-l2\n-l3\n+  l2\n+l3x\n l4\n l5\n l6\n\
             @@ -15,6 +15,5 @@\n l15\n l16\n l17\n-l18\n l19\n l20\n"
        );
    }

    /// Additions at the start of an empty text and a last line without a line break.
    #[test]
    fn empty_sides_and_missing_final_line_breaks() {
        assert_eq!(
            unified("d", "", "a\n"),
            "--- d\n+++ d (formatted)\n@@ -0,0 +1,1 @@\n+a\n"
        );
        assert_eq!(
            unified("d", "a", "a\n"),
            "--- d\n+++ d (formatted)\n@@ -1,1 +1,1 @@\n-a\n\\ No newline at end of file\n+a\n"
        );
    }

    /// The lines of a diff walk both texts in order, each line once, and a kept line is the
    /// same in both.
    fn assert_walks_both(old: &str, new: &str) {
        let a: Vec<&str> = old.split_inclusive('\n').collect();
        let b: Vec<&str> = new.split_inclusive('\n').collect();
        let (mut o, mut n) = (0, 0);
        for l in line_diff(&a, &b) {
            match l {
                Line::Same(x, y) => {
                    assert_eq!((x, y), (o, n));
                    assert_eq!(a[x], b[y]);
                    (o, n) = (o + 1, n + 1);
                }
                Line::Removed(x) => {
                    assert_eq!(x, o);
                    o += 1;
                }
                Line::Added(y) => {
                    assert_eq!(y, n);
                    n += 1;
                }
            }
        }
        assert_eq!((o, n), (a.len(), b.len()));
    }

    /// A block longer than [`MAX_GAP`] whose every line changed is shown replaced whole, and
    /// the lines around it still match.
    #[test]
    fn a_long_block_of_changed_lines_is_replaced_whole() {
        let old: String = (0..3_000)
            .map(|i| format!("N{i}-->|x|N{}\n", i + 1))
            .chain(["end\n".to_string()])
            .collect();
        let new = format!("graph TD\n{}", old.replace("-->|x|", " -->|x| "));
        assert_walks_both(&old, &new);
        let d = unified("d.mmd", &old, &new);
        assert_eq!(d.lines().filter(|l| l.starts_with('-')).count(), 3_000 + 1);
        assert!(d.contains("\n end\n"), "the last line is kept");
    }

    proptest::proptest! {
        /// Any two texts of short, often repeated and re-indented lines are diffed into a walk
        /// of both.
        #[test]
        fn every_diff_walks_both_texts(
            old in proptest::collection::vec("( |  )?[abc]{0,2}", 0..60),
            new in proptest::collection::vec("( |  )?[abc]{0,2}", 0..60),
        ) {
            let join = |v: &[String]| v.iter().map(|l| format!("{l}\n")).collect::<String>();
            assert_walks_both(&join(&old), &join(&new));
        }
    }

    /// A diagram whose every line is re-indented is diffed in linear time: four times the
    /// lines take about four times as long (a minimal line diff took sixteen).
    #[test]
    #[ignore = "timing: run on a quiet machine with --ignored; benches/linear.rs measures it"]
    fn a_reindented_diagram_is_diffed_in_linear_time() {
        let text = |n: usize, indent: &str| -> String {
            (0..n)
                .map(|i| format!("{indent}n{i}[\"node {i}\"] --> n{}\n", i + 1))
                .collect()
        };
        let run = |n: usize| {
            let (old, new) = (text(n, ""), text(n, "    "));
            (0..3)
                .map(|_| {
                    let t = Instant::now();
                    let d = unified("d.mmd", &old, &new);
                    assert_eq!(d.lines().filter(|l| l.starts_with('+')).count(), n + 1);
                    t.elapsed()
                })
                .min()
                .unwrap()
        };
        let (small, large) = (run(5_000), run(20_000));
        assert!(
            large < small * 8,
            "5 000 lines: {small:?}, 20 000: {large:?} (linear would be about 4x)"
        );
    }
}
