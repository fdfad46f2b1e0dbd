//! Network simplex (Gansner et al., "A Technique for Drawing Directed Graphs", 1993): integer
//! values `y` minimising `Σ weight·(y[head] − y[tail])` subject to
//! `y[head] − y[tail] ≥ minlen` for every edge. Used for layering and for x coordinates.
//!
//! The feasible tree is grown with two heaps of boundary edges (so building it is
//! `O(E log E)`), cut values are updated along the tree path only, and low/lim numbers are
//! renumbered below the lowest common ancestor only, as dot does. Disconnected graphs are
//! handled as a forest. Every intermediate solution is feasible, so the iteration cap only
//! trades optimality for time.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// A constraint `y[head] − y[tail] ≥ minlen` with a cost `weight` per unit of length.
#[derive(Debug, Clone, Copy)]
pub(super) struct Constraint {
    pub tail: u32,
    pub head: u32,
    pub minlen: i64,
    pub weight: i64,
}

struct Csr {
    start: Vec<u32>,
    items: Vec<u32>,
}

impl Csr {
    fn build(n: usize, edges: &[Constraint]) -> Csr {
        let mut start = vec![0u32; n + 1];
        for e in edges {
            start[e.tail as usize + 1] += 1;
            start[e.head as usize + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut items = vec![0u32; start[n] as usize];
        for (i, e) in edges.iter().enumerate() {
            for v in [e.tail, e.head] {
                items[fill[v as usize] as usize] = i as u32;
                fill[v as usize] += 1;
            }
        }
        Csr { start, items }
    }

    fn of(&self, v: usize) -> &[u32] {
        &self.items[self.start[v] as usize..self.start[v + 1] as usize]
    }
}

/// Values for `n` variables satisfying every constraint, starting from `init` (which must be
/// feasible: the caller computes a longest-path solution), improved by at most `max_iter`
/// pivots. The constraint graph must be acyclic.
pub(super) fn solve(n: usize, edges: &[Constraint], init: Vec<i64>, max_iter: usize) -> Vec<i64> {
    let mut s = Simplex::new(n, edges, init);
    s.feasible_tree();
    debug_assert!(
        edges
            .iter()
            .all(|e| s.rank[e.head as usize] - s.rank[e.tail as usize] >= e.minlen),
        "feasible tree violates a constraint"
    );
    s.init_cut_values();
    let mut iter = 0;
    while iter < max_iter {
        let Some(e) = s.leave_edge() else { break };
        let f = s.enter_edge(e);
        s.exchange(e, f);
        iter += 1;
    }
    debug_assert!(
        edges
            .iter()
            .all(|e| s.rank[e.head as usize] - s.rank[e.tail as usize] >= e.minlen),
        "network simplex left a constraint violated"
    );
    s.rank
}

/// A longest-path solution: every variable as low as the constraints allow, sources at 0.
pub(super) fn longest_path(n: usize, edges: &[Constraint]) -> Vec<i64> {
    longest_path_from(edges, vec![0; n])
}

/// The lowest values at least `floor` that satisfy every constraint: each variable keeps its
/// floor unless a constraint pushes it higher (`O(n + E)`). With the values of an earlier
/// solution as the floor, a variable moves only as far as constraints added or tightened
/// since then need.
pub(super) fn longest_path_from(edges: &[Constraint], floor: Vec<i64>) -> Vec<i64> {
    let n = floor.len();
    let csr = Csr::build(n, edges);
    let mut indeg = vec![0u32; n];
    for e in edges {
        indeg[e.head as usize] += 1;
    }
    let mut rank = floor;
    let mut stack: Vec<u32> = (0..n as u32).filter(|&v| indeg[v as usize] == 0).collect();
    stack.reverse();
    let mut done = 0;
    while let Some(v) = stack.pop() {
        done += 1;
        for &ei in csr.of(v as usize) {
            let e = edges[ei as usize];
            if e.tail == v {
                let h = e.head as usize;
                rank[h] = rank[h].max(rank[v as usize] + e.minlen);
                indeg[h] -= 1;
                if indeg[h] == 0 {
                    stack.push(e.head);
                }
            }
        }
    }
    debug_assert_eq!(done, n, "constraint graph has a cycle");
    rank
}

const SEARCH_SIZE: usize = 30;
const NONE: u32 = u32::MAX;

struct Simplex<'a> {
    edges: &'a [Constraint],
    adj: Csr,
    rank: Vec<i64>,
    in_tree: Vec<bool>,
    tree_adj: Vec<Vec<u32>>,
    tree_edges: Vec<u32>,
    tree_slot: Vec<u32>,
    cut: Vec<i64>,
    par: Vec<u32>,
    low: Vec<u32>,
    lim: Vec<u32>,
    by_lim: Vec<u32>,
    search_from: usize,
    scratch: Vec<u32>,
    /// First and last postorder number of each vertex's component.
    comp: Vec<(u32, u32)>,
}

impl<'a> Simplex<'a> {
    fn new(n: usize, edges: &'a [Constraint], rank: Vec<i64>) -> Simplex<'a> {
        Simplex {
            edges,
            adj: Csr::build(n, edges),
            rank,
            in_tree: vec![false; n],
            tree_adj: vec![Vec::new(); n],
            tree_edges: Vec::new(),
            tree_slot: vec![NONE; edges.len()],
            cut: vec![0; edges.len()],
            par: vec![NONE; n],
            low: vec![0; n],
            lim: vec![0; n],
            by_lim: vec![0; n + 1],
            search_from: 0,
            scratch: Vec::new(),
            comp: vec![(0, 0); n],
        }
    }

    fn n(&self) -> usize {
        self.rank.len()
    }

    fn slack(&self, e: u32) -> i64 {
        let c = self.edges[e as usize];
        self.rank[c.head as usize] - self.rank[c.tail as usize] - c.minlen
    }

    fn other(&self, e: u32, v: u32) -> u32 {
        let c = self.edges[e as usize];
        if c.tail == v { c.head } else { c.tail }
    }

    fn add_tree_edge(&mut self, e: u32) {
        let c = self.edges[e as usize];
        self.tree_slot[e as usize] = self.tree_edges.len() as u32;
        self.tree_edges.push(e);
        self.tree_adj[c.tail as usize].push(e);
        self.tree_adj[c.head as usize].push(e);
    }

    /// Grows a tight spanning tree of each component. Tree nodes keep `base` and the tree as
    /// a whole carries `offset`, so shifting the tree to make a boundary edge tight is O(1);
    /// boundary edges wait in two heaps keyed so that their order does not depend on the
    /// offset.
    fn feasible_tree(&mut self) {
        let n = self.n();
        let mut base = vec![0i64; n];
        let mut out_heap: BinaryHeap<Reverse<(i64, u32)>> = BinaryHeap::new();
        let mut in_heap: BinaryHeap<Reverse<(i64, u32)>> = BinaryHeap::new();
        let mut members: Vec<u32> = Vec::new();
        let mut stack: Vec<u32> = Vec::new();
        for start in 0..n as u32 {
            if self.in_tree[start as usize] {
                continue;
            }
            let mut offset = 0i64;
            members.clear();
            out_heap.clear();
            in_heap.clear();
            stack.push(start);
            self.in_tree[start as usize] = true;
            base[start as usize] = self.rank[start as usize];
            loop {
                while let Some(v) = stack.pop() {
                    members.push(v);
                    let (lo, hi) = (
                        self.adj.start[v as usize] as usize,
                        self.adj.start[v as usize + 1] as usize,
                    );
                    for idx in lo..hi {
                        let e = self.adj.items[idx];
                        let c = self.edges[e as usize];
                        let w = self.other(e, v);
                        if self.in_tree[w as usize] {
                            continue;
                        }
                        let rank_v = base[v as usize] + offset;
                        let slack = if c.tail == v {
                            self.rank[w as usize] - rank_v - c.minlen
                        } else {
                            rank_v - self.rank[w as usize] - c.minlen
                        };
                        if slack == 0 {
                            self.in_tree[w as usize] = true;
                            base[w as usize] = self.rank[w as usize] - offset;
                            self.add_tree_edge(e);
                            stack.push(w);
                        } else if c.tail == v {
                            out_heap.push(Reverse((
                                self.rank[w as usize] - base[v as usize] - c.minlen,
                                e,
                            )));
                        } else {
                            in_heap.push(Reverse((
                                base[v as usize] - self.rank[w as usize] - c.minlen,
                                e,
                            )));
                        }
                    }
                }
                let best_out = pop_fresh(&mut out_heap, self.edges, &self.in_tree);
                let best_in = pop_fresh(&mut in_heap, self.edges, &self.in_tree);
                let out_slack = best_out.map(|(k, _)| k - offset);
                let in_slack = best_in.map(|(k, _)| k + offset);
                let (e, take_out) = match (out_slack, in_slack) {
                    (None, None) => break,
                    (Some(a), Some(b)) if a <= b => (best_out.unwrap().1, true),
                    (Some(_), None) => (best_out.unwrap().1, true),
                    _ => (best_in.unwrap().1, false),
                };
                if take_out {
                    offset += out_slack.unwrap();
                    if let Some(x) = best_in {
                        in_heap.push(Reverse(x));
                    }
                } else {
                    offset -= in_slack.unwrap();
                    if let Some(x) = best_out {
                        out_heap.push(Reverse(x));
                    }
                }
                let c = self.edges[e as usize];
                let w = if self.in_tree[c.tail as usize] {
                    c.head
                } else {
                    c.tail
                };
                self.in_tree[w as usize] = true;
                base[w as usize] = self.rank[w as usize] - offset;
                self.add_tree_edge(e);
                stack.push(w);
            }
            for &v in &members {
                self.rank[v as usize] = base[v as usize] + offset;
            }
        }
    }

    /// Numbers every tree in postorder (`lim`, with `low` the smallest number below a node),
    /// records parents, and computes every cut value bottom-up.
    fn init_cut_values(&mut self) {
        let n = self.n();
        let mut next = 1u32;
        let mut order: Vec<u32> = Vec::with_capacity(n);
        let mut seen = vec![false; n];
        for root in 0..n as u32 {
            if seen[root as usize] {
                continue;
            }
            seen[root as usize] = true;
            self.par[root as usize] = NONE;
            let start = order.len();
            let first = next;
            next = self.number(root, NONE, next, &mut order);
            for &v in &order[start..] {
                seen[v as usize] = true;
                self.comp[v as usize] = (first, next - 1);
            }
        }
        for &v in &order {
            if self.par[v as usize] != NONE {
                let e = self.par[v as usize];
                self.cut[e as usize] = self.cut_value(v);
            }
        }
    }

    /// Postorder numbering of the subtree of `root` (entered through `parent_edge`) starting
    /// at `low`; returns the next free number. Appends the nodes in postorder to `order`.
    fn number(&mut self, root: u32, parent_edge: u32, low: u32, order: &mut Vec<u32>) -> u32 {
        let mut next = low;
        let mut stack: Vec<(u32, usize, u32)> = vec![(root, 0, next)];
        self.par[root as usize] = parent_edge;
        while let Some(top) = stack.last_mut() {
            let (v, i, lo) = *top;
            if i < self.tree_adj[v as usize].len() {
                top.1 += 1;
                let e = self.tree_adj[v as usize][i];
                if e == self.par[v as usize] {
                    continue;
                }
                let w = self.other(e, v);
                if self.par[w as usize] == e && self.low[w as usize] == next {
                    // Unchanged below `w` (its path was not invalidated): keep its numbers.
                    next = self.lim[w as usize] + 1;
                    continue;
                }
                self.par[w as usize] = e;
                stack.push((w, 0, next));
            } else {
                self.low[v as usize] = lo;
                self.lim[v as usize] = next;
                self.by_lim[next as usize] = v;
                order.push(v);
                next += 1;
                stack.pop();
            }
        }
        next
    }

    /// The cut value of the tree edge from `child` to its parent, from the cut values of the
    /// tree edges below it.
    fn cut_value(&self, child: u32) -> i64 {
        let pe = self.par[child as usize];
        let child_is_tail = self.edges[pe as usize].tail == child;
        let mut cut = self.edges[pe as usize].weight;
        for &f in self.adj.of(child as usize) {
            if f == pe {
                continue;
            }
            let c = self.edges[f as usize];
            if c.tail == c.head {
                continue;
            }
            let is_out = c.tail == child;
            let points_to_head = is_out == child_is_tail;
            cut += if points_to_head { c.weight } else { -c.weight };
            if self.tree_slot[f as usize] != NONE {
                let other_cut = self.cut[f as usize];
                cut += if points_to_head {
                    -other_cut
                } else {
                    other_cut
                };
            }
        }
        cut
    }

    fn leave_edge(&mut self) -> Option<u32> {
        let m = self.tree_edges.len();
        if m == 0 {
            return None;
        }
        let mut best: Option<u32> = None;
        let mut found = 0;
        for k in 0..m {
            let i = (self.search_from + k) % m;
            let e = self.tree_edges[i];
            if self.cut[e as usize] < 0 {
                if best.is_none_or(|b| self.cut[e as usize] < self.cut[b as usize]) {
                    best = Some(e);
                }
                found += 1;
                if found >= SEARCH_SIZE {
                    self.search_from = i;
                    return best;
                }
            }
        }
        best
    }

    fn in_subtree(&self, v: u32, root: u32) -> bool {
        let l = self.lim[v as usize];
        self.low[root as usize] <= l && l <= self.lim[root as usize]
    }

    /// The non-tree edge of least slack that reconnects the two halves of the tree when `e`
    /// is removed, crossing in the direction opposite to `e`.
    fn enter_edge(&self, e: u32) -> u32 {
        let c = self.edges[e as usize];
        let (sub, tail_in_sub) = if self.lim[c.tail as usize] < self.lim[c.head as usize] {
            (c.tail, true)
        } else {
            (c.head, false)
        };
        let mut best: Option<(i64, u32)> = None;
        // Either side of the cut sees every crossing edge; search the smaller one.
        for range in self.smaller_side(sub) {
            for l in range {
                let v = self.by_lim[l as usize];
                for &f in self.adj.of(v as usize) {
                    let fc = self.edges[f as usize];
                    let t_in = self.in_subtree(fc.tail, sub);
                    let h_in = self.in_subtree(fc.head, sub);
                    let candidate = if tail_in_sub {
                        !t_in && h_in
                    } else {
                        t_in && !h_in
                    };
                    if candidate {
                        let s = self.slack(f);
                        if best.is_none_or(|(bs, bf)| (s, f) < (bs, bf)) {
                            best = Some((s, f));
                        }
                    }
                }
                if best.is_some_and(|(s, _)| s == 0) {
                    return best.map_or(e, |(_, f)| f);
                }
            }
        }
        best.map(|(_, f)| f).unwrap_or(e)
    }

    fn exchange(&mut self, e: u32, f: u32) {
        if e == f {
            self.cut[e as usize] = 0;
            return;
        }
        let ec = self.edges[e as usize];
        let fc = self.edges[f as usize];
        let delta = self.slack(f);
        if delta != 0 {
            if self.lim[ec.tail as usize] < self.lim[ec.head as usize] {
                self.shift_subtree(ec.tail, -delta);
            } else {
                self.shift_subtree(ec.head, delta);
            }
        }
        let cutvalue = self.cut[e as usize];
        let lca = self.tree_update(fc.tail, fc.head, cutvalue, true);
        self.tree_update(fc.head, fc.tail, cutvalue, false);
        // Subtrees on the cycle closed by `f` change; mark them for renumbering.
        for start in [fc.tail, fc.head] {
            let mut v = start;
            while v != lca {
                self.low[v as usize] = NONE;
                v = self.other(self.par[v as usize], v);
            }
        }
        self.cut[f as usize] = -cutvalue;
        self.cut[e as usize] = 0;
        let slot = self.tree_slot[e as usize];
        self.tree_slot[e as usize] = NONE;
        self.tree_edges[slot as usize] = f;
        self.tree_slot[f as usize] = slot;
        for v in [ec.tail, ec.head] {
            let list = &mut self.tree_adj[v as usize];
            if let Some(p) = list.iter().position(|&x| x == e) {
                list.swap_remove(p);
            }
        }
        self.tree_adj[fc.tail as usize].push(f);
        self.tree_adj[fc.head as usize].push(f);
        let low = self.low[lca as usize];
        let parent_edge = self.par[lca as usize];
        let mut order = std::mem::take(&mut self.scratch);
        order.clear();
        self.number(lca, parent_edge, low, &mut order);
        self.scratch = order;
    }

    /// Ranges of postorder numbers covering the smaller of: the subtree below `root`, or the
    /// rest of its component.
    fn smaller_side(&self, root: u32) -> [std::ops::Range<u32>; 2] {
        let (lo, hi) = (self.low[root as usize], self.lim[root as usize]);
        let (clo, chi) = self.comp[root as usize];
        if 2 * (hi - lo + 1) <= chi - clo + 1 {
            [lo..hi + 1, 0..0]
        } else {
            [clo..lo, hi + 1..chi + 1]
        }
    }

    /// Adds `delta` to every value in the subtree below `root` (as numbered now), or, when
    /// that is the larger part, subtracts it from the rest of the component: only
    /// differences matter.
    fn shift_subtree(&mut self, root: u32, delta: i64) {
        let (lo, hi) = (self.low[root as usize], self.lim[root as usize]);
        let (clo, chi) = self.comp[root as usize];
        if 2 * (hi - lo + 1) <= chi - clo + 1 {
            for l in lo..=hi {
                self.rank[self.by_lim[l as usize] as usize] += delta;
            }
        } else {
            for l in (clo..lo).chain(hi + 1..chi + 1) {
                self.rank[self.by_lim[l as usize] as usize] -= delta;
            }
        }
    }

    /// Walks from `v` up to the common ancestor with `w`, adjusting the cut values on the
    /// way; returns that ancestor.
    fn tree_update(&mut self, mut v: u32, w: u32, cutvalue: i64, dir: bool) -> u32 {
        while !self.in_subtree(w, v) {
            let e = self.par[v as usize];
            let c = self.edges[e as usize];
            let d = if v == c.tail { dir } else { !dir };
            if d {
                self.cut[e as usize] += cutvalue;
            } else {
                self.cut[e as usize] -= cutvalue;
            }
            v = if self.lim[c.tail as usize] > self.lim[c.head as usize] {
                c.tail
            } else {
                c.head
            };
        }
        v
    }
}

fn pop_fresh(
    heap: &mut BinaryHeap<Reverse<(i64, u32)>>,
    edges: &[Constraint],
    in_tree: &[bool],
) -> Option<(i64, u32)> {
    while let Some(Reverse((k, e))) = heap.pop() {
        let c = edges[e as usize];
        if !(in_tree[c.tail as usize] && in_tree[c.head as usize]) {
            return Some((k, e));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cost(edges: &[Constraint], y: &[i64]) -> i64 {
        edges
            .iter()
            .map(|e| e.weight * (y[e.head as usize] - y[e.tail as usize]))
            .sum()
    }

    fn feasible(edges: &[Constraint], y: &[i64]) -> bool {
        edges
            .iter()
            .all(|e| y[e.head as usize] - y[e.tail as usize] >= e.minlen)
    }

    #[test]
    fn longest_path_from_a_floor_moves_only_what_the_constraints_push() {
        let c = |tail, head, minlen| Constraint {
            tail,
            head,
            minlen,
            weight: 1,
        };
        // 0 → 1 → 2 in a chain, 3 apart each; 4 alone.
        let edges = [c(0, 1, 3), c(1, 2, 3)];
        assert_eq!(longest_path(5, &edges), vec![0, 3, 6, 0, 0]);
        // From an earlier solution with 1 needing to move: 2 follows only as far as needed.
        let y = longest_path_from(&edges, vec![10, 11, 20, 7, -2]);
        assert_eq!(y, vec![10, 13, 20, 7, -2]);
        assert!(feasible(&edges, &y));
    }

    /// The least cost over every assignment of values 0..=limit.
    fn brute_force(n: usize, edges: &[Constraint], limit: i64) -> i64 {
        let mut y = vec![0i64; n];
        let mut best = i64::MAX;
        loop {
            if feasible(edges, &y) {
                best = best.min(cost(edges, &y));
            }
            let mut i = 0;
            while i < n {
                y[i] += 1;
                if y[i] <= limit {
                    break;
                }
                y[i] = 0;
                i += 1;
            }
            if i == n {
                return best;
            }
        }
    }

    #[test]
    fn optimal_on_small_random_dags() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |m: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % m
        };
        for _ in 0..300 {
            let n = 2 + next(4) as usize;
            let mut edges = Vec::new();
            for _ in 0..next(8) {
                let a = next(n as u64) as u32;
                let b = next(n as u64) as u32;
                if a < b {
                    edges.push(Constraint {
                        tail: a,
                        head: b,
                        minlen: next(3) as i64,
                        weight: next(4) as i64,
                    });
                }
            }
            let init = longest_path(n, &edges);
            let y = solve(n, &edges, init.clone(), 10_000);
            assert!(feasible(&edges, &y));
            assert_eq!(cost(&edges, &y), brute_force(n, &edges, 2 * n as i64 + 2));
            let capped = solve(n, &edges, init, 0);
            assert!(feasible(&edges, &capped));
        }
    }
}
