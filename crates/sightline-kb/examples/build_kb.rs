//! Builds `data/kb/actors.tsv.gz` and `data/kb/places.tsv.gz` from `../shared/data` and the
//! hand-kept files beside them. Deterministic: the same inputs give the same bytes.
//!
//! ```text
//! cargo run --release -p sightline-kb --example build_kb -- ../shared/data data/kb
//! ```
//!
//! Sources: PETRARCH-2 Phoenix dictionaries (MIT), UCDP Actor Dataset 22.1 (CC BY 4.0), GeoNames
//! (CC BY 4.0); see `data/kb/README.md`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context, Result};
use serde_json::Value;
use sightline_kb::normalize_alias;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, shared, out] = &args[..] else { bail!("usage: build_kb SHARED_DATA_DIR OUT_DIR") };
    let (shared, out) = (Path::new(shared), Path::new(out));
    let geo = build_places(shared, out)?;
    build_actors(shared, out, &geo)?;
    Ok(())
}

/// What the actor build needs from the gazetteer.
struct Geo {
    iso3_to_iso2: HashMap<String, String>,
    country_by_key: HashMap<String, String>,
    /// Keys of city and province names, to drop city aliases of PETRARCH country entries.
    place_keys: HashSet<String>,
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

fn write_gzip(path: &Path, text: &str) -> Result<()> {
    let file = std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut encoder = flate2::GzBuilder::new().mtime(0).write(file, flate2::Compression::best());
    encoder.write_all(text.as_bytes())?;
    encoder.finish()?;
    println!("wrote {} ({} bytes of text)", path.display(), text.len());
    Ok(())
}

fn is_latin(text: &str) -> bool {
    text.chars().all(|c| {
        !c.is_alphabetic()
            || c.is_ascii_alphabetic()
            || ('\u{00C0}'..='\u{024F}').contains(&c)
            || ('\u{1E00}'..='\u{1EFF}').contains(&c)
    })
}

fn clean_field(text: &str) -> bool {
    !text.contains(['\t', '|', '\n']) && !text.is_empty()
}

fn build_places(shared: &Path, out: &Path) -> Result<Geo> {
    let geo_dir = shared.join("geo");
    let countries: BTreeMap<String, Value> = serde_json::from_str(&read(&geo_dir.join("countries.json"))?)?;
    let cities_gz = std::fs::read(geo_dir.join("cities1000.json.gz"))?;
    let mut cities_json = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&cities_gz[..]), &mut cities_json)?;
    let cities: BTreeMap<String, Value> = serde_json::from_str(&cities_json)?;
    let mut cities: Vec<&Value> = cities.values().collect();
    cities.sort_by_key(|c| c["geonameid"].as_u64());

    let mut extra_names: HashMap<String, Vec<String>> = HashMap::new();
    for line in read(&out.join("places-extra.tsv"))?.lines().filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        // A country's ISO code ("US") or a province's code ("US.GA"), then its names.
        let Some((code, names)) = line.split_once('\t') else { bail!("places-extra.tsv: bad line {line:?}") };
        extra_names.insert(code.to_string(), names.split('|').map(str::to_string).collect());
    }

    let mut lines = vec![
        "# Built by crates/sightline-kb/examples/build_kb.rs from GeoNames (CC BY 4.0) via ../shared/data/geo".to_string(),
    ];
    let mut place_keys = HashSet::new();
    let mut iso3_to_iso2 = HashMap::new();
    let mut country_by_key = HashMap::new();

    // Largest city per country and per province, and province populations.
    let mut largest_in: HashMap<String, &Value> = HashMap::new();
    let mut province_population: HashMap<String, u64> = HashMap::new();
    for city in &cities {
        let cc = city["countrycode"].as_str().unwrap_or_default();
        let admin1 = city["admin1code"].as_str().unwrap_or_default();
        let population = city["population"].as_u64().unwrap_or(0);
        let province = format!("{cc}.{admin1}");
        *province_population.entry(province.clone()).or_default() += population;
        let best = largest_in.entry(province).or_insert(city);
        if best["population"].as_u64().unwrap_or(0) < population {
            *best = city;
        }
    }

    for (iso2, country) in &countries {
        let name = country["name"].as_str().unwrap_or_default();
        let capital = country["capital"].as_str().unwrap_or_default();
        let capital_city = cities
            .iter()
            .filter(|c| c["countrycode"].as_str() == Some(iso2) && c["name"].as_str() == Some(capital))
            .max_by_key(|c| c["population"].as_u64());
        let (lat, lon) = capital_city.map_or((0.0, 0.0), |c| {
            (c["latitude"].as_f64().unwrap_or(0.0), c["longitude"].as_f64().unwrap_or(0.0))
        });
        let alternates = extra_names.get(iso2).cloned().unwrap_or_default();
        iso3_to_iso2.insert(country["iso3"].as_str().unwrap_or_default().to_string(), iso2.clone());
        for n in std::iter::once(name).chain(alternates.iter().map(String::as_str)) {
            country_by_key.insert(normalize_alias(n), iso2.clone());
        }
        lines.push(format!(
            "{}\tcountry\t{iso2}\t\t{lat:.4}\t{lon:.4}\t{}\t{name}\t{}",
            country["geonameid"].as_u64().unwrap_or(0),
            country["population"].as_u64().unwrap_or(0),
            alternates.join("|")
        ));
    }

    let mut provinces: Vec<(String, String)> = Vec::new();
    for line in read(&geo_dir.join("admin1CodesASCII.txt"))?.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        let [code, name, ascii_name, geonameid] = fields[..] else { continue };
        let Some((cc, admin1)) = code.split_once('.') else { continue };
        let largest = largest_in.get(code);
        let (lat, lon) = largest.map_or((0.0, 0.0), |c| {
            (c["latitude"].as_f64().unwrap_or(0.0), c["longitude"].as_f64().unwrap_or(0.0))
        });
        let mut alternates: Vec<&str> =
            extra_names.get(code).into_iter().flatten().map(String::as_str).collect();
        if normalize_alias(ascii_name) != normalize_alias(name) {
            alternates.insert(0, ascii_name);
        }
        let alternates = alternates.join("|");
        place_keys.insert(normalize_alias(name));
        provinces.push((
            code.to_string(),
            format!(
                "{geonameid}\tprovince\t{cc}\t{admin1}\t{lat:.4}\t{lon:.4}\t{}\t{name}\t{alternates}",
                province_population.get(code).copied().unwrap_or(0)
            ),
        ));
    }
    provinces.sort();
    lines.extend(provinces.into_iter().map(|(_, line)| line));

    let mut n_alternates = 0;
    for city in &cities {
        let name = city["name"].as_str().unwrap_or_default();
        if !clean_field(name) {
            continue;
        }
        let mut keys = HashSet::from([normalize_alias(name)]);
        let mut alternates = Vec::new();
        for alternate in city["alternatenames"].as_array().into_iter().flatten().filter_map(Value::as_str) {
            // English and Latin-script names as news writes them: capitalised, not codes, not long.
            let usable = clean_field(alternate)
                && is_latin(alternate)
                && alternate.starts_with(char::is_uppercase)
                && alternate.chars().any(char::is_lowercase)
                && alternate.chars().count() <= 40
                && !alternate.contains(['(', ')', ',', '/']);
            if usable && keys.insert(normalize_alias(alternate)) {
                alternates.push(alternate);
            }
        }
        n_alternates += alternates.len();
        place_keys.insert(normalize_alias(name));
        lines.push(format!(
            "{}\tcity\t{}\t{}\t{:.4}\t{:.4}\t{}\t{name}\t{}",
            city["geonameid"].as_u64().unwrap_or(0),
            city["countrycode"].as_str().unwrap_or_default(),
            city["admin1code"].as_str().unwrap_or_default(),
            city["latitude"].as_f64().unwrap_or(0.0),
            city["longitude"].as_f64().unwrap_or(0.0),
            city["population"].as_u64().unwrap_or(0),
            alternates.join("|")
        ));
    }
    println!("places: {} lines, {n_alternates} city alternate names", lines.len() - 1);
    write_gzip(&out.join("places.tsv.gz"), &(lines.join("\n") + "\n"))?;
    Ok(Geo { iso3_to_iso2, country_by_key, place_keys })
}

/// An actor being built.
struct Entry {
    id: String,
    kind: &'static str,
    country: String,
    parent: String,
    qid: String,
    name: String,
    aliases: Vec<(String, &'static str)>,
}

impl Entry {
    fn new(name: &str, kind: &'static str, country: String, source: &'static str) -> Entry {
        Entry {
            id: sightline_kb::actor_id(name),
            kind,
            country,
            parent: String::new(),
            qid: String::new(),
            name: name.to_string(),
            aliases: vec![(name.to_string(), source)],
        }
    }
}

/// PETRARCH names are upper case with `_` for spaces: "ISLAMIC_STATE_OF_IRAQ_" becomes
/// "Islamic State of Iraq"; short words without vowels or of at most four letters standing alone
/// stay capitals, since they are acronyms ("HSM", "AQI").
fn petrarch_display(raw: &str) -> String {
    let text = raw.replace('_', " ");
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() == 1 && words[0].chars().filter(|c| c.is_alphabetic()).count() <= 4 {
        return words[0].to_string();
    }
    let mut out = Vec::new();
    for (idx, word) in words.iter().enumerate() {
        let lower = word.to_lowercase();
        let has_vowel = lower.contains(['a', 'e', 'i', 'o', 'u', 'y']);
        if idx > 0
            && matches!(
                lower.as_str(),
                "of" | "the" | "and" | "in" | "for" | "on" | "de" | "la" | "del" | "wa" | "fi"
            )
        {
            out.push(lower);
        } else if !has_vowel {
            out.push(word.to_string());
        } else {
            let mut titled = String::new();
            let mut start_of_part = true;
            for c in lower.chars() {
                if start_of_part {
                    titled.extend(c.to_uppercase());
                } else {
                    titled.push(c);
                }
                start_of_part = matches!(c, '-' | '\'');
            }
            out.push(titled);
        }
    }
    out.join(" ")
}

/// Splits "NAME_(ACRO)_" into the name and the acronym.
fn split_parenthetical(raw: &str) -> (String, Option<String>) {
    match (raw.find('('), raw.find(')')) {
        (Some(open), Some(close)) if open < close => {
            let acronym = raw[open + 1..close].to_string();
            let name = format!("{}{}", &raw[..open], &raw[close + 1..]);
            (name.trim_matches(['_', ' ']).to_string(), Some(acronym))
        }
        _ => (raw.trim_matches(['_', ' ']).to_string(), None),
    }
}

struct PetrarchBlock {
    name: String,
    aliases: Vec<String>,
    codes: Vec<(String, bool)>,
    comment: String,
}

fn parse_petrarch(text: &str) -> Vec<PetrarchBlock> {
    let mut blocks: Vec<PetrarchBlock> = Vec::new();
    let take_codes = |line: &str, codes: &mut Vec<(String, bool)>| {
        let mut rest = line;
        while let (Some(open), Some(close)) = (rest.find('['), rest.find(']')) {
            if close < open {
                break;
            }
            let inner: Vec<&str> = rest[open + 1..close].split_whitespace().collect();
            if let Some(code) = inner.first() {
                codes.push((code.trim_start_matches('~').to_string(), inner.len() > 1));
            }
            rest = &rest[close + 1..];
        }
    };
    for line in text.lines() {
        let (content, comment) = line.split_once('#').unwrap_or((line, ""));
        if content.trim().is_empty() {
            continue;
        }
        if line.starts_with(char::is_whitespace) {
            if let Some(block) = blocks.last_mut() {
                take_codes(content, &mut block.codes);
            }
        } else if let Some(aliases) = content.strip_prefix('+') {
            if let Some(block) = blocks.last_mut() {
                for alias in aliases.split('+') {
                    let alias = alias.split('[').next().unwrap_or_default().trim();
                    if !alias.is_empty() {
                        block.aliases.push(alias.to_string());
                    }
                }
                take_codes(content, &mut block.codes);
            }
        } else {
            let mut codes = Vec::new();
            take_codes(content, &mut codes);
            let name = content.split('[').next().unwrap_or_default().trim().to_string();
            blocks.push(PetrarchBlock { name, aliases: Vec::new(), codes, comment: comment.to_string() });
        }
    }
    blocks
}

fn petrarch_entries(shared: &Path, geo: &Geo) -> Result<Vec<Entry>> {
    let dir = shared.join("actors/petrarch2");
    let mut entries = Vec::new();
    for file in
        ["Phoenix.MilNonState.actors.txt", "Phoenix.International.actors.txt", "Phoenix.Countries.actors.txt"]
    {
        let bytes = std::fs::read(dir.join(file))?;
        let text = String::from_utf8_lossy(&bytes);
        for block in parse_petrarch(&text) {
            let Some((code, dated)) = block.codes.first().cloned() else { continue };
            let broken = |s: &str| s.contains(['\u{1A}', '?', '\u{FFFD}']) || !is_latin(s);
            if dated
                || block.codes.iter().any(|(_, d)| *d)
                || block.comment.contains("CountryInfo")
                || broken(&block.name)
            {
                continue;
            }
            // An honorific among the aliases marks a person ("MR._ASSAD"), not a body.
            const HONORIFICS: [&str; 8] =
                ["MR.", "MR_", "MRS.", "MRS_", "MS.", "PRESIDENT_", "PRIME_MINISTER_", "KING_"];
            if block
                .aliases
                .iter()
                .any(|alias| HONORIFICS.iter().any(|h| alias.to_uppercase().starts_with(h)))
            {
                continue;
            }
            let prefix = code.get(..3).unwrap_or_default();
            let role = code.get(3..6).unwrap_or_default();
            let country = geo.iso3_to_iso2.get(prefix).cloned().unwrap_or_default();
            let kind = match file {
                "Phoenix.MilNonState.actors.txt" => "armed_group",
                "Phoenix.International.actors.txt" => match prefix {
                    "IGO" => "international_org",
                    "IMG" => "armed_group",
                    "NGO" => "ngo",
                    _ => continue,
                },
                _ if country.is_empty() => continue,
                _ => match role {
                    "" => "state",
                    "GOV" => "government",
                    "MIL" => "military",
                    "COP" | "SPY" => "police",
                    "JUD" | "LEG" => "government_agency",
                    "REB" | "INS" | "SEP" => "armed_group",
                    _ => continue,
                },
            };
            let (raw_name, acronym) = split_parenthetical(&block.name);
            let name = petrarch_display(&raw_name);
            if normalize_alias(&name).len() < 2 {
                continue;
            }
            let mut entry = Entry::new(
                &name,
                kind,
                if kind == "armed_group" && prefix == "IMG" { String::new() } else { country },
                "petrarch2",
            );
            let own_key = normalize_alias(&name);
            let mut raw_aliases: Vec<String> = acronym.into_iter().collect();
            for alias in &block.aliases {
                let (alias, acronym) = split_parenthetical(alias);
                raw_aliases.push(alias);
                raw_aliases.extend(acronym);
            }
            for raw in raw_aliases {
                if broken(&raw) {
                    continue;
                }
                let alias = petrarch_display(&raw);
                let key = normalize_alias(&alias);
                // PETRARCH lists cities and provinces as aliases of their country (Kabul for
                // Afghanistan); a gazetteer place is not an actor.
                if kind == "state" && key != own_key && geo.place_keys.contains(&key) {
                    continue;
                }
                entry.aliases.push((alias, "petrarch2"));
            }
            entries.push(entry);
        }
    }
    Ok(entries)
}

/// Splits one CSV line into fields (RFC 4180 quotes; UCDP's file has no newlines in fields).
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                if let Some(field) = fields.last_mut() {
                    field.push('"');
                }
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(String::new()),
            _ => {
                if let Some(field) = fields.last_mut() {
                    field.push(c);
                }
            }
        }
    }
    fields
}

fn ucdp_entries(shared: &Path, geo: &Geo) -> Result<Vec<Entry>> {
    let text = read(&shared.join("actors/ucdp/ucdp-actor-221.csv"))?;
    let mut lines = text.lines();
    let header = csv_fields(lines.next().unwrap_or_default().trim_start_matches('\u{FEFF}'));
    let column = |name: &str| header.iter().position(|h| h == name);
    let (Some(org), Some(name_data), Some(location)) =
        (column("Org"), column("NameData"), column("Location"))
    else {
        bail!("ucdp: missing columns")
    };
    let alias_columns: Vec<usize> =
        ["NameOrig", "NameOrigFullEng", "NewName", "NewNameFullEng", "NameOrigFull"]
            .iter()
            .filter_map(|c| column(c))
            .collect();
    let mut entries = Vec::new();
    for line in lines {
        let fields = csv_fields(line);
        let field = |idx: usize| fields.get(idx).map(|f| f.trim()).unwrap_or_default();
        let kind = match field(org) {
            "1" => "armed_group",
            "2" => "political_group",
            "4" => "government",
            _ => continue,
        };
        let name = field(name_data);
        if !clean_field(name) || !is_latin(name) {
            continue;
        }
        let first_location = field(location).split(", ").next().unwrap_or_default();
        let first_location = first_location.split(" (").next().unwrap_or_default();
        let country = geo.country_by_key.get(&normalize_alias(first_location)).cloned().unwrap_or_default();
        let mut entry = Entry::new(name, kind, country, "ucdp");
        for idx in &alias_columns {
            let alias = field(*idx);
            if clean_field(alias) && alias != "n/a" && is_latin(alias) {
                entry.aliases.push((alias.to_string(), "ucdp"));
            }
        }
        entries.push(entry);
    }
    Ok(entries)
}

fn hand_entries(out: &Path) -> Result<Vec<Entry>> {
    let mut entries = Vec::new();
    for line in read(&out.join("actors-extra.tsv"))?.lines().filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let [name, kind, country, parent, qid, aliases] = line.split('\t').collect::<Vec<_>>()[..] else {
            bail!("actors-extra.tsv: bad line {line:?}")
        };
        let Some(kind) = sightline_kb::ActorKind::parse(kind) else {
            bail!("actors-extra.tsv: bad kind in {line:?}")
        };
        let mut entry = Entry::new(name, kind.as_str(), country.to_string(), "hand");
        entry.parent = parent.to_string();
        entry.qid = qid.to_string();
        entry.aliases.extend(aliases.split('|').filter(|a| !a.is_empty()).map(|a| (a.to_string(), "hand")));
        entries.push(entry);
    }
    Ok(entries)
}

fn build_actors(shared: &Path, out: &Path, geo: &Geo) -> Result<()> {
    let hand = hand_entries(out)?;
    let hand_keys: HashSet<String> =
        hand.iter().flat_map(|e| e.aliases.iter().map(|(a, _)| normalize_alias(a))).collect();
    let mut by_id: BTreeMap<String, Entry> = BTreeMap::new();
    let (mut n_superseded, mut n_merged) = (0, 0);
    for entry in hand {
        by_id.insert(entry.id.clone(), entry);
    }
    for mut entry in ucdp_entries(shared, geo)?.into_iter().chain(petrarch_entries(shared, geo)?) {
        // The hand-kept list supersedes an imported actor it names, and owns its aliases.
        if hand_keys.contains(&normalize_alias(&entry.name)) {
            n_superseded += 1;
            continue;
        }
        entry.aliases.retain(|(alias, _)| !hand_keys.contains(&normalize_alias(alias)));
        match by_id.get_mut(&entry.id) {
            Some(existing) => {
                n_merged += 1;
                existing.aliases.append(&mut entry.aliases);
                if existing.country.is_empty() {
                    existing.country = entry.country;
                }
            }
            None => {
                by_id.insert(entry.id.clone(), entry);
            }
        }
    }
    let mut text = String::from(
        "# Built by crates/sightline-kb/examples/build_kb.rs from PETRARCH-2 (MIT), UCDP 22.1 (CC BY 4.0) and data/kb/actors-extra.tsv\n",
    );
    let mut n_aliases = 0;
    for entry in by_id.values() {
        if !entry.parent.is_empty() && !by_id.contains_key(&entry.parent) {
            bail!("actor {} has an unknown parent {}", entry.id, entry.parent);
        }
        text.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\n",
            entry.id, entry.kind, entry.country, entry.parent, entry.qid, entry.name
        ));
        let mut seen = HashSet::new();
        for (alias, source) in &entry.aliases {
            let key = normalize_alias(alias);
            if key.chars().count() >= 2 && clean_field(alias) && seen.insert((key, alias.clone())) {
                n_aliases += 1;
                text.push_str(&format!("+\t{alias}\t{source}\n"));
            }
        }
    }
    println!(
        "actors: {} actors, {n_aliases} aliases; {n_superseded} imported actors superseded by the hand list, {n_merged} merged by id",
        by_id.len()
    );
    write_gzip(&out.join("actors.tsv.gz"), &text)
}
