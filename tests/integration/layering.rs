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
    rules.insert("output", set(&["error", "axes", "types", "progress"]));
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
/// modules a `use crate::{a, b::{c, d}}` group names at its top level, the group spread over
/// several lines or not.
fn crate_paths(text: &str) -> Vec<(usize, String)> {
    // Comments are blanked line by line, so that byte offsets still give line numbers.
    let code = text.lines().map(|line| line.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n");
    let line_of = |byte: usize| code[..byte].matches('\n').count() + 1;
    let name_at = |byte: usize| -> Option<(usize, String)> {
        let item = &code[byte..];
        let skipped = item.len() - item.trim_start().len();
        let name: String = item.trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        (!name.is_empty()).then(|| (line_of(byte + skipped), name))
    };
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = code[from..].find("crate::") {
        let path = from + at + "crate::".len();
        from = path;
        if !code[path..].starts_with('{') {
            found.extend(name_at(path));
            continue;
        }
        // A group: each item at its top level, nested groups passed over.
        let mut depth = 0;
        for (i, c) in code[path..].char_indices() {
            match c {
                '{' => {
                    depth += 1;
                    if depth == 1 {
                        found.extend(name_at(path + i + 1));
                    }
                }
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                ',' if depth == 1 => found.extend(name_at(path + i + 1)),
                _ => {}
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
fn only_embed_calls_libtorch() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for file in sources(&src) {
        // `error` only converts tch's error into the crate's.
        if ["embed", "error"].contains(&module_of(&src, &file).as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            // `tch::` as a path of its own, not the end of `fetch::` or `patch::`
            let calls = code.match_indices("tch::").any(|(at, _)| {
                !code[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_')
            });
            assert!(!calls, "{}:{}: only embed may call libtorch", file.display(), n + 1);
        }
    }
}

#[test]
fn the_checker_sees_grouped_and_inline_paths() {
    let found = crate_paths(
        "use crate::{axes::Axes, error::Result};\nlet x = crate::output::write_text(p); // crate::report\n\
         use crate::{\n    classify::{Heads, ZeroShot},\n    // crate::report\n    embed::Embedder,\n};\n",
    );
    let names: Vec<(usize, &str)> = found.iter().map(|(n, m)| (*n, m.as_str())).collect();
    assert_eq!(names, [(1, "axes"), (1, "error"), (2, "output"), (4, "classify"), (6, "embed")]);
}
