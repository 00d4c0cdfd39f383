//! Language identification, one rule for every kind of page.
//!
//! whatlang's trigram counts settle within the first couple of thousand characters, so only
//! that much is read; text with fewer than 20 letters is too short to tell, and a guess below
//! 0.2 confidence is no guess. Codes are ISO 639-1 where one exists, else whatlang's ISO 639-3.

/// Chars of text read to guess its language.
const SAMPLE_CHARS: usize = 2_000;

/// The language of `text` as an ISO 639-1 code (639-3 where no two-letter code exists), or
/// `None` when the text is too short or too mixed to tell.
pub(crate) fn detect(text: &str) -> Option<String> {
    let sample_end = text.char_indices().nth(SAMPLE_CHARS).map_or(text.len(), |(offset, _)| offset);
    let sample = text.get(..sample_end)?;
    if sample.chars().filter(|c| c.is_alphabetic()).count() < 20 {
        return None;
    }
    let info = whatlang::detect(sample)?;
    if info.confidence() < 0.2 {
        return None;
    }
    let code = info.lang().code();
    Some(iso_639_1(code).unwrap_or(code).to_string())
}

/// Maps whatlang's ISO 639-3 codes to ISO 639-1 where one exists.
fn iso_639_1(code: &str) -> Option<&'static str> {
    const PAIRS: &[(&str, &str)] = &[
        ("afr", "af"),
        ("aka", "ak"),
        ("amh", "am"),
        ("ara", "ar"),
        ("aze", "az"),
        ("bel", "be"),
        ("ben", "bn"),
        ("bul", "bg"),
        ("cat", "ca"),
        ("ces", "cs"),
        ("cmn", "zh"),
        ("dan", "da"),
        ("deu", "de"),
        ("ell", "el"),
        ("eng", "en"),
        ("epo", "eo"),
        ("est", "et"),
        ("fin", "fi"),
        ("fra", "fr"),
        ("guj", "gu"),
        ("heb", "he"),
        ("hin", "hi"),
        ("hrv", "hr"),
        ("hun", "hu"),
        ("hye", "hy"),
        ("ind", "id"),
        ("ita", "it"),
        ("jav", "jv"),
        ("jpn", "ja"),
        ("kan", "kn"),
        ("kat", "ka"),
        ("khm", "km"),
        ("kor", "ko"),
        ("lat", "la"),
        ("lav", "lv"),
        ("lit", "lt"),
        ("mal", "ml"),
        ("mar", "mr"),
        ("mkd", "mk"),
        ("mya", "my"),
        ("nep", "ne"),
        ("nld", "nl"),
        ("nob", "nb"),
        ("ori", "or"),
        ("pan", "pa"),
        ("pes", "fa"),
        ("pol", "pl"),
        ("por", "pt"),
        ("ron", "ro"),
        ("rus", "ru"),
        ("sin", "si"),
        ("slk", "sk"),
        ("slv", "sl"),
        ("sna", "sn"),
        ("spa", "es"),
        ("srp", "sr"),
        ("swe", "sv"),
        ("tam", "ta"),
        ("tel", "te"),
        ("tgl", "tl"),
        ("tha", "th"),
        ("tuk", "tk"),
        ("tur", "tr"),
        ("ukr", "uk"),
        ("urd", "ur"),
        ("uzb", "uz"),
        ("vie", "vi"),
        ("yid", "yi"),
        ("zul", "zu"),
    ];
    PAIRS.iter().find(|(three, _)| *three == code).map(|(_, two)| *two)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_only_what_it_can_tell() {
        assert_eq!(
            detect("The group claimed responsibility for the attack on the concert hall.").as_deref(),
            Some("en")
        );
        assert_eq!(
            detect("Le groupe a revendiqué l'attentat contre la salle de concert hier soir.").as_deref(),
            Some("fr")
        );
        assert_eq!(detect("Kabul"), None);
        assert_eq!(detect(""), None);
    }
}
