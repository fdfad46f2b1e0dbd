//! The layout input a renderer would build from Mermaid's model, with text measured roughly
//! (8 px per character, 20 px per line): shared by the layout tests and the layout benchmark.

use std::collections::HashMap;

use topomaid::flowdb::FlowDb;
use topomaid::layout::{ClusterSpec, Direction, EdgeSpec, End, LayoutInput, NodeSpec};

/// A rough text size: 8 px per character, 20 px per line.
fn text_size(text: &str) -> (f64, f64) {
    let lines: Vec<&str> = text
        .split("<br/>")
        .flat_map(|l| l.split("<br>"))
        .flat_map(|l| l.split('\n'))
        .collect();
    let chars = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    (8.0 * chars as f64, 20.0 * lines.len() as f64)
}

/// The layout input a renderer would build from Mermaid's model.
pub fn input_from(db: &FlowDb) -> LayoutInput {
    let mut input = LayoutInput::new(Direction::from_mermaid(&db.direction));
    let sub_index: HashMap<&str, usize> = db
        .subgraphs
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let mut owner: HashMap<&str, usize> = HashMap::new();
    for (i, s) in db.subgraphs.iter().enumerate() {
        for m in &s.nodes {
            owner.entry(m.as_str()).or_insert(i);
        }
    }
    for s in &db.subgraphs {
        let (w, h) = text_size(&s.title);
        input.clusters.push(ClusterSpec {
            parent: owner.get(s.id.as_str()).copied(),
            title_width: w,
            title_height: h,
            direction: s.dir.map(Direction::from_mermaid),
        });
    }
    let mut node_index: HashMap<&str, usize> = HashMap::new();
    for v in &db.vertices {
        if sub_index.contains_key(v.id.as_str()) {
            continue;
        }
        let (w, h) = text_size(&v.text);
        node_index.insert(v.id.as_str(), input.nodes.len());
        input.nodes.push(NodeSpec {
            width: w + 30.0,
            height: h + 20.0,
            cluster: owner.get(v.id.as_str()).copied(),
        });
    }
    let end = |id: &str| -> Option<End> {
        if let Some(&c) = sub_index.get(id) {
            Some(End::Cluster(c))
        } else {
            node_index.get(id).map(|&n| End::Node(n))
        }
    };
    for e in &db.edges {
        let (Some(from), Some(to)) = (end(e.start.as_str()), end(e.end.as_str())) else {
            continue;
        };
        input.edges.push(EdgeSpec {
            from,
            to,
            label: (!e.text().is_empty()).then(|| {
                let (w, h) = text_size(e.text());
                (w + 8.0, h + 4.0)
            }),
            min_len: usize::from(e.length),
        });
    }
    input
}
