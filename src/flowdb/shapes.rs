//! The shape names Mermaid accepts in `@{ shape: … }`: the tables in `shape_names.rs` are
//! generated from each release's own shape registry by scripts/gen_shape_names.py.

pub use super::shape_names::{ACCEPTED_11, ACCEPTED_12, SHAPE_MAP_11, SHAPE_MAP_12};
use crate::target::MermaidTarget;

/// Every name Mermaid 12.4 (the newest release checked) knows as a node shape: the keys of its
/// shape map, camel-case internal names included (which `@{ shape: … }` refuses). Mermaid
/// 11.17.2's map is a subset (`tests/shapes.rs`).
pub const SHAPE_NAMES: &[&str] = SHAPE_MAP_12;

/// The names `@{ shape: … }` accepts under `target`, in Mermaid's order.
pub fn accepted_shapes(target: MermaidTarget) -> &'static [&'static str] {
    match target {
        MermaidTarget::V11 => ACCEPTED_11,
        MermaidTarget::V12 => ACCEPTED_12,
    }
}

/// The oldest release line that accepts shape `name`, if any does.
pub fn accepted_since(name: &str) -> Option<MermaidTarget> {
    MermaidTarget::ALL
        .into_iter()
        .find(|&t| accepted_shapes(t).contains(&name))
}

/// Why Mermaid `target` refuses a shape name, in its words; `None` when it accepts it.
pub fn shape_error(name: &str, target: MermaidTarget) -> Option<String> {
    if name != name.to_lowercase() || name.contains('_') {
        Some(format!(
            "No such shape: {name}. Shape names should be lowercase."
        ))
    } else if !accepted_shapes(target).contains(&name) {
        Some(format!("No such shape: {name}."))
    } else {
        None
    }
}

/// The shape name `target` accepts closest to `name` (by edit distance), when one is close
/// enough to be a likely typo.
pub fn closest_shape(name: &str, target: MermaidTarget) -> Option<&'static str> {
    let lower = name.to_lowercase().replace('_', "-");
    accepted_shapes(target)
        .iter()
        .map(|s| (edit_distance(&lower, s), *s))
        .filter(|&(d, s)| d <= 2.max(s.len() / 3))
        .min()
        .map(|(_, s)| s)
}

/// Levenshtein distance between two short strings.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_unknown_and_badly_cased_shapes() {
        for t in MermaidTarget::ALL {
            assert_eq!(shape_error("diam", t), None);
            assert_eq!(shape_error("lin-cyl", t), None);
            assert_eq!(shape_error("person", t), None);
            assert_eq!(shape_error("bucket", t), None);
            assert!(shape_error("this-shape-does-not-exist", t).is_some());
            let error = shape_error("rect_left_inv_arrow", t).unwrap();
            assert!(error.contains("lowercase"));
            assert!(shape_error("squareRect", t).unwrap().contains("lowercase"));
        }
        assert!(shape_error("bpmn-gateway", MermaidTarget::V11).is_some());
        assert_eq!(shape_error("bpmn-gateway", MermaidTarget::V12), None);
        assert_eq!(accepted_since("bpmn-gateway"), Some(MermaidTarget::V12));
        assert_eq!(accepted_since("folder"), Some(MermaidTarget::V11));
        assert_eq!(accepted_since("squareRect"), None);
    }

    #[test]
    fn typos_get_a_suggestion() {
        let t = MermaidTarget::V12;
        assert_eq!(closest_shape("cylinderr", t), Some("cylinder"));
        assert_eq!(closest_shape("Diamond", t), Some("diamond"));
        assert_eq!(closest_shape("persn", t), Some("person"));
        assert_eq!(closest_shape("message-queue", t), None);
    }
}
