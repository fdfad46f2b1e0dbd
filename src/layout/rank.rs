//! Layering: each box gets a rank by network simplex (shortest total edge length subject to
//! every edge spanning at least its `min_len`), after cycle breaking. An edge to a cluster
//! ranks against the cluster's top or bottom: a virtual vertex kept at or above (below) every
//! box inside it.

use super::acyclic;
use super::prepare::{Anchor, Prepared};
use super::simplex::{self, Constraint};

/// The rank of every box.
pub(super) struct Ranking {
    pub rank: Vec<u32>,
}

/// Pivots allowed for a graph of `n` vertices. A pivot costs time linear in the part of the
/// tree it renumbers (often most of it), so the budget shrinks as the graph grows: small
/// graphs are solved to optimality, huge ones stay near their starting solution and the
/// whole phase stays within a few tens of milliseconds per million vertex-pivots.
pub(super) fn pivot_budget(n: usize) -> usize {
    (4_000_000 / n.max(1)).clamp(30, 100_000)
}

/// Extra bend vertices the ranking that sends edges through cluster borders may add, as a
/// multiple of what the plain ranking needs (and at least [`BORDER_FLOOR`]).
const BORDER_BUDGET: i64 = 8;
const BORDER_FLOOR: i64 = 200_000;

/// Ranks the boxes. Edges leave and enter clusters through their bottom and top borders (see
/// [`solve`]) unless that stretches the edges beyond the budget, as happens when clusters
/// linked in every direction end up stacked many deep: then edges rank between their own ends.
pub(super) fn rank(p: &Prepared, factor: i64) -> Ranking {
    let (through, through_len) = solve(p, factor, true);
    if through_len <= BORDER_FLOOR {
        return through;
    }
    let (plain, plain_len) = solve(p, factor, false);
    if through_len <= (BORDER_BUDGET * plain_len).max(BORDER_FLOOR) {
        through
    } else {
        plain
    }
}

/// Network simplex over the boxes and the clusters' virtual tops and bottoms; with
/// `through_borders`, an edge ranks between the outermost clusters holding only one of its
/// ends. Returns the ranks and the total length of the edges.
fn solve(p: &Prepared, factor: i64, through_borders: bool) -> (Ranking, i64) {
    let boxes = p.width.len();
    let k = p.reserve.len();
    // Every cluster has a virtual top and bottom, numbered after the boxes: the top at or
    // above everything inside, the bottom at or below. An edge from the top to the bottom
    // with weight 1 keeps the cluster short, and edges to a cluster rank against them.
    let n = (boxes + 2 * k) as u32;
    let top = |c: usize| (boxes + 2 * c) as u32;
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let mut meta: Vec<(i64, i64)> = Vec::new();
    let mut ends: Vec<(u32, u32)> = Vec::new();
    // Edges ranked between cluster borders, with their own ends.
    let mut bordered: Vec<(usize, (u32, u32))> = Vec::new();
    for l in p.links.iter().flatten() {
        let nested = p.nested(l);
        if nested {
            continue;
        }
        // An edge leaves every cluster that holds only its tail through that cluster's
        // bottom and enters every cluster holding only its head through the top, so it
        // ranks between the outermost of them, as if they were its ends.
        let common = p.hierarchy.common(p.home(l.from), p.home(l.to));
        let plain_tail = match l.from {
            Anchor::Box(b) => b as u32,
            Anchor::Cluster(c) => top(c) + 1,
        };
        let plain_head = match l.to {
            Anchor::Box(b) => b as u32,
            Anchor::Cluster(c) => top(c),
        };
        ends.push((plain_tail, plain_head));
        if !through_borders {
            pairs.push((plain_tail, plain_head));
            meta.push((l.min_len as i64 * factor, 1));
            continue;
        }
        let start = |a: Anchor| match a {
            Anchor::Box(b) => p.cluster[b],
            Anchor::Cluster(c) => Some(c),
        };
        let tail = outermost_below(p, start(l.from), common).map_or(plain_tail, |c| top(c) + 1);
        let head = outermost_below(p, start(l.to), common).map_or(plain_head, top);
        if (tail, head) != (plain_tail, plain_head) {
            bordered.push((pairs.len(), (plain_tail, plain_head)));
        }
        pairs.push((tail, head));
        meta.push((l.min_len as i64 * factor, 1));
    }
    for b in 0..boxes {
        if let Some(c) = p.cluster[b] {
            pairs.push((top(c), b as u32));
            pairs.push((b as u32, top(c) + 1));
            meta.extend([(0, 0), (0, 0)]);
        }
    }
    for c in 0..k {
        pairs.push((top(c), top(c) + 1));
        meta.push((0, 1));
        if let Some(parent) = p.hierarchy.parent[c] {
            pairs.push((top(parent), top(c)));
            pairs.push((top(c) + 1, top(parent) + 1));
            meta.extend([(0, 0), (0, 0)]);
        }
    }
    // A border constraint that closes a cycle is turned around and may leave the edge's
    // ends on one rank: such an edge ranks between its own ends instead, and all is solved
    // again (a few rounds at most).
    let mut ranks = Vec::new();
    for round in 0..3 {
        let rev = acyclic::back_edges(n as usize, &pairs);
        let constraints: Vec<Constraint> = pairs
            .iter()
            .zip(&meta)
            .zip(&rev)
            .map(|((&(t, h), &(minlen, weight)), &r)| {
                let (tail, head) = if r { (h, t) } else { (t, h) };
                Constraint {
                    tail,
                    head,
                    minlen,
                    weight,
                }
            })
            .collect();
        let init = simplex::longest_path(n as usize, &constraints);
        let budget = pivot_budget(n as usize);
        ranks = simplex::solve(n as usize, &constraints, init, budget);
        let mut flat = false;
        for &(i, (a, b)) in &bordered {
            let boxes_apart = a as usize >= boxes
                || b as usize >= boxes
                || ranks[a as usize] != ranks[b as usize];
            if !boxes_apart && pairs[i] != (a, b) {
                pairs[i] = (a, b);
                flat = true;
            }
        }
        if !flat || round == 2 {
            break;
        }
    }
    let low = ranks[..boxes].iter().copied().min().unwrap_or(0);
    let rank = ranks[..boxes]
        .iter()
        .map(|&r| (r - low).clamp(0, u32::MAX as i64 / 2) as u32)
        .collect();
    let length = ends
        .iter()
        .map(|&(a, b)| (ranks[a as usize] - ranks[b as usize]).abs())
        .sum();
    (Ranking { rank }, length)
}

/// The outermost cluster from `start` up that lies inside `common` (and is not it).
fn outermost_below(p: &Prepared, start: Option<usize>, common: Option<usize>) -> Option<usize> {
    let (mut cur, mut last) = (start, None);
    while let Some(c) = cur {
        if Some(c) == common {
            break;
        }
        last = Some(c);
        cur = p.hierarchy.parent[c];
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::prepare::prepare;
    use crate::layout::{ClusterSpec, Direction, EdgeSpec, End, LayoutInput, NodeSpec};

    fn node(cluster: Option<usize>) -> NodeSpec {
        NodeSpec {
            width: 10.0,
            height: 10.0,
            cluster,
        }
    }

    fn edge(a: usize, b: usize) -> EdgeSpec {
        EdgeSpec {
            from: End::Node(a),
            to: End::Node(b),
            label: None,
            min_len: 1,
        }
    }

    #[test]
    fn an_edge_leaving_a_cluster_ranks_below_its_bottom() {
        // Cluster 0 holds the chain 0 → 1; node 2 outside hangs from node 0.
        let mut input = LayoutInput::new(Direction::TopBottom);
        input.clusters = vec![ClusterSpec {
            parent: None,
            title_width: 0.0,
            title_height: 0.0,
            direction: None,
        }];
        input.nodes = vec![node(Some(0)), node(Some(0)), node(None)];
        input.edges = vec![edge(0, 1), edge(0, 2)];
        let p = prepare(&input);
        let r = rank(&p, 1).rank;
        assert!(r[2] > r[1], "{r:?}");
        let (plain, _) = solve(&p, 1, false);
        assert_eq!(plain.rank[2], plain.rank[1], "{:?}", plain.rank);
    }

    #[test]
    fn a_cycle_through_cluster_borders_keeps_every_edge_off_one_rank() {
        // Two clusters linked both ways: one border constraint is turned around.
        let mut input = LayoutInput::new(Direction::TopBottom);
        let cluster = ClusterSpec {
            parent: None,
            title_width: 0.0,
            title_height: 0.0,
            direction: None,
        };
        input.clusters = vec![cluster.clone(), cluster];
        input.nodes = vec![node(Some(0)), node(Some(0)), node(Some(1)), node(Some(1))];
        input.edges = vec![edge(0, 1), edge(2, 3), edge(1, 2), edge(3, 0)];
        let p = prepare(&input);
        let r = rank(&p, 1).rank;
        for e in &input.edges {
            let (End::Node(a), End::Node(b)) = (e.from, e.to) else {
                unreachable!()
            };
            assert_ne!(r[a], r[b], "{r:?}");
        }
    }
}
