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

/// Sweeps allowed for the starts after the first.
const EXTRA_SWEEPS: usize = 8;

/// Sweeps allowed for a graph of `n` vertices.
fn sweep_budget(n: usize) -> usize {
    match n {
        0..=3_000 => 24,
        3_001..=30_000 => 8,
        _ => 4,
    }
}

/// How many starting orders are tried for a graph of `n` vertices: the input's order, its
/// mirror image, and shuffles of it; the one that ends with the fewest crossings is kept.
fn start_budget(n: usize) -> usize {
    match n {
        0..=600 => 16,
        _ => 1,
    }
}

/// A small deterministic generator (SplitMix64) for the shuffled starting orders.
struct Shuffle(u64);

impl Shuffle {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn permute<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// The vertex graph shared by all starts.
struct Graph<'a> {
    g: &'a Layered,
    h: &'a Hierarchy,
    up: Csr,
    down: Csr,
}

pub(super) fn order(g: &Layered, h: &Hierarchy) -> Ordering {
    let n = g.kind.len();
    let gr = Graph {
        g,
        h,
        down: Csr::new(n, g.edges.iter().copied()),
        up: Csr::new(n, g.edges.iter().map(|&(a, b)| (b, a))),
    };
    let mut present = vec![Vec::new(); g.ranks];
    for c in h.top_down() {
        if let Some((a, b)) = g.span[c] {
            for r in a..=b {
                present[r as usize].push(c);
            }
        }
    }
    let mut sorter = Sorter::new(g, h, present);
    let mut by_rank: Vec<u32> = (0..n as u32).collect();
    by_rank.sort_by_key(|&v| g.rank[v as usize]);
    let mut best: Option<(u64, Vec<Vec<Token>>)> = None;
    let mut shuffle = Shuffle(0x746f_706f_6d61_6964 ^ n as u64);
    for start in 0..start_budget(n) {
        // Roots in input order, then mirrored, then shuffled; children likewise.
        let mut roots = by_rank.clone();
        match start {
            0 => {}
            1 => roots.reverse(),
            _ => shuffle.permute(&mut roots),
        }
        let first_child_first = start != 1;
        let pos = initial_positions(&gr, &roots, first_child_first, start >= 2, &mut shuffle);
        // The first start gets the full sweep budget; the others a short one each.
        let (sweeps, patience) = if start == 0 {
            (sweep_budget(n), 4)
        } else {
            (EXTRA_SWEEPS, 2)
        };
        let (c, tokens) = descend(&gr, &mut sorter, pos, sweeps, patience);
        // Swapping clusters is the dearer step: only for starts near the best so far.
        let promising = best.as_ref().is_none_or(|(b, _)| c * 2 < *b * 3);
        let (c, tokens) = if promising {
            polish(&gr, tokens)
        } else {
            (c, tokens)
        };
        if best.as_ref().is_none_or(|(b, _)| c < *b) {
            best = Some((c, tokens));
        }
        if c == 0 {
            break;
        }
    }
    Ordering {
        tokens: best.map(|(_, t)| t).unwrap_or_default(),
    }
}

/// Depth-first positions from `roots` (visited in that order), within each rank.
fn initial_positions(
    gr: &Graph,
    roots: &[u32],
    first_child_first: bool,
    shuffled: bool,
    shuffle: &mut Shuffle,
) -> Vec<u32> {
    let g = gr.g;
    let n = g.kind.len();
    let mut pos = vec![0u32; n];
    let mut next = vec![0u32; g.ranks];
    let mut seen = vec![false; n];
    let mut stack = Vec::new();
    let mut kids = Vec::new();
    for &s in roots {
        if seen[s as usize] {
            continue;
        }
        seen[s as usize] = true;
        stack.push(s);
        while let Some(v) = stack.pop() {
            let r = g.rank[v as usize] as usize;
            pos[v as usize] = next[r];
            next[r] += 1;
            kids.clear();
            kids.extend_from_slice(gr.down.of(v));
            if shuffled {
                shuffle.permute(&mut kids);
            }
            if first_child_first {
                kids.reverse();
            }
            for &w in &kids {
                if !seen[w as usize] {
                    seen[w as usize] = true;
                    stack.push(w);
                }
            }
        }
    }
    pos
}

/// At most `sweeps` barycenter sweeps from the starting positions `pos` (fewer when `patience`
/// sweeps in a row bring no improvement), then transposition: the fewest crossings reached and
/// the ranks that have them.
fn descend(
    gr: &Graph,
    sorter: &mut Sorter,
    mut pos: Vec<u32>,
    sweeps: usize,
    patience: usize,
) -> (u64, Vec<Vec<Token>>) {
    let (g, h) = (gr.g, gr.h);
    let (up, down) = (&gr.up, &gr.down);
    let n = g.kind.len();
    let k = h.parent.len();
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
            adj: up,
        });
        let t = sorter.arrange(layer, r, &key, &pos, &ckey, guide.as_ref());
        tokens.push(t);
    }
    refresh(&tokens, &mut layers, &mut pos);
    let mut best = crossings(&layers, &pos, down);
    let mut best_tokens = tokens.clone();
    let mut stall = 0;
    let mut key = key;
    for sweep in 0..sweeps {
        if best == 0 {
            break;
        }
        let downward = sweep % 2 == 0;
        let adj = if downward { up } else { down };
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
        let c = crossings(&layers, &pos, down);
        if c < best {
            best = c;
            best_tokens.clone_from(&tokens);
            stall = 0;
        } else {
            stall += 1;
            if stall >= patience {
                break;
            }
        }
    }
    refresh(&best_tokens, &mut layers, &mut pos);
    transpose(g, &mut best_tokens, &mut pos, up, down);
    refresh(&best_tokens, &mut layers, &mut pos);
    (crossings(&layers, &pos, down), best_tokens)
}

/// Sibling clusters swapped, then transposition again: the crossings reached and the ranks.
fn polish(gr: &Graph, mut tokens: Vec<Vec<Token>>) -> (u64, Vec<Vec<Token>>) {
    let g = gr.g;
    let n = g.kind.len();
    let mut layers: Vec<Vec<u32>> = vec![Vec::new(); g.ranks];
    let mut pos = vec![0u32; n];
    refresh(&tokens, &mut layers, &mut pos);
    let mut best = crossings(&layers, &pos, &gr.down);
    if n <= SWAP_LIMIT && best > 0 {
        let swapped = swap_clusters(gr, &mut tokens, &mut layers, &mut pos, best);
        if swapped < best {
            transpose(g, &mut tokens, &mut pos, &gr.up, &gr.down);
            refresh(&tokens, &mut layers, &mut pos);
            best = crossings(&layers, &pos, &gr.down);
        }
    }
    (best, tokens)
}

/// Graphs up to this many vertices get sibling clusters swapped (each try recounts every
/// crossing).
const SWAP_LIMIT: usize = 3_000;
/// Swaps tried at most per polish (each recounts every crossing).
const SWAP_TRIES: usize = 200;

/// Sibling clusters exchanged as whole blocks, on every rank where both are, while that
/// removes crossings, sends no more edges sideways through a cluster than before, and keeps
/// one left-to-right order of siblings on all ranks. Barycenters give a cluster one key from
/// all its members, so two clusters that each pull the other's edges across stay crossed;
/// this step sees the count itself. Returns the crossings reached.
fn swap_clusters(
    gr: &Graph,
    tokens: &mut [Vec<Token>],
    layers: &mut [Vec<u32>],
    pos: &mut [u32],
    mut best: u64,
) -> u64 {
    let mut strays = stray_edges(gr, tokens);
    let mut tries = 0;
    for _ in 0..8 {
        let mut improved = false;
        for (a, b) in sibling_pairs(gr.h, tokens).0 {
            if tries == SWAP_TRIES {
                break;
            }
            let Some(changed) = swap_blocks(gr.h, tokens, a, b) else {
                continue;
            };
            tries += 1;
            refresh(tokens, layers, pos);
            let c = crossings(layers, pos, &gr.down);
            let ok = c < best && sibling_pairs(gr.h, tokens).1 && {
                let s = stray_edges(gr, tokens);
                s <= strays && {
                    strays = s;
                    true
                }
            };
            if ok {
                best = c;
                improved = true;
            } else {
                for (r, t) in changed {
                    tokens[r] = t;
                }
            }
        }
        if !improved {
            break;
        }
    }
    refresh(tokens, layers, pos);
    best
}

/// Pairs of sibling clusters next to each other on some rank (only vertices between them),
/// left one first; and whether the siblings have one left-to-right order on all ranks.
fn sibling_pairs(h: &Hierarchy, tokens: &[Vec<Token>]) -> (Vec<(usize, usize)>, bool) {
    let k = h.parent.len();
    let level = |c: usize| h.parent[c].map_or(0, |p| p + 1);
    let mut last: Vec<Option<usize>> = vec![None; k + 1];
    let mut after: Vec<Vec<usize>> = vec![Vec::new(); k];
    let mut pairs = Vec::new();
    for rank in tokens {
        last[0] = None;
        for t in rank {
            if let Token::Open(c) = *t {
                let l = level(c);
                if let Some(p) = last[l]
                    && !after[p].contains(&c)
                {
                    after[p].push(c);
                    pairs.push((p, c));
                }
                last[l] = Some(c);
                last[c + 1] = None;
            }
        }
    }
    // One order exists when the "left of" relation has no cycle.
    let mut indegree = vec![0u32; k];
    for list in &after {
        for &c in list {
            indegree[c] += 1;
        }
    }
    let mut ready: Vec<usize> = (0..k).filter(|&c| indegree[c] == 0).collect();
    let mut done = 0;
    while let Some(c) = ready.pop() {
        done += 1;
        for &d in &after[c] {
            indegree[d] -= 1;
            if indegree[d] == 0 {
                ready.push(d);
            }
        }
    }
    (pairs, done == k)
}

/// Exchanges the blocks of sibling clusters `a` (left) and `b` on every rank holding both,
/// the vertices between them staying between. Returns the ranks changed with their old
/// tokens, or `None` (nothing changed) when another sibling lies between them on some rank.
fn swap_blocks(
    h: &Hierarchy,
    tokens: &mut [Vec<Token>],
    a: usize,
    b: usize,
) -> Option<Vec<(usize, Vec<Token>)>> {
    let mut plan = Vec::new();
    for (r, rank) in tokens.iter().enumerate() {
        let find = |t: Token| rank.iter().position(|&x| x == t);
        let (Some(oa), Some(ca), Some(ob), Some(cb)) = (
            find(Token::Open(a)),
            find(Token::Close(a)),
            find(Token::Open(b)),
            find(Token::Close(b)),
        ) else {
            continue;
        };
        if ob < ca {
            return None;
        }
        let between = rank[ca + 1..ob]
            .iter()
            .any(|t| matches!(*t, Token::Open(c) if h.parent[c] == h.parent[a]));
        if between {
            return None;
        }
        plan.push((r, oa, ca, ob, cb));
    }
    if plan.is_empty() {
        return None;
    }
    let mut changed = Vec::with_capacity(plan.len());
    for (r, oa, ca, ob, cb) in plan {
        let old = &tokens[r];
        let mut new = Vec::with_capacity(old.len());
        new.extend_from_slice(&old[..oa]);
        new.extend_from_slice(&old[ob..=cb]);
        new.extend_from_slice(&old[ca + 1..ob]);
        new.extend_from_slice(&old[oa..=ca]);
        new.extend_from_slice(&old[cb + 1..]);
        changed.push((r, std::mem::replace(&mut tokens[r], new)));
    }
    Some(changed)
}

/// Edges between consecutive ranks whose ends lie on opposite sides of a cluster present on
/// both ranks that holds neither: such an edge would cut through the cluster.
fn stray_edges(gr: &Graph, tokens: &[Vec<Token>]) -> u64 {
    let g = gr.g;
    let k = gr.h.parent.len();
    if k == 0 {
        return 0;
    }
    const ABSENT: u32 = u32::MAX;
    let mut at = vec![0u32; g.kind.len()];
    let mut open = vec![ABSENT; g.ranks * k];
    let mut close = vec![ABSENT; g.ranks * k];
    let mut present: Vec<Vec<usize>> = vec![Vec::new(); g.ranks];
    for (r, rank) in tokens.iter().enumerate() {
        for (i, t) in rank.iter().enumerate() {
            match *t {
                Token::Vertex(v) => at[v as usize] = i as u32,
                Token::Open(c) => {
                    open[r * k + c] = i as u32;
                    present[r].push(c);
                }
                Token::Close(c) => close[r * k + c] = i as u32,
            }
        }
    }
    let side = |v: u32, r: usize, c: usize| {
        let i = at[v as usize];
        if i < open[r * k + c] {
            Side::Left
        } else if i > close[r * k + c] {
            Side::Right
        } else {
            Side::Inside
        }
    };
    let mut n = 0;
    for &(u, w) in &g.edges {
        let (ru, rw) = (g.rank[u as usize] as usize, g.rank[w as usize] as usize);
        for &c in &present[ru] {
            if open[rw * k + c] == ABSENT {
                continue;
            }
            let (su, sw) = (side(u, ru, c), side(w, rw, c));
            if su != Side::Inside && sw != Side::Inside && su != sw {
                n += 1;
            }
        }
    }
    n
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

    /// Rank 0: clusters 0 and 1 side by side, holding boxes 0 and 1; rank 1: boxes 2 and 3
    /// outside them, with the edges 0→3 and 1→2 crossed.
    fn crossed_clusters() -> (Layered, Hierarchy) {
        let g = Layered {
            kind: vec![Kind::Box(0), Kind::Box(1), Kind::Box(2), Kind::Box(3)],
            width: vec![10.0; 4],
            height: vec![10.0; 4],
            rank: vec![0, 0, 1, 1],
            cluster: vec![Some(0), Some(1), None, None],
            edges: vec![(0, 3), (1, 2)],
            ranks: 2,
            chains: Vec::new(),
            label_vertex: Vec::new(),
            span: vec![Some((0, 0)), Some((0, 0))],
        };
        let mut input = LayoutInput::new(Direction::TopBottom);
        let top = ClusterSpec {
            parent: None,
            title_width: 0.0,
            title_height: 0.0,
            direction: None,
        };
        input.clusters = vec![top.clone(), top];
        (g, Hierarchy::new(&input))
    }

    #[test]
    fn crossed_sibling_clusters_are_swapped() {
        let (g, h) = crossed_clusters();
        let gr = Graph {
            g: &g,
            h: &h,
            down: Csr::new(4, g.edges.iter().copied()),
            up: Csr::new(4, g.edges.iter().map(|&(a, b)| (b, a))),
        };
        let mut tokens = vec![
            vec![
                Token::Open(0),
                Token::Vertex(0),
                Token::Close(0),
                Token::Open(1),
                Token::Vertex(1),
                Token::Close(1),
            ],
            vec![Token::Vertex(2), Token::Vertex(3)],
        ];
        assert_eq!(sibling_pairs(&h, &tokens), (vec![(0, 1)], true));
        let (mut layers, mut pos) = (vec![Vec::new(); 2], vec![0; 4]);
        refresh(&tokens, &mut layers, &mut pos);
        assert_eq!(crossings(&layers, &pos, &gr.down), 1);
        assert_eq!(swap_clusters(&gr, &mut tokens, &mut layers, &mut pos, 1), 0);
        assert_eq!(tokens[0][0], Token::Open(1));
        assert_eq!(tokens[0][3], Token::Open(0));
        // The order the barycenter sweeps reach from any start is no worse.
        let mut sorter = Sorter::new(&g, &h, vec![vec![0, 1], Vec::new()]);
        assert_eq!(descend(&gr, &mut sorter, vec![0, 1, 0, 1], 4, 2).0, 0);
    }

    #[test]
    fn siblings_in_two_orders_have_no_common_order() {
        let (_, h) = crossed_clusters();
        let (a, b) = (
            [Token::Open(0), Token::Close(0)],
            [Token::Open(1), Token::Close(1)],
        );
        let tokens = vec![[a, b].concat(), [b, a].concat()];
        assert!(!sibling_pairs(&h, &tokens).1);
    }

    #[test]
    fn an_edge_across_a_cluster_it_does_not_enter_is_a_stray() {
        let (mut g, h) = crossed_clusters();
        // Cluster 0 spans both ranks; box 2 is left of it, box 1 (in cluster 1) right of it.
        g.span[0] = Some((0, 1));
        g.rank[3] = 0;
        g.cluster[3] = Some(0);
        g.edges = vec![(1, 2)];
        let gr = Graph {
            g: &g,
            h: &h,
            down: Csr::new(4, g.edges.iter().copied()),
            up: Csr::new(4, g.edges.iter().map(|&(a, b)| (b, a))),
        };
        let tokens = vec![
            vec![
                Token::Open(0),
                Token::Vertex(0),
                Token::Vertex(3),
                Token::Close(0),
                Token::Open(1),
                Token::Vertex(1),
                Token::Close(1),
            ],
            vec![Token::Vertex(2), Token::Open(0), Token::Close(0)],
        ];
        assert_eq!(stray_edges(&gr, &tokens), 1);
    }

    #[test]
    fn shuffles_are_deterministic_permutations() {
        let (mut a, mut b) = ((0..20).collect::<Vec<u32>>(), (0..20).collect::<Vec<u32>>());
        Shuffle(7).permute(&mut a);
        Shuffle(7).permute(&mut b);
        assert_eq!(a, b);
        assert_ne!(a, (0..20).collect::<Vec<u32>>());
        a.sort_unstable();
        assert_eq!(a, (0..20).collect::<Vec<u32>>());
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
