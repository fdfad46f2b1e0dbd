//! The SVG writer: a scene and its layout as one self-contained SVG document.
//!
//! Everything is drawn with presentation attributes (no `<style>`, no CSS classes needed, no
//! `foreignObject`, no markers), so any SVG tool shows the same picture. User text only ever
//! appears XML-escaped in text content or attribute values; user colours only after
//! [`super::style::safe_value`]; links only after [`super::style::safe_link`]. Numbers are written
//! with two decimals at most, so the same input gives the same bytes.

use std::borrow::Cow;
use std::fmt::Write;

use super::asset::{AssetKind, Form, Parts};
use super::config::LookName;
use super::curve::{self, Obstacles};
use super::num::fmt;
use super::pictogram::{self, Pictogram};
use super::scene::{CLUSTER_TITLE_PAD, EDGE_LABEL_PAD, Head, Scene, SceneEdge, SceneNode, Stroke};
use super::shapes::{self, Shape, ellipse, inside, poly, ray_hit};
use super::style::Style;
use super::text::{
    CJK_FONT_STACK, EMOJI_FONT_STACK, FONT_STACK, LINE_HEIGHT, RichText, Script, font_runs,
};
use super::theme::{Paint, Theme};
use crate::layout::{End, Layout, Rect, title_boxes};

/// Space around the layout's canvas, for strokes and arrowheads at its border.
const MARGIN: f64 = 8.0;

/// Font size of the front-matter title drawn above the diagram.
const HEADING_SIZE: f64 = 18.0;

/// Length of a pointed arrowhead along the edge.
const HEAD_LEN: f64 = 9.0;

/// Length and half-width of the neo look's pointed arrowhead: Mermaid's `pointEnd-margin`
/// marker, an 11.5 × 14 triangle drawn in a 10.5 × 14 marker box (scaled by 10.5 / 11.5).
const NEO_HEAD: (f64, f64) = (10.5, 7.0 * 10.5 / 11.5);

/// The offset of the neo look's drop shadow (Mermaid's `feDropShadow dx="4" dy="4"
/// stdDeviation="0"`: a hard copy of the silhouette), and its opacity.
const SHADOW_OFFSET: f64 = 4.0;
const SHADOW_OPACITY: &str = "0.06";

/// Writes the SVG document of `scene` laid out as `layout`.
pub fn write(scene: &Scene, layout: &Layout) -> String {
    let mut w = Writer {
        out: String::with_capacity(1024 + scene.nodes.len() * 600 + scene.edges.len() * 300),
        theme: &scene.theme,
        neo: scene.look == LookName::Neo,
    };
    let theme = &scene.theme;
    let (x0, y0, x1, y1) = bounds(layout);
    let heading_size = HEADING_SIZE;
    let (heading_w, heading_h) = match &scene.heading {
        Some(h) if !h.is_empty() => {
            let (w, h) = h.size(heading_size);
            (w, h + MARGIN)
        }
        _ => (0.0, 0.0),
    };
    let width = (x1 - x0).max(heading_w) + 2.0 * MARGIN;
    let height = y1 - y0 + heading_h + 2.0 * MARGIN;
    let _ = write!(
        w.out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" \
         width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\" \
         font-family=\"{}\" font-size=\"{}\"",
        fmt(width),
        fmt(height),
        fmt(width),
        fmt(height),
        esc(&match &theme.font_family {
            Some(family) => format!("{family}, {FONT_STACK}"),
            None => FONT_STACK.to_string(),
        }),
        fmt(theme.font_size)
    );
    if scene.title.is_some() {
        w.out.push_str(" aria-labelledby=\"title\"");
    }
    if scene.description.is_some() {
        w.out.push_str(" aria-describedby=\"desc\"");
    }
    w.out.push_str(">\n");
    if let Some(t) = &scene.title {
        let _ = writeln!(w.out, "<title id=\"title\">{}</title>", esc(t));
    }
    if let Some(d) = &scene.description {
        let _ = writeln!(w.out, "<desc id=\"desc\">{}</desc>", esc(d));
    }
    let _ = write!(
        w.out,
        "<rect width=\"{}\" height=\"{}\"",
        fmt(width),
        fmt(height),
    );
    w.fill(None, None, &theme.background);
    w.out.push_str("/>\n");
    if let Some(h) = scene.heading.as_ref().filter(|_| heading_h > 0.0) {
        w.out.push_str("<g class=\"heading\">");
        w.text(
            h,
            width / 2.0,
            MARGIN,
            heading_size,
            &Style::default(),
            &theme.title_text,
        );
        w.out.push_str("</g>\n");
    }
    let _ = writeln!(
        w.out,
        "<g transform=\"translate({},{})\">",
        fmt(MARGIN - x0 + ((x1 - x0).max(heading_w) - (x1 - x0)) / 2.0),
        fmt(MARGIN - y0 + heading_h)
    );
    w.clusters(scene, layout);
    w.out.push_str("<g class=\"edges\">\n");
    let obstacles = Obstacles::new(&layout.nodes, &layout.clusters).with_labels(
        layout
            .edges
            .iter()
            .enumerate()
            .filter_map(|(i, e)| Some((i, e.label?))),
    );
    for (i, ((e, spec), route)) in scene
        .edges
        .iter()
        .zip(&scene.input.edges)
        .zip(&layout.edges)
        .enumerate()
    {
        let mut points = route.points.clone();
        let outline = |end: End| match end {
            End::Node(k) => scene.nodes.get(k).zip(layout.nodes.get(k)),
            End::Cluster(_) => None,
        };
        for (end, start) in [(spec.to, false), (spec.from, true)] {
            let Some((n, r)) = outline(end) else {
                continue;
            };
            match asset_parts(n, r, theme) {
                Some((parts, form)) => clip_to(&mut points, start, &parts.outlines(form), r),
                None => clip_to_outline(&mut points, start, n.shape, r),
            }
        }
        w.edge(e, &points, &obstacles, i);
    }
    w.out.push_str("</g>\n<g class=\"nodes\">\n");
    for (n, r) in scene.nodes.iter().zip(&layout.nodes) {
        w.node(n, r);
    }
    w.out.push_str("</g>\n<g class=\"edge-labels\">\n");
    for (e, route) in scene.edges.iter().zip(&layout.edges) {
        if let (Some(label), Some(r)) = (&e.label, &route.label) {
            w.edge_label(e, label, r);
        }
    }
    w.out.push_str("</g>\n</g>\n</svg>\n");
    w.out
}

/// The drawing's extent: the layout's canvas, grown to hold anything placed outside it.
fn bounds(layout: &Layout) -> (f64, f64, f64, f64) {
    let (mut x0, mut y0, mut x1, mut y1) = (0.0_f64, 0.0_f64, layout.width, layout.height);
    let rects = layout
        .nodes
        .iter()
        .chain(&layout.clusters)
        .chain(layout.edges.iter().filter_map(|e| e.label.as_ref()));
    for r in rects {
        x0 = x0.min(r.x);
        y0 = y0.min(r.y);
        x1 = x1.max(r.x + r.width);
        y1 = y1.max(r.y + r.height);
    }
    for &(x, y) in layout.edges.iter().flat_map(|e| &e.points) {
        x0 = x0.min(x);
        y0 = y0.min(y);
        x1 = x1.max(x);
        y1 = y1.max(y);
    }
    let finite = |v: f64| if v.is_finite() { v } else { 0.0 };
    (finite(x0), finite(y0), finite(x1), finite(y1))
}

struct Writer<'t> {
    out: String,
    theme: &'t Theme,
    /// Drawing in the neo look.
    neo: bool,
}

impl Writer<'_> {
    fn clusters(&mut self, scene: &Scene, layout: &Layout) {
        // Outer clusters first, so that inner ones are drawn over them.
        let parents: Vec<Option<usize>> = scene.input.clusters.iter().map(|c| c.parent).collect();
        let depth = |mut c: usize| {
            let mut d = 0;
            while let Some(p) = parents[c] {
                d += 1;
                c = p;
                if d > parents.len() {
                    break;
                }
            }
            d
        };
        let mut order: Vec<usize> = (0..scene.clusters.len().min(layout.clusters.len())).collect();
        order.sort_by_key(|&c| (depth(c), c));
        let titles = title_boxes(&scene.input, layout);
        self.out.push_str("<g class=\"clusters\">\n");
        for c in order {
            let (cl, r) = (&scene.clusters[c], &layout.clusters[c]);
            let _ = write!(
                self.out,
                "<g class=\"cluster\" data-id=\"{}\">",
                esc(&cl.id)
            );
            if self.neo {
                let d = poly(
                    &[
                        (r.x, r.y),
                        (r.x + r.width, r.y),
                        (r.x + r.width, r.y + r.height),
                        (r.x, r.y + r.height),
                    ],
                    true,
                );
                self.shadow(&d, "1");
            }
            let (fill, mut stroke) = self
                .theme
                .cluster_paint(scene.cluster_order.get(c).copied().unwrap_or(c));
            if self.neo && self.theme.cluster_palette.is_empty() {
                // Mermaid's neo rules outline subgraphs in `nodeBorder`; only a palette's
                // (more specific) rules win over them.
                stroke = &self.theme.node_stroke;
            }
            let _ = write!(
                self.out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
                fmt(r.x),
                fmt(r.y),
                fmt(r.width),
                fmt(r.height)
            );
            // Mermaid outlines clusters 1px whatever the theme's `strokeWidth`.
            self.paint(&cl.style, fill, stroke, "1");
            self.out.push_str("/>");
            let size = cl.style.font_size.unwrap_or(self.theme.font_size);
            self.text(
                &cl.title,
                titles
                    .get(c)
                    .map_or(r.x + r.width / 2.0, |t| t.x + t.width / 2.0),
                r.y + CLUSTER_TITLE_PAD,
                size,
                &cl.style,
                &self.theme.cluster_text,
            );
            self.out.push_str("</g>\n");
        }
        self.out.push_str("</g>\n");
    }

    fn node(&mut self, n: &SceneNode, r: &Rect) {
        if let Some(link) = &n.link {
            let _ = write!(self.out, "<a xlink:href=\"{}\">", esc(link));
        }
        let _ = write!(self.out, "<g class=\"node\" data-id=\"{}\">", esc(&n.id));
        if let Some(t) = &n.tooltip {
            let _ = write!(self.out, "<title>{}</title>", esc(t));
        }
        if n.asset.is_some() {
            self.asset_node(n, r);
        } else {
            self.shape_node(n, r);
        }
        self.out.push_str("</g>");
        if n.link.is_some() {
            self.out.push_str("</a>");
        }
        self.out.push('\n');
    }

    fn shape_node(&mut self, n: &SceneNode, r: &Rect) {
        let theme = self.theme;
        let mut outline = n.shape.paths(r.x, r.y, r.width, r.height);
        if n.shape == Shape::Rounded {
            // `roundedRect` rounds its corners by the theme's `radius`.
            outline.filled = vec![shapes::rect(r.x, r.y, r.width, r.height, theme.radius)];
        }
        if self.neo {
            let width = n
                .style
                .stroke_width
                .clone()
                .unwrap_or_else(|| theme.stroke_width.clone());
            for d in &outline.filled {
                self.shadow(d, &width);
            }
        }
        for d in &outline.filled {
            self.filled_path(d, n);
        }
        for d in &outline.lines {
            let _ = write!(self.out, "<path d=\"{d}\" fill=\"none\"");
            self.stroke(n.style.stroke.as_deref(), None, &theme.node_stroke);
            if let Some(sw) = &n.style.stroke_width {
                let _ = write!(self.out, " stroke-width=\"{}\"", esc(sw));
            }
            self.out.push_str("/>");
        }
        for d in &outline.solid {
            let _ = write!(self.out, "<path d=\"{d}\"");
            self.fill(n.style.stroke.as_deref(), None, &theme.node_stroke);
            self.out.push_str("/>");
        }
        if n.shape.shows_label() && !n.label.is_empty() {
            let size = n.style.font_size.unwrap_or(theme.font_size);
            let text_h = n.label.lines.len() as f64 * size * LINE_HEIGHT;
            let mut top = r.y + (r.height - text_h) / 2.0;
            if n.shape == Shape::Triangle {
                top += r.height / 6.0;
            } else if n.shape == Shape::FlippedTriangle {
                top -= r.height / 6.0;
            }
            self.text(
                &n.label,
                r.x + r.width / 2.0,
                top,
                size,
                &n.style,
                &theme.node_text,
            );
        }
    }

    /// How far the line stops short of its end, so that a head covers the end.
    fn head_inset(&self, head: Head) -> f64 {
        match head {
            Head::None => 0.0,
            Head::Point if self.neo => NEO_HEAD.0 - 1.0,
            Head::Point => HEAD_LEN - 1.0,
            Head::Circle => 5.0,
            Head::Cross => 0.0,
        }
    }

    /// The neo look's drop shadow of the outline `d` (stroked `width` wide): the silhouette
    /// in the shadow colour, moved down and right, drawn before the shape. The same picture
    /// as Mermaid's `feDropShadow` with no blur, without a filter (and its id) to resolve.
    fn shadow(&mut self, d: &str, width: &str) {
        let colour = self.theme.shadow_colour();
        let _ = write!(
            self.out,
            "<path class=\"shadow\" d=\"{d}\" transform=\"translate({SHADOW_OFFSET},{SHADOW_OFFSET})\" fill=\"{colour}\" stroke=\"{colour}\" stroke-width=\"{}\" opacity=\"{SHADOW_OPACITY}\"/>",
            esc(width)
        );
    }

    /// A path filled and outlined in the node's colours.
    fn filled_path(&mut self, d: &str, n: &SceneNode) {
        let theme = self.theme;
        let _ = write!(self.out, "<path d=\"{d}\"");
        self.paint(
            &n.style,
            &theme.node_fill,
            &theme.node_stroke,
            &theme.stroke_width,
        );
        self.out.push_str("/>");
    }

    /// An icon or image node: the icon's background and glyph, or the image (a framed
    /// placeholder unless linking is allowed), and the label on a background box above or
    /// below.
    fn asset_node(&mut self, n: &SceneNode, r: &Rect) {
        let Some(asset) = &n.asset else {
            return;
        };
        let theme = self.theme;
        let size = n.style.font_size.unwrap_or(theme.font_size);
        let Some((parts, _)) = asset_parts(n, r, theme) else {
            return;
        };
        let (ax, ay, aw, ah) = parts.asset;
        let (cx, cy) = (ax + aw / 2.0, ay + ah / 2.0);
        match &asset.kind {
            AssetKind::Icon {
                pictogram,
                initials,
                form,
            } => {
                // Mermaid fills the background with the node fill and outlines it in the same
                // colour; the icon itself takes the node's stroke colour.
                let background = match form {
                    Form::Plain => None,
                    Form::Square => Some(poly(
                        &[(ax, ay), (ax + aw, ay), (ax + aw, ay + ah), (ax, ay + ah)],
                        true,
                    )),
                    Form::Rounded => Some(shapes::rect(ax, ay, aw, ah, 5.0)),
                    Form::Circle => Some(ellipse(cx, cy, aw / 2.0, ah / 2.0)),
                };
                if let Some(d) = background {
                    let _ = write!(self.out, "<path d=\"{d}\"");
                    self.fill(n.style.fill.as_deref(), None, &theme.node_fill);
                    self.stroke(n.style.fill.as_deref(), None, &theme.node_fill);
                    self.out.push_str("/>");
                }
                let icon = match form {
                    Form::Plain => aw,
                    Form::Square | Form::Rounded => aw - 15.0,
                    Form::Circle => (aw - 40.0) / std::f64::consts::SQRT_2,
                };
                self.icon_glyph(n, *pictogram, initials, (cx, cy), icon);
            }
            AssetKind::Image { href } => {
                let frame = poly(
                    &[(ax, ay), (ax + aw, ay), (ax + aw, ay + ah), (ax, ay + ah)],
                    true,
                );
                self.filled_path(&frame, n);
                match href {
                    Some(href) => {
                        let _ = write!(
                            self.out,
                            "<image xlink:href=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" preserveAspectRatio=\"none\"/>",
                            esc(href),
                            fmt(ax),
                            fmt(ay),
                            fmt(aw),
                            fmt(ah)
                        );
                    }
                    None => {
                        let d = pictogram::picture(cx, cy, aw.min(ah));
                        let _ = write!(self.out, "<path d=\"{d}\" fill-opacity=\"0.6\"");
                        self.fill(n.style.stroke.as_deref(), None, &theme.node_stroke);
                        self.out.push_str("/>");
                    }
                }
            }
        }
        self.asset_label(n, parts.label, size);
    }

    /// An icon in the node's outline colour, `size` across at `(cx, cy)`: its pictogram, or a
    /// badge with its initials.
    fn icon_glyph(
        &mut self,
        n: &SceneNode,
        pictogram: Option<Pictogram>,
        initials: &str,
        (cx, cy): (f64, f64),
        size: f64,
    ) {
        let theme = self.theme;
        let colour = n.style.stroke.as_deref();
        let line_width = fmt((size / 24.0).max(1.5));
        if let Some(p) = pictogram {
            let drawing = p.draw(cx, cy, size);
            for d in &drawing.strokes {
                let _ = write!(
                    self.out,
                    "<path d=\"{d}\" fill=\"none\" stroke-width=\"{line_width}\" stroke-linejoin=\"round\""
                );
                self.stroke(colour, None, &theme.node_stroke);
                self.out.push_str("/>");
            }
            for d in &drawing.fills {
                let _ = write!(self.out, "<path d=\"{d}\"");
                self.fill(colour, None, &theme.node_stroke);
                self.out.push_str("/>");
            }
            return;
        }
        let radius = size * 0.42;
        let _ = write!(
            self.out,
            "<path d=\"{}\" fill=\"none\" stroke-width=\"{line_width}\"",
            ellipse(cx, cy, radius, radius),
        );
        self.stroke(colour, None, &theme.node_stroke);
        self.out.push_str("/>");
        let glyph = size
            * if initials.chars().count() > 1 {
                0.32
            } else {
                0.4
            };
        let _ = write!(
            self.out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"{}\" font-weight=\"bold\"",
            fmt(cx),
            fmt(cy + 0.35 * glyph),
            fmt(glyph)
        );
        self.fill(colour, None, &theme.node_stroke);
        let _ = write!(self.out, ">{}</text>", esc(initials));
    }

    /// The label of an icon or image node, on the edge-label background.
    fn asset_label(&mut self, n: &SceneNode, label: Option<(f64, f64, f64, f64)>, size: f64) {
        let theme = self.theme;
        if let Some((lx, ly, lw, lh)) = label {
            let _ = write!(
                self.out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
                fmt(lx),
                fmt(ly),
                fmt(lw),
                fmt(lh)
            );
            self.fill(None, None, &theme.edge_label_background);
            self.out.push_str("/>");
            self.text(
                &n.label,
                lx + lw / 2.0,
                ly,
                size,
                &n.style,
                &theme.node_text,
            );
        }
    }

    fn edge(&mut self, e: &SceneEdge, points: &[(f64, f64)], obstacles: &Obstacles, index: usize) {
        if e.stroke == Stroke::Invisible || points.len() < 2 {
            return;
        }
        let line = &self.theme.line;
        let colour = e.style.stroke.as_deref().unwrap_or(&line.color);
        let mut pts = points.to_vec();
        let n = pts.len();
        shorten(&mut pts, n - 1, n - 2, self.head_inset(e.end_head));
        shorten(&mut pts, 0, 1, self.head_inset(e.start_head));
        let _ = write!(
            self.out,
            "<g class=\"edge\" data-id=\"{}\" data-from=\"{}\" data-to=\"{}\"><path d=\"{}\" fill=\"none\" stroke=\"{}\"",
            esc(&e.id),
            esc(&e.from),
            esc(&e.to),
            curve::path_data(
                pts[0],
                &curve::pieces(&pts, e.curve, obstacles, Some(index))
            ),
            esc(colour)
        );
        let line_opacity = e
            .style
            .stroke
            .is_none()
            .then_some(line.opacity.as_ref())
            .flatten();
        if let (Some(o), None) = (line_opacity, &e.style.stroke_opacity) {
            let _ = write!(self.out, " stroke-opacity=\"{}\"", esc(o));
        }
        let (width, dash) = match e.stroke {
            Stroke::Thick => ("3.5", None),
            Stroke::Dotted => ("2", Some("3")),
            _ => ("2", None),
        };
        let width = e.style.stroke_width.as_deref().unwrap_or(width);
        let _ = write!(self.out, " stroke-width=\"{}\"", esc(width));
        if let Some(d) = e.style.stroke_dasharray.as_deref().or(dash) {
            let _ = write!(self.out, " stroke-dasharray=\"{}\"", esc(d));
        }
        if let Some(o) = &e.style.opacity {
            let _ = write!(self.out, " opacity=\"{}\"", esc(o));
        }
        self.out.push_str("/>");
        let head_colour = colour.to_string();
        self.head(
            e.end_head,
            points[n - 1],
            points[n - 2],
            &head_colour,
            line_opacity,
        );
        self.head(
            e.start_head,
            points[0],
            points[1],
            &head_colour,
            line_opacity,
        );
        self.out.push_str("</g>\n");
    }

    /// Draws the mark `head` at `tip`, the edge arriving from `from`.
    fn head(
        &mut self,
        head: Head,
        tip: (f64, f64),
        from: (f64, f64),
        colour: &str,
        opacity: Option<&String>,
    ) {
        let (dx, dy) = unit(from, tip);
        let (px, py) = (-dy, dx);
        let at =
            |back: f64, side: f64| (tip.0 - dx * back + px * side, tip.1 - dy * back + py * side);
        let colour = esc(colour);
        let opacity = opacity.map_or(String::new(), |o| format!(" opacity=\"{}\"", esc(o)));
        match head {
            Head::None => {}
            Head::Point => {
                let (len, half) = if self.neo { NEO_HEAD } else { (HEAD_LEN, 4.5) };
                let d = poly(&[tip, at(len, half), at(len, -half)], true);
                let _ = write!(self.out, "<path d=\"{d}\" fill=\"{colour}\"{opacity}/>");
            }
            Head::Circle => {
                let c = at(5.0, 0.0);
                let d = ellipse(c.0, c.1, 4.5, 4.5);
                let _ = write!(self.out, "<path d=\"{d}\" fill=\"{colour}\"{opacity}/>");
            }
            Head::Cross => {
                let a = poly(&[at(2.0, 4.0), at(10.0, -4.0)], false);
                let b = poly(&[at(2.0, -4.0), at(10.0, 4.0)], false);
                let _ = write!(
                    self.out,
                    "<path d=\"{a} {b}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"{opacity}/>"
                );
            }
        }
    }

    fn edge_label(&mut self, e: &SceneEdge, label: &RichText, r: &Rect) {
        let _ = write!(
            self.out,
            "<g class=\"edge-label\" data-id=\"{}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
            esc(&e.id),
            fmt(r.x),
            fmt(r.y),
            fmt(r.width),
            fmt(r.height),
        );
        self.fill(None, None, &self.theme.edge_label_background);
        self.out.push_str("/>");
        let size = e.style.font_size.unwrap_or(self.theme.font_size);
        let text_h = label.lines.len() as f64 * size * LINE_HEIGHT;
        let top = r.y + (r.height - text_h) / 2.0;
        let mut style = Style::clone(&e.style);
        style.fill = None;
        self.text(
            label,
            r.x + r.width / 2.0,
            top,
            size,
            &style,
            &self.theme.node_text,
        );
        self.out.push_str("</g>\n");
    }

    /// Writes `fill` (and `fill-opacity`): the user's colour and opacity, else the theme's.
    fn fill(&mut self, user: Option<&str>, user_opacity: Option<&str>, theme: &Paint) {
        self.paint_attr("fill", user, user_opacity, theme);
    }

    /// Writes `stroke` (and `stroke-opacity`): the user's colour and opacity, else the theme's.
    fn stroke(&mut self, user: Option<&str>, user_opacity: Option<&str>, theme: &Paint) {
        self.paint_attr("stroke", user, user_opacity, theme);
    }

    fn paint_attr(&mut self, name: &str, user: Option<&str>, opacity: Option<&str>, theme: &Paint) {
        let colour = user.unwrap_or(&theme.color);
        let _ = write!(self.out, " {name}=\"{}\"", esc(colour));
        let opacity = opacity.or(user.is_none().then_some(theme.opacity.as_deref()).flatten());
        if let Some(o) = opacity {
            let _ = write!(self.out, " {name}-opacity=\"{}\"", esc(o));
        }
    }

    /// Writes `fill`, `stroke` and the other paint attributes of a shape, its outline `width`
    /// unless the style sets one.
    fn paint(&mut self, style: &Style, fill: &Paint, stroke: &Paint, width: &str) {
        self.fill(style.fill.as_deref(), style.fill_opacity.as_deref(), fill);
        self.stroke(
            style.stroke.as_deref(),
            style.stroke_opacity.as_deref(),
            stroke,
        );
        let _ = write!(
            self.out,
            " stroke-width=\"{}\"",
            esc(style.stroke_width.as_deref().unwrap_or(width)),
        );
        for (name, v) in [
            ("stroke-dasharray", &style.stroke_dasharray),
            ("opacity", &style.opacity),
        ] {
            if let Some(v) = v {
                let _ = write!(self.out, " {name}=\"{}\"", esc(v));
            }
        }
    }

    /// Writes a label centred on `cx`, its first line's box starting at `top`, in the style's
    /// text colour or `colour`.
    /// The text of a run, escaped, its emoji and CJK in `<tspan>`s naming their fonts.
    fn run_text(&mut self, text: &str) {
        for (script, piece) in font_runs(text) {
            let stack = match script {
                Script::Text => {
                    self.out.push_str(&esc(piece));
                    continue;
                }
                Script::Cjk => CJK_FONT_STACK,
                Script::Emoji => EMOJI_FONT_STACK,
            };
            let _ = write!(
                self.out,
                "<tspan font-family=\"{}\">{}</tspan>",
                esc(stack),
                esc(piece)
            );
        }
    }

    fn text(
        &mut self,
        label: &RichText,
        cx: f64,
        top: f64,
        size: f64,
        style: &Style,
        colour: &Paint,
    ) {
        if label.is_empty() {
            return;
        }
        self.out.push_str("<text text-anchor=\"middle\"");
        self.fill(style.color.as_deref(), None, colour);
        if size != self.theme.font_size {
            let _ = write!(self.out, " font-size=\"{}\"", fmt(size));
        }
        if let Some(wt) = &style.font_weight {
            let _ = write!(self.out, " font-weight=\"{}\"", esc(wt));
        }
        if let Some(st) = &style.font_style {
            let _ = write!(self.out, " font-style=\"{}\"", esc(st));
        }
        self.out.push('>');
        let lh = size * LINE_HEIGHT;
        for (i, line) in label.lines.iter().enumerate() {
            // The baseline sits so that the line's capitals are centred in its line box.
            let baseline = top + i as f64 * lh + lh / 2.0 + 0.35 * size;
            let _ = write!(
                self.out,
                "<tspan x=\"{}\" y=\"{}\">",
                fmt(cx),
                fmt(baseline)
            );
            for run in line {
                match (run.bold, run.italic) {
                    (false, false) => self.run_text(&run.text),
                    (b, i) => {
                        self.out.push_str("<tspan");
                        if b {
                            self.out.push_str(" font-weight=\"bold\"");
                        }
                        if i {
                            self.out.push_str(" font-style=\"italic\"");
                        }
                        self.out.push('>');
                        self.run_text(&run.text);
                        self.out.push_str("</tspan>");
                    }
                }
            }
            self.out.push_str("</tspan>");
        }
        self.out.push_str("</text>");
    }
}

/// Moves the first (`start`) or last point of a route, which lies on the border of its node's
/// box, along the route's direction onto the outline of the node's shape (a circle, a diamond,
/// a slanted side), so that lines and heads touch the shape rather than its box.
fn clip_to_outline(points: &mut [(f64, f64)], start: bool, shape: Shape, r: &Rect) {
    if let Some(polygon) = shape.polygon(r.x, r.y, r.width, r.height) {
        clip_to(points, start, &[polygon], r);
    }
}

/// [`clip_to_outline`] for a node whose outline is the union of `polygons`: the end moves to
/// the first of them the route meets.
fn clip_to(points: &mut [(f64, f64)], start: bool, polygons: &[Vec<(f64, f64)>], r: &Rect) {
    let n = points.len();
    if n < 2 {
        return;
    }
    let (end, prev) = if start { (0, 1) } else { (n - 1, n - 2) };
    let p = points[end];
    if polygons.iter().any(|polygon| inside(polygon, p)) {
        return;
    }
    let dir = unit(points[prev], p);
    let hit = polygons
        .iter()
        .filter_map(|polygon| ray_hit(polygon, p, dir))
        .min_by(f64::total_cmp);
    if let Some(t) = hit
        && t <= r.width.max(r.height)
    {
        points[end] = (p.0 + dir.0 * t, p.1 + dir.1 * t);
    }
}

/// Where the icon or image and the label of an asset node are in its box `r`, and the
/// icon's form.
fn asset_parts(n: &SceneNode, r: &Rect, theme: &Theme) -> Option<(Parts, Option<Form>)> {
    let asset = n.asset.as_ref()?;
    let size = n.style.font_size.unwrap_or(theme.font_size);
    let label_box = (!n.label.is_empty()).then(|| {
        let text_h = n.label.lines.len() as f64 * size * LINE_HEIGHT;
        (
            r.width.min(n.label.size(size).0 + 2.0 * EDGE_LABEL_PAD),
            text_h,
        )
    });
    let form = match &asset.kind {
        AssetKind::Icon { form, .. } => Some(*form),
        AssetKind::Image { .. } => None,
    };
    Some((asset.parts((r.x, r.y, r.width, r.height), label_box), form))
}

/// Moves point `end` towards point `towards` by `by` (no further than it).
fn shorten(pts: &mut [(f64, f64)], end: usize, towards: usize, by: f64) {
    if by <= 0.0 {
        return;
    }
    let (a, b) = (pts[end], pts[towards]);
    let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
    if len <= by || len == 0.0 {
        return;
    }
    let k = by / len;
    pts[end] = (a.0 + (b.0 - a.0) * k, a.1 + (b.1 - a.1) * k);
}

/// The unit vector from `a` to `b` (downwards when they coincide).
fn unit(a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len = (dx * dx + dy * dy).sqrt();
    if len == 0.0 || !len.is_finite() {
        (0.0, 1.0)
    } else {
        (dx / len, dy / len)
    }
}

/// XML-escapes `s` for text content and attribute values, dropping characters XML 1.0 forbids.
pub fn esc(s: &str) -> Cow<'_, str> {
    let plain = |c: char| {
        !matches!(c, '&' | '<' | '>' | '"' | '\'' | '\u{FFFE}' | '\u{FFFF}')
            && (c >= ' ' || matches!(c, '\t' | '\n' | '\r'))
    };
    if s.chars().all(plain) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_and_invalid_characters() {
        assert_eq!(
            esc("<a href=\"x\">'&'</a>\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;"
        );
    }

    #[test]
    fn edges_end_on_the_shape_not_its_box() {
        let r = Rect {
            x: 0.0,
            y: 0.0,
            width: 100.0,
            height: 100.0,
        };
        let mut p = [(-50.0, -50.0), (0.0, 0.0)];
        clip_to_outline(&mut p, false, Shape::Diamond, &r);
        assert!(
            (p[1].0 - 25.0).abs() < 1e-9 && (p[1].1 - 25.0).abs() < 1e-9,
            "{p:?}"
        );
        let mut p = [(50.0, 0.0), (50.0, -40.0)];
        clip_to_outline(&mut p, true, Shape::Circle, &r);
        assert!((p[0].0 - 50.0).abs() < 1e-9 && p[0].1.abs() < 1e-9, "{p:?}");
        let mut p = [(-50.0, -50.0), (0.0, 0.0)];
        clip_to_outline(&mut p, false, Shape::Rect, &r);
        assert_eq!(p[1], (0.0, 0.0));
    }

    #[test]
    fn shortening_stops_at_the_other_point() {
        let mut p = [(0.0, 0.0), (0.0, 100.0)];
        shorten(&mut p, 1, 0, 8.0);
        assert_eq!(p[1], (0.0, 92.0));
        let mut q = [(0.0, 0.0), (0.0, 5.0)];
        shorten(&mut q, 1, 0, 8.0);
        assert_eq!(q[1], (0.0, 5.0));
    }
}
