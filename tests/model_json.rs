//! `topomaid json`: the schema in docs/ is the one derived from the serialised types, real output
//! validates against it, and the output and exit codes as a user sees them.

mod common;

use std::path::{Path, PathBuf};

use common::{topomaid, transcript};

const SCHEMA_PATH: &str = "docs/model-schema.json";

#[test]
fn the_committed_schema_is_the_derived_one() {
    let derived = topomaid::model_json::schema_text();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SCHEMA_PATH);
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &derived).expect("write the schema");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == derived,
        "{SCHEMA_PATH} differs from the schema derived from src/model_json; \
         run `UPDATE_SCHEMA=1 cargo test --test model_json` and commit it (and bump \
         model_json::VERSION if the change is not backward compatible, see docs/model-json.md)"
    );
}

/// Every real diagram and corpus file, every rule fixture, Markdown, and inputs that fail.
fn every_input() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = Vec::new();
    for pattern in [
        "diagrams/*.mmd",
        "fixtures/corpus/**/*.mmd",
        "fixtures/lint/**/*.mmd",
        "fixtures/markdown/*.md",
        "fixtures/bad/*.mmd",
        "fixtures/syntax/*.mmd",
    ] {
        let pattern = root.join(pattern);
        let found = glob::glob(&pattern.to_string_lossy()).expect("a valid pattern");
        files.extend(found.map(|p| p.expect("readable")));
    }
    files.sort();
    assert!(files.len() > 50, "the fixtures are where they should be");
    files
        .iter()
        .map(|p| {
            p.strip_prefix(root)
                .expect("inside the crate")
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

fn json_of(files: &[String]) -> (i32, serde_json::Value, String) {
    let mut args = vec!["json"];
    args.extend(files.iter().map(String::as_str));
    let (code, stdout, stderr) = topomaid(&args);
    let value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}\n{stderr}"));
    (code, value, stderr)
}

#[test]
fn real_output_validates_against_the_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(&topomaid::model_json::schema_text()).expect("schema is JSON");
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles");
    let files = every_input();
    let (code, output, _) = json_of(&files);
    assert_eq!(code, 2, "fixtures/bad holds diagrams that do not parse");
    let errors: Vec<String> = validator
        .iter_errors(&output)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .take(20)
        .collect();
    assert!(errors.is_empty(), "invalid output:\n{}", errors.join("\n"));
    let listed = output["files"].as_array().expect("files");
    assert_eq!(listed.len(), files.len());
    let statuses: Vec<&str> = listed
        .iter()
        .flat_map(|f| f["diagrams"].as_array().expect("diagrams"))
        .map(|d| d["status"].as_str().expect("status"))
        .collect();
    for s in ["ok", "failed", "skipped"] {
        assert!(statuses.contains(&s), "no diagram with status {s}");
    }
}

/// Every `span`-like object of the output, with the path to it.
fn spans<'a>(v: &'a serde_json::Value, at: String, out: &mut Vec<(String, &'a serde_json::Value)>) {
    match v {
        serde_json::Value::Object(m) => {
            if m.contains_key("start") && m.contains_key("end_column") {
                out.push((at, v));
                return;
            }
            for (k, x) in m {
                spans(x, format!("{at}.{k}"), out);
            }
        }
        serde_json::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                spans(x, format!("{at}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// 1-based line and character column of a byte offset, computed the plain way.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, text[line_start..offset].chars().count() + 1)
}

#[test]
fn spans_are_byte_offsets_into_the_file_with_their_lines_and_columns() {
    let files = every_input();
    let (_, output, _) = json_of(&files);
    let mut checked = 0;
    for file in output["files"].as_array().expect("files") {
        let path = file["path"].as_str().expect("path");
        let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
            .expect("readable");
        let mut found = Vec::new();
        spans(&file["diagrams"], path.to_string(), &mut found);
        for (at, s) in found {
            let (start, end) = (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap());
            let (start, end) = (start as usize, end as usize);
            assert!(start <= end && end <= text.len(), "{at}: {start}..{end}");
            assert!(
                text.is_char_boundary(start) && text.is_char_boundary(end),
                "{at}"
            );
            let (line, column) = line_col(&text, start);
            let (end_line, end_column) = line_col(&text, end);
            assert_eq!(
                (s["line"].as_u64(), s["column"].as_u64()),
                (Some(line as u64), Some(column as u64)),
                "{at}"
            );
            assert_eq!(
                (s["end_line"].as_u64(), s["end_column"].as_u64()),
                (Some(end_line as u64), Some(end_column as u64)),
                "{at}"
            );
            checked += 1;
        }
    }
    assert!(checked > 1000, "only {checked} spans");
}

#[test]
fn addresses_and_ports_point_at_their_text() {
    let (_, output, _) = json_of(&every_input());
    let mut checked = 0;
    for file in output["files"].as_array().expect("files") {
        let path = file["path"].as_str().expect("path");
        let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
            .expect("readable");
        for d in file["diagrams"].as_array().expect("diagrams") {
            let addresses = d["zones"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|z| z["cidrs"].as_array().unwrap())
                .chain(
                    d["nodes"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .flat_map(|n| n["addresses"].as_array().unwrap()),
                );
            for a in addresses {
                if let Some(s) = a["span"].as_object() {
                    let (start, end) = (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap());
                    assert_eq!(&text[start as usize..end as usize], a["text"], "{path}");
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 20, "only {checked} addresses");
}

#[test]
fn diagnostics_are_those_of_check_json() {
    let files = every_input();
    let (_, output, _) = json_of(&files);
    let ours: Vec<&serde_json::Value> = output["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagrams"].as_array().unwrap())
        .flat_map(|d| d["diagnostics"].as_array().unwrap())
        .collect();
    let mut args = vec!["check", "--format", "json"];
    args.extend(files.iter().map(String::as_str));
    let (_, stdout, _) = topomaid(&args);
    let check: serde_json::Value = serde_json::from_str(&stdout).expect("check JSON");
    let theirs: Vec<&serde_json::Value> = check["diagnostics"].as_array().unwrap().iter().collect();
    assert!(theirs.len() > 30);
    assert_eq!(ours, theirs);
}

#[test]
fn a_diagram_with_addresses_ports_and_findings() {
    let (code, output, stderr) = json_of(&["fixtures/lint/ip-outside-subnet/fires.mmd".into()]);
    assert_eq!(code, 1, "{stderr}");
    insta::assert_json_snapshot!(output);
}

#[test]
fn markdown_with_several_blocks_and_an_error() {
    insta::assert_snapshot!(transcript(&["json", "fixtures/markdown/design.md"]));
}

#[test]
fn exit_codes_follow_check() {
    let clean = "fixtures/lint/cidr-overlap/ok.mmd";
    let warns = "fixtures/lint/duplicate-node/fires.mmd";
    let notes = "fixtures/lint/isolated-node/fires.mmd";
    assert_eq!(topomaid(&["json", clean]).0, 0);
    assert_eq!(topomaid(&["json", warns]).0, 1);
    assert_eq!(topomaid(&["json", "--fail-on", "error", warns]).0, 0);
    assert_eq!(topomaid(&["json", notes]).0, 0);
    assert_eq!(topomaid(&["json", "--fail-on", "info", notes]).0, 1);
    assert_eq!(
        topomaid(&["json", clean, "fixtures/bad/missing-end.mmd"]).0,
        2
    );
    assert_eq!(topomaid(&["json", "no/such/file.mmd"]).0, 2);
    assert_eq!(topomaid(&["json"]).0, 2);
    assert_eq!(topomaid(&["json", "no/such/*.mmd"]).0, 2);
}

#[test]
fn an_unreadable_file_is_left_out_and_reported() {
    insta::assert_snapshot!(transcript(&[
        "json",
        "no/such/file.mmd",
        "fixtures/lint/cidr-overlap/ok.mmd"
    ]));
}

#[test]
fn the_documentation_names_every_field_and_kind() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/model-json.md"))
            .expect("docs/model-json.md");
    let schema = topomaid::model_json::schema();
    let schema = schema.as_value();
    let mut missing = Vec::new();
    for (name, def) in schema["$defs"].as_object().expect("$defs") {
        let variants = def["oneOf"].as_array().into_iter().flatten();
        for props in std::iter::once(def)
            .chain(variants)
            .filter_map(|d| d["properties"].as_object())
        {
            for field in props.keys() {
                if !doc.contains(&format!("`{field}`")) {
                    missing.push(format!("{name}.{field}"));
                }
            }
        }
        for value in def["oneOf"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v["const"].as_str())
        {
            if !doc.contains(&format!("`{value}`")) {
                missing.push(format!("{name} = {value}"));
            }
        }
    }
    assert!(missing.is_empty(), "not in docs/model-json.md: {missing:?}");
}

#[test]
fn the_nearest_configuration_applies_as_in_check() {
    let (code, output, _) = json_of(&["fixtures/config/kinds/paas.mmd".into()]);
    assert_eq!(
        code, 1,
        "the configuration makes missing-private-endpoint an error"
    );
    let diagram = &output["files"][0]["diagrams"][0];
    let ledger = diagram["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "Ledger")
        .expect("Ledger");
    assert_eq!(ledger["kind"], "database");
    assert_eq!(ledger["kind_reason"]["source"], "config");
    for d in diagram["diagnostics"].as_array().unwrap() {
        assert_eq!(
            d["rule"], "missing-private-endpoint",
            "only the selected rules run"
        );
        assert_eq!(d["severity"], "error");
    }
    // A wrong configuration stops the command before any output.
    let (code, stdout, stderr) = topomaid(&["json", "fixtures/config/bad/diagram.mmd"]);
    // The file under the wrong configuration is left out; the error names the configuration.
    assert_eq!(code, 2, "{stderr}");
    let value: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(value["files"], serde_json::json!([]), "{stdout}");
    assert!(stderr.contains("topomaid.toml:6:1"), "{stderr}");
    // --config replaces the search: without the kinds of the nearest file, Ledger is no
    // longer a database by configuration.
    let (_, output, _) = {
        let (code, stdout, stderr) = topomaid(&[
            "json",
            "--config",
            "fixtures/config/explicit.toml",
            "fixtures/config/kinds/paas.mmd",
        ]);
        (
            code,
            serde_json::from_str::<serde_json::Value>(&stdout),
            stderr,
        )
    };
    let output = output.expect("JSON");
    let ledger = output["files"][0]["diagrams"][0]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "Ledger")
        .expect("Ledger")
        .clone();
    assert_ne!(ledger["kind_reason"]["source"], "config");
}

#[test]
fn standard_input() {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_topomaid"))
        .args(["json", "-"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("topomaid runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all("graph LR\n  subgraph S[\"Subnet 10.0.0.0/24\"]\n    A[\"API :8080\"]\n  end\n  A --> S\n".as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("finishes");
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let diagram = &value["files"][0]["diagrams"][0];
    assert_eq!(value["files"][0]["path"], "<stdin>");
    assert_eq!(diagram["zones"][0]["cidrs"][0]["net"], "10.0.0.0/24");
    assert_eq!(diagram["nodes"][0]["ports"][0]["number"], 8080);
    assert_eq!(
        diagram["edges"][0]["to"], "S",
        "an edge into a zone names the zone"
    );
}

#[test]
fn directories_are_walked_as_by_check() {
    let (code, output, stderr) = json_of(&["fixtures/lint/cidr-overlap".into()]);
    assert_eq!(code, 1, "{stderr}");
    let paths: Vec<&str> = output["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(paths.len() >= 2, "{paths:?}");
    assert!(
        paths
            .iter()
            .all(|p| p.starts_with("fixtures/lint/cidr-overlap/"))
    );
    assert!(paths.windows(2).all(|w| w[0] < w[1]), "sorted: {paths:?}");
}

#[test]
fn crlf_line_ends_and_a_byte_order_mark_keep_spans_exact() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("model_json_crlf");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let text = "\u{feff}graph LR\r\n  subgraph 가상망[\"🏢 VNet<br/>주소 공간: 10.0.0.0/16\"]\r\n    \
                API[\"👤 API<br/>TCP:8080\"]\r\n  end\r\n  U[사용자] -->|\"HTTPS:443\"| API\r\n";
    let file = dir.join("crlf.mmd");
    std::fs::write(&file, text).expect("write");
    let path = file.to_string_lossy().into_owned();
    let (code, output, stderr) = json_of(std::slice::from_ref(&path));
    assert!(code < 2, "{stderr}");
    let diagram = &output["files"][0]["diagrams"][0];
    let cidr = &diagram["zones"][0]["cidrs"][0];
    let span = &cidr["span"];
    let (start, end) = (
        span["start"].as_u64().unwrap() as usize,
        span["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[start..end], "10.0.0.0/16");
    assert_eq!(
        (span["line"].as_u64(), span["column"].as_u64()),
        (Some(2), Some(line_col(text, start).1 as u64))
    );
    let port = &diagram["nodes"][0]["ports"][0]["span"];
    let (start, end) = (
        port["start"].as_u64().unwrap() as usize,
        port["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[start..end], "8080");
    assert_eq!(diagram["zones"][0]["id"], "가상망");
    assert_eq!(diagram["edges"][0]["ports"][0]["number"], 443);
    // The same diagram with LF line ends and no BOM means the same.
    let lf = dir.join("lf.mmd");
    std::fs::write(
        &lf,
        text.trim_start_matches('\u{feff}').replace("\r\n", "\n"),
    )
    .expect("write");
    let (code, stdout, stderr) = topomaid(&["diff", &path, &lf.to_string_lossy()]);
    assert_eq!(code, 0, "{stdout}{stderr}");
}

#[test]
fn an_empty_flowchart_has_empty_lists() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("model_json_empty");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("empty.mmd");
    std::fs::write(&file, "flowchart TD\n").expect("write");
    let (code, output, _) = json_of(&[file.to_string_lossy().into_owned()]);
    assert_eq!(code, 0);
    let diagram = &output["files"][0]["diagrams"][0];
    assert_eq!(diagram["status"], "ok");
    for list in ["zones", "nodes", "edges", "diagnostics"] {
        assert_eq!(diagram[list], serde_json::json!([]), "{list}");
    }
}
