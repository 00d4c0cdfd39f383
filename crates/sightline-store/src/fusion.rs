//! Fusion's state between runs (schema migration 4): the incidents, where to find them, and
//! what was fused. The store keeps each incident's state as given and knows nothing of what
//! it holds; the pipeline decides what to fuse and writes the result in one transaction.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};
use sightline_core::DocId;

use crate::documents::{ids_of, WALK_ORDER};
use crate::Error;

/// One write of fusion's state, all in one transaction (see [`crate::Store::write_fusion`]).
#[derive(Debug, Default)]
pub struct FusionWrite<'a> {
    /// The build that fused; recorded, and checked by readers.
    pub build: &'a str,
    /// Documents whose reports this write fuses (with reports or without).
    pub documents: &'a [DocId],
    /// Ids of stored incidents this write replaces or merges away.
    pub replaced: &'a [String],
    /// Incidents new or changed: id, state, and the keys of the blocks that find it.
    pub incidents: &'a [(String, Vec<u8>, Vec<String>)],
    /// Headline words of the fused documents that report events, each given once per document.
    pub words: &'a [String],
    /// How many of `documents` report events (the documents `words` come from).
    pub reporting: u64,
    /// Analyses written again with what fusion learned (an undated document's date bound).
    pub analyses: &'a [(DocId, Vec<u8>)],
}

/// The build that fused the stored incidents, when they cover every document fused since:
/// `None` for a store never fused or whose fused documents changed or went.
pub(crate) fn current_build(connection: &Connection) -> Result<Option<String>, Error> {
    let value = |key: &str| state_value(connection, key);
    let (Some(build), Some(documents)) = (value("build")?, value("documents")?) else { return Ok(None) };
    let fused: i64 = connection.query_row("SELECT count(*) FROM fused_documents", [], |row| row.get(0))?;
    Ok((documents.parse::<i64>().ok() == Some(fused)).then_some(build))
}

/// A value kept in `fusion_state`.
fn state_value(connection: &Connection, key: &str) -> Result<Option<String>, Error> {
    Ok(connection
        .prepare_cached("SELECT value FROM fusion_state WHERE key = ?1")?
        .query_row([key], |row| row.get(0))
        .optional()?)
}

/// A number kept in `fusion_state`, 0 when absent.
fn state_number(connection: &Connection, key: &str) -> Result<u64, Error> {
    Ok(state_value(connection, key)?.and_then(|value| value.parse().ok()).unwrap_or(0))
}

/// Forgets every incident and what was fused.
pub(crate) fn clear(connection: &mut Connection) -> Result<(), Error> {
    connection.execute_batch(
        "BEGIN IMMEDIATE; DELETE FROM incident_blocks; DELETE FROM incidents; DELETE FROM fused_documents; \
         DELETE FROM headline_words; DELETE FROM fusion_state; COMMIT;",
    )?;
    Ok(())
}

/// Documents analysed by `model` whose reports are not fused yet, oldest published first.
pub(crate) fn unfused(connection: &Connection, model: &str) -> Result<Vec<DocId>, Error> {
    let sql = format!(
        "SELECT id FROM documents WHERE \
         EXISTS (SELECT 1 FROM analyses WHERE analyses.doc_id = documents.id AND analyses.model = ?1) \
         AND NOT EXISTS (SELECT 1 FROM fused_documents WHERE fused_documents.doc_id = documents.id) \
         ORDER BY {WALK_ORDER}"
    );
    ids_of(connection, &sql, model)
}

/// The states of the incidents found under any of `blocks` (every incident for `None`),
/// in id order.
pub(crate) fn incidents(connection: &Connection, blocks: Option<&[String]>) -> Result<Vec<Vec<u8>>, Error> {
    let mut states = Vec::new();
    match blocks {
        None => {
            let mut statement = connection.prepare("SELECT state FROM incidents ORDER BY id")?;
            let mut rows = statement.query([])?;
            while let Some(row) = rows.next()? {
                states.push(row.get(0)?);
            }
        }
        Some(blocks) => {
            let mut ids = std::collections::BTreeSet::new();
            let mut statement =
                connection.prepare_cached("SELECT incident FROM incident_blocks WHERE block = ?1")?;
            for block in blocks {
                let mut rows = statement.query([block])?;
                while let Some(row) = rows.next()? {
                    ids.insert(row.get::<_, String>(0)?);
                }
            }
            let mut statement = connection.prepare_cached("SELECT state FROM incidents WHERE id = ?1")?;
            for id in ids {
                if let Some(state) = statement.query_row([&id], |row| row.get(0)).optional()? {
                    states.push(state);
                }
            }
        }
    }
    Ok(states)
}

/// How many fused documents lead with each of `words`, and how many fused documents report
/// events (those whose headline words are counted).
pub(crate) fn word_counts(
    connection: &Connection,
    words: &[String],
) -> Result<(HashMap<String, u64>, u64), Error> {
    let mut counts = HashMap::new();
    let mut statement = connection.prepare_cached("SELECT documents FROM headline_words WHERE word = ?1")?;
    for word in words {
        if counts.contains_key(word) {
            continue;
        }
        let found: Option<i64> = statement.query_row([word], |row| row.get(0)).optional()?;
        counts.insert(word.clone(), found.unwrap_or(0).max(0) as u64);
    }
    Ok((counts, state_number(connection, "reporting")?))
}

/// Writes one [`FusionWrite`] in one transaction.
pub(crate) fn write(connection: &mut Connection, write: &FusionWrite) -> Result<(), Error> {
    let transaction = connection.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    {
        let mut delete = transaction.prepare_cached("DELETE FROM incidents WHERE id = ?1")?;
        for id in write.replaced {
            delete.execute([id])?;
        }
        let mut insert = transaction.prepare_cached(
            "INSERT INTO incidents (id, state) VALUES (?1, ?2) \
             ON CONFLICT (id) DO UPDATE SET state = excluded.state",
        )?;
        let mut unblock = transaction.prepare_cached("DELETE FROM incident_blocks WHERE incident = ?1")?;
        let mut block = transaction
            .prepare_cached("INSERT OR IGNORE INTO incident_blocks (block, incident) VALUES (?1, ?2)")?;
        for (id, state, blocks) in write.incidents {
            insert.execute(params![id, state])?;
            unblock.execute([id])?;
            for key in blocks {
                block.execute([key, id])?;
            }
        }
        let mut fused =
            transaction.prepare_cached("INSERT OR IGNORE INTO fused_documents (doc_id) VALUES (?1)")?;
        for id in write.documents {
            fused.execute([id.as_str()])?;
        }
        let mut word = transaction.prepare_cached(
            "INSERT INTO headline_words (word, documents) VALUES (?1, 1) \
             ON CONFLICT (word) DO UPDATE SET documents = documents + 1",
        )?;
        for each in write.words {
            word.execute([each])?;
        }
        let mut analysis = transaction.prepare_cached(
            "INSERT INTO analyses (doc_id, model, facts) VALUES (?1, ?2, ?3) \
             ON CONFLICT (doc_id) DO UPDATE SET model = excluded.model, facts = excluded.facts",
        )?;
        for (id, facts) in write.analyses {
            analysis.execute(params![id.as_str(), write.build, facts])?;
        }
        let fused: i64 =
            transaction.query_row("SELECT count(*) FROM fused_documents", [], |row| row.get(0))?;
        let mut state = transaction.prepare_cached(
            "INSERT INTO fusion_state (key, value) VALUES (?1, ?2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )?;
        let reporting = state_number(&transaction, "reporting")? + write.reporting;
        state.execute(["build", write.build])?;
        state.execute(["documents", &fused.to_string()])?;
        state.execute(["reporting", &reporting.to_string()])?;
    }
    transaction.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::tests::article as titled;
    use crate::Store;

    use super::*;

    fn article(text: &str) -> sightline_core::Document {
        titled(text, "")
    }

    #[test]
    fn incidents_are_found_by_block_replaced_in_place_and_stale_when_a_document_changes() {
        let Ok(mut store) = Store::open_in_memory() else { panic!("an in-memory store opens") };
        let documents = [article("A bomb exploded in Kabul."), article("Gunmen attacked a hall in Moscow.")];
        assert!(store.write_documents(&documents).is_ok());
        let ids: Vec<DocId> = documents.iter().map(|document| document.id.clone()).collect();
        assert!(store
            .write_analyses("build", &[(ids[0].clone(), b"a".to_vec()), (ids[1].clone(), b"b".to_vec())])
            .is_ok());
        assert_eq!(store.fusion_build().ok(), Some(None), "never fused");
        assert_eq!(store.unfused_documents("build").ok().map(|ids| ids.len()), Some(2));
        let block = |key: &str| vec![key.to_string()];
        let first = FusionWrite {
            build: "build",
            documents: &ids,
            incidents: &[
                ("kabul".into(), b"K1".to_vec(), vec!["w100".into(), "cAF".into()]),
                ("moscow".into(), b"M1".to_vec(), vec!["w200".into(), "cRU".into()]),
            ],
            words: &["kabul".to_string(), "kabul".to_string()],
            reporting: 2,
            ..FusionWrite::default()
        };
        assert!(store.write_fusion(&first).is_ok());
        assert_eq!(store.fusion_build().ok(), Some(Some("build".to_string())));
        assert_eq!(store.unfused_documents("build").ok().map(|ids| ids.len()), Some(0));
        assert_eq!(store.incidents(Some(&block("w100"))).ok(), Some(vec![b"K1".to_vec()]));
        assert_eq!(store.incidents(Some(&block("cRU"))).ok(), Some(vec![b"M1".to_vec()]));
        assert_eq!(store.incidents(None).ok().map(|all| all.len()), Some(2));
        let counts = store.headline_word_counts(&["kabul".to_string(), "moscow".to_string()]).ok();
        assert_eq!(
            counts.as_ref().map(|(counts, reporting)| (counts["kabul"], counts["moscow"], *reporting)),
            Some((2, 0, 2))
        );

        // Moscow is replaced by a new incident in another week; Kabul is left as it was.
        let second = FusionWrite {
            build: "build",
            replaced: &["moscow".to_string()],
            incidents: &[("moscow-2".into(), b"M2".to_vec(), vec!["w201".into(), "cRU".into()])],
            ..FusionWrite::default()
        };
        assert!(store.write_fusion(&second).is_ok());
        assert_eq!(store.incidents(Some(&block("w200"))).ok(), Some(vec![]));
        assert_eq!(store.incidents(Some(&block("cRU"))).ok(), Some(vec![b"M2".to_vec()]));
        assert_eq!(store.incidents(Some(&block("w100"))).ok(), Some(vec![b"K1".to_vec()]));

        // A fused document that changes makes the stored incidents stale.
        let mut changed = documents[0].clone();
        changed.title = Some("Kabul".into());
        assert!(store.write_documents(&[changed]).is_ok());
        assert_eq!(store.fusion_build().ok(), Some(None));
        assert!(store.clear_fusion().is_ok());
        assert_eq!(store.incidents(None).ok().map(|all| all.len()), Some(0));
    }
}
