//! Drawing flowcharts without a browser: Mermaid's model → [`scene`] (shapes, text sized with
//! real font metrics, styles) → [`crate::layout`] → [`svg`] or the [`layout_json`] geometry.
//! [`command`] is `topomaid render`.

pub mod asset;
pub mod color;
pub mod config;
pub mod curve;
pub mod depth;
mod font_metrics;
pub mod layout_json;
pub mod num;
pub mod pictogram;
pub mod scene;
pub mod shapes;
pub mod style;
pub mod svg;
pub mod text;
pub mod theme;

pub use config::{Look, LookName, Options};

use crate::flowdb::FlowDb;
use crate::layout;
use crate::syntax::ast::Flowchart;

/// The SVG document of a flowchart in the default release's look (Mermaid 12: `redux-color`,
/// `neo`, `basis` curves), ignoring what the diagram configures for itself.
pub fn to_svg(db: &FlowDb) -> String {
    svg_of(db, &Look::default())
}

/// The SVG document of a parsed flowchart drawn with `options` (among them the Mermaid
/// release, `options.target`) and the theme, look, theme variables and curve its front matter
/// and `init` directives set.
pub fn draw_svg(chart: &Flowchart, db: &FlowDb, options: &Options) -> String {
    svg_of(db, &Look::of(chart, options))
}

/// The SVG document of a flowchart in `look`.
pub fn svg_of(db: &FlowDb, look: &Look) -> String {
    let scene = scene_of(db, look);
    let geometry = layout::layout(&scene.input);
    svg::write(&scene, &geometry)
}

/// The laid-out geometry of a flowchart as pretty-printed JSON (`--format layout`), in the
/// default release's look.
pub fn to_layout_json(db: &FlowDb) -> String {
    layout_json_of(db, &Look::default())
}

/// The laid-out geometry of a parsed flowchart drawn with `options` (its font size and icon
/// and image sizes decide the boxes).
pub fn draw_layout_json(chart: &Flowchart, db: &FlowDb, options: &Options) -> String {
    layout_json_of(db, &Look::of(chart, options))
}

/// The scene of a flowchart in `look`, its deep clusters collapsed when `look.depth` asks.
fn scene_of(db: &FlowDb, look: &Look) -> scene::Scene {
    let scene = scene::build_with(db, look);
    match look.depth {
        Some(d) => depth::collapse(scene, d),
        None => scene,
    }
}

fn layout_json_of(db: &FlowDb, look: &Look) -> String {
    let scene = scene_of(db, look);
    let geometry = layout::layout(&scene.input);
    let mut s = serde_json::to_string_pretty(&layout_json::build(&scene, &geometry))
        .unwrap_or_else(|_| "{}".to_string());
    s.push('\n');
    s
}
