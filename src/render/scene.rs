//! From Mermaid's model to what is drawn: nodes with their shape, label and style, clusters,
//! edges with strokes and heads, and the [`LayoutInput`] with every box sized from its text.

use rustc_hash::FxHashMap as HashMap;
use std::rc::Rc;

use super::asset::Asset;
use super::config::{Look, LookName};
use super::curve::Curve;
use super::shapes::Shape;
use super::style::{Style, safe_link};
use super::text::{LINE_HEIGHT, RichText, Run};
use super::theme::Theme;
use crate::flowdb::{FlowDb, Vertex};
use crate::layout::{ClusterSpec, Direction, EdgeSpec, End, LayoutInput, NodeSpec, Spacing};
use crate::syntax::ast::Name;

/// Padding around an edge label's text, on each side.
pub const EDGE_LABEL_PAD: f64 = 4.0;

/// Padding around a cluster title, above and below.
pub const CLUSTER_TITLE_PAD: f64 = 6.0;

/// A node to draw.
#[derive(Debug, Clone)]
pub struct SceneNode {
    /// Its Mermaid id.
    pub id: String,
    /// Its geometry.
    pub shape: Shape,
    /// Its label.
    pub label: RichText,
    /// Colours and text style from `classDef`, `class` and `style`.
    pub style: Style,
    /// A `click` link, kept only when safe (see [`safe_link`]).
    pub link: Option<String>,
    /// A `click` tooltip.
    pub tooltip: Option<String>,
    /// The icon or image of an `@{ icon: … }` / `@{ img: … }` node, drawn instead of the
    /// shape.
    pub asset: Option<Asset>,
}

/// A subgraph to draw.
#[derive(Debug, Clone)]
pub struct SceneCluster {
    /// Its Mermaid id.
    pub id: String,
    /// Its title.
    pub title: RichText,
    /// Colours from `class` and `style`.
    pub style: Style,
}

/// How an edge's line is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stroke {
    /// `-->`.
    Normal,
    /// `==>`.
    Thick,
    /// `-.->`.
    Dotted,
    /// `~~~`: laid out, not drawn.
    Invisible,
}

/// The mark at one end of an edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Head {
    /// Nothing.
    None,
    /// A filled triangle.
    Point,
    /// A circle.
    Circle,
    /// A cross.
    Cross,
}

/// An edge to draw.
#[derive(Debug, Clone)]
pub struct SceneEdge {
    /// Its Mermaid id (`L_A_B_0` or written with `id@`).
    pub id: Name,
    /// Start node or subgraph id.
    pub from: Name,
    /// End node or subgraph id.
    pub to: Name,
    /// Line style.
    pub stroke: Stroke,
    /// The mark at the start.
    pub start_head: Head,
    /// The mark at the end.
    pub end_head: Head,
    /// Its label, when it has one.
    pub label: Option<RichText>,
    /// Colours from `linkStyle` and classes; the edges without any share one empty style
    /// (a style is 256 bytes, most edges have none).
    pub style: Rc<Style>,
    /// How its bends are drawn.
    pub curve: Curve,
}

/// Everything to draw, and the layout problem.
#[derive(Debug, Clone)]
pub struct Scene {
    /// Nodes, in the order of [`LayoutInput::nodes`].
    pub nodes: Vec<SceneNode>,
    /// Clusters, in the order of [`LayoutInput::clusters`].
    pub clusters: Vec<SceneCluster>,
    /// Edges, in the order of [`LayoutInput::edges`].
    pub edges: Vec<SceneEdge>,
    /// `accTitle`, or the front-matter title.
    pub title: Option<String>,
    /// `accDescr`.
    pub description: Option<String>,
    /// The front-matter title, drawn above the diagram as Mermaid draws it.
    pub heading: Option<RichText>,
    /// The boxes and edges for the layout.
    pub input: LayoutInput,
    /// The colours and text size.
    pub theme: Theme,
    /// Whether image nodes may link their images.
    pub allow_remote_images: bool,
    /// How nodes and subgraphs are drawn.
    pub look: LookName,
    /// Each cluster's place in the order subgraphs are written (parents before children),
    /// which picks its colour in themes with a subgraph palette.
    pub cluster_order: Vec<usize>,
}

/// Builds the scene of a flowchart in the default look.
pub fn build(db: &FlowDb) -> Scene {
    build_with(db, &Look::default())
}

/// Builds the scene of a flowchart in `look` (theme, default curve, images).
pub fn build_with(db: &FlowDb, look: &Look) -> Scene {
    let base_size = look.theme.font_size;
    let node_wrap = Some(look.widths.wrap);
    let default_curve = db.default_interpolate().or(look.curve.as_deref());
    let classes: HashMap<&str, &[String]> = db
        .class_defs
        .iter()
        .map(|(n, s)| (n.as_str(), s.as_slice()))
        .collect();
    let cluster_index: HashMap<&str, usize> = db
        .subgraphs
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let direction = Direction::from_mermaid(&db.direction);
    let vertical = matches!(direction, Direction::TopBottom | Direction::BottomTop);

    let (parents, member_of) = membership(db, &cluster_index);

    let mut nodes = Vec::new();
    let mut specs = Vec::new();
    let mut node_index: HashMap<&str, usize> = HashMap::default();
    for v in &db.vertices {
        if cluster_index.contains_key(v.id.as_str()) {
            continue;
        }
        let style = vertex_style(v, &classes);
        let size = style.font_size.unwrap_or(base_size);
        let asset = if v.icon().is_some() || v.img().is_some() {
            let label = read_label(&v.text, v.label_type.mermaid_name(), size, node_wrap);
            Asset::of(v, !label.is_empty(), look.allow_remote_images).map(|a| (a, label))
        } else {
            None
        };
        let shape = if asset.is_some() {
            Shape::Rect
        } else {
            Shape::from_name(v.shape.as_deref().unwrap_or("rect"))
        };
        let (label, width, height, asset) = match asset {
            Some((asset, label)) => {
                let block = (!label.is_empty()).then(|| {
                    let (tw, th) = label_size(&label, size, style.bold());
                    (tw + 2.0 * EDGE_LABEL_PAD, th)
                });
                let (w, h) = asset.box_size(block);
                (label, w, h, Some(asset))
            }
            None => {
                let label = if shape.shows_label() {
                    read_label(&v.text, v.label_type.mermaid_name(), size, node_wrap)
                } else {
                    RichText::default()
                };
                let (mut tw, th) = label_size(&label, size, style.bold());
                // `flowchart.minNodeWidth` widens the label block of a labelled node, except
                // in the shapes sized from both axes.
                if !label.is_empty() && shape.takes_min_width() {
                    tw = tw.max(look.widths.min_node);
                }
                let (w, h) = match (look.look, shape) {
                    // The neo look's own padding where Mermaid 12's shapes have one:
                    // `squareRect` 16px beside the label and 12px above and below,
                    // `roundedRect` the node padding (15px) all round, `stadium` 40px across
                    // and 24px down plus a quarter of its height.
                    (LookName::Neo, Shape::Rect) => (tw + 32.0, th + 24.0),
                    (LookName::Neo, Shape::Rounded) => (tw + 30.0, th + 30.0),
                    (LookName::Neo, Shape::Stadium) => {
                        let h = th + 24.0;
                        (tw + h / 4.0 + 40.0, h)
                    }
                    _ => shape.box_size(tw, th, vertical),
                };
                (label, w, h, None)
            }
        };
        node_index.insert(v.id.as_str(), nodes.len());
        specs.push(NodeSpec {
            width,
            height,
            cluster: member_of.get(v.id.as_str()).copied(),
        });
        nodes.push(SceneNode {
            id: v.id.to_string(),
            shape,
            label,
            style,
            link: v
                .link()
                .map(super::text::decode_entity_placeholders)
                .and_then(|l| safe_link(&l)),
            tooltip: v.tooltip().map(super::text::decode_entity_placeholders),
            asset,
        });
    }

    let mut clusters = Vec::new();
    let mut cluster_specs = Vec::new();
    for (i, sg) in db.subgraphs.iter().enumerate() {
        let mut style = Style::default();
        for c in &sg.classes {
            if let Some(decls) = classes.get(c.as_str()) {
                style.apply(decls);
            }
        }
        if let Some(v) = db.vertex(&sg.id) {
            style.apply(v.styles());
        }
        let size = style.font_size.unwrap_or(base_size);
        // Plain titles never wrap (Mermaid's `createLabel` gives them no width); markdown ones
        // wrap at `createText`'s default width.
        let title_wrap = (sg.label_type.mermaid_name() == "markdown").then_some(EDGE_WRAP_WIDTH);
        let title = read_label(&sg.title, sg.label_type.mermaid_name(), size, title_wrap);
        let (tw, th) = label_size(&title, size, style.bold());
        cluster_specs.push(ClusterSpec {
            parent: parents[i],
            title_width: tw,
            title_height: if title.is_empty() {
                0.0
            } else {
                th + 2.0 * CLUSTER_TITLE_PAD
            },
            direction: sg.dir.map(Direction::from_mermaid),
        });
        clusters.push(SceneCluster {
            id: sg.id.to_string(),
            title,
            style,
        });
    }

    let end_of = |id: &str| -> Option<End> {
        cluster_index
            .get(id)
            .map(|&c| End::Cluster(c))
            .or_else(|| node_index.get(id).map(|&n| End::Node(n)))
    };
    let mut edges = Vec::with_capacity(db.edges.len());
    let mut edge_specs = Vec::with_capacity(db.edges.len());
    let no_style = Rc::new(Style::default());
    for e in &db.edges {
        let (Some(from), Some(to)) = (end_of(&e.start), end_of(&e.end)) else {
            continue;
        };
        let mut style = Style::default();
        for c in e.classes() {
            if let Some(decls) = classes.get(c.as_str()) {
                style.apply(decls);
            }
        }
        style.apply(e.style());
        let size = style.font_size.unwrap_or(base_size);
        let label = Some(read_label(
            e.text(),
            e.label_type.mermaid_name(),
            size,
            Some(EDGE_WRAP_WIDTH),
        ))
        .filter(|l| !l.is_empty());
        let label_box = label.as_ref().map(|l| {
            let (w, h) = label_size(l, size, style.bold());
            (w + 2.0 * EDGE_LABEL_PAD, h + 2.0 * EDGE_LABEL_PAD)
        });
        let (start_head, end_head) = heads(e.arrow.mermaid_name());
        edge_specs.push(EdgeSpec {
            from,
            to,
            label: label_box,
            min_len: usize::from(e.length.max(1)),
        });
        edges.push(SceneEdge {
            id: e.id.clone(),
            from: e.start.clone(),
            to: e.end.clone(),
            stroke: match e.stroke.mermaid_name() {
                "thick" => Stroke::Thick,
                "dotted" => Stroke::Dotted,
                "invisible" => Stroke::Invisible,
                _ => Stroke::Normal,
            },
            start_head,
            end_head,
            label,
            style: if style == Style::default() {
                Rc::clone(&no_style)
            } else {
                Rc::new(style)
            },
            curve: Curve::from_name(e.interpolate().or(default_curve).unwrap_or("basis")),
        });
    }

    Scene {
        nodes,
        clusters,
        edges,
        title: db.acc_title.clone().or_else(|| db.title.clone()),
        description: db.acc_descr.clone(),
        heading: db
            .title
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| RichText {
                lines: vec![vec![Run {
                    text: t.to_string(),
                    bold: true,
                    italic: false,
                }]],
            }),
        input: LayoutInput {
            direction,
            nodes: specs,
            clusters: cluster_specs,
            edges: edge_specs,
            spacing: Spacing::default(),
        },
        theme: look.theme.clone(),
        allow_remote_images: look.allow_remote_images,
        look: look.look,
        cluster_order: declaration_order(&parents),
    }
}

/// Each cluster's index in the order the subgraphs are written, as Mermaid 12's `getData`
/// numbers them for colouring: Mermaid lists subgraphs as they close (children before their
/// parent), so a pre-order walk of the containment forest, roots and siblings in list order,
/// recovers the written order. A cluster outside every walk (none, with `membership`'s
/// parents) is numbered after the rest.
fn declaration_order(parents: &[Option<usize>]) -> Vec<usize> {
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); parents.len()];
    for (c, p) in parents.iter().enumerate() {
        if let Some(p) = *p {
            children[p].push(c);
        }
    }
    let mut order = vec![usize::MAX; parents.len()];
    let mut next = 0;
    for root in (0..parents.len()).filter(|&c| parents[c].is_none()) {
        let mut stack = vec![root];
        while let Some(c) = stack.pop() {
            if order[c] != usize::MAX {
                continue;
            }
            order[c] = next;
            next += 1;
            stack.extend(children[c].iter().rev());
        }
    }
    for o in &mut order {
        if *o == usize::MAX {
            *o = next;
            next += 1;
        }
    }
    order
}

/// Each subgraph's parent, and the innermost subgraph of each node id. Subgraphs are listed
/// innermost first; a member claimed by an earlier (inner) subgraph stays there, and a parent
/// link that would close a cycle is ignored.
fn membership<'a>(
    db: &'a FlowDb,
    cluster_index: &HashMap<&str, usize>,
) -> (Vec<Option<usize>>, HashMap<&'a str, usize>) {
    let mut parents: Vec<Option<usize>> = vec![None; db.subgraphs.len()];
    let mut member_of: HashMap<&str, usize> = HashMap::default();
    for (i, sg) in db.subgraphs.iter().enumerate() {
        for m in &sg.nodes {
            match cluster_index.get(m.as_str()) {
                Some(&child) => {
                    if child != i && parents[child].is_none() && !is_ancestor(&parents, child, i) {
                        parents[child] = Some(i);
                    }
                }
                None => {
                    member_of.entry(m.as_str()).or_insert(i);
                }
            }
        }
    }
    (parents, member_of)
}

/// Whether `a` is `b` or one of its ancestors.
fn is_ancestor(parents: &[Option<usize>], a: usize, b: usize) -> bool {
    let mut k = Some(b);
    let mut steps = 0;
    while let Some(c) = k {
        if c == a {
            return true;
        }
        k = parents[c];
        steps += 1;
        if steps > parents.len() {
            return true;
        }
    }
    false
}

/// A node's style: the `default` class, its classes in order, then its `style` statements.
fn vertex_style(v: &Vertex, classes: &HashMap<&str, &[String]>) -> Style {
    let mut style = Style::default();
    if let Some(decls) = classes.get("default") {
        style.apply(decls);
    }
    for c in &v.classes {
        if let Some(decls) = classes.get(c.as_str()) {
            style.apply(decls);
        }
    }
    style.apply(v.styles());
    style
}

/// The width at which edge labels and markdown subgraph titles wrap: `createText`'s default,
/// in Mermaid 11 and 12 alike (node labels wrap at `flowchart.wrappingWidth`, see
/// [`super::config::TextWidths`]).
pub const EDGE_WRAP_WIDTH: f64 = 200.0;

/// Reads a label; a line wider than `wrap` is broken between words, as Mermaid's HTML labels
/// (`max-width`, then `white-space: break-spaces`) break plain labels and markdown strings.
fn read_label(text: &str, label_type: &str, size: f64, wrap: Option<f64>) -> RichText {
    let label = RichText::from_label(text, label_type);
    match wrap {
        Some(width) => label.wrapped(width, size),
        None => label,
    }
}

/// The size of a label's text block; an empty label still takes one line's height.
fn label_size(label: &RichText, size: f64, bold: bool) -> (f64, f64) {
    if label.is_empty() {
        return (0.0, size * LINE_HEIGHT);
    }
    if bold {
        let mut l = label.clone();
        for run in l.lines.iter_mut().flatten() {
            run.bold = true;
        }
        return l.size(size);
    }
    label.size(size)
}

/// The marks at the start and the end for Mermaid's arrow type.
fn heads(arrow: &str) -> (Head, Head) {
    match arrow {
        "arrow_point" => (Head::None, Head::Point),
        "arrow_circle" => (Head::None, Head::Circle),
        "arrow_cross" => (Head::None, Head::Cross),
        "double_arrow_point" => (Head::Point, Head::Point),
        "double_arrow_circle" => (Head::Circle, Head::Circle),
        "double_arrow_cross" => (Head::Cross, Head::Cross),
        _ => (Head::None, Head::None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax;
    use crate::target::MermaidTarget;

    /// The scene in Mermaid 11's look (no minimum width, wrapping at 200px).
    fn scene(src: &str) -> Scene {
        scene_for(src, MermaidTarget::V11)
    }

    fn scene_for(src: &str, target: MermaidTarget) -> Scene {
        let chart = syntax::parse(src).expect("parses");
        let options = super::super::Options {
            target,
            ..Default::default()
        };
        build_with(
            &FlowDb::build(&chart).expect("builds"),
            &Look::of(&chart, &options),
        )
    }

    #[test]
    fn mermaid_12_sizes_nodes_as_its_neo_look_does() {
        let src = "flowchart TB\nA[ab]\nB[\"a label long enough to wrap at the narrower width\"]\nC((ab))\nD[\"first\\nsecond\"]\n";
        let s12 = scene_for(src, MermaidTarget::V12);
        let s11 = scene_for(src, MermaidTarget::V11);
        assert_eq!(s12.look, LookName::Neo);
        assert_eq!(s12.theme.font_size, 14.0);
        // `minNodeWidth` 120 and the neo padding (16px, 12px) around one 21px line.
        assert_eq!(
            (s12.input.nodes[0].width, s12.input.nodes[0].height),
            (152.0, 45.0)
        );
        // Labels wrap at 120px in 12, at 200px in 11.
        let lines = |s: &Scene, k: usize| s.nodes[k].label.lines.len();
        assert!(lines(&s12, 1) > lines(&s11, 1), "{:?}", s12.nodes[1].label);
        assert!(s12.input.nodes[1].width <= 152.0 + 1.0);
        // A circle is not widened.
        assert!(s12.input.nodes[2].width < 120.0);
        // `\n` breaks the line in both.
        assert_eq!(lines(&s12, 3), 2);
        assert_eq!(lines(&s11, 3), 2);
        // Classic look under 12: the release's widths, the classic padding.
        let classic = scene_for(
            &format!("---\nconfig:\n  look: classic\n  theme: default\n---\n{src}"),
            MermaidTarget::V12,
        );
        assert_eq!(classic.look, LookName::Classic);
        assert_eq!(classic.input.nodes[0].width, 120.0 + 60.0);
    }

    #[test]
    fn clusters_are_numbered_in_the_order_they_are_written() {
        // Mermaid lists subgraphs as they close: Inner1, Inner2, Outer, Sibling.
        let s = scene(
            "flowchart TB\nsubgraph Outer\nsubgraph Inner1\nA\nend\nsubgraph Inner2\nB\nend\nend\nsubgraph Sibling\nC\nend\n",
        );
        let ids: Vec<&str> = s.clusters.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["Inner1", "Inner2", "Outer", "Sibling"]);
        assert_eq!(s.cluster_order, [1, 2, 0, 3]);
    }

    #[test]
    fn subgraph_ids_become_cluster_ends_and_are_not_nodes() {
        let s = scene(
            "flowchart LR\nsubgraph S[Title]\ndirection TB\nsubgraph T\nD\nend\nend\nA --> S\nA ---> D\n",
        );
        let ids: Vec<&str> = s.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["D", "A"]);
        assert_eq!(s.input.edges[0].to, End::Cluster(1));
        assert_eq!(s.input.edges[1].min_len, 2);
        let (t, sg) = (0, 1);
        assert_eq!(s.clusters[t].id, "T");
        assert_eq!(s.input.clusters[t].parent, Some(sg));
        assert_eq!(s.input.clusters[sg].parent, None);
        assert_eq!(s.input.clusters[sg].direction, Some(Direction::TopBottom));
        assert_eq!(s.input.nodes[0].cluster, Some(t));
        assert_eq!(s.input.direction, Direction::LeftRight);
        assert!(s.input.clusters[sg].title_height > 0.0);
    }

    #[test]
    fn boxes_grow_with_text_and_shape() {
        let s = scene(
            "flowchart TB\nA[short]\nB[a much longer label here]\nC{short}\nD((short))\nE[\"two<br>lines\"]\n",
        );
        let w: Vec<f64> = s.input.nodes.iter().map(|n| n.width).collect();
        let h: Vec<f64> = s.input.nodes.iter().map(|n| n.height).collect();
        assert!(w[1] > w[0] + 50.0);
        assert!(
            w[2] * h[2] > w[0] * h[0] && h[2] > h[0],
            "diamond larger than rect"
        );
        assert_eq!(w[3], h[3], "circle is round");
        assert!(h[4] > h[0] + 20.0);
    }

    #[test]
    fn styles_apply_in_order() {
        let s = scene(
            "flowchart TB\nclassDef default fill:#111\nclassDef c fill:#222,stroke:#333\nA:::c\nB\nstyle A fill:#444\nA-.->B\nlinkStyle 0 stroke:#f00\n",
        );
        assert_eq!(s.nodes[0].style.fill.as_deref(), Some("#444"));
        assert_eq!(s.nodes[0].style.stroke.as_deref(), Some("#333"));
        assert_eq!(s.nodes[1].style.fill.as_deref(), Some("#111"));
        assert_eq!(s.edges[0].style.stroke.as_deref(), Some("#f00"));
        assert_eq!(s.edges[0].stroke, Stroke::Dotted);
        assert_eq!(
            (s.edges[0].start_head, s.edges[0].end_head),
            (Head::None, Head::Point)
        );
    }

    #[test]
    fn curves_follow_mermaids_precedence() {
        let chart = syntax::parse(
            "%%{init: {\"flowchart\": {\"curve\": \"stepAfter\"}}}%%\nflowchart LR\nA --> B\nB --> C\nC e1@--> D\ne1@{ curve: rounded }\nlinkStyle 0 interpolate basis\n",
        )
        .expect("parses");
        let db = FlowDb::build(&chart).expect("builds");
        let look = Look::of(&chart, &super::super::Options::default());
        let curves: Vec<Curve> = build_with(&db, &look)
            .edges
            .iter()
            .map(|e| e.curve)
            .collect();
        assert_eq!(curves, [Curve::Smooth, Curve::Sharp, Curve::Rounded]);
        // `linkStyle default interpolate` reaches every edge without a curve of its own, also
        // those written before it, and wins over the configuration.
        let s = scene(
            "flowchart LR\nA --> B\nB --> C\nlinkStyle 1 interpolate basis\nlinkStyle default interpolate linear\n",
        );
        let curves: Vec<Curve> = s.edges.iter().map(|e| e.curve).collect();
        assert_eq!(curves, [Curve::Sharp, Curve::Smooth]);
        assert!(
            scene("flowchart LR\nA --> B\n")
                .edges
                .iter()
                .all(|e| e.curve == Curve::Smooth)
        );
    }

    #[test]
    fn icon_and_image_nodes_reserve_their_whole_box() {
        let s = scene(
            "flowchart LR\nA@{ icon: 'fa:user', form: square, label: 'User', h: 60 }\nB@{ img: 'x.png', w: 30, h: 20 }\nC@{ icon: 'fa:user', shape: diam }\n",
        );
        let (a, b, c) = (&s.input.nodes[0], &s.input.nodes[1], &s.input.nodes[2]);
        assert_eq!(a.width, 75.0);
        assert!(a.height > 75.0 + 8.0 + 20.0, "{}", a.height);
        assert_eq!((b.width, b.height), (30.0, 20.0));
        assert!(s.nodes[1].label.is_empty());
        // An icon replaces the shape, as Mermaid's `getTypeFromVertex` does.
        assert_eq!((c.width, c.height), (48.0, 48.0));
        assert!(s.nodes.iter().all(|n| n.asset.is_some()));
    }

    #[test]
    fn a_theme_font_size_sizes_the_boxes() {
        let chart = syntax::parse("%%{init: {\"themeVariables\": {\"fontSize\": \"24px\"}}}%%\nflowchart LR\nA[some label]\n")
            .expect("parses");
        let db = FlowDb::build(&chart).expect("builds");
        let options = super::super::Options {
            target: MermaidTarget::V11,
            ..Default::default()
        };
        let big = build_with(&db, &Look::of(&chart, &options));
        let normal = build_with(&db, &Look::for_target(MermaidTarget::V11));
        assert_eq!(big.theme.font_size, 24.0);
        assert!(big.input.nodes[0].width > normal.input.nodes[0].width + 30.0);
        assert!(big.input.nodes[0].height > normal.input.nodes[0].height);
    }

    #[test]
    fn links_are_kept_only_when_safe() {
        for ok in [
            "https://example.com/a?b#c",
            "http://x",
            "docs/page.html",
            "#anchor",
            "/abs",
            "mailto:a@b.c",
        ] {
            assert_eq!(safe_link(ok).as_deref(), Some(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,x",
            "java\tscript:x",
            "vbscript:x",
            " javascript:x",
            "\u{0}javascript:x",
            "file:///etc/passwd",
            "//",
        ] {
            assert_eq!(safe_link(bad), None, "{bad:?}");
        }
        for (relative_looking, remote) in [
            ("//host.example/x", "https://host.example/x"),
            ("\\\\host.example\\x", "https://host.example/x"),
            ("/\\host.example", "https://host.example"),
            ("\\/host.example/a?b", "https://host.example/a?b"),
        ] {
            assert_eq!(safe_link(relative_looking).as_deref(), Some(remote));
        }
    }

    /// Mermaid's entity placeholders never reach a link or a tooltip: `#quot;` is a quote,
    /// `#35;` a `#`.
    #[test]
    fn links_and_tooltips_have_their_entities_decoded() {
        let s = scene(
            "flowchart TB\nA[\"#quot;lbl#quot;\"] --> B\nclick A \"https://x.example/#35;a\" \"say #quot;hi#quot; #nosuch;\"\n",
        );
        let a = &s.nodes[0];
        assert_eq!(a.link.as_deref(), Some("https://x.example/#a"));
        assert_eq!(a.tooltip.as_deref(), Some("say \"hi\" &nosuch;"));
    }
}
