//! The shape names Mermaid accepts in `@{ shape: … }`.

/// Every name (short name, alias or internal alias) Mermaid 11 knows as a node shape.
pub const SHAPE_NAMES: &[&str] = &[
    // Undocumented shapes.
    "state",
    "choice",
    "note",
    "rectWithTitle",
    "labelRect",
    "iconSquare",
    "iconCircle",
    "icon",
    "iconRounded",
    "imageSquare",
    "anchor",
    "kanbanItem",
    "mindmapCircle",
    "defaultMindmapNode",
    "classBox",
    "erBox",
    "requirementBox",
    // Documented shapes with their aliases.
    "rect",
    "proc",
    "process",
    "rectangle",
    "squareRect",
    "rounded",
    "event",
    "roundedRect",
    "stadium",
    "terminal",
    "pill",
    "fr-rect",
    "subprocess",
    "subproc",
    "framed-rectangle",
    "subroutine",
    "cyl",
    "db",
    "database",
    "cylinder",
    "datastore",
    "data-store",
    "circle",
    "circ",
    "bang",
    "cloud",
    "diam",
    "decision",
    "diamond",
    "question",
    "hex",
    "hexagon",
    "prepare",
    "lean-r",
    "lean-right",
    "in-out",
    "lean_right",
    "lean-l",
    "lean-left",
    "out-in",
    "lean_left",
    "trap-b",
    "priority",
    "trapezoid-bottom",
    "trapezoid",
    "trap-t",
    "manual",
    "trapezoid-top",
    "inv-trapezoid",
    "inv_trapezoid",
    "dbl-circ",
    "double-circle",
    "doublecircle",
    "text",
    "notch-rect",
    "card",
    "notched-rectangle",
    "lin-rect",
    "lined-rectangle",
    "lined-process",
    "lin-proc",
    "shaded-process",
    "sm-circ",
    "start",
    "small-circle",
    "stateStart",
    "fr-circ",
    "stop",
    "framed-circle",
    "stateEnd",
    "fork",
    "join",
    "forkJoin",
    "hourglass",
    "collate",
    "brace",
    "comment",
    "brace-l",
    "brace-r",
    "braces",
    "bolt",
    "com-link",
    "lightning-bolt",
    "doc",
    "document",
    "delay",
    "half-rounded-rectangle",
    "h-cyl",
    "das",
    "horizontal-cylinder",
    "lin-cyl",
    "disk",
    "lined-cylinder",
    "curv-trap",
    "curved-trapezoid",
    "display",
    "div-rect",
    "div-proc",
    "divided-rectangle",
    "divided-process",
    "tri",
    "extract",
    "triangle",
    "win-pane",
    "internal-storage",
    "window-pane",
    "f-circ",
    "junction",
    "filled-circle",
    "notch-pent",
    "loop-limit",
    "notched-pentagon",
    "flip-tri",
    "manual-file",
    "flipped-triangle",
    "sl-rect",
    "manual-input",
    "sloped-rectangle",
    "docs",
    "documents",
    "st-doc",
    "stacked-document",
    "st-rect",
    "procs",
    "processes",
    "stacked-rectangle",
    "bow-rect",
    "stored-data",
    "bow-tie-rectangle",
    "cross-circ",
    "summary",
    "crossed-circle",
    "tag-doc",
    "tagged-document",
    "tag-rect",
    "tagged-rectangle",
    "tag-proc",
    "tagged-process",
    "flag",
    "paper-tape",
    "odd",
    "rect_left_inv_arrow",
    "lin-doc",
    "lined-document",
];

/// Why a shape name is refused, in Mermaid's words; `None` when Mermaid accepts it.
pub fn shape_error(name: &str) -> Option<String> {
    if name != name.to_lowercase() || name.contains('_') {
        Some(format!(
            "No such shape: {name}. Shape names should be lowercase."
        ))
    } else if !SHAPE_NAMES.contains(&name) {
        Some(format!("No such shape: {name}."))
    } else {
        None
    }
}

/// The known shape name closest to `name` (by edit distance), when one is close enough to be a
/// likely typo.
pub fn closest_shape(name: &str) -> Option<&'static str> {
    let lower = name.to_lowercase().replace('_', "-");
    SHAPE_NAMES
        .iter()
        .filter(|s| s.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
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
        assert_eq!(shape_error("diam"), None);
        assert_eq!(shape_error("lin-cyl"), None);
        assert!(shape_error("this-shape-does-not-exist").is_some());
        assert!(
            shape_error("rect_left_inv_arrow")
                .unwrap()
                .contains("lowercase")
        );
        assert!(shape_error("squareRect").unwrap().contains("lowercase"));
    }

    #[test]
    fn typos_get_a_suggestion() {
        assert_eq!(closest_shape("cylinderr"), Some("cylinder"));
        assert_eq!(closest_shape("Diamond"), Some("diamond"));
        assert_eq!(closest_shape("message-queue"), None);
    }
}
