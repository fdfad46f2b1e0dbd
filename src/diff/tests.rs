use serde_json::json;

use super::*;
use crate::flowdb::FlowDb;

fn model(text: &str) -> Model {
    let chart = crate::syntax::parse(text).expect("parses");
    let db = FlowDb::build(&chart).expect("builds");
    Model::build(text, &chart, &db)
}

fn drift(old: &str, new: &str) -> Drift {
    diff(&model(old), &model(new))
}

/// The changes of the one thing that changed, when nothing was added or removed.
fn only_change<T: std::fmt::Debug>(c: &Changes<T>) -> Vec<(&'static str, Value, Value)> {
    assert!(c.added.is_empty() && c.removed.is_empty(), "{c:?}");
    only_change_of(c)
}

const NET: &str = "flowchart LR
subgraph VNet[\"VNet 10.0.0.0/16\"]
  subgraph App[\"App Subnet 10.0.1.0/24\"]
    API[\"User API<br/>:8080\"]
  end
  subgraph Data[\"Data Subnet 10.0.2.0/24\"]
    DB[(\"PostgreSQL\")]
  end
end
U[\"Users\"] -->|\"HTTPS\"| API
API -->|\"TCP:5432\"| DB
API -.->|\"backup\"| DB
";

#[test]
fn reordered_statements_and_reformatted_spacing_are_no_difference() {
    let reformatted = "graph LR
U[Users]
subgraph VNet [\"VNet   10.0.0.0/16\"]
    subgraph Data[\"Data Subnet 10.0.2.0/24\"]
        DB[(PostgreSQL)]
    end
    subgraph App[\"App Subnet<br>10.0.1.0/24\"]
        API[\"User API<br>:8080\"]
    end
end
API -. \"backup\" .-> DB
API -- \"TCP:5432\" --> DB
U -- HTTPS --> API
";
    let d = drift(NET, reformatted);
    assert!(d.is_empty(), "{d:#?}");
}

#[test]
fn a_renamed_label_is_a_label_change() {
    let d = drift(
        NET,
        &NET.replace("User API<br/>:8080", "Account API<br/>:8080"),
    );
    assert!(d.zones.is_empty() && d.edges.is_empty());
    assert_eq!(
        only_change(&d.nodes),
        [(
            "label",
            json!("User API\n:8080"),
            json!("Account API\n:8080")
        )]
    );
}

#[test]
fn a_moved_node_changes_zone() {
    let moved = NET
        .replace("    API[\"User API<br/>:8080\"]\n", "")
        .replace(
            "    DB[(\"PostgreSQL\")]\n",
            "    DB[(\"PostgreSQL\")]\n    API[\"User API<br/>:8080\"]\n",
        );
    let d = drift(NET, &moved);
    assert_eq!(
        only_change(&d.nodes),
        [("zone", json!("App"), json!("Data"))]
    );
    assert!(d.zones.is_empty() && d.edges.is_empty(), "{d:#?}");
}

#[test]
fn a_changed_cidr_is_that_change_alone() {
    let d = drift(NET, &NET.replace("10.0.1.0/24", "10.0.8.0/22"));
    assert_eq!(
        only_change(&d.zones),
        [("cidrs", json!(["10.0.1.0/24"]), json!(["10.0.8.0/22"]))]
    );
    assert!(d.nodes.is_empty() && d.edges.is_empty());
}

#[test]
fn a_changed_title_beside_a_cidr_is_reported_too() {
    let d = drift(
        NET,
        &NET.replace("App Subnet 10.0.1.0/24", "Web Subnet 10.0.9.0/24"),
    );
    let fields: Vec<_> = only_change(&d.zones).into_iter().map(|c| c.0).collect();
    assert_eq!(fields, ["title", "cidrs"]);
}

#[test]
fn a_changed_port_is_not_also_a_label_change() {
    let d = drift(NET, &NET.replace(":8080", ":8443"));
    assert_eq!(
        only_change(&d.nodes),
        [("ports", json!(["8080"]), json!(["8443"]))]
    );
    let d = drift(NET, &NET.replace("TCP:5432", "TCP:6432"));
    assert_eq!(
        only_change(&d.edges),
        [("ports", json!(["TCP:5432"]), json!(["TCP:6432"]))]
    );
}

#[test]
fn a_new_kind_is_a_kind_change() {
    let d = drift(NET, &NET.replace("DB[(\"PostgreSQL\")]", "DB[(\"Redis\")]"));
    let fields: Vec<_> = only_change(&d.nodes).into_iter().map(|c| c.0).collect();
    assert_eq!(fields, ["kind", "label"]);
    assert_eq!(d.nodes.changed[0].changes[0].new, json!("cache"));
}

#[test]
fn edges_match_by_endpoints_and_meaning_not_by_order_or_id() {
    // The two API→DB edges are swapped; their ids (`L_API_DB_0`, `_1`) swap meaning.
    let swapped = NET.replace(
        "API -->|\"TCP:5432\"| DB\nAPI -.->|\"backup\"| DB\n",
        "API -.->|\"backup\"| DB\nAPI -->|\"TCP:5432\"| DB\n",
    );
    assert!(drift(NET, &swapped).is_empty());
    // One of them goes: exactly that one is removed.
    let one = NET.replace("API -.->|\"backup\"| DB\n", "");
    let d = drift(NET, &one);
    assert!(d.edges.added.is_empty() && d.edges.changed.is_empty());
    assert_eq!(d.edges.removed.len(), 1);
    assert_eq!(d.edges.removed[0].style, crate::model::EdgeStyle::Dotted);
}

#[test]
fn a_restyled_edge_is_changed_with_its_meaning() {
    let d = drift(
        NET,
        &NET.replace("API -.->|\"backup\"| DB", "API ==>|\"backup\"| DB"),
    );
    assert_eq!(
        only_change(&d.edges),
        [
            ("style", json!("dotted"), json!("thick")),
            ("traffic", json!("association"), json!("traffic")),
        ]
    );
}

#[test]
fn two_way_edges_have_no_direction_and_reversal_is_a_change() {
    let a = "graph LR\nA <--> B\nC --> D\n";
    assert!(drift(a, "graph LR\nB <--> A\nC --> D\n").is_empty());
    let d = drift(a, "graph LR\nA <--> B\nD --> C\n");
    assert_eq!(
        only_change(&d.edges),
        [("direction", json!("C → D"), json!("D → C"))]
    );
}

#[test]
fn nodes_and_zones_added_and_removed() {
    let more = NET.replace(
        "end\nU[",
        "  subgraph Cache[\"Cache Subnet 10.0.3.0/24\"]\n    R[\"Redis\"]\n  end\nend\nU[",
    );
    let d = drift(NET, &more);
    assert_eq!(d.zones.added.len(), 1);
    assert_eq!(d.zones.added[0].parent.as_deref(), Some("VNet"));
    assert_eq!(d.nodes.added.len(), 1);
    assert_eq!(d.nodes.added[0].kind, crate::model::Kind::Cache);
    let back = drift(&more, NET);
    assert_eq!(back.zones.removed, d.zones.added);
    assert_eq!(back.nodes.removed, d.nodes.added);
}

#[test]
fn the_changelog_reads_like_one() {
    let new = NET
        .replace("10.0.1.0/24", "10.0.2.0/24")
        .replace("Data Subnet 10.0.2.0/24", "Data Subnet 10.0.4.0/24")
        .replace("end\nU[", "  R[\"Redis\"]\nend\nU[");
    let d = drift(NET, &new);
    let text = render::human("dev.mmd", "prod.mmd", &d, false);
    assert!(
        text.contains("~ zone App: cidr 10.0.1.0/24 → 10.0.2.0/24\n"),
        "{text}"
    );
    assert!(
        text.contains("+ node R \"Redis\" (cache) in zone VNet\n"),
        "{text}"
    );
    assert!(text.ends_with("zones +0 -0 ~2, nodes +1 -0 ~0, edges +0 -0 ~0\n"));
    let same = render::human("a", "b", &drift(NET, NET), false);
    assert_eq!(same, "a and b describe the same topology\n");
}

#[test]
fn edges_into_zones_are_matched_by_the_zone_id() {
    let a = "graph LR\nU[Users]\nsubgraph S[\"Subnet 10.0.0.0/24\"]\n  A[API]\nend\nU --> S\n";
    assert!(drift(a, a).is_empty());
    let d = drift(a, &a.replace("U --> S", "U -.-> S"));
    assert_eq!(d.edges.changed.len(), 1);
    assert_eq!(d.edges.changed[0].new.to, "S");
}

#[test]
fn several_edges_between_the_same_nodes_pair_by_likeness() {
    let a = "graph LR\nA -->|\"TCP:5432\"| B\nA -.->|backup| B\n";
    let b = "graph LR\nA -.->|backup| B\nA -->|\"TCP:6432\"| B\nA ==> B\n";
    let d = drift(a, b);
    assert_eq!(
        only_change_of(&d.edges),
        [("ports", json!(["TCP:5432"]), json!(["TCP:6432"]))]
    );
    assert_eq!(d.edges.added.len(), 1);
    assert_eq!(d.edges.added[0].style, crate::model::EdgeStyle::Thick);
}

/// The changes of the one changed item, whatever else was added or removed.
fn only_change_of<T: std::fmt::Debug>(c: &Changes<T>) -> Vec<(&'static str, Value, Value)> {
    assert_eq!(c.changed.len(), 1, "{c:?}");
    c.changed[0]
        .changes
        .iter()
        .map(|f| (f.field, f.old.clone(), f.new.clone()))
        .collect()
}

#[test]
fn colour_marks_the_lines_only_when_asked() {
    let d = drift(NET, &NET.replace("10.0.1.0/24", "10.0.2.0/24"));
    let plain = render::human("a", "b", &d, false);
    let coloured = render::human("a", "b", &d, true);
    assert!(!plain.contains('\x1b'));
    assert!(
        coloured.contains("\x1b[33m~\x1b[0m zone App: cidr"),
        "{coloured}"
    );
}

#[test]
fn json_lists_each_change_with_old_and_new() {
    let d = drift(NET, &NET.replace("10.0.1.0/24", "10.0.2.0/24"));
    let v: Value = serde_json::from_str(&render::json("a", "b", &d)).expect("JSON");
    assert_eq!(v["version"], VERSION);
    assert_eq!(v["equal"], false);
    assert_eq!(
        v["zones"]["changed"][0]["changes"],
        json!([{"field": "cidrs", "old": ["10.0.1.0/24"], "new": ["10.0.2.0/24"]}])
    );
    assert_eq!(v["zones"]["changed"][0]["new"]["id"], "App");
}

#[test]
fn a_repeated_edge_counts_once_per_statement() {
    let d = drift("graph LR\nA --> B\n", "graph LR\nA --> B\nA --> B\n");
    assert_eq!(d.edges.added.len(), 1);
    assert!(d.edges.removed.is_empty() && d.edges.changed.is_empty());
    assert!(drift("graph LR\nA --> B\nA --> B\n", "graph LR\nA --> B & B\n").is_empty());
}

#[test]
fn a_node_that_becomes_a_zone() {
    let d = drift(
        "graph LR\nU --> X\n",
        "graph LR\nsubgraph X[\"Cluster\"]\n  P[Pod]\nend\nU --> X\n",
    );
    assert_eq!(d.nodes.removed.len(), 1);
    assert_eq!(d.nodes.removed[0].id, "X");
    assert_eq!(d.zones.added.len(), 1);
    assert_eq!(d.nodes.added.len(), 1);
    assert!(d.edges.is_empty(), "the edge still ends at X: {d:#?}");
}
