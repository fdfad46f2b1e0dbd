//! Boxes from positions: every vertex's rectangle, and every cluster's rectangle around its
//! members with its padding and title room, widened for its title within the limits the
//! auxiliary graph reserved for it.

use super::Rect;
use super::hierarchy::Hierarchy;
use super::layered::Layered;
use super::position::Placement;
use super::prepare::Prepared;

/// The rectangle of every vertex (dummies are zero-width rectangles on their band).
pub(super) fn vertex_rects(g: &Layered, pl: &Placement) -> Vec<Rect> {
    (0..g.kind.len())
        .map(|v| {
            let r = g.rank[v] as usize;
            Rect {
                x: pl.x[v] - g.width[v] / 2.0,
                y: pl.band_top[r] + (pl.band_height[r] - g.height[v]) / 2.0,
                width: g.width[v],
                height: g.height[v],
            }
        })
        .collect()
}

/// The rectangle of every cluster (all zero for a cluster that could not be placed); a
/// cluster given title room reaches its left limit, where that room is.
pub(super) fn cluster_rects(
    p: &Prepared,
    g: &Layered,
    pl: &Placement,
    vr: &[Rect],
    extra_right: &[f64],
    title_room: &[f64],
) -> Vec<Rect> {
    let h: &Hierarchy = &p.hierarchy;
    let k = p.reserve.len();
    let mut lo = vec![f64::INFINITY; k];
    let mut hi = vec![f64::NEG_INFINITY; k];
    for v in 0..g.kind.len() {
        if let Some(c) = g.cluster[v] {
            lo[c] = lo[c].min(vr[v].x);
            hi[c] = hi[c].max(vr[v].x + vr[v].width + extra_right[v]);
        }
    }
    let mut out = vec![
        Rect {
            x: 0.0,
            y: 0.0,
            width: 0.0,
            height: 0.0
        };
        k
    ];
    for c in h.top_down().into_iter().rev() {
        if let Some(b) = p.cluster_box[c] {
            out[c] = vr[b];
        } else if let Some((a, b)) = g.span[c] {
            let res = p.reserve[c];
            let (min_x, max_x) = pl.limits[c];
            let mut x0 = lo[c] - res.left;
            if title_room.get(c).is_some_and(|&t| t > 0.0) {
                // The stretch kept for the title, left of the first member on its rank.
                x0 = x0.min(min_x);
            }
            let mut x1 = hi[c] + res.right;
            if x1 - x0 < res.min_cross {
                let need = res.min_cross - (x1 - x0);
                x0 = (x0 - need / 2.0).max(min_x);
                x1 = x0 + res.min_cross;
                if x1 > max_x {
                    x1 = max_x;
                    x0 = x1 - res.min_cross;
                }
            }
            let y0 = pl.band_top[a as usize] - pl.top_off[c];
            let y1 = pl.band_top[b as usize] + pl.band_height[b as usize] + pl.bottom_off[c];
            out[c] = Rect {
                x: x0,
                y: y0,
                width: x1 - x0,
                height: y1 - y0,
            };
        }
        if let Some(parent) = h.parent[c]
            && out[c].width > 0.0
        {
            lo[parent] = lo[parent].min(out[c].x);
            hi[parent] = hi[parent].max(out[c].x + out[c].width);
        }
    }
    out
}
