//! Stages 1 to 3 for the records of one conference at a time: read, lay out and attribute.
//! Attribution needs a conference's records together (its participant lists say who speaks for
//! whom), and nothing more, so a run holds one conference's text at a time. Within a
//! conference, records are read, laid out and attributed in parallel (rayon, a record per
//! task); results and warnings are collected in record order, so the output is the same
//! whatever the number of threads.

use super::{Attributor, Memberships};
use crate::error::Result;
use crate::ingest;
use crate::types::RecordSource;
use crate::progress::{self, Diagnostics};
use indicatif::ProgressBar;
use crate::resources::Resources;
use crate::segment::{self, SegmentationRules};
use crate::types::{AttributedDocument, Document, Layout, SetAsideTable};
use rayon::prelude::*;
use std::collections::BTreeSet;

/// The segmentation rules, the attributor and the coalition member lists a run reads records
/// with.
pub struct ConferenceAttributor {
    rules: SegmentationRules,
    attributor: Attributor,
    memberships: Option<Memberships>,
    /// Groups spoken for that have no member list: reported once, after the last conference.
    unlisted: BTreeSet<String>,
    /// Delegations a manifest names that the gazetteer lacks (taken as written): reported once.
    unknown: BTreeSet<String>,
    /// A bar over all the records of a run, if the caller keeps one; else each conference
    /// draws its own.
    progress: Option<ProgressBar>,
}

/// At most this many unknown delegations are named in the closing warning.
const UNKNOWN_NAMED: usize = 12;

impl ConferenceAttributor {
    pub fn load(resources: &Resources) -> Result<Self> {
        let rules = SegmentationRules::load(&resources.segmentation)?;
        let attributor = Attributor::load(&resources.gazetteer, &resources.attribution)?;
        let memberships = match &resources.coalitions {
            Some(path) => Some(attributor.memberships(path)?),
            None => None,
        };
        Ok(Self {
            rules,
            attributor,
            memberships,
            unlisted: BTreeSet::new(),
            unknown: BTreeSet::new(),
            progress: None,
        })
    }

    /// Counts every record read on `bar` (a run's bar over all its records).
    pub fn with_progress(mut self, bar: ProgressBar) -> Self {
        self.progress = Some(bar);
        self
    }

    /// Reads, lays out and attributes the records of one conference; unreadable ones are
    /// reported in `diag` and left out.
    pub fn read_and_attribute(&mut self, sources: Vec<RecordSource>, diag: &mut Diagnostics) -> Vec<AttributedDocument> {
        let bar = self.progress.clone().unwrap_or_else(|| progress::bar(sources.len() as u64, "reading"));
        let read: Vec<(Option<(Document, Layout)>, Diagnostics)> = sources
            .into_par_iter()
            .map(|source| {
                let mut warnings = Diagnostics::deferred();
                let laid_out = ingest::read(source, &mut warnings).map(|doc| {
                    let layout = segment::segment(&doc.text, &self.rules);
                    if layout.blocks.iter().all(|block| block.sentences.is_empty()) {
                        warnings.warn(
                            &doc.source.path,
                            "no sentence found in it (headings, page furniture or an annex only): it adds nothing to the tables",
                        );
                    }
                    if let Some(warning) = unread_tables(&layout.tables_with_sentences) {
                        warnings.warn(&doc.source.path, warning);
                    }
                    (doc, layout)
                });
                bar.inc(1);
                (laid_out, warnings)
            })
            .collect();
        if self.progress.is_none() {
            bar.finish_and_clear();
        }
        let mut laid_out = Vec::with_capacity(read.len());
        for (record, warnings) in read {
            diag.absorb(warnings);
            laid_out.extend(record);
        }

        for delegation in laid_out.iter().flat_map(|(doc, _)| &doc.source.delegations) {
            if !self.attributor.knows(delegation) {
                self.unknown.insert(delegation.trim().to_string());
            }
        }
        let people = self.attributor.people(laid_out.iter().map(|(_, layout)| layout.back_matter.as_str()));
        // Each layout is dropped once its document is attributed: the documents are moved on,
        // not copied, so a large record is never held twice.
        let (attributor, memberships) = (&self.attributor, self.memberships.as_ref());
        let attributed: Vec<(AttributedDocument, BTreeSet<String>)> = laid_out
            .into_par_iter()
            .map(|(doc, layout)| {
                let mut statements = attributor.attribute(&doc, &layout, &people);
                let mut unlisted = BTreeSet::new();
                if let Some(memberships) = memberships {
                    statements = memberships.propagate(statements, doc.source.date.as_deref(), &mut unlisted);
                }
                (AttributedDocument { statements, doc }, unlisted)
            })
            .collect();
        attributed
            .into_iter()
            .map(|(doc, unlisted)| {
                self.unlisted.extend(unlisted);
                doc
            })
            .collect()
    }

    /// Says, once each: which delegations of the manifest the gazetteer lacks, and which groups
    /// were spoken for but have no member list to propagate with.
    pub fn report_unlisted(self, diag: &mut Diagnostics) {
        if !self.unknown.is_empty() {
            let unknown: Vec<String> = self.unknown.into_iter().collect();
            diag.note(&format!(
                "{} delegation(s) named by the manifest are not in the gazetteer and are taken as written: {}\n  \
                 (add them to data/gazetteer.toml, with aliases, to match them in other records)",
                unknown.len(),
                progress::first_and_more(&unknown, UNKNOWN_NAMED, ", ", None),
            ));
        }
        if let Some(memberships) = &self.memberships {
            for group in self.unlisted {
                diag.warn(
                    memberships.path(),
                    format!("no member list for {group}: its statements stay the group's; add its members to propagate them"),
                );
            }
        }
    }
}

/// Tables named in a record's warning; the rest are counted.
const UNREAD_TABLES_NAMED: usize = 3;

/// The warning for a record whose tables hold sentences, which are set aside unread like every
/// table: without it, a position paper's table of positions would be lost in silence.
fn unread_tables(tables: &[SetAsideTable]) -> Option<String> {
    if tables.is_empty() {
        return None;
    }
    let named: Vec<String> = tables.iter().map(|t| format!("line {} ({} rows)", t.line, t.rows)).collect();
    Some(format!(
        "{} table(s) whose cells hold sentences, at {}: tables are set aside unread, like a table of contents, \
         so their sentences are in no statement; to have them read, write each row as a paragraph of its own",
        tables.len(),
        progress::first_and_more(&named, UNREAD_TABLES_NAMED, ", ", None),
    ))
}
