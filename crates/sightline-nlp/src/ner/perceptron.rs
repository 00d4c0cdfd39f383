//! The averaged perceptron: weights learned from mistakes, averaged over every step.
//!
//! A perceptron predicts the best-scoring tag and, when wrong, adds one to the weights of the
//! gold tag's features and subtracts one from the predicted tag's. The weights it ends with
//! overfit the last sentences it saw, so the model keeps the *average* of the weights over all
//! steps (Collins 2002), which generalises about as well as a regularised model at a fraction
//! of the cost. The average is kept with the usual trick: beside each weight `w` an
//! accumulator `u` of `step * change`, so the average at step `c` is `w - u / c` and an update
//! touches only the weights it changes.
//!
//! Weights live in one flat array, `bucket * n_tags + tag`, so scoring a token's tags reads
//! one short contiguous row per feature.

/// Perceptron weights under training.
pub(crate) struct Perceptron {
    n_tags: usize,
    mask: u64,
    weights: Vec<f32>,
    accumulated: Vec<f64>,
    step: u64,
}

impl Perceptron {
    /// A zero model with `1 << bucket_bits` feature buckets and `n_tags` tags.
    pub(crate) fn new(bucket_bits: u32, n_tags: usize) -> Perceptron {
        let n_weights = (1usize << bucket_bits) * n_tags;
        Perceptron {
            n_tags,
            mask: (1u64 << bucket_bits) - 1,
            weights: vec![0.0; n_weights],
            accumulated: vec![0.0; n_weights],
            step: 0,
        }
    }

    fn row(&self, feature: u64) -> usize {
        (feature & self.mask) as usize * self.n_tags
    }

    /// Adds each feature's row of current weights into `scores` (one per tag).
    pub(crate) fn score(&self, features: &[u64], scores: &mut [f32]) {
        for &feature in features {
            let row = self.row(feature);
            if let Some(weights) = self.weights.get(row..row + self.n_tags) {
                for (score, weight) in scores.iter_mut().zip(weights) {
                    *score += weight;
                }
            }
        }
    }

    /// Counts one training token: a step of the average.
    pub(crate) fn tick(&mut self) {
        self.step += 1;
    }

    /// Moves the features' weights for `tag` by `change`.
    pub(crate) fn update(&mut self, features: &[u64], tag: usize, change: f32) {
        let step = self.step as f64;
        for &feature in features {
            let index = self.row(feature) + tag;
            if let (Some(weight), Some(accumulated)) =
                (self.weights.get_mut(index), self.accumulated.get_mut(index))
            {
                *weight += change;
                *accumulated += step * f64::from(change);
            }
        }
    }

    /// The averaged weights, as of now.
    pub(crate) fn averaged(&self) -> Vec<f32> {
        let step = self.step.max(1) as f64;
        self.weights
            .iter()
            .zip(&self.accumulated)
            .map(|(&weight, &accumulated)| (f64::from(weight) - accumulated / step) as f32)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(updates: &[(u64, usize, f32)], feature: u64, expected: [f32; 2]) {
        let mut perceptron = Perceptron::new(2, 2);
        for &(update_feature, tag, change) in updates {
            perceptron.tick();
            perceptron.update(&[update_feature], tag, change);
        }
        perceptron.tick();
        let averaged = perceptron.averaged();
        let row = perceptron.row(feature);
        assert_eq!([averaged[row], averaged[row + 1]], expected);
    }

    #[test]
    fn averages_over_steps() {
        // Updated at step 1 of 2: the weight was 1 for one step of two, after the step.
        check(&[(1, 0, 1.0)], 1, [0.5, 0.0]);
        // Two updates that cancel leave a small average in favour of the first.
        check(&[(1, 1, 1.0), (1, 1, -1.0)], 1, [0.0, 1.0 / 3.0]);
        // Buckets wrap: feature 5 shares bucket 1 with feature 1 when there are 4 buckets.
        check(&[(5, 0, 1.0)], 1, [0.5, 0.0]);
    }
}
