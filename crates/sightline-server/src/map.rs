//! A world map and a timeline as inline SVG, with no script, no tiles and no network: the land
//! is drawn from the embedded gazetteer (every grid cell that holds a known place), so the page
//! works offline and adds no dependency.
//!
//! Coordinates are equirectangular: x = longitude + 180, y = 90 − latitude, in degrees, so the
//! SVG's viewBox is the map in degrees and a point needs no projection code in the browser.

use std::fmt::Write;
use std::sync::OnceLock;

use sightline_kb::Gazetteer;

/// Size of a land cell, degrees: fine enough for coastlines to read, coarse enough that the path
/// stays tens of kilobytes.
const CELL_DEGREES: f64 = 2.0;

/// The latitudes shown: Antarctica and the far north hold no incidents and would waste height.
pub const NORTH: f64 = 84.0;
/// See [`NORTH`].
pub const SOUTH: f64 = -58.0;

/// The SVG `viewBox` of the map.
pub fn view_box() -> String {
    format!("0 {} 360 {}", 90.0 - NORTH, NORTH - SOUTH)
}

/// A viewBox of `width` × `width / 2` degrees centred on (`lat`, `lon`), kept inside the map:
/// one incident's page shows its region, not the world.
pub fn view_box_around(lat: f64, lon: f64, width: f64) -> String {
    let height = width / 2.0;
    let x = (lon + 180.0 - width / 2.0).clamp(0.0, 360.0 - width);
    let y = (90.0 - lat - height / 2.0).clamp(90.0 - NORTH, (90.0 - SOUTH - height).max(90.0 - NORTH));
    format!("{x:.1} {y:.1} {width:.1} {height:.1}")
}

/// The SVG path of the land, built from the gazetteer once per process.
pub fn land_path() -> &'static str {
    static PATH: OnceLock<String> = OnceLock::new();
    PATH.get_or_init(|| {
        let gazetteer = Gazetteer::builtin();
        let points = (0..gazetteer.len())
            .map(|index| gazetteer.place(sightline_kb::PlaceIdx(index as u32)))
            .map(|place| (f64::from(place.lat), f64::from(place.lon)));
        land_path_of(points)
    })
}

/// The path of grid cells holding at least one of `points` (latitude, longitude), each row's
/// neighbouring cells drawn as one rectangle.
pub fn land_path_of(points: impl Iterator<Item = (f64, f64)>) -> String {
    let columns = (360.0 / CELL_DEGREES) as usize;
    let rows = (180.0 / CELL_DEGREES) as usize;
    let mut land = vec![false; columns * rows];
    for (lat, lon) in points {
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            continue;
        }
        let column = (((lon + 180.0) / CELL_DEGREES) as usize).min(columns - 1);
        let row = (((90.0 - lat) / CELL_DEGREES) as usize).min(rows - 1);
        land[row * columns + column] = true;
    }
    let mut path = String::new();
    for row in 0..rows {
        let mut column = 0;
        while column < columns {
            if !land[row * columns + column] {
                column += 1;
                continue;
            }
            let start = column;
            while column < columns && land[row * columns + column] {
                column += 1;
            }
            let _ = write!(
                path,
                "M{} {}h{}v{}h-{}z",
                start as f64 * CELL_DEGREES,
                row as f64 * CELL_DEGREES,
                (column - start) as f64 * CELL_DEGREES,
                CELL_DEGREES,
                (column - start) as f64 * CELL_DEGREES
            );
        }
    }
    path
}

/// A point on the map: an incident.
#[derive(Debug, Clone, PartialEq)]
pub struct MapPoint {
    /// Where it links to.
    pub href: String,
    /// What its tooltip says.
    pub label: String,
    /// x in the viewBox.
    pub x: String,
    /// y in the viewBox.
    pub y: String,
    /// Radius: grows with the square root of the killed, so area tracks the toll.
    pub r: String,
}

impl MapPoint {
    /// The point of a place at (`lat`, `lon`) with `killed` dead.
    pub fn new(href: String, label: String, lat: f64, lon: f64, killed: Option<u32>) -> MapPoint {
        let radius = 1.2 + f64::from(killed.unwrap_or(0).min(2_000)).sqrt() * 0.35;
        MapPoint {
            href,
            label,
            x: format!("{:.2}", lon + 180.0),
            y: format!("{:.2}", 90.0 - lat.clamp(SOUTH, NORTH)),
            r: format!("{radius:.2}"),
        }
    }
}

/// One bar of a timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    /// What the bar counts, as a period ("2024-03" or "2024").
    pub label: String,
    /// Where it links to: the incidents of the period.
    pub href: String,
    /// Number of incidents.
    pub count: usize,
    /// x in the timeline's viewBox.
    pub x: usize,
    /// Height in the viewBox.
    pub height: usize,
}

/// Height of the timeline's viewBox; bars scale to it.
pub const TIMELINE_HEIGHT: usize = 60;

/// The most bars a timeline draws: the latest ones, so that one stray date centuries back does
/// not turn the chart into hairlines.
pub const MOST_BARS: usize = 120;

/// Bars of incidents per month, or per year when the dates span more than ten years (a month
/// bar would be a hairline), from `(year, month)` pairs (month `None` when only the year is
/// known: counted in year bars, left out of month bars). Empty periods inside the span get
/// empty bars, so gaps show; at most [`MOST_BARS`], the latest. Also returns how many dates
/// fell before the first bar drawn.
pub fn timeline(dates: &[(i32, Option<u32>)]) -> (Vec<Bar>, usize) {
    let Some(first) = dates.iter().map(|(year, _)| *year).min() else { return (Vec::new(), 0) };
    let last = dates.iter().map(|(year, _)| *year).max().unwrap_or(first);
    let by_year = i64::from(last) - i64::from(first) >= 10;
    // Periods as (year, month), month 0 for a year bar; counted in one pass.
    let mut counts: std::collections::BTreeMap<(i32, u32), usize> = std::collections::BTreeMap::new();
    for &(year, month) in dates {
        match (by_year, month) {
            (true, _) => *counts.entry((year, 0)).or_default() += 1,
            (false, Some(month)) => *counts.entry((year, month)).or_default() += 1,
            (false, None) => {}
        }
    }
    let (Some(&start), Some(&end)) = (counts.keys().next(), counts.keys().next_back()) else {
        return (Vec::new(), 0);
    };
    let next = |(year, month): (i32, u32)| match (by_year, month) {
        (true, _) => (year + 1, 0),
        (false, 12) => (year + 1, 1),
        (false, month) => (year, month + 1),
    };
    let mut periods = vec![start];
    while let Some(&period) = periods.last() {
        if period >= end {
            break;
        }
        periods.push(next(period));
    }
    let skipped_periods = periods.len().saturating_sub(MOST_BARS);
    let periods = &periods[skipped_periods..];
    let left_out: usize = counts.range(..periods[0]).map(|(_, count)| count).sum();
    let most = periods.iter().filter_map(|period| counts.get(period)).max().copied().unwrap_or(0).max(1);
    let bars = periods
        .iter()
        .enumerate()
        .map(|(index, &(year, month))| {
            let count = counts.get(&(year, month)).copied().unwrap_or(0);
            let (label, href) = if month == 0 {
                (year.to_string(), format!("/incidents?from={year:04}-01-01&to={year:04}-12-31"))
            } else {
                let last_day = match month {
                    4 | 6 | 9 | 11 => 30,
                    2 if chrono::NaiveDate::from_ymd_opt(year, 2, 29).is_some() => 29,
                    2 => 28,
                    _ => 31,
                };
                (
                    format!("{year}-{month:02}"),
                    format!("/incidents?from={year:04}-{month:02}-01&to={year:04}-{month:02}-{last_day}"),
                )
            };
            Bar {
                label,
                href,
                count,
                x: index * 10,
                height: if count == 0 { 0 } else { (count * TIMELINE_HEIGHT / most).max(2) },
            }
        })
        .collect();
    (bars, left_out)
}

/// The map of a page: the land and one circle per incident with coordinates.
#[derive(Debug, Default)]
pub struct MapView {
    /// The SVG viewBox.
    pub view_box: String,
    /// The land's path.
    pub land: &'static str,
    /// The incidents drawn.
    pub points: Vec<MapPoint>,
    /// The incidents the map stands for, placed or not.
    pub total: usize,
}

/// The timeline of a page.
#[derive(Debug, Default)]
pub struct TimelineView {
    /// The bars, oldest first.
    pub bars: Vec<Bar>,
    /// Width of the viewBox.
    pub width: usize,
    /// Height of the viewBox.
    pub height: usize,
    /// The first bar's period.
    pub first: String,
    /// The last bar's period.
    pub last: String,
    /// "month" or "year".
    pub unit: &'static str,
    /// Incidents not drawn: undated, dated too loosely for the unit, or before the first bar.
    pub left_out: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn land_cells_merge_along_rows() {
        // Two neighbouring cells on one row become one rectangle; a cell elsewhere is its own.
        let path = land_path_of([(1.0, 1.0), (1.0, 3.0), (-31.0, -59.0)].into_iter());
        assert_eq!(path, "M180 88h4v2h-4zM120 120h2v2h-2z");
        assert_eq!(land_path_of([(95.0, 0.0), (f64::NAN, 0.0)].into_iter()), "");
    }

    #[test]
    fn the_embedded_gazetteer_draws_land() {
        let path = land_path();
        assert!(path.len() > 10_000 && path.len() < 200_000, "{} bytes", path.len());
    }

    #[test]
    fn a_region_is_centred_and_kept_on_the_map() {
        assert_eq!(view_box_around(55.75, 37.62, 60.0), "187.6 19.2 60.0 30.0");
        assert_eq!(view_box_around(0.0, -179.0, 60.0), "0.0 75.0 60.0 30.0");
        assert_eq!(view_box_around(80.0, 179.0, 60.0), "300.0 6.0 60.0 30.0");
    }

    #[test]
    fn points_are_in_degrees_and_grow_with_the_toll() {
        let moscow = MapPoint::new("/i".into(), "Moscow".into(), 55.75, 37.62, Some(144));
        assert_eq!((moscow.x.as_str(), moscow.y.as_str(), moscow.r.as_str()), ("217.62", "34.25", "5.40"));
        let small = MapPoint::new("/i".into(), "x".into(), 0.0, 0.0, None);
        assert_eq!(small.r, "1.20");
    }

    #[test]
    fn timelines_fill_gaps_and_switch_to_years() {
        let (bars, before) = timeline(&[(2024, Some(1)), (2024, Some(3)), (2024, Some(3)), (2024, None)]);
        assert_eq!(before, 0);
        let summary: Vec<(&str, usize)> = bars.iter().map(|bar| (bar.label.as_str(), bar.count)).collect();
        assert_eq!(summary, [("2024-01", 1), ("2024-02", 0), ("2024-03", 2)]);
        assert_eq!(bars[2].height, TIMELINE_HEIGHT);
        assert_eq!(bars[2].href, "/incidents?from=2024-03-01&to=2024-03-31");
        let (years, _) = timeline(&[(1989, Some(5)), (2024, None)]);
        assert_eq!(years.len(), 36);
        assert_eq!((years[0].count, years[35].count), (1, 1));
        assert!(timeline(&[]).0.is_empty());
        assert!(timeline(&[(2024, None)]).0.is_empty());
        // A stray date centuries back keeps the latest bars and is counted as left out.
        let (stray, before) = timeline(&[(900, None), (2024, None), (2020, None)]);
        assert_eq!((stray.len(), before), (MOST_BARS, 1));
        assert_eq!(stray.last().map(|bar| (bar.label.as_str(), bar.count)), Some(("2024", 1)));
    }
}
