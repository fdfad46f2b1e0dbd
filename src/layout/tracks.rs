//! Edge ends and horizontal tracks: where the edges leave and enter their boxes (ports spread
//! along a side, or one trunk), and the tracks their sideways moves take in the strip between
//! two ranks. Positioning asks how many tracks each strip needs; routing puts the moves on them.

use super::layered::{Chain, Layered};

/// Distance between neighbouring edge ends on one side of a box, room allowing.
const PORT_STEP: f64 = 12.0;

/// The closest two edge ends on a side may be; more edges than that allows share one end in
/// the middle of the side, a trunk.
const MIN_PORT_STEP: f64 = 10.0;

/// Offsets along a border for `count` edges on a box `width` wide: `PORT_STEP` apart, closer
/// where the side (less 8 px at each corner) has no room for that, and all at the middle (a
/// trunk that branches in the strip) when they would come closer than `MIN_PORT_STEP`.
fn spread(i: usize, count: usize, width: f64) -> f64 {
    if count <= 1 {
        return 0.0;
    }
    let usable = (width - 2.0 * (width / 4.0).min(8.0)).max(0.0);
    let step = (usable / (count - 1) as f64).min(PORT_STEP);
    if step < MIN_PORT_STEP {
        return 0.0;
    }
    (i as f64 - (count - 1) as f64 / 2.0) * step
}

/// Runs down through the ranks: one per layered chain, two per corridor chain (the second of
/// them ends at the corridor, where no offset spreads it); and the first run of every chain.
pub(super) fn runs(g: &Layered) -> (Vec<&[u32]>, Vec<usize>) {
    let mut runs: Vec<&[u32]> = Vec::new();
    let mut first_run = vec![usize::MAX; g.chains.len()];
    for (i, ch) in g.chains.iter().enumerate() {
        match ch {
            Chain::Layered { vertices, .. } => {
                first_run[i] = runs.len();
                runs.push(vertices);
            }
            Chain::Corridor { tail, head } => {
                first_run[i] = runs.len();
                runs.push(tail);
                runs.push(head);
            }
            _ => {}
        }
    }
    (runs, first_run)
}

/// Where each run leaves its upper box and enters its lower one, as offsets from the box's
/// centre: the runs leaving a box's bottom (and entering its top) spread along it, sorted by
/// where they go next, so they do not cross there.
pub(super) fn ports(g: &Layered, x: &[f64], runs: &[&[u32]]) -> (Vec<f64>, Vec<f64>) {
    let n = g.kind.len();
    let mut below: Vec<Vec<(f64, usize)>> = vec![Vec::new(); n];
    let mut above: Vec<Vec<(f64, usize)>> = vec![Vec::new(); n];
    for (j, vertices) in runs.iter().enumerate() {
        let m = vertices.len();
        below[vertices[0] as usize].push((x[vertices[1] as usize], j));
        if !g.is_dummy(vertices[m - 1]) {
            above[vertices[m - 1] as usize].push((x[vertices[m - 2] as usize], j));
        }
    }
    let mut start_off = vec![0.0; runs.len()];
    let mut end_off = vec![0.0; runs.len()];
    for v in 0..n {
        for (list, out) in [
            (&mut below[v], &mut start_off),
            (&mut above[v], &mut end_off),
        ] {
            list.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            for (j, &(_, i)) in list.iter().enumerate() {
                out[i] = spread(j, list.len(), g.width[v]);
            }
        }
    }
    (start_off, end_off)
}

/// The flat chains (both ends on one rank, joined through the strip below it): (chain, rank,
/// tail, head).
pub(super) fn flat_chains(g: &Layered) -> impl Iterator<Item = (usize, usize, usize, usize)> + '_ {
    g.chains.iter().enumerate().filter_map(|(i, ch)| match ch {
        Chain::Flat { from, to } => {
            let (a, b) = (*from as usize, *to as usize);
            Some((i, g.rank[a] as usize, a, b))
        }
        _ => None,
    })
}

pub(super) fn flats(g: &Layered) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    flat_chains(g).map(|(_, r, a, b)| (r, a, b))
}

/// How many horizontal tracks the strip below each rank needs for the sideways moves of the
/// edges across it, with their ends where routing will put them (vertex `x`, ports spread).
pub(super) fn strip_tracks(g: &Layered, x: &[f64]) -> Vec<usize> {
    let (runs, _) = runs(g);
    let (start_off, end_off) = ports(g, x, &runs);
    let mut moves: Vec<Vec<(f64, f64)>> = vec![Vec::new(); g.ranks];
    for (i, vertices) in runs.iter().enumerate() {
        let m = vertices.len();
        let mut cur = x[vertices[0] as usize] + start_off[i];
        for (j, &v) in vertices.iter().enumerate().skip(1) {
            let tx = x[v as usize] + if j == m - 1 { end_off[i] } else { 0.0 };
            if (cur - tx).abs() > 1.0 {
                moves[g.rank[v as usize] as usize - 1].push((cur, tx));
            }
            cur = tx;
        }
    }
    for (r, a, b) in flats(g) {
        moves[r].push((x[a], x[b]));
    }
    moves
        .iter()
        .map(|m| if m.is_empty() { 0 } else { pack_tracks(m).1 })
        .collect()
}

/// Room kept along a track between the ends of two moves that share it.
const TRACK_END_GAP: f64 = 5.0;

/// Tracks for the sideways moves `(from x, to x)` across one strip: the track of each move
/// (0 is the highest) and the number of tracks. Moves whose spans overlap get different
/// tracks, in an order that keeps moves going the same way from crossing: rightward moves
/// above leftward ones, rightward moves starting further right higher, leftward moves
/// starting further left higher. Moves whose spans are apart (by more than twice
/// [`TRACK_END_GAP`]) share a track, so a strip is as tall as its densest place needs, not as
/// its number of moves. O(n log n): a segment tree over the span ends holds the lowest track
/// taken at every x.
pub(super) fn pack_tracks(moves: &[(f64, f64)]) -> (Vec<usize>, usize) {
    // Moves that start at one point and go the same way are branches of one trunk: they share
    // a track (on the stretch they have in common they lie on one another), each leaving it
    // where it turns down. So do moves that end at one point and come from the same side.
    let right = |&(a, b): &(f64, f64)| b > a;
    let mut group: Vec<usize> = (0..moves.len()).collect();
    for by_end in [false, true] {
        let mut first: rustc_hash::FxHashMap<(u64, bool), usize> = Default::default();
        let mut size: rustc_hash::FxHashMap<(u64, bool), usize> = Default::default();
        let at = |m: &(f64, f64)| if by_end { m.1 } else { m.0 };
        for m in moves {
            *size.entry((at(m).to_bits(), right(m))).or_default() += 1;
        }
        for (i, m) in moves.iter().enumerate() {
            let k = (at(m).to_bits(), right(m));
            if group[i] != i || size[&k] < 2 {
                continue;
            }
            let g = *first.entry(k).or_insert(i);
            group[i] = group[g];
        }
    }
    // One span per group, keyed by its first member.
    let mut span: Vec<Option<(f64, f64)>> = vec![None; moves.len()];
    for (i, m) in moves.iter().enumerate() {
        let (lo, hi) = (m.0.min(m.1), m.0.max(m.1));
        let s = span[group[i]].get_or_insert((lo, hi));
        *s = (s.0.min(lo), s.1.max(hi));
    }
    let key = |&(a, b): &(f64, f64)| if b > a { (0, -a) } else { (1, a) };
    let mut order: Vec<usize> = (0..moves.len()).filter(|&i| group[i] == i).collect();
    order.sort_by(|&m1, &m2| {
        let (k1, k2) = (key(&moves[m1]), key(&moves[m2]));
        k1.0.cmp(&k2.0)
            .then(k1.1.total_cmp(&k2.1))
            .then(m1.cmp(&m2))
    });
    let grown = |g: usize| {
        let (lo, hi) = span[g].unwrap_or((0.0, 0.0));
        (lo - TRACK_END_GAP, hi + TRACK_END_GAP)
    };
    let mut ends: Vec<f64> = order
        .iter()
        .flat_map(|&g| {
            let (lo, hi) = grown(g);
            [lo, hi]
        })
        .collect();
    ends.sort_by(f64::total_cmp);
    ends.dedup();
    let index = |x: f64| ends.partition_point(|&e| e < x);
    let mut tree = MaxTree::new(ends.len());
    let mut track = vec![0; moves.len()];
    let mut count = 0;
    for &g in &order {
        let (lo, hi) = grown(g);
        let (l, r) = (index(lo), index(hi));
        let t = tree.max(l, r);
        tree.assign(l, r, t + 1);
        track[g] = t;
        count = count.max(t + 1);
    }
    for i in 0..moves.len() {
        track[i] = track[group[i]];
    }
    (track, count)
}

/// Range assignment and range maximum over `0..n` (all 0 at first), lazily.
struct MaxTree {
    n: usize,
    max: Vec<usize>,
    set: Vec<Option<usize>>,
}

impl MaxTree {
    fn new(n: usize) -> MaxTree {
        let size = 4 * n.max(1);
        MaxTree {
            n: n.max(1),
            max: vec![0; size],
            set: vec![None; size],
        }
    }

    fn push(&mut self, node: usize) {
        if let Some(v) = self.set[node].take() {
            for c in [2 * node, 2 * node + 1] {
                self.max[c] = v;
                self.set[c] = Some(v);
            }
        }
    }

    /// The largest value in `l..=r`.
    fn max(&mut self, l: usize, r: usize) -> usize {
        self.query(1, 0, self.n - 1, l, r.min(self.n - 1))
    }

    /// Sets every value in `l..=r` to `v`.
    fn assign(&mut self, l: usize, r: usize, v: usize) {
        self.update(1, 0, self.n - 1, l, r.min(self.n - 1), v);
    }

    fn query(&mut self, node: usize, lo: usize, hi: usize, l: usize, r: usize) -> usize {
        if r < lo || hi < l || l > r {
            return 0;
        }
        if l <= lo && hi <= r {
            return self.max[node];
        }
        self.push(node);
        let mid = (lo + hi) / 2;
        self.query(2 * node, lo, mid, l, r)
            .max(self.query(2 * node + 1, mid + 1, hi, l, r))
    }

    fn update(&mut self, node: usize, lo: usize, hi: usize, l: usize, r: usize, v: usize) {
        if r < lo || hi < l || l > r {
            return;
        }
        if l <= lo && hi <= r {
            self.max[node] = v;
            self.set[node] = Some(v);
            return;
        }
        self.push(node);
        let mid = (lo + hi) / 2;
        self.update(2 * node, lo, mid, l, r, v);
        self.update(2 * node + 1, mid + 1, hi, l, r, v);
        self.max[node] = self.max[2 * node].max(self.max[2 * node + 1]);
    }
}

#[cfg(test)]
mod tests {
    use super::{pack_tracks, spread};

    #[test]
    fn crowded_ends_share_a_trunk() {
        assert_eq!(spread(0, 2, 100.0), -6.0);
        assert_eq!(spread(1, 2, 100.0), 6.0);
        // 20 ends on 100 px would be 4.4 px apart: one trunk in the middle.
        assert!((0..20).all(|i| spread(i, 20, 100.0) == 0.0));
    }

    #[test]
    fn moves_apart_share_a_track_and_overlapping_ones_keep_their_order() {
        // Two rightward moves far apart share the top track; a leftward one overlapping the
        // first goes below it; a rightward one starting further right above the one it overlaps.
        let (track, count) =
            pack_tracks(&[(0.0, 100.0), (500.0, 600.0), (80.0, 20.0), (50.0, 150.0)]);
        assert_eq!(count, 3);
        assert_eq!(track[1], 0, "{track:?}");
        assert!(track[3] < track[0], "{track:?}");
        assert!(track[0] < track[2], "{track:?}");
        // Touching spans (closer than the end gap) do not share.
        let (track, count) = pack_tracks(&[(0.0, 100.0), (105.0, 200.0)]);
        assert_eq!((count, track[0] != track[1]), (2, true));
        let (track, count) = pack_tracks(&[(0.0, 100.0), (111.0, 200.0)]);
        assert_eq!((count, track), (1, vec![0, 0]));
        assert_eq!(pack_tracks(&[]), (vec![], 0));
    }

    #[test]
    fn branches_of_a_trunk_share_a_track() {
        // Three moves from x = 0 to the right (one trunk), one from x = 0 to the left, and an
        // unrelated move across them.
        let moves = [
            (0.0, 100.0),
            (0.0, 300.0),
            (0.0, 200.0),
            (0.0, -50.0),
            (150.0, 20.0),
        ];
        let (track, count) = pack_tracks(&moves);
        assert_eq!(track[0], track[1]);
        assert_eq!(track[1], track[2]);
        assert_ne!(track[4], track[0]);
        assert_eq!(count, 2, "{track:?}");
        // Moves ending at one point from the same side share one too.
        let (track, count) = pack_tracks(&[(0.0, 500.0), (100.0, 500.0), (200.0, 500.0)]);
        assert_eq!((count, track), (1, vec![0, 0, 0]));
    }
}
