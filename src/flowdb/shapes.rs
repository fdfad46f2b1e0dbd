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

/// Levenshtein distance between two short strings (also for the did-you-mean of rule ids).
pub fn edit_distance(a: &str, b: &str) -> usize {
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

/// The geometries a shape name stands for; several Mermaid names share one (the renderer
/// draws each, `duplicate-node` compares them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Rectangle (`[ ]`, `rect`, `proc`, …).
    Rect,
    /// Rounded rectangle (`( )`, `rounded`, `event`).
    Rounded,
    /// Pill (`([ ])`, `stadium`, `terminal`).
    Stadium,
    /// Rectangle with double side bars (`[[ ]]`, `subroutine`, `fr-rect`).
    Subroutine,
    /// Vertical cylinder (`[( )]`, `cyl`, `db`).
    Cylinder,
    /// Horizontal cylinder (`h-cyl`, `das`).
    HorizontalCylinder,
    /// Cylinder with a second rim line (`lin-cyl`, `disk`).
    LinedCylinder,
    /// Circle (`(( ))`, `circle`).
    Circle,
    /// Two concentric circles (`((( )))`, `dbl-circ`).
    DoubleCircle,
    /// Small filled start dot (`sm-circ`, `start`).
    SmallCircle,
    /// Small ring with a dot (`fr-circ`, `stop`).
    FramedCircle,
    /// Small filled junction (`f-circ`, `junction`).
    FilledCircle,
    /// Circle with an X (`cross-circ`, `summary`).
    CrossedCircle,
    /// Ellipse (`(- -)`).
    Ellipse,
    /// Diamond (`{ }`, `diam`, `decision`).
    Diamond,
    /// Hexagon (`{{ }}`, `hex`, `prepare`).
    Hexagon,
    /// Leaning right (`[/ /]`, `lean-r`, `in-out`).
    LeanRight,
    /// Leaning left (`[\ \]`, `lean-l`, `out-in`).
    LeanLeft,
    /// Trapezoid wide at the bottom (`[/ \]`, `trap-b`, `priority`).
    Trapezoid,
    /// Trapezoid wide at the top (`[\ /]`, `trap-t`, `manual`).
    InvTrapezoid,
    /// Flag pointing left into the box (`> ]`, `odd`).
    Odd,
    /// Text only, no outline (`text`).
    Text,
    /// Rectangle with a cut corner (`notch-rect`, `card`).
    Card,
    /// Rectangle with a line down its left side (`lin-rect`, `lin-proc`).
    LinedRect,
    /// Rectangle with a line under its top (`div-rect`, `div-proc`).
    DividedRect,
    /// Rectangle with lines under its top and along its left (`win-pane`).
    WindowPane,
    /// Wavy-bottomed document (`doc`, `document`).
    Document,
    /// Document with a line down its left (`lin-doc`).
    LinedDocument,
    /// Stacked documents (`docs`, `st-doc`).
    StackedDocument,
    /// Document with a folded corner (`tag-doc`).
    TaggedDocument,
    /// Stacked rectangles (`st-rect`, `procs`).
    StackedRect,
    /// Rectangle with a folded corner (`tag-rect`, `tag-proc`).
    TaggedRect,
    /// Rectangle rounded on its right (`delay`).
    Delay,
    /// Display: pointed left, rounded right (`curv-trap`, `display`).
    Display,
    /// Triangle pointing up (`tri`, `extract`).
    Triangle,
    /// Triangle pointing down (`flip-tri`, `manual-file`).
    FlippedTriangle,
    /// Pentagon with cut top corners (`notch-pent`, `loop-limit`).
    NotchedPentagon,
    /// Rectangle with a sloped top (`sl-rect`, `manual-input`).
    SlopedRect,
    /// Bow-tie rectangle: concave left, convex right (`bow-rect`, `stored-data`).
    BowTieRect,
    /// Wavy top and bottom (`flag`, `paper-tape`).
    Flag,
    /// Two triangles meeting at a point (`hourglass`, `collate`).
    Hourglass,
    /// Fork or join bar (`fork`, `join`).
    ForkBar,
    /// A brace on the left of the text (`brace`, `comment`).
    BraceLeft,
    /// A brace on the right (`brace-r`).
    BraceRight,
    /// Braces on both sides (`braces`).
    Braces,
    /// Lightning bolt (`bolt`, `com-link`).
    Bolt,
    /// Cloud (`cloud`).
    Cloud,
    /// Bang: a spiky burst (`bang`).
    Bang,
    /// A person: a head over rounded shoulders, the label in the body (`person`, the use-case
    /// actors).
    Person,
    /// A bucket: an open rim over sides that narrow to the base (`bucket`).
    Bucket,
    /// A folder: a rectangle with a tab on its top left (`folder`, `directory`).
    Folder,
    /// A browser window: a title bar with three dots (`browser`).
    Browser,
    /// A terminal window: a title bar and a prompt (`console`).
    Console,
}

/// Every bracket shape of the classic syntax (as [`crate::syntax::ast::Shape::mermaid_name`]
/// spells it) and every `@{ shape: … }` name, for tests.
pub const ALL_NAMES: &[&str] = &[
    "square",
    "round",
    "circle",
    "doublecircle",
    "ellipse",
    "stadium",
    "subroutine",
    "cylinder",
    "diamond",
    "hexagon",
    "odd",
    "trapezoid",
    "inv_trapezoid",
    "lean_right",
    "lean_left",
    "rect",
];

impl Shape {
    /// The geometry for a Mermaid shape name (bracket shape or `@{ shape: … }` name or alias);
    /// unknown names are rectangles.
    pub fn from_name(name: &str) -> Shape {
        use Shape::*;
        match name {
            "round" | "rounded" | "event" | "roundedRect" | "iconRounded" | "kanbanItem" => Rounded,
            "stadium" | "terminal" | "pill" => Stadium,
            "subroutine" | "fr-rect" | "subprocess" | "subproc" | "framed-rectangle" => Subroutine,
            "cylinder" | "cyl" | "db" | "database" | "datastore" | "data-store" => Cylinder,
            "h-cyl" | "das" | "horizontal-cylinder" => HorizontalCylinder,
            "lin-cyl" | "disk" | "lined-cylinder" => LinedCylinder,
            "circle" | "circ" | "mindmapCircle" | "iconCircle" => Circle,
            "doublecircle" | "dbl-circ" | "double-circle" => DoubleCircle,
            "sm-circ" | "start" | "small-circle" | "stateStart" => SmallCircle,
            "fr-circ" | "stop" | "framed-circle" | "stateEnd" => FramedCircle,
            "f-circ" | "junction" | "filled-circle" | "anchor" => FilledCircle,
            "cross-circ" | "summary" | "crossed-circle" => CrossedCircle,
            "ellipse" => Ellipse,
            "diamond" | "diam" | "decision" | "question" | "choice" => Diamond,
            "hexagon" | "hex" | "prepare" => Hexagon,
            "lean_right" | "lean-r" | "lean-right" | "in-out" => LeanRight,
            "lean_left" | "lean-l" | "lean-left" | "out-in" => LeanLeft,
            "trapezoid" | "trap-b" | "priority" | "trapezoid-bottom" => Trapezoid,
            "inv_trapezoid" | "inv-trapezoid" | "trap-t" | "manual" | "trapezoid-top" => {
                InvTrapezoid
            }
            "odd" | "rect_left_inv_arrow" => Odd,
            "text" | "labelRect" | "icon" => Text,
            "notch-rect" | "card" | "notched-rectangle" | "note" => Card,
            "lin-rect" | "lined-rectangle" | "lined-process" | "lin-proc" | "shaded-process" => {
                LinedRect
            }
            "div-rect" | "div-proc" | "divided-rectangle" | "divided-process" | "rectWithTitle"
            | "classBox" | "erBox" | "requirementBox" => DividedRect,
            "win-pane" | "internal-storage" | "window-pane" => WindowPane,
            "doc" | "document" => Document,
            "lin-doc" | "lined-document" => LinedDocument,
            "docs" | "documents" | "st-doc" | "stacked-document" => StackedDocument,
            "tag-doc" | "tagged-document" => TaggedDocument,
            "st-rect" | "procs" | "processes" | "stacked-rectangle" => StackedRect,
            "tag-rect" | "tagged-rectangle" | "tag-proc" | "tagged-process" => TaggedRect,
            "delay" | "half-rounded-rectangle" => Delay,
            "curv-trap" | "curved-trapezoid" | "display" => Display,
            "tri" | "extract" | "triangle" => Triangle,
            "flip-tri" | "manual-file" | "flipped-triangle" => FlippedTriangle,
            "notch-pent" | "loop-limit" | "notched-pentagon" => NotchedPentagon,
            "sl-rect" | "manual-input" | "sloped-rectangle" => SlopedRect,
            "bow-rect" | "stored-data" | "bow-tie-rectangle" => BowTieRect,
            "flag" | "paper-tape" => Flag,
            "hourglass" | "collate" => Hourglass,
            "fork" | "join" | "forkJoin" => ForkBar,
            "brace" | "comment" | "brace-l" => BraceLeft,
            "brace-r" => BraceRight,
            "braces" => Braces,
            "bolt" | "com-link" | "lightning-bolt" => Bolt,
            "cloud" => Cloud,
            "bang" => Bang,
            "person"
            | "usecaseActor"
            | "usecaseActorHollow"
            | "usecaseActorAwesome"
            | "usecaseActorIcon" => Person,
            "bucket" => Bucket,
            "folder" | "directory" => Folder,
            "browser" => Browser,
            "console" => Console,
            "composite" | "collapsedGroup" | "bpmn-activity" => Rounded,
            "usecaseEllipse" | "usecaseBusiness" => Ellipse,
            "usecaseJsonTable" => DividedRect,
            "bpmn-start" | "bpmn-end" => Circle,
            "bpmn-intermediate" | "bpmn-boundary" => DoubleCircle,
            "bpmn-gateway" => Diamond,
            "bpmn-data" => TaggedRect,
            "bpmn-data-store" => Cylinder,
            "bpmn-annotation" => BraceLeft,
            "block_arrow" => Odd,
            _ => Rect,
        }
    }
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
