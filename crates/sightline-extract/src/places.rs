//! Countries and capitals by name, for the country of an event's place when no gazetteer has
//! linked it yet. Built from GeoNames (`data/countries/`).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// `name<TAB>iso<TAB>capital` per line.
const COUNTRIES: &str = include_str!("../../../data/countries/countries.tsv");

/// Lower-cased country and capital names to ISO 3166 alpha-2 codes.
fn table() -> &'static HashMap<String, &'static str> {
    static TABLE: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = HashMap::new();
        for line in COUNTRIES.lines() {
            let mut fields = line.split('\t');
            let (Some(name), Some(iso), capital) = (fields.next(), fields.next(), fields.next()) else {
                continue;
            };
            table.insert(name.to_lowercase(), iso);
            if let Some(capital) = capital.filter(|c| !c.is_empty()) {
                table.entry(capital.to_lowercase()).or_insert(iso);
            }
        }
        // Short forms news uses for the same countries.
        for (name, iso) in
            [("us", "US"), ("u.s.", "US"), ("usa", "US"), ("america", "US"), ("uk", "GB"), ("britain", "GB")]
        {
            table.entry(name.to_string()).or_insert(iso);
        }
        table
    })
}

/// The country a place name is, or is the capital of.
pub fn country_of(name: &str) -> Option<&'static str> {
    let key = name.trim().trim_start_matches("the ").trim_start_matches("THE ").to_lowercase();
    let key = key.strip_suffix("'s").or_else(|| key.strip_suffix("’s")).unwrap_or(&key);
    table().get(key).copied()
}

/// Lower-cased country names.
fn countries() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| {
        COUNTRIES.lines().filter_map(|line| line.split('\t').next()).map(str::to_lowercase).collect()
    })
}

/// True when `name` is a country rather than a place in one.
pub fn is_country(name: &str) -> bool {
    let key = name.trim().to_lowercase();
    let key = key.strip_suffix("'s").or_else(|| key.strip_suffix("’s")).unwrap_or(&key);
    countries().contains(key)
}

/// Lower-cased words of country names, four letters or more: the stems nationality
/// adjectives are made from.
fn country_words() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| {
        countries()
            .iter()
            .flat_map(|name| name.split_whitespace())
            .filter(|word| word.chars().count() >= 4)
            .map(str::to_string)
            .collect()
    })
}

/// True when `word` is a nationality adjective ("Afghan", "Syrian", "Pakistani", "Salvadoran",
/// "Peruvian"): a country name's word with a demonym ending, or one of the irregular ones
/// English keeps ("British", "French", "Dutch").
pub fn is_demonym(word: &str) -> bool {
    let word = word.trim().to_lowercase();
    const IRREGULAR: &[&str] = &[
        "american",
        "british",
        "english",
        "scottish",
        "welsh",
        "irish",
        "french",
        "dutch",
        "swiss",
        "danish",
        "spanish",
        "greek",
        "thai",
        "filipino",
        "norwegian",
        "argentine",
        "yemeni",
    ];
    if IRREGULAR.contains(&word.as_str()) {
        return true;
    }
    const ENDINGS: &[&str] = &["ian", "ean", "an", "ese", "ish", "i", "n"];
    let words = country_words();
    ENDINGS.iter().any(|ending| {
        let Some(stem) = word.strip_suffix(ending) else { return false };
        // "Colombi-an" is a stem of Colombia; "Peru-vian" starts with Peru.
        stem.chars().count() >= 4 && words.iter().any(|w| w.starts_with(stem))
            || words.iter().any(|w| word.starts_with(w.as_str()) && word.len() > w.len())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nationality_adjectives_are_told_from_group_names() {
        for demonym in ["Afghan", "SYRIAN", "Pakistani", "Salvadoran", "Peruvian", "Iranian", "American"] {
            assert!(is_demonym(demonym), "{demonym}");
        }
        for name in ["Taliban", "FMLN", "Montoneros", "Hezbollah", "Kabul"] {
            assert!(!is_demonym(name), "{name}");
        }
    }

    #[test]
    fn countries_and_capitals_resolve_in_any_case() {
        assert_eq!(country_of("Moscow"), Some("RU"));
        assert_eq!(country_of("EL SALVADOR"), Some("SV"));
        assert_eq!(country_of("Iran’s"), Some("IR"));
        assert_eq!(country_of("Kandahar"), None);
        assert!(is_country("Afghanistan"));
        assert!(!is_country("Kabul"));
    }
}
