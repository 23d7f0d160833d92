//! Relationships of a rater to an assessee (SPEC §2), the scoring groups they form (SPEC §4
//! step 0) and the relationship weights of a cycle.

use std::fmt;

use crate::bounds::{self, WeightProblem};
use crate::lang::Lang;
use yardstick_i18n::{Key, Message, k, msg};

/// How a rater stands to the assessee (评价关系).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Relationship {
    /// 自评: the assessee rates themself.
    SelfRating,
    /// 上级: the assessee's superior.
    Superior,
    /// 同级: a peer.
    Peer,
    /// 下级: a subordinate.
    Subordinate,
    /// 客户/业主: a customer (homeowner, owners' committee).
    Customer,
}

impl Relationship {
    /// Every relationship, in the order used throughout (files, reports, arrays).
    pub const ALL: [Relationship; 5] = [
        Relationship::SelfRating,
        Relationship::Superior,
        Relationship::Peer,
        Relationship::Subordinate,
        Relationship::Customer,
    ];

    /// The relationships whose raters are anonymous (SPEC §4 step 0).
    pub const ANONYMOUS: [Relationship; 3] = [
        Relationship::Peer,
        Relationship::Subordinate,
        Relationship::Customer,
    ];

    /// The stable code used in files and the API: `self`, `superior`, `peer`, `subordinate`, `customer`.
    pub fn code(self) -> &'static str {
        match self {
            Relationship::SelfRating => "self",
            Relationship::Superior => "superior",
            Relationship::Peer => "peer",
            Relationship::Subordinate => "subordinate",
            Relationship::Customer => "customer",
        }
    }

    /// The label shown to users, as a key of the catalogues.
    pub fn key(self) -> Key {
        match self {
            Relationship::SelfRating => k!("relationship.self"),
            Relationship::Superior => k!("relationship.superior"),
            Relationship::Peer => k!("relationship.peer"),
            Relationship::Subordinate => k!("relationship.subordinate"),
            Relationship::Customer => k!("relationship.customer"),
        }
    }

    /// The label shown to users in the given language.
    pub fn label(self, lang: Lang) -> &'static str {
        self.key().text(lang)
    }

    /// Position in [`Relationship::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Whether raters of this relationship are anonymous: peers, subordinates and customers.
    pub fn is_anonymous(self) -> bool {
        matches!(
            self,
            Relationship::Peer | Relationship::Subordinate | Relationship::Customer
        )
    }

    /// Parses a code or a Chinese label, ignoring case and surrounding white space:
    /// `self`/自评, `superior`/上级, `peer`/同级, `subordinate`/下级, `customer`/客户/业主.
    pub fn parse(text: &str) -> Option<Relationship> {
        let t = text.trim();
        let found = match t {
            "自评" | "本人" => Relationship::SelfRating,
            "上级" => Relationship::Superior,
            "同级" | "平级" => Relationship::Peer,
            "下级" | "下属" => Relationship::Subordinate,
            "客户" | "业主" | "业委会" => Relationship::Customer,
            _ => {
                return Relationship::ALL
                    .into_iter()
                    .find(|r| r.code().eq_ignore_ascii_case(t));
            }
        };
        Some(found)
    }
}

impl fmt::Display for Relationship {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A scoring group (SPEC §4 step 0): one relationship, or the pool of short anonymous ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    /// The raters of one relationship that is not short.
    Of(Relationship),
    /// Raters of short anonymous relationships, scored together (其他评价人).
    Pooled,
}

impl Group {
    /// Every possible group, in display order: the five relationships, then `pooled`.
    pub const ALL: [Group; 6] = [
        Group::Of(Relationship::SelfRating),
        Group::Of(Relationship::Superior),
        Group::Of(Relationship::Peer),
        Group::Of(Relationship::Subordinate),
        Group::Of(Relationship::Customer),
        Group::Pooled,
    ];

    /// The code used in results: a relationship code, or `pooled`.
    pub fn code(self) -> &'static str {
        match self {
            Group::Of(r) => r.code(),
            Group::Pooled => "pooled",
        }
    }

    /// The label shown in reports, as a key; `pooled` never names the relationships it holds.
    pub fn key(self) -> Key {
        match self {
            Group::Of(r) => r.key(),
            Group::Pooled => k!("group.pooled"),
        }
    }

    /// The label shown in reports, in the given language.
    pub fn label(self, lang: Lang) -> &'static str {
        self.key().text(lang)
    }

    /// Whether this is the `self` group.
    pub fn is_self(self) -> bool {
        self == Group::Of(Relationship::SelfRating)
    }
}

/// Relationship weights `w[g]` of a cycle: finite, non-negative, not all zero.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Weights([f64; 5]);

/// Why a set of relationship weights was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum WeightsError {
    /// An entry was not of the form `relationship=number`.
    Malformed(String),
    /// The relationship is not one of the five.
    UnknownRelationship(String),
    /// The same relationship was given twice.
    Repeated(Relationship),
    /// The weight is not a number.
    NotANumber(Relationship, String),
    /// The weight is not a finite number from 0 to [`bounds::MAX_WEIGHT`].
    OutOfBounds(Relationship, WeightProblem),
    /// Every weight is zero, so nothing could be scored.
    AllZero,
}

impl WeightsError {
    /// What is wrong, not yet in words.
    pub fn message(&self) -> Message {
        match self {
            WeightsError::Malformed(entry) => msg!("weights.malformed", entry = entry),
            WeightsError::UnknownRelationship(name) => {
                msg!("weights.unknown_relationship", name = name)
            }
            WeightsError::Repeated(r) => msg!("weights.repeated", relationship = r.key()),
            WeightsError::NotANumber(r, value) => {
                msg!(
                    "weights.not_a_number",
                    relationship = r.key(),
                    value = value
                )
            }
            WeightsError::OutOfBounds(r, problem) => out_of_bounds(*r, *problem),
            WeightsError::AllZero => msg!("cycle.settings.all_weights_zero"),
        }
    }
}

impl fmt::Display for WeightsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message().render(Lang::En))
    }
}

impl std::error::Error for WeightsError {}

/// The weight of relationship `r` breaks the bounds, not yet in words.
fn out_of_bounds(r: Relationship, problem: WeightProblem) -> Message {
    msg!(
        "limits.relationship_weight",
        relationship = r.code(),
        problem = problem.message()
    )
}

impl Default for Weights {
    /// SPEC §3: self 0, superior 40, peer 20, subordinate 20, customer 20.
    fn default() -> Self {
        Weights([0.0, 40.0, 20.0, 20.0, 20.0])
    }
}

impl Weights {
    /// Builds weights from one value per relationship, in [`Relationship::ALL`] order.
    pub fn new(values: [f64; 5]) -> Result<Weights, WeightsError> {
        for r in Relationship::ALL {
            bounds::weight(values[r.index()]).map_err(|p| WeightsError::OutOfBounds(r, p))?;
        }
        if values.iter().all(|w| *w == 0.0) {
            return Err(WeightsError::AllZero);
        }
        Ok(Weights(values))
    }

    /// Parses `superior=40,peer=20,…` (codes or Chinese labels, `=` or `:`). Relationships not
    /// named keep their default weight (SPEC §3).
    pub fn parse_overrides(text: &str) -> Result<Weights, WeightsError> {
        let mut values = Weights::default().0;
        let mut seen = [false; 5];
        for part in text
            .split([',', '\u{FF0C}', ';', '\u{FF1B}'])
            .map(str::trim)
        {
            if part.is_empty() {
                continue;
            }
            let Some((name, value)) = part.split_once(['=', ':', '\u{FF1A}']) else {
                return Err(WeightsError::Malformed(part.to_string()));
            };
            let r = Relationship::parse(name)
                .ok_or_else(|| WeightsError::UnknownRelationship(name.trim().to_string()))?;
            if std::mem::replace(&mut seen[r.index()], true) {
                return Err(WeightsError::Repeated(r));
            }
            let value = value.trim().trim_end_matches(['%', '\u{FF05}']);
            values[r.index()] = value
                .parse::<f64>()
                .map_err(|_| WeightsError::NotANumber(r, value.to_string()))?;
        }
        Weights::new(values)
    }

    /// The weight of one relationship.
    pub fn of(&self, r: Relationship) -> f64 {
        self.0[r.index()]
    }

    /// Every weight scaled by the same positive factor (used by tests of renormalisation).
    pub fn scaled(&self, factor: f64) -> Result<Weights, WeightsError> {
        Weights::new(self.0.map(|w| w * factor))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_chinese_labels_parse() {
        assert_eq!(Relationship::parse("self"), Some(Relationship::SelfRating));
        assert_eq!(
            Relationship::parse(" Superior "),
            Some(Relationship::Superior)
        );
        assert_eq!(Relationship::parse("业主"), Some(Relationship::Customer));
        assert_eq!(Relationship::parse("客户"), Some(Relationship::Customer));
        assert_eq!(Relationship::parse("下级"), Some(Relationship::Subordinate));
        assert_eq!(Relationship::parse("boss"), None);
    }

    #[test]
    fn weight_overrides_keep_the_defaults_of_relationships_not_named() {
        let w = Weights::parse_overrides("superior=50\u{FF0C} 同级\u{FF1A}10").unwrap();
        assert_eq!(w.of(Relationship::Superior), 50.0);
        assert_eq!(w.of(Relationship::Peer), 10.0);
        assert_eq!(w.of(Relationship::Customer), 20.0);
        assert_eq!(w.of(Relationship::SelfRating), 0.0);
    }

    #[test]
    fn bad_weights_are_refused_with_the_reason() {
        assert_eq!(
            Weights::parse_overrides("boss=3"),
            Err(WeightsError::UnknownRelationship("boss".into()))
        );
        assert_eq!(
            Weights::parse_overrides("peer=-1"),
            Err(WeightsError::OutOfBounds(
                Relationship::Peer,
                WeightProblem::Negative(-1.0)
            ))
        );
        assert_eq!(
            Weights::parse_overrides("peer=x"),
            Err(WeightsError::NotANumber(Relationship::Peer, "x".into()))
        );
        assert_eq!(
            Weights::parse_overrides("peer=1,peer=2"),
            Err(WeightsError::Repeated(Relationship::Peer))
        );
        assert_eq!(
            Weights::parse_overrides("superior=0,peer=0,subordinate=0,customer=0"),
            Err(WeightsError::AllZero)
        );
        assert!(matches!(
            Weights::parse_overrides("peer"),
            Err(WeightsError::Malformed(_))
        ));
    }

    #[test]
    fn a_relationship_weight_of_1e308_is_refused_naming_the_relationship() {
        let e = Weights::parse_overrides("superior=1e308,peer=1e308").unwrap_err();
        assert_eq!(
            e,
            WeightsError::OutOfBounds(Relationship::Superior, WeightProblem::TooLarge(1e308))
        );
        for lang in Lang::ALL {
            let text = e.message().render(lang);
            assert!(text.contains("superior"), "{text}");
        }
        assert!(e.to_string().contains("at most 1000"), "{e}");
    }

    #[test]
    fn relationship_weights_from_0_to_1000_are_accepted_and_others_refused() {
        assert!(Weights::parse_overrides("superior=1000,peer=0").is_ok());
        for bad in ["peer=1000.5", "peer=inf", "peer=NaN", "peer=-0.1"] {
            assert!(
                matches!(
                    Weights::parse_overrides(bad),
                    Err(WeightsError::OutOfBounds(Relationship::Peer, _))
                ),
                "{bad}"
            );
        }
    }
}
