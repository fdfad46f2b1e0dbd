use super::*;

fn model(text: &str) -> Model {
    let chart = crate::syntax::parse(text).expect("parses");
    let db = FlowDb::build(&chart).expect("builds");
    Model::build(text, &chart, &db)
}

#[test]
fn zones_nodes_and_edges_of_a_small_network() {
    let src = "flowchart LR\n\
        subgraph Internet[\"🌐 인터넷\"]\n  U[\"👥 사용자\"]\nend\n\
        subgraph VNet[\"🏢 VNet<br/>주소 공간: 10.0.0.0/16\"]\n\
          subgraph App[\"App Subnet 10.0.1.0/24\"]\n    S[\"👤 User Service<br/>(3 replicas)<br/>10.0.1.4\"]\n  end\n\
        end\n\
        DB[(\"PostgreSQL\")]\n\
        U -->|\"HTTPS:443\"| S\n\
        S -.->|\"TCP:5432\"| DB\n\
        U --> App\n";
    let m = model(src);
    let vnet = m.zone("VNet").unwrap();
    let app = m.zone("App").unwrap();
    assert_eq!(m.zones[app.0].parent, Some(vnet));
    assert_eq!(m.zones[vnet.0].title, "🏢 VNet\n주소 공간: 10.0.0.0/16");
    let spaces: Vec<_> = m.zones[vnet.0].address_spaces().collect();
    assert_eq!(spaces.len(), 1);
    let span = spaces[0].0.span.unwrap();
    assert_eq!(&src[span.range()], "10.0.0.0/16");

    let s = &m.nodes[m.node("S").unwrap().0];
    assert_eq!(s.kind, Kind::Service);
    assert_eq!(s.zone, Some(app));
    assert_eq!(s.replicas, Some(Replicas { min: 3, max: 3 }));
    assert_eq!(s.addresses[0].text, "10.0.1.4");
    let u = &m.nodes[m.node("U").unwrap().0];
    assert_eq!(u.kind, Kind::External);
    let db = &m.nodes[m.node("DB").unwrap().0];
    assert_eq!(db.kind, Kind::Database);
    assert_eq!(db.kind_reason.source, KindSource::Label);

    assert_eq!(m.edges.len(), 3);
    assert_eq!(m.edges[0].ports[0].number, 443);
    assert_eq!(m.edges[0].protocols, ["HTTPS"]);
    assert_eq!(m.edges[1].traffic, Traffic::Association);
    assert_eq!(m.edges[2].to, Endpoint::Zone(app));

    let reach = m.reach(&[m.node("U").unwrap()], |e| e.traffic == Traffic::Traffic);
    assert!(reach.nodes[m.node("S").unwrap().0]);
    assert!(!reach.nodes[m.node("DB").unwrap().0]);
    assert!(reach.zones[app.0]);
}

#[test]
fn directives_override_heuristics() {
    let m = model(
        "flowchart LR\n%% topomaid: kind PG database\n%% topomaid: kind Pool compute\n\
         PG[\"Primary\"]\nsubgraph Pool\n  A[\"User Service\"]\nend\n%% topomaid: kind Ghost cache\n",
    );
    let pg = &m.nodes[m.node("PG").unwrap().0];
    assert_eq!(pg.kind, Kind::Database);
    assert_eq!(pg.kind_reason.source, KindSource::Directive);
    assert_eq!(m.nodes[m.node("A").unwrap().0].kind, Kind::Compute);
    assert_eq!(m.directives.problems.len(), 1);
}

#[test]
fn edges_into_zones_reach_their_members_and_zone_edges_leave_from_members() {
    let m = model(
        "flowchart LR\nU[Users] --> Z\nsubgraph Z\n  A[Service A]\nend\nZ --> B[Service B]\nC[Service C]\n",
    );
    let reach = m.reach(&[m.node("U").unwrap()], |_| true);
    assert!(reach.nodes[m.node("A").unwrap().0]);
    assert!(reach.nodes[m.node("B").unwrap().0]);
    assert!(!reach.nodes[m.node("C").unwrap().0]);
    let connected = m.connected();
    assert!(connected[m.node("A").unwrap().0]);
    assert!(!connected[m.node("C").unwrap().0]);
}

/// Every `.mmd` file under `dir`, recursively.
fn diagram_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            diagram_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "mmd") {
            out.push(path);
        }
    }
}

/// Building from Mermaid's model taken by value (as `check` does) and from a borrowed one give
/// the same topology, on the real diagrams and every lint fixture.
#[test]
fn built_from_an_owned_flowdb_the_model_is_the_same() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    diagram_files(&root.join("diagrams"), &mut files);
    diagram_files(&root.join("fixtures/lint"), &mut files);
    assert!(files.len() > 20, "{files:?}");
    let mut compared = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable");
        let Ok(chart) = crate::syntax::parse(&text) else {
            continue;
        };
        let Ok(db) = FlowDb::build(&chart) else {
            continue;
        };
        let borrowed = Model::build(&text, &chart, &db);
        let owned = Model::build_owned(&text, &chart, db);
        assert_eq!(
            serde_json::to_string(&borrowed).expect("serialises"),
            serde_json::to_string(&owned).expect("serialises"),
            "{}",
            file.display()
        );
        assert_eq!(
            format!("{:?}", borrowed.graph),
            format!("{:?}", owned.graph)
        );
        compared += 1;
    }
    assert!(compared > 20);
}
