//! Bakes the location of the project-local libtorch into the binaries (an rpath), so that
//! `target/release/stance` and the test binaries run without LD_LIBRARY_PATH.
//!
//! `LIBTORCH_LIB` is set by `.cargo/config.toml`; torch-sys links against `$LIBTORCH_LIB/lib`.

fn main() {
    println!("cargo:rerun-if-env-changed=LIBTORCH_LIB");
    match std::env::var("LIBTORCH_LIB") {
        Ok(dir) => {
            let lib = std::path::Path::new(&dir).join("lib");
            println!("cargo:rustc-link-arg=-Wl,-rpath,{}", lib.display());
        }
        Err(_) => println!(
            "cargo:warning=LIBTORCH_LIB is not set: the binary will need LD_LIBRARY_PATH (run `make setup`)"
        ),
    }
}
