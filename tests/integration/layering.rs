//! The dependency rules of ARCHITECTURE.md ("Layers"), checked on the source: every
//! `crate::<module>` path in `src/` is read, and a module that reaches one it may not is named
//! with the file and line. A stage imports only the foundation and the stages before it; the
//! foundation imports only itself; nothing but `main` and the binary's `cli` sits above
//! `commands`; `classify` touches no file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The pipeline's stages, in order.
const STAGES: [&str; 8] = ["ingest", "segment", "attribute", "scope", "embed", "classify", "aggregate", "report"];

/// What any module may import: the data types, errors, shipped-file lookup, progress bars and
/// diagnostics, the axis configuration and the output floor.
const FOUNDATION: [&str; 6] = ["types", "error", "resources", "progress", "axes", "output"];

/// The modules each module may import (besides itself). Modules not listed import nothing
/// from the crate.
fn allowed() -> BTreeMap<&'static str, BTreeSet<&'static str>> {
    let set = |names: &[&'static str]| names.iter().copied().collect::<BTreeSet<_>>();
    let mut rules = BTreeMap::new();
    rules.insert("types", set(&[]));
    rules.insert("error", set(&[]));
    rules.insert("progress", set(&[]));
    rules.insert("timing", set(&[]));
    rules.insert("resources", set(&["error"]));
    rules.insert("axes", set(&["error", "resources", "types"]));
    rules.insert("output", set(&["error", "axes", "types"]));
    for (i, stage) in STAGES.iter().enumerate() {
        let mut may = set(&FOUNDATION);
        may.extend(&STAGES[..i]);
        rules.insert(*stage, may);
    }
    // Learning from annotations: any stage, never a command.
    let mut learning = set(&FOUNDATION);
    learning.extend(STAGES);
    for module in ["labels", "train", "evaluate"] {
        rules.insert(module, learning.clone());
    }
    let mut config = set(&FOUNDATION);
    config.insert("embed");
    rules.insert("config", config);
    let mut cli = set(&FOUNDATION);
    cli.extend(["config", "train"]);
    rules.insert("cli", cli);
    let mut commands = learning;
    commands.extend(["labels", "train", "evaluate", "config", "timing"]);
    rules.insert("commands", commands);
    rules
}

/// Every `.rs` file under `dir`.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// The top-level module a file of `src/` belongs to (`src/attribute/speaker.rs` → attribute).
fn module_of(src: &Path, file: &Path) -> String {
    let first = file.strip_prefix(src).unwrap().components().next().unwrap();
    first.as_os_str().to_string_lossy().trim_end_matches(".rs").to_string()
}

/// `(line, module)` for each `crate::module` the file's code names (comments aside), with the
/// modules a `use crate::{a, b::c}` group names.
fn crate_paths(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let inner = group.split('}').next().unwrap_or("");
                for item in inner.split(',') {
                    let name: String = item.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                    if !name.is_empty() {
                        found.push((n + 1, name));
                    }
                }
            } else {
                let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                found.push((n + 1, name));
            }
        }
    }
    found
}

#[test]
fn every_module_imports_only_what_its_layer_allows() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let rules = allowed();
    let mut broken = Vec::new();
    let mut seen_modules = BTreeSet::new();
    for file in sources(&src) {
        let module = module_of(&src, &file);
        if ["main", "lib"].contains(&module.as_str()) {
            continue;
        }
        seen_modules.insert(module.clone());
        let Some(may) = rules.get(module.as_str()) else {
            broken.push(format!("{}: module {module} has no layer in this test (add it, and to ARCHITECTURE.md)", file.display()));
            continue;
        };
        let text = std::fs::read_to_string(&file).unwrap();
        for (line, target) in crate_paths(&text) {
            if target != module && !may.contains(target.as_str()) {
                broken.push(format!("{}:{line}: {module} imports {target}", file.display()));
            }
        }
    }
    assert!(broken.is_empty(), "layering rules broken (ARCHITECTURE.md, Layers):\n{}", broken.join("\n"));
    // The rules cover the tree, and the tree has every stage: a renamed module fails here.
    for stage in STAGES {
        assert!(seen_modules.contains(stage), "no module {stage} in src/");
    }
}

#[test]
fn classify_reads_and_writes_no_file() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/classify");
    for file in sources(&dir) {
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for io in ["std::fs", "File::", "read_to_string", "write_text", "OpenOptions"] {
                assert!(!code.contains(io), "{}:{}: classify does file I/O ({io})", file.display(), n + 1);
            }
        }
    }
}

#[test]
fn the_checker_sees_grouped_and_inline_paths() {
    let found = crate_paths("use crate::{axes::Axes, error::Result};\nlet x = crate::output::write_text(p); // crate::report\n");
    let names: Vec<(usize, &str)> = found.iter().map(|(n, m)| (*n, m.as_str())).collect();
    assert_eq!(names, [(1, "axes"), (1, "error"), (2, "output")]);
}
