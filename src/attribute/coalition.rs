//! Speaking for a group: "Cuba, speaking on behalf of the Group of 77 and China, said ...".
//!
//! A coalition cue (`coalition_cues` in `data/attribution.toml`) followed by a delegation of kind
//! `group` in the gazetteer credits the statement to the group; the speaker's own delegation is
//! kept beside it. Where a cue counts differs by genre (see the lexicon file): in reported speech
//! it must sit in the sentence's subject ([`super::speaker`]); in a one-speaker record the
//! speaker must say it in the first person ([`speech_speaks_for`]).

use super::gazetteer::{DelegationId, DelegationKind, Gazetteer};
use super::lexicon::Lexicon;
use std::ops::Range;

/// A speech sentence opens with its cue when at most this many words, ending in a comma, come
/// before it ("To conclude, on behalf of ...").
const MAX_CONNECTIVE_WORDS: usize = 3;

/// A group named after a coalition cue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupCue {
    pub group: DelegationId,
    /// Byte span of the cue and the group's name.
    pub span: Range<usize>,
}

/// The first coalition cue in `text` that names a group.
pub fn find(text: &str, gazetteer: &Gazetteer, lexicon: &Lexicon) -> Option<GroupCue> {
    lexicon.coalition_cue.find_iter(text).find_map(|cue| {
        let named = gazetteer.mentions(&text[cue.end()..]).into_iter().next()?;
        let is_group = named.start == 0 && gazetteer.kind(named.delegation) == DelegationKind::Group;
        is_group.then(|| GroupCue {
            group: named.delegation,
            span: cue.start()..cue.end() + named.end,
        })
    })
}

/// The group a sentence of a one-speaker record is said for, if its speaker says, in the first
/// person, that they speak for one ("On behalf of the African Union, I wish ...", "I have the
/// honour to speak on behalf of the Group of 77"). A group merely named after a cue ("the
/// statement made by Sweden on behalf of the European Union") is not enough.
pub fn speech_speaks_for(sentence: &str, gazetteer: &Gazetteer, lexicon: &Lexicon) -> Option<DelegationId> {
    let cue = find(sentence, gazetteer, lexicon)?;
    let before = &sentence[..cue.span.start];
    let opening = before.trim();
    let opens_with_cue = opening.is_empty()
        || (opening.ends_with(',') && opening.split_whitespace().count() <= MAX_CONNECTIVE_WORDS);
    let first_person = (opens_with_cue && lexicon.first_person.is_match(&sentence[cue.span.end..]))
        || lexicon.first_person_speech.is_match(before);
    first_person.then_some(cue.group)
}

/// `text` with `span` blanked out (same length, so offsets into it stay valid): what the
/// speaker rules read once the cue has been taken into account.
pub fn without(text: &str, span: &Range<usize>) -> String {
    let mut blanked = String::with_capacity(text.len());
    blanked.push_str(&text[..span.start]);
    blanked.extend(std::iter::repeat_n(' ', span.len()));
    blanked.push_str(&text[span.end..]);
    blanked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources;
    use std::path::Path;

    fn shipped() -> (Gazetteer, Lexicon) {
        let gazetteer = Gazetteer::load(Path::new(&resources::locate(resources::GAZETTEER))).unwrap();
        let lexicon = Lexicon::load(Path::new(&resources::locate(resources::ATTRIBUTION))).unwrap();
        (gazetteer, lexicon)
    }

    #[test]
    fn a_group_after_a_cue_is_found_a_state_is_not() {
        let (g, l) = shipped();
        let cue = find("Cuba, speaking on behalf of the Group of 77 and China, said", &g, &l).unwrap();
        assert_eq!(g.name(cue.group), "Group of 77");
        assert_eq!(&"Cuba, speaking on behalf of the Group of 77 and China, said"[cue.span], "on behalf of the Group of 77 and China");
        assert_eq!(find("I speak on behalf of the Republic of Angola", &g, &l), None);
        assert_eq!(find("on behalf of my delegation and the European Union", &g, &l), None);
    }

    #[test]
    fn a_speech_credits_a_group_only_in_the_first_person() {
        let (g, l) = shipped();
        let group = |s: &str| speech_speaks_for(s, &g, &l).map(|id| g.name(id).to_string());
        assert_eq!(group("On behalf of the African Union, I wish to express our thanks.").as_deref(), Some("African Union"));
        assert_eq!(
            group("To conclude, on behalf of the OIC, currently chaired by Senegal, I hope to renew our faith.").as_deref(),
            Some("OIC")
        );
        assert_eq!(group("I have the honour to speak on behalf of the Group of 77 and China.").as_deref(), Some("Group of 77"));
        assert_eq!(group("Bulgaria fully aligns itself with the statement made by Sweden on behalf of the European Union."), None);
        assert_eq!(
            group("Van Rompuy was able to address this Assembly on behalf of the European Union, and I align myself with him."),
            None
        );
    }

    #[test]
    fn blanking_keeps_offsets() {
        let text = "Cuba, speaking on behalf of the EU, said";
        let blanked = without(text, &(15..34));
        assert_eq!(blanked.len(), text.len());
        assert_eq!(blanked, format!("Cuba, speaking {}, said", " ".repeat(19)));
    }
}
