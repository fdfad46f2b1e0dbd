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

pub(super) fn rank(p: &Prepared, factor: i64) -> Ranking {
    let boxes = p.width.len();
    let k = p.reserve.len();
    // Every cluster has a virtual top and bottom, numbered after the boxes: the top at or
    // above everything inside, the bottom at or below. An edge from the top to the bottom
    // with weight 1 keeps the cluster short, and edges to a cluster rank against them.
    let n = (boxes + 2 * k) as u32;
    let top = |c: usize| (boxes + 2 * c) as u32;
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let mut meta: Vec<(i64, i64)> = Vec::new();
    for l in p.links.iter().flatten() {
        let nested = p.nested(l);
        if nested {
            continue;
        }
        let tail = match l.from {
            Anchor::Box(b) => b as u32,
            Anchor::Cluster(c) => top(c) + 1,
        };
        let head = match l.to {
            Anchor::Box(b) => b as u32,
            Anchor::Cluster(c) => top(c),
        };
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
    let ranks = simplex::solve(n as usize, &constraints, init, budget);
    let low = ranks[..boxes].iter().copied().min().unwrap_or(0);
    let rank = ranks[..boxes]
        .iter()
        .map(|&r| (r - low).clamp(0, u32::MAX as i64 / 2) as u32)
        .collect();
    Ranking { rank }
}
