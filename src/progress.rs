//! Progress bars and the run's diagnostics (what was skipped or repaired, and why).

use indicatif::{ProgressBar, ProgressStyle};
use std::path::{Path, PathBuf};

/// A bar for a long step. indicatif draws only when stderr is a terminal, so logs and CI
/// output stay clean.
pub fn bar(len: u64, what: &str) -> ProgressBar {
    let bar = styled(len, "{msg:>12} [{bar:30}] {pos}/{len} ({per_sec}, eta {eta})");
    bar.set_message(what.to_string());
    bar
}

/// The bar of a whole run: records read out of all, with what has been found so far in its
/// message (set by the caller), the rate and the time left.
pub fn run_bar(records: u64) -> ProgressBar {
    let bar = styled(records, "{prefix:>8} [{bar:30}] {pos}/{len} records ({per_sec}, {elapsed} so far, eta {eta})  {msg}");
    bar.set_prefix("run");
    bar
}

/// A bar of `len` steps drawn by `template` (indicatif's default style if the template does not
/// parse).
fn styled(len: u64, template: &str) -> ProgressBar {
    let style = ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
    ProgressBar::new(len).with_style(style)
}

/// Warnings about individual inputs. Each is printed when it happens, in one line that names
/// the file, and the run ends with a summary of everything that was skipped. Work done in
/// parallel collects its warnings in a [`Diagnostics::deferred`] each, absorbed in input order,
/// so the messages come out in the same order whatever the number of threads.
#[derive(Debug)]
pub struct Diagnostics {
    skipped: Vec<(PathBuf, String)>,
    repaired: Vec<(PathBuf, String)>,
    /// Print each warning as it is recorded (else when absorbed).
    echo: bool,
}

impl Default for Diagnostics {
    fn default() -> Self {
        Diagnostics {
            skipped: Vec::new(),
            repaired: Vec::new(),
            echo: true,
        }
    }
}

impl Diagnostics {
    /// Diagnostics that print nothing until [`Diagnostics::absorb`]ed.
    pub fn deferred() -> Self {
        Diagnostics {
            echo: false,
            ..Diagnostics::default()
        }
    }

    /// Takes `other`'s warnings in, printing them as if they were recorded here.
    pub fn absorb(&mut self, other: Diagnostics) {
        for (path, why) in other.skipped {
            self.skip(&path, why);
        }
        for (path, what) in other.repaired {
            self.warn(&path, what);
        }
    }

    /// The input was not used at all. Said once, as a warning is.
    pub fn skip(&mut self, path: &Path, why: impl Into<String>) {
        let why = why.into();
        if said_before(&self.skipped, path, &why) {
            return;
        }
        if self.echo {
            eprintln!("warning: skipping {}: {why}", path.display());
        }
        self.skipped.push((path.to_path_buf(), why));
    }

    /// The input was used, but something about it had to be repaired or ignored. Said once: a
    /// record read twice (to check the annotations against it, then to attribute it) gives
    /// the same warning twice.
    pub fn warn(&mut self, path: &Path, what: impl Into<String>) {
        let what = what.into();
        if said_before(&self.repaired, path, &what) {
            return;
        }
        if self.echo {
            eprintln!("warning: {}: {what}", path.display());
        }
        self.repaired.push((path.to_path_buf(), what));
    }

    /// Something the user should know that is not wrong (which manifest a run reads): printed
    /// at once, and not counted among the warnings.
    pub fn note(&self, message: &str) {
        eprintln!("note: {message}");
    }

    pub fn skipped(&self) -> &[(PathBuf, String)] {
        &self.skipped
    }

    /// Inputs that were used after a repair, and what was repaired.
    pub fn warnings(&self) -> &[(PathBuf, String)] {
        &self.repaired
    }

    /// Prints the closing summary, if there is anything to report.
    pub fn print_summary(&self) {
        if let Some(summary) = self.summary() {
            eprintln!("{summary}");
        }
    }

    /// Whether anything was skipped or repaired.
    pub fn any(&self) -> bool {
        !self.skipped.is_empty() || !self.repaired.is_empty()
    }

    /// The closing summary, or `None` when there is nothing to report.
    pub fn summary(&self) -> Option<String> {
        if !self.any() {
            return None;
        }
        let mut out = format!(
            "{} input(s) skipped, {} warning(s) on inputs that were used",
            self.skipped.len(),
            self.repaired.len()
        );
        for (path, why) in &self.skipped {
            out.push_str(&format!("\n  skipped {}: {why}", path.display()));
        }
        Some(out)
    }
}

/// The first `listed` of `items` joined by `separator`, then how many are left out (" and 3
/// more"), with `all_in` saying where the whole list is, if anywhere: a warning or a summary names
/// a few of a long list and counts the rest, so that it stays readable however many there are.
pub fn first_and_more(items: &[String], listed: usize, separator: &str, all_in: Option<&str>) -> String {
    let named = items.iter().take(listed).map(String::as_str).collect::<Vec<_>>().join(separator);
    match (items.len().saturating_sub(listed), all_in) {
        (0, _) => named,
        (more, None) => format!("{named} and {more} more"),
        (more, Some(place)) => format!("{named} and {more} more (all in {place})"),
    }
}

/// Whether `list` already holds this message about this file.
fn said_before(list: &[(PathBuf, String)], path: &Path, message: &str) -> bool {
    list.iter().any(|(p, m)| p == path && m == message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_list_is_named_in_part_and_the_rest_counted() {
        let items: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        assert_eq!(first_and_more(&items, 5, ", ", None), "a, b, c");
        assert_eq!(first_and_more(&items, 3, ", ", Some("run.json")), "a, b, c");
        assert_eq!(first_and_more(&items, 2, ", ", None), "a, b and 1 more");
        assert_eq!(first_and_more(&items, 1, "; ", Some("run.json")), "a and 2 more (all in run.json)");
        assert_eq!(first_and_more(&[], 2, ", ", None), "");
    }

    /// A record read twice (its annotations checked against it, then attributed) warned twice
    /// that it reads as Portuguese.
    #[test]
    fn a_warning_or_a_skip_about_a_file_is_said_once() {
        let mut diag = Diagnostics::deferred();
        diag.warn(Path::new("130.txt"), "reads as Portuguese");
        diag.warn(Path::new("130.txt"), "reads as Portuguese");
        diag.warn(Path::new("138.txt"), "reads as Portuguese");
        diag.warn(Path::new("138.txt"), "reads as French");
        assert_eq!(diag.warnings().len(), 3);
        diag.skip(Path::new("139.txt"), "cannot be read");
        diag.skip(Path::new("139.txt"), "cannot be read");
        assert_eq!(diag.skipped().len(), 1);
    }
}
