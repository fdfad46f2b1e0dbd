//! The proper layered graph: every edge split into a chain through each rank it passes, with
//! a label vertex in the middle rank of a labelled edge. A chain's inner vertices belong to the
//! innermost cluster holding both its ends, so they are ordered and placed with that cluster.

use super::prepare::{Anchor, Prepared};
use super::rank::Ranking;

/// What a vertex of the layered graph stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A box (input node or empty cluster).
    Box(usize),
    /// A bend point of a long edge.
    Dummy,
    /// The label of an edge.
    Label,
}

/// The route skeleton of one link.
#[derive(Debug, Clone)]
pub(super) enum Chain {
    /// Vertices from the upper end to the lower end; `reversed` when the link points up.
    Layered { vertices: Vec<u32>, reversed: bool },
    /// Both ends on one rank (only an edge to a cluster can end so): drawn through the free
    /// strip below that rank, between these two boxes.
    Flat { from: u32, to: u32 },
    /// One end inside the other: drawn straight.
    Straight,
    /// From a box or cluster back to itself.
    Loop,
    /// Down from the tail's box to a corridor vertex and back up to the head's box: both
    /// lists run from their box down to the corridor vertex, which ends both.
    Corridor { tail: Vec<u32>, head: Vec<u32> },
}

/// The layered graph.
pub(super) struct Layered {
    pub kind: Vec<Kind>,
    pub width: Vec<f64>,
    pub height: Vec<f64>,
    pub rank: Vec<u32>,
    pub cluster: Vec<Option<usize>>,
    /// Edges between consecutive ranks (upper, lower, weight class).
    pub edges: Vec<(u32, u32)>,
    pub ranks: usize,
    pub chains: Vec<Chain>,
    /// The vertex holding each link's label, when it has one on a layered chain.
    pub label_vertex: Vec<Option<u32>>,
    /// First and last rank of every cluster (`None` for a cluster without vertices).
    pub span: Vec<Option<(u32, u32)>>,
}

impl Layered {
    fn push(&mut self, kind: Kind, size: (f64, f64), rank: u32, cluster: Option<usize>) -> u32 {
        self.kind.push(kind);
        self.width.push(size.0);
        self.height.push(size.1);
        self.rank.push(rank);
        self.cluster.push(cluster);
        (self.kind.len() - 1) as u32
    }

    /// Whether a vertex is a bend or label rather than a box.
    pub fn is_dummy(&self, v: u32) -> bool {
        !matches!(self.kind[v as usize], Kind::Box(_))
    }
}

/// A cluster's first box on its lowest rank and on its highest rank, as (rank, box).
type Extremes = ((u32, usize), (u32, usize));

/// For every cluster, its first box on its lowest rank and on its highest rank.
fn extreme_boxes(p: &Prepared, rank: &[u32]) -> Vec<Option<Extremes>> {
    let mut ext: Vec<Option<Extremes>> = vec![None; p.reserve.len()];
    let merge = |slot: &mut Option<Extremes>, lo: (u32, usize), hi: (u32, usize)| {
        *slot = Some(match *slot {
            None => (lo, hi),
            Some((a, b)) => (
                a.min(lo),
                if hi.0 > b.0 || (hi.0 == b.0 && hi.1 < b.1) {
                    hi
                } else {
                    b
                },
            ),
        });
    };
    for (b, &r) in rank.iter().enumerate().take(p.width.len()) {
        if let Some(c) = p.cluster[b] {
            merge(&mut ext[c], (r, b), (r, b));
        }
    }
    for c in p.hierarchy.top_down().into_iter().rev() {
        if let (Some(parent), Some((lo, hi))) = (p.hierarchy.parent[c], ext[c]) {
            merge(&mut ext[parent], lo, hi);
        }
    }
    ext
}

/// A box inside cluster `c` on the rank nearest to `toward` (first in input order on ties):
/// its top or bottom box when `toward` lies outside its ranks, else a scan of its boxes.
fn representative(
    p: &Prepared,
    rank: &[u32],
    ext: &[Option<Extremes>],
    c: usize,
    toward: u32,
) -> Option<usize> {
    let ((lo, lo_box), (hi, hi_box)) = ext[c]?;
    if toward <= lo {
        return Some(lo_box);
    }
    if toward >= hi {
        return Some(hi_box);
    }
    let mut best: Option<(u32, usize)> = None;
    for (b, &r) in rank.iter().enumerate().take(p.width.len()) {
        if !p.hierarchy.within(p.cluster[b], c) {
            continue;
        }
        let d = r.abs_diff(toward);
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, b));
        }
    }
    best.map(|(_, b)| b)
}

pub(super) fn build(p: &Prepared, ranking: &Ranking) -> Layered {
    let boxes = p.width.len();
    let mut g = Layered {
        kind: Vec::with_capacity(boxes * 2),
        width: Vec::new(),
        height: Vec::new(),
        rank: Vec::new(),
        cluster: Vec::new(),
        edges: Vec::new(),
        ranks: 0,
        chains: Vec::with_capacity(p.links.len()),
        label_vertex: vec![None; p.links.len()],
        span: vec![None; p.reserve.len()],
    };
    for b in 0..boxes {
        g.push(
            Kind::Box(b),
            (p.width[b], p.height[b]),
            ranking.rank[b],
            p.cluster[b],
        );
    }
    // Cluster ends: the rank a cluster's representative is looked for next to.
    let ext = extreme_boxes(p, &ranking.rank);
    let cluster_rank = |c: usize, other: Option<u32>| -> Option<usize> {
        representative(p, &ranking.rank, &ext, c, other.unwrap_or(0))
    };
    let box_span = spans(p, &g);
    for (i, l) in p.links.iter().enumerate() {
        let Some(l) = l else {
            g.chains.push(Chain::Straight);
            continue;
        };
        if l.from == l.to {
            g.chains.push(Chain::Loop);
            continue;
        }
        if p.nested(l) {
            g.chains.push(Chain::Straight);
            continue;
        }
        let box_rank = |a: Anchor| match a {
            Anchor::Box(b) => Some(ranking.rank[b]),
            Anchor::Cluster(_) => None,
        };
        let (fr, tr) = (box_rank(l.from), box_rank(l.to));
        let resolve = |a: Anchor, other: Option<u32>| match a {
            Anchor::Box(b) => Some(b),
            Anchor::Cluster(c) => cluster_rank(c, other),
        };
        let turn_rank = ranking.corridor.get(i).copied().flatten().map(|c| c.rank);
        let (Some(a), Some(b)) = (
            resolve(l.from, turn_rank.or(tr)),
            resolve(l.to, turn_rank.or(fr)),
        ) else {
            g.chains.push(Chain::Straight);
            continue;
        };
        let (ra, rb) = (ranking.rank[a], ranking.rank[b]);
        if a == b {
            g.chains.push(Chain::Straight);
            continue;
        }
        if let Some(c) = ranking.corridor.get(i).copied().flatten()
            && ra < c.rank
            && rb < c.rank
        {
            let turn = match l.label {
                Some(size) => {
                    let v = g.push(Kind::Label, size, c.rank, c.cluster);
                    g.label_vertex[i] = Some(v);
                    v
                }
                None => g.push(Kind::Dummy, (0.0, 0.0), c.rank, c.cluster),
            };
            let mut down = |from: usize, home: Option<usize>| {
                let mut vertices = vec![from as u32];
                for r in ranking.rank[from] + 1..c.rank {
                    let cluster = inside(p, &box_span, home, c.cluster, r).or(c.cluster);
                    vertices.push(g.push(Kind::Dummy, (0.0, 0.0), r, cluster));
                }
                vertices.push(turn);
                for w in vertices.windows(2) {
                    g.edges.push((w[0], w[1]));
                }
                vertices
            };
            let tail = down(a, p.home(l.from));
            let head = down(b, p.home(l.to));
            g.chains.push(Chain::Corridor { tail, head });
            continue;
        }
        if ra == rb {
            g.chains.push(Chain::Flat {
                from: a as u32,
                to: b as u32,
            });
            continue;
        }
        let (upper, lower, reversed) = if ra < rb { (a, b, false) } else { (b, a, true) };
        let common = p.hierarchy.common(p.home(l.from), p.home(l.to));
        let (upper_home, lower_home) = if reversed {
            (p.home(l.to), p.home(l.from))
        } else {
            (p.home(l.from), p.home(l.to))
        };
        let (r0, r1) = (ranking.rank[upper], ranking.rank[lower]);
        // A bend stays inside the clusters of the end it is nearer to while they reach its
        // rank, so that an edge leaves a cluster through its bottom or top where it can.
        let home = |r: u32| {
            let (near, far) = if r - r0 <= r1 - r {
                (upper_home, lower_home)
            } else {
                (lower_home, upper_home)
            };
            inside(p, &box_span, near, common, r)
                .or_else(|| inside(p, &box_span, far, common, r))
                .or(common)
        };
        let mid = (r0 + r1) / 2;
        let mut vertices = vec![upper as u32];
        for r in r0 + 1..r1 {
            let v = match l.label {
                Some(size) if r == mid => {
                    let v = g.push(Kind::Label, size, r, home(r));
                    g.label_vertex[i] = Some(v);
                    v
                }
                _ => g.push(Kind::Dummy, (0.0, 0.0), r, home(r)),
            };
            vertices.push(v);
        }
        vertices.push(lower as u32);
        for w in vertices.windows(2) {
            g.edges.push((w[0], w[1]));
        }
        g.chains.push(Chain::Layered { vertices, reversed });
    }
    g.ranks = g.rank.iter().map(|&r| r as usize + 1).max().unwrap_or(0);
    g.span = spans(p, &g);
    g
}

/// The innermost cluster from `home` up to `stop` (not included) whose boxes reach rank `r`.
fn inside(
    p: &Prepared,
    box_span: &[Option<(u32, u32)>],
    home: Option<usize>,
    stop: Option<usize>,
    r: u32,
) -> Option<usize> {
    let mut cur = home;
    while let Some(c) = cur {
        if Some(c) == stop {
            break;
        }
        if box_span[c].is_some_and(|(a, b)| a <= r && r <= b) {
            return Some(c);
        }
        cur = p.hierarchy.parent[c];
    }
    None
}

/// First and last rank of the vertices inside every cluster.
fn spans(p: &Prepared, g: &Layered) -> Vec<Option<(u32, u32)>> {
    let mut span: Vec<Option<(u32, u32)>> = vec![None; p.reserve.len()];
    for v in 0..g.kind.len() {
        let r = g.rank[v];
        let mut cur = g.cluster[v];
        while let Some(c) = cur {
            match &mut span[c] {
                Some(s) if s.0 <= r && r <= s.1 => break,
                Some(s) => *s = (s.0.min(r), s.1.max(r)),
                None => span[c] = Some((r, r)),
            }
            cur = p.hierarchy.parent[c];
        }
    }
    span
}
