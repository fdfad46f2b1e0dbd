//! Lookup tables over the model's own lists: a table holds the positions of the items (four
//! bytes each) and finds them by a name the list already stores, instead of keeping a second
//! copy of every name beside a `usize` (32 bytes an entry, plus the name's heap when it is long).

use std::hash::{BuildHasher, Hasher};

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

/// The hash of a name, the same for every table.
fn hash(name: &str) -> u64 {
    FxBuildHasher.hash_one(name)
}

/// Positions in a list, found by the name `key` reads from the item at a position.
#[derive(Debug, Clone, Default)]
pub struct NameIndex {
    table: HashTable<u32>,
}

impl NameIndex {
    /// An index with room for `n` names.
    pub fn with_capacity(n: usize) -> Self {
        NameIndex {
            table: HashTable::with_capacity(n),
        }
    }

    /// The position of `name`.
    pub fn get<'k>(&self, name: &str, key: impl Fn(usize) -> &'k str) -> Option<usize> {
        self.table
            .find(hash(name), |&i| key(i as usize) == name)
            .map(|&i| i as usize)
    }

    /// Records that `name` is at position `at` unless the index already has it (the first
    /// position stays, as with `entry(name).or_insert(at)`); returns the position it keeps.
    pub fn insert_first<'k>(
        &mut self,
        name: &str,
        at: usize,
        key: impl Fn(usize) -> &'k str,
    ) -> usize {
        let h = hash(name);
        let entry = self
            .table
            .entry(h, |&i| key(i as usize) == name, |&i| hash(key(i as usize)));
        *entry.or_insert(position(at)).get() as usize
    }

    /// Records that `name` is at position `at`, replacing an earlier position (as
    /// `insert(name, at)` does).
    pub fn insert_last<'k>(&mut self, name: &str, at: usize, key: impl Fn(usize) -> &'k str) {
        let h = hash(name);
        let entry = self
            .table
            .entry(h, |&i| key(i as usize) == name, |&i| hash(key(i as usize)));
        match entry {
            hashbrown::hash_table::Entry::Occupied(mut o) => *o.get_mut() = position(at),
            hashbrown::hash_table::Entry::Vacant(v) => {
                v.insert(position(at));
            }
        }
    }

    /// How many names the index holds.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.table.len()
    }
}

/// How many edges join each pair of ends, keyed as Mermaid keys them: by the text
/// `L_start_end`, so that `a_b → c` and `a → b_c` share one count as they do in Mermaid. Each
/// entry holds the position of the first edge with its key (which gives the key back) and the
/// count.
#[derive(Debug, Clone, Default)]
pub struct PairCounts {
    table: HashTable<(u32, u32)>,
}

/// The bytes of the key `L_{start}_{end}`, without writing it out.
fn pair_key_bytes<'s>(start: &'s str, end: &'s str) -> impl Iterator<Item = u8> + 's {
    b"L_"
        .iter()
        .chain(start.as_bytes())
        .chain(b"_")
        .chain(end.as_bytes())
        .copied()
}

/// The hash of the key `L_{start}_{end}`, a function of its text only (so `a_b → c` and
/// `a → b_c` hash alike), computed byte by byte instead of formatting the key: the table
/// rehashes every entry each time it grows.
fn pair_hash(start: &str, end: &str) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    for b in pair_key_bytes(start, end) {
        h.write_u8(b);
    }
    h.finish()
}

/// Whether the keys of two pairs are the same text.
fn same_pair_key(start: &str, end: &str, s: &str, e: &str) -> bool {
    start.len() + end.len() == s.len() + e.len()
        && pair_key_bytes(start, end).eq(pair_key_bytes(s, e))
}

impl PairCounts {
    /// Counts with room for `n` keys.
    pub fn with_capacity(n: usize) -> Self {
        PairCounts {
            table: HashTable::with_capacity(n),
        }
    }

    /// Counts one more edge from `start` to `end`, the edge that will be at position `at`;
    /// returns the count before it. `ends` reads the start and end of the edge at a position
    /// counted before.
    pub fn bump<'k>(
        &mut self,
        start: &str,
        end: &str,
        at: usize,
        ends: impl Fn(usize) -> (&'k str, &'k str),
    ) -> usize {
        let matches = |&(i, _): &(u32, u32)| {
            let (s, e) = ends(i as usize);
            same_pair_key(start, end, s, e)
        };
        let rehash = |&(i, _): &(u32, u32)| {
            let (s, e) = ends(i as usize);
            pair_hash(s, e)
        };
        let entry = self.table.entry(pair_hash(start, end), matches, rehash);
        let mut slot = entry.or_insert((position(at), 0));
        let count = &mut slot.get_mut().1;
        *count += 1;
        *count as usize - 1
    }
}

/// The members of subgraphs, each found by its name: the table holds the subgraph's position
/// and the member's position in its list.
#[derive(Debug, Clone, Default)]
pub struct MemberSet {
    table: HashTable<(u32, u32)>,
}

impl MemberSet {
    /// Whether `name` is a member; `key` reads member `j` of subgraph `sg`.
    pub fn contains<'k>(&self, name: &str, key: impl Fn(usize, usize) -> &'k str) -> bool {
        self.table
            .find(hash(name), |&(sg, j)| key(sg as usize, j as usize) == name)
            .is_some()
    }

    /// Adds member `j` of subgraph `sg`, unless a member of that name is already there.
    pub fn insert<'k>(&mut self, sg: usize, j: usize, key: impl Fn(usize, usize) -> &'k str) {
        let name = key(sg, j);
        self.table
            .entry(
                hash(name),
                |&(s, m)| key(s as usize, m as usize) == name,
                |&(s, m)| hash(key(s as usize, m as usize)),
            )
            .or_insert((position(sg), position(j)));
    }
}

/// A list position as the tables store it. A diagram is read from a `String`, so it cannot
/// hold 2^32 items of several bytes each; the check guards the narrowing all the same.
fn position(at: usize) -> u32 {
    u32::try_from(at).expect("a diagram has fewer than 2^32 items")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Both kinds of insertion answer as a `HashMap` does, for names that collide in
        /// their first letters and repeat.
        #[test]
        fn agrees_with_a_hash_map(names in proptest::collection::vec("[ab]{0,3}", 0..60)) {
            let mut first = NameIndex::default();
            let mut last = NameIndex::with_capacity(2);
            let mut first_map = std::collections::HashMap::new();
            let mut last_map = std::collections::HashMap::new();
            for (i, n) in names.iter().enumerate() {
                let kept = first.insert_first(n, i, |j| names[j].as_str());
                prop_assert_eq!(kept, *first_map.entry(n.clone()).or_insert(i));
                last.insert_last(n, i, |j| names[j].as_str());
                last_map.insert(n.clone(), i);
            }
            prop_assert_eq!(first.len(), first_map.len());
            prop_assert_eq!(last.len(), last_map.len());
            for probe in ["", "a", "b", "ab", "ba", "aaa", "abc", "x"] {
                prop_assert_eq!(first.get(probe, |j| names[j].as_str()), first_map.get(probe).copied());
                prop_assert_eq!(last.get(probe, |j| names[j].as_str()), last_map.get(probe).copied());
            }
        }

        /// The pair counts agree with counting the texts `L_start_end`, underscores in the ids
        /// included.
        #[test]
        fn pair_counts_agree_with_counting_the_keys(
            pairs in proptest::collection::vec(("[a_]{0,3}", "[a_]{0,3}"), 0..60),
        ) {
            let mut counts = PairCounts::with_capacity(1);
            let mut map = std::collections::HashMap::new();
            for (i, (s, e)) in pairs.iter().enumerate() {
                let before = counts.bump(s, e, i, |j| (pairs[j].0.as_str(), pairs[j].1.as_str()));
                let count = map.entry(format!("L_{s}_{e}")).or_insert(0);
                prop_assert_eq!(before, *count);
                *count += 1;
            }
        }

        /// A member set answers as a set of the member names.
        #[test]
        fn member_set_agrees_with_a_hash_set(
            lists in proptest::collection::vec(proptest::collection::vec("[ab]{0,2}", 0..5), 0..12),
        ) {
            let mut members = MemberSet::default();
            let mut set = std::collections::HashSet::new();
            for (sg, list) in lists.iter().enumerate() {
                for (j, name) in list.iter().enumerate() {
                    members.insert(sg, j, |s, m| lists[s][m].as_str());
                    set.insert(name.clone());
                }
            }
            for probe in ["", "a", "b", "ab", "ba", "aa", "bb", "x"] {
                prop_assert_eq!(members.contains(probe, |s, m| lists[s][m].as_str()), set.contains(probe));
            }
        }
    }
}
