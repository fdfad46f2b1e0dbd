//! Drawing flowcharts without a browser: Mermaid's model → [`scene`] (shapes, text sized with
//! real font metrics, styles) → [`crate::layout`] → [`svg`] or the [`layout_json`] geometry.
//! [`command`] is `topomaid render`.

pub mod color;
pub mod command;
pub mod config;
pub mod curve;
mod font_metrics;
pub mod layout_json;
pub mod num;
pub mod scene;
pub mod shapes;
pub mod site;
pub mod style;
pub mod svg;
pub mod text;
pub mod theme;

use crate::flowdb::FlowDb;
use crate::layout;

/// The SVG document of a flowchart.
pub fn to_svg(db: &FlowDb) -> String {
    let scene = scene::build(db);
    let geometry = layout::layout(&scene.input);
    svg::write(&scene, &geometry)
}

/// The laid-out geometry of a flowchart as pretty-printed JSON (`--format layout`).
pub fn to_layout_json(db: &FlowDb) -> String {
    let scene = scene::build(db);
    let geometry = layout::layout(&scene.input);
    let mut s = serde_json::to_string_pretty(&layout_json::build(&scene, &geometry))
        .unwrap_or_else(|_| "{}".to_string());
    s.push('\n');
    s
}
