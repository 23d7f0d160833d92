//! A cycle's settings and its state machine (SPEC §2, §7): the name, the relationship
//! weights, the anonymity threshold, the peers the automatic assignment gives, the dates and
//! the dimensions each relationship is asked — parsed once, here, from what the API, the
//! command line or a program gives ([`CycleDraft::parse`]), into [`CycleSettings`] that
//! cannot hold a broken rule. Each broken rule is a [`CycleProblem`] naming its
//! [`CycleField`]; the edge puts it into words.
//!
//! The dimension codes can only be checked against the cycle's model, which the store
//! finds: [`CycleSettings::check_model`].

use std::collections::BTreeMap;

use yardstick_i18n::{Key, Message, k, msg};

use crate::bounds::{TextProblem, TextRule, WeightProblem, weight};
use crate::dates::is_iso_date;
use crate::model::Model;
use crate::relationship::{Relationship, Weights};

/// The default anonymity threshold (SPEC §3).
pub const DEFAULT_THRESHOLD: i64 = 3;
/// The default number of peers the automatic assignment gives an assessee.
pub const DEFAULT_PEERS: i64 = 4;
/// The most peers the automatic assignment may give an assessee.
pub const MAX_PEERS: i64 = 50;

/// The state of a cycle: `draft → open → closed → published`, one step at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CycleState {
    /// Being prepared.
    Draft,
    /// Raters answer.
    Open,
    /// Answers are final; results are reviewed.
    Closed,
    /// Reports are visible to assessees and managers.
    Published,
}

/// What asking a cycle to be in a state does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    /// It is in that state already: nothing changes.
    Stay,
    /// The next step: the cycle moves.
    Step,
    /// Not allowed by the state machine.
    Refused,
}

impl CycleState {
    /// Every state, in order.
    pub const ALL: [CycleState; 4] = [
        CycleState::Draft,
        CycleState::Open,
        CycleState::Closed,
        CycleState::Published,
    ];

    /// The code: `draft`, `open`, `closed` or `published`.
    pub fn code(self) -> &'static str {
        match self {
            CycleState::Draft => "draft",
            CycleState::Open => "open",
            CycleState::Closed => "closed",
            CycleState::Published => "published",
        }
    }

    /// Parses a code.
    pub fn parse(text: &str) -> Option<CycleState> {
        CycleState::ALL.into_iter().find(|s| s.code() == text)
    }

    /// The name of the state, in the catalogues.
    pub fn label(self) -> Key {
        match self {
            CycleState::Draft => k!("cycle.state.draft"),
            CycleState::Open => k!("cycle.state.open"),
            CycleState::Closed => k!("cycle.state.closed"),
            CycleState::Published => k!("cycle.state.published"),
        }
    }

    /// The state this one may move to.
    pub fn next(self) -> Option<CycleState> {
        match self {
            CycleState::Draft => Some(CycleState::Open),
            CycleState::Open => Some(CycleState::Closed),
            CycleState::Closed => Some(CycleState::Published),
            CycleState::Published => None,
        }
    }

    /// What asking this cycle to be in `target` does: the same state changes nothing, the
    /// next one is a step, any other is refused.
    pub fn move_to(self, target: CycleState) -> Move {
        if self == target {
            Move::Stay
        } else if self.next() == Some(target) {
            Move::Step
        } else {
            Move::Refused
        }
    }

    /// Why a cycle in this state cannot move to `target`.
    pub fn refusal(self, target: CycleState) -> Message {
        msg!(
            "cycle.settings.move_refused",
            from = self.label(),
            to = target.label()
        )
    }

    /// Whether raters may answer.
    pub fn takes_answers(self) -> bool {
        self == CycleState::Open
    }
}

/// The dimensions each relationship is asked, by dimension code. A relationship not named
/// is asked every dimension of the model (the default for everybody).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AskedDimensions(BTreeMap<Relationship, Vec<String>>);

impl AskedDimensions {
    /// Every dimension for everybody.
    pub fn all() -> AskedDimensions {
        AskedDimensions::default()
    }

    /// The dimensions as stored: per relationship named, its codes (none is refused
    /// already when the settings were parsed, so they are kept as they are).
    pub fn from_stored(entries: impl IntoIterator<Item = (Relationship, Vec<String>)>) -> Self {
        AskedDimensions(entries.into_iter().collect())
    }

    /// The relationships with a choice of dimensions, and their codes.
    pub fn iter(&self) -> impl Iterator<Item = (Relationship, &[String])> {
        self.0.iter().map(|(r, codes)| (*r, codes.as_slice()))
    }

    /// The codes `relationship` is asked, or `None` when it is asked every dimension.
    pub fn of(&self, relationship: Relationship) -> Option<&[String]> {
        self.0.get(&relationship).map(Vec::as_slice)
    }

    /// Whether `relationship` is asked the dimension `code`.
    pub fn asks(&self, relationship: Relationship, code: &str) -> bool {
        self.of(relationship)
            .is_none_or(|codes| codes.iter().any(|c| c == code))
    }

    /// Per item of `model`, in model order, whether `relationship` is asked it.
    pub fn items_asked(&self, relationship: Relationship, model: &Model) -> Vec<bool> {
        let mut asked = vec![false; model.items().len()];
        for d in model.dimensions() {
            if self.asks(relationship, d.code()) {
                asked[d.item_range()].fill(true);
            }
        }
        asked
    }

    /// Clears the answers (one per item of `model`) to the items `relationship` is not
    /// asked, so that they are absent as SPEC §4 step 0 says, however they were stored.
    pub fn keep_asked<T: Default>(
        &self,
        relationship: Relationship,
        model: &Model,
        answers: &mut [T],
    ) {
        if self.of(relationship).is_none() {
            return;
        }
        for (answer, asked) in answers
            .iter_mut()
            .zip(self.items_asked(relationship, model))
        {
            if !asked {
                *answer = T::default();
            }
        }
    }

    /// The dimension codes of `model` that `relationship` is asked, in model order.
    pub fn dimensions_asked(&self, relationship: Relationship, model: &Model) -> Vec<String> {
        model
            .dimensions()
            .iter()
            .filter(|d| self.asks(relationship, d.code()))
            .map(|d| d.code().to_string())
            .collect()
    }

    /// Whether every relationship is asked every dimension.
    pub fn is_all(&self) -> bool {
        self.0.is_empty()
    }
}

/// The field of the settings a problem is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CycleField {
    /// The name.
    Name,
    /// The weights as a whole.
    Weights,
    /// The weight of a relationship, as it was written.
    Weight(String),
    /// The anonymity threshold.
    Threshold,
    /// The most peers of the automatic assignment.
    Peers,
    /// The first day.
    StartsOn,
    /// The last day.
    EndsOn,
    /// The dimensions of a relationship, as it was written.
    Dimensions(String),
}

impl CycleField {
    /// The field as the API names it: `name`, `weights.peer`, `dimensions.customer`, ….
    pub fn path(&self) -> String {
        match self {
            CycleField::Name => "name".to_string(),
            CycleField::Weights => "weights".to_string(),
            CycleField::Weight(r) => format!("weights.{r}"),
            CycleField::Threshold => "threshold".to_string(),
            CycleField::Peers => "peers".to_string(),
            CycleField::StartsOn => "starts_on".to_string(),
            CycleField::EndsOn => "ends_on".to_string(),
            CycleField::Dimensions(r) => format!("dimensions.{r}"),
        }
    }
}

/// What is wrong with a field of the settings.
#[derive(Clone, Debug, PartialEq)]
pub enum CycleProblemKind {
    /// The name breaks the bounds on names.
    Name(TextProblem),
    /// Not one of the five relationships.
    UnknownRelationship(String),
    /// The same relationship named twice.
    RepeatedRelationship(Relationship),
    /// A weight out of bounds.
    Weight(Relationship, WeightProblem),
    /// Every weight is zero.
    AllWeightsZero,
    /// A threshold below 1.
    Threshold(i64),
    /// Peers outside `0..=50`.
    Peers(i64),
    /// Not a real `YYYY-MM-DD` day.
    NotADate(String),
    /// The last day before the first.
    EndsBeforeStart {
        /// The first day.
        starts: String,
        /// The last day.
        ends: String,
    },
    /// A relationship asked no dimension.
    NoDimensions(Relationship),
    /// A dimension code the model lacks.
    UnknownDimension {
        /// The code given.
        code: String,
        /// The model's codes.
        known: Vec<String>,
    },
    /// A dimension code listed twice.
    RepeatedDimension(String),
}

/// One broken rule of the settings: where, and what.
#[derive(Clone, Debug, PartialEq)]
pub struct CycleProblem {
    /// The field.
    pub field: CycleField,
    /// What is wrong.
    pub kind: CycleProblemKind,
}

impl CycleProblem {
    fn new(field: CycleField, kind: CycleProblemKind) -> CycleProblem {
        CycleProblem { field, kind }
    }

    /// What is wrong, not yet in words.
    pub fn message(&self) -> Message {
        use CycleProblemKind as P;
        match &self.kind {
            P::Name(p) => msg!("cycle.settings.name", problem = p.message()),
            P::UnknownRelationship(name) => {
                msg!("cycle.settings.unknown_relationship", name = name)
            }
            P::RepeatedRelationship(r) => {
                msg!(
                    "cycle.settings.repeated_relationship",
                    relationship = r.code()
                )
            }
            P::Weight(r, p) => msg!(
                "cycle.settings.weight",
                relationship = r.code(),
                problem = p.message()
            ),
            P::AllWeightsZero => msg!("cycle.settings.all_weights_zero"),
            P::Threshold(v) => msg!("cycle.settings.threshold", value = *v),
            P::Peers(v) => msg!("cycle.settings.peers", value = *v, max = MAX_PEERS),
            P::NotADate(v) => msg!("cycle.settings.not_a_date", value = v),
            P::EndsBeforeStart { starts, ends } => {
                msg!(
                    "cycle.settings.ends_before_start",
                    starts = starts,
                    ends = ends
                )
            }
            P::NoDimensions(r) => msg!("cycle.settings.no_dimensions", relationship = r.code()),
            P::UnknownDimension { code, known } => msg!(
                "cycle.settings.unknown_dimension",
                code = code,
                known = known.clone()
            ),
            P::RepeatedDimension(code) => msg!("cycle.settings.repeated_dimension", code = code),
        }
    }
}

/// A cycle's settings as given, not yet checked. Fields left `None` or empty take the
/// defaults: weights of SPEC §3, threshold 3, 4 peers, no dates, every dimension for
/// everybody.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CycleDraft {
    /// The name.
    pub name: String,
    /// Weights over the defaults: relationship (code or Chinese label) and weight.
    pub weights: Vec<(String, f64)>,
    /// The anonymity threshold.
    pub threshold: Option<i64>,
    /// The most peers the automatic assignment gives an assessee.
    pub peers: Option<i64>,
    /// The first day, `YYYY-MM-DD`.
    pub starts_on: Option<String>,
    /// The last day, `YYYY-MM-DD`.
    pub ends_on: Option<String>,
    /// Per relationship (code or Chinese label), the dimension codes it is asked.
    pub dimensions: Vec<(String, Vec<String>)>,
}

/// A cycle's settings, every rule kept.
#[derive(Clone, Debug, PartialEq)]
pub struct CycleSettings {
    name: String,
    weights: Weights,
    threshold: i64,
    peers: i64,
    starts_on: Option<String>,
    ends_on: Option<String>,
    dimensions: AskedDimensions,
}

/// The relationship named `name`, once: a problem at `field` otherwise.
fn relationship_once(
    name: &str,
    field: CycleField,
    seen: &mut [bool; 5],
    problems: &mut Vec<CycleProblem>,
) -> Option<Relationship> {
    let Some(r) = Relationship::parse(name) else {
        let kind = CycleProblemKind::UnknownRelationship(name.trim().to_string());
        problems.push(CycleProblem::new(field, kind));
        return None;
    };
    if std::mem::replace(&mut seen[r.index()], true) {
        problems.push(CycleProblem::new(
            field,
            CycleProblemKind::RepeatedRelationship(r),
        ));
        return None;
    }
    Some(r)
}

impl CycleDraft {
    /// A draft with only a name: every other setting takes its default.
    pub fn named(name: impl Into<String>) -> CycleDraft {
        CycleDraft {
            name: name.into(),
            ..CycleDraft::default()
        }
    }

    /// The settings, or every rule broken, in the order of the fields.
    pub fn parse(self) -> Result<CycleSettings, Vec<CycleProblem>> {
        use CycleProblemKind as P;
        let mut problems = Vec::new();
        let name = match TextRule::NAME.check(&self.name) {
            Ok(name) => name.to_string(),
            Err(p) => {
                problems.push(CycleProblem::new(CycleField::Name, P::Name(p)));
                String::new()
            }
        };
        let mut values = Relationship::ALL.map(|r| Weights::default().of(r));
        let mut seen = [false; 5];
        let mut weights_ok = true;
        for (given, value) in &self.weights {
            let field = CycleField::Weight(given.trim().to_string());
            let Some(r) = relationship_once(given, field.clone(), &mut seen, &mut problems) else {
                weights_ok = false;
                continue;
            };
            match weight(*value) {
                Ok(w) => values[r.index()] = w,
                Err(p) => {
                    weights_ok = false;
                    problems.push(CycleProblem::new(field, P::Weight(r, p)));
                }
            }
        }
        let weights = match Weights::new(values) {
            Ok(w) => w,
            Err(_) => {
                if weights_ok {
                    problems.push(CycleProblem::new(CycleField::Weights, P::AllWeightsZero));
                }
                Weights::default()
            }
        };
        let threshold = self.threshold.unwrap_or(DEFAULT_THRESHOLD);
        if threshold < 1 {
            problems.push(CycleProblem::new(
                CycleField::Threshold,
                P::Threshold(threshold),
            ));
        }
        let peers = self.peers.unwrap_or(DEFAULT_PEERS);
        if !(0..=MAX_PEERS).contains(&peers) {
            problems.push(CycleProblem::new(CycleField::Peers, P::Peers(peers)));
        }
        let date = |field: CycleField, value: Option<String>, problems: &mut Vec<_>| {
            let value = value
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty());
            match value {
                Some(v) if !is_iso_date(&v) => {
                    problems.push(CycleProblem::new(field, P::NotADate(v)));
                    None
                }
                v => v,
            }
        };
        let starts_on = date(CycleField::StartsOn, self.starts_on, &mut problems);
        let ends_on = date(CycleField::EndsOn, self.ends_on, &mut problems);
        if let (Some(s), Some(e)) = (&starts_on, &ends_on)
            && e < s
        {
            problems.push(CycleProblem::new(
                CycleField::EndsOn,
                P::EndsBeforeStart {
                    starts: s.clone(),
                    ends: e.clone(),
                },
            ));
        }
        let mut asked = BTreeMap::new();
        let mut seen = [false; 5];
        for (given, codes) in self.dimensions {
            let field = CycleField::Dimensions(given.trim().to_string());
            let Some(r) = relationship_once(&given, field.clone(), &mut seen, &mut problems) else {
                continue;
            };
            let mut list: Vec<String> = Vec::new();
            for code in codes.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
                if list.iter().any(|c| c == code) {
                    let kind = P::RepeatedDimension(code.to_string());
                    problems.push(CycleProblem::new(field.clone(), kind));
                } else {
                    list.push(code.to_string());
                }
            }
            if list.is_empty() {
                problems.push(CycleProblem::new(field, P::NoDimensions(r)));
            } else {
                asked.insert(r, list);
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(CycleSettings {
            name,
            weights,
            threshold,
            peers,
            starts_on,
            ends_on,
            dimensions: AskedDimensions(asked),
        })
    }
}

impl CycleSettings {
    /// The name, trimmed.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The relationship weights.
    pub fn weights(&self) -> &Weights {
        &self.weights
    }

    /// The anonymity threshold `k`.
    pub fn threshold(&self) -> i64 {
        self.threshold
    }

    /// The most peers the automatic assignment gives an assessee.
    pub fn peers(&self) -> i64 {
        self.peers
    }

    /// The first day, if set.
    pub fn starts_on(&self) -> Option<&str> {
        self.starts_on.as_deref()
    }

    /// The last day, if set.
    pub fn ends_on(&self) -> Option<&str> {
        self.ends_on.as_deref()
    }

    /// The dimensions each relationship is asked.
    pub fn dimensions(&self) -> &AskedDimensions {
        &self.dimensions
    }

    /// Every dimension code named that `model` lacks, each a problem at the
    /// relationship's field (named by its code).
    pub fn check_model(&self, model: &Model) -> Result<(), Vec<CycleProblem>> {
        let known: Vec<String> = model
            .dimensions()
            .iter()
            .map(|d| d.code().to_string())
            .collect();
        let problems: Vec<CycleProblem> = self
            .dimensions
            .iter()
            .flat_map(|(r, codes)| {
                let known = &known;
                codes
                    .iter()
                    .filter(move |c| !known.contains(c))
                    .map(move |code| {
                        CycleProblem::new(
                            CycleField::Dimensions(r.code().to_string()),
                            CycleProblemKind::UnknownDimension {
                                code: code.clone(),
                                known: known.clone(),
                            },
                        )
                    })
            })
            .collect();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}
