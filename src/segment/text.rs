//! Text that remembers where each of its characters came from in the document, so cleaning
//! (joining lines, dropping markup and page furniture) never loses the link to the source.

/// A string built character by character, each with its character offset in the document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetText {
    chars: Vec<(char, usize)>,
}

impl OffsetText {
    pub fn push(&mut self, c: char, offset: usize) {
        self.chars.push((c, offset));
    }

    /// Appends `s`, whose first character sits at document offset `start`.
    pub fn push_str(&mut self, s: &str, start: usize) {
        for (i, c) in s.chars().enumerate() {
            self.chars.push((c, start + i));
        }
    }

    pub fn append(&mut self, other: OffsetText) {
        self.chars.extend(other.chars);
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    pub fn last_char(&self) -> Option<char> {
        self.chars.last().map(|&(c, _)| c)
    }

    pub fn as_string(&self) -> String {
        self.chars.iter().map(|&(c, _)| c).collect()
    }

    /// The document offset of character `i` of this text.
    pub fn offset(&self, i: usize) -> usize {
        self.chars[i].1
    }

    /// Keeps the characters for which `keep` holds.
    pub fn retain(&mut self, mut keep: impl FnMut(char) -> bool) {
        self.chars.retain(|&(c, _)| keep(c));
    }

    /// Drops the first `n` characters.
    pub fn drop_front(&mut self, n: usize) {
        self.chars.drain(..n.min(self.chars.len()));
    }

    /// Trims whitespace at both ends.
    pub fn trim(&mut self) {
        while self.chars.last().is_some_and(|&(c, _)| c.is_whitespace()) {
            self.chars.pop();
        }
        let lead = self.chars.iter().take_while(|&&(c, _)| c.is_whitespace()).count();
        self.drop_front(lead);
    }
}
