//! The analysis results as the output contract's records, in one place, so that every front end
//! (`sightline export`, the server's JSON API) writes the same shapes and cannot drift apart.

use sightline_contract::{EntityRecord, KbRecord, MentionRecord, RoleRecord};

use crate::analysis::Entity;

/// The contract's record of an entity, with every mention and role.
pub fn entity_record(entity: &Entity) -> EntityRecord {
    EntityRecord {
        id: entity.id.clone(),
        entity_type: entity.kind.as_str().to_string(),
        name: entity.name.clone(),
        aliases: entity.aliases.clone(),
        kb: KbRecord {
            wikidata: entity.kb.wikidata.clone(),
            geonames: entity.kb.geonames.map(u64::from),
            country: entity.kb.country.clone(),
            lat: entity.kb.lat_lon.map(|(lat, _)| f64::from(lat)),
            lon: entity.kb.lat_lon.map(|(_, lon)| f64::from(lon)),
            actor: entity.kb.actor.clone(),
        },
        roles: entity
            .roles
            .iter()
            .map(|(role, doc)| RoleRecord {
                title: role.title.clone(),
                org: role.org.clone(),
                doc: doc.to_string(),
            })
            .collect(),
        mentions: entity
            .mentions
            .iter()
            .map(|mention| MentionRecord {
                doc: mention.doc.to_string(),
                start: mention.start,
                end: mention.end,
                text: mention.text.clone(),
                how: Some(mention.how.to_string()),
            })
            .collect(),
    }
}
