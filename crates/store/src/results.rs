//! The Results of a cycle (SPEC §5) from its stored responses: the cycle's settings and the
//! submitted responses tallied per assessee, scored by the same code as `yardstick score`.
//! The API (`GET /api/v1/cycles/{id}/results`) and `yardstick cycle results` both write
//! from here, so that they give the same figures in the same order.

use yardstick_core::{
    CycleScores, Settings, SettingsError, Tally, TallyError, Weights, WeightsError,
};
use yardstick_formats::responses::{Assessee, Tallied};
use yardstick_formats::results::ResultsView;

use crate::types::CycleResponses;

/// Why stored responses could not be scored: the database holds something that should not
/// have passed its checks.
#[derive(Debug, thiserror::Error)]
pub enum ResultsError {
    /// The cycle's relationship weights are refused.
    #[error("the cycle's weights: {0}")]
    Weights(#[from] WeightsError),
    /// The cycle's threshold is refused.
    #[error("the cycle's settings: {0}")]
    Settings(#[from] SettingsError),
    /// A response names an assessee the cycle does not have.
    #[error("a response names assessee #{0}")]
    Assessee(usize),
    /// A response does not fit the cycle's model.
    #[error("a response cannot be scored: {0}")]
    Tally(#[from] TallyError),
}

impl CycleResponses {
    /// The weights and threshold of the cycle.
    pub fn settings(&self) -> Result<Settings, ResultsError> {
        let weights = Weights::new(self.cycle.weights)?;
        Ok(Settings::new(weights, self.cycle.threshold)?)
    }

    /// Every assessee of the cycle in the cycle's order (those without a submitted response
    /// with an empty tally), departments from the people list (none → `None`), and the
    /// submitted responses tallied per assessee.
    pub fn tallied(&self) -> Result<Tallied, ResultsError> {
        let model = self.model.model.as_ref();
        let mut tallied = Tallied {
            assessees: self
                .assessees
                .iter()
                .map(|a| Assessee {
                    id: a.id.clone(),
                    department: Some(a.department.clone()).filter(|d| !d.is_empty()),
                })
                .collect(),
            tallies: vec![Tally::new(); self.assessees.len()],
            responses: self.responses.len() as u64,
        };
        for r in &self.responses {
            let tally = tallied
                .tallies
                .get_mut(r.assessee)
                .ok_or(ResultsError::Assessee(r.assessee))?;
            // Answers to items the cycle does not ask this relationship are absent (SPEC §4
            // step 0), even if something stored them.
            let mut answers = std::borrow::Cow::Borrowed(r.answers.as_slice());
            if self.cycle.dimensions.of(r.relationship).is_some() {
                self.cycle
                    .dimensions
                    .keep_asked(r.relationship, model, answers.to_mut());
            }
            tally.add(model, r.relationship, &answers)?;
        }
        Ok(tallied)
    }

    /// Scores the cycle and hands `write` the Results to write (JSON, CSV or XLSX), with
    /// every item's score when `items`.
    pub fn with_results<T>(
        &self,
        items: bool,
        write: impl FnOnce(&ResultsView<'_>) -> T,
    ) -> Result<T, ResultsError> {
        let model = self.model.model.as_ref();
        let settings = self.settings()?;
        let tallied = self.tallied()?;
        let inputs = tallied.inputs();
        let scores = CycleScores::new(model, &settings, &inputs);
        let view = ResultsView {
            model,
            settings: &settings,
            assessees: &tallied.assessees,
            scores: &scores,
            items,
        };
        Ok(write(&view))
    }
}
