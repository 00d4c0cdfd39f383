//! GRIT's role-filler entity metric for MUC-4 (Du, Rush and Cardie 2021, `eval.py`).
//!
//! Per document and role, predicted entities are matched one to one with gold entities; a
//! predicted entity matches a gold one when every one of its normalised strings is among the
//! gold entity's strings. Precision is matches over predicted entities, recall matches over
//! gold entities, both summed over documents; the micro average sums over the roles too.
//! Normalisation is SQuAD's: lower case, no punctuation, no articles, single spaces.

use std::collections::BTreeMap;

/// The five roles, in GRIT's order.
pub const ROLES: [&str; 5] = ["PerpInd", "PerpOrg", "Target", "Victim", "Weapon"];

/// An entity: the strings that name it.
pub type Entity = Vec<String>;

/// Match counts for one role or all of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Predicted entities matched to a gold entity.
    pub matched: usize,
    /// Predicted entities.
    pub predicted: usize,
    /// Gold entities.
    pub gold: usize,
}

impl Counts {
    /// Precision in percent.
    pub fn precision(&self) -> f64 {
        percent(self.matched, self.predicted)
    }

    /// Recall in percent.
    pub fn recall(&self) -> f64 {
        percent(self.matched, self.gold)
    }

    /// F1 in percent.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    }

    fn add(&mut self, other: Counts) {
        self.matched += other.matched;
        self.predicted += other.predicted;
        self.gold += other.gold;
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

/// Scores, per role and micro-averaged.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    /// Per role, keyed by the role's name.
    pub per_role: BTreeMap<String, Counts>,
    /// Summed over roles.
    pub micro: Counts,
}

/// One line per role, then the micro average: what `eval muc4` prints, and anything else that
/// scores role fillers, so that figures read the same wherever they come from.
impl std::fmt::Display for Scores {
    fn fmt(&self, out: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let rows = self.per_role.iter().map(|(role, counts)| (role.as_str(), counts));
        for (role, c) in rows.chain([("micro", &self.micro)]) {
            writeln!(
                out,
                "{role:>8}: precision {:6.2}  recall {:6.2}  F1 {:6.2}  ({} matched, {} predicted, {} gold)",
                c.precision(),
                c.recall(),
                c.f1(),
                c.matched,
                c.predicted,
                c.gold
            )?;
        }
        Ok(())
    }
}

impl Scores {
    /// Adds one document's role: its gold and predicted entities.
    pub fn add(&mut self, role: &str, gold: &[Entity], predicted: &[Entity]) {
        let counts = score_role(gold, predicted);
        self.per_role.entry(role.to_string()).or_default().add(counts);
        self.micro.add(counts);
    }
}

/// SQuAD's answer normalisation, as GRIT uses it.
pub fn normalise(text: &str) -> String {
    let lower = text.to_lowercase();
    let no_punctuation: String = lower.chars().filter(|c| !c.is_ascii_punctuation()).collect();
    no_punctuation
        .split_whitespace()
        .filter(|word| !matches!(*word, "a" | "an" | "the"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A system's role fillers for one document as entities, the way GRIT's own predictions are
/// formed: per role, strings that name the same thing (equal once normalised, or one the
/// initials of the other) are one entity, named by its first string; strings that normalise to
/// nothing are dropped.
pub fn predicted_entities(
    strings: BTreeMap<&'static str, Vec<String>>,
) -> BTreeMap<&'static str, Vec<Entity>> {
    predicted_entities_in("", strings)
}

/// [`predicted_entities`] for a document whose text is known: a name and the acronym the text
/// defines for it are one entity too ("FARABUNDO MARTI NATIONAL LIBERATION FRONT (FMLN)",
/// whose initials, from the Spanish, are not "FMLN"), as entity linking makes them one.
pub fn predicted_entities_in(
    text: &str,
    strings: BTreeMap<&'static str, Vec<String>>,
) -> BTreeMap<&'static str, Vec<Entity>> {
    let text = normalise(text);
    strings
        .into_iter()
        .map(|(role, texts)| {
            let mut entities: Vec<(Vec<String>, String)> = Vec::new();
            for string in texts {
                let key = normalise(&string);
                if key.is_empty() {
                    continue;
                }
                match entities
                    .iter_mut()
                    .find(|(keys, _)| keys.iter().any(|other| same_entity_in(&text, other, &key)))
                {
                    Some((keys, _)) => keys.push(key),
                    None => entities.push((vec![key], string)),
                }
            }
            (role, entities.into_iter().map(|(_, string)| vec![string]).collect())
        })
        .collect()
}

/// Two normalised strings for one entity: equal, one the initials of the other, or one an
/// acronym that the normalised `text` writes right after the other (the brackets around it
/// gone), every letter of it an initial of the long form.
fn same_entity_in(text: &str, a: &str, b: &str) -> bool {
    let initials = |text: &str| text.split_whitespace().filter_map(|w| w.chars().next()).collect::<String>();
    let acronym = |short: &str, long: &str| {
        if short.contains(' ') || !long.contains(' ') || short.len() < 2 {
            return false;
        }
        let letters = initials(long);
        letters == short
            || !text.is_empty()
                && short.chars().all(|c| letters.contains(c))
                && text.contains(&format!("{long} {short}"))
    };
    a == b || acronym(a, b) || acronym(b, a)
}

/// The counts for one document's role: a maximum one-to-one matching of predicted to gold
/// entities (0/1 weights, so a maximum-cardinality matching is a maximum-weight one).
pub fn score_role(gold: &[Entity], predicted: &[Entity]) -> Counts {
    let gold_sets: Vec<Vec<String>> =
        gold.iter().map(|entity| entity.iter().map(|s| normalise(s)).collect()).collect();
    let fits: Vec<Vec<usize>> = predicted
        .iter()
        .map(|entity| {
            let strings: Vec<String> = entity.iter().map(|s| normalise(s)).collect();
            (0..gold_sets.len())
                .filter(|&g| !strings.is_empty() && strings.iter().all(|s| gold_sets[g].contains(s)))
                .collect()
        })
        .collect();
    let mut owner: Vec<Option<usize>> = vec![None; gold.len()];
    let mut matched = 0;
    for p in 0..predicted.len() {
        let mut seen = vec![false; gold.len()];
        if augment(p, &fits, &mut owner, &mut seen) {
            matched += 1;
        }
    }
    Counts { matched, predicted: predicted.len(), gold: gold.len() }
}

fn augment(p: usize, fits: &[Vec<usize>], owner: &mut [Option<usize>], seen: &mut [bool]) -> bool {
    for &g in &fits[p] {
        if seen[g] {
            continue;
        }
        seen[g] = true;
        if owner[g].is_none_or(|other| augment(other, fits, owner, seen)) {
            owner[g] = Some(p);
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {

    #[test]
    fn acronyms_and_repeats_are_one_predicted_entity() {
        assert!(same_entity_in("", "urng", "unidad revolucionaria nacional guatemalteca"));
        assert!(same_entity_in("", "guerrillas", "guerrillas"));
        assert!(!same_entity_in("", "farm", "presidential farm"));
        let strings = BTreeMap::from([(
            "PerpOrg",
            vec!["URNG".to_string(), "the Unidad Revolucionaria Nacional Guatemalteca".into(), "--".into()],
        )]);
        assert_eq!(predicted_entities(strings)["PerpOrg"], vec![vec!["URNG".to_string()]]);
    }

    #[test]
    fn an_acronym_the_text_defines_is_one_entity_with_its_long_form() {
        let text = "TERRORISTS OF THE FARABUNDO MARTI NATIONAL LIBERATION FRONT [FMLN] ATTACKED. THE FMLN...";
        let strings = || {
            BTreeMap::from([(
                "PerpOrg",
                vec!["FARABUNDO MARTI NATIONAL LIBERATION FRONT".to_string(), "FMLN".into(), "ERP".into()],
            )])
        };
        assert_eq!(
            predicted_entities_in(text, strings())["PerpOrg"],
            vec![vec!["FARABUNDO MARTI NATIONAL LIBERATION FRONT".to_string()], vec!["ERP".to_string()]]
        );
        // Without the text, or where the text does not define it, they stay two.
        assert_eq!(predicted_entities(strings())["PerpOrg"].len(), 3);
        assert_eq!(predicted_entities_in("THE FMLN AND THE ERP", strings())["PerpOrg"].len(), 3);
    }

    use super::*;

    fn entity(strings: &[&str]) -> Entity {
        strings.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn normalisation_is_squads() {
        assert_eq!(normalise("The  \"Santo Tomas\" Farm."), "santo tomas farm");
    }

    #[test]
    fn matches_are_one_to_one_and_need_every_string() {
        let gold = vec![entity(&["guerrillas", "guerrilla column"]), entity(&["fmln"])];
        let predicted = vec![entity(&["GUERRILLAS"]), entity(&["the guerrillas"]), entity(&["FMLN", "ERP"])];
        let counts = score_role(&gold, &predicted);
        assert_eq!(counts, Counts { matched: 1, predicted: 3, gold: 2 });
        let mut scores = Scores::default();
        scores.add("PerpInd", &gold, &predicted);
        assert!((scores.micro.precision() - 100.0 / 3.0).abs() < 1e-9);
        assert!((scores.micro.recall() - 50.0).abs() < 1e-9);
    }

    #[test]
    fn matching_reassigns_to_find_the_maximum() {
        let gold = vec![entity(&["farm", "presidential farm"]), entity(&["farm", "la eminencia farm"])];
        let predicted = vec![entity(&["farm"]), entity(&["presidential farm"])];
        assert_eq!(score_role(&gold, &predicted).matched, 2);
    }
}
