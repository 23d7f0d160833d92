//! What a rater chose for one item, as a response keeps it: a point of the scale, N/A
//! (无法评价), or nothing yet. Scoring reads N/A and "not answered" alike (both leave the
//! item out, SPEC §4); a draft shown again must tell them apart, so the store keeps them
//! apart and [`Choice::answer`] forgets the difference only where scores are made.

use crate::scoring::Answer;

/// One item's choice in a response: `None` where the item is not answered.
pub type Given = Option<Choice>;

/// A choice made for one item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Choice {
    /// A point of the scale.
    Point(i32),
    /// N/A: the rater cannot judge this item.
    Na,
}

impl Choice {
    /// The answer scoring reads: the point, or `None` for N/A.
    pub fn answer(self) -> Answer {
        match self {
            Choice::Point(point) => Some(point),
            Choice::Na => None,
        }
    }
}

/// The answers scoring reads from one choice per item (N/A and not answered alike).
pub fn answers(given: &[Given]) -> Vec<Answer> {
    given.iter().map(|g| g.and_then(Choice::answer)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scoring_reads_na_and_not_answered_alike() {
        let given = [Some(Choice::Point(4)), Some(Choice::Na), None];
        assert_eq!(answers(&given), vec![Some(4), None, None]);
    }
}
