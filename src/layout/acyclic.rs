//! Cycle breaking: a depth-first search from every vertex in input order reverses the edges
//! that close a cycle (back edges). The reversed edges are still drawn in their own direction.

/// For each edge `(tail, head)` over `n` vertices, whether to reverse it so that the graph
/// becomes acyclic. Self-loops are never reversed (callers leave them out).
pub(super) fn back_edges(n: usize, edges: &[(u32, u32)]) -> Vec<bool> {
    let mut start = vec![0u32; n + 1];
    for &(t, _) in edges {
        start[t as usize + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut out = vec![0u32; edges.len()];
    for (i, &(t, _)) in edges.iter().enumerate() {
        out[fill[t as usize] as usize] = i as u32;
        fill[t as usize] += 1;
    }
    // 0 unvisited, 1 on the stack, 2 done.
    let mut state = vec![0u8; n];
    let mut reversed = vec![false; edges.len()];
    let mut stack: Vec<(u32, u32)> = Vec::new();
    for root in 0..n as u32 {
        if state[root as usize] != 0 {
            continue;
        }
        state[root as usize] = 1;
        stack.push((root, start[root as usize]));
        while let Some(top) = stack.last_mut() {
            let (v, i) = *top;
            if i < start[v as usize + 1] {
                top.1 += 1;
                let e = out[i as usize];
                let w = edges[e as usize].1;
                match state[w as usize] {
                    0 => {
                        state[w as usize] = 1;
                        stack.push((w, start[w as usize]));
                    }
                    1 => reversed[e as usize] = true,
                    _ => {}
                }
            } else {
                state[v as usize] = 2;
                stack.pop();
            }
        }
    }
    reversed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_acyclic(n: usize, edges: &[(u32, u32)], rev: &[bool]) -> bool {
        let mut indeg = vec![0; n];
        let flipped: Vec<(u32, u32)> = edges
            .iter()
            .zip(rev)
            .map(|(&(a, b), &r)| if r { (b, a) } else { (a, b) })
            .collect();
        for &(_, b) in &flipped {
            indeg[b as usize] += 1;
        }
        let mut queue: Vec<u32> = (0..n as u32).filter(|&v| indeg[v as usize] == 0).collect();
        let mut seen = 0;
        while let Some(v) = queue.pop() {
            seen += 1;
            for &(a, b) in &flipped {
                if a == v {
                    indeg[b as usize] -= 1;
                    if indeg[b as usize] == 0 {
                        queue.push(b);
                    }
                }
            }
        }
        seen == n
    }

    #[test]
    fn breaks_every_cycle_and_keeps_dags() {
        let dag = [(0, 1), (1, 2), (0, 2)];
        assert_eq!(back_edges(3, &dag), vec![false; 3]);
        let cyclic = [(0, 1), (1, 2), (2, 0), (2, 1), (3, 3 - 1), (2, 3)];
        let rev = back_edges(4, &cyclic);
        assert!(rev.iter().any(|&r| r));
        assert!(is_acyclic(4, &cyclic, &rev));
    }
}
