fn main() {
    restore_sigpipe();
    std::process::exit(topomaid::cli::run());
}

/// Rust ignores SIGPIPE, so `topomaid rules | head -1` would panic on its next write to the
/// closed pipe; a command-line tool should end quietly instead, as `cat` and `grep` do.
#[cfg(unix)]
fn restore_sigpipe() {
    // SAFETY: called first thing in `main`, before any thread exists; it only sets the
    // disposition of SIGPIPE back to the default.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn restore_sigpipe() {}
