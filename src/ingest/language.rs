//! The language a record reads as. The encoder and heads are English: a record in another
//! language is read all the same, but its cells may miss or invent stances, so the run says so.

/// How much of the start of a record's text its language is told from (its paragraphs there).
const SAMPLE_CHARS: usize = 4000;
/// Paragraphs shorter than this say too little to tell their language.
const MIN_PARAGRAPH_CHARS: usize = 100;
/// The share of the sample, by characters, in another language that earns a record a warning.
const OTHER_LANGUAGE_SHARE: f64 = 0.2;

/// The language other than English that most of the opening paragraphs of `text` read as
/// (whatlang, where it is sure), with its share of them by characters, when that share is
/// at least [`OTHER_LANGUAGE_SHARE`].
pub fn other_language(text: &str) -> Option<(&'static str, f64)> {
    let sample = text.char_indices().nth(SAMPLE_CHARS).map_or(text, |(end, _)| &text[..end]);
    let paragraphs = sample
        .split("\n\n")
        .map(str::trim)
        .map(|p| (p, p.chars().count()))
        .filter(|&(_, chars)| chars >= MIN_PARAGRAPH_CHARS);
    let mut chars_by_language: Vec<(whatlang::Lang, usize)> = Vec::new();
    let mut total = 0;
    for (paragraph, chars) in paragraphs {
        total += chars;
        if let Some(info) = whatlang::detect(paragraph).filter(whatlang::Info::is_reliable) {
            match chars_by_language.iter_mut().find(|(lang, _)| *lang == info.lang()) {
                Some((_, n)) => *n += chars,
                None => chars_by_language.push((info.lang(), chars)),
            }
        }
    }
    let (lang, chars) = chars_by_language.into_iter().filter(|(lang, _)| *lang != whatlang::Lang::Eng).max_by_key(|(_, n)| *n)?;
    let share = chars as f64 / total as f64;
    (share >= OTHER_LANGUAGE_SHARE).then(|| (lang.eng_name(), share))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_in_good_part_not_in_english_is_told_from_one_in_english() {
        let portuguese = "O atual debate sobre segurança da informação e privacidade de dados é importante e essencial \
                          para a garantia do Estado democrático e para o bom equilíbrio das relações entre as nações.";
        let english = "The current debate on information security and data privacy is important and essential to \
                       guarantee the democratic State and a sound balance in the relations between nations.";
        assert_eq!(other_language(portuguese), Some(("Portuguese", 1.0)));
        assert_eq!(other_language(english), None);
        let (language, share) = other_language(&format!("{english}\n\n{portuguese}")).unwrap();
        assert!(language == "Portuguese" && (0.4..0.6).contains(&share), "a bilingual record: {share}");
        let quoting = format!("{}{portuguese}", format!("{english}\n\n").repeat(6));
        assert_eq!(other_language(&quoting), None, "an English text quoting a paragraph");
        assert_eq!(other_language("Oui."), None, "too short to tell");
    }
}
