//! Stages 1 to 3 for the records of one conference at a time: read, lay out and attribute.
//! Attribution needs a conference's records together (its participant lists say who speaks for
//! whom), and nothing more, so a run holds one conference's text at a time.

use super::{Attributor, Memberships};
use crate::error::Result;
use crate::ingest::{self, RecordSource};
use crate::progress::{self, Diagnostics};
use crate::resources::Resources;
use crate::segment::{self, SegmentationRules};
use crate::types::{AttributedDocument, Document, Layout};
use std::collections::BTreeSet;

/// The segmentation rules, the attributor and the coalition member lists a run reads records
/// with.
pub struct ConferenceAttributor {
    rules: SegmentationRules,
    attributor: Attributor,
    memberships: Option<Memberships>,
    /// Groups spoken for that have no member list: reported once, after the last conference.
    unlisted: BTreeSet<String>,
}

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
        })
    }

    /// Reads, lays out and attributes the records of one conference; unreadable ones are
    /// reported in `diag` and left out.
    pub fn read_and_attribute(&mut self, sources: Vec<RecordSource>, diag: &mut Diagnostics) -> Vec<AttributedDocument> {
        let bar = progress::bar(sources.len() as u64, "reading and segmenting");
        let laid_out: Vec<(Document, Layout)> = sources
            .into_iter()
            .filter_map(|source| {
                let doc = ingest::read(source, diag);
                bar.inc(1);
                doc
            })
            .map(|doc| {
                let layout = segment::segment(&doc.text, &self.rules);
                (doc, layout)
            })
            .collect();
        bar.finish_and_clear();

        let people = self.attributor.people(laid_out.iter().map(|(_, layout)| layout.back_matter.as_str()));
        // Each layout is dropped once its document is attributed: the documents are moved on,
        // not copied, so a large record is never held twice.
        laid_out
            .into_iter()
            .map(|(doc, layout)| {
                let mut statements = self.attributor.attribute(&doc, &layout, &people);
                if let Some(memberships) = &self.memberships {
                    statements = memberships.propagate(statements, doc.date.as_deref(), &mut self.unlisted);
                }
                AttributedDocument { statements, doc }
            })
            .collect()
    }

    /// Says, once, which groups were spoken for but have no member list to propagate with.
    pub fn report_unlisted(self, diag: &mut Diagnostics) {
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
