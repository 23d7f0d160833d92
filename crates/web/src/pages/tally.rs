//! Response counts as the console pages show them: how many assignments, drafts and
//! submitted responses a group has, and its response rate (submitted / assigned).

use yardstick_store::{AssignmentView, ResponseStatus};

/// The counts of a group of assignments.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    /// Assignments.
    pub assigned: u64,
    /// Responses saved as drafts.
    pub draft: u64,
    /// Responses submitted.
    pub submitted: u64,
}

impl Tally {
    /// Counts one assignment.
    pub(crate) fn add(&mut self, status: ResponseStatus) {
        self.assigned += 1;
        match status {
            ResponseStatus::Pending => {}
            ResponseStatus::Draft => self.draft += 1,
            ResponseStatus::Submitted => self.submitted += 1,
        }
    }

    /// The counts of `assignments`.
    pub(crate) fn of<'a>(assignments: impl IntoIterator<Item = &'a AssignmentView>) -> Tally {
        let mut tally = Tally::default();
        for a in assignments {
            tally.add(a.status);
        }
        tally
    }

    /// Assignments with nothing saved.
    pub(crate) fn pending(&self) -> u64 {
        self.assigned - self.draft - self.submitted
    }

    /// The response rate in whole percent, rounded down so that 100 % means everybody
    /// (`None` with nothing assigned).
    pub(crate) fn percent(&self) -> Option<u64> {
        (self.assigned > 0).then(|| self.submitted * 100 / self.assigned)
    }

    /// The rate as shown: `12/30 (40%)`, or `0/0` with nothing assigned.
    pub(crate) fn rate(&self) -> String {
        match self.percent() {
            Some(p) => format!("{}/{} ({p}%)", self.submitted, self.assigned),
            None => "0/0".to_string(),
        }
    }
}

/// How many raters `assignments` have between them (a rater with several assessees once).
pub(crate) fn raters(assignments: &[AssignmentView]) -> usize {
    let mut ids: Vec<i64> = assignments.iter().map(|a| a.rater.id.get()).collect();
    ids.sort_unstable();
    ids.dedup();
    ids.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rate_rounds_down_so_that_all_means_all() {
        let mut t = Tally::default();
        assert_eq!(t.rate(), "0/0");
        for s in [
            ResponseStatus::Submitted,
            ResponseStatus::Submitted,
            ResponseStatus::Draft,
        ] {
            t.add(s);
        }
        assert_eq!(t.rate(), "2/3 (66%)");
        assert_eq!(t.pending(), 0);
        t.add(ResponseStatus::Pending);
        assert_eq!(t.pending(), 1);
        assert_eq!(t.percent(), Some(50));
    }
}
