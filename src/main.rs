fn main() {
    std::process::exit(calque::cli::main());
}
