//! `topomaid render --format layout`: the geometry of a laid-out diagram as JSON, for tools and
//! tests. Boxes are `{id, x, y, width, height}` with `x, y` the top-left corner; numbers are
//! rounded to two decimals.

use serde::Serialize;

use super::num::round2;
use super::scene::Scene;
use crate::layout::{Layout, Rect, title_boxes};

/// The whole document.
#[derive(Debug, Serialize)]
pub struct LayoutJson<'a> {
    /// Canvas width.
    pub width: f64,
    /// Canvas height.
    pub height: f64,
    /// Node boxes, in Mermaid's vertex order.
    pub nodes: Vec<BoxJson<'a>>,
    /// Cluster boxes (title included), in Mermaid's subgraph order.
    pub clusters: Vec<BoxJson<'a>>,
    /// Cluster title boxes (the title text's box at the top of its cluster), with the
    /// subgraph's id, in Mermaid's subgraph order.
    pub titles: Vec<BoxJson<'a>>,
    /// Edge label boxes, with the edge's id.
    pub labels: Vec<BoxJson<'a>>,
    /// Edge routes.
    pub edges: Vec<EdgeJson<'a>>,
}

/// A box with the id of what it holds.
#[derive(Debug, Serialize)]
pub struct BoxJson<'a> {
    /// Node, subgraph or edge id.
    pub id: &'a str,
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// An edge's route.
#[derive(Debug, Serialize)]
pub struct EdgeJson<'a> {
    /// The edge id.
    pub id: &'a str,
    /// Start node or subgraph id.
    pub from: &'a str,
    /// End node or subgraph id.
    pub to: &'a str,
    /// The polyline, from border to border.
    pub points: Vec<[f64; 2]>,
}

fn boxed<'a>(id: &'a str, r: &Rect) -> BoxJson<'a> {
    BoxJson {
        id,
        x: round2(r.x),
        y: round2(r.y),
        width: round2(r.width),
        height: round2(r.height),
    }
}

/// The geometry of `scene` laid out as `layout`.
pub fn build<'a>(scene: &'a Scene, layout: &Layout) -> LayoutJson<'a> {
    LayoutJson {
        width: round2(layout.width),
        height: round2(layout.height),
        nodes: scene
            .nodes
            .iter()
            .zip(&layout.nodes)
            .map(|(n, r)| boxed(&n.id, r))
            .collect(),
        clusters: scene
            .clusters
            .iter()
            .zip(&layout.clusters)
            .map(|(c, r)| boxed(&c.id, r))
            .collect(),
        titles: scene
            .clusters
            .iter()
            .zip(&title_boxes(&scene.input, layout))
            .map(|(c, r)| boxed(&c.id, r))
            .collect(),
        labels: scene
            .edges
            .iter()
            .zip(&layout.edges)
            .filter_map(|(e, route)| route.label.as_ref().map(|r| boxed(&e.id, r)))
            .collect(),
        edges: scene
            .edges
            .iter()
            .zip(&layout.edges)
            .map(|(e, route)| EdgeJson {
                id: &e.id,
                from: &e.from,
                to: &e.to,
                points: route
                    .points
                    .iter()
                    .map(|&(x, y)| [round2(x), round2(y)])
                    .collect(),
            })
            .collect(),
    }
}
