//! Scores for a grouping against a gold grouping: pairwise and B-cubed
//! precision, recall and F1, the two standard measures for coreference and
//! event resolution. Pairwise counts pairs of items put together; B-cubed
//! averages, per item, how much of its predicted group is right (precision)
//! and how much of its gold group was found (recall), so large groups do not
//! dominate the way they do pairwise.

use std::collections::HashMap;
use std::hash::Hash;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Scores {
    fn new(precision: f64, recall: f64) -> Self {
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Scores {
            precision,
            recall,
            f1,
        }
    }
}

/// Pairwise scores. `gold[i]` and `predicted[i]` are item i's group labels.
/// With no pairs on a side its measure is 1.0 (nothing to get wrong).
pub fn pairwise<G: Eq, P: Eq>(gold: &[G], predicted: &[P]) -> Scores {
    assert_eq!(
        gold.len(),
        predicted.len(),
        "one label per item on both sides"
    );
    let (mut both, mut gold_pairs, mut predicted_pairs) = (0usize, 0usize, 0usize);
    for i in 0..gold.len() {
        for j in i + 1..gold.len() {
            let same_gold = gold[i] == gold[j];
            let same_predicted = predicted[i] == predicted[j];
            gold_pairs += usize::from(same_gold);
            predicted_pairs += usize::from(same_predicted);
            both += usize::from(same_gold && same_predicted);
        }
    }
    let ratio = |n: usize, d: usize| if d == 0 { 1.0 } else { n as f64 / d as f64 };
    Scores::new(ratio(both, predicted_pairs), ratio(both, gold_pairs))
}

/// B-cubed scores over the same labels.
pub fn bcubed<G: Eq + Hash + Clone, P: Eq + Hash + Clone>(gold: &[G], predicted: &[P]) -> Scores {
    assert_eq!(
        gold.len(),
        predicted.len(),
        "one label per item on both sides"
    );
    let n = gold.len();
    if n == 0 {
        return Scores::new(1.0, 1.0);
    }
    let mut joint: HashMap<(G, P), usize> = HashMap::new();
    let mut gold_sizes: HashMap<G, usize> = HashMap::new();
    let mut predicted_sizes: HashMap<P, usize> = HashMap::new();
    for (g, p) in gold.iter().zip(predicted) {
        *joint.entry((g.clone(), p.clone())).or_default() += 1;
        *gold_sizes.entry(g.clone()).or_default() += 1;
        *predicted_sizes.entry(p.clone()).or_default() += 1;
    }
    let (mut precision, mut recall) = (0.0, 0.0);
    for (g, p) in gold.iter().zip(predicted) {
        let shared = joint[&(g.clone(), p.clone())] as f64;
        precision += shared / predicted_sizes[p] as f64;
        recall += shared / gold_sizes[g] as f64;
    }
    Scores::new(precision / n as f64, recall / n as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_and_split_groupings() {
        let gold = ["a", "a", "a", "b", "b"];
        assert_eq!(pairwise(&gold, &[1, 1, 1, 2, 2]).f1, 1.0);
        assert_eq!(bcubed(&gold, &[1, 1, 1, 2, 2]).f1, 1.0);
        // One item of "a" split off: pairwise recall 2/4, precision 1.
        let split = pairwise(&gold, &[1, 1, 3, 2, 2]);
        assert_eq!((split.precision, split.recall), (1.0, 0.5));
        // Everything merged: pairwise precision 4/10.
        let merged = pairwise(&gold, &[1, 1, 1, 1, 1]);
        assert_eq!((merged.precision, merged.recall), (0.4, 1.0));
        let b = bcubed(&gold, &[1, 1, 1, 1, 1]);
        assert!((b.precision - (3.0 * 0.6 + 2.0 * 0.4) / 5.0).abs() < 1e-9);
        assert_eq!(b.recall, 1.0);
    }
}
