//! B-cubed (Bagga & Baldwin 1998): how well a clustering of items matches the gold one.
//!
//! For each item, precision is the share of its predicted cluster that shares its gold
//! cluster, and recall the share of its gold cluster that shares its predicted cluster; both
//! are averaged over items and F1 is their harmonic mean. Items absent from the prediction are
//! scored as if alone, which is what a system that says nothing about them claims.

use std::collections::HashMap;
use std::hash::Hash;

/// B-cubed precision, recall and F1, each 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BCubed {
    /// Mean over items of the predicted cluster's purity.
    pub precision: f64,
    /// Mean over items of the gold cluster's coverage.
    pub recall: f64,
    /// Harmonic mean of the two.
    pub f1: f64,
}

/// Scores `predicted` (item -> cluster) against `gold` (item -> cluster), over the gold items.
pub fn bcubed<I, P, G>(predicted: &HashMap<I, P>, gold: &HashMap<I, G>) -> BCubed
where
    I: Eq + Hash + Clone,
    P: Eq + Hash + Clone,
    G: Eq + Hash + Clone,
{
    // Predicted clusters restricted to gold items; an unpredicted item is its own cluster.
    let mut predicted_members: HashMap<P, Vec<&I>> = HashMap::new();
    let cluster_of = |item: &I| predicted.get(item).cloned();
    for item in gold.keys() {
        if let Some(cluster) = cluster_of(item) {
            predicted_members.entry(cluster).or_default().push(item);
        }
    }
    let mut gold_sizes: HashMap<&G, usize> = HashMap::new();
    for cluster in gold.values() {
        *gold_sizes.entry(cluster).or_default() += 1;
    }
    let (mut precision, mut recall) = (0.0, 0.0);
    for members in predicted_members.values() {
        let mut overlap: HashMap<&G, usize> = HashMap::new();
        for item in members {
            if let Some(cluster) = gold.get(item) {
                *overlap.entry(cluster).or_default() += 1;
            }
        }
        for item in members {
            let Some(cluster) = gold.get(item) else { continue };
            let shared = overlap.get(cluster).copied().unwrap_or(0) as f64;
            precision += shared / members.len() as f64;
            recall += shared / gold_sizes.get(cluster).copied().unwrap_or(1) as f64;
        }
    }
    for item in gold.keys().filter(|item| cluster_of(item).is_none()) {
        precision += 1.0;
        recall +=
            1.0 / gold.get(item).and_then(|cluster| gold_sizes.get(cluster)).copied().unwrap_or(1) as f64;
    }
    let items = gold.len().max(1) as f64;
    let (precision, recall) = (precision / items, recall / items);
    let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
    BCubed { precision, recall, f1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&'static str, u32)]) -> HashMap<&'static str, u32> {
        pairs.iter().copied().collect()
    }

    #[test]
    fn perfect_and_all_singletons() {
        let gold = map(&[("a", 1), ("b", 1), ("c", 2)]);
        assert_eq!(bcubed(&gold, &gold).f1, 1.0);
        let singletons = map(&[("a", 1), ("b", 2), ("c", 3)]);
        let score = bcubed(&singletons, &gold);
        assert_eq!(score.precision, 1.0);
        assert!((score.recall - (0.5 + 0.5 + 1.0) / 3.0).abs() < 1e-12);
    }

    #[test]
    fn one_big_cluster_has_full_recall() {
        let gold = map(&[("a", 1), ("b", 1), ("c", 2)]);
        let lumped = map(&[("a", 9), ("b", 9), ("c", 9)]);
        let score = bcubed(&lumped, &gold);
        assert_eq!(score.recall, 1.0);
        assert!((score.precision - (2.0 / 3.0 + 2.0 / 3.0 + 1.0 / 3.0) / 3.0).abs() < 1e-12);
    }

    #[test]
    fn unpredicted_items_count_as_alone() {
        let gold = map(&[("a", 1), ("b", 1)]);
        let score = bcubed(&HashMap::<&str, u32>::new(), &gold);
        assert_eq!((score.precision, score.recall), (1.0, 0.5));
    }
}
