//! Checks that `src/catalog/builtin.rs`, the built-in catalog as compiled-in data, was
//! written from the catalog files as they are now; if not, the program is built to
//! read the TOML at start-up (`cfg(gpucost_catalog_stale)`) and the build says how to
//! write the file anew. See ARCHITECTURE.md, "The built-in catalog".

#[path = "src/catalog/source_hash.rs"]
mod source_hash;

const GENERATED: &str = "src/catalog/builtin.rs";

fn main() {
    println!("cargo::rustc-check-cfg=cfg(gpucost_catalog_stale)");
    println!("cargo::rerun-if-changed={GENERATED}");
    let mut texts = Vec::new();
    for file in source_hash::SOURCES {
        println!("cargo::rerun-if-changed={file}");
        texts.push(std::fs::read(file).unwrap_or_default());
    }
    let wanted = format!(
        "// source fingerprint: {}",
        source_hash::fingerprint(&texts)
    );
    let generated = std::fs::read_to_string(GENERATED).unwrap_or_default();
    if !generated.lines().any(|line| line == wanted) {
        println!("cargo::rustc-cfg=gpucost_catalog_stale");
        println!(
            "cargo::warning={GENERATED} was not written from the catalog files as they are: \
             the program reads data/catalog.toml at start-up until \
             `GPUCOST_BLESS=1 cargo test --lib catalog::tests` writes it anew"
        );
    }
}
