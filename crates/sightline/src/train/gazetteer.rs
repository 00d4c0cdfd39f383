//! `sightline train gazetteer`: the name lists the tagger's gazetteer features read, built from
//! GeoNames and the actor dictionaries in `../shared/data`.
//!
//! The output is `name<TAB>class` lines (see [`sightline_nlp::ner::Gazetteer`]), names split by
//! our tokenizer and lower-cased, sorted and deduplicated, so the same inputs always give the
//! same bytes. Classes:
//!
//! | class | from |
//! |---|---|
//! | `country` | GeoNames `countries.json` names |
//! | `country_place` | PETRARCH-2 country file entries coded as a bare country (`[AFG]`): country names and misspellings, demonyms, cities and regions |
//! | `admin1` | GeoNames `admin1CodesASCII.txt` names and ASCII names |
//! | `city` | GeoNames `cities1000` places of at least `--min-population` people, and the ASCII alternate names of those of at least `--min-population-alternates` |
//! | `person` | PETRARCH-2 country file entries for office holders (an `ELI` code or a date range) |
//! | `institution` | PETRARCH-2 country file: other national actors (ministries, armed forces, parties) |
//! | `intl_org` | PETRARCH-2 international actors (IGOs, NGOs, multinational groups) |
//! | `armed_group` | PETRARCH-2 militant non-state actors; UCDP actors of kind 1 and 2 |
//! | `identity_group` | UCDP actors of kind 3 (ethnic, religious, clan groups) |
//!
//! With `--actors-extra` (the knowledge base's hand-kept `data/kb/actors-extra.tsv`, groups
//! that the 2016-era lists lack or name as news no longer does: "ISIS-K", "JNIM"), each actor's
//! name and aliases join `armed_group` (armed groups and private military companies),
//! `intl_org` (international organisations) or `institution` (state bodies).
//!
//! Names that would match ordinary words are left out: one-token names of one or two letters
//! ("IS" would match "is"), and one-token names that are English function words (GeoNames lists
//! towns called "Of" and "Bath"; the first goes).

use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

use anyhow::Context;
use serde::Deserialize;

use crate::args::TrainGazetteerArgs;
use crate::Outcome;

/// Function words that some place or group is also called; a one-token name equal to one of
/// them would fire on ordinary text.
const FUNCTION_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by",
    "can", "de", "for", "from", "had", "has", "have", "he", "her", "his", "if", "in", "into", "is", "it",
    "its", "la", "le", "may", "more", "most", "new", "no", "not", "of", "on", "one", "or", "other", "our",
    "out", "over", "said", "she", "so", "some", "than", "that", "the", "their", "them", "there", "they",
    "this", "to", "two", "up", "was", "we", "were", "what", "when", "which", "who", "will", "with", "would",
    "you",
];

/// Lists under construction: (class, name) pairs, sorted.
#[derive(Default)]
struct Lists {
    entries: BTreeSet<(&'static str, String)>,
}

impl Lists {
    /// Tokenizes and lower-cases `name` and adds it under `class`, unless it is empty or would
    /// match ordinary words.
    fn add(&mut self, class: &'static str, name: &str) {
        let name = name.trim();
        if name.is_empty() || name.contains('\u{1a}') {
            return;
        }
        let tokens: Vec<String> =
            sightline_nlp::tokenize(name).iter().map(|token| token.text(name).to_lowercase()).collect();
        if let [only] = tokens.as_slice() {
            if only.chars().count() <= 2 || FUNCTION_WORDS.contains(&only.as_str()) {
                return;
            }
        }
        if tokens.is_empty() || !tokens.iter().any(|token| token.chars().any(char::is_alphabetic)) {
            return;
        }
        self.entries.insert((class, tokens.join(" ")));
    }
}

#[derive(Deserialize)]
struct Country {
    name: String,
}

#[derive(Deserialize)]
struct City {
    name: String,
    #[serde(default)]
    population: u64,
    #[serde(default)]
    alternatenames: Vec<String>,
}

/// An alternate name worth listing: ASCII, capitalised like a name, no digits, at most four
/// words. GeoNames alternates are in every language and script, and include lower-case
/// transliterations and codes that would only add noise.
fn usable_alternate(name: &str) -> bool {
    name.is_ascii()
        && name.chars().next().is_some_and(|first| first.is_ascii_uppercase())
        && name.chars().any(|character| character.is_ascii_lowercase())
        && !name.chars().any(|character| character.is_ascii_digit())
        && name.split_whitespace().count() <= 4
}

fn read_geo(
    folder: &Path,
    min_population: u64,
    min_alternates_population: u64,
    lists: &mut Lists,
) -> anyhow::Result<()> {
    let path = folder.join("countries.json");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("could not read {}", path.display()))?;
    let countries: std::collections::BTreeMap<String, Country> =
        serde_json::from_str(&text).with_context(|| format!("could not parse {}", path.display()))?;
    for country in countries.values() {
        lists.add("country", &country.name);
    }
    let path = folder.join("admin1CodesASCII.txt");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("could not read {}", path.display()))?;
    for line in text.lines() {
        let columns: Vec<&str> = line.split('\t').collect();
        for name in columns.iter().skip(1).take(2) {
            lists.add("admin1", name);
        }
    }
    let path = folder.join("cities1000.json.gz");
    let file = std::fs::File::open(&path).with_context(|| format!("could not open {}", path.display()))?;
    let mut text = String::new();
    flate2::read::GzDecoder::new(file)
        .read_to_string(&mut text)
        .with_context(|| format!("could not decompress {}", path.display()))?;
    let cities: std::collections::BTreeMap<String, City> =
        serde_json::from_str(&text).with_context(|| format!("could not parse {}", path.display()))?;
    for city in cities.values().filter(|city| city.population >= min_population) {
        lists.add("city", &city.name);
        if city.population < min_alternates_population {
            continue;
        }
        for alternate in city.alternatenames.iter().filter(|name| usable_alternate(name)) {
            lists.add("city", alternate);
        }
    }
    Ok(())
}

/// One actor of a PETRARCH/TABARI dictionary: its names (primary first) and CAMEO codes with
/// whatever follows each code inside its brackets (a date range).
#[derive(Default)]
struct Actor {
    names: Vec<String>,
    codes: Vec<String>,
}

/// A dictionary name as text: `_` is a space, `(...)` asides (acronyms) become names of their
/// own, and `+` inside a line separates names that lost their line break.
fn dictionary_names(field: &str, out: &mut Vec<String>) {
    for part in field.split('+') {
        let mut main = String::new();
        let mut aside = String::new();
        let mut depth = 0;
        for character in part.chars() {
            match character {
                '(' => depth += 1,
                ')' => {
                    depth = 0;
                    if !aside.trim().is_empty() {
                        out.push(std::mem::take(&mut aside).replace('_', " "));
                    }
                }
                _ if depth > 0 => aside.push(character),
                _ => main.push(character),
            }
        }
        let main = main.replace('_', " ");
        if !main.trim().is_empty() {
            out.push(main.trim().to_string());
        }
    }
}

/// Reads the actors of a PETRARCH dictionary file.
fn read_dictionary(path: &Path) -> anyhow::Result<Vec<Actor>> {
    let bytes = std::fs::read(path).with_context(|| format!("could not read {}", path.display()))?;
    let text = String::from_utf8_lossy(&bytes);
    let mut actors = Vec::new();
    let mut actor = Actor::default();
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("");
        let line = line.trim_start_matches('\u{feff}');
        if line.trim().is_empty() {
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        let line = line.trim();
        let (name_part, code_part) = match line.find('[') {
            Some(at) => (line.get(..at).unwrap_or(""), line.get(at..).unwrap_or("")),
            None => (line, ""),
        };
        if let Some(alias) = name_part.strip_prefix('+') {
            dictionary_names(alias, &mut actor.names);
        } else if !indented && !name_part.trim().is_empty() {
            if !actor.names.is_empty() {
                actors.push(std::mem::take(&mut actor));
            }
            dictionary_names(name_part.trim(), &mut actor.names);
        }
        for code in code_part.split('[').filter(|code| !code.trim().is_empty()) {
            actor.codes.push(code.trim().trim_end_matches(']').trim().to_string());
        }
    }
    if !actor.names.is_empty() {
        actors.push(actor);
    }
    Ok(actors)
}

fn read_actors(folder: &Path, lists: &mut Lists) -> anyhow::Result<()> {
    let petrarch = folder.join("petrarch2");
    for actor in read_dictionary(&petrarch.join("Phoenix.Countries.actors.txt"))? {
        let code_only = |code: &String| code.split_whitespace().next().unwrap_or("").to_string();
        let class = if actor.codes.iter().all(|code| code_only(code).len() == 3) {
            "country_place"
        } else if actor
            .codes
            .iter()
            .any(|code| code.contains(' ') || code_only(code).get(3..6) == Some("ELI"))
        {
            "person"
        } else {
            "institution"
        };
        for name in &actor.names {
            // A person's lone surname or first name is too ambiguous to list.
            if class != "person" || name.split_whitespace().count() >= 2 {
                lists.add(class, name);
            }
        }
    }
    for (file, class) in
        [("Phoenix.International.actors.txt", "intl_org"), ("Phoenix.MilNonState.actors.txt", "armed_group")]
    {
        for actor in read_dictionary(&petrarch.join(file))? {
            for name in &actor.names {
                lists.add(class, name);
            }
        }
    }
    let path = folder.join("ucdp").join("ucdp-actor-221.csv");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("could not read {}", path.display()))?;
    let mut rows = csv_rows(text.trim_start_matches('\u{feff}'));
    let header = rows.next().unwrap_or_default();
    let column = |name: &str| header.iter().position(|field| field == name);
    let kind = column("Org").context("UCDP actor file has no Org column")?;
    let name_columns: Vec<usize> = ["NameData", "NameOrig", "NameOrigFullEng", "NewName", "NewNameFullEng"]
        .iter()
        .filter_map(|name| column(name))
        .collect();
    for row in rows {
        let class = match row.get(kind).map(String::as_str) {
            Some("1" | "2") => "armed_group",
            Some("3") => "identity_group",
            _ => continue,
        };
        for &index in &name_columns {
            if let Some(name) = row.get(index).filter(|name| name.as_str() != "n/a") {
                lists.add(class, name);
            }
        }
    }
    Ok(())
}

/// Reads the knowledge base's hand-kept actor table (`name<TAB>kind<TAB>country<TAB>parent<TAB>
/// qid<TAB>aliases`, `#` comments): names and `|`-separated aliases under a class by kind.
fn read_actors_extra(path: &Path, lists: &mut Lists) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(path).with_context(|| format!("could not read {}", path.display()))?;
    for line in text.lines().filter(|line| !line.starts_with('#') && !line.trim().is_empty()) {
        let fields: Vec<&str> = line.split('\t').collect();
        let class = match fields.get(1).copied() {
            Some("armed_group" | "private_military") => "armed_group",
            Some("international_org") => "intl_org",
            _ => "institution",
        };
        let aliases = fields.get(5).map(|aliases| aliases.split('|')).into_iter().flatten();
        for name in fields.first().into_iter().copied().chain(aliases) {
            lists.add(class, name);
        }
    }
    Ok(())
}

/// Rows of a CSV text (RFC 4180: quoted fields may hold commas, quotes doubled, line breaks).
fn csv_rows(text: &str) -> impl Iterator<Item = Vec<String>> + '_ {
    let mut chars = text.chars().peekable();
    std::iter::from_fn(move || {
        chars.peek()?;
        let mut row = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        while let Some(character) = chars.next() {
            match (quoted, character) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                (true, '"') => quoted = false,
                (true, _) => field.push(character),
                (false, '"') => quoted = true,
                (false, ',') => row.push(std::mem::take(&mut field)),
                (false, '\n') => break,
                (false, '\r') => {}
                (false, _) => field.push(character),
            }
        }
        row.push(field);
        Some(row)
    })
}

/// Runs `sightline train gazetteer`.
pub fn run(args: &TrainGazetteerArgs, quiet: bool) -> anyhow::Result<Outcome> {
    let mut lists = Lists::default();
    read_geo(&args.geo, args.min_population, args.min_population_alternates, &mut lists)?;
    read_actors(&args.actors, &mut lists)?;
    if let Some(path) = &args.actors_extra {
        read_actors_extra(path, &mut lists)?;
    }
    let mut out = String::from(
        "# Name lists for the ner tagger's gazetteer features: name<TAB>class, lower-cased tokens.\n\
         # Built by `sightline train gazetteer`; sources and licences in data/ner/README.md\n\
         # (GeoNames CC BY 4.0; PETRARCH-2 MIT; UCDP Actor Dataset CC BY 4.0).\n",
    );
    for (class, name) in &lists.entries {
        out.push_str(name);
        out.push('\t');
        out.push_str(class);
        out.push('\n');
    }
    std::fs::write(&args.output, &out)
        .with_context(|| format!("could not write {}", args.output.display()))?;
    if !quiet {
        eprintln!("wrote {} ({} names, {} bytes)", args.output.display(), lists.entries.len(), out.len());
    }
    Ok(Outcome::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_kept_actors_join_by_kind() {
        let dir = std::env::temp_dir().join(format!("sightline-actors-extra-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("actors-extra.tsv");
        std::fs::write(
            &path,
            "# name\tkind\tcountry\tparent\tqid\taliases\n\
             Islamic State Khorasan Province\tarmed_group\tAF\tislamic-state\t\tISIS-K|ISK\n\
             Wagner Group\tprivate_military\tRU\t\t\t\n\
             African Union\tinternational_org\t\t\t\tAU\n\
             Federal Security Service\tgovernment_agency\tRU\t\t\tFSB\n",
        )
        .unwrap();
        let mut lists = Lists::default();
        read_actors_extra(&path, &mut lists).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        let entries: Vec<String> =
            lists.entries.iter().map(|(class, name)| format!("{name}={class}")).collect();
        // "AU" is two letters, left out as every one- or two-letter one-token name is.
        assert_eq!(
            entries,
            [
                "isis-k=armed_group",
                "isk=armed_group",
                "islamic state khorasan province=armed_group",
                "wagner group=armed_group",
                "federal security service=institution",
                "fsb=institution",
                "african union=intl_org",
            ]
        );
    }

    #[test]
    fn dictionary_names_split_asides() {
        let mut names = Vec::new();
        dictionary_names("ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_", &mut names);
        dictionary_names("JAISH_ADAN+_ISLAMIC_ADEN_ARMY_", &mut names);
        assert_eq!(names, ["AAIA", "ADEN ABYAN ISLAMIC ARMY", "JAISH ADAN", "ISLAMIC ADEN ARMY"]);
    }

    #[test]
    fn csv_quotes() {
        let rows: Vec<Vec<String>> = csv_rows("a,\"b, c\",\"d \"\"e\"\"\"\nf,\"g\nh\"\n").collect();
        assert_eq!(rows, [vec!["a", "b, c", "d \"e\""], vec!["f", "g\nh"]]);
    }

    #[test]
    fn ordinary_words_are_left_out() {
        let mut lists = Lists::default();
        for name in ["Of", "IS", "Kabul", "New York", "", "123"] {
            lists.add("city", name);
        }
        let names: Vec<&str> = lists.entries.iter().map(|(_, name)| name.as_str()).collect();
        assert_eq!(names, ["kabul", "new york"]);
    }
}
