//! Coordinate assignment. Across ranks (x): network simplex on dot's auxiliary graph, where
//! each rank's tokens (vertices and cluster sides) are chained with their minimum separation,
//! a cluster's left and right side are one variable each shared by every rank it spans (so a
//! cluster is one rectangle that no outsider enters), and every edge pulls its ends together
//! (more strongly between bend points, so long edges run straight). Along ranks (y): bands as
//! tall as their tallest box, with room between bands for the bottoms and tops (titles) of the
//! clusters that close and open there.

use super::hierarchy::Hierarchy;
use super::layered::Layered;
use super::order::{Ordering, Token};
use super::prepare::{LoopRoom, Reserve};
use super::simplex::{self, Constraint};
use super::tracks::strip_tracks;

/// Internal coordinates are integers in units of `1 / SCALE` pixel.
const SCALE: f64 = 2.0;

/// Spacing between tokens.
pub(super) struct Gaps {
    pub node: f64,
    pub edge: f64,
    pub rank: f64,
}

/// Positions in internal orientation.
pub(super) struct Placement {
    /// Centre x of every vertex.
    pub x: Vec<f64>,
    /// Left and right limits of every cluster (the variables of the auxiliary graph).
    pub limits: Vec<(f64, f64)>,
    /// Top of each rank's band and its height.
    pub band_top: Vec<f64>,
    pub band_height: Vec<f64>,
    /// Height of the room below each rank's band for closing cluster bottoms.
    pub closing: Vec<f64>,
    /// Height of the free strip below each rank's band (and closing room): the rank gap, or
    /// more when many edges run across it, one track each.
    pub gap: Vec<f64>,
    /// Distance from a cluster's top to the top of its first band, and from the bottom of
    /// its last band to its bottom.
    pub top_off: Vec<f64>,
    pub bottom_off: Vec<f64>,
}

fn units(v: f64) -> i64 {
    (v * SCALE).ceil() as i64
}

/// Half-separation a vertex keeps from its neighbours.
fn own_gap(g: &Layered, v: u32, gaps: &Gaps) -> f64 {
    if g.is_dummy(v) && g.width[v as usize] == 0.0 {
        gaps.edge / 2.0
    } else {
        gaps.node / 2.0
    }
}

/// Places every vertex and cluster side. With `prev` (an earlier placement of the same
/// layered graph), no optimisation runs: every coordinate starts where `prev` put it and
/// moves right only as far as the constraints (the title room, the separations it pushes on)
/// need, which is linear in the size of the graph.
#[allow(clippy::too_many_arguments)]
pub(super) fn place(
    g: &Layered,
    h: &Hierarchy,
    ord: &Ordering,
    reserve: &[Reserve],
    loops: &LoopRoom,
    gaps: &Gaps,
    title_room: &[f64],
    prev: Option<&Placement>,
) -> Placement {
    let n = g.kind.len();
    let k = reserve.len();
    let extra_right = &loops.right;
    let left = |c: usize| (n + 2 * c) as u32;
    let right = |c: usize| (n + 2 * c + 1) as u32;
    let mut cons: Vec<Constraint> = Vec::with_capacity(3 * n + g.edges.len() * 2);
    let sep = |a: Token, b: Token| -> f64 {
        let half = |v: u32| g.width[v as usize] / 2.0;
        match (a, b) {
            (Token::Vertex(u), Token::Vertex(v)) => {
                half(u)
                    + extra_right[u as usize]
                    + half(v)
                    + own_gap(g, u, gaps)
                    + own_gap(g, v, gaps)
            }
            (Token::Vertex(u), Token::Open(_)) => {
                half(u) + extra_right[u as usize] + own_gap(g, u, gaps) + gaps.node / 2.0
            }
            (Token::Vertex(u), Token::Close(c)) => {
                half(u) + extra_right[u as usize] + reserve[c].right
            }
            (Token::Open(c), Token::Vertex(v)) => reserve[c].left + half(v),
            (Token::Close(_), Token::Vertex(v)) => gaps.node / 2.0 + own_gap(g, v, gaps) + half(v),
            (Token::Open(c), Token::Open(_)) => reserve[c].left,
            (Token::Close(_), Token::Close(c)) => reserve[c].right,
            (Token::Open(c), Token::Close(_)) => reserve[c].left + reserve[c].right,
            (Token::Close(_), Token::Open(_)) => gaps.node,
        }
    };
    let var = |t: Token| match t {
        Token::Vertex(v) => v,
        Token::Open(c) => left(c),
        Token::Close(c) => right(c),
    };
    for (r, rank) in ord.tokens.iter().enumerate() {
        for w in rank.windows(2) {
            // Room for a title no edge can cross: between the cluster's left side and its
            // first token on the rank below its title.
            let room = match w[0] {
                Token::Open(c) if title_room.get(c).is_some_and(|&t| t > 0.0) => {
                    let on_title_rank = g.span[c].is_some_and(|(lo, hi)| {
                        r as u32
                            == if reserve[c].bottom > reserve[c].top {
                                hi
                            } else {
                                lo
                            }
                    });
                    if on_title_rank { title_room[c] } else { 0.0 }
                }
                _ => 0.0,
            };
            cons.push(Constraint {
                tail: var(w[0]),
                head: var(w[1]),
                minlen: units(sep(w[0], w[1]) + room),
                weight: 0,
            });
        }
    }
    for (c, r) in reserve.iter().enumerate() {
        if g.span[c].is_some() {
            cons.push(Constraint {
                tail: left(c),
                head: right(c),
                minlen: units(r.min_cross.max(r.left + r.right)),
                weight: 1,
            });
        }
    }
    let mut next = (n + 2 * k) as u32;
    for &(a, b) in &g.edges {
        let w = match (g.is_dummy(a), g.is_dummy(b)) {
            (false, false) => 1,
            (true, true) => 8,
            _ => 2,
        };
        for t in [a, b] {
            cons.push(Constraint {
                tail: next,
                head: t,
                minlen: 0,
                weight: w,
            });
        }
        next += 1;
    }
    let total = next as usize;
    let xs = match prev {
        Some(prev) => {
            let mut floor = vec![0i64; total];
            for (v, &x) in prev.x.iter().enumerate().take(n) {
                floor[v] = units(x);
            }
            for (c, &(l, r)) in prev.limits.iter().enumerate().take(k) {
                floor[left(c) as usize] = units(l);
                floor[right(c) as usize] = units(r);
            }
            // An edge's pulling variable lies at or left of both its ends.
            for (i, &(a, b)) in g.edges.iter().enumerate() {
                floor[n + 2 * k + i] = floor[a as usize].min(floor[b as usize]);
            }
            simplex::longest_path_from(&cons, floor)
        }
        None => {
            let init = simplex::longest_path(total, &cons);
            let budget = super::rank::pivot_budget(total);
            simplex::solve(total, &cons, init, budget)
        }
    };
    let x: Vec<f64> = xs[..n].iter().map(|&v| v as f64 / SCALE).collect();
    let strips = strip_heights(g, &x, gaps.rank);
    let limits = (0..k)
        .map(|c| {
            (
                xs[left(c) as usize] as f64 / SCALE,
                xs[right(c) as usize] as f64 / SCALE,
            )
        })
        .collect();
    let (band_top, band_height, closing, top_off, bottom_off) =
        bands(g, h, reserve, &loops.labels_height, &strips);
    Placement {
        x,
        limits,
        band_top,
        band_height,
        closing,
        gap: strips,
        top_off,
        bottom_off,
    }
}

type Bands = (Vec<f64>, Vec<f64>, Vec<f64>, Vec<f64>, Vec<f64>);

/// Distance between the horizontal tracks of edges crossing one strip.
pub(super) const TRACK: f64 = 10.0;
/// The tallest a strip grows for its tracks.
const MAX_STRIP: f64 = 250.0;

/// Height of the strip below each rank: room for the tracks of the edges that move sideways
/// there, [`TRACK`] apart, at least the rank gap.
fn strip_heights(g: &Layered, x: &[f64], gap: f64) -> Vec<f64> {
    strip_tracks(g, x)
        .iter()
        .map(|&n| gap.max(((n + 1) as f64 * TRACK).min(MAX_STRIP)))
        .collect()
}

fn bands(
    g: &Layered,
    h: &Hierarchy,
    reserve: &[Reserve],
    loop_labels: &[f64],
    gap: &[f64],
) -> Bands {
    let ranks = g.ranks;
    let k = reserve.len();
    let mut height = vec![0.0f64; ranks];
    for (v, &room) in loop_labels.iter().enumerate().take(g.kind.len()) {
        let r = g.rank[v] as usize;
        height[r] = height[r].max(g.height[v]).max(room);
    }
    let mut top_off = vec![0.0f64; k];
    let mut bottom_off = vec![0.0f64; k];
    for c in h.top_down().into_iter().rev() {
        top_off[c] += reserve[c].top;
        bottom_off[c] += reserve[c].bottom;
        if let (Some(p), Some((a, b))) = (h.parent[c], g.span[c])
            && let Some((pa, pb)) = g.span[p]
        {
            if pa == a {
                top_off[p] = top_off[p].max(top_off[c]);
            }
            if pb == b {
                bottom_off[p] = bottom_off[p].max(bottom_off[c]);
            }
        }
    }
    // `top_off[p]` held the children's maximum before the parent's own reserve was added,
    // because children come first in this order.
    let mut opening = vec![0.0f64; ranks];
    let mut closing = vec![0.0f64; ranks];
    let mut ending: Vec<Vec<usize>> = vec![Vec::new(); ranks];
    for c in 0..k {
        if let Some((a, b)) = g.span[c] {
            opening[a as usize] = opening[a as usize].max(top_off[c]);
            closing[b as usize] = closing[b as usize].max(bottom_off[c]);
            ending[b as usize].push(c);
        }
    }
    let mut top = vec![0.0f64; ranks];
    let mut y = 0.0;
    for r in 0..ranks {
        if r > 0 {
            y += height[r - 1] + closing[r - 1] + gap[r - 1];
        }
        y += opening[r];
        top[r] = y;
        for &c in &ending[r] {
            let (a, _) = g.span[c].unwrap_or((r as u32, r as u32));
            let extent = top[r] + height[r] + bottom_off[c] - (top[a as usize] - top_off[c]);
            if extent < reserve[c].min_along {
                height[r] += reserve[c].min_along - extent;
            }
        }
    }
    (top, height, closing, top_off, bottom_off)
}
