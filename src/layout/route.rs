//! Edge routing. A layered edge runs vertically through every band it crosses (at the x of its
//! bend vertex, which the ordering keeps clear of every box on that rank) and bends only in
//! the free strip between bands, which holds no box and no cluster top or bottom. It leaves
//! the bottom of its upper box and enters the top of its lower box at points spread along
//! the border; an edge to a cluster is cut where it meets the cluster's border. Self-loops go
//! round the right side of their box, in room the placement reserved.

use super::layered::{Chain, Layered};
use super::position::Placement;
use super::prepare::{Anchor, LOOP_REACH, LOOP_STEP, Prepared, loop_room};
use super::tracks::{flat_chains, pack_tracks, ports, runs};
use super::{EdgeRoute, Rect};

fn centre(r: &Rect) -> (f64, f64) {
    (r.x + r.width / 2.0, r.y + r.height / 2.0)
}

fn inside(r: &Rect, p: (f64, f64)) -> bool {
    p.0 > r.x && p.0 < r.x + r.width && p.1 > r.y && p.1 < r.y + r.height
}

/// Where the segment from `a` (inside `r`) to `b` (outside) leaves `r`.
fn exit(r: &Rect, a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let mut t: f64 = 1.0;
    if dx > 0.0 {
        t = t.min((r.x + r.width - a.0) / dx);
    } else if dx < 0.0 {
        t = t.min((r.x - a.0) / dx);
    }
    if dy > 0.0 {
        t = t.min((r.y + r.height - a.1) / dy);
    } else if dy < 0.0 {
        t = t.min((r.y - a.1) / dy);
    }
    let t = t.clamp(0.0, 1.0);
    (a.0 + dx * t, a.1 + dy * t)
}

/// Cuts the start of `pts` where it last leaves `r`.
fn clip_start(pts: &mut Vec<(f64, f64)>, r: &Rect) {
    let Some(i) = (0..pts.len().saturating_sub(1))
        .rev()
        .find(|&i| inside(r, pts[i]) || on_border(r, pts[i]))
    else {
        return;
    };
    let p = exit(r, pts[i], pts[i + 1]);
    pts.drain(..=i);
    pts.insert(0, p);
}

fn on_border(r: &Rect, p: (f64, f64)) -> bool {
    p.0 >= r.x && p.0 <= r.x + r.width && p.1 >= r.y && p.1 <= r.y + r.height
}

fn clip_end(pts: &mut Vec<(f64, f64)>, r: &Rect) {
    pts.reverse();
    clip_start(pts, r);
    pts.reverse();
}

/// Drops repeated points and the middle one of three in a line, also where the route turns
/// back on itself (the shortcut lies on the two segments, so it is as clear as they are).
pub(super) fn tidy(pts: &mut Vec<(f64, f64)>) {
    pts.dedup_by(|b, a| (a.0 - b.0).abs() < 1e-9 && (a.1 - b.1).abs() < 1e-9);
    let mut i = 1;
    while i + 1 < pts.len() {
        let (a, b, c) = (pts[i - 1], pts[i], pts[i + 1]);
        let cross = (b.0 - a.0) * (c.1 - b.1) - (b.1 - a.1) * (c.0 - b.0);
        if cross.abs() < 1e-9 {
            pts.remove(i);
        } else {
            i += 1;
        }
    }
}

pub(super) fn route(
    p: &Prepared,
    g: &Layered,
    pl: &Placement,
    vr: &[Rect],
    cr: &[Rect],
) -> Vec<EdgeRoute> {
    let n = g.kind.len();
    let (runs, first_run) = runs(g);
    let (start_off, end_off) = ports(g, &pl.x, &runs);
    let anchor_rect = |a: Anchor| match a {
        Anchor::Box(b) => vr[b],
        Anchor::Cluster(c) => cr[c],
    };
    let (mut layered, flat_y) = tracks(g, pl, vr, &runs, &start_off, &end_off);
    let mut loops_seen = vec![0usize; p.cluster_box.len() + n];
    let mut loop_label_y = vec![0.0f64; n];
    let room = loop_room(p, n);
    let mut routes = Vec::with_capacity(g.chains.len());
    for (i, ch) in g.chains.iter().enumerate() {
        let Some(l) = &p.links[i] else {
            routes.push(EdgeRoute {
                points: Vec::new(),
                label: None,
            });
            continue;
        };
        let route = match ch {
            Chain::Loop => {
                let r = anchor_rect(l.from);
                let slot = match l.from {
                    Anchor::Box(b) => b,
                    Anchor::Cluster(c) => n + c,
                };
                let j = loops_seen[slot];
                loops_seen[slot] += 1;
                let reach = match l.from {
                    Anchor::Box(_) => LOOP_REACH + LOOP_STEP * j as f64,
                    Anchor::Cluster(_) => 10.0,
                };
                let (cx, cy) = centre(&r);
                let _ = cx;
                let d = (r.height / 4.0).min(10.0) + 2.0 * j as f64;
                let d = d.min(r.height / 2.0);
                let x1 = r.x + r.width;
                let points = vec![
                    (x1, cy - d),
                    (x1 + reach, cy - d),
                    (x1 + reach, cy + d),
                    (x1, cy + d),
                ];
                let label = l.label.map(|(w, hgt)| {
                    let (lx, ly) = match l.from {
                        Anchor::Box(b) => {
                            let lx = x1 + room.right[b] - w;
                            let y = cy - room.labels_height[b] / 2.0 + loop_label_y[b];
                            loop_label_y[b] += hgt;
                            (lx, y)
                        }
                        Anchor::Cluster(_) => (x1 + reach + 2.0, cy - hgt / 2.0),
                    };
                    Rect {
                        x: lx,
                        y: ly,
                        width: w,
                        height: hgt,
                    }
                });
                EdgeRoute { points, label }
            }
            Chain::Flat { from, to } => {
                let (a, b) = (*from as usize, *to as usize);
                let y = flat_y[i];
                let (xa, xb) = (pl.x[a], pl.x[b]);
                let mut pts = vec![
                    (xa, vr[a].y + vr[a].height),
                    (xa, y),
                    (xb, y),
                    (xb, vr[b].y + vr[b].height),
                ];
                if let Anchor::Cluster(c) = l.from {
                    clip_start(&mut pts, &cr[c]);
                }
                if let Anchor::Cluster(c) = l.to {
                    clip_end(&mut pts, &cr[c]);
                }
                tidy(&mut pts);
                let label = l.label.map(|(w, hgt)| Rect {
                    x: (xa + xb - w) / 2.0,
                    y: y - hgt / 2.0,
                    width: w,
                    height: hgt,
                });
                EdgeRoute { points: pts, label }
            }
            Chain::Straight => {
                let (a, b) = (anchor_rect(l.from), anchor_rect(l.to));
                let holds = |outer: Anchor, inner: Anchor| match outer {
                    Anchor::Cluster(c) => p.hierarchy.within(p.home(inner), c),
                    Anchor::Box(_) => false,
                };
                let mut pts = if holds(l.from, l.to) {
                    // From a cluster down to something inside it: straight down from the
                    // cluster's top border.
                    vec![(centre(&b).0, a.y), (centre(&b).0, b.y)]
                } else if holds(l.to, l.from) {
                    vec![(centre(&a).0, a.y), (centre(&a).0, b.y)]
                } else {
                    let mut pts = vec![centre(&a), centre(&b)];
                    clip_start(&mut pts, &a);
                    clip_end(&mut pts, &b);
                    pts
                };
                tidy(&mut pts);
                if pts.len() < 2 {
                    pts = vec![(a.x, a.y), (b.x, b.y)];
                }
                let label = l.label.map(|(w, hgt)| {
                    let (ca, cb) = (centre(&a), centre(&b));
                    Rect {
                        x: (ca.0 + cb.0 - w) / 2.0,
                        y: (ca.1 + cb.1 - hgt) / 2.0,
                        width: w,
                        height: hgt,
                    }
                });
                EdgeRoute { points: pts, label }
            }
            Chain::Corridor { .. } => {
                let mut pts = std::mem::take(&mut layered[first_run[i]]);
                let back = std::mem::take(&mut layered[first_run[i] + 1]);
                pts.extend(back.into_iter().rev());
                if let Anchor::Cluster(c) = l.from {
                    clip_start(&mut pts, &cr[c]);
                }
                if let Anchor::Cluster(c) = l.to {
                    clip_end(&mut pts, &cr[c]);
                }
                tidy(&mut pts);
                let label = g.label_vertex[i].map(|v| vr[v as usize]);
                EdgeRoute { points: pts, label }
            }
            Chain::Layered { reversed, .. } => {
                let mut pts = std::mem::take(&mut layered[first_run[i]]);
                let (upper_end, lower_end) = if *reversed {
                    (l.to, l.from)
                } else {
                    (l.from, l.to)
                };
                if let Anchor::Cluster(c) = upper_end {
                    clip_start(&mut pts, &cr[c]);
                }
                if let Anchor::Cluster(c) = lower_end {
                    clip_end(&mut pts, &cr[c]);
                }
                tidy(&mut pts);
                if *reversed {
                    pts.reverse();
                }
                let label = g.label_vertex[i].map(|v| vr[v as usize]);
                EdgeRoute { points: pts, label }
            }
        };
        routes.push(route);
    }
    routes
}

/// The points of every run, with each sideways move put on a horizontal track in the strip it
/// crosses (see [`pack_tracks`]).
fn tracks(
    g: &Layered,
    pl: &Placement,
    vr: &[Rect],
    runs: &[&[u32]],
    start_off: &[f64],
    end_off: &[f64],
) -> (Vec<Vec<(f64, f64)>>, Vec<f64>) {
    let mut out: Vec<Vec<(f64, f64)>> = Vec::with_capacity(runs.len());
    let mut flat_y = vec![0.0; g.chains.len()];
    let mut flat_moves: Vec<Vec<(usize, f64, f64)>> = vec![Vec::new(); g.ranks];
    for (i, r, a, b) in flat_chains(g) {
        flat_moves[r].push((i, pl.x[a], pl.x[b]));
    }
    let mut moves: Vec<Vec<(usize, usize)>> = vec![Vec::new(); g.ranks];
    for (i, vertices) in runs.iter().enumerate() {
        let (pts, slants) = layered_points(g, pl, vr, vertices, start_off[i], end_off[i]);
        for (r, j) in slants {
            moves[r].push((i, j));
        }
        out.push(pts);
    }
    for (r, list) in moves.iter_mut().enumerate() {
        let at = |&(i, j): &(usize, usize)| -> (f64, f64) { (out[i][j].0, out[i][j + 1].0) };
        list.retain(|m| {
            let (a, b) = at(m);
            (a - b).abs() > 1.0
        });
        let mut spans: Vec<(f64, f64)> = list.iter().map(at).collect();
        spans.extend(flat_moves[r].iter().map(|&(_, a, b)| (a, b)));
        let (track, count) = pack_tracks(&spans);
        let top = pl.band_top[r] + pl.band_height[r] + pl.closing[r];
        let step = pl.gap[r] / (count + 1) as f64;
        let y = |k: usize| top + step * (track[k] + 1) as f64;
        for (k, &(i, j)) in list.iter().enumerate() {
            out[i][j].1 = y(k);
            out[i][j + 1].1 = y(k);
        }
        for (k, &(i, _, _)) in flat_moves[r].iter().enumerate() {
            flat_y[i] = y(list.len() + k);
        }
    }
    (out, flat_y)
}

/// Where a chain moves sideways: the rank above the strip, and the index of the point where
/// the move starts.
type Slant = (usize, usize);

/// The points of one chain, and where it moves sideways: (rank above the strip, index of
/// the point where the move starts).
fn layered_points(
    g: &Layered,
    pl: &Placement,
    vr: &[Rect],
    vertices: &[u32],
    start_off: f64,
    end_off: f64,
) -> (Vec<(f64, f64)>, Vec<Slant>) {
    let mut slants = Vec::new();
    let first = vertices[0] as usize;
    let m = vertices.len();
    let mut pts = Vec::with_capacity(2 * m + 2);
    let mut cur = pl.x[first] + start_off;
    pts.push((cur, vr[first].y + vr[first].height));
    for (j, &v) in vertices.iter().enumerate().skip(1) {
        let v = v as usize;
        let r = g.rank[v] as usize;
        let prev = r - 1;
        let free_top = pl.band_top[prev] + pl.band_height[prev] + pl.closing[prev];
        let free_bottom = free_top + pl.gap[prev];
        slants.push((prev, pts.len()));
        pts.push((cur, free_top));
        let last = j == m - 1;
        let tx = if last { pl.x[v] + end_off } else { pl.x[v] };
        pts.push((tx, free_bottom));
        if last {
            pts.push((tx, vr[v].y));
        } else {
            pts.push((tx, pl.band_top[r]));
            pts.push((tx, pl.band_top[r] + pl.band_height[r]));
        }
        cur = tx;
    }
    (pts, slants)
}
