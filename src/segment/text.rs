//! Text that remembers where each of its characters came from in the document, so cleaning
//! (joining lines, dropping markup and page furniture) never loses the link to the source.

/// A string built piece by piece, each character with its character offset in the document.
///
/// The offsets are stored as runs (a run: characters whose offsets follow one another), a few
/// per line, not one per character: a record's text costs little more than the text itself,
/// which keeps a 50 MB record within bounded memory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetText {
    text: String,
    /// Characters in `text`.
    len: usize,
    /// (index in `text` of the run's first character, its document offset), by index.
    runs: Vec<(usize, usize)>,
}

impl OffsetText {
    pub fn push(&mut self, c: char, offset: usize) {
        self.extend_run(offset, 1);
        self.text.push(c);
    }

    /// Appends `s`, whose first character sits at document offset `start`.
    pub fn push_str(&mut self, s: &str, start: usize) {
        let chars = s.chars().count();
        if chars > 0 {
            self.extend_run(start, chars);
            self.text.push_str(s);
        }
    }

    pub fn append(&mut self, other: OffsetText) {
        for (c, offset) in other.chars() {
            self.push(c, offset);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn last_char(&self) -> Option<char> {
        self.text.chars().next_back()
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The document offset of character `i` of this text.
    pub fn offset(&self, i: usize) -> usize {
        let run = self.runs.partition_point(|&(first, _)| first <= i) - 1;
        let (first, offset) = self.runs[run];
        offset + (i - first)
    }

    /// Replaces each character by `f`'s answer for it, keeping its offset, or drops it where
    /// `f` answers `None`.
    pub fn filter_map(&mut self, mut f: impl FnMut(char) -> Option<char>) {
        self.rebuild(|_, c| f(c));
    }

    /// Drops the characters in `spans` (character indices).
    pub fn drop_spans(&mut self, spans: &[std::ops::Range<usize>]) {
        self.rebuild(|i, c| (!spans.iter().any(|span| span.contains(&i))).then_some(c));
    }

    /// Writes each span (character indices, in order, not overlapping) as its one character,
    /// which takes the offset of the span's first.
    pub fn replace_spans(&mut self, spans: &[(std::ops::Range<usize>, char)]) {
        let mut spans = spans.iter().peekable();
        self.rebuild(|i, c| {
            while spans.next_if(|(span, _)| span.end <= i).is_some() {}
            match spans.peek() {
                Some((span, replacement)) if span.contains(&i) => (i == span.start).then_some(*replacement),
                _ => Some(c),
            }
        });
    }

    /// Drops the first `n` characters.
    pub fn drop_front(&mut self, n: usize) {
        self.rebuild(|i, c| (i >= n).then_some(c));
    }

    /// The first `n` characters and the rest, each with its offsets.
    pub fn split_at(self, n: usize) -> (OffsetText, OffsetText) {
        let (mut front, mut back) = (OffsetText::default(), OffsetText::default());
        for (i, (c, offset)) in self.chars().enumerate() {
            if i < n { front.push(c, offset) } else { back.push(c, offset) }
        }
        (front, back)
    }

    /// Trims whitespace at both ends.
    pub fn trim(&mut self) {
        let lead = self.text.chars().take_while(|c| c.is_whitespace()).count();
        let trail = self.text.chars().rev().take_while(|c| c.is_whitespace()).count();
        let end = self.len.saturating_sub(trail).max(lead);
        if lead > 0 || end < self.len {
            self.rebuild(|i, c| (lead..end).contains(&i).then_some(c));
        }
    }

    /// Each character with its document offset.
    fn chars(&self) -> impl Iterator<Item = (char, usize)> + '_ {
        let mut run = 0;
        self.text.chars().enumerate().map(move |(i, c)| {
            while run + 1 < self.runs.len() && self.runs[run + 1].0 <= i {
                run += 1;
            }
            let (first, offset) = self.runs[run];
            (c, offset + (i - first))
        })
    }

    /// Records `chars` more characters starting at document offset `offset`: on the last run
    /// if they follow it, else as a new run.
    fn extend_run(&mut self, offset: usize, chars: usize) {
        let follows = self.runs.last().is_some_and(|&(first, start)| start + (self.len - first) == offset);
        if !follows {
            self.runs.push((self.len, offset));
        }
        self.len += chars;
    }

    /// What `f` makes of each character (by index and value), with its offset; `None` drops it.
    fn rebuild(&mut self, mut f: impl FnMut(usize, char) -> Option<char>) {
        let mut kept = OffsetText::default();
        for (i, (c, offset)) in self.chars().enumerate() {
            if let Some(c) = f(i, c) {
                kept.push(c, offset);
            }
        }
        *self = kept;
    }
}

/// The character offset of byte offset `byte` in `s`.
pub fn char_offset(s: &str, byte: usize) -> usize {
    s[..byte].chars().count()
}

/// Character offsets of byte offsets of one string, for a pattern's matches in order: each
/// offset counts only the characters since the one asked before, so a record that is one long
/// paragraph with many matches is read once, not once per match. (An offset before the last
/// one asked is counted from the start again.)
pub struct CharOffsets<'a> {
    text: &'a str,
    byte: usize,
    char: usize,
}

impl<'a> CharOffsets<'a> {
    pub fn new(text: &'a str) -> Self {
        CharOffsets { text, byte: 0, char: 0 }
    }

    /// The character offset of byte offset `byte`.
    pub fn of(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            (self.byte, self.char) = (0, 0);
        }
        self.char += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.char
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offsets(text: &OffsetText) -> Vec<usize> {
        (0..text.len).map(|i| text.offset(i)).collect()
    }

    #[test]
    fn offsets_survive_joins_and_removals() {
        let mut text = OffsetText::default();
        text.push_str("  ab*c", 10);
        text.push(' ', 15);
        text.push_str("dé ", 40);
        text.filter_map(|c| (c != '*').then_some(c));
        text.trim();
        assert_eq!(text.as_str(), "abc dé");
        assert_eq!(offsets(&text), [12, 13, 15, 15, 40, 41]);
        text.drop_front(2);
        assert_eq!(text.as_str(), "c dé");
        assert_eq!(offsets(&text), [15, 15, 40, 41]);
        assert_eq!(text.runs.len(), 3, "a run per stretch of following offsets");
    }

    #[test]
    fn trimming_white_space_only_leaves_nothing() {
        let mut text = OffsetText::default();
        text.push_str(" \t ", 0);
        text.trim();
        assert!(text.is_empty());
        assert_eq!(text.as_str(), "");
    }
}
