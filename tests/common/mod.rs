//! Running the built `topomaid` binary from integration tests.

use std::process::Command;

/// Runs `topomaid ARGS` from the crate root without colour: exit code, stdout, stderr.
pub fn topomaid(args: &[&str]) -> (i32, String, String) {
    topomaid_in(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// Runs `topomaid ARGS` in `dir` without colour: exit code, stdout, stderr.
pub fn topomaid_in(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_topomaid"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("topomaid runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The command, its exit code and its output, as one text for a snapshot.
pub fn transcript(args: &[&str]) -> String {
    let (code, stdout, stderr) = topomaid(args);
    format!(
        "$ topomaid {}\nexit: {code}\n--- stdout\n{stdout}--- stderr\n{stderr}",
        args.join(" ")
    )
}
