//! Node shapes: every name Mermaid accepts (the bracket shapes and the `@{ shape: … }` names)
//! mapped to a geometry, the box size it needs around a label, and its outline as SVG paths.

use super::num::{fmt, fmt_pt};

pub use crate::flowdb::shapes::{ALL_NAMES, Shape};

impl Shape {
    /// Whether the shape shows its label (the small markers and bars do not).
    pub fn shows_label(self) -> bool {
        !matches!(
            self,
            Shape::SmallCircle
                | Shape::FramedCircle
                | Shape::FilledCircle
                | Shape::ForkBar
                | Shape::Bolt
                | Shape::Hourglass
        )
    }

    /// Whether `flowchart.minNodeWidth` widens the shape's label block: not for the shapes
    /// Mermaid sizes from both axes (`circle`, `doublecircle`, `bow-rect` pass
    /// `ignoreMinWidth` to `labelHelper`), nor for those without a label.
    pub fn takes_min_width(self) -> bool {
        self.shows_label()
            && !matches!(
                self,
                Shape::Circle | Shape::CrossedCircle | Shape::DoubleCircle | Shape::BowTieRect
            )
    }

    /// The box the shape needs around a label of `w` × `h` pixels (`h` one line or more);
    /// `vertical_ranks` turns fork bars across a top-to-bottom flow.
    pub fn box_size(self, w: f64, h: f64, vertical_ranks: bool) -> (f64, f64) {
        use Shape::*;
        const PX: f64 = 30.0;
        const PY: f64 = 15.0;
        let (bw, bh) = (w + 2.0 * PX, h + 2.0 * PY);
        match self {
            Rect | Rounded | LinedRect | TaggedRect | Card => (bw, bh),
            Subroutine => (bw + 16.0, bh),
            Stadium => (bw + bh / 2.0, bh),
            Cylinder | LinedCylinder => {
                let ry = cylinder_ry(bw);
                (bw, bh + 2.0 * ry)
            }
            HorizontalCylinder => (bw + bh / 2.0, bh),
            Circle | CrossedCircle => {
                let d = w.max(h) + 2.0 * PY + 8.0;
                (d, d)
            }
            DoubleCircle => {
                let d = w.max(h) + 2.0 * PY + 18.0;
                (d, d)
            }
            SmallCircle | FilledCircle => (14.0, 14.0),
            FramedCircle => (18.0, 18.0),
            Ellipse => ((w + PX) * 1.42, (h + PY) * 1.42),
            Diamond => {
                let s = (w + PY) + (h + PY);
                (s, s)
            }
            Hexagon => (bw + bh / 2.0, bh),
            LeanRight | LeanLeft | Trapezoid | InvTrapezoid => (bw + bh, bh),
            Odd => (bw + bh / 4.0, bh),
            Text => (w + 8.0, h + 8.0),
            DividedRect | WindowPane => (bw + 10.0, bh + 10.0),
            Document | LinedDocument | TaggedDocument => (bw, bh + bh / 6.0),
            StackedDocument => (bw + 8.0, bh + bh / 6.0 + 8.0),
            StackedRect => (bw + 8.0, bh + 8.0),
            Delay => (bw + bh / 4.0, bh),
            Display => (bw + bh / 2.0, bh),
            Triangle | FlippedTriangle => (2.0 * (w + PY), 3.0 * h + 2.0 * PY),
            NotchedPentagon => (bw + bh / 2.0, bh),
            SlopedRect => (bw, bh + bh / 4.0),
            BowTieRect => (bw + bh / 2.0, bh),
            Flag => (bw, bh + bh / 4.0),
            Hourglass => (30.0, 30.0),
            ForkBar if vertical_ranks => (70.0, 10.0),
            ForkBar => (10.0, 70.0),
            BraceLeft | BraceRight => (w + 2.0 * PY + 10.0, bh),
            Braces => (w + 2.0 * PY + 20.0, bh),
            Bolt => (35.0, 70.0),
            Cloud | Bang => (bw * 1.3, bh * 1.5),
        }
    }

    /// The outline in the box at `x, y` of `w` × `h`: the paths to fill and stroke, then the
    /// inner lines to stroke only. `Text` has neither.
    pub fn paths(self, x: f64, y: f64, w: f64, h: f64) -> Outline {
        use Shape::*;
        let mut o = Outline::default();
        let (r, b) = (x + w, y + h);
        let (cx, cy) = (x + w / 2.0, y + h / 2.0);
        match self {
            Rect => o.fill(rect(x, y, w, h, 0.0)),
            Rounded => o.fill(rect(x, y, w, h, 5.0)),
            Stadium => o.fill(rect(x, y, w, h, h / 2.0)),
            Subroutine => {
                o.fill(rect(x, y, w, h, 0.0));
                o.line(poly(&[(x + 8.0, y), (x + 8.0, b)], false));
                o.line(poly(&[(r - 8.0, y), (r - 8.0, b)], false));
            }
            Cylinder | LinedCylinder => {
                let (rx, ry) = (w / 2.0, cylinder_ry(w).min(h / 4.0));
                o.fill(format!(
                    "M{} A{},{} 0 0 1 {} L{} A{},{} 0 0 1 {} Z",
                    fmt_pt(x, y + ry),
                    fmt(rx),
                    fmt(ry),
                    fmt_pt(r, y + ry),
                    fmt_pt(r, b - ry),
                    fmt(rx),
                    fmt(ry),
                    fmt_pt(x, b - ry),
                ));
                o.line(format!(
                    "M{} A{},{} 0 0 0 {}",
                    fmt_pt(x, y + ry),
                    fmt(rx),
                    fmt(ry),
                    fmt_pt(r, y + ry)
                ));
                if self == LinedCylinder {
                    o.line(format!(
                        "M{} A{},{} 0 0 0 {}",
                        fmt_pt(x, y + 2.5 * ry),
                        fmt(rx),
                        fmt(ry),
                        fmt_pt(r, y + 2.5 * ry)
                    ));
                }
            }
            HorizontalCylinder => {
                let (rx, ry) = ((h / 2.0 / 2.5).min(w / 4.0), h / 2.0);
                o.fill(format!(
                    "M{} L{} A{},{} 0 0 1 {} L{} A{},{} 0 0 1 {} Z",
                    fmt_pt(x + rx, y),
                    fmt_pt(r - rx, y),
                    fmt(rx),
                    fmt(ry),
                    fmt_pt(r - rx, b),
                    fmt_pt(x + rx, b),
                    fmt(rx),
                    fmt(ry),
                    fmt_pt(x + rx, y),
                ));
                o.line(format!(
                    "M{} A{},{} 0 0 0 {}",
                    fmt_pt(r - rx, y),
                    fmt(rx),
                    fmt(ry),
                    fmt_pt(r - rx, b)
                ));
            }
            Circle => o.fill(ellipse(cx, cy, w / 2.0, h / 2.0)),
            SmallCircle | FilledCircle => o.solid(ellipse(cx, cy, w / 2.0, h / 2.0)),
            DoubleCircle => {
                o.fill(ellipse(cx, cy, w / 2.0, h / 2.0));
                o.line(ellipse(cx, cy, w / 2.0 - 5.0, h / 2.0 - 5.0));
            }
            FramedCircle => {
                o.fill(ellipse(cx, cy, w / 2.0, h / 2.0));
                o.solid(ellipse(cx, cy, w / 2.0 - 4.0, h / 2.0 - 4.0));
            }
            CrossedCircle => {
                o.fill(ellipse(cx, cy, w / 2.0, h / 2.0));
                let d = w.min(h) / 2.0 * std::f64::consts::FRAC_1_SQRT_2;
                o.line(poly(&[(cx - d, cy - d), (cx + d, cy + d)], false));
                o.line(poly(&[(cx + d, cy - d), (cx - d, cy + d)], false));
            }
            Ellipse => o.fill(ellipse(cx, cy, w / 2.0, h / 2.0)),
            Diamond | Hexagon | LeanRight | LeanLeft | Trapezoid | InvTrapezoid | Odd
            | Triangle | FlippedTriangle | Hourglass | Bolt => {
                if let Some(corners) = self.polygon(x, y, w, h) {
                    o.fill(poly(&corners, true));
                }
            }
            Text => {}
            Card => {
                let n = 12.0_f64.min(h / 3.0);
                o.fill(poly(
                    &[(x + n, y), (r, y), (r, b), (x, b), (x, y + n)],
                    true,
                ));
            }
            LinedRect => {
                o.fill(rect(x, y, w, h, 0.0));
                o.line(poly(&[(x + 8.0, y), (x + 8.0, b)], false));
            }
            DividedRect => {
                o.fill(rect(x, y, w, h, 0.0));
                o.line(poly(&[(x, y + 10.0), (r, y + 10.0)], false));
            }
            WindowPane => {
                o.fill(rect(x, y, w, h, 0.0));
                o.line(poly(&[(x, y + 10.0), (r, y + 10.0)], false));
                o.line(poly(&[(x + 10.0, y), (x + 10.0, b)], false));
            }
            Document | LinedDocument => {
                o.fill(document(x, y, w, h));
                if self == LinedDocument {
                    o.line(poly(&[(x + 8.0, y), (x + 8.0, b - h / 12.0)], false));
                }
            }
            StackedDocument => {
                o.fill(document(x + 8.0, y, w - 8.0, h - 8.0));
                o.fill(document(x + 4.0, y + 4.0, w - 8.0, h - 8.0));
                o.fill(document(x, y + 8.0, w - 8.0, h - 8.0));
            }
            TaggedDocument => {
                o.fill(document(x, y, w, h));
                let t = 12.0_f64.min(h / 3.0);
                o.line(poly(&[(r - t, y), (r, y + t)], false));
            }
            StackedRect => {
                o.fill(rect(x + 8.0, y, w - 8.0, h - 8.0, 0.0));
                o.fill(rect(x + 4.0, y + 4.0, w - 8.0, h - 8.0, 0.0));
                o.fill(rect(x, y + 8.0, w - 8.0, h - 8.0, 0.0));
            }
            TaggedRect => {
                o.fill(rect(x, y, w, h, 0.0));
                let t = 12.0_f64.min(h / 3.0);
                o.line(poly(&[(r - t, b), (r, b - t)], false));
            }
            Delay => {
                let k = (h / 2.0).min(w / 2.0);
                o.fill(format!(
                    "M{} L{} A{},{} 0 0 1 {} L{} Z",
                    fmt_pt(x, y),
                    fmt_pt(r - k, y),
                    fmt(k),
                    fmt(h / 2.0),
                    fmt_pt(r - k, b),
                    fmt_pt(x, b)
                ));
            }
            Display => {
                let k = h / 4.0;
                o.fill(format!(
                    "M{} L{} L{} A{},{} 0 0 1 {} L{} Z",
                    fmt_pt(x, cy),
                    fmt_pt(x + k, y),
                    fmt_pt(r - k, y),
                    fmt(k),
                    fmt(h / 2.0),
                    fmt_pt(r - k, b),
                    fmt_pt(x + k, b)
                ));
            }
            NotchedPentagon => {
                let k = h / 4.0;
                o.fill(poly(
                    &[
                        (x + k, y),
                        (r - k, y),
                        (r, y + k),
                        (r, b),
                        (x, b),
                        (x, y + k),
                    ],
                    true,
                ));
            }
            SlopedRect => o.fill(poly(&[(x, y + h / 5.0), (r, y), (r, b), (x, b)], true)),
            BowTieRect => {
                let k = h / 4.0;
                o.fill(format!(
                    "M{} L{} A{},{} 0 0 1 {} L{} A{},{} 0 0 0 {} Z",
                    fmt_pt(x, y),
                    fmt_pt(r - k, y),
                    fmt(k),
                    fmt(h / 2.0),
                    fmt_pt(r - k, b),
                    fmt_pt(x, b),
                    fmt(k),
                    fmt(h / 2.0),
                    fmt_pt(x, y),
                ));
            }
            Flag => {
                let a = h / 10.0;
                o.fill(format!(
                    "M{} Q{} {} T{} L{} Q{} {} T{} Z",
                    fmt_pt(x, y + a),
                    fmt_pt(x + w / 4.0, y - a),
                    fmt_pt(cx, y + a),
                    fmt_pt(r, y + a),
                    fmt_pt(r, b - a),
                    fmt_pt(r - w / 4.0, b + a),
                    fmt_pt(cx, b - a),
                    fmt_pt(x, b - a),
                ));
            }
            ForkBar => o.solid(rect(x, y, w, h, 0.0)),
            BraceLeft | BraceRight | Braces => {
                if self != BraceRight {
                    o.line(brace(x + 10.0, y, h, 1.0));
                }
                if self != BraceLeft {
                    o.line(brace(r - 10.0, y, h, -1.0));
                }
            }
            Cloud => o.fill(cloud(x, y, w, h)),
            Bang => o.fill(bang(cx, cy, w / 2.0, h / 2.0)),
        }
        o
    }
}

impl Shape {
    /// The outline as a polygon, for shapes that do not fill their box (circles, diamonds,
    /// slanted sides …), so that edges can end on the outline rather than on the box; `None`
    /// when the box itself is the outline (near enough).
    pub fn polygon(self, x: f64, y: f64, w: f64, h: f64) -> Option<Vec<(f64, f64)>> {
        use Shape::*;
        let (r, b) = (x + w, y + h);
        let (cx, cy) = (x + w / 2.0, y + h / 2.0);
        let ring = |rx: f64, ry: f64| {
            (0..48)
                .map(|i| {
                    let t = std::f64::consts::TAU * f64::from(i) / 48.0;
                    (cx + rx * t.cos(), cy + ry * t.sin())
                })
                .collect()
        };
        Some(match self {
            Circle | DoubleCircle | SmallCircle | FilledCircle | FramedCircle | CrossedCircle
            | Ellipse => ring(w / 2.0, h / 2.0),
            Cloud | Bang => ring(w / 2.0 * 0.9, h / 2.0 * 0.85),
            Cylinder | LinedCylinder => {
                let (rx, ry) = (w / 2.0, cylinder_ry(w).min(h / 4.0));
                let mut pts = Vec::with_capacity(34);
                // The top rim's upper half left to right, then the bottom's lower half back.
                for (centre_y, start) in [(y + ry, 1.0), (b - ry, 0.0)] {
                    for i in 0..=16 {
                        let t = std::f64::consts::PI * (start + f64::from(i) / 16.0);
                        pts.push((cx + rx * t.cos(), centre_y + ry * t.sin()));
                    }
                }
                pts
            }
            Diamond => vec![(cx, y), (r, cy), (cx, b), (x, cy)],
            Hexagon => {
                let m = h / 4.0;
                vec![
                    (x + m, y),
                    (r - m, y),
                    (r, cy),
                    (r - m, b),
                    (x + m, b),
                    (x, cy),
                ]
            }
            LeanRight => vec![(x + h / 2.0, y), (r, y), (r - h / 2.0, b), (x, b)],
            LeanLeft => vec![(x, y), (r - h / 2.0, y), (r, b), (x + h / 2.0, b)],
            Trapezoid => vec![(x + h / 2.0, y), (r - h / 2.0, y), (r, b), (x, b)],
            InvTrapezoid => vec![(x, y), (r, y), (r - h / 2.0, b), (x + h / 2.0, b)],
            Odd => vec![(x, y), (r, y), (r, b), (x, b), (x + h / 4.0, cy)],
            Triangle => vec![(cx, y), (r, b), (x, b)],
            FlippedTriangle => vec![(x, y), (r, y), (cx, b)],
            Hourglass => vec![(x, y), (r, y), (cx, cy), (r, b), (x, b), (cx, cy)],
            Bolt => bolt(x, y, w, h),
            Stadium => {
                let k = h / 2.0;
                let mut pts = Vec::with_capacity(26);
                for i in 0..=12 {
                    let t = std::f64::consts::PI * (-0.5 + f64::from(i) / 12.0);
                    pts.push((r - k + k * t.cos(), cy + k * t.sin()));
                }
                for i in 0..=12 {
                    let t = std::f64::consts::PI * (0.5 + f64::from(i) / 12.0);
                    pts.push((x + k + k * t.cos(), cy + k * t.sin()));
                }
                pts
            }
            _ => return None,
        })
    }
}

/// Where a ray from `from` in direction `dir` (a unit vector) first meets `polygon`, as the
/// distance along the ray; `None` when it misses.
pub fn ray_hit(polygon: &[(f64, f64)], from: (f64, f64), dir: (f64, f64)) -> Option<f64> {
    let mut best: Option<f64> = None;
    for i in 0..polygon.len() {
        let (a, b) = (polygon[i], polygon[(i + 1) % polygon.len()]);
        let e = (b.0 - a.0, b.1 - a.1);
        let denom = dir.0 * e.1 - dir.1 * e.0;
        if denom.abs() < 1e-12 {
            continue;
        }
        let w = (a.0 - from.0, a.1 - from.1);
        let t = (w.0 * e.1 - w.1 * e.0) / denom;
        let u = (w.0 * dir.1 - w.1 * dir.0) / denom;
        if t >= 0.0 && (0.0..=1.0).contains(&u) && best.is_none_or(|bt| t < bt) {
            best = Some(t);
        }
    }
    best
}

/// Whether `p` lies strictly inside `polygon` (even-odd rule).
pub fn inside(polygon: &[(f64, f64)], p: (f64, f64)) -> bool {
    let mut c = false;
    for i in 0..polygon.len() {
        let (a, b) = (polygon[i], polygon[(i + 1) % polygon.len()]);
        if (a.1 > p.1) != (b.1 > p.1) {
            let x = a.0 + (p.1 - a.1) / (b.1 - a.1) * (b.0 - a.0);
            if p.0 < x {
                c = !c;
            }
        }
    }
    c
}

/// A shape's outline as SVG path data.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Outline {
    /// Closed paths filled and stroked with the node's colours.
    pub filled: Vec<String>,
    /// Inner lines, stroked with the node's stroke and not filled.
    pub lines: Vec<String>,
    /// Paths filled with the node's stroke colour (dots, bars).
    pub solid: Vec<String>,
}

impl Outline {
    fn fill(&mut self, d: String) {
        self.filled.push(d);
    }
    fn line(&mut self, d: String) {
        self.lines.push(d);
    }
    fn solid(&mut self, d: String) {
        self.solid.push(d);
    }
}

/// The vertical radius of a cylinder's rim for a cylinder `w` wide (Mermaid's formula).
fn cylinder_ry(w: f64) -> f64 {
    w / 2.0 / (2.5 + w / 50.0)
}

/// A rectangle with corner radius `rad` (clamped to half the shorter side).
pub fn rect(x: f64, y: f64, w: f64, h: f64, rad: f64) -> String {
    let k = rad.min(w / 2.0).min(h / 2.0).max(0.0);
    if k == 0.0 {
        return poly(&[(x, y), (x + w, y), (x + w, y + h), (x, y + h)], true);
    }
    let (r, b) = (x + w, y + h);
    let a = format!("A{},{} 0 0 1", fmt(k), fmt(k));
    format!(
        "M{} L{} {a} {} L{} {a} {} L{} {a} {} L{} {a} {} Z",
        fmt_pt(x + k, y),
        fmt_pt(r - k, y),
        fmt_pt(r, y + k),
        fmt_pt(r, b - k),
        fmt_pt(r - k, b),
        fmt_pt(x + k, b),
        fmt_pt(x, b - k),
        fmt_pt(x, y + k),
        fmt_pt(x + k, y),
    )
}

/// A polyline, closed when `close`.
pub fn poly(points: &[(f64, f64)], close: bool) -> String {
    let mut d = String::with_capacity(points.len() * 14);
    for (i, &(px, py)) in points.iter().enumerate() {
        d.push(if i == 0 { 'M' } else { 'L' });
        d.push_str(&fmt_pt(px, py));
        d.push(' ');
    }
    if close {
        d.push('Z');
    } else {
        d.pop();
    }
    d
}

/// An ellipse as two arcs.
pub fn ellipse(cx: f64, cy: f64, rx: f64, ry: f64) -> String {
    format!(
        "M{} A{},{} 0 1 0 {} A{},{} 0 1 0 {} Z",
        fmt_pt(cx - rx, cy),
        fmt(rx),
        fmt(ry),
        fmt_pt(cx + rx, cy),
        fmt(rx),
        fmt(ry),
        fmt_pt(cx - rx, cy),
    )
}

/// A document: a rectangle whose bottom is one wave.
fn document(x: f64, y: f64, w: f64, h: f64) -> String {
    let a = h / 12.0;
    let (r, b) = (x + w, y + h - a);
    format!(
        "M{} L{} L{} C{} {} {} Z",
        fmt_pt(x, y),
        fmt_pt(r, y),
        fmt_pt(r, b),
        fmt_pt(r - w / 3.0, b - 2.0 * a),
        fmt_pt(x + w / 3.0, b + 2.0 * a),
        fmt_pt(x, b),
    )
}

/// A curly brace `h` high at `x`, opening to the right when `dir` is 1, to the left when -1.
fn brace(x: f64, y: f64, h: f64, dir: f64) -> String {
    let k = 6.0 * dir;
    let cy = y + h / 2.0;
    format!(
        "M{} Q{} {} L{} Q{} {} Q{} {} L{} Q{} {}",
        fmt_pt(x + k, y),
        fmt_pt(x, y),
        fmt_pt(x, y + 6.0),
        fmt_pt(x, cy - 6.0),
        fmt_pt(x, cy),
        fmt_pt(x - k, cy),
        fmt_pt(x, cy),
        fmt_pt(x, cy + 6.0),
        fmt_pt(x, y + h - 6.0),
        fmt_pt(x, y + h),
        fmt_pt(x + k, y + h),
    )
}

/// A lightning bolt's corners.
fn bolt(x: f64, y: f64, w: f64, h: f64) -> Vec<(f64, f64)> {
    vec![
        (x + w * 0.6, y),
        (x, y + h * 0.55),
        (x + w / 2.0, y + h * 0.55),
        (x + w * 0.4, y + h),
        (x + w, y + h * 0.45),
        (x + w / 2.0, y + h * 0.45),
    ]
}

/// A cloud: bumps along an ellipse.
fn cloud(x: f64, y: f64, w: f64, h: f64) -> String {
    let (cx, cy, rx, ry) = (x + w / 2.0, y + h / 2.0, w / 2.0 * 0.82, h / 2.0 * 0.72);
    let n = 9;
    let pts: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let t = std::f64::consts::TAU * i as f64 / n as f64;
            (cx + rx * t.cos(), cy + ry * t.sin())
        })
        .collect();
    let bump = (w.min(h) / 4.0).max(6.0);
    let mut d = format!("M{}", fmt_pt(pts[0].0, pts[0].1));
    for i in 0..n {
        let p = pts[(i + 1) % n];
        d.push_str(&format!(
            " A{},{} 0 0 1 {}",
            fmt(bump),
            fmt(bump),
            fmt_pt(p.0, p.1)
        ));
    }
    d.push_str(" Z");
    d
}

/// A burst: a star of many short spikes.
fn bang(cx: f64, cy: f64, rx: f64, ry: f64) -> String {
    let n = 24;
    let pts: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let t = std::f64::consts::TAU * i as f64 / n as f64;
            let k = if i % 2 == 0 { 1.0 } else { 0.8 };
            (cx + rx * k * t.cos(), cy + ry * k * t.sin())
        })
        .collect();
    poly(&pts, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flowdb::shapes::SHAPE_NAMES;

    #[test]
    fn only_unknown_names_fall_back_to_rectangles() {
        for name in SHAPE_NAMES.iter().chain(ALL_NAMES) {
            let s = Shape::from_name(name);
            let is_rect_name = matches!(
                *name,
                "rect"
                    | "square"
                    | "proc"
                    | "process"
                    | "rectangle"
                    | "squareRect"
                    | "state"
                    | "iconSquare"
                    | "imageSquare"
                    | "defaultMindmapNode"
            );
            assert_eq!(s == Shape::Rect, is_rect_name, "{name} → {s:?}");
        }
    }

    #[test]
    fn rays_stop_at_the_outline() {
        let diamond = Shape::Diamond.polygon(0.0, 0.0, 100.0, 100.0).unwrap();
        let t = ray_hit(
            &diamond,
            (0.0, 0.0),
            (
                std::f64::consts::FRAC_1_SQRT_2,
                std::f64::consts::FRAC_1_SQRT_2,
            ),
        );
        assert!((t.unwrap() - 50.0 * std::f64::consts::SQRT_2 / 2.0).abs() < 1e-9);
        assert_eq!(ray_hit(&diamond, (0.0, 50.0), (1.0, 0.0)), Some(0.0));
        assert_eq!(ray_hit(&diamond, (0.0, 0.0), (-1.0, 0.0)), None);
        assert!(Shape::Rect.polygon(0.0, 0.0, 1.0, 1.0).is_none());
        let cyl = Shape::Cylinder.polygon(0.0, 0.0, 100.0, 100.0).unwrap();
        let ry = cylinder_ry(100.0);
        assert!(
            cyl.iter()
                .all(|&(px, py)| (-1e-9..=100.0 + 1e-9).contains(&px)
                    && (-1e-9..=100.0 + 1e-9).contains(&py))
        );
        let top = ray_hit(&cyl, (50.0, -10.0), (0.0, 1.0)).unwrap();
        assert!((top - 10.0).abs() < 1e-9, "{top}");
        let side = ray_hit(&cyl, (10.0, -10.0), (0.0, 1.0)).unwrap();
        assert!(side > 10.0 && side < 10.0 + ry, "{side}");
    }

    #[test]
    fn every_shape_fits_its_label_and_has_an_outline() {
        for name in SHAPE_NAMES.iter().chain(ALL_NAMES) {
            let s = Shape::from_name(name);
            let (w, h) = s.box_size(80.0, 24.0, true);
            if s.shows_label() {
                assert!(w >= 80.0 && h >= 24.0, "{name}: {w}×{h}");
            }
            let o = s.paths(10.0, 10.0, w, h);
            let all: Vec<&String> = o.filled.iter().chain(&o.lines).chain(&o.solid).collect();
            assert_eq!(all.is_empty(), s == Shape::Text, "{name}");
            for d in all {
                assert!(d.starts_with('M') && !d.contains("NaN"), "{name}: {d}");
            }
        }
    }
}
