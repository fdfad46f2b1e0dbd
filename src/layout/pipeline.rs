//! The phases in order, and the final move onto the canvas in the requested direction.

use rustc_hash::FxHashSet;

use super::position::Gaps;
use super::prepare::{Anchor, Prepared, loop_room, prepare};
use super::{Direction, EdgeRoute, Layout, LayoutInput, Rect};
use super::{boxes, detour, layered, order, position, prepare, rank, route, titles};

/// Space left around the drawing.
pub(super) const MARGIN: f64 = 8.0;
/// Separation between bend points of different edges.
const EDGE_GAP: f64 = 10.0;
/// Layered vertices (boxes, bend and label vertices) from which the second placement, for
/// crossed titles, starts from the first instead of solving again.
const KEEP_PLACEMENT_FROM: usize = 20_000;
/// Room beside a title kept clear of edges, beyond the title's width (both sides together):
/// twice the margin titles keep from edges, and a little.
const TITLE_ROOM_MARGIN: f64 = 20.0;

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
    run_with(input, rank::rank, KEEP_PLACEMENT_FROM)
}

/// The phases, with the layering done by `ranker`; a second placement starts from the first
/// when the layered graph has at least `keep_from` vertices.
fn run_with(
    input: &LayoutInput,
    ranker: fn(&Prepared, i64) -> rank::Ranking,
    keep_from: usize,
) -> Layout {
    let (first, second) = drawings(input, ranker, keep_from);
    second.unwrap_or(first)
}

/// The first drawing, and the second when titles the first crosses need room that moves
/// something.
fn drawings(
    input: &LayoutInput,
    ranker: fn(&Prepared, i64) -> rank::Ranking,
    keep_from: usize,
) -> (Layout, Option<Layout>) {
    let p = prepare(input);
    let doubled = needs_middle_rank(&p);
    let ranking = ranker(&p, if doubled { 2 } else { 1 });
    let g = layered::build(&p, &ranking);
    let ord = order::order(&g, &p.hierarchy);
    let extra = loop_room(&p, g.kind.len());
    let rank_gap = spacing(input.spacing.rank, 50.0);
    let gaps = Gaps {
        node: spacing(input.spacing.node, 50.0),
        edge: EDGE_GAP,
        rank: if doubled { rank_gap / 2.0 } else { rank_gap },
    };
    let place = |title_room: &[f64], prev: Option<&position::Placement>| {
        position::place(
            &g,
            &p.hierarchy,
            &ord,
            &p.reserve,
            &extra,
            &gaps,
            title_room,
            prev,
        )
    };
    let rects = |pl: &position::Placement, title_room: &[f64]| {
        let vr = boxes::vertex_rects(&g, pl);
        let cr = boxes::cluster_rects(&p, &g, pl, &vr, &extra.right, title_room);
        (vr, cr)
    };
    let draw = |pl: &position::Placement, vr: Vec<Rect>, cr: Vec<Rect>| {
        let mut edges = route::route(&p, &g, pl, &vr, &cr);
        detour::clear_foreign(&p, &g, &vr, &cr, &mut edges);
        let nodes = vr[..input.nodes.len()].to_vec();
        finish(input.direction, nodes, cr, edges)
    };
    let placed = place(&[], None);
    let (vr, cr) = rects(&placed, &[]);
    let first_clusters = cr.clone();
    let first = draw(&placed, vr, cr);
    // Titles that edges cross get a stretch of their cluster's top that no edge enters (at its
    // left, beside the first member), and the drawing is placed again. Titles on the side
    // (left-to-right drawings) keep the first placement.
    if matches!(input.direction, Direction::LeftRight | Direction::RightLeft) {
        return (first, None);
    }
    let crossed = titles::crossed(input, &first);
    if crossed.is_empty() {
        return (first, None);
    }
    let mut room = vec![0.0; input.clusters.len()];
    for c in crossed {
        room[c] = prepare::size(input.clusters[c].title_width) + TITLE_ROOM_MARGIN;
    }
    // A large graph keeps its first placement and only makes the room (moving what stands in
    // it, and what that pushes, to the right): placing it again from scratch would double the
    // time of the whole layout for a few titles.
    let prev = (g.kind.len() >= keep_from).then_some(&placed);
    let pl = place(&room, prev);
    let (vr, cr) = rects(&pl, &room);
    if pl.x == placed.x && pl.limits == placed.limits && cr == first_clusters {
        // The room was there already (the title is crossed by edges that the room cannot
        // keep out): routing the same boxes again would give the same drawing.
        return (first, None);
    }
    (first, Some(draw(&pl, vr, cr)))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::detour::segment_hits;
    use crate::layout::{ClusterSpec, EdgeSpec, End, NodeSpec};
    use proptest::strategy::Strategy;

    /// Six clusters in one, each holding a chain of two nodes, linked every way round: the
    /// kind of graph whose border ranking stacks the clusters.
    fn ring_of_clusters(labelled: bool) -> LayoutInput {
        let mut input = LayoutInput::new(Direction::TopBottom);
        let cluster = |parent| ClusterSpec {
            parent,
            title_width: 40.0,
            title_height: 20.0,
            direction: None,
        };
        input.clusters.push(cluster(None));
        for i in 0..6 {
            input.clusters.push(cluster(Some(0)));
            for _ in 0..2 {
                input.nodes.push(NodeSpec {
                    width: 60.0,
                    height: 30.0,
                    cluster: Some(i + 1),
                });
            }
            input.edges.push(EdgeSpec {
                from: End::Node(2 * i),
                to: End::Node(2 * i + 1),
                label: None,
                min_len: 1,
            });
        }
        for i in 0..6 {
            for j in [(i + 1) % 6, (i + 3) % 6] {
                input.edges.push(EdgeSpec {
                    from: End::Node(2 * i + 1),
                    to: if j == 3 {
                        End::Cluster(j + 1)
                    } else {
                        End::Node(2 * j)
                    },
                    label: labelled.then_some((30.0, 16.0)),
                    min_len: 1,
                });
            }
        }
        input
    }

    /// Whether `c` holds the end `e` (a cluster holds itself).
    fn holds(input: &LayoutInput, c: usize, e: End) -> bool {
        let mut cur = match e {
            End::Node(n) => input.nodes[n].cluster,
            End::Cluster(d) => Some(d),
        };
        while let Some(d) = cur {
            if d == c {
                return true;
            }
            cur = input.clusters[d].parent;
        }
        false
    }

    /// Edges that cross no cluster foreign to them and no box other than their ends, and
    /// start and end on their ends' borders.
    fn clear(input: &LayoutInput, l: &Layout) -> Result<(), String> {
        let end_rect = |e: End| match e {
            End::Node(n) => l.nodes[n],
            End::Cluster(c) => l.clusters[c],
        };
        let on_border = |p: (f64, f64), r: &Rect| {
            let near = |a: f64, b: f64| (a - b).abs() < 0.01;
            let (x1, y1) = (r.x + r.width, r.y + r.height);
            (near(p.0, r.x) || near(p.0, x1)) && r.y - 0.01 <= p.1 && p.1 <= y1 + 0.01
                || (near(p.1, r.y) || near(p.1, y1)) && r.x - 0.01 <= p.0 && p.0 <= x1 + 0.01
        };
        for (i, (e, route)) in input.edges.iter().zip(&l.edges).enumerate() {
            let pts = &route.points;
            if pts.len() < 2 {
                return Err(format!("edge {i}: {pts:?}"));
            }
            if !(on_border(pts[0], &end_rect(e.from))
                && on_border(pts[pts.len() - 1], &end_rect(e.to)))
            {
                return Err(format!("edge {i} off its ends' borders: {pts:?}"));
            }
            let nested = match (e.from, e.to) {
                (End::Cluster(c), other) | (other, End::Cluster(c)) => {
                    holds(input, c, other)
                        || matches!(other, End::Cluster(d) if holds(input, d, e.from) || holds(input, d, e.to))
                }
                _ => e.from == e.to,
            };
            if nested {
                continue;
            }
            for w in pts.windows(2) {
                for (c, r) in l.clusters.iter().enumerate() {
                    let own = holds(input, c, e.from) || holds(input, c, e.to);
                    if !own && segment_hits(w[0], w[1], r) {
                        return Err(format!("edge {i} through cluster {c}: {pts:?}"));
                    }
                }
                for (n, r) in l.nodes.iter().enumerate() {
                    let end = e.from == End::Node(n) || e.to == End::Node(n);
                    if !end && segment_hits(w[0], w[1], r) {
                        return Err(format!("edge {i} through node {n}: {pts:?}"));
                    }
                }
            }
        }
        Ok(())
    }

    fn arb_input() -> impl Strategy<Value = LayoutInput> {
        (1usize..16, 0usize..6, 0usize..24, 0u8..4).prop_flat_map(|(n, k, m, dir)| {
            (
                proptest::collection::vec(proptest::option::of(0..k.max(1)), k),
                proptest::collection::vec(proptest::option::of(0..k.max(1)), n),
                proptest::collection::vec((0..n + k, 0..n + k, proptest::bool::ANY), m),
            )
                .prop_map(move |(parents, homes, edges)| {
                    let mut input = LayoutInput::new(match dir {
                        0 => Direction::TopBottom,
                        1 => Direction::BottomTop,
                        2 => Direction::LeftRight,
                        _ => Direction::RightLeft,
                    });
                    input.clusters = (0..k)
                        .map(|c| ClusterSpec {
                            parent: parents[c].filter(|&p| p < c),
                            title_width: 50.0,
                            title_height: 18.0,
                            direction: None,
                        })
                        .collect();
                    input.nodes = (0..n)
                        .map(|i| NodeSpec {
                            width: 40.0 + 7.0 * i as f64,
                            height: 30.0,
                            cluster: homes[i].filter(|&c| c < k),
                        })
                        .collect();
                    let end = |x: usize| {
                        if x < n {
                            End::Node(x)
                        } else {
                            End::Cluster(x - n)
                        }
                    };
                    input.edges = edges
                        .into_iter()
                        .map(|(a, b, labelled)| EdgeSpec {
                            from: end(a),
                            to: end(b),
                            label: labelled.then_some((36.0, 16.0)),
                            min_len: 1,
                        })
                        .collect();
                    input
                })
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        #[test]
        fn random_graphs_through_corridors_stay_clear(input in arb_input()) {
            let l = run_with(&input, rank::rank_through_corridors, KEEP_PLACEMENT_FROM);
            proptest::prop_assert_eq!(&l, &run_with(&input, rank::rank_through_corridors, KEEP_PLACEMENT_FROM));
            if let Err(e) = clear(&input, &l) {
                proptest::prop_assert!(false, "{} in {:?}", e, input);
            }
        }
    }

    /// Boxes that share interior area: (node, node).
    fn overlapping(l: &Layout) -> Option<(usize, usize)> {
        for (i, a) in l.nodes.iter().enumerate() {
            for (j, b) in l.nodes.iter().enumerate().skip(i + 1) {
                if a.overlaps(b) {
                    return Some((i, j));
                }
            }
        }
        None
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        #[test]
        fn random_graphs_placed_again_from_the_first_placement_stay_clear(input in arb_input()) {
            let l = run_with(&input, rank::rank, 0);
            proptest::prop_assert_eq!(&l, &run_with(&input, rank::rank, 0));
            if let Err(e) = clear(&input, &l) {
                proptest::prop_assert!(false, "{} in {:?}", e, input);
            }
            proptest::prop_assert!(overlapping(&l).is_none(), "{:?} in {:?}", overlapping(&l), input);
            for (c, r) in l.clusters.iter().enumerate() {
                for n in 0..input.nodes.len() {
                    if holds(&input, c, End::Node(n)) && r.width > 0.0 {
                        proptest::prop_assert!(r.contains(&l.nodes[n]), "node {} out of {}", n, c);
                    }
                }
            }
        }
    }

    #[test]
    fn placing_again_from_the_first_placement_clears_the_titles_it_crossed() {
        // A row of clusters whose titles the edges from a source above them cross on the
        // first placement; the second, started from the first, keeps a room beside each.
        let mut input = LayoutInput::new(Direction::TopBottom);
        input.nodes.push(NodeSpec {
            width: 60.0,
            height: 30.0,
            cluster: None,
        });
        for c in 0..4 {
            input.clusters.push(ClusterSpec {
                parent: None,
                title_width: 120.0,
                title_height: 20.0,
                direction: None,
            });
            for _ in 0..3 {
                input.nodes.push(NodeSpec {
                    width: 40.0,
                    height: 30.0,
                    cluster: Some(c),
                });
                let n = input.nodes.len() - 1;
                input.edges.push(EdgeSpec {
                    from: End::Node(0),
                    to: End::Node(n),
                    label: None,
                    min_len: 1,
                });
            }
        }
        let p = prepare(&input);
        let g = layered::build(&p, &rank::rank(&p, 1));
        assert!(
            g.kind.len() < KEEP_PLACEMENT_FROM,
            "placed from scratch twice by default"
        );
        let (first, again) = drawings(&input, rank::rank, usize::MAX);
        let (first_kept, kept) = drawings(&input, rank::rank, 0);
        assert_eq!(first, first_kept);
        assert!(
            !titles::crossed(&input, &first).is_empty(),
            "the fixture must cross titles on the first placement"
        );
        for l in [again.expect("placed again"), kept.expect("placed again")] {
            let crossed = titles::crossed(&input, &l);
            assert!(crossed.is_empty(), "{crossed:?}");
            clear(&input, &l).unwrap();
            assert_eq!(overlapping(&l), None);
        }
    }

    #[test]
    fn corridors_keep_edges_out_of_foreign_clusters_and_boxes() {
        for labelled in [false, true] {
            let input = ring_of_clusters(labelled);
            let l = run_with(&input, rank::rank_through_corridors, KEEP_PLACEMENT_FROM);
            for (i, (e, route)) in input.edges.iter().zip(&l.edges).enumerate() {
                let pts = &route.points;
                assert!(pts.len() >= 2, "edge {i}: {pts:?}");
                for w in pts.windows(2) {
                    assert!(w[0].0 == w[1].0 || w[0].1 == w[1].1, "edge {i}: {pts:?}");
                    for (c, r) in l.clusters.iter().enumerate() {
                        let own = holds(&input, c, e.from) || holds(&input, c, e.to);
                        assert!(own || !segment_hits(w[0], w[1], r), "edge {i} in {c}");
                    }
                    for (n, r) in l.nodes.iter().enumerate() {
                        let end = e.from == End::Node(n) || e.to == End::Node(n);
                        assert!(end || !segment_hits(w[0], w[1], r), "edge {i} on {n}");
                    }
                }
            }
            // The edges between the six clusters enter their heads from below.
            let enters_from_below = input.edges[6..]
                .iter()
                .zip(&l.edges[6..])
                .filter(|(e, r)| {
                    let End::Node(h) = e.to else { return false };
                    let (end, before) =
                        (r.points[r.points.len() - 1], r.points[r.points.len() - 2]);
                    let n = &l.nodes[h];
                    (end.1 - (n.y + n.height)).abs() < 1e-6 && before.1 > end.1
                })
                .count();
            assert!(enters_from_below >= 8, "{enters_from_below} of 10");
            assert_eq!(
                l,
                run_with(&input, rank::rank_through_corridors, KEEP_PLACEMENT_FROM)
            );
        }
    }
}
