//! Bakes the location of the project-local libtorch into the binaries (an rpath), so that
//! `target/release/stance` and the test binaries run without LD_LIBRARY_PATH, and stops the
//! build with the command that fixes it when libtorch has not been set up.
//!
//! `LIBTORCH_LIB` is set by `.cargo/config.toml`; torch-sys links against `$LIBTORCH_LIB/lib`.

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-env-changed=LIBTORCH_LIB");
    let Ok(dir) = std::env::var("LIBTORCH_LIB") else {
        println!("cargo:warning=LIBTORCH_LIB is not set: the binary will need LD_LIBRARY_PATH (run `make setup`)");
        return;
    };
    let lib = Path::new(&dir).join("lib");
    let torch = lib.join("libtorch_cpu.so");
    println!("cargo:rerun-if-changed={}", torch.display());
    if !torch.exists() {
        panic!(
            "libtorch is not set up: {} is missing.\n  fix: run `make setup` in the stance repository \
             (it installs libtorch from the PyPI torch wheel into .deps/)",
            torch.display()
        );
    }
    println!("cargo:rustc-link-arg=-Wl,-rpath,{}", lib.display());
}
