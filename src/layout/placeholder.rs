//! TEMPORARY: a naive layout (longest-path ranks, nodes side by side in input order, clusters
//! as bounding boxes that may overlap) so that the renderer can be built while the layered
//! layout is written. To be replaced by the real phases.

use super::{End, Layout, LayoutInput, Rect};

pub(super) fn layout(input: &LayoutInput) -> Layout {
    let n = input.nodes.len();
    let mut rank = vec![0usize; n];
    for _ in 0..n.min(50) {
        let mut changed = false;
        for e in &input.edges {
            if let (End::Node(a), End::Node(b)) = (e.from, e.to)
                && a != b
                && rank[b] < rank[a] + 1
                && rank[a] < n
            {
                rank[b] = rank[a] + 1;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let s = input.spacing;
    let mut x_in_rank: Vec<f64> = Vec::new();
    let mut nodes = Vec::with_capacity(n);
    for (i, spec) in input.nodes.iter().enumerate() {
        let r = rank[i];
        if x_in_rank.len() <= r {
            x_in_rank.resize(r + 1, s.node);
        }
        let x = x_in_rank[r];
        x_in_rank[r] += spec.width + s.node;
        nodes.push(Rect {
            x,
            y: s.rank + r as f64 * (60.0 + s.rank),
            width: spec.width,
            height: spec.height,
        });
    }
    let mut clusters = vec![
        Rect {
            x: 0.0,
            y: 0.0,
            width: 0.0,
            height: 0.0
        };
        input.clusters.len()
    ];
    for (c, rect) in clusters.iter_mut().enumerate() {
        let members: Vec<&Rect> = nodes
            .iter()
            .enumerate()
            .filter(|(i, _)| {
                let mut k = input.nodes[*i].cluster;
                while let Some(cur) = k {
                    if cur == c {
                        return true;
                    }
                    k = input.clusters[cur].parent;
                }
                false
            })
            .map(|(_, r)| r)
            .collect();
        if let Some(first) = members.first() {
            let (mut x0, mut y0, mut x1, mut y1) = (
                first.x,
                first.y,
                first.x + first.width,
                first.y + first.height,
            );
            for m in &members {
                x0 = x0.min(m.x);
                y0 = y0.min(m.y);
                x1 = x1.max(m.x + m.width);
                y1 = y1.max(m.y + m.height);
            }
            let p = s.cluster_padding;
            *rect = Rect {
                x: x0 - p,
                y: y0 - p - input.clusters[c].title_height,
                width: x1 - x0 + 2.0 * p,
                height: y1 - y0 + 2.0 * p + input.clusters[c].title_height,
            };
        }
    }
    let centre = |end: End| -> (f64, f64) {
        let r = match end {
            End::Node(i) => nodes[i],
            End::Cluster(c) => clusters[c],
        };
        (r.x + r.width / 2.0, r.y + r.height / 2.0)
    };
    let edges = input
        .edges
        .iter()
        .map(|e| super::EdgeRoute {
            points: vec![centre(e.from), centre(e.to)],
            label: e.label.map(|(w, h)| {
                let (a, b) = (centre(e.from), centre(e.to));
                Rect {
                    x: (a.0 + b.0 - w) / 2.0,
                    y: (a.1 + b.1 - h) / 2.0,
                    width: w,
                    height: h,
                }
            }),
        })
        .collect();
    let width = nodes
        .iter()
        .chain(&clusters)
        .map(|r| r.x + r.width)
        .fold(0.0, f64::max)
        + s.node;
    let height = nodes
        .iter()
        .chain(&clusters)
        .map(|r| r.y + r.height)
        .fold(0.0, f64::max)
        + s.rank;
    Layout {
        width,
        height,
        nodes,
        clusters,
        edges,
    }
}
