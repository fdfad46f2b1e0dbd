//! `render --depth N`: an overview of a large diagram. Clusters nested deeper than `N` levels
//! are drawn collapsed: the outermost of them becomes one box, titled as the cluster was,
//! standing for everything inside it; edges to anything inside it go to the box, edges
//! between two things inside one box are dropped, and edges that collapse onto the same two
//! ends are merged into one (their labels dropped, as no one label speaks for all of them).

use std::collections::HashMap;

use super::scene::{CLUSTER_TITLE_PAD, Scene, SceneCluster, SceneEdge, SceneNode};
use super::shapes::Shape;
use crate::layout::{Direction, End, LayoutInput, NodeSpec};

/// An edge end as a hashable key: (0, node) or (1, cluster).
type EndKey = (u8, usize);

/// Where an old node or cluster went.
#[derive(Clone, Copy)]
enum Target {
    /// Still itself, at this new index.
    Kept(usize),
    /// Inside the collapsed box with this new node index.
    Box(usize),
}

/// The scene with every cluster deeper than `depth` levels (top-level clusters are level 1)
/// collapsed into a box; the scene itself when none is.
pub fn collapse(scene: Scene, depth: usize) -> Scene {
    let parents: Vec<Option<usize>> = scene.input.clusters.iter().map(|c| c.parent).collect();
    let k = parents.len();
    // Level of every cluster (guarding against a parent cycle, which the model never makes).
    let mut level = vec![0usize; k];
    for (c, slot) in level.iter_mut().enumerate() {
        let (mut l, mut cur) = (1, parents[c]);
        while let Some(p) = cur {
            l += 1;
            if l > k + 1 {
                break;
            }
            cur = parents[p];
        }
        *slot = l;
    }
    // The collapsed cluster each cluster lies in (itself included).
    let head = |c: usize| -> Option<usize> {
        let mut cur = Some(c);
        let mut found = None;
        let mut steps = 0;
        while let Some(x) = cur {
            if level[x] == depth + 1 {
                found = Some(x);
            }
            steps += 1;
            if steps > k {
                break;
            }
            cur = parents[x];
        }
        found
    };
    if !level.iter().any(|&l| l > depth) {
        return scene;
    }
    let vertical = matches!(
        scene.input.direction,
        Direction::TopBottom | Direction::BottomTop
    );
    let Scene {
        nodes,
        clusters,
        edges,
        title,
        description,
        heading,
        input,
        theme,
        allow_remote_images,
        look,
        cluster_order,
    } = scene;

    let mut out = LayoutInput {
        direction: input.direction,
        nodes: Vec::new(),
        clusters: Vec::new(),
        edges: Vec::new(),
        spacing: input.spacing,
    };
    // Clusters kept: those at depth N or above, re-indexed in order.
    let mut cluster_to: Vec<Option<Target>> = vec![None; k];
    let mut kept_clusters = Vec::new();
    for c in 0..k {
        if level[c] <= depth {
            cluster_to[c] = Some(Target::Kept(kept_clusters.len()));
            kept_clusters.push(c);
        }
    }
    let kept_index = |c: Option<usize>| -> Option<usize> {
        match c.and_then(|c| cluster_to[c]) {
            Some(Target::Kept(i)) => Some(i),
            _ => None,
        }
    };
    for &c in &kept_clusters {
        let mut spec = input.clusters[c].clone();
        spec.parent = kept_index(spec.parent);
        out.clusters.push(spec);
    }
    let new_clusters: Vec<SceneCluster> =
        kept_clusters.iter().map(|&c| clusters[c].clone()).collect();

    // Nodes kept, then one box per collapsed cluster.
    let mut node_to: Vec<Target> = Vec::with_capacity(nodes.len());
    let mut new_nodes = Vec::new();
    let collapsed_of = |n: usize| input.nodes[n].cluster.and_then(head);
    for (n, node) in nodes.into_iter().enumerate() {
        if collapsed_of(n).is_some() {
            node_to.push(Target::Box(usize::MAX));
            continue;
        }
        node_to.push(Target::Kept(new_nodes.len()));
        let mut spec = input.nodes[n].clone();
        spec.cluster = kept_index(spec.cluster);
        out.nodes.push(spec);
        new_nodes.push(node);
    }
    let pending: Vec<usize> = (0..k).filter(|&c| level[c] == depth + 1).collect();
    let mut box_of = vec![usize::MAX; k];
    for c in pending {
        let spec = &input.clusters[c];
        let text_h = (spec.title_height - 2.0 * CLUSTER_TITLE_PAD).max(theme.font_size * 1.5);
        let (w, h) = Shape::Rect.box_size(spec.title_width, text_h, vertical);
        box_of[c] = new_nodes.len();
        out.nodes.push(NodeSpec {
            width: w,
            height: h,
            cluster: kept_index(spec.parent),
        });
        new_nodes.push(SceneNode {
            id: clusters[c].id.clone(),
            shape: Shape::Rect,
            label: clusters[c].title.clone(),
            style: clusters[c].style.clone(),
            link: None,
            tooltip: None,
            asset: None,
        });
    }
    for (n, t) in node_to.iter_mut().enumerate() {
        if let Target::Box(_) = t {
            let c = collapsed_of(n).map(|c| box_of[c]).unwrap_or(usize::MAX);
            *t = Target::Box(c);
        }
    }

    // Edges, remapped; merged where collapsing gave several the same ends.
    let end_of = |e: End| -> (End, bool) {
        match e {
            End::Node(n) => match node_to[n] {
                Target::Kept(i) => (End::Node(i), false),
                Target::Box(b) => (End::Node(b), true),
            },
            End::Cluster(c) => match head(c) {
                Some(h) => (End::Node(box_of[h]), true),
                None => (End::Cluster(kept_index(Some(c)).unwrap_or(0)), false),
            },
        }
    };
    let id_of = |e: End, nodes: &[SceneNode], clusters: &[SceneCluster]| match e {
        End::Node(i) => nodes[i].id.clone(),
        End::Cluster(i) => clusters[i].id.clone(),
    };
    let mut new_edges: Vec<SceneEdge> = Vec::new();
    let mut merged: HashMap<(EndKey, EndKey), usize> = HashMap::new();
    let key = |e: End| match e {
        End::Node(i) => (0u8, i),
        End::Cluster(i) => (1u8, i),
    };
    for (edge, spec) in edges.into_iter().zip(&input.edges) {
        let ((from, fc), (to, tc)) = (end_of(spec.from), end_of(spec.to));
        if (fc || tc) && from == to {
            continue;
        }
        if fc || tc {
            if let Some(&i) = merged.get(&(key(from), key(to))) {
                new_edges[i].label = None;
                out.edges[i].label = None;
                continue;
            }
            merged.insert((key(from), key(to)), new_edges.len());
        }
        let mut spec = spec.clone();
        spec.from = from;
        spec.to = to;
        let mut edge = edge;
        edge.from = id_of(from, &new_nodes, &new_clusters).into();
        edge.to = id_of(to, &new_nodes, &new_clusters).into();
        out.edges.push(spec);
        new_edges.push(edge);
    }
    Scene {
        nodes: new_nodes,
        clusters: new_clusters,
        edges: new_edges,
        title,
        description,
        heading,
        input: out,
        theme,
        allow_remote_images,
        look,
        // Kept clusters keep their place (and so their palette colour).
        cluster_order: kept_clusters
            .iter()
            .map(|&c| cluster_order.get(c).copied().unwrap_or(c))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flowdb::FlowDb;
    use crate::render::scene;

    fn scene_of(text: &str) -> Scene {
        let chart = crate::syntax::parse(text).unwrap();
        scene::build(&FlowDb::build(&chart).unwrap())
    }

    const NET: &str = "flowchart TB
    Internet --> LB
    subgraph Cloud
      subgraph VNet[\"VNet 10.0.0.0/16\"]
        subgraph S1[\"snet-a 10.0.1.0/24\"]
          A1 --> A2
        end
        subgraph S2[\"snet-b 10.0.2.0/24\"]
          B1
        end
        LB
      end
    end
    LB -->|http| A1
    LB -->|http| A2
    A2 --> B1
    A1 --> S2
";

    #[test]
    fn clusters_below_the_depth_become_boxes_with_their_edges_merged() {
        let s = collapse(scene_of(NET), 2);
        let ids: Vec<&str> = s.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["Internet", "LB", "S1", "S2"]);
        let cl: Vec<&str> = s.clusters.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(cl, ["VNet", "Cloud"]);
        let edges: Vec<(&str, &str)> = s
            .edges
            .iter()
            .map(|e| (e.from.as_str(), e.to.as_str()))
            .collect();
        // A1 --> A2 is inside S1 (dropped); LB --> A1 and LB --> A2 merge, losing the label;
        // A2 --> B1 and A1 --> S2 merge into S1 --> S2.
        assert_eq!(edges, [("Internet", "LB"), ("LB", "S1"), ("S1", "S2")]);
        assert!(s.edges[1].label.is_none() && s.input.edges[1].label.is_none());
        assert_eq!(s.nodes.len(), s.input.nodes.len());
        assert_eq!(s.edges.len(), s.input.edges.len());
        // The boxes sit in VNet, which sits in Cloud.
        let vnet = s.clusters.iter().position(|c| c.id == "VNet").unwrap();
        assert_eq!(s.input.nodes[2].cluster, Some(vnet));
        let layout = crate::layout::layout(&s.input);
        assert_eq!(layout.nodes.len(), 4);
    }

    #[test]
    fn depth_zero_collapses_the_top_clusters_and_a_deep_enough_depth_changes_nothing() {
        let s = collapse(scene_of(NET), 0);
        let ids: Vec<&str> = s.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["Internet", "Cloud"]);
        assert!(s.clusters.is_empty());
        assert_eq!(s.edges.len(), 1);
        let whole = collapse(scene_of(NET), 3);
        assert_eq!(whole.nodes.len(), scene_of(NET).nodes.len());
        assert_eq!(whole.edges.len(), 6);
    }
}
