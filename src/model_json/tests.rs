use super::*;
use crate::flowdb::FlowDb;
use crate::lint::LintConfig;

fn json_of(text: &str) -> serde_json::Value {
    let chart = crate::syntax::parse(text).expect("parses");
    let db = FlowDb::build(&chart).expect("builds");
    let config = LintConfig::default();
    let model = crate::lint::model(text, &chart, &db, &config);
    let found = crate::lint::check_model(text, &chart, &model, &config);
    let index = LineIndex::new(text);
    let at = Place {
        file: "t.mmd",
        text,
        index: &index,
        base: 0,
    };
    serde_json::to_value(DiagramJson::parsed(&model, &found, at, text.len())).expect("serialises")
}

#[test]
fn zones_come_outermost_first_with_members_and_children() {
    let v = json_of(
        "graph LR\nsubgraph VNet[\"VNet 10.0.0.0/16\"]\n  subgraph App[\"App 10.0.1.0/24\"]\n    \
         A[API]\n  end\n  G[Gateway]\nend\nG --> A\n",
    );
    let ids: Vec<&str> = v["zones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|z| z["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["VNet", "App"]);
    assert_eq!(v["zones"][0]["children"], serde_json::json!(["App"]));
    assert_eq!(v["zones"][0]["members"], serde_json::json!(["G"]));
    assert_eq!(v["zones"][1]["parent"], "VNet");
    assert_eq!(v["zones"][1]["depth"], 1);
    assert_eq!(v["zones"][1]["cidrs"][0]["net"], "10.0.1.0/24");
    assert_eq!(
        v["nodes"][0]["id"], "A",
        "nodes in Mermaid's order: first mention"
    );
    assert_eq!(v["nodes"][0]["zone"], "App");
    assert_eq!(v["nodes"][1]["zone"], "VNet");
    assert_eq!(v["edges"][0]["from"], "G");
}

#[test]
fn invalid_cidrs_are_kept_with_their_reason_and_hosts_are_not_cidrs() {
    let v = json_of("graph LR\nsubgraph S[\"Subnet 10.0.300.0/24 gw 10.0.0.1\"]\n  A\nend\n");
    let cidrs = v["zones"][0]["cidrs"].as_array().unwrap();
    assert_eq!(cidrs.len(), 1, "{cidrs:?}");
    assert_eq!(cidrs[0]["type"], "invalid");
    assert_eq!(cidrs[0]["cidr"], true);
    assert!(cidrs[0]["reason"].as_str().is_some_and(|r| !r.is_empty()));
}

#[test]
fn a_diagram_that_does_not_parse_has_its_errors_as_syntax_diagnostics() {
    let text = "graph LR\nsubgraph S\n  A --> B\n";
    let Err(failure) = crate::syntax::parse(text) else {
        panic!("should not parse");
    };
    let errors = failure.errors();
    let index = LineIndex::new(text);
    let at = Place {
        file: "bad.mmd",
        text,
        index: &index,
        base: 0,
    };
    let v = serde_json::to_value(DiagramJson::failed(&errors, at, text.len())).unwrap();
    assert_eq!(v["status"], "failed");
    assert_eq!(v["diagnostics"][0]["rule"], "syntax");
    assert_eq!(v["diagnostics"][0]["file"], "bad.mmd");
    assert_eq!(v["nodes"], serde_json::json!([]));
}

#[test]
fn the_schema_pins_the_version() {
    let schema = schema();
    assert_eq!(
        schema.as_value()["properties"]["version"]["const"],
        serde_json::json!(VERSION)
    );
}
