//! Layering: each box gets a rank by network simplex (shortest total edge length subject to
//! every edge spanning at least its `min_len`), after cycle breaking. An edge to a cluster
//! ranks against the cluster's top or bottom: a virtual vertex kept at or above (below) every
//! box inside it.

use super::acyclic;
use super::prepare::{Anchor, Prepared};
use super::simplex::{self, Constraint};

/// Where a link routed through a corridor turns back up: a rank below every child cluster of
/// the innermost cluster holding both its ends (or of the drawing, `cluster` = `None`), so
/// the strip above that rank is clear of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Corridor {
    pub rank: u32,
    pub cluster: Option<usize>,
}

/// The rank of every box, and the corridor of every link that runs through one.
pub(super) struct Ranking {
    pub rank: Vec<u32>,
    /// Index for index with the links.
    pub corridor: Vec<Option<Corridor>>,
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
/// A cluster whose children the border ranking stacks at least this share of the deepest
/// stacking (over the plain ranking) gets a corridor.
const STACKED_SHARE: i64 = 4;

/// How edges that leave clusters are ranked.
#[derive(Clone, Copy)]
enum Borders<'a> {
    /// Between their own ends.
    Plain,
    /// Between the borders of the outermost clusters holding only one end.
    Through,
    /// As `Through`, except that an edge between two children of a cluster flagged here
    /// (index = cluster, one past the last = the drawing) leaves its tail's child through
    /// the bottom, runs in a corridor below all the children and enters its head's child
    /// through the bottom.
    Corridors(&'a [bool]),
}

/// One solved ranking: boxes and corridors normalised, all variables raw, and the total
/// length of the edges.
struct Solved {
    ranking: Ranking,
    all: Vec<i64>,
    length: i64,
}

/// Ranks the boxes. Edges leave and enter clusters through their bottom and top borders (see
/// [`solve`]) unless that stretches the edges beyond the budget, as happens when clusters
/// linked in every direction end up stacked many deep: then the edges between the children
/// of the clusters stacked deepest run through corridors below them instead, and if that
/// still stretches them too far, edges rank between their own ends.
pub(super) fn rank(p: &Prepared, factor: i64) -> Ranking {
    let through = solve(p, factor, Borders::Through);
    if through.length <= BORDER_FLOOR {
        return through.ranking;
    }
    let plain = solve(p, factor, Borders::Plain);
    let budget = (BORDER_BUDGET * plain.length).max(BORDER_FLOOR);
    if through.length <= budget {
        return through.ranking;
    }
    let stacked = stacked(p, &through.all, &plain.all);
    if stacked.iter().any(|&s| s) {
        let mixed = solve(p, factor, Borders::Corridors(&stacked));
        if mixed.length <= budget {
            return mixed.ranking;
        }
    }
    plain.ranking
}

/// The ranking with every edge between two children of a cluster (or of the drawing) run
/// through a corridor, whatever the stretch: for tests of the later phases.
#[cfg(test)]
pub(super) fn rank_through_corridors(p: &Prepared, factor: i64) -> Ranking {
    let all = vec![true; p.reserve.len() + 1];
    solve(p, factor, Borders::Corridors(&all)).ranking
}

/// The clusters (and, last, the drawing) whose children the border ranking `through` stacks
/// deepest compared with the plain ranking: by at least a [`STACKED_SHARE`] part of the most.
fn stacked(p: &Prepared, through: &[i64], plain: &[i64]) -> Vec<bool> {
    let boxes = p.width.len();
    let k = p.reserve.len();
    // Ranks a cluster spans beyond its tallest child: how deep its children are stacked.
    let own = |r: &[i64]| -> Vec<i64> {
        let span = |c: usize| r[boxes + 2 * c + 1] - r[boxes + 2 * c];
        (0..=k)
            .map(|c| {
                let (whole, kids) = if c < k {
                    (span(c), &p.hierarchy.children[c])
                } else {
                    let lo = r[..boxes].iter().min().copied().unwrap_or(0);
                    let hi = r[..boxes].iter().max().copied().unwrap_or(0);
                    (hi - lo, &p.hierarchy.roots)
                };
                kids.iter().map(|&ch| whole - span(ch)).min().unwrap_or(0)
            })
            .collect()
    };
    let (a, b) = (own(through), own(plain));
    let excess: Vec<i64> = a.iter().zip(&b).map(|(x, y)| x - y).collect();
    let most = excess.iter().copied().max().unwrap_or(0);
    excess
        .iter()
        .map(|&e| e > 0 && STACKED_SHARE * e >= most)
        .collect()
}

/// Network simplex over the boxes, the clusters' virtual tops and bottoms and the corridors
/// in use; edges leaving clusters rank as `borders` says.
fn solve(p: &Prepared, factor: i64, borders: Borders) -> Solved {
    let boxes = p.width.len();
    let k = p.reserve.len();
    // Every cluster has a virtual top and bottom, numbered after the boxes: the top at or
    // above everything inside, the bottom at or below. An edge from the top to the bottom
    // with weight 1 keeps the cluster short, and edges to a cluster rank against them.
    let mut n = (boxes + 2 * k) as u32;
    let top = |c: usize| (boxes + 2 * c) as u32;
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let mut meta: Vec<(i64, i64)> = Vec::new();
    let mut ends: Vec<(u32, u32)> = Vec::new();
    // Edges ranked between cluster borders, with their own ends.
    let mut bordered: Vec<(usize, (u32, u32))> = Vec::new();
    // The corridor vertex of each cluster (and, last, of the drawing), once one is used.
    let mut corridor_vertex: Vec<Option<u32>> = vec![None; k + 1];
    // Links through corridors: (link, own tail, own head, corridor index).
    let mut cornered: Vec<(usize, u32, u32, usize)> = Vec::new();
    for (i, l) in p.links.iter().enumerate() {
        let Some(l) = l else { continue };
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
        let start = |a: Anchor| match a {
            Anchor::Box(b) => p.cluster[b],
            Anchor::Cluster(c) => Some(c),
        };
        let outer = (
            outermost_below(p, start(l.from), common),
            outermost_below(p, start(l.to), common),
        );
        let minlen = l.min_len as i64 * factor;
        match (borders, outer) {
            (Borders::Plain, _) => {
                ends.push((plain_tail, plain_head));
                pairs.push((plain_tail, plain_head));
                meta.push((minlen, 1));
                continue;
            }
            (Borders::Corridors(flags), (Some(a), Some(b))) if flags[common.unwrap_or(k)] => {
                let slot = common.unwrap_or(k);
                let v = *corridor_vertex[slot].get_or_insert_with(|| {
                    n += 1;
                    n - 1
                });
                // Weighted by the ends' own distance to the corridor, so that the ends come
                // down to it as far as their clusters let them.
                pairs.extend([(top(a) + 1, v), (top(b) + 1, v)]);
                pairs.extend([(plain_tail, v), (plain_head, v)]);
                meta.extend([(minlen, 0), (minlen, 0), (minlen, 1), (minlen, 1)]);
                cornered.push((i, plain_tail, plain_head, slot));
                continue;
            }
            _ => {}
        }
        ends.push((plain_tail, plain_head));
        let tail = outer.0.map_or(plain_tail, |c| top(c) + 1);
        let head = outer.1.map_or(plain_head, top);
        if (tail, head) != (plain_tail, plain_head) {
            bordered.push((pairs.len(), (plain_tail, plain_head)));
        }
        pairs.push((tail, head));
        meta.push((minlen, 1));
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
    // A corridor lies below every child of its cluster and inside the cluster.
    for (slot, v) in corridor_vertex.iter().enumerate() {
        let Some(v) = *v else { continue };
        let kids = if slot < k {
            pairs.push((top(slot), v));
            pairs.push((v, top(slot) + 1));
            meta.extend([(0, 0), (0, 0)]);
            &p.hierarchy.children[slot]
        } else {
            &p.hierarchy.roots
        };
        for &ch in kids {
            pairs.push((top(ch) + 1, v));
            meta.push((1, 0));
        }
    }
    let n = n as usize;
    // A border constraint that closes a cycle is turned around and may leave the edge's
    // ends on one rank: such an edge ranks between its own ends instead, and all is solved
    // again (a few rounds at most).
    let mut ranks = Vec::new();
    for round in 0..3 {
        let rev = acyclic::back_edges(n, &pairs);
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
        let init = simplex::longest_path(n, &constraints);
        let budget = pivot_budget(n);
        ranks = simplex::solve(n, &constraints, init, budget);
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
    let norm = |r: i64| (r - low).clamp(0, u32::MAX as i64 / 2) as u32;
    let rank = ranks[..boxes].iter().map(|&r| norm(r)).collect();
    let mut corridor = vec![None; p.links.len()];
    let mut length: i64 = ends
        .iter()
        .map(|&(a, b)| (ranks[a as usize] - ranks[b as usize]).abs())
        .sum();
    for &(i, tail, head, slot) in &cornered {
        let v = corridor_vertex[slot].map_or(0, |v| ranks[v as usize]);
        length += (v - ranks[tail as usize]).abs() + (v - ranks[head as usize]).abs();
        corridor[i] = Some(Corridor {
            rank: norm(v),
            cluster: (slot < k).then_some(slot),
        });
    }
    Solved {
        ranking: Ranking { rank, corridor },
        all: ranks,
        length,
    }
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
        let plain = solve(&p, 1, Borders::Plain).ranking;
        assert_eq!(plain.rank[2], plain.rank[1], "{:?}", plain.rank);
    }

    #[test]
    fn the_cluster_whose_children_are_stacked_gets_the_corridor() {
        // Cluster 0 holds clusters 1..=5, each a chain of two nodes, the first node of each
        // linked to the second of the next: through borders the five are stacked, plainly
        // they sit side by side on two ranks. Node 10, outside, hangs from the last.
        let mut input = LayoutInput::new(Direction::TopBottom);
        let cluster = |parent| ClusterSpec {
            parent,
            title_width: 0.0,
            title_height: 0.0,
            direction: None,
        };
        input.clusters.push(cluster(None));
        for c in 1..=5 {
            input.clusters.push(cluster(Some(0)));
            input.nodes.push(node(Some(c)));
            input.nodes.push(node(Some(c)));
        }
        input.nodes.push(node(None));
        for c in 0..5 {
            input.edges.push(edge(2 * c, 2 * c + 1));
        }
        for c in 0..4 {
            input.edges.push(edge(2 * c, 2 * c + 3));
        }
        input.edges.push(edge(9, 10));
        let p = prepare(&input);
        let through = solve(&p, 1, Borders::Through);
        let plain = solve(&p, 1, Borders::Plain);
        assert!(through.length > plain.length);
        let flags = stacked(&p, &through.all, &plain.all);
        assert_eq!(flags, [true, false, false, false, false, false, false]);
        let mixed = solve(&p, 1, Borders::Corridors(&flags));
        let turns: Vec<_> = mixed.ranking.corridor.iter().flatten().collect();
        assert_eq!(turns.len(), 4, "{:?}", mixed.ranking.corridor);
        let deepest = mixed.ranking.rank[..10].iter().max().copied().unwrap();
        assert!(
            turns
                .iter()
                .all(|t| t.cluster == Some(0) && t.rank > deepest)
        );
        assert!(
            mixed.ranking.rank[10] > turns[0].rank,
            "{:?}",
            mixed.ranking.rank
        );
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
