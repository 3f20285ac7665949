//! Build-time tables: the index of the first-name table, so that calque
//! reads the table in place at start-up instead of parsing it.

#[allow(dead_code)] // The reader half of the module is for the library.
#[path = "src/first_name_index.rs"]
mod first_name_index;

fn main() {
    let table = "models/first_names.tsv";
    println!("cargo::rerun-if-changed={table}");
    println!("cargo::rerun-if-changed=src/first_name_index.rs");
    let text =
        std::fs::read_to_string(table).unwrap_or_else(|e| panic!("cannot read {table}: {e}"));
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("first_names.idx");
    std::fs::write(&out, first_name_index::build(&text))
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}
