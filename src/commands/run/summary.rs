//! What a run prints when it is done: the counts, the encoder, classifier and cell rule, the
//! stated cells and how many rest on weak evidence, the records whose stances went to nobody,
//! the poles the heads seldom find or seldom get right held out, and the files written and
//! removed.

use super::RunOutcome;
use crate::output::RUN_FILE;
use crate::progress::{first_and_more, Diagnostics};
use crate::types::{PoleCells, WEAK_EVIDENCE};

/// What to do about a record most of whose sentences in scope belong to no delegation: without
/// a manifest row, a record is read as reported speech, which a delegation's own paper is not.
const MOSTLY_UNATTRIBUTED_FIX: &str = "if a record is one delegation's own (a speech, a position paper), \
     give it a row in a manifest.csv beside it (columns path,delegation; docs/cli.md, --manifest)";
/// How many such records the run's summary names (run.json has them all).
const MOSTLY_UNATTRIBUTED_NAMED: usize = 5;

/// Prints the summary of `outcome` on stderr, then the warnings' and skips' summary.
pub(super) fn print_summary(outcome: &RunOutcome, diag: &Diagnostics) {
    let provenance = &outcome.provenance;
    eprintln!(
        "read {} record(s): {} statement(s), {} sentence(s), {} in scope{}; {} classified\n\
         encoder: {}; {} sentence(s) embedded, {} from the cache\n\
         classifier: {}\n\
         cell rule: {}",
        provenance.records,
        provenance.statements,
        provenance.sentences,
        provenance.sentences_in_scope,
        match provenance.sentences_in_scope_unattributed {
            0 => String::new(),
            n => format!(" ({n} of them attributed to no delegation, in no stance)"),
        },
        outcome.classified,
        provenance.encoder,
        outcome.embed.embedded,
        outcome.embed.from_cache,
        provenance.classifier,
        provenance.cell_rule,
    );
    let (stated, weak) = (provenance.cells_stated, provenance.cells_on_weak_evidence);
    match weak {
        0 => eprintln!("stances: {stated} cell(s) stated (a pole or mixed)"),
        _ => eprintln!(
            "stances: {stated} cell(s) stated (a pole or mixed), {weak} of them on weak evidence \
             (evidence_probability under {WEAK_EVIDENCE}): read their evidence sentence before citing them"
        ),
    }
    let mostly_unattributed = &provenance.records_mostly_unattributed;
    if !mostly_unattributed.is_empty() {
        let named: Vec<String> = mostly_unattributed.iter().map(|r| format!("{} ({})", r.file, r.note)).collect();
        eprintln!(
            "warning: {} record(s) have most of their sentences in scope attributed to no delegation, so in no stance: \
             {}\n  {MOSTLY_UNATTRIBUTED_FIX}",
            named.len(),
            first_and_more(&named, MOSTLY_UNATTRIBUTED_NAMED, ", ", Some(RUN_FILE)),
        );
    }
    let poles = |keep: fn(&PoleCells) -> bool, of: fn(&PoleCells) -> usize| -> String {
        let named: Vec<String> =
            provenance.poles_over_all_genres(keep).map(|p| format!("{} ({} of {})", p.pole, p.found, of(p))).collect();
        named.join(", ")
    };
    let seldom_found = poles(PoleCells::seldom_found, |p| p.annotated);
    if !seldom_found.is_empty() {
        eprintln!(
            "held out, the heads found fewer than half the stances of {seldom_found}: on their axes a cell left \
             `not_addressed`, or put on the other pole, may hide one (report.html, \"How far to trust these tables\", \
             has them per genre)"
        );
    }
    let seldom_right = poles(PoleCells::seldom_right, |p| p.stated);
    if !seldom_right.is_empty() {
        eprintln!(
            "held out, fewer than half the cells the heads stated on {seldom_right} were right: read the evidence of \
             such a stance before citing it (report.html marks them)"
        );
    }
    for path in &outcome.outputs {
        eprintln!("wrote {}", path.display());
    }
    for path in &outcome.removed {
        eprintln!("removed {} (an earlier run's or its report's, not written by this run)", path.display());
    }
    diag.print_summary();
}
