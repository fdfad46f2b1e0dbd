//! Edge curves: Mermaid's `curve` names (`linkStyle … interpolate`, `@{ curve: … }`,
//! `flowchart.curve`) mapped onto the layout's orthogonal routes.
//!
//! Mermaid passes its points through a d3 curve; a spline through our routes would leave them
//! and could cut into nodes and clusters the router kept clear. So every curve keeps the route
//! and only changes its bends: each bend is replaced by an arc that stays inside the corner's
//! triangle (the bend and the two points where the arc leaves the route), and the arc's size is
//! reduced until the triangle's bounding box overlaps no node box and no other edge's label and
//! lies wholly inside or wholly outside every cluster. A curve therefore never enters a node or
//! another edge's label, or crosses a cluster border, where its polyline does not. An arc takes at most half of each segment, so the outer
//! half of the end segments stays straight and arrowheads point along the last segment.

use std::fmt::Write;

use super::num::fmt_pt;
use crate::layout::Rect;

/// How bends are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Curve {
    /// Wide smooth arcs (Mermaid's default `basis`, and the other splines: `natural`,
    /// `cardinal`, `catmullRom`, `monotoneX`, `monotoneY`, `bumpX`, `bumpY`).
    #[default]
    Smooth,
    /// Small rounded corners (Mermaid's `rounded`, radius 5).
    Rounded,
    /// Sharp corners (`linear`; `step`, `stepBefore` and `stepAfter`, whose steps our
    /// orthogonal routes already are).
    Sharp,
}

impl Curve {
    /// The curve for a Mermaid curve name; names Mermaid does not know are `basis`, as in
    /// Mermaid.
    pub fn from_name(name: &str) -> Curve {
        match name {
            "linear" | "step" | "stepBefore" | "stepAfter" => Curve::Sharp,
            "rounded" => Curve::Rounded,
            _ => Curve::Smooth,
        }
    }

    /// The largest distance from a bend at which the arc leaves the route.
    fn reach(self, turn: f64) -> f64 {
        match self {
            Curve::Smooth => SMOOTH_REACH,
            // Mermaid's `generateRoundedPath`: `radius / sin(angle / 2)` for the angle between
            // the two segments' directions.
            Curve::Rounded => ROUNDED_RADIUS / (turn / 2.0).sin().max(1e-6),
            Curve::Sharp => 0.0,
        }
    }
}

/// How far a smooth bend reaches along each segment.
const SMOOTH_REACH: f64 = 18.0;

/// Mermaid's radius for `rounded`.
const ROUNDED_RADIUS: f64 = 5.0;

/// Bends smaller than this are drawn sharp.
const MIN_REACH: f64 = 1.0;

/// The cubic control points of a quarter circle sit this far along the tangents (4/3·tan(π/8)).
const KAPPA: f64 = 0.552_284_749_8;

/// One piece of a drawn edge, continuing from where the previous one ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Piece {
    /// A straight line to the point.
    Line((f64, f64)),
    /// A cubic Bézier curve with two control points to the point.
    Cubic((f64, f64), (f64, f64), (f64, f64)),
}

impl Piece {
    /// The point where it ends.
    pub fn end(self) -> (f64, f64) {
        match self {
            Piece::Line(p) | Piece::Cubic(_, _, p) => p,
        }
    }
}

/// What bends must keep clear of: node boxes and cluster borders, each kept in a sparse grid
/// whose cells suit its shape (border lines are long and thin: a horizontal border is filed in
/// cells wide along x, a vertical one in cells tall along y), so that a drawing thousands of
/// nodes wide costs a few entries per box.
pub struct Obstacles<'a> {
    nodes: &'a [Rect],
    /// Edge label boxes, with the index of their edge; filed in `node_grid` after the nodes.
    labels: Vec<(usize, Rect)>,
    node_grid: Grid,
    /// Horizontal cluster borders: x from, x to, y.
    across: Vec<(f64, f64, f64)>,
    across_grid: Grid,
    /// Vertical cluster borders: y from, y to, x.
    down: Vec<(f64, f64, f64)>,
    down_grid: Grid,
}

/// Overlaps closer than this are not counted (shared borders, rounding).
const EPS: f64 = 0.01;

/// A sparse grid of ids: `(cell, id)` pairs sorted by cell.
struct Grid {
    cell_w: f64,
    cell_h: f64,
    entries: Vec<(i64, u32)>,
}

impl Grid {
    fn new(cell_w: f64, cell_h: f64) -> Grid {
        Grid {
            cell_w,
            cell_h,
            entries: Vec::new(),
        }
    }

    fn cells(&self, b: (f64, f64, f64, f64)) -> impl Iterator<Item = i64> + use<> {
        let c = |v: f64, size: f64| (v / size).floor().clamp(-1e9, 1e9) as i64;
        let (x0, x1) = (c(b.0, self.cell_w), c(b.2, self.cell_w));
        let (y0, y1) = (c(b.1, self.cell_h), c(b.3, self.cell_h));
        (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x << 32) | (y & 0xffff_ffff)))
    }

    fn insert(&mut self, b: (f64, f64, f64, f64), id: usize) {
        if [b.0, b.1, b.2, b.3].iter().all(|v| v.is_finite()) {
            let cells: Vec<i64> = self.cells(b).collect();
            self.entries
                .extend(cells.into_iter().map(|k| (k, id as u32)));
        }
    }

    fn seal(&mut self) {
        self.entries.sort_unstable();
        self.entries.dedup();
    }

    /// The ids filed in the cells `b` touches (an id may come more than once).
    fn near(&self, b: (f64, f64, f64, f64)) -> impl Iterator<Item = usize> + '_ {
        self.cells(b).flat_map(move |k| {
            let from = self.entries.partition_point(|e| e.0 < k);
            self.entries[from..]
                .iter()
                .take_while(move |e| e.0 == k)
                .map(|e| e.1 as usize)
        })
    }
}

impl<'a> Obstacles<'a> {
    /// Indexes the node and cluster boxes of a layout.
    pub fn new(nodes: &'a [Rect], clusters: &[Rect]) -> Obstacles<'a> {
        let mut node_grid = Grid::new(256.0, 256.0);
        for (i, r) in nodes.iter().enumerate() {
            node_grid.insert((r.x, r.y, r.x + r.width, r.y + r.height), i);
        }
        let (mut across, mut down) = (Vec::new(), Vec::new());
        for r in clusters {
            let (x1, y1) = (r.x + r.width, r.y + r.height);
            across.extend([(r.x, x1, r.y), (r.x, x1, y1)]);
            down.extend([(r.y, y1, r.x), (r.y, y1, x1)]);
        }
        let mut across_grid = Grid::new(4096.0, 64.0);
        for (i, &(x0, x1, y)) in across.iter().enumerate() {
            across_grid.insert((x0, y, x1, y), i);
        }
        let mut down_grid = Grid::new(64.0, 4096.0);
        for (i, &(y0, y1, x)) in down.iter().enumerate() {
            down_grid.insert((x, y0, x, y1), i);
        }
        for g in [&mut node_grid, &mut across_grid, &mut down_grid] {
            g.seal();
        }
        Obstacles {
            nodes,
            labels: Vec::new(),
            node_grid,
            across,
            across_grid,
            down,
            down_grid,
        }
    }

    /// Adds the label boxes of edges (by edge index), which bends of other edges keep clear of.
    pub fn with_labels(mut self, labels: impl IntoIterator<Item = (usize, Rect)>) -> Self {
        self.labels = labels.into_iter().collect();
        for (k, (_, r)) in self.labels.iter().enumerate() {
            let id = self.nodes.len() + k;
            self.node_grid
                .insert((r.x, r.y, r.x + r.width, r.y + r.height), id);
        }
        self.node_grid.seal();
        self
    }

    /// Whether the box `b` (x0, y0, x1, y1) overlaps no node and no label of an edge other
    /// than `edge`, and no cluster border passes through it (so it lies wholly inside or
    /// wholly outside every cluster).
    fn clear(&self, b: (f64, f64, f64, f64), edge: Option<usize>) -> bool {
        let within = |v: f64, lo: f64, hi: f64| v > lo + EPS && v < hi - EPS;
        let spans = |from: f64, to: f64, lo: f64, hi: f64| from < hi - EPS && to > lo + EPS;
        let n = self.nodes.len();
        self.node_grid.near(b).all(|i| match i.checked_sub(n) {
            None => !overlaps(&self.nodes[i], b),
            Some(k) => {
                self.labels[k].0 == edge.unwrap_or(usize::MAX) || !overlaps(&self.labels[k].1, b)
            }
        }) && self.across_grid.near(b).all(|i| {
            let (x0, x1, y) = self.across[i];
            !(within(y, b.1, b.3) && spans(x0, x1, b.0, b.2))
        }) && self.down_grid.near(b).all(|i| {
            let (y0, y1, x) = self.down[i];
            !(within(x, b.0, b.2) && spans(y0, y1, b.1, b.3))
        })
    }
}

fn overlaps(r: &Rect, b: (f64, f64, f64, f64)) -> bool {
    b.0 < r.x + r.width - EPS && b.2 > r.x + EPS && b.1 < r.y + r.height - EPS && b.3 > r.y + EPS
}

/// The pieces of edge number `edge` (whose own label its bends may touch) through `points`
/// (at least two) drawn with `curve`.
pub fn pieces(
    points: &[(f64, f64)],
    curve: Curve,
    obstacles: &Obstacles,
    edge: Option<usize>,
) -> Vec<Piece> {
    let n = points.len();
    let mut out = Vec::with_capacity(n * 2);
    for i in 1..n {
        let p = points[i];
        if i + 1 == n || curve == Curve::Sharp {
            out.push(Piece::Line(p));
            continue;
        }
        let (prev, next) = (points[i - 1], points[i + 1]);
        let (l1, l2) = (dist(prev, p), dist(p, next));
        if l1 < 1e-9 || l2 < 1e-9 {
            out.push(Piece::Line(p));
            continue;
        }
        let u1 = ((p.0 - prev.0) / l1, (p.1 - prev.1) / l1);
        let u2 = ((next.0 - p.0) / l2, (next.1 - p.1) / l2);
        let turn = (u1.0 * u2.0 + u1.1 * u2.1).clamp(-1.0, 1.0).acos();
        if turn < 1e-6 || (std::f64::consts::PI - turn).abs() < 1e-6 {
            out.push(Piece::Line(p));
            continue;
        }
        // An arc takes at most half of each segment, so the end segments keep their outer
        // half straight and heads point along them.
        let mut reach = curve.reach(turn).min(l1 / 2.0).min(l2 / 2.0);
        let arc = loop {
            if reach < MIN_REACH {
                break None;
            }
            let a = (p.0 - u1.0 * reach, p.1 - u1.1 * reach);
            let b = (p.0 + u2.0 * reach, p.1 + u2.1 * reach);
            let bbox = (
                a.0.min(b.0).min(p.0),
                a.1.min(b.1).min(p.1),
                a.0.max(b.0).max(p.0),
                a.1.max(b.1).max(p.1),
            );
            if obstacles.clear(bbox, edge) {
                break Some((a, b));
            }
            reach /= 2.0;
        };
        match arc {
            None => out.push(Piece::Line(p)),
            Some((a, b)) => {
                out.push(Piece::Line(a));
                let (c1, c2) = match curve {
                    Curve::Rounded => {
                        // Mermaid draws `Q bend end`; the same curve as a cubic.
                        let k = 2.0 / 3.0;
                        (
                            (a.0 + (p.0 - a.0) * k, a.1 + (p.1 - a.1) * k),
                            (b.0 + (p.0 - b.0) * k, b.1 + (p.1 - b.1) * k),
                        )
                    }
                    _ => (
                        (a.0 + (p.0 - a.0) * KAPPA, a.1 + (p.1 - a.1) * KAPPA),
                        (b.0 + (p.0 - b.0) * KAPPA, b.1 + (p.1 - b.1) * KAPPA),
                    ),
                };
                out.push(Piece::Cubic(c1, c2, b));
            }
        }
    }
    out
}

/// The SVG path data of an edge starting at `start`.
pub fn path_data(start: (f64, f64), pieces: &[Piece]) -> String {
    let mut d = String::with_capacity(16 + pieces.len() * 24);
    d.push('M');
    d.push_str(&fmt_pt(start.0, start.1));
    for piece in pieces {
        match *piece {
            Piece::Line(p) => {
                let _ = write!(d, " L{}", fmt_pt(p.0, p.1));
            }
            Piece::Cubic(c1, c2, p) => {
                let _ = write!(
                    d,
                    " C{} {} {}",
                    fmt_pt(c1.0, c1.1),
                    fmt_pt(c2.0, c2.1),
                    fmt_pt(p.0, p.1)
                );
            }
        }
    }
    d
}

/// Points along a piece from `from`, `steps` of them, for checking where a curve goes.
pub fn sample(from: (f64, f64), piece: Piece, steps: usize) -> Vec<(f64, f64)> {
    (1..=steps)
        .map(|k| {
            let t = k as f64 / steps as f64;
            match piece {
                Piece::Line(p) => (from.0 + (p.0 - from.0) * t, from.1 + (p.1 - from.1) * t),
                Piece::Cubic(c1, c2, p) => {
                    let u = 1.0 - t;
                    let w = [u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t];
                    (
                        w[0] * from.0 + w[1] * c1.0 + w[2] * c2.0 + w[3] * p.0,
                        w[0] * from.1 + w[1] * c1.1 + w[2] * c2.1 + w[3] * p.1,
                    )
                }
            }
        })
        .collect()
}

fn dist(a: (f64, f64), b: (f64, f64)) -> f64 {
    ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(x: f64, y: f64, width: f64, height: f64) -> Rect {
        Rect {
            x,
            y,
            width,
            height,
        }
    }

    const L: [(f64, f64); 3] = [(0.0, 0.0), (0.0, 100.0), (100.0, 100.0)];

    #[test]
    fn names_map_to_curves() {
        assert_eq!(Curve::from_name("basis"), Curve::Smooth);
        assert_eq!(Curve::from_name("monotoneX"), Curve::Smooth);
        assert_eq!(Curve::from_name("linear"), Curve::Sharp);
        assert_eq!(Curve::from_name("stepAfter"), Curve::Sharp);
        assert_eq!(Curve::from_name("rounded"), Curve::Rounded);
        assert_eq!(Curve::from_name("nonsense"), Curve::Smooth);
    }

    #[test]
    fn bends_become_arcs_and_ends_stay_straight() {
        let none = Obstacles::new(&[], &[]);
        assert_eq!(
            path_data(L[0], &pieces(&L, Curve::Sharp, &none, None)),
            "M0,0 L0,100 L100,100"
        );
        assert_eq!(
            path_data(L[0], &pieces(&L, Curve::Smooth, &none, None)),
            "M0,0 L0,82 C0,91.94 8.06,100 18,100 L100,100"
        );
        // Mermaid's rounded: 5 / sin(45°) ≈ 7.07 along each segment, a quadratic through the
        // bend (written as the equivalent cubic).
        assert_eq!(
            path_data(L[0], &pieces(&L, Curve::Rounded, &none, None)),
            "M0,0 L0,92.93 C0,97.64 2.36,100 7.07,100 L100,100"
        );
        let straight = [(0.0, 0.0), (0.0, 50.0), (0.0, 100.0)];
        assert_eq!(
            path_data(straight[0], &pieces(&straight, Curve::Smooth, &none, None)),
            "M0,0 L0,50 L0,100"
        );
    }

    #[test]
    fn short_segments_get_small_arcs() {
        let none = Obstacles::new(&[], &[]);
        let p = [(0.0, 0.0), (0.0, 10.0), (100.0, 10.0)];
        let d = path_data(p[0], &pieces(&p, Curve::Smooth, &none, None));
        assert_eq!(d, "M0,0 L0,5 C0,7.76 2.24,10 5,10 L100,10");
    }

    #[test]
    fn arcs_shrink_away_from_nodes_and_cluster_borders() {
        // A node just inside the corner: the arc shrinks until it fits, or stays sharp.
        let nodes = [rect(6.0, 80.0, 50.0, 14.0)];
        let o = Obstacles::new(&nodes, &[]);
        for piece in pieces(&L, Curve::Smooth, &o, None) {
            if let Piece::Cubic(_, _, end) = piece {
                assert!(end.0 <= 6.0, "{end:?}");
            }
        }
        let touching = [rect(1.0, 50.0, 50.0, 49.5)];
        let o = Obstacles::new(&touching, &[]);
        assert_eq!(
            pieces(&L, Curve::Smooth, &o, None),
            [Piece::Line(L[1]), Piece::Line(L[2])]
        );
        // A cluster border through the bend: no arc may cross it.
        let clusters = [rect(-50.0, 95.0, 300.0, 200.0)];
        let o = Obstacles::new(&[], &clusters);
        let ps = pieces(&L, Curve::Smooth, &o, None);
        let mut at = L[0];
        for piece in &ps {
            if matches!(piece, Piece::Cubic(..)) {
                for q in sample(at, *piece, 16) {
                    assert!(q.1 >= 95.0 - 1e-9, "{q:?} crosses the border");
                }
            }
            at = piece.end();
        }
    }

    #[test]
    fn arcs_keep_clear_of_other_edges_labels_only() {
        let label = rect(2.0, 84.0, 30.0, 12.0);
        let o = Obstacles::new(&[], &[]).with_labels([(7, label)]);
        let own = pieces(&L, Curve::Smooth, &o, Some(7));
        assert!(
            matches!(own[1], Piece::Cubic(_, _, (18.0, 100.0))),
            "{own:?}"
        );
        let other = pieces(&L, Curve::Smooth, &o, Some(3));
        match other[1] {
            Piece::Cubic(_, _, end) => assert!(end.0 < 4.5, "{other:?}"),
            _ => assert_eq!(other, [Piece::Line(L[1]), Piece::Line(L[2])]),
        }
    }

    proptest::proptest! {
        /// Whatever the route and the boxes around it, no point of an arc lies inside a box
        /// that the route's corner triangle does not already reach into.
        #[test]
        fn arcs_stay_out_of_boxes(
            xs in proptest::collection::vec(0.0..400.0f64, 2..6),
            boxes in proptest::collection::vec((0.0..400.0f64, 0.0..400.0f64, 1.0..60.0f64, 1.0..60.0f64), 0..8),
        ) {
            // An orthogonal staircase through the xs.
            let mut route = vec![(xs[0], 0.0)];
            for (k, &x) in xs.iter().enumerate().skip(1) {
                let y = k as f64 * 40.0;
                route.push((route.last().unwrap().0, y));
                route.push((x, y));
            }
            let nodes: Vec<Rect> = boxes.iter().map(|&(x, y, w, h)| rect(x, y, w, h)).collect();
            let o = Obstacles::new(&nodes, &[]);
            let ps = pieces(&route, Curve::Smooth, &o, None);
            let mut at = route[0];
            for piece in &ps {
                if matches!(piece, Piece::Cubic(..)) {
                    for q in sample(at, *piece, 12) {
                        for r in &nodes {
                            let inside = q.0 > r.x + 0.02 && q.0 < r.x + r.width - 0.02
                                && q.1 > r.y + 0.02 && q.1 < r.y + r.height - 0.02;
                            proptest::prop_assert!(!inside, "{q:?} in {r:?}");
                        }
                    }
                }
                at = piece.end();
            }
            proptest::prop_assert_eq!(at, *route.last().unwrap());
        }
    }
}
