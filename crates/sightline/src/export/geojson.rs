//! Incidents as a GeoJSON FeatureCollection (RFC 7946): one Point per incident whose place the
//! gazetteer placed; an incident without coordinates is left out rather than put at a guess.

use std::io::Write;

use serde_json::{json, Value};

use sightline_pipeline::dataset::Dataset;

/// The FeatureCollection as a JSON value.
pub fn collection(dataset: &Dataset) -> Value {
    let features: Vec<Value> = dataset
        .incidents
        .iter()
        .filter_map(|incident| {
            let (lat, lon) = dataset.coordinates(incident)?;
            let location = incident.location.as_ref();
            Some(json!({
                "type": "Feature",
                "id": incident.id,
                // RFC 7946: longitude first.
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "id": incident.id,
                    "type": incident.incident_type,
                    "date": incident.date.as_ref().and_then(|date| date.value.clone()),
                    "date_precision": incident.date.as_ref().map(|date| date.precision.clone()),
                    "place": dataset.place_name(incident),
                    "country": location.and_then(|location| location.country.clone()),
                    "perpetrator": incident.perpetrator,
                    "killed_best": incident.killed.best,
                    "killed_min": incident.killed.min,
                    "killed_max": incident.killed.max,
                    "injured_best": incident.injured.best,
                    "injured_min": incident.injured.min,
                    "injured_max": incident.injured.max,
                    "docs": incident.docs,
                },
            }))
        })
        .collect();
    json!({"type": "FeatureCollection", "features": features})
}

/// Writes the FeatureCollection as one JSON document.
pub fn write(dataset: &Dataset, writer: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer(&mut *writer, &collection(dataset)).map_err(std::io::Error::from)?;
    writer.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use sightline_pipeline::dataset::fixture;

    #[test]
    fn only_placed_incidents_become_points_lon_first() {
        let value = collection(&fixture::dataset());
        assert_eq!(value["type"], "FeatureCollection");
        let features = value["features"].as_array().unwrap();
        assert_eq!(features.len(), 1);
        assert_eq!(features[0]["geometry"]["coordinates"], json!([37.62, 55.75]));
        assert_eq!(features[0]["properties"]["killed_best"], 133);
        assert_eq!(features[0]["properties"]["docs"], json!(["d1", "d2"]));
    }
}
