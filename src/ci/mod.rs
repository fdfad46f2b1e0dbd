//! What `check` needs to run in CI: stable fingerprints of findings, baselines of accepted
//! findings (`--baseline`, `--write-baseline`) and the GitLab Code Quality report
//! (`--format gitlab`).

pub mod baseline;
pub mod fingerprint;
pub mod gitlab;
