//! The phases in order, and the final move onto the canvas in the requested direction.

use rustc_hash::FxHashSet;

use super::position::Gaps;
use super::prepare::{Anchor, Prepared, prepare};
use super::{Direction, EdgeRoute, Layout, LayoutInput, Rect};
use super::{boxes, detour, layered, order, position, rank, route};

/// Space left around the drawing.
pub(super) const MARGIN: f64 = 8.0;
/// Separation between bend points of different edges.
const EDGE_GAP: f64 = 10.0;

fn spacing(v: f64, default: f64) -> f64 {
    if v.is_finite() && v >= 0.0 {
        v.min(1e5)
    } else {
        default
    }
}

/// Whether ranks must be doubled: labels need a rank of their own, and edges between the
/// same two ends need a bend vertex each to be kept apart.
fn needs_middle_rank(p: &Prepared) -> bool {
    let mut pairs = FxHashSet::default();
    for l in p.links.iter().flatten() {
        if l.label.is_some() {
            return true;
        }
        if l.from == l.to {
            continue;
        }
        let key = |a: Anchor| match a {
            Anchor::Box(b) => (0u8, b),
            Anchor::Cluster(c) => (1u8, c),
        };
        let (a, b) = (key(l.from), key(l.to));
        if !pairs.insert((a.min(b), a.max(b))) {
            return true;
        }
    }
    false
}

pub(super) fn run(input: &LayoutInput) -> Layout {
    let p = prepare(input);
    let doubled = needs_middle_rank(&p);
    let ranking = rank::rank(&p, if doubled { 2 } else { 1 });
    let g = layered::build(&p, &ranking);
    let ord = order::order(&g, &p.hierarchy);
    let extra = route::loop_room(&p, g.kind.len());
    let rank_gap = spacing(input.spacing.rank, 50.0);
    let gaps = Gaps {
        node: spacing(input.spacing.node, 50.0),
        edge: EDGE_GAP,
        rank: if doubled { rank_gap / 2.0 } else { rank_gap },
    };
    let pl = position::place(&g, &p.hierarchy, &ord, &p.reserve, &extra, &gaps);
    let vr = boxes::vertex_rects(&g, &pl);
    let cr = boxes::cluster_rects(&p, &g, &pl, &vr, &extra.right);
    let mut edges = route::route(&p, &g, &pl, &vr, &cr);
    detour::clear_foreign(&p, &g, &vr, &cr, &mut edges);
    let nodes = vr[..input.nodes.len()].to_vec();
    finish(input.direction, nodes, cr, edges)
}

/// Moves everything to start at the margin and turns it to the requested direction.
fn finish(
    d: Direction,
    mut nodes: Vec<Rect>,
    mut clusters: Vec<Rect>,
    mut edges: Vec<EdgeRoute>,
) -> Layout {
    let (mut x0, mut y0) = (f64::INFINITY, f64::INFINITY);
    let (mut x1, mut y1) = (f64::NEG_INFINITY, f64::NEG_INFINITY);
    let mut take = |x: f64, y: f64| {
        x0 = x0.min(x);
        y0 = y0.min(y);
        x1 = x1.max(x);
        y1 = y1.max(y);
    };
    for r in nodes
        .iter()
        .chain(&clusters)
        .chain(edges.iter().filter_map(|e| e.label.as_ref()))
    {
        take(r.x, r.y);
        take(r.x + r.width, r.y + r.height);
    }
    for e in &edges {
        for &(x, y) in &e.points {
            take(x, y);
        }
    }
    if !x0.is_finite() {
        (x0, y0, x1, y1) = (0.0, 0.0, 0.0, 0.0);
    }
    let (dx, dy) = (MARGIN - x0, MARGIN - y0);
    let (w, h) = (x1 - x0 + 2.0 * MARGIN, y1 - y0 + 2.0 * MARGIN);
    let turn_rect = |r: &mut Rect| {
        let (x, y) = (r.x + dx, r.y + dy);
        *r = match d {
            Direction::TopBottom => Rect { x, y, ..*r },
            Direction::BottomTop => Rect {
                x,
                y: h - y - r.height,
                ..*r
            },
            Direction::LeftRight => Rect {
                x: y,
                y: x,
                width: r.height,
                height: r.width,
            },
            Direction::RightLeft => Rect {
                x: h - y - r.height,
                y: x,
                width: r.height,
                height: r.width,
            },
        };
    };
    let turn_point = |p: &mut (f64, f64)| {
        let (x, y) = (p.0 + dx, p.1 + dy);
        *p = match d {
            Direction::TopBottom => (x, y),
            Direction::BottomTop => (x, h - y),
            Direction::LeftRight => (y, x),
            Direction::RightLeft => (h - y, x),
        };
    };
    nodes
        .iter_mut()
        .chain(clusters.iter_mut())
        .for_each(turn_rect);
    for e in &mut edges {
        e.points.iter_mut().for_each(turn_point);
        if let Some(l) = &mut e.label {
            turn_rect(l);
        }
    }
    let (width, height) = match d {
        Direction::TopBottom | Direction::BottomTop => (w, h),
        Direction::LeftRight | Direction::RightLeft => (h, w),
    };
    Layout {
        width,
        height,
        nodes,
        clusters,
        edges,
    }
}
