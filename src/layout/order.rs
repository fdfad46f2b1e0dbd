//! Crossing minimisation: layer-by-layer sweeps, down and up, ordering each rank by the
//! barycenter of the neighbours in the rank just fixed. A rank is ordered as a tree: the
//! vertices and clusters at each level of the cluster tree are sorted among themselves and
//! each cluster is emitted as one block, so the members of every cluster stay contiguous at
//! every depth. A cluster gets one key per sweep (the mean of its members' barycenters), the
//! same on every rank it spans, so sibling clusters keep one left-to-right order on all ranks.

use super::hierarchy::Hierarchy;
use super::layered::Layered;

/// One position in a rank: a vertex, or the left or right side of a cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Token {
    Vertex(u32),
    Open(usize),
    Close(usize),
}

/// The order of every rank.
pub(super) struct Ordering {
    /// Each rank left to right, with cluster sides.
    pub tokens: Vec<Vec<Token>>,
}

pub(super) struct Csr {
    start: Vec<u32>,
    items: Vec<u32>,
}

impl Csr {
    fn new(n: usize, pairs: impl Iterator<Item = (u32, u32)> + Clone) -> Csr {
        let mut start = vec![0u32; n + 1];
        for (a, _) in pairs.clone() {
            start[a as usize + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut items = vec![0u32; start[n] as usize];
        for (a, b) in pairs {
            items[fill[a as usize] as usize] = b;
            fill[a as usize] += 1;
        }
        Csr { start, items }
    }

    fn of(&self, v: u32) -> &[u32] {
        &self.items[self.start[v as usize] as usize..self.start[v as usize + 1] as usize]
    }
}

#[derive(Clone, Copy)]
struct Item {
    key: f64,
    tie: f64,
    cluster: bool,
    id: u32,
    /// How many of the level's clusters sort before this item.
    slot: u32,
}

impl Item {
    fn natural(&self, other: &Item) -> std::cmp::Ordering {
        self.key
            .total_cmp(&other.key)
            .then(self.tie.total_cmp(&other.tie))
            .then(self.cluster.cmp(&other.cluster))
            .then(self.id.cmp(&other.id))
    }
}

/// The rank already fixed in a sweep, next to the one being ordered: a bend or label
/// vertex stays on the side its neighbour there has of every cluster present on both
/// ranks, so the edge never moves sideways through a cluster in the strip between them.
pub(super) struct Guide<'a> {
    pub tokens: &'a [Token],
    pub rank: usize,
    pub adj: &'a Csr,
}

/// Where a vertex of the fixed rank lies with respect to a cluster there.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Left,
    Inside,
    Right,
}

struct Sorter<'a> {
    g: &'a Layered,
    h: &'a Hierarchy,
    /// Clusters present on each rank.
    present: Vec<Vec<usize>>,
    lists: Vec<Vec<Item>>,
    touched: Vec<usize>,
    /// Token index of every vertex and cluster side on the guiding rank.
    at: Vec<u32>,
    open_at: Vec<u32>,
    close_at: Vec<u32>,
    /// The level's clusters present on the guiding rank, in order.
    walls: Vec<usize>,
    /// Slot of every cluster in its level's order.
    cslot: Vec<u32>,
}

impl<'a> Sorter<'a> {
    fn new(g: &'a Layered, h: &'a Hierarchy, present: Vec<Vec<usize>>) -> Sorter<'a> {
        let (n, k) = (g.kind.len(), h.parent.len());
        Sorter {
            g,
            h,
            present,
            lists: vec![Vec::new(); k + 1],
            touched: Vec::new(),
            at: vec![0; n],
            open_at: vec![0; k],
            close_at: vec![0; k],
            walls: Vec::new(),
            cslot: vec![0; k],
        }
    }

    fn level(c: Option<usize>) -> usize {
        c.map_or(0, |c| c + 1)
    }

    /// Orders rank `r` given vertex keys and cluster keys.
    fn arrange(
        &mut self,
        layer: &[u32],
        r: usize,
        key: &[f64],
        pos: &[u32],
        ckey: &[(f64, f64)],
        guide: Option<&Guide>,
    ) -> Vec<Token> {
        for &v in layer {
            let l = Self::level(self.g.cluster[v as usize]);
            if self.lists[l].is_empty() {
                self.touched.push(l);
            }
            self.lists[l].push(Item {
                key: key[v as usize],
                tie: pos[v as usize] as f64,
                cluster: false,
                id: v,
                slot: 0,
            });
        }
        for &c in &self.present[r] {
            let l = Self::level(self.h.parent[c]);
            if self.lists[l].is_empty() {
                self.touched.push(l);
            }
            self.lists[l].push(Item {
                key: ckey[c].0,
                tie: ckey[c].1,
                cluster: true,
                id: c as u32,
                slot: 0,
            });
        }
        if let Some(guide) = guide {
            for (i, t) in guide.tokens.iter().enumerate() {
                match *t {
                    Token::Vertex(v) => self.at[v as usize] = i as u32,
                    Token::Open(c) => self.open_at[c] = i as u32,
                    Token::Close(c) => self.close_at[c] = i as u32,
                }
            }
        }
        for li in 0..self.touched.len() {
            let l = self.touched[li];
            self.lists[l].sort_by(Item::natural);
            if let Some(guide) = guide {
                self.keep_sides(l, guide);
            }
        }
        let mut out = Vec::with_capacity(layer.len() + 2 * self.present[r].len());
        let mut stack: Vec<(usize, usize)> = vec![(0, 0)];
        while let Some(top) = stack.last_mut() {
            let (l, i) = *top;
            if i < self.lists[l].len() {
                top.1 += 1;
                let it = self.lists[l][i];
                if it.cluster {
                    out.push(Token::Open(it.id as usize));
                    stack.push((it.id as usize + 1, 0));
                } else {
                    out.push(Token::Vertex(it.id));
                }
            } else {
                stack.pop();
                if l > 0 {
                    out.push(Token::Close(l - 1));
                }
            }
        }
        for l in self.touched.drain(..) {
            self.lists[l].clear();
        }
        out
    }

    /// Moves every vertex of level `l` (sorted) to the side of each cluster its guiding
    /// neighbours have, among the level's clusters present on both ranks, when they agree.
    fn keep_sides(&mut self, l: usize, guide: &Guide) {
        let fixed = guide.rank as u32;
        self.walls.clear();
        let mut clusters = 0u32;
        for it in &mut self.lists[l] {
            if it.cluster {
                clusters += 1;
                let c = it.id as usize;
                if self.g.span[c].is_some_and(|(a, b)| a <= fixed && fixed <= b) {
                    self.walls.push(c);
                }
                it.slot = clusters - 1;
                self.cslot[c] = it.slot;
            } else {
                it.slot = clusters;
            }
        }
        if self.walls.is_empty() {
            return;
        }
        let mut moved = false;
        let (at, open_at, close_at, walls, cslot) = (
            &self.at,
            &self.open_at,
            &self.close_at,
            &self.walls,
            &self.cslot,
        );
        let bounds = |u: u32| {
            let i = at[u as usize];
            let side = |c: usize| {
                if i < open_at[c] {
                    Side::Left
                } else if i > close_at[c] {
                    Side::Right
                } else {
                    Side::Inside
                }
            };
            let first = walls.partition_point(|&c| side(c) == Side::Right);
            let lo = first.checked_sub(1).map_or(0, |w| cslot[walls[w]] + 1);
            let last = if first < walls.len() && side(walls[first]) == Side::Inside {
                first + 1
            } else {
                first
            };
            let hi = walls.get(last).map_or(clusters, |&c| cslot[c]);
            (lo, hi)
        };
        for it in &mut self.lists[l] {
            if it.cluster {
                continue;
            }
            let (mut lo, mut hi) = (0, clusters);
            for &u in guide.adj.of(it.id) {
                let (a, b) = bounds(u);
                lo = lo.max(a);
                hi = hi.min(b);
            }
            if lo > hi {
                continue;
            }
            let s = it.slot.clamp(lo, hi);
            if s != it.slot {
                it.slot = s;
                moved = true;
            }
        }
        if moved {
            self.lists[l].sort_by(|a, b| {
                a.slot
                    .cmp(&b.slot)
                    .then(a.cluster.cmp(&b.cluster))
                    .then(a.natural(b))
            });
        }
    }
}

fn vertices(tokens: &[Token]) -> impl Iterator<Item = u32> + '_ {
    tokens.iter().filter_map(|t| match t {
        Token::Vertex(v) => Some(*v),
        _ => None,
    })
}

/// Edge crossings between consecutive ranks, counted with a Fenwick tree per rank pair.
fn crossings(layers: &[Vec<u32>], pos: &[u32], down: &Csr) -> u64 {
    let mut total = 0u64;
    let mut tree: Vec<u32> = Vec::new();
    let mut ends: Vec<u32> = Vec::new();
    for r in 0..layers.len().saturating_sub(1) {
        let width = layers[r + 1].len();
        tree.clear();
        tree.resize(width + 1, 0);
        for &u in &layers[r] {
            ends.clear();
            ends.extend(down.of(u).iter().map(|&w| pos[w as usize]));
            ends.sort_unstable();
            for &p in &ends {
                // Edges already seen ending right of p cross this one.
                let mut seen_le = 0u64;
                let mut i = p as usize + 1;
                while i > 0 {
                    seen_le += tree[i] as u64;
                    i &= i - 1;
                }
                total += count_all(&tree) - seen_le;
            }
            for &p in &ends {
                let mut i = p as usize + 1;
                while i <= width {
                    tree[i] += 1;
                    i += i & i.wrapping_neg();
                }
            }
        }
    }
    total
}

fn count_all(tree: &[u32]) -> u64 {
    let mut s = 0u64;
    let mut i = tree.len() - 1;
    while i > 0 {
        s += tree[i] as u64;
        i &= i - 1;
    }
    s
}

/// Sweeps allowed for a graph of `n` vertices.
fn sweep_budget(n: usize) -> usize {
    match n {
        0..=3_000 => 24,
        3_001..=30_000 => 8,
        _ => 4,
    }
}

pub(super) fn order(g: &Layered, h: &Hierarchy) -> Ordering {
    let n = g.kind.len();
    let k = h.parent.len();
    let down = Csr::new(n, g.edges.iter().copied());
    let up = Csr::new(n, g.edges.iter().map(|&(a, b)| (b, a)));
    let mut present = vec![Vec::new(); g.ranks];
    for c in h.top_down() {
        if let Some((a, b)) = g.span[c] {
            for r in a..=b {
                present[r as usize].push(c);
            }
        }
    }
    let mut sorter = Sorter::new(g, h, present);
    // Initial order: depth-first from the top ranks, in input order.
    let mut pos = vec![0u32; n];
    let mut next = vec![0u32; g.ranks];
    let mut seen = vec![false; n];
    let mut by_rank: Vec<u32> = (0..n as u32).collect();
    by_rank.sort_by_key(|&v| g.rank[v as usize]);
    let mut stack = Vec::new();
    for &s in &by_rank {
        if seen[s as usize] {
            continue;
        }
        seen[s as usize] = true;
        stack.push(s);
        while let Some(v) = stack.pop() {
            let r = g.rank[v as usize] as usize;
            pos[v as usize] = next[r];
            next[r] += 1;
            for &w in down.of(v).iter().rev() {
                if !seen[w as usize] {
                    seen[w as usize] = true;
                    stack.push(w);
                }
            }
        }
    }
    let mut layers: Vec<Vec<u32>> = vec![Vec::new(); g.ranks];
    for v in 0..n as u32 {
        layers[g.rank[v as usize] as usize].push(v);
    }
    for l in &mut layers {
        l.sort_by_key(|&v| pos[v as usize]);
    }
    let key: Vec<f64> = pos.iter().map(|&p| p as f64).collect();
    let ckey = cluster_keys(g, h, &key, &pos, k);
    let mut tokens: Vec<Vec<Token>> = Vec::with_capacity(g.ranks);
    for (r, layer) in layers.iter().enumerate() {
        let guide = r.checked_sub(1).map(|above| Guide {
            tokens: &tokens[above],
            rank: above,
            adj: &up,
        });
        let t = sorter.arrange(layer, r, &key, &pos, &ckey, guide.as_ref());
        tokens.push(t);
    }
    refresh(&tokens, &mut layers, &mut pos);
    let mut best = crossings(&layers, &pos, &down);
    let mut best_tokens = tokens.clone();
    let mut stall = 0;
    let mut key = key;
    for sweep in 0..sweep_budget(n) {
        if best == 0 {
            break;
        }
        let downward = sweep % 2 == 0;
        let adj = if downward { &up } else { &down };
        for v in 0..n {
            key[v] = barycenter(adj.of(v as u32), &pos).unwrap_or(pos[v] as f64);
        }
        let ckey = cluster_keys(g, h, &key, &pos, k);
        // Every rank is rearranged, the first one too, so that all ranks use this sweep's
        // cluster keys and sibling clusters keep one order.
        let ranks: Vec<usize> = if downward {
            (0..g.ranks).collect()
        } else {
            (0..g.ranks).rev().collect()
        };
        for r in ranks {
            for &v in &layers[r] {
                key[v as usize] = barycenter(adj.of(v), &pos).unwrap_or(pos[v as usize] as f64);
            }
            let fixed = if downward {
                r.checked_sub(1)
            } else {
                Some(r + 1).filter(|&b| b < g.ranks)
            };
            let guide = fixed.map(|f| Guide {
                tokens: &tokens[f],
                rank: f,
                adj,
            });
            let t = sorter.arrange(&layers[r], r, &key, &pos, &ckey, guide.as_ref());
            tokens[r] = t;
            layers[r].clear();
            layers[r].extend(vertices(&tokens[r]));
            for (i, &v) in layers[r].iter().enumerate() {
                pos[v as usize] = i as u32;
            }
        }
        let c = crossings(&layers, &pos, &down);
        if c < best {
            best = c;
            best_tokens.clone_from(&tokens);
            stall = 0;
        } else {
            stall += 1;
            if stall >= 4 {
                break;
            }
        }
    }
    refresh(&best_tokens, &mut layers, &mut pos);
    transpose(g, &mut best_tokens, &mut pos, &up, &down);
    Ordering {
        tokens: best_tokens,
    }
}

/// Crossings among the edges of `u` and `v` (on one rank, `u` left of `v`) with both
/// neighbouring ranks.
fn pair_crossings(u: u32, v: u32, pos: &[u32], up: &Csr, down: &Csr) -> u64 {
    let mut n = 0;
    for adj in [up, down] {
        for &a in adj.of(u) {
            for &b in adj.of(v) {
                if pos[a as usize] > pos[b as usize] {
                    n += 1;
                }
            }
        }
    }
    n
}

/// Transposition: swaps neighbouring vertices of one cluster while that removes crossings
/// (a few passes). Clusters do not move, so they stay contiguous and in one order.
fn transpose(g: &Layered, tokens: &mut [Vec<Token>], pos: &mut [u32], up: &Csr, down: &Csr) {
    for _ in 0..4 {
        let mut improved = false;
        for rank in tokens.iter_mut() {
            for i in 1..rank.len() {
                let (Token::Vertex(u), Token::Vertex(v)) = (rank[i - 1], rank[i]) else {
                    continue;
                };
                if g.cluster[u as usize] != g.cluster[v as usize] {
                    continue;
                }
                if pair_crossings(v, u, pos, up, down) < pair_crossings(u, v, pos, up, down) {
                    rank.swap(i - 1, i);
                    pos.swap(u as usize, v as usize);
                    improved = true;
                }
            }
        }
        if !improved {
            break;
        }
    }
}

fn refresh(tokens: &[Vec<Token>], layers: &mut [Vec<u32>], pos: &mut [u32]) {
    for (r, t) in tokens.iter().enumerate() {
        layers[r].clear();
        layers[r].extend(vertices(t));
        for (i, &v) in layers[r].iter().enumerate() {
            pos[v as usize] = i as u32;
        }
    }
}

fn barycenter(neighbours: &[u32], pos: &[u32]) -> Option<f64> {
    if neighbours.is_empty() {
        return None;
    }
    let sum: f64 = neighbours.iter().map(|&w| pos[w as usize] as f64).sum();
    Some(sum / neighbours.len() as f64)
}

/// Per cluster: the mean key and the mean position of all vertices inside it.
fn cluster_keys(g: &Layered, h: &Hierarchy, key: &[f64], pos: &[u32], k: usize) -> Vec<(f64, f64)> {
    let mut sum = vec![(0.0f64, 0.0f64, 0u32); k];
    for v in 0..g.kind.len() {
        if let Some(c) = g.cluster[v] {
            sum[c].0 += key[v];
            sum[c].1 += pos[v] as f64;
            sum[c].2 += 1;
        }
    }
    for c in h.top_down().into_iter().rev() {
        if let Some(p) = h.parent[c] {
            let s = sum[c];
            sum[p].0 += s.0;
            sum[p].1 += s.1;
            sum[p].2 += s.2;
        }
    }
    sum.iter()
        .map(|&(a, b, n)| {
            let n = n.max(1) as f64;
            (a / n, b / n)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::layered::Kind;
    use crate::layout::{ClusterSpec, Direction, LayoutInput};

    /// Rank 0: box 0 beside cluster 0 holding box 1; rank 1: bend 2 below box 0 and box 3 in
    /// cluster 0 below box 1.
    fn beside_a_cluster() -> (Layered, Hierarchy) {
        let g = Layered {
            kind: vec![Kind::Box(0), Kind::Box(1), Kind::Dummy, Kind::Box(2)],
            width: vec![10.0, 10.0, 0.0, 10.0],
            height: vec![10.0, 10.0, 0.0, 10.0],
            rank: vec![0, 0, 1, 1],
            cluster: vec![None, Some(0), None, Some(0)],
            edges: vec![(0, 2), (1, 3)],
            ranks: 2,
            chains: Vec::new(),
            label_vertex: Vec::new(),
            span: vec![Some((0, 1))],
        };
        let mut input = LayoutInput::new(Direction::TopBottom);
        input.clusters = vec![ClusterSpec {
            parent: None,
            title_width: 0.0,
            title_height: 0.0,
            direction: None,
        }];
        (g, Hierarchy::new(&input))
    }

    #[test]
    fn a_bend_keeps_its_neighbours_side_of_a_cluster() {
        let (g, h) = beside_a_cluster();
        let up = Csr::new(4, g.edges.iter().map(|&(a, b)| (b, a)));
        let mut sorter = Sorter::new(&g, &h, vec![vec![0], vec![0]]);
        let above = [
            Token::Vertex(0),
            Token::Open(0),
            Token::Vertex(1),
            Token::Close(0),
        ];
        // The bend's own key would put it right of the cluster.
        let key = [0.0, 1.0, 5.0, 1.0];
        let pos = [0, 1, 1, 0];
        let ckey = [(1.0, 1.0)];
        let free = sorter.arrange(&[2, 3], 1, &key, &pos, &ckey, None);
        assert_eq!(free.last(), Some(&Token::Vertex(2)));
        let guide = Guide {
            tokens: &above,
            rank: 0,
            adj: &up,
        };
        let kept = sorter.arrange(&[2, 3], 1, &key, &pos, &ckey, Some(&guide));
        assert_eq!(
            kept,
            vec![
                Token::Vertex(2),
                Token::Open(0),
                Token::Vertex(3),
                Token::Close(0)
            ]
        );
    }

    #[test]
    fn fenwick_counts_crossings() {
        // Two ranks of two vertices with the edges crossed: 0→3, 1→2.
        let g = Layered {
            kind: vec![super::super::layered::Kind::Dummy; 4],
            width: vec![0.0; 4],
            height: vec![0.0; 4],
            rank: vec![0, 0, 1, 1],
            cluster: vec![None; 4],
            edges: vec![(0, 3), (1, 2)],
            ranks: 2,
            chains: Vec::new(),
            label_vertex: Vec::new(),
            span: Vec::new(),
        };
        let down = Csr::new(4, g.edges.iter().copied());
        let layers = vec![vec![0, 1], vec![2, 3]];
        assert_eq!(crossings(&layers, &[0, 1, 0, 1], &down), 1);
        assert_eq!(crossings(&layers, &[0, 1, 1, 0], &down), 0);
    }
}
