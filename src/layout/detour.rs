//! The guarantee that no edge passes through a cluster holding neither of its ends, nor
//! through a box other than its ends. After routing, the stretch of a route between its first
//! and last segment through such a cluster or box is replaced by the shortest orthogonal path (with a penalty per bend) through the cells
//! that the nearby obstacles leave free: boxes, labels of other edges and the clusters foreign
//! to the edge. The ordering makes this rare (see `order.rs`); this makes it certain.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::layered::{Kind, Layered};
use super::prepare::{Anchor, Prepared};
use super::route::tidy;
use super::{EdgeRoute, Rect};

/// How far a segment may graze a cluster's border and still count as outside.
const EPS: f64 = 0.01;
/// Room around the stretch searched first; it grows fourfold while no path is found.
const PAD: f64 = 40.0;
/// Cost of one bend, in pixels of length.
const BEND: f64 = 30.0;
/// The most cells one search may use.
const MAX_CELLS: usize = 4_000_000;
/// Cells all searches of one layout may use together: at least this many, and more per
/// vertex of the layered graph, so that detours never cost more than the rest of the layout.
const CELLS_FLOOR: usize = 4_000_000;
const CELLS_PER_VERTEX: usize = 16;

/// Something an edge must not pass through.
#[derive(Clone, Copy)]
enum Obstacle {
    /// A box or label vertex.
    Vertex(u32),
    /// A cluster drawn around members.
    Cluster(usize),
}

/// Obstacles filed under the cells of a uniform grid over the canvas.
struct Index {
    x0: f64,
    y0: f64,
    cell_w: f64,
    cell_h: f64,
    cols: usize,
    rows: usize,
    start: Vec<u32>,
    items: Vec<u32>,
}

impl Index {
    /// Files `rects` under cells `aspect` times as wide as they are tall: the scan's cost is
    /// the cells its segments touch, so cells take the shape of the segments to be scanned.
    fn new(rects: &[Rect], aspect: f64) -> Index {
        let (mut x0, mut y0) = (f64::INFINITY, f64::INFINITY);
        let (mut x1, mut y1) = (f64::NEG_INFINITY, f64::NEG_INFINITY);
        for r in rects {
            x0 = x0.min(r.x);
            y0 = y0.min(r.y);
            x1 = x1.max(r.x + r.width);
            y1 = y1.max(r.y + r.height);
        }
        if !x0.is_finite() {
            (x0, y0, x1, y1) = (0.0, 0.0, 1.0, 1.0);
        }
        let area = ((x1 - x0).max(1.0)) * ((y1 - y0).max(1.0));
        let budget = (4 * rects.len()).max(64) as f64;
        let aspect = if aspect.is_finite() {
            aspect.clamp(1e-3, 1e3)
        } else {
            1.0
        };
        // Cells no wider or taller than the canvas, so that there are at most 4 × budget.
        let (width, height) = ((x1 - x0).max(1.0), (y1 - y0).max(1.0));
        let cell = (area / budget).max(256.0);
        let cell_w = (cell * aspect).sqrt().clamp(4.0, width.max(4.0));
        let cell_h = (cell / cell_w).clamp(4.0, height.max(4.0));
        let cell_w = (cell / cell_h).clamp(4.0, width.max(4.0));
        let cols = ((x1 - x0) / cell_w) as usize + 1;
        let rows = ((y1 - y0) / cell_h) as usize + 1;
        let mut idx = Index {
            x0,
            y0,
            cell_w,
            cell_h,
            cols,
            rows,
            start: Vec::new(),
            items: Vec::new(),
        };
        let mut count = vec![0u32; cols * rows + 1];
        for r in rects {
            let (c0, c1, r0, r1) = idx.cells(r);
            for row in r0..=r1 {
                for col in c0..=c1 {
                    count[row * cols + col + 1] += 1;
                }
            }
        }
        for i in 0..cols * rows {
            count[i + 1] += count[i];
        }
        idx.items = vec![0; count[cols * rows] as usize];
        let mut fill = count.clone();
        for (i, r) in rects.iter().enumerate() {
            let (c0, c1, r0, r1) = idx.cells(r);
            for row in r0..=r1 {
                for col in c0..=c1 {
                    let slot = &mut fill[row * cols + col];
                    idx.items[*slot as usize] = i as u32;
                    *slot += 1;
                }
            }
        }
        idx.start = count;
        idx
    }

    /// The range of cells (columns, rows) a rectangle touches.
    fn cells(&self, r: &Rect) -> (usize, usize, usize, usize) {
        let col = |x: f64| (((x - self.x0) / self.cell_w).max(0.0) as usize).min(self.cols - 1);
        let row = |y: f64| (((y - self.y0) / self.cell_h).max(0.0) as usize).min(self.rows - 1);
        (col(r.x), col(r.x + r.width), row(r.y), row(r.y + r.height))
    }

    /// Every item filed in a cell that `r` touches (an item may come more than once).
    fn query(&self, r: &Rect, mut f: impl FnMut(u32)) {
        let (c0, c1, r0, r1) = self.cells(r);
        for row in r0..=r1 {
            for col in c0..=c1 {
                let i = row * self.cols + col;
                for &it in &self.items[self.start[i] as usize..self.start[i + 1] as usize] {
                    f(it);
                }
            }
        }
    }
}

/// Whether the open segment `a`–`b` passes through the interior of `r` shrunk by [`EPS`].
pub(super) fn segment_hits(a: (f64, f64), b: (f64, f64), r: &Rect) -> bool {
    let (x0, y0) = (r.x + EPS, r.y + EPS);
    let (x1, y1) = (r.x + r.width - EPS, r.y + r.height - EPS);
    if x1 <= x0 || y1 <= y0 {
        return false;
    }
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    for (p, q) in [
        (-dx, a.0 - x0),
        (dx, x1 - a.0),
        (-dy, a.1 - y0),
        (dy, y1 - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    t0 < t1
}

/// The clusters holding an end of the link: the ancestors of both ends (a cluster end, or
/// the box standing for an empty cluster, counts as inside itself).
fn own_clusters(
    p: &Prepared,
    stands_for: &[Option<usize>],
    from: Anchor,
    to: Anchor,
    out: &mut Vec<usize>,
) {
    out.clear();
    for a in [from, to] {
        let mut cur = match a {
            Anchor::Box(b) => stands_for[b].or(p.cluster[b]),
            Anchor::Cluster(c) => Some(c),
        };
        while let Some(c) = cur {
            if out.contains(&c) {
                break;
            }
            out.push(c);
            cur = p.hierarchy.parent[c];
        }
    }
}

/// Reroutes every stretch of every route that passes through a cluster foreign to its edge.
pub(super) fn clear_foreign(
    p: &Prepared,
    g: &Layered,
    vr: &[Rect],
    cr: &[Rect],
    routes: &mut [EdgeRoute],
) {
    let mut obstacles: Vec<Obstacle> = Vec::new();
    let mut rects: Vec<Rect> = Vec::new();
    for (v, r) in vr.iter().enumerate() {
        if matches!(g.kind[v], Kind::Box(_) | Kind::Label) && r.width > 0.0 && r.height > 0.0 {
            obstacles.push(Obstacle::Vertex(v as u32));
            rects.push(*r);
        }
    }
    for (c, r) in cr.iter().enumerate() {
        let drawn = p.cluster_box[c].is_some() || g.span[c].is_some();
        if drawn && r.width > 0.0 && r.height > 0.0 {
            obstacles.push(Obstacle::Cluster(c));
            rects.push(*r);
        }
    }
    if rects.is_empty() {
        return;
    }
    // Routes run far sideways in wide drawings and short up and down: the sum of each way's
    // lengths sets the cells' shape.
    let (mut across, mut along) = (1.0f64, 1.0f64);
    for pts in routes.iter().map(|r| &r.points) {
        for w in pts.windows(2) {
            across += (w[1].0 - w[0].0).abs();
            along += (w[1].1 - w[0].1).abs();
        }
    }
    let index = Index::new(&rects, across / along);
    let mut canvas = rects[0];
    for r in &rects {
        canvas = union(&canvas, r);
    }
    let mut seen = vec![u32::MAX; rects.len()];
    let mut stamp = 0u32;
    let mut own: Vec<usize> = Vec::new();
    // The empty cluster each box stands for, if any.
    let mut stands_for: Vec<Option<usize>> = vec![None; p.width.len()];
    for (c, b) in p.cluster_box.iter().enumerate() {
        if let Some(b) = *b {
            stands_for[b] = Some(c);
        }
    }
    let mut budget = CELLS_FLOOR.max(CELLS_PER_VERTEX * g.kind.len());
    for (i, route) in routes.iter_mut().enumerate() {
        let Some(l) = p.links.get(i).and_then(|l| l.as_ref()) else {
            continue;
        };
        own_clusters(p, &stands_for, l.from, l.to, &mut own);
        let own = &own;
        let foreign = |c: usize| !own.contains(&c);
        // Only obstacles directly inside the edge's own clusters count: the rest lie inside
        // a foreign cluster, which stands for them.
        let outermost = |o: Obstacle| match o {
            Obstacle::Vertex(v) => g.cluster[v as usize].is_none_or(|c| !foreign(c)),
            Obstacle::Cluster(c) => p.hierarchy.parent[c].is_none_or(|c| !foreign(c)),
        };
        let own_label = g.label_vertex.get(i).copied().flatten();
        let end_box = |v: u32| {
            [l.from, l.to]
                .iter()
                .any(|&a| matches!(a, Anchor::Box(b) if b as u32 == v))
        };
        let blocks = |o: Obstacle| match o {
            Obstacle::Vertex(v) => Some(v) != own_label && outermost(o),
            Obstacle::Cluster(c) => foreign(c) && outermost(o),
        };
        let pts = &route.points;
        let (mut first, mut last) = (None, 0);
        let mut reach: Option<Rect> = None;
        for (s, w) in pts.windows(2).enumerate() {
            let seg = union(&point(w[0]), &point(w[1]));
            let mut hit = false;
            stamp = stamp.wrapping_add(1);
            index.query(&seg, |o| {
                let ob = obstacles[o as usize];
                if seen[o as usize] == stamp || matches!(ob, Obstacle::Vertex(v) if end_box(v)) {
                    return;
                }
                seen[o as usize] = stamp;
                let r = &rects[o as usize];
                if blocks(ob) && segment_hits(w[0], w[1], r) {
                    hit = true;
                    reach = Some(reach.map_or(*r, |q| union(&q, r)));
                }
            });
            if hit {
                first.get_or_insert(s);
                last = s;
            }
        }
        let (Some(first), Some(reach)) = (first, reach) else {
            continue;
        };
        let (a, b) = (pts[first], pts[last + 1]);
        let guides: Vec<Rect> = own.iter().map(|&c| cr[c]).collect();
        let mut window = union(&reach, &union(&point(a), &point(b)));
        let mut pad = PAD;
        let path = loop {
            let w = grow(&window, pad);
            let mut near: Vec<Rect> = Vec::new();
            let mut ids: Vec<u32> = Vec::new();
            index.query(&w, |o| ids.push(o));
            ids.sort_unstable();
            ids.dedup();
            for o in ids {
                if blocks(obstacles[o as usize]) {
                    near.push(rects[o as usize]);
                }
            }
            match search(&w, &near, &guides, a, b, &mut budget) {
                Search::Found(path) => break Some(path),
                Search::Stuck => break None,
                Search::Spent => return,
                Search::Wider if contains(&w, &canvas) => break None,
                Search::Wider => {}
            }
            window = union(&window, &w);
            pad *= 4.0;
        };
        if let Some(path) = path {
            let mut out = Vec::with_capacity(pts.len() + path.len());
            out.extend_from_slice(&pts[..first]);
            out.extend(path);
            out.extend_from_slice(&pts[last + 2..]);
            tidy(&mut out);
            route.points = out;
        }
    }
}

fn point(p: (f64, f64)) -> Rect {
    Rect {
        x: p.0,
        y: p.1,
        width: 0.0,
        height: 0.0,
    }
}

fn union(a: &Rect, b: &Rect) -> Rect {
    let (x0, y0) = (a.x.min(b.x), a.y.min(b.y));
    let (x1, y1) = (
        (a.x + a.width).max(b.x + b.width),
        (a.y + a.height).max(b.y + b.height),
    );
    Rect {
        x: x0,
        y: y0,
        width: x1 - x0,
        height: y1 - y0,
    }
}

fn grow(r: &Rect, d: f64) -> Rect {
    Rect {
        x: r.x - d,
        y: r.y - d,
        width: r.width + 2.0 * d,
        height: r.height + 2.0 * d,
    }
}

fn contains(outer: &Rect, inner: &Rect) -> bool {
    inner.x >= outer.x
        && inner.y >= outer.y
        && inner.x + inner.width <= outer.x + outer.width
        && inner.y + inner.height <= outer.y + outer.height
}

/// The cells between consecutive obstacle borders inside a window: each lies wholly inside
/// an obstacle or wholly outside all of them.
struct Cells {
    xs: Vec<f64>,
    ys: Vec<f64>,
    blocked: Vec<bool>,
}

impl Cells {
    /// Cells of window `w` around the obstacles `near`; the borders in `guides` (the edge's
    /// own clusters) split cells too, so that paths keep off them, but block nothing.
    fn new(w: &Rect, near: &[Rect], guides: &[Rect]) -> Option<Cells> {
        let clip = |v: f64, lo: f64, hi: f64| v.clamp(lo, hi);
        let (wx1, wy1) = (w.x + w.width, w.y + w.height);
        let mut xs = vec![w.x, wx1];
        let mut ys = vec![w.y, wy1];
        for r in near.iter().chain(guides) {
            xs.push(clip(r.x, w.x, wx1));
            xs.push(clip(r.x + r.width, w.x, wx1));
            ys.push(clip(r.y, w.y, wy1));
            ys.push(clip(r.y + r.height, w.y, wy1));
        }
        for v in [&mut xs, &mut ys] {
            v.sort_by(f64::total_cmp);
            v.dedup();
        }
        let (cols, rows) = (xs.len() - 1, ys.len() - 1);
        if cols == 0 || rows == 0 || cols * rows > MAX_CELLS {
            return None;
        }
        // Painted through a difference array, so nested obstacles cost their area once.
        let mut diff = vec![0i32; (cols + 1) * (rows + 1)];
        let at = |v: &[f64], x: f64| v.partition_point(|&y| y < x);
        for r in near {
            let (i0, i1) = (
                at(&xs, clip(r.x, w.x, wx1)),
                at(&xs, clip(r.x + r.width, w.x, wx1)),
            );
            let (j0, j1) = (
                at(&ys, clip(r.y, w.y, wy1)),
                at(&ys, clip(r.y + r.height, w.y, wy1)),
            );
            if i0 >= i1 || j0 >= j1 {
                continue;
            }
            diff[j0 * (cols + 1) + i0] += 1;
            diff[j0 * (cols + 1) + i1] -= 1;
            diff[j1 * (cols + 1) + i0] -= 1;
            diff[j1 * (cols + 1) + i1] += 1;
        }
        for j in 0..=rows {
            for i in 1..=cols {
                diff[j * (cols + 1) + i] += diff[j * (cols + 1) + i - 1];
            }
        }
        for j in 1..=rows {
            for i in 0..=cols {
                diff[j * (cols + 1) + i] += diff[(j - 1) * (cols + 1) + i];
            }
        }
        let mut blocked = vec![false; cols * rows];
        for j in 0..rows {
            for i in 0..cols {
                blocked[j * cols + i] = diff[j * (cols + 1) + i] > 0;
            }
        }
        Some(Cells { xs, ys, blocked })
    }

    fn cols(&self) -> usize {
        self.xs.len() - 1
    }

    fn centre(&self, cell: usize) -> (f64, f64) {
        let (i, j) = (cell % self.cols(), cell / self.cols());
        (
            (self.xs[i] + self.xs[i + 1]) / 2.0,
            (self.ys[j] + self.ys[j + 1]) / 2.0,
        )
    }

    /// A free cell whose closed area holds `p` (within [`EPS`]), the one nearest its centre.
    fn locate(&self, p: (f64, f64)) -> Option<usize> {
        let span = |v: &[f64], x: f64| {
            let lo = v.partition_point(|&y| y < x - 2.0 * EPS).saturating_sub(1);
            let hi = v.partition_point(|&y| y <= x + 2.0 * EPS).min(v.len() - 1);
            lo..hi
        };
        let mut best: Option<(f64, usize)> = None;
        for j in span(&self.ys, p.1) {
            for i in span(&self.xs, p.0) {
                let inside = self.xs[i] - 2.0 * EPS <= p.0
                    && p.0 <= self.xs[i + 1] + 2.0 * EPS
                    && self.ys[j] - 2.0 * EPS <= p.1
                    && p.1 <= self.ys[j + 1] + 2.0 * EPS;
                let cell = j * self.cols() + i;
                if !inside || self.blocked[cell] {
                    continue;
                }
                let c = self.centre(cell);
                let d = (c.0 - p.0).abs() + (c.1 - p.1).abs();
                if best.is_none_or(|(bd, _)| d < bd) {
                    best = Some((d, cell));
                }
            }
        }
        best.map(|(_, c)| c)
    }
}

/// What a search in one window found.
enum Search {
    Found(Vec<(f64, f64)>),
    /// No path inside this window: a wider one may have one.
    Wider,
    /// An end lies inside an obstacle: no window has a path.
    Stuck,
    /// The cells all searches may use are spent.
    Spent,
}

/// The orthogonal path from `a` to `b` inside window `w` around the obstacles `near`.
fn search(
    w: &Rect,
    near: &[Rect],
    guides: &[Rect],
    a: (f64, f64),
    b: (f64, f64),
    budget: &mut usize,
) -> Search {
    // Each obstacle adds at most two lines across and two along.
    let cells = (2 * (near.len() + guides.len()) + 1).pow(2);
    if cells > *budget {
        return Search::Spent;
    }
    let Some(cells) = Cells::new(w, near, guides) else {
        return Search::Wider;
    };
    *budget -= cells.blocked.len().min(*budget);
    let (Some(start), Some(goal)) = (cells.locate(a), cells.locate(b)) else {
        return Search::Stuck;
    };
    let cols = cells.cols();
    let n = cells.blocked.len();
    // States: cell × (arrived moving sideways, arrived moving up or down).
    let mut cost = vec![f64::INFINITY; 2 * n];
    let mut from = vec![u32::MAX; 2 * n];
    let mut heap: BinaryHeap<Reverse<(u64, u32)>> = BinaryHeap::new();
    let gc = cells.centre(goal);
    let h = |cell: usize| {
        let c = cells.centre(cell);
        (c.0 - gc.0).abs() + (c.1 - gc.1).abs()
    };
    for o in 0..2 {
        let s = (2 * start + o) as u32;
        cost[s as usize] = 0.0;
        heap.push(Reverse((h(start).to_bits(), s)));
    }
    let mut end = None;
    while let Some(Reverse((_, s))) = heap.pop() {
        let (cell, o) = (s as usize / 2, s as usize % 2);
        if cell == goal {
            end = Some(s);
            break;
        }
        let c = cost[s as usize];
        let (i, j) = (cell % cols, cell / cols);
        let mut step = |next: usize, no: usize| {
            if cells.blocked[next] {
                return;
            }
            let (p, q) = (cells.centre(cell), cells.centre(next));
            let d = (p.0 - q.0).abs() + (p.1 - q.1).abs() + if no != o { BEND } else { 0.0 };
            let t = 2 * next + no;
            if c + d < cost[t] {
                cost[t] = c + d;
                from[t] = s;
                heap.push(Reverse(((c + d + h(next)).to_bits(), t as u32)));
            }
        };
        if i > 0 {
            step(cell - 1, 0);
        }
        if i + 1 < cols {
            step(cell + 1, 0);
        }
        if j > 0 {
            step(cell - cols, 1);
        }
        if j + 1 < n / cols {
            step(cell + cols, 1);
        }
    }
    let Some(end) = end else {
        return Search::Wider;
    };
    let mut trail = vec![end as usize / 2];
    let mut s = end as usize;
    while from[s] != u32::MAX {
        s = from[s] as usize;
        if trail.last() != Some(&(s / 2)) {
            trail.push(s / 2);
        }
    }
    trail.reverse();
    Search::Found(polyline(&cells, &trail, a, b))
}

/// Points along a chain of adjacent free cells: each straight run of cells is crossed on one
/// line (the start's or end's own line for the first and last run, else the run's middle),
/// turning inside the cell where two runs meet.
fn polyline(cells: &Cells, trail: &[usize], a: (f64, f64), b: (f64, f64)) -> Vec<(f64, f64)> {
    let cols = cells.cols();
    // Runs as (horizontal, cell where it starts, cell where it ends).
    let mut runs: Vec<(bool, usize, usize)> = Vec::new();
    for w in trail.windows(2) {
        let horizontal = w[0] / cols == w[1] / cols;
        match runs.last_mut() {
            Some(r) if r.0 == horizontal => r.2 = w[1],
            _ => runs.push((horizontal, w[0], w[1])),
        }
    }
    let k = runs.len();
    let line = |idx: usize, horizontal: bool, c0: usize| {
        if horizontal {
            if idx == 0 {
                a.1
            } else if idx == k - 1 {
                b.1
            } else {
                cells.centre(c0).1
            }
        } else if idx == 0 {
            a.0
        } else if idx == k - 1 {
            b.0
        } else {
            cells.centre(c0).0
        }
    };
    let mut pts = vec![a];
    if k == 0 {
        pts.push((b.0, a.1));
        pts.push(b);
        return pts;
    }
    for (idx, &(horizontal, c0, _)) in runs.iter().enumerate() {
        let v = line(idx, horizontal, c0);
        // `a` lies in the first cell, on the first run's line already.
        if idx > 0 {
            let prev = pts[pts.len() - 1];
            pts.push(if horizontal { (prev.0, v) } else { (v, prev.1) });
        }
        if idx == k - 1 {
            pts.push(if horizontal { (b.0, v) } else { (v, b.1) });
        }
    }
    pts.push(b);
    pts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(x: f64, y: f64, width: f64, height: f64) -> Rect {
        Rect {
            x,
            y,
            width,
            height,
        }
    }

    fn clear_of(path: &[(f64, f64)], obstacles: &[Rect]) -> bool {
        path.windows(2)
            .all(|w| obstacles.iter().all(|r| !segment_hits(w[0], w[1], r)))
    }

    #[test]
    fn a_path_goes_round_a_wall_between_its_ends() {
        let wall = [rect(40.0, 10.0, 20.0, 80.0)];
        let window = rect(0.0, 0.0, 100.0, 100.0);
        let mut budget = 1_000;
        let Search::Found(path) =
            search(&window, &wall, &[], (10.0, 50.0), (90.0, 50.0), &mut budget)
        else {
            panic!("no path");
        };
        assert_eq!(path.first(), Some(&(10.0, 50.0)));
        assert_eq!(path.last(), Some(&(90.0, 50.0)));
        assert!(clear_of(&path, &wall), "{path:?}");
        assert!(
            path.windows(2)
                .all(|w| w[0].0 == w[1].0 || w[0].1 == w[1].1),
            "orthogonal: {path:?}"
        );
    }

    #[test]
    fn a_window_closed_by_a_wall_asks_for_a_wider_one() {
        let wall = [rect(40.0, -10.0, 20.0, 120.0)];
        let window = rect(0.0, 0.0, 100.0, 100.0);
        let mut budget = 1_000;
        let found = search(&window, &wall, &[], (10.0, 50.0), (90.0, 50.0), &mut budget);
        assert!(matches!(found, Search::Wider));
        let mut budget = 1;
        let spent = search(&window, &wall, &[], (10.0, 50.0), (90.0, 50.0), &mut budget);
        assert!(matches!(spent, Search::Spent));
    }

    #[test]
    fn an_end_inside_an_obstacle_has_no_path() {
        let wall = [rect(40.0, 10.0, 20.0, 80.0)];
        let window = rect(0.0, 0.0, 100.0, 100.0);
        let mut budget = 1_000;
        let stuck = search(&window, &wall, &[], (50.0, 50.0), (90.0, 50.0), &mut budget);
        assert!(matches!(stuck, Search::Stuck));
    }

    #[test]
    fn the_index_finds_what_a_rectangle_touches() {
        let rects = [rect(0.0, 0.0, 10.0, 10.0), rect(500.0, 500.0, 10.0, 10.0)];
        let index = Index::new(&rects, 1.0);
        let mut found = Vec::new();
        index.query(&rect(495.0, 495.0, 2.0, 2.0), |i| found.push(i));
        found.dedup();
        assert!(found.contains(&1) && !found.contains(&0), "{found:?}");
    }

    #[test]
    fn tidy_cuts_a_turn_back_short() {
        let mut pts = vec![(0.0, 0.0), (0.0, 5.0), (0.0, 10.0), (0.0, 4.0), (6.0, 4.0)];
        tidy(&mut pts);
        assert_eq!(pts, vec![(0.0, 0.0), (0.0, 4.0), (6.0, 4.0)]);
    }
}
