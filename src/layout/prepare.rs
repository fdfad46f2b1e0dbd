//! The input turned into what the phases work on: everything laid out top to bottom (sizes
//! swapped for LR/RL, title room moved to the side that becomes the top), empty clusters as
//! boxes of title size, and edge ends resolved to boxes or clusters.

use super::hierarchy::Hierarchy;
use super::{Direction, End, LayoutInput};

/// An end of an edge after preparation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Anchor {
    /// A box (a node, or the box standing for an empty cluster).
    Box(usize),
    /// A cluster with members.
    Cluster(usize),
}

/// An edge after preparation.
#[derive(Debug, Clone)]
pub(super) struct Link {
    pub from: Anchor,
    pub to: Anchor,
    /// Label size in internal orientation.
    pub label: Option<(f64, f64)>,
    pub min_len: usize,
}

/// Room a cluster keeps around its members, in internal (top-to-bottom) orientation.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Reserve {
    pub top: f64,
    pub bottom: f64,
    pub left: f64,
    pub right: f64,
    /// Smallest width across ranks (the title must fit).
    pub min_cross: f64,
    /// Smallest extent along the ranks.
    pub min_along: f64,
}

/// The prepared graph.
#[derive(Debug, Clone)]
pub(super) struct Prepared {
    pub hierarchy: Hierarchy,
    /// Box sizes (internal orientation); input nodes first, then one per empty cluster.
    pub width: Vec<f64>,
    pub height: Vec<f64>,
    /// The innermost cluster of each box.
    pub cluster: Vec<Option<usize>>,
    /// For each cluster, the box standing for it when it is empty.
    pub cluster_box: Vec<Option<usize>>,
    pub reserve: Vec<Reserve>,
    /// The input edges, index for index; `None` when an end does not exist.
    pub links: Vec<Option<Link>>,
}

fn swap(d: Direction, (w, h): (f64, f64)) -> (f64, f64) {
    match d {
        Direction::LeftRight | Direction::RightLeft => (h, w),
        _ => (w, h),
    }
}

/// A length from the input made usable: not a number or negative counts as 0, and huge
/// values are capped.
pub(super) fn size(v: f64) -> f64 {
    if v.is_finite() && v > 0.0 {
        v.min(1e7)
    } else {
        0.0
    }
}

pub(super) fn prepare(input: &LayoutInput) -> Prepared {
    let d = input.direction;
    let hierarchy = Hierarchy::new(input);
    let pad = size(input.spacing.cluster_padding);
    let reserve: Vec<Reserve> = input
        .clusters
        .iter()
        .map(|c| {
            let title = size(c.title_height);
            let title_w = size(c.title_width) + 2.0 * pad;
            let mut r = Reserve {
                top: pad,
                bottom: pad,
                left: pad,
                right: pad,
                ..Reserve::default()
            };
            match d {
                Direction::TopBottom => (r.top += title, r.min_cross = title_w),
                Direction::BottomTop => (r.bottom += title, r.min_cross = title_w),
                Direction::LeftRight | Direction::RightLeft => {
                    (r.left += title, r.min_along = title_w)
                }
            };
            r
        })
        .collect();
    let mut width = Vec::with_capacity(input.nodes.len());
    let mut height = Vec::with_capacity(input.nodes.len());
    let mut cluster = hierarchy.node_cluster.clone();
    for n in &input.nodes {
        let (w, h) = swap(d, (size(n.width), size(n.height)));
        width.push(w);
        height.push(h);
    }
    let k = input.clusters.len();
    let mut has_member = vec![false; k];
    for &c in hierarchy.node_cluster.iter().flatten() {
        let mut cur = Some(c);
        while let Some(x) = cur {
            if has_member[x] {
                break;
            }
            has_member[x] = true;
            cur = hierarchy.parent[x];
        }
    }
    // A cluster with only empty clusters inside gets members once those become boxes.
    let mut cluster_box = vec![None; k];
    for c in hierarchy.top_down().into_iter().rev() {
        if has_member[c] {
            continue;
        }
        if hierarchy.children[c].iter().any(|&ch| has_member[ch]) {
            has_member[c] = true;
            continue;
        }
        let r = reserve[c];
        cluster_box[c] = Some(width.len());
        width.push((r.left + r.right).max(r.min_cross));
        height.push((r.top + r.bottom).max(r.min_along));
        cluster.push(hierarchy.parent[c]);
        has_member[c] = true;
        let mut cur = hierarchy.parent[c];
        while let Some(x) = cur {
            has_member[x] = true;
            cur = hierarchy.parent[x];
        }
    }
    let anchor = |e: End| -> Option<Anchor> {
        match e {
            End::Node(i) if i < input.nodes.len() => Some(Anchor::Box(i)),
            End::Cluster(c) if c < k => Some(match cluster_box[c] {
                Some(b) => Anchor::Box(b),
                None => Anchor::Cluster(c),
            }),
            _ => None,
        }
    };
    let links = input
        .edges
        .iter()
        .map(|e| {
            Some(Link {
                from: anchor(e.from)?,
                to: anchor(e.to)?,
                label: e.label.map(|(w, h)| swap(d, (size(w), size(h)))),
                min_len: e.min_len.clamp(1, 64),
            })
        })
        .collect();
    Prepared {
        hierarchy,
        width,
        height,
        cluster,
        cluster_box,
        reserve,
        links,
    }
}

impl Prepared {
    /// Whether one end of the link lies inside the other (a cluster), or both are one box.
    pub fn nested(&self, l: &Link) -> bool {
        let h = &self.hierarchy;
        match (l.from, l.to) {
            (Anchor::Cluster(a), Anchor::Cluster(b)) => {
                h.within(Some(a), b) || h.within(Some(b), a)
            }
            (Anchor::Cluster(c), Anchor::Box(b)) | (Anchor::Box(b), Anchor::Cluster(c)) => {
                h.within(self.cluster[b], c)
            }
            (Anchor::Box(a), Anchor::Box(b)) => a == b,
        }
    }

    /// The cluster an anchor lies in (a cluster anchor counts as inside its parent).
    pub fn home(&self, a: Anchor) -> Option<usize> {
        match a {
            Anchor::Box(b) => self.cluster[b],
            Anchor::Cluster(c) => self.hierarchy.parent[c],
        }
    }
}
/// Horizontal room a self-loop takes beyond its box, before its label.
pub(super) const LOOP_REACH: f64 = 15.0;
/// Extra reach of each further self-loop on the same box.
pub(super) const LOOP_STEP: f64 = 10.0;

/// Room each box needs for its self-loops: how far right they and their labels reach, and
/// how tall the stack of their labels is.
pub(super) struct LoopRoom {
    pub right: Vec<f64>,
    pub labels_height: Vec<f64>,
}

/// Room to reserve around each box for its self-loops and their labels.
pub(super) fn loop_room(p: &Prepared, vertices: usize) -> LoopRoom {
    let mut count = vec![0usize; vertices];
    let mut label_w = vec![0.0f64; vertices];
    let mut labels_height = vec![0.0f64; vertices];
    for l in p.links.iter().flatten() {
        if let (Anchor::Box(a), Anchor::Box(b)) = (l.from, l.to)
            && a == b
        {
            count[a] += 1;
            if let Some((w, h)) = l.label {
                label_w[a] = label_w[a].max(w + 4.0);
                labels_height[a] += h;
            }
        }
    }
    let right = (0..vertices)
        .map(|v| {
            if count[v] == 0 {
                0.0
            } else {
                LOOP_REACH + LOOP_STEP * (count[v] - 1) as f64 + label_w[v]
            }
        })
        .collect();
    LoopRoom {
        right,
        labels_height,
    }
}
