//! The scope's patterns, matched against every sentence of a run (a million in the 1946-2023
//! General Debates).
//!
//! A pattern that asks for a Unicode word boundary (`\bICTs?\b`) cannot run on the regex
//! crate's fast automata once the sentence holds a byte outside ASCII (a curly quote, an "é",
//! a PDF's "ﬂ" ligature): the search falls back to the PikeVM, and on the 1946-2023 corpus that
//! fallback took a fifth of a warm run, on one core (`perf record`, 2026-12-03). So each pattern
//! is matched twice: first a copy without its assertions (`\b`, `^`, `$`), which matches a
//! superset of what the pattern matches and runs on the fast automata, and only where that
//! copy matches the pattern itself (7 sentences in 100 of the 1946-2023 speeches, mostly for "ict"
//! inside "conflict", against 0.2 in 100 the pattern matches). The answer is the pattern's
//! own; writing `(?-u:\b)` in the file instead was faster still but changes it: it puts
//! "ICT" inside "conﬂict".

use regex::{Regex, RegexBuilder};
use regex_syntax::hir::{Capture, Hir, HirKind, Repetition};

/// A case-insensitive pattern of `[scope]`, with the looser copy that rules most text out
/// first.
#[derive(Debug, Clone)]
pub struct SubjectPattern {
    pattern: Regex,
    without_assertions: Regex,
}

impl SubjectPattern {
    /// `source`, matched ignoring case (a `(?-i:...)` group inside still matches case).
    pub fn new(source: &str) -> Result<Self, regex::Error> {
        let pattern = RegexBuilder::new(source).case_insensitive(true).build()?;
        let hir = regex_syntax::ParserBuilder::new()
            .case_insensitive(true)
            .build()
            .parse(source)
            .map_err(|e| regex::Error::Syntax(e.to_string()))?;
        // The printed HIR spells case-insensitivity out as classes: no flag to set again.
        let without_assertions = Regex::new(&without_assertions(&hir).to_string())?;
        Ok(SubjectPattern { pattern, without_assertions })
    }

    /// Whether `text` matches the pattern anywhere.
    pub fn is_match(&self, text: &str) -> bool {
        self.without_assertions.is_match(text) && self.pattern.is_match(text)
    }
}

/// `hir` with every look-around assertion (word boundary, start or end of line or text)
/// replaced by the empty match: a pattern that matches wherever `hir` does, and more.
fn without_assertions(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Look(_) => Hir::empty(),
        HirKind::Repetition(repetition) => Hir::repetition(Repetition {
            sub: Box::new(without_assertions(&repetition.sub)),
            ..repetition.clone()
        }),
        HirKind::Capture(capture) => Hir::capture(Capture {
            sub: Box::new(without_assertions(&capture.sub)),
            ..capture.clone()
        }),
        HirKind::Concat(parts) => Hir::concat(parts.iter().map(without_assertions).collect()),
        HirKind::Alternation(parts) => Hir::alternation(parts.iter().map(without_assertions).collect()),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) => hir.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shipped pattern's shapes: word boundaries, a case-sensitive group, an alternation
    /// inside a group. Each text is matched as the pattern alone matches it.
    #[test]
    fn matches_exactly_what_the_pattern_matches() {
        let source = r"cyber|\bICTs?\b|hack(er|ing)|\b(?-i:bots?)\b|^online$";
        let subject = SubjectPattern::new(source).unwrap();
        let plain = RegexBuilder::new(source).case_insensitive(true).build().unwrap();
        let texts = [
            "Cybersecurity matters.",
            "The use of ICTs by States.",
            "ict",
            "No solution to the conﬂict without peace.",
            "the Arab-Israeli conflict",
            "Mr. Bot, Minister of Foreign Affairs",
            "bots spread lies",
            "robots",
            "the hacker’s tools",
            "online",
            "Online.",
            "déjà vu — “ICT”",
            "",
        ];
        for text in texts {
            assert_eq!(subject.is_match(text), plain.is_match(text), "{text:?}");
        }
        assert!(subject.is_match("“ICT”") && !subject.is_match("conﬂict") && !subject.is_match("Bots"));
    }

    #[test]
    fn an_invalid_pattern_is_refused() {
        assert!(SubjectPattern::new(r"cyber(").is_err());
    }
}
