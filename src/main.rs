fn main() {
    std::process::exit(topomaid::cli::run());
}
