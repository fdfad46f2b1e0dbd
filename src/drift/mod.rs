//! `topomaid drift`: is the diagram still the network? The infrastructure code that builds
//! the network (Terraform `.tf` directories and plan/state JSON, CloudFormation templates,
//! ARM templates) is read into one neutral [`Inventory`]; [`compare`] pairs the diagram's
//! zones and nodes with its networks, subnets, endpoints and services and says what differs.
//! The findings are reported by the `drift-*` lint rules.
//!
//! The readers never reach the cloud: what only the cloud knows (a data source, a remote
//! module's output, a variable with no value) is an [`Unknown`], never a match or a mismatch.

pub mod arm;
pub mod cfn;
pub mod cidr;
pub mod diagram;
pub mod functions;
pub mod inventory;
pub mod matching;
pub mod plan;
pub mod terraform;
pub mod tf_spec;
pub mod tree;

use std::path::{Path, PathBuf};

pub use inventory::{Inventory, Location, Ref, Resource, ResourceKind, Unknown};
pub use matching::{Comparison, Finding, Pairing, compare};

/// Infrastructure code that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DriftError {
    /// Where, when it has a place.
    pub location: Option<Location>,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for DriftError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.location {
            Some(l) => write!(f, "{l}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for DriftError {}

/// What to compare a diagram against: infrastructure paths and Terraform var files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Against {
    /// Directories and files of infrastructure code.
    pub paths: Vec<PathBuf>,
    /// Terraform var files (`-var-file`), applied to every `.tf` directory.
    pub var_files: Vec<PathBuf>,
}

/// Reads every path of `against` into one inventory.
pub fn load(against: &Against) -> Result<Inventory, DriftError> {
    let mut inv = Inventory::default();
    for p in &against.paths {
        load_path(p, &against.var_files, &mut inv)?;
    }
    Ok(inv)
}

fn load_path(p: &Path, var_files: &[PathBuf], inv: &mut Inventory) -> Result<(), DriftError> {
    if p.is_dir() {
        let has_tf = std::fs::read_dir(p)
            .map_err(|e| DriftError {
                location: None,
                message: format!("cannot read the directory {}: {e}", p.display()),
            })?
            .filter_map(Result::ok)
            .any(|e| e.path().extension().is_some_and(|x| x == "tf"));
        if has_tf {
            inv.extend(terraform::read_dir(p, var_files)?);
            return Ok(());
        }
        let mut files: Vec<PathBuf> = std::fs::read_dir(p)
            .map_err(|e| DriftError {
                location: None,
                message: format!("cannot read the directory {}: {e}", p.display()),
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|f| {
                f.is_file()
                    && f.extension().is_some_and(|x| {
                        ["json", "yaml", "yml", "template"].contains(&x.to_str().unwrap_or(""))
                    })
            })
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(DriftError {
                location: None,
                message: format!(
                    "{} holds no Terraform (`.tf`), CloudFormation or ARM template",
                    p.display()
                ),
            });
        }
        for f in files {
            load_file(&f, var_files, inv, true)?;
        }
        return Ok(());
    }
    load_file(p, var_files, inv, false)
}

fn load_file(
    p: &Path,
    var_files: &[PathBuf],
    inv: &mut Inventory,
    lenient: bool,
) -> Result<(), DriftError> {
    let path = p.display().to_string();
    if p.extension().is_some_and(|x| x == "tf") {
        let dir = p
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        inv.extend(terraform::read_dir(dir, var_files)?);
        return Ok(());
    }
    if p.extension().is_some_and(|x| x == "tfvars") {
        return Err(DriftError {
            location: None,
            message: format!("{path} is a var file: give it with `--var-file`"),
        });
    }
    let text = std::fs::read_to_string(p).map_err(|e| DriftError {
        location: None,
        message: format!("cannot read {path}: {e}"),
    })?;
    let root = tree::parse(&path, &text)?;
    if plan::is_plan(&root) {
        plan::read(&path, &text, &root, inv)?;
    } else if arm::is_template(&root) {
        arm::read(&path, &text, &root, inv)?;
    } else if cfn::is_template(&root) {
        cfn::read(&path, &text, &root, inv)?;
    } else if lenient {
        return Ok(());
    } else {
        return Err(DriftError {
            location: Some(Location::line_col(&path, &text, 1, 1)),
            message: "not a Terraform plan or state, an ARM template or a CloudFormation template"
                .into(),
        });
    }
    inv.files.push(path);
    Ok(())
}

/// A pairing of diagrams with infrastructure, as `[drift]` in topomaid.toml or the `drift`
/// command gives it. The inventory is read once, the first time a diagram needs it.
#[derive(Debug)]
pub struct DriftSetup {
    /// The diagram files it applies to (glob patterns, relative to the current directory);
    /// empty for every file checked.
    pub diagrams: Vec<glob::Pattern>,
    /// The infrastructure.
    pub against: Against,
    inventory: std::sync::OnceLock<Result<Inventory, DriftError>>,
}

impl DriftSetup {
    /// A setup for the diagrams matching `diagrams` (every diagram when empty).
    pub fn new(diagrams: Vec<glob::Pattern>, against: Against) -> Self {
        DriftSetup {
            diagrams,
            against,
            inventory: std::sync::OnceLock::new(),
        }
    }

    /// A setup whose inventory is already read.
    pub fn with_inventory(
        diagrams: Vec<glob::Pattern>,
        against: Against,
        inventory: Inventory,
    ) -> Self {
        let s = DriftSetup::new(diagrams, against);
        let _ = s.inventory.set(Ok(inventory));
        s
    }

    /// Whether the diagram file `file` is compared.
    pub fn applies_to(&self, file: &str) -> bool {
        let file = file.strip_prefix("./").unwrap_or(file);
        self.diagrams.is_empty() || self.diagrams.iter().any(|p| p.matches(file))
    }

    /// The inventory, read on first use.
    pub fn inventory(&self) -> Result<&Inventory, &DriftError> {
        self.inventory
            .get_or_init(|| {
                let r = load(&self.against);
                match &r {
                    Err(e) => eprintln!("error: drift: {e}"),
                    Ok(inv) => inv
                        .unknowns
                        .iter()
                        .for_each(|u| eprintln!("note: unknown: {u}")),
                }
                r
            })
            .as_ref()
    }
}
