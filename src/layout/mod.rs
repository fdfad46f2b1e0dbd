//! Layered layout of a flowchart with nested clusters: the geometry the SVG renderer draws.
//!
//! The input is abstract (boxes of known size, clusters, edges with optional label boxes); the
//! output is positions. The renderer measures text and builds the input; this module knows
//! nothing of Mermaid or SVG.

use serde::Serialize;

/// The direction ranks advance in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Direction {
    /// Top to bottom (`TB`, `TD`).
    TopBottom,
    /// Bottom to top (`BT`).
    BottomTop,
    /// Left to right (`LR`).
    LeftRight,
    /// Right to left (`RL`).
    RightLeft,
}

impl Direction {
    /// Reads Mermaid's normalised direction (`TB`, `BT`, `LR`, `RL`); anything else is `TB`.
    pub fn from_mermaid(dir: &str) -> Direction {
        match dir {
            "BT" => Direction::BottomTop,
            "LR" => Direction::LeftRight,
            "RL" => Direction::RightLeft,
            _ => Direction::TopBottom,
        }
    }
}

/// A node to place: a box of fixed size.
#[derive(Debug, Clone)]
pub struct NodeSpec {
    /// Width of the box.
    pub width: f64,
    /// Height of the box.
    pub height: f64,
    /// The innermost cluster holding the node, an index into [`LayoutInput::clusters`].
    pub cluster: Option<usize>,
}

/// A cluster (subgraph): a box drawn around its members, with a title at its top.
#[derive(Debug, Clone)]
pub struct ClusterSpec {
    /// The cluster around this one, an index into [`LayoutInput::clusters`].
    pub parent: Option<usize>,
    /// Size of the title text; the cluster is at least this wide plus padding.
    pub title_width: f64,
    /// Height of the title text, reserved at the top of the cluster.
    pub title_height: f64,
    /// A `direction` given inside the subgraph.
    pub direction: Option<Direction>,
}

/// One end of an edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// A node, an index into [`LayoutInput::nodes`].
    Node(usize),
    /// A cluster (an edge written to a subgraph id), an index into [`LayoutInput::clusters`].
    Cluster(usize),
}

/// An edge to route.
#[derive(Debug, Clone)]
pub struct EdgeSpec {
    /// Where it starts.
    pub from: End,
    /// Where it ends.
    pub to: End,
    /// Size of its label box, when it has a label.
    pub label: Option<(f64, f64)>,
    /// The minimum number of ranks it spans (Mermaid's link length: `-->` 1, `--->` 2, …).
    pub min_len: usize,
}

/// Spacing used by the layout.
#[derive(Debug, Clone, Copy)]
pub struct Spacing {
    /// Between neighbouring boxes in one rank.
    pub node: f64,
    /// Between ranks.
    pub rank: f64,
    /// Inside a cluster, around its members.
    pub cluster_padding: f64,
}

impl Default for Spacing {
    fn default() -> Self {
        Spacing {
            node: 50.0,
            rank: 50.0,
            cluster_padding: 15.0,
        }
    }
}

/// Everything the layout needs.
#[derive(Debug, Clone)]
pub struct LayoutInput {
    /// The diagram's direction.
    pub direction: Direction,
    /// The nodes.
    pub nodes: Vec<NodeSpec>,
    /// The clusters, in any order (parents may come after children).
    pub clusters: Vec<ClusterSpec>,
    /// The edges, in source order.
    pub edges: Vec<EdgeSpec>,
    /// Spacing.
    pub spacing: Spacing,
}

/// An axis-aligned box; `x`, `y` is its top-left corner.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// The route of one edge.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EdgeRoute {
    /// The polyline from the border of the start box to the border of the end box.
    pub points: Vec<(f64, f64)>,
    /// Where its label goes, when it has one.
    pub label: Option<Rect>,
}

/// The result: one entry per input node, cluster and edge, in input order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Layout {
    /// Width of the canvas (everything lies within `0..width`).
    pub width: f64,
    /// Height of the canvas.
    pub height: f64,
    /// Node boxes.
    pub nodes: Vec<Rect>,
    /// Cluster boxes (title included).
    pub clusters: Vec<Rect>,
    /// Edge routes.
    pub edges: Vec<EdgeRoute>,
}

impl LayoutInput {
    /// An empty input in `direction` with the default spacing.
    pub fn new(direction: Direction) -> LayoutInput {
        LayoutInput {
            direction,
            nodes: Vec::new(),
            clusters: Vec::new(),
            edges: Vec::new(),
            spacing: Spacing::default(),
        }
    }
}

impl Rect {
    /// Whether the two boxes share interior area (touching borders do not count).
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.x + other.width
            && other.x < self.x + self.width
            && self.y < other.y + other.height
            && other.y < self.y + self.height
    }

    /// Whether `other` lies within this box (borders included).
    pub fn contains(&self, other: &Rect) -> bool {
        other.x >= self.x
            && other.y >= self.y
            && other.x + other.width <= self.x + self.width
            && other.y + other.height <= self.y + self.height
    }
}

/// Lays out the graph. Deterministic: the same input gives the same layout.
pub fn layout(input: &LayoutInput) -> Layout {
    subgraph_direction::layout(input)
}

mod acyclic;
mod boxes;
mod detour;
mod hierarchy;
mod layered;
mod order;
mod pipeline;
mod position;
mod prepare;
mod rank;
mod route;
mod simplex;
mod subgraph_direction;
mod titles;
mod tracks;

pub use titles::title_boxes;
