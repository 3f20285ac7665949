// mimalloc: the scorer allocates many small, short-lived vectors per
// article; measured faster than the system allocator end to end.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(calque::cli::main());
}
