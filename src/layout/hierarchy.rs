//! The cluster tree, checked: parent links that leave the range or form a loop are cut, so
//! every later phase can walk up the tree without guarding against bad input.

use super::LayoutInput;

/// Parents, children and depths of the clusters, and each node's innermost cluster.
#[derive(Debug, Clone)]
pub(super) struct Hierarchy {
    pub parent: Vec<Option<usize>>,
    pub depth: Vec<usize>,
    pub children: Vec<Vec<usize>>,
    /// Clusters with no parent, in input order.
    pub roots: Vec<usize>,
    pub node_cluster: Vec<Option<usize>>,
}

impl Hierarchy {
    pub fn new(input: &LayoutInput) -> Hierarchy {
        let k = input.clusters.len();
        let mut parent: Vec<Option<usize>> = input
            .clusters
            .iter()
            .enumerate()
            .map(|(i, c)| c.parent.filter(|&p| p < k && p != i))
            .collect();
        // Cut loops: walk up from each cluster with a step budget of k.
        let mut state = vec![0u8; k];
        for start in 0..k {
            let mut path = Vec::new();
            let mut cur = Some(start);
            while let Some(c) = cur {
                match state[c] {
                    2 => break,
                    1 => {
                        parent[c] = None;
                        break;
                    }
                    _ => {
                        state[c] = 1;
                        path.push(c);
                        cur = parent[c];
                    }
                }
            }
            for c in path {
                state[c] = 2;
            }
        }
        let mut depth = vec![usize::MAX; k];
        let mut children = vec![Vec::new(); k];
        let mut roots = Vec::new();
        for (c, &up) in parent.iter().enumerate() {
            match up {
                Some(p) => children[p].push(c),
                None => roots.push(c),
            }
        }
        let mut stack: Vec<(usize, usize)> = roots.iter().map(|&r| (r, 0)).collect();
        while let Some((c, d)) = stack.pop() {
            depth[c] = d;
            stack.extend(children[c].iter().map(|&ch| (ch, d + 1)));
        }
        let node_cluster = input
            .nodes
            .iter()
            .map(|n| n.cluster.filter(|&c| c < k))
            .collect();
        Hierarchy {
            parent,
            depth,
            children,
            roots,
            node_cluster,
        }
    }

    /// The innermost cluster holding both `a` and `b` (each a cluster or the top level).
    pub fn common(&self, mut a: Option<usize>, mut b: Option<usize>) -> Option<usize> {
        let d = |c: Option<usize>| c.map_or(0, |c| self.depth[c] + 1);
        while d(a) > d(b) {
            a = a.and_then(|c| self.parent[c]);
        }
        while d(b) > d(a) {
            b = b.and_then(|c| self.parent[c]);
        }
        while a != b {
            a = a.and_then(|c| self.parent[c]);
            b = b.and_then(|c| self.parent[c]);
        }
        a
    }

    /// Whether cluster `inner` is `outer` or lies inside it.
    pub fn within(&self, inner: Option<usize>, outer: usize) -> bool {
        let mut cur = inner;
        while let Some(c) = cur {
            if c == outer {
                return true;
            }
            cur = self.parent[c];
        }
        false
    }

    /// Clusters in an order where every parent comes before its children.
    pub fn top_down(&self) -> Vec<usize> {
        let mut out = Vec::with_capacity(self.parent.len());
        let mut stack: Vec<usize> = self.roots.iter().rev().copied().collect();
        while let Some(c) = stack.pop() {
            out.push(c);
            stack.extend(self.children[c].iter().rev().copied());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{ClusterSpec, Direction, LayoutInput};

    fn cluster(parent: Option<usize>) -> ClusterSpec {
        ClusterSpec {
            parent,
            title_width: 0.0,
            title_height: 0.0,
            direction: None,
        }
    }

    #[test]
    fn loops_and_bad_indices_are_cut() {
        let mut input = LayoutInput::new(Direction::TopBottom);
        input.clusters = vec![cluster(Some(1)), cluster(Some(0)), cluster(Some(9))];
        let h = Hierarchy::new(&input);
        assert_eq!(h.top_down().len(), 3);
        assert!(h.parent.iter().filter(|p| p.is_none()).count() >= 2);
        assert!(h.depth.iter().all(|&d| d < 3));
    }

    #[test]
    fn common_ancestor() {
        let mut input = LayoutInput::new(Direction::TopBottom);
        input.clusters = vec![
            cluster(None),
            cluster(Some(0)),
            cluster(Some(0)),
            cluster(None),
        ];
        let h = Hierarchy::new(&input);
        assert_eq!(h.common(Some(1), Some(2)), Some(0));
        assert_eq!(h.common(Some(1), Some(3)), None);
        assert_eq!(h.common(Some(1), Some(0)), Some(0));
        assert!(h.within(Some(1), 0));
        assert!(!h.within(Some(3), 0));
    }
}
