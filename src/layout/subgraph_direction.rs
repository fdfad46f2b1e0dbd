//! `direction` inside a subgraph, as Mermaid applies it: only to a cluster that no edge
//! crosses into or out of. Such a cluster is laid out on its own in its direction, then stands
//! in the rest of the drawing as one box of its size (title and padding included); edges to
//! the cluster itself end on that box.

use super::hierarchy::Hierarchy;
use super::pipeline::{self, MARGIN};
use super::prepare::size;
use super::{ClusterSpec, EdgeRoute, EdgeSpec, End, Layout, LayoutInput, NodeSpec, Rect};

/// Lays out `input`, each cluster with its own direction laid out separately.
pub(super) fn layout(input: &LayoutInput) -> Layout {
    let h = Hierarchy::new(input);
    // The cluster holding each node or cluster end, for the border test.
    let home = |e: End| match e {
        End::Node(n) => h.node_cluster.get(n).copied().flatten(),
        End::Cluster(c) => h.parent.get(c).copied().flatten(),
    };
    // A cluster is crossed by an edge when it lies on the way up from one end's cluster to
    // the innermost cluster holding both ends (an edge to the cluster itself from outside
    // starts at its parent, so it does not count).
    let mut crossed = vec![false; input.clusters.len()];
    for e in &input.edges {
        let (a, b) = (home(e.from), home(e.to));
        let common = h.common(a, b);
        for mut cur in [a, b] {
            while let Some(c) = cur {
                if Some(c) == common {
                    break;
                }
                crossed[c] = true;
                cur = h.parent[c];
            }
        }
    }
    let chosen = h.top_down().into_iter().find(|&c| {
        !crossed[c]
            && input.clusters[c]
                .direction
                .is_some_and(|d| d != input.direction)
    });
    match chosen {
        Some(c) => split(input, &h, c),
        None => pipeline::run(input),
    }
}

/// Lays out cluster `c` on its own, then the rest with `c` as one box.
fn split(input: &LayoutInput, h: &Hierarchy, c: usize) -> Layout {
    let k = input.clusters.len();
    let in_sub_cluster: Vec<bool> = (0..k).map(|x| x != c && h.within(Some(x), c)).collect();
    let node_inside: Vec<bool> = h.node_cluster.iter().map(|&nc| h.within(nc, c)).collect();
    // The inner drawing.
    let mut inner = LayoutInput::new(input.clusters[c].direction.unwrap_or(input.direction));
    inner.spacing = input.spacing;
    let mut inner_cluster = vec![None; k];
    for x in 0..k {
        if in_sub_cluster[x] {
            inner_cluster[x] = Some(inner.clusters.len());
            inner.clusters.push(input.clusters[x].clone());
        }
    }
    for spec in &mut inner.clusters {
        spec.parent = spec.parent.and_then(|p| inner_cluster[p]);
    }
    let mut inner_node = vec![None; input.nodes.len()];
    for (i, n) in input.nodes.iter().enumerate() {
        if node_inside[i] {
            inner_node[i] = Some(inner.nodes.len());
            inner.nodes.push(NodeSpec {
                cluster: h.node_cluster[i].and_then(|x| inner_cluster[x]),
                ..n.clone()
            });
        }
    }
    let map_inner = |e: End| match e {
        End::Node(n) => inner_node.get(n).copied().flatten().map(End::Node),
        End::Cluster(x) => inner_cluster.get(x).copied().flatten().map(End::Cluster),
    };
    let mut inner_edge = vec![None; input.edges.len()];
    for (i, e) in input.edges.iter().enumerate() {
        if let (Some(from), Some(to)) = (map_inner(e.from), map_inner(e.to)) {
            inner_edge[i] = Some(inner.edges.len());
            inner.edges.push(EdgeSpec {
                from,
                to,
                ..e.clone()
            });
        }
    }
    let sub = layout(&inner);
    // The outer drawing, with the cluster as one box.
    let pad = size(input.spacing.cluster_padding);
    let spec = &input.clusters[c];
    let content_w = (sub.width - 2.0 * MARGIN).max(0.0);
    let content_h = (sub.height - 2.0 * MARGIN).max(0.0);
    let box_w = (content_w + 2.0 * pad).max(size(spec.title_width) + 2.0 * pad);
    let box_h = content_h + 2.0 * pad + size(spec.title_height);
    let mut outer = LayoutInput::new(input.direction);
    outer.spacing = input.spacing;
    let mut outer_cluster = vec![None; k];
    for x in 0..k {
        if x != c && !in_sub_cluster[x] {
            outer_cluster[x] = Some(outer.clusters.len());
            outer.clusters.push(ClusterSpec {
                parent: h.parent[x],
                ..input.clusters[x].clone()
            });
        }
    }
    for spec in &mut outer.clusters {
        spec.parent = spec.parent.and_then(|p| outer_cluster[p]);
    }
    let mut outer_node = vec![None; input.nodes.len()];
    for (i, n) in input.nodes.iter().enumerate() {
        if !node_inside[i] {
            outer_node[i] = Some(outer.nodes.len());
            outer.nodes.push(NodeSpec {
                cluster: h.node_cluster[i].and_then(|x| outer_cluster[x]),
                ..n.clone()
            });
        }
    }
    let stand_in = outer.nodes.len();
    outer.nodes.push(NodeSpec {
        width: box_w,
        height: box_h,
        cluster: h.parent[c].and_then(|p| outer_cluster[p]),
    });
    let map_outer = |e: End| match e {
        End::Cluster(x) if x == c => Some(End::Node(stand_in)),
        End::Node(n) => outer_node.get(n).copied().flatten().map(End::Node),
        End::Cluster(x) => outer_cluster.get(x).copied().flatten().map(End::Cluster),
    };
    let mut outer_edge = vec![None; input.edges.len()];
    for (i, e) in input.edges.iter().enumerate() {
        if inner_edge[i].is_some() {
            continue;
        }
        if let (Some(from), Some(to)) = (map_outer(e.from), map_outer(e.to)) {
            outer_edge[i] = Some(outer.edges.len());
            outer.edges.push(EdgeSpec {
                from,
                to,
                ..e.clone()
            });
        }
    }
    let big = layout(&outer);
    // Put the inner drawing into the box, centred across, below the title.
    let frame = big.nodes[stand_in];
    let dx = frame.x + (frame.width - content_w) / 2.0 - MARGIN;
    let dy = frame.y + pad + size(spec.title_height) - MARGIN;
    let shift = |r: Rect| Rect {
        x: r.x + dx,
        y: r.y + dy,
        ..r
    };
    let zero = Rect {
        x: 0.0,
        y: 0.0,
        width: 0.0,
        height: 0.0,
    };
    let nodes = (0..input.nodes.len())
        .map(|i| match (outer_node[i], inner_node[i]) {
            (Some(o), _) => big.nodes[o],
            (_, Some(n)) => shift(sub.nodes[n]),
            _ => zero,
        })
        .collect();
    let clusters = (0..k)
        .map(|x| {
            if x == c {
                frame
            } else if let Some(o) = outer_cluster[x] {
                big.clusters[o]
            } else if let Some(n) = inner_cluster[x] {
                shift(sub.clusters[n])
            } else {
                zero
            }
        })
        .collect();
    let edges = (0..input.edges.len())
        .map(|i| {
            if let Some(o) = outer_edge[i] {
                big.edges[o].clone()
            } else if let Some(n) = inner_edge[i] {
                let e = &sub.edges[n];
                EdgeRoute {
                    points: e.points.iter().map(|&(x, y)| (x + dx, y + dy)).collect(),
                    label: e.label.map(shift),
                }
            } else {
                EdgeRoute {
                    points: Vec::new(),
                    label: None,
                }
            }
        })
        .collect();
    Layout {
        width: big.width,
        height: big.height,
        nodes,
        clusters,
        edges,
    }
}
