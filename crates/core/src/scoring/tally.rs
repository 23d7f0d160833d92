//! The submitted answers of one assessee, summed per relationship and item. Sums of integer
//! answers are exact, so the order in which responses arrive can never change a result.

use crate::lang::Lang;
use crate::model::Model;
use crate::relationship::Relationship;
use yardstick_i18n::{Message, msg};

/// Most raters of one relationship for one assessee.
const MAX_RATERS: u32 = 2_000_000;

/// One answer to one item: a point of the scale, or `None` for N/A or blank.
pub type Answer = Option<i32>;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Cell {
    sum: i32,
    n: u32,
}

/// Per relationship: how many raters submitted, and per item the sum and count of the
/// numeric answers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    raters: [u32; 5],
    cells: [Vec<Cell>; 5],
}

/// Why a response could not be added to a tally.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TallyError {
    /// The response does not have one answer per item of the model.
    WrongLength {
        /// Items in the model.
        expected: usize,
        /// Answers given.
        found: usize,
    },
    /// An answer is not a point of the scale.
    OffScale {
        /// Item position.
        item: usize,
        /// The answer.
        value: i32,
    },
    /// More answers than the sums can hold exactly (beyond any real cycle).
    Overflow,
}

impl TallyError {
    /// What is wrong, not yet in words (items are numbered from 1).
    pub fn message(&self) -> Message {
        match self {
            TallyError::WrongLength { expected, found } => msg!(
                "scoring.problem.wrong_length",
                found = *found,
                expected = *expected
            ),
            TallyError::OffScale { item, value } => {
                msg!("scoring.problem.off_scale", item = item + 1, value = *value)
            }
            TallyError::Overflow => msg!("scoring.problem.overflow"),
        }
    }
}

impl std::fmt::Display for TallyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message().render(Lang::En))
    }
}

impl std::error::Error for TallyError {}

impl Tally {
    /// An empty tally: nobody has submitted yet.
    pub fn new() -> Tally {
        Tally::default()
    }

    /// Adds one submitted response: `answers` holds one answer per item of `model`, in the
    /// model's item order. Nothing is added when the response is refused.
    pub fn add(
        &mut self,
        model: &Model,
        relationship: Relationship,
        answers: &[Answer],
    ) -> Result<(), TallyError> {
        let items = model.items().len();
        if answers.len() != items {
            return Err(TallyError::WrongLength {
                expected: items,
                found: answers.len(),
            });
        }
        let scale = model.scale();
        for (item, answer) in answers.iter().enumerate() {
            if let Some(value) = *answer
                && !scale.contains(i64::from(value))
            {
                return Err(TallyError::OffScale { item, value });
            }
        }
        let r = relationship.index();
        // Answers lie within ±1000 (the model's scale limit), so below this many raters no
        // sum can leave `i32`.
        if self.raters[r] >= MAX_RATERS {
            return Err(TallyError::Overflow);
        }
        let cells = &mut self.cells[r];
        if cells.is_empty() {
            cells.resize(items, Cell::default());
        }
        for (cell, answer) in cells.iter_mut().zip(answers) {
            if let Some(value) = *answer {
                cell.sum += value;
                cell.n += 1;
            }
        }
        self.raters[r] += 1;
        Ok(())
    }

    /// Adds every response of another tally (of the same model) to this one, as if they had
    /// been added here. Nothing is added when the sums would overflow.
    pub fn merge(&mut self, other: &Tally) -> Result<(), TallyError> {
        for r in 0..5 {
            if self.raters[r] + other.raters[r] > MAX_RATERS {
                return Err(TallyError::Overflow);
            }
        }
        for r in 0..5 {
            if other.cells[r].is_empty() {
                continue;
            }
            if self.cells[r].is_empty() {
                self.cells[r] = other.cells[r].clone();
            } else {
                for (mine, theirs) in self.cells[r].iter_mut().zip(&other.cells[r]) {
                    mine.sum += theirs.sum;
                    mine.n += theirs.n;
                }
            }
            self.raters[r] += other.raters[r];
        }
        Ok(())
    }

    /// Submitted responses per relationship, in [`Relationship::ALL`] order.
    pub fn raters(&self) -> [u32; 5] {
        self.raters
    }

    /// Raters of one relationship.
    pub fn raters_of(&self, relationship: Relationship) -> u32 {
        self.raters[relationship.index()]
    }

    /// One item's figure for a group of relationships: the mean of the numeric answers to
    /// `item` from their raters together (SPEC §4 step 1; `None` when there is none) and how
    /// many numeric answers there were (what SPEC §4 step 10 counts against `k`).
    pub fn item_figure(&self, relationships: &[Relationship], item: usize) -> (Option<f64>, u32) {
        let answered = relationships
            .iter()
            .filter_map(|r| self.cells[r.index()].get(item))
            .map(|c| c.n)
            .sum();
        (self.mean(relationships, item), answered)
    }

    /// SPEC §4 step 1 for every item: appends to `out` the mean of the numeric answers to
    /// each of the `items` items from the raters of the given relationships together (`None`
    /// where there is no numeric answer).
    pub(crate) fn means_into(
        &self,
        relationships: &[Relationship],
        items: usize,
        out: &mut Vec<Option<f64>>,
    ) {
        match relationships {
            [r] if self.cells[r.index()].len() == items => {
                out.extend(
                    self.cells[r.index()].iter().map(|c| {
                        (c.n > 0).then(|| i64::from(c.sum) as f64 / u64::from(c.n) as f64)
                    }),
                );
            }
            _ => out.extend((0..items).map(|i| self.mean(relationships, i))),
        }
    }

    /// SPEC §4 step 1 for one item: the mean of the numeric answers to `item` from the raters
    /// of the given relationships together; `None` when there is no numeric answer.
    fn mean(&self, relationships: &[Relationship], item: usize) -> Option<f64> {
        let (mut sum, mut n) = (0i64, 0u64);
        for r in relationships {
            if let Some(c) = self.cells[r.index()].get(item) {
                sum += i64::from(c.sum);
                n += u64::from(c.n);
            }
        }
        (n > 0).then(|| sum as f64 / n as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tally_errors_number_items_from_1_in_both_languages() {
        let e = TallyError::OffScale { item: 0, value: 9 };
        assert_eq!(e.to_string(), "answer 9 to item 1 is outside the scale");
        assert_eq!(
            e.message().render(Lang::Zh),
            "第 1 个项目的答案 9 不在量表范围内"
        );
        for e in [
            TallyError::WrongLength {
                expected: 2,
                found: 1,
            },
            TallyError::Overflow,
        ] {
            for lang in Lang::ALL {
                assert!(!e.message().render(lang).contains('{'));
            }
        }
    }
}
