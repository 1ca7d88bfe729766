//! Which files are records: `.txt`, `.md` and `.pdf` files given directly or found under a folder.

use super::manifest::MANIFEST_FILE;
use crate::error::{Error, Result};
use crate::progress::Diagnostics;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// The extensions `stance` reads. A file named explicitly with another extension is reported;
/// under a folder, only documents of [`UNREAD_DOCUMENT_EXTENSIONS`] are (a folder of records
/// also holds manifests, pictures and data files, which are no one's record).
const RECORD_EXTENSIONS: [&str; 3] = ["txt", "md", "pdf"];

/// Document formats that hold a record as often as a .txt or .pdf does, and that `stance` does
/// not read: passing one over in silence would give tables without it.
const UNREAD_DOCUMENT_EXTENSIONS: [&str; 8] = ["doc", "docx", "odt", "rtf", "html", "htm", "xhtml", "epub"];

/// Why a file is not read, and the fix.
pub const NOT_A_RECORD: &str = "not a .txt, .md or .pdf file: save it as one of those to include it";

/// Why a named pipe, socket or device is not read: opening a pipe waits for a writer, for ever
/// if none comes.
pub const NOT_A_REGULAR_FILE: &str = "not a regular file (a named pipe, socket or device): save what it gives into a file, and give that";

/// A record file and its identifier in the outputs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FoundFile {
    /// The path relative to the folder it was found under (`/`-separated), or the file's name.
    pub id: String,
    pub path: PathBuf,
}

/// What the inputs hold: record files, and the manifests found beside them (which one a run
/// reads is [`super::find`]'s to decide).
#[derive(Debug)]
pub struct Discovered {
    /// Sorted by id.
    pub records: Vec<FoundFile>,
    /// Every `manifest.csv` under a folder given, in walking order.
    pub manifests: Vec<PathBuf>,
}

/// The record files of `inputs` and the manifests among them. A document in a format not read is
/// named in a warning and skipped; a path that is not there stops the run.
pub fn discover(inputs: &[PathBuf], diag: &mut Diagnostics) -> Result<Discovered> {
    let mut found = Vec::new();
    let mut manifests = Vec::new();
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|e| match e.kind() {
            // A path named on the command line that is not there is a typo, not a record to
            // skip: stopping loses nothing, going on would give tables without it.
            std::io::ErrorKind::NotFound => Error::bad_input(input, None, "no such file or folder\n  fix: check the path"),
            _ => Error::io(input, e),
        })?;
        if meta.is_dir() {
            // Links are followed, to files and folders alike: a folder of records that links to
            // them was read as empty, or without them, and nothing said so.
            let root = std::fs::canonicalize(input).map_err(|e| Error::io(input, e))?;
            let mut walk = WalkDir::new(input).follow_links(true).sort_by_file_name().into_iter();
            while let Some(entry) = walk.next() {
                let entry = match entry {
                    Ok(entry) => entry,
                    Err(e) => {
                        let path = e.path().unwrap_or(input).to_path_buf();
                        match unfollowable_link(&e) {
                            Some(why) => diag.skip(&path, why),
                            None => return Err(Error::io(path, e.into())),
                        }
                        continue;
                    }
                };
                let path = entry.path();
                // A link to the input folder's own parent ("up -> ..") is no loop walkdir sees
                // (the parent is not on its path) until it has read the parent's files, which
                // are not the input's: it went on so through every folder above. (The input
                // itself, depth 0, may be a link to its folder of records.)
                if entry.depth() > 0 && entry.path_is_symlink() && entry.file_type().is_dir() && leads_to_or_above(path, &root) {
                    diag.skip(path, LINK_ABOVE);
                    walk.skip_current_dir();
                    continue;
                }
                if entry.file_type().is_dir() || is_hidden(path) {
                    continue;
                }
                if !entry.file_type().is_file() {
                    if is_record(path) {
                        diag.skip(path, NOT_A_REGULAR_FILE);
                    }
                } else if is_record(path) {
                    found.push(FoundFile {
                        id: relative_id(input, path),
                        path: path.to_path_buf(),
                    });
                } else if has_extension(path, &UNREAD_DOCUMENT_EXTENSIONS) {
                    diag.skip(path, NOT_A_RECORD);
                } else if is_manifest(path) {
                    manifests.push(path.to_path_buf());
                }
            }
        } else if !meta.is_file() {
            diag.skip(input, NOT_A_REGULAR_FILE);
        } else if is_record(input) {
            found.push(FoundFile {
                id: file_name(input),
                path: input.clone(),
            });
        } else {
            diag.skip(input, NOT_A_RECORD);
        }
    }
    // A file reached through two inputs (a folder and a file in it) is read once, under the id
    // of the first input that reaches it.
    let mut seen = HashSet::new();
    found.retain(|file| seen.insert(std::fs::canonicalize(&file.path).unwrap_or_else(|_| file.path.clone())));
    found.sort();
    refuse_shared_ids(&found)?;
    Ok(Discovered {
        records: found,
        manifests,
    })
}

const LINK_ABOVE: &str = "a symbolic link to a folder above it: not followed";

/// Whether the folder `link` leads to is `root` (the input folder, canonical) or a folder above it.
fn leads_to_or_above(link: &Path, root: &Path) -> bool {
    std::fs::canonicalize(link).is_ok_and(|target| root.starts_with(target))
}

/// Why a link met in a folder cannot be followed, if that is what `error` is: it leads nowhere,
/// or back to a folder above it (followed, it would never end).
fn unfollowable_link(error: &walkdir::Error) -> Option<&'static str> {
    if error.loop_ancestor().is_some() {
        Some(LINK_ABOVE)
    } else if error.path().is_some_and(|p| p.is_symlink()) && error.io_error().is_some_and(|e| e.kind() == std::io::ErrorKind::NotFound) {
        Some("a symbolic link to nothing (its target is gone)")
    } else {
        None
    }
}

/// Two different files may not share an id (`a/conf/x.txt` and `b/conf/x.txt` given as `a b`):
/// the tables would merge them into one record, and an evidence sentence could not be traced.
fn refuse_shared_ids(found: &[FoundFile]) -> Result<()> {
    match found.windows(2).find(|pair| pair[0].id == pair[1].id) {
        Some(pair) => Err(Error::bad_input(
            &pair[1].path,
            None,
            format!(
                "its record id {:?} is also the id of {}: two inputs hold a file at the same place under them\n  \
                 fix: give their common parent folder as the input, or rename one of them",
                pair[1].id,
                pair[0].path.display()
            ),
        )),
        None => Ok(()),
    }
}

pub fn is_record(path: &Path) -> bool {
    has_extension(path, &RECORD_EXTENSIONS)
}

/// Whether `path` ends in one of `extensions` (lower case, without the dot), in any case.
fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.contains(&e.to_ascii_lowercase().as_str()))
}

fn is_manifest(path: &Path) -> bool {
    path.file_name().is_some_and(|name| name.eq_ignore_ascii_case(MANIFEST_FILE))
}

/// Notes about a collection kept beside its records; read by people, not by `stance`.
const NOTE_FILES: [&str; 3] = ["readme.md", "source.md", "sources.md"];

/// macOS metadata (`._x.txt`), other dot-files and a folder's source notes are not records.
fn is_hidden(path: &Path) -> bool {
    path.file_name().is_some_and(|n| {
        let name = n.to_string_lossy().to_ascii_lowercase();
        name.starts_with('.') || NOTE_FILES.contains(&name.as_str())
    })
}

fn relative_id(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder that links to its records reads them: a link to a file, a link to a folder; a
    /// link to nothing and one back up the tree are named and passed over, the rest read. They
    /// were all passed over in silence.
    #[test]
    fn links_in_a_folder_are_followed_and_broken_ones_named() {
        let dir = tempfile::tempdir().unwrap();
        let (folder, elsewhere) = (dir.path().join("conference"), dir.path().join("elsewhere"));
        std::fs::create_dir_all(elsewhere.join("annex")).unwrap();
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(folder.join("real.txt"), "Text.").unwrap();
        std::fs::write(elsewhere.join("paper.txt"), "Text.").unwrap();
        std::fs::write(elsewhere.join("annex/views.txt"), "Text.").unwrap();
        let link = |target: &Path, name: &str| std::os::unix::fs::symlink(target, folder.join(name)).unwrap();
        link(&elsewhere.join("paper.txt"), "linked.txt");
        link(&elsewhere.join("annex"), "annex");
        link(&elsewhere.join("gone.txt"), "dangling.txt");
        link(&folder, "loop");
        // The folder's parent: its files are not the input's (they were read, "up/outside.txt").
        link(dir.path(), "up");
        std::fs::write(dir.path().join("outside.txt"), "Text.").unwrap();
        let mut diag = Diagnostics::default();
        let found = discover(&[folder.clone()], &mut diag).unwrap();
        let ids: Vec<&str> = found.records.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["annex/views.txt", "linked.txt", "real.txt"]);
        // The input itself may be a link to the folder of records.
        let input_link = dir.path().join("records");
        std::os::unix::fs::symlink(&folder, &input_link).unwrap();
        let through_link = discover(&[input_link], &mut Diagnostics::default()).unwrap();
        let linked_ids: Vec<&str> = through_link.records.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(linked_ids, ids);
        let skipped: Vec<String> = diag.skipped().iter().map(|(path, why)| format!("{}: {why}", file_name(path))).collect();
        assert_eq!(skipped.len(), 3, "{skipped:?}");
        assert!(skipped.iter().any(|s| s.starts_with("up") && s.contains("above it")), "{skipped:?}");
        assert!(skipped.iter().any(|s| s.starts_with("dangling.txt") && s.contains("to nothing")), "{skipped:?}");
        assert!(skipped.iter().any(|s| s.starts_with("loop") && s.contains("above it")), "{skipped:?}");
    }

    /// A named pipe (or socket, or device) is no record file: named on the command line, it was
    /// opened and read, and the run waited for ever for a writer; in a folder, it was passed over
    /// in silence. Both are named and skipped, the files beside them read.
    #[test]
    fn a_pipe_is_named_and_skipped_not_waited_on() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("conference");
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(folder.join("real.txt"), "Text.").unwrap();
        let (in_folder, named) = (folder.join("piped.txt"), dir.path().join("named.txt"));
        for pipe in [&in_folder, &named] {
            let made = std::process::Command::new("mkfifo").arg(pipe).status().unwrap();
            assert!(made.success());
        }
        let mut diag = Diagnostics::default();
        let found = discover(&[folder, named.clone()], &mut diag).unwrap();
        let ids: Vec<&str> = found.records.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["real.txt"]);
        let skipped: Vec<(PathBuf, &str)> = diag.skipped().iter().map(|(path, why)| (path.clone(), why.as_str())).collect();
        assert_eq!(skipped.len(), 2, "{skipped:?}");
        for pipe in [in_folder, named] {
            assert!(skipped.iter().any(|(path, why)| path == &pipe && why.contains("not a regular file")), "{skipped:?}");
        }
    }
}
