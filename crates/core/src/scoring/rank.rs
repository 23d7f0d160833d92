//! SPEC §4 step 7: ranks by the displayed 100-point score, descending; equal displayed
//! scores share a rank and the next rank skips (1, 2, 2, 4). No score, no rank.

use std::collections::HashMap;

/// Competition ranks of `scores` (positions without a score get `None`).
pub(super) fn competition_ranks(scores: &[Option<f64>]) -> Vec<Option<u32>> {
    let mut order: Vec<(usize, f64)> = scores
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.filter(|s| s.is_finite()).map(|s| (i, s)))
        .collect();
    order.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut ranks = vec![None; scores.len()];
    let mut previous: Option<(f64, u32)> = None;
    for (position, (i, score)) in order.into_iter().enumerate() {
        let rank = match previous {
            Some((p, r)) if p == score => r,
            _ => u32::try_from(position + 1).unwrap_or(u32::MAX),
        };
        ranks[i] = Some(rank);
        previous = Some((score, rank));
    }
    ranks
}

/// Competition ranks within each group of equal keys; positions without a key get `None`.
pub(super) fn ranks_within(scores: &[Option<f64>], keys: &[Option<&str>]) -> Vec<Option<u32>> {
    let mut members: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, key) in keys.iter().enumerate() {
        if let Some(k) = key {
            members.entry(k).or_default().push(i);
        }
    }
    let mut ranks = vec![None; scores.len()];
    for positions in members.values() {
        let group: Vec<Option<f64>> = positions.iter().map(|i| scores[*i]).collect();
        for (i, rank) in positions.iter().zip(competition_ranks(&group)) {
            ranks[*i] = rank;
        }
    }
    ranks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_scores_share_a_rank_and_the_next_rank_skips() {
        let ranks = competition_ranks(&[Some(80.0), Some(90.0), None, Some(80.0), Some(70.0)]);
        assert_eq!(ranks, vec![Some(2), Some(1), None, Some(2), Some(4)]);
    }

    #[test]
    fn a_score_that_is_not_a_number_gets_no_rank() {
        let ranks = competition_ranks(&[Some(f64::NAN), Some(80.0), Some(f64::INFINITY)]);
        assert_eq!(ranks, vec![None, Some(1), None]);
    }

    #[test]
    fn department_ranks_are_computed_inside_each_department() {
        let ranks = ranks_within(
            &[Some(80.0), Some(90.0), Some(85.0), Some(60.0)],
            &[Some("A"), Some("B"), Some("A"), None],
        );
        assert_eq!(ranks, vec![Some(2), Some(1), Some(1), None]);
    }
}
