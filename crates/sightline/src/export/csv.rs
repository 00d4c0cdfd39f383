//! Incidents as CSV, one row per incident, in columns named after the Global Terrorism
//! Database's (`eventid`, `nkill`, `nwound` ...) so spreadsheets and GTD scripts read it as is.
//!
//! A cell is empty when we do not know the value: coordinates come only from a place entity the
//! gazetteer placed, `province` is empty until incidents carry a province name.

use std::io::Write;

use sightline_pipeline::dataset::Dataset;

/// The header row; every row has these cells in this order.
pub const COLUMNS: [&str; 19] = [
    "eventid",
    "date",
    "date_precision",
    "country",
    "province",
    "city",
    "lat",
    "lon",
    "attack_type",
    "target_type",
    "perpetrator",
    "nkill_min",
    "nkill_best",
    "nkill_max",
    "nwound_min",
    "nwound_best",
    "nwound_max",
    "claimed",
    "sources",
];

/// Writes the header and one row per incident.
pub fn write(dataset: &Dataset, writer: &mut dyn Write) -> std::io::Result<()> {
    let mut csv = csv::Writer::from_writer(writer);
    csv.write_record(COLUMNS)?;
    let number = |value: Option<u32>| value.map(|value| value.to_string()).unwrap_or_default();
    for incident in &dataset.incidents {
        let (lat, lon) = dataset
            .coordinates(incident)
            .map(|(lat, lon)| (lat.to_string(), lon.to_string()))
            .unwrap_or_default();
        let date = incident.date.as_ref();
        let location = incident.location.as_ref();
        // A document's URL says more to a reader than our id; the id stands in where there is none.
        let sources: Vec<&str> = incident
            .docs
            .iter()
            .map(|id| dataset.document(id).and_then(|document| document.url.as_deref()).unwrap_or(id))
            .collect();
        let claimed = match dataset.claimed(incident) {
            Some(true) => "1",
            Some(false) => "0",
            None => "",
        };
        let row: [String; 19] = [
            incident.id.clone(),
            date.and_then(|date| date.value.clone()).unwrap_or_default(),
            date.map(|date| date.precision.clone()).unwrap_or_default(),
            location.and_then(|location| location.country.clone()).unwrap_or_default(),
            String::new(),
            dataset.place_name(incident).unwrap_or_default().to_string(),
            lat,
            lon,
            incident.incident_type.clone(),
            dataset.target_kinds(incident).join(";"),
            incident.perpetrator.clone().unwrap_or_default(),
            number(incident.killed.min),
            number(incident.killed.best),
            number(incident.killed.max),
            number(incident.injured.min),
            number(incident.injured.best),
            number(incident.injured.max),
            claimed.to_string(),
            sources.join(";"),
        ];
        csv.write_record(&row)?;
    }
    csv.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sightline_pipeline::dataset::fixture;

    #[test]
    fn one_row_per_incident_with_every_column() {
        let dataset = fixture::dataset();
        let mut out = Vec::new();
        write(&dataset, &mut out).unwrap();
        let mut reader = csv::Reader::from_reader(out.as_slice());
        assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), COLUMNS);
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2);
        let cell = |row: &csv::StringRecord, name: &str| {
            row.get(COLUMNS.iter().position(|column| *column == name).unwrap()).unwrap().to_string()
        };
        assert_eq!(cell(&rows[0], "eventid"), "i1");
        assert_eq!(cell(&rows[0], "lat"), "55.75");
        assert_eq!(cell(&rows[0], "lon"), "37.62");
        assert_eq!(cell(&rows[0], "nkill_best"), "133");
        assert_eq!(cell(&rows[0], "nwound_best"), "");
        assert_eq!(cell(&rows[0], "claimed"), "1");
        assert_eq!(cell(&rows[0], "target_type"), "human");
        assert_eq!(cell(&rows[0], "sources"), "https://example.com/a;d2");
        // No coordinates are made up for a place the gazetteer did not place.
        assert_eq!(cell(&rows[1], "lat"), "");
        assert_eq!(cell(&rows[1], "city"), "Nowhere");
    }
}
