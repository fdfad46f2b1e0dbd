//! `topomaid completions SHELL` and `topomaid man`: generated from the command-line definition,
//! so every command appears in them.

use clap::CommandFactory;

mod common;

use common::{topomaid, transcript};

fn subcommands() -> Vec<String> {
    let names: Vec<String> = topomaid::cli::Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for expected in ["parse", "check", "explain", "rules", "completions", "man"] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }
    names
}

#[test]
fn completions_for_every_shell_name_every_command() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (code, stdout, stderr) = topomaid(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {stderr}");
        for name in subcommands() {
            assert!(stdout.contains(&name), "{shell} completion lacks `{name}`");
        }
        // Options of a subcommand are completed too.
        assert!(
            stdout.contains("write-baseline"),
            "{shell} lacks check's options"
        );
    }
    insta::assert_snapshot!(transcript(&["completions", "tcsh"]));
}

#[test]
fn the_bash_completion_is_valid_bash_and_completes_commands() {
    let (_, script, _) = topomaid(&["completions", "bash"]);
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("shell");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("topomaid.bash");
    std::fs::write(&file, script).unwrap();
    // Load the script and ask it to complete `topomaid ch`, as bash does on <Tab>.
    let probe = format!(
        "source {}; COMP_WORDS=(topomaid ch); COMP_CWORD=1; COMP_LINE='topomaid ch'; COMP_POINT=11; \
         _topomaid topomaid ch topomaid; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        file.display()
    );
    let out = std::process::Command::new("bash")
        .args(["--norc", "-c", &probe])
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stdout.trim(), "check");
}

#[test]
fn the_man_page_describes_every_command() {
    let (code, stdout, stderr) = topomaid(&["man"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains(".TH topomaid 1"), "{stdout}");
    for name in subcommands() {
        assert!(
            stdout.contains(&format!("topomaid\\-{name}(1)")),
            "man page lacks `{name}`"
        );
    }
}

#[test]
fn man_dir_writes_one_page_per_command() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("man-pages");
    let _ = std::fs::remove_dir_all(&dir);
    let (code, _, stderr) = topomaid(&["man", "--dir", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    for name in subcommands() {
        let page = dir.join(format!("topomaid-{name}.1"));
        let text =
            std::fs::read_to_string(&page).unwrap_or_else(|e| panic!("{}: {e}", page.display()));
        assert!(text.contains(&format!(".TH topomaid-{name} 1")), "{text}");
        assert!(stderr.contains(&page.display().to_string()), "{stderr}");
    }
    let check = std::fs::read_to_string(dir.join("topomaid-check.1")).unwrap();
    assert!(check.contains("\\-\\-baseline"), "{check}");
}
