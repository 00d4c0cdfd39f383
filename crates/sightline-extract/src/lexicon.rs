//! The word lists the rules read, lower case. Written by hand from the contract's event types
//! and from reading MUC-4's training documents and modern news; kept in one place so that a
//! missing word is one line to add.

use crate::EventType;

/// Words that report an event, with its type and, for some, a subtype.
pub fn trigger(word: &str) -> Option<(EventType, Option<&'static str>)> {
    use EventType::*;
    let found = match word {
        "attack" | "attacks" | "attacked" | "attacking" | "terrorist" | "terrorism" | "killed"
        | "killing" | "killings" | "murder" | "murdered" | "murders" | "dead" | "slain" => (Attack, None),
        "bomb" | "bombs" | "bombing" | "bombings" | "bombed" | "explosion" | "explosions" | "exploded"
        | "blast" | "blasts" | "detonated" | "dynamited" | "car-bomb" | "explosive" | "explosives" => {
            (Bombing, None)
        }
        "shooting" | "shootings" | "ambush" | "ambushed" | "massacre" | "massacred" | "gunfire"
        | "machinegunned" | "machine-gunned" | "shot" | "gunned" | "assault" | "stormed" => {
            (ArmedAssault, None)
        }
        "kidnapped" | "kidnapping" | "kidnappings" | "kidnap" | "abducted" | "abduction" | "hostage"
        | "hostages" | "kidnappers" => (Kidnapping, None),
        "assassinated" | "assassination" | "assassinations" | "assassinate" | "assassins" => {
            (Assassination, None)
        }
        "burned" | "burnt" | "torched" | "arson" | "fire" => (Arson, None),
        "hijacked" | "hijacking" | "hijackers" => (Hijacking, None),
        "airstrike" | "airstrikes" | "air-strike" | "drone" => (Airstrike, None),
        "raid" | "raided" | "raids" => (Raid, None),
        "arrested" | "arrest" | "arrests" | "detained" | "apprehended" => (Arrest, None),
        "warned" | "warning" | "warnings" | "warns" => (Warning, None),
        "threatened" | "threatens" => (Threat, None),
        _ => return None,
    };
    Some(found)
}

/// Subtypes told by a word near the trigger.
pub fn subtype(word: &str) -> Option<&'static str> {
    match word {
        "suicide" => Some("suicide"),
        "car" | "car-bomb" | "truck" | "vehicle" | "vehicle-borne" => Some("vehicle"),
        "twin" | "double" => Some("twin"),
        _ => None,
    }
}

/// Nouns for people who carry out attacks, described rather than named.
pub fn perpetrator_noun(word: &str) -> bool {
    matches!(
        word,
        "guerrillas"
            | "guerrilla"
            | "terrorists"
            | "terrorist"
            | "gunmen"
            | "gunman"
            | "rebels"
            | "rebel"
            | "assailants"
            | "assailant"
            | "attackers"
            | "attacker"
            | "bomber"
            | "bombers"
            | "militants"
            | "militant"
            | "insurgents"
            | "insurgent"
            | "subversives"
            | "extremists"
            | "jihadists"
            | "assassins"
            | "assassin"
            | "kidnappers"
            | "hijackers"
            | "hitmen"
            | "killers"
            | "commando"
            | "commandos"
            | "squad"
            | "squads"
            | "narcoterrorists"
            | "gunmen's"
            | "fighters"
            | "terrorist's"
            | "criminals"
            | "individuals"
            | "men"
            | "paramilitaries"
            | "perpetrators"
            | "sicarios"
    )
}

/// Nouns that name attackers in wire copy but are too common in modern news to propose
/// without the trained filter: "troops", "soldiers", "men".
pub fn wide_perpetrator_noun(word: &str) -> bool {
    matches!(
        word,
        "troops"
            | "soldiers"
            | "officers"
            | "units"
            | "persons"
            | "traffickers"
            | "forces"
            | "suspects"
            | "man"
            | "woman"
            | "men"
            | "individuals"
            | "people"
            | "members"
            | "groups"
            | "bands"
    )
}

/// Nouns for people harmed.
pub fn human_noun(word: &str) -> bool {
    matches!(
        word,
        "civilians"
            | "civilian"
            | "peasants"
            | "peasant"
            | "worshippers"
            | "worshipers"
            | "people"
            | "persons"
            | "person"
            | "children"
            | "women"
            | "students"
            | "student"
            | "priests"
            | "priest"
            | "judge"
            | "judges"
            | "mayor"
            | "policemen"
            | "policeman"
            | "police"
            | "soldiers"
            | "soldier"
            | "officers"
            | "officer"
            | "members"
            | "member"
            | "journalist"
            | "journalists"
            | "leader"
            | "leaders"
            | "official"
            | "officials"
            | "businessman"
            | "businessmen"
            | "workers"
            | "worker"
            | "teachers"
            | "passengers"
            | "tourists"
            | "villagers"
            | "residents"
            | "farmers"
            | "guards"
            | "guard"
            | "bodyguards"
            | "bodyguard"
            | "diplomat"
            | "diplomats"
            | "candidate"
            | "minister"
            | "councilman"
            | "councilmen"
            | "jesuits"
            | "nuns"
            | "bystanders"
            | "troops"
            | "agents"
            | "agent"
            | "citizens"
            | "citizen"
            | "wife"
            | "son"
            | "daughter"
            | "family"
            | "employees"
            | "pedestrians"
            | "concertgoers"
            | "personnel"
            | "man"
            | "woman"
            | "youths"
            | "victims"
            | "commander"
            | "colonel"
            | "sergeant"
            | "lieutenant"
            | "captain"
            | "director"
            | "president"
            | "nationals"
            | "suspects"
            | "suspect"
            | "migrants"
            | "refugees"
            | "marines"
            | "servicemen"
            | "ambassador"
            | "attorney"
            | "prosecutor"
            | "legislator"
            | "congressman"
            | "senator"
    )
}

/// Nouns for things harmed.
pub fn physical_noun(word: &str) -> bool {
    matches!(
        word,
        "building"
            | "buildings"
            | "embassy"
            | "headquarters"
            | "office"
            | "offices"
            | "bank"
            | "banks"
            | "farm"
            | "substation"
            | "tower"
            | "towers"
            | "pylon"
            | "pylons"
            | "bus"
            | "buses"
            | "vehicle"
            | "vehicles"
            | "car"
            | "cars"
            | "truck"
            | "trucks"
            | "church"
            | "mosque"
            | "hall"
            | "residence"
            | "house"
            | "houses"
            | "home"
            | "homes"
            | "plant"
            | "station"
            | "stations"
            | "bridge"
            | "bridges"
            | "pipeline"
            | "oil"
            | "installations"
            | "installation"
            | "facilities"
            | "facility"
            | "school"
            | "hospital"
            | "hotel"
            | "restaurant"
            | "store"
            | "shop"
            | "market"
            | "airport"
            | "aircraft"
            | "plane"
            | "helicopter"
            | "train"
            | "line"
            | "lines"
            | "branch"
            | "agency"
            | "premises"
            | "stronghold"
            | "post"
            | "barracks"
            | "garrison"
            | "base"
            | "checkpoint"
            | "shrine"
            | "temple"
            | "venue"
            | "arena"
            | "dam"
            | "mine"
            | "factory"
            | "warehouse"
            | "jeep"
            | "ministry"
            | "consulate"
            | "power"
            | "telephone"
            | "facade"
            | "property"
            | "camp"
            | "compound"
            | "university"
            | "centre"
            | "center"
            | "park"
            | "club"
            | "headquarter"
            | "ambulance"
            | "transformer"
            | "transformers"
            | "substations"
            | "powerline"
            | "poles"
            | "wagon"
            | "drugstore"
            | "newspaper"
            | "vessel"
            | "ship"
            | "structures"
            | "businesses"
            | "shops"
            | "stores"
            | "embassies"
            | "institute"
            | "institutes"
            | "council"
            | "residences"
    )
}

/// Weapon heads.
pub fn weapon_noun(word: &str) -> bool {
    matches!(
        word,
        "bomb"
            | "bombs"
            | "dynamite"
            | "explosives"
            | "explosive"
            | "grenade"
            | "grenades"
            | "rifle"
            | "rifles"
            | "machinegun"
            | "machineguns"
            | "machine-gun"
            | "gun"
            | "guns"
            | "mortar"
            | "mortars"
            | "rocket"
            | "rockets"
            | "missile"
            | "missiles"
            | "firearms"
            | "firearm"
            | "pistol"
            | "pistols"
            | "revolver"
            | "weapons"
            | "knife"
            | "knives"
            | "ied"
            | "ieds"
            | "mines"
            | "landmine"
            | "charge"
            | "charges"
            | "device"
            | "launchers"
            | "launcher"
            | "bullets"
            | "m-16"
            | "ak-47"
            | "submachinegun"
            | "submachineguns"
            | "molotov"
            | "vest"
            | "vests"
            | "fal"
            | "uzi"
            | "tnt"
            | "shotgun"
            | "shotguns"
            | "carbine"
            | "carbines"
            | "bazooka"
            | "devices"
            | "bullet"
            | "cocktails"
            | "car-bomb"
            | "car-bombs"
            | "truck-bomb"
            | "sticks"
    )
}

/// Words that end a noun phrase going leftwards: determiners, prepositions, verbs, pronouns.
pub fn phrase_stop(word: &str) -> bool {
    matches!(
        word,
        "the"
            | "a"
            | "an"
            | "of"
            | "in"
            | "on"
            | "at"
            | "by"
            | "for"
            | "to"
            | "from"
            | "with"
            | "and"
            | "or"
            | "but"
            | "that"
            | "which"
            | "who"
            | "whom"
            | "whose"
            | "this"
            | "these"
            | "those"
            | "its"
            | "his"
            | "her"
            | "their"
            | "our"
            | "my"
            | "your"
            | "is"
            | "are"
            | "was"
            | "were"
            | "be"
            | "been"
            | "has"
            | "have"
            | "had"
            | "it"
            | "they"
            | "he"
            | "she"
            | "we"
            | "i"
            | "you"
            | "them"
            | "him"
            | "me"
            | "said"
            | "says"
            | "killed"
            | "attacked"
            | "against"
            | "into"
            | "near"
            | "after"
            | "before"
            | "when"
            | "where"
            | "as"
            | "than"
            | "also"
            | "not"
            | "no"
            | "today"
            | "yesterday"
            | "reported"
            | "some"
            | "all"
            | "other"
            | "another"
            | "several"
            | "many"
            | "two"
            | "three"
            | "during"
            | "while"
            | "about"
            | "over"
            | "under"
            | "up"
            | "out"
            | "there"
            | "here"
            | "did"
            | "do"
            | "does"
            | "will"
            | "would"
            | "could"
            | "can"
            | "may"
            | "might"
            | "outside"
            | "inside"
            | "across"
            | "around"
            | "through"
            | "behind"
            | "beyond"
            | "within"
            | "toward"
            | "towards"
            | "along"
            | "amid"
            | "among"
            | "between"
            | "since"
            | "until"
            | "despite"
            // Verbs in -ing that take a weapon or target as object: "aircraft firing rockets".
            | "including"
            | "firing"
            | "carrying"
            | "using"
            | "throwing"
            | "hurling"
            | "planting"
            | "detonating"
            | "leaving"
    ) || (trigger(word).is_some_and(|(kind, _)| kind != EventType::Attack || word.ends_with("ed"))
        // "explosive device", "incendiary bomb": a word of bombing that modifies a weapon.
        && !matches!(word, "explosive" | "incendiary"))
}

/// A past tense or participle that is a verb, not a modifier of the noun after it: "ordered",
/// "destroyed", where "armed men", "unidentified individuals", "state-owned bank" keep their
/// modifier. The kept participles are those MUC-4's training templates use in role fillers.
pub fn past_verb(word: &str) -> bool {
    word.ends_with("ed")
        && !word.contains('-')
        && !matches!(
            word,
            "armed"
                | "unarmed"
                | "unidentified"
                | "hooded"
                | "masked"
                | "uniformed"
                | "armored"
                | "armoured"
                | "alleged"
                | "suspected"
                | "presumed"
                | "hired"
                | "paid"
                | "dressed"
                | "loaded"
                | "owned"
                | "wounded"
                | "red"
                | "united"
                | "organized"
                | "organised"
                | "parked"
                | "painted"
                | "retired"
                | "disguised"
                | "abandoned"
                | "isolated"
                | "unnamed"
                | "named"
        )
}

/// Words that make the verb near them not happen: negations and denials.
pub fn negation(word: &str) -> bool {
    matches!(word, "not" | "n't" | "never" | "no" | "without" | "nor" | "failed" | "foiled" | "thwarted")
}

/// Words that make an event only possible, planned or wished for.
pub fn hypothetical(word: &str) -> bool {
    matches!(
        word,
        "would"
            | "could"
            | "might"
            | "may"
            | "can"
            | "plan"
            | "plans"
            | "planned"
            | "planning"
            | "plot"
            | "plotting"
            | "capacity"
            | "capability"
            | "capabilities"
            | "possibility"
            | "intend"
            | "intends"
            | "seeking"
            | "seek"
            | "aims"
            | "want"
            | "wants"
            | "like"
            | "potential"
            | "potentially"
            | "threat"
            | "threaten"
            | "threatened"
            | "threatens"
            | "if"
            | "prevent"
            | "stage"
            | "launch"
            | "conduct"
            | "carry"
            | "execute"
            | "able"
            | "ability"
            | "risk"
    )
}

/// Verbs that introduce speech.
pub fn speech_verb(word: &str) -> bool {
    matches!(
        word,
        "said"
            | "says"
            | "say"
            | "told"
            | "tells"
            | "added"
            | "adding"
            | "stated"
            | "states"
            | "noted"
            | "noting"
            | "explained"
            | "declared"
            | "insisted"
            | "warned"
            | "warning"
            | "wrote"
            | "writes"
            | "asked"
            | "argued"
            | "continued"
            | "recalled"
            | "remarked"
            | "claimed"
            | "stressed"
            | "emphasized"
            | "emphasised"
            | "announced"
            | "testified"
            | "according"
            | "replied"
            | "observed"
            | "cautioned"
            | "acknowledged"
            | "admitted"
            | "described"
            | "called"
            | "believes"
            | "thinks"
            | "predicted"
            | "estimated"
            | "vowed"
            | "pledged"
    )
}

/// Nouns that describe an unnamed speaker.
pub fn speaker_noun(word: &str) -> bool {
    matches!(
        word,
        "official"
            | "officials"
            | "spokesman"
            | "spokeswoman"
            | "spokesperson"
            | "source"
            | "sources"
            | "analyst"
            | "expert"
            | "officer"
            | "commander"
            | "diplomat"
            | "witness"
            | "resident"
            | "minister"
            | "statement"
            | "communique"
            | "report"
            | "general"
            | "senator"
            | "president"
            | "agency"
            | "ministry"
            | "leader"
    )
}

/// Adjectives of religion and ethnicity that the tagger calls miscellaneous names and that
/// describe a group without naming it: "the Muslim group", "Sunni militants".
pub fn identity_adjective(word: &str) -> bool {
    matches!(
        word,
        "muslim"
            | "islamic"
            | "islamist"
            | "christian"
            | "catholic"
            | "jewish"
            | "hindu"
            | "sikh"
            | "buddhist"
            | "shia"
            | "shiite"
            | "sunni"
            | "arab"
            | "kurdish"
            | "pashtun"
            | "tajik"
            | "uzbek"
            | "hazara"
            | "indian"
            | "indigenous"
    )
}

/// Last words of the names of bodies rather than people: "Customs and Border Patrol", "the
/// National Police", "Central Command".
pub fn organisation_head(word: &str) -> bool {
    matches!(
        word,
        "patrol"
            | "police"
            | "command"
            | "ministry"
            | "department"
            | "agency"
            | "council"
            | "army"
            | "front"
            | "party"
            | "force"
            | "forces"
            | "guard"
            | "service"
            | "bureau"
            | "office"
            | "committee"
            | "commission"
            | "union"
            | "movement"
            | "court"
            | "congress"
            | "parliament"
            | "government"
            | "university"
            | "institute"
            | "center"
            | "centre"
            | "corps"
            | "brigade"
            | "battalion"
            | "association"
            | "authority"
            | "administration"
            | "network"
    )
}

/// Personal pronouns that can stand for a speaker.
pub fn person_pronoun(word: &str) -> bool {
    matches!(word, "he" | "she")
}

/// Perpetrator organisations named in MUC-4's training templates (`data/extract/groups.txt`,
/// written by `examples/train_filter.rs groups`), normalised: lower case, no punctuation.
const GROUPS: &str = include_str!("../../../data/extract/groups.txt");

/// The longest known group name starting at token `t`, as its token count.
pub fn group_at(words: &[String], t: usize) -> Option<usize> {
    use std::collections::HashSet;
    use std::sync::OnceLock;
    static SET: OnceLock<(HashSet<&'static str>, usize)> = OnceLock::new();
    let (set, longest) = SET.get_or_init(|| {
        let set: HashSet<&str> = GROUPS.lines().filter(|l| !l.is_empty()).collect();
        let longest = set.iter().map(|g| g.split(' ').count()).max().unwrap_or(0);
        (set, longest)
    });
    let mut key = String::new();
    let mut best = None;
    for n in 1..=(*longest).min(words.len().saturating_sub(t)) {
        let word = &words[t + n - 1];
        if !word.chars().any(char::is_alphanumeric) {
            return best;
        }
        if n > 1 {
            key.push(' ');
        }
        key.push_str(word);
        if set.contains(key.as_str()) {
            best = Some(n);
        }
    }
    best
}
