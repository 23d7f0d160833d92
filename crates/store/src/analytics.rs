//! The Analytics object (SPEC §8) of a cycle from its stored responses: the submitted
//! responses as the core's analytics read them, and the cycle scored by the same code as
//! the Results, so that the close calls use the very scores the reports show.

use yardstick_core::CycleScores;
use yardstick_core::analytics::{Analytics, Rated, analyse};

use crate::results::ResultsError;
use crate::types::CycleResponses;

impl CycleResponses {
    /// The Analytics object over every submitted response of the cycle.
    pub fn analytics(&self) -> Result<Analytics, ResultsError> {
        let model = self.model.model.as_ref();
        let settings = self.settings()?;
        let tallied = self.tallied()?;
        let inputs = tallied.inputs();
        let scores = CycleScores::new(model, &settings, &inputs);
        let rated: Vec<Rated<'_>> = self
            .responses
            .iter()
            .map(|r| Rated {
                rater: &r.rater,
                assessee: r.assessee,
                relationship: r.relationship,
                answers: &r.answers,
            })
            .collect();
        Ok(analyse(model, &self.cycle.dimensions, &rated, &scores))
    }
}
