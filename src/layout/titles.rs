//! Cluster titles: a title sits at the top of its cluster, centred unless an edge runs through
//! that place, in which case it moves sideways to the nearest stretch of the title room that
//! no edge crosses (or, when there is none, that the fewest edges cross).

use super::{Layout, LayoutInput, Rect};

/// Room kept between a title and an edge passing beside it.
const MARGIN: f64 = 8.0;
/// Height of the rows edge segments are filed under, to find those near a title quickly.
const ROW: f64 = 64.0;
/// More edges than this through one title room: the title stays centred.
const MAX_BLOCKS: usize = 256;

/// The box of every cluster's title: `title_width` wide and `title_height` tall (the title
/// room of [`super::ClusterSpec`]) at the top of the cluster, placed where no edge crosses it
/// when the cluster's width allows.
pub fn title_boxes(input: &LayoutInput, layout: &Layout) -> Vec<Rect> {
    let rows = Rows::new(layout);
    let mut blocks: Vec<(f64, f64)> = Vec::new();
    layout
        .clusters
        .iter()
        .enumerate()
        .map(|(c, r)| {
            let (w, h) = input
                .clusters
                .get(c)
                .map_or((0.0, 0.0), |s| (s.title_width, s.title_height));
            let band = Rect {
                x: r.x,
                y: r.y,
                width: r.width,
                height: h.min(r.height),
            };
            blocks.clear();
            rows.blocks(layout, &band, &mut blocks);
            let x = free_centre(&band, w, &blocks);
            Rect {
                x: x - w / 2.0,
                y: r.y,
                width: w,
                height: h,
            }
        })
        .collect()
}

/// The clusters whose title box (as [`title_boxes`] places it) some edge passes through.
pub(super) fn crossed(input: &LayoutInput, layout: &Layout) -> Vec<usize> {
    let rows = Rows::new(layout);
    let mut blocks: Vec<(f64, f64)> = Vec::new();
    title_boxes(input, layout)
        .iter()
        .enumerate()
        .filter(|(_, t)| t.width > 0.0 && t.height > 0.0)
        .filter(|(_, t)| {
            blocks.clear();
            rows.blocks(layout, t, &mut blocks);
            blocks
                .iter()
                .any(|&(a, b)| a < t.x + t.width - 1.0 && b > t.x + 1.0)
        })
        .map(|(c, _)| c)
        .collect()
}

/// The centre of a stretch `w` wide in `band` crossed by the fewest blocked intervals
/// (widened by the margin), nearest to the band's centre among equals: a clear stretch when
/// there is one.
fn free_centre(band: &Rect, w: f64, blocks: &[(f64, f64)]) -> f64 {
    let mid = band.x + band.width / 2.0;
    if blocks.is_empty() || blocks.len() > MAX_BLOCKS || w <= 0.0 {
        return mid;
    }
    let half = w / 2.0;
    let (lo, hi) = (band.x + half, band.x + band.width - half);
    let crossed = |x: f64| {
        blocks
            .iter()
            .filter(|&&(a, b)| !(x + half + MARGIN <= a || b <= x - half - MARGIN))
            .count()
    };
    let mut best: Option<(usize, f64)> = None;
    let candidates = std::iter::once(mid).chain(
        blocks
            .iter()
            .flat_map(|&(a, b)| [a - MARGIN - half, b + MARGIN + half]),
    );
    for x in candidates {
        if x < lo - 1e-9 || x > hi + 1e-9 {
            continue;
        }
        let n = crossed(x);
        let better =
            best.is_none_or(|(bn, bx)| n < bn || (n == bn && (x - mid).abs() < (bx - mid).abs()));
        if better {
            best = Some((n, x));
        }
    }
    best.map_or(mid, |(_, x)| x)
}

/// Segments of one row of the canvas, filed so that those near a title are found without
/// looking at the rest.
#[derive(Default, Clone)]
struct Row {
    /// Segments at most `NARROW` wide, by their left end.
    narrow: Vec<(f64, u32, u32)>,
    /// Wider horizontal segments, by their height.
    flat: Vec<(f64, u32, u32)>,
    /// Wider slanted segments.
    slanted: Vec<(u32, u32)>,
}

/// Widest segment filed by its left end.
const NARROW: f64 = 64.0;

/// Every edge segment, filed under each row of the canvas its height reaches.
struct Rows {
    rows: Vec<Row>,
}

impl Rows {
    fn new(layout: &Layout) -> Rows {
        let count = (layout.height.max(0.0) / ROW) as usize + 1;
        let mut rows: Vec<Row> = vec![Row::default(); count];
        let row = |y: f64| ((y.max(0.0) / ROW) as usize).min(count - 1);
        for (e, route) in layout.edges.iter().enumerate() {
            for (s, w) in route.points.windows(2).enumerate() {
                let (a, b) = (w[0], w[1]);
                let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
                let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
                if !(y0.is_finite() && y1.is_finite() && x0.is_finite() && x1.is_finite()) {
                    continue;
                }
                let id = (e as u32, s as u32);
                for r in &mut rows[row(y0)..=row(y1)] {
                    if x1 - x0 <= NARROW {
                        r.narrow.push((x0, id.0, id.1));
                    } else if y1 - y0 < 1e-9 {
                        r.flat.push((y0, id.0, id.1));
                    } else {
                        r.slanted.push(id);
                    }
                }
            }
        }
        for r in &mut rows {
            r.narrow.sort_by(|a, b| a.0.total_cmp(&b.0));
            r.flat.sort_by(|a, b| a.0.total_cmp(&b.0));
        }
        Rows { rows }
    }

    /// The x intervals within `band` that edge segments crossing it take.
    fn blocks(&self, layout: &Layout, band: &Rect, out: &mut Vec<(f64, f64)>) {
        if band.height <= 0.0 || self.rows.is_empty() {
            return;
        }
        let last = self.rows.len() - 1;
        let (top, bottom) = (band.y, band.y + band.height);
        let (left, right) = (band.x, band.x + band.width);
        let first_row = ((top.max(0.0) / ROW) as usize).min(last);
        let last_row = ((bottom.max(0.0) / ROW) as usize).min(last);
        // Files the segment's interval; true once there are too many to place the title by.
        let mut add = |e: u32, s: u32| {
            let pts = &layout.edges[e as usize].points;
            let (a, b) = (pts[s as usize], pts[s as usize + 1]);
            if let Some((x0, x1)) = clip_x(a, b, top, bottom) {
                let (x0, x1) = (x0.max(left), x1.min(right));
                if x0 <= x1 {
                    out.push((x0, x1));
                }
            }
            out.len() > MAX_BLOCKS
        };
        for row in &self.rows[first_row..=last_row] {
            let from = row.narrow.partition_point(|n| n.0 < left - NARROW);
            for &(x0, e, s) in &row.narrow[from..] {
                if x0 > right || add(e, s) {
                    break;
                }
            }
            let from = row.flat.partition_point(|f| f.0 <= top);
            for &(y, e, s) in &row.flat[from..] {
                if y >= bottom || add(e, s) {
                    break;
                }
            }
            for &(e, s) in &row.slanted {
                if add(e, s) {
                    break;
                }
            }
        }
    }
}

/// The x extent of the part of segment `a`–`b` strictly between heights `top` and `bottom`.
fn clip_x(a: (f64, f64), b: (f64, f64), top: f64, bottom: f64) -> Option<(f64, f64)> {
    let (dy, dx) = (b.1 - a.1, b.0 - a.0);
    if dy.abs() < 1e-9 {
        return (a.1 > top && a.1 < bottom).then(|| (a.0.min(b.0), a.0.max(b.0)));
    }
    let t0 = ((top - a.1) / dy).clamp(0.0, 1.0);
    let t1 = ((bottom - a.1) / dy).clamp(0.0, 1.0);
    let (t0, t1) = (t0.min(t1), t0.max(t1));
    if t1 - t0 < 1e-9 {
        return None;
    }
    let (x0, x1) = (a.0 + dx * t0, a.0 + dx * t1);
    Some((x0.min(x1), x0.max(x1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn band() -> Rect {
        Rect {
            x: 0.0,
            y: 0.0,
            width: 200.0,
            height: 30.0,
        }
    }

    #[test]
    fn a_title_with_no_edge_through_it_stays_centred() {
        assert_eq!(free_centre(&band(), 60.0, &[]), 100.0);
        assert_eq!(free_centre(&band(), 60.0, &[(10.0, 10.0)]), 100.0);
    }

    #[test]
    fn a_title_moves_to_the_nearest_clear_stretch() {
        let x = free_centre(&band(), 60.0, &[(110.0, 110.0)]);
        assert_eq!(x, 110.0 - MARGIN - 30.0);
        let x = free_centre(&band(), 60.0, &[(90.0, 90.0)]);
        assert_eq!(x, 90.0 + MARGIN + 30.0);
        let x = free_centre(&band(), 60.0, &[(90.0, 90.0), (140.0, 140.0)]);
        assert_eq!(x, 90.0 - MARGIN - 30.0);
    }

    #[test]
    fn a_title_with_no_clear_stretch_stays_centred() {
        let blocks = [(40.0, 40.0), (100.0, 100.0), (160.0, 160.0)];
        assert_eq!(free_centre(&band(), 60.0, &blocks), 100.0);
    }

    #[test]
    fn a_title_with_no_clear_stretch_moves_where_fewest_edges_cross() {
        let blocks = [
            (40.0, 40.0),
            (95.0, 95.0),
            (100.0, 100.0),
            (105.0, 105.0),
            (160.0, 160.0),
        ];
        let x = free_centre(&band(), 60.0, &blocks);
        let crossed = blocks
            .iter()
            .filter(|&&(a, b)| !(x + 30.0 + MARGIN <= a || b <= x - 30.0 - MARGIN))
            .count();
        assert_eq!(crossed, 1, "at {x}");
    }

    #[test]
    fn only_the_part_of_a_segment_inside_the_band_blocks() {
        assert_eq!(
            clip_x((5.0, -10.0), (5.0, 50.0), 0.0, 30.0),
            Some((5.0, 5.0))
        );
        assert_eq!(
            clip_x((0.0, 0.0), (100.0, 100.0), 0.0, 30.0),
            Some((0.0, 30.0))
        );
        assert_eq!(clip_x((0.0, 40.0), (100.0, 40.0), 0.0, 30.0), None);
        assert_eq!(
            clip_x((0.0, 10.0), (100.0, 10.0), 0.0, 30.0),
            Some((0.0, 100.0))
        );
    }
}
