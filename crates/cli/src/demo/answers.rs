//! The demo's responses: how far each rater has got, and answers that look like real ones.
//!
//! Most raters have submitted everything, some are part way through (some submitted, one
//! draft) and some have not started. An answer follows the assessee's level, their
//! strengths and weaknesses by dimension, the rater's leniency and some noise; people rate
//! themselves a little higher, and each assessee overrates themself on one dimension (a
//! blind spot). Homeowners mostly cannot judge team building (团队建设) and answer N/A.

use yardstick_core::{Choice, Given, Model, Relationship};
use yardstick_store::ResponseInput;

use super::rng::Rng;

/// How far a rater has got with one assessee.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    /// Submitted.
    Submitted,
    /// Saved as a draft, part answered.
    Draft,
    /// Not started.
    NotStarted,
}

/// How far the rater `rater` (a stable key: person id, or name and phone) has got with each
/// of their `tasks` assessees.
pub fn plan(rater: &str, tasks: usize) -> Vec<Progress> {
    let mut rng = Rng::keyed(&["progress", rater]);
    let roll = rng.unit();
    if roll < 0.62 {
        return vec![Progress::Submitted; tasks];
    }
    if roll < 0.82 {
        let mut out: Vec<Progress> = (0..tasks)
            .map(|_| {
                if tasks > 1 && rng.chance(0.5) {
                    Progress::Submitted
                } else {
                    Progress::NotStarted
                }
            })
            .collect();
        // Part way through: the first one not submitted is a draft.
        if let Some(first) = out.iter_mut().find(|p| **p == Progress::NotStarted) {
            *first = Progress::Draft;
        }
        return out;
    }
    vec![Progress::NotStarted; tasks]
}

const COMMENTS_SELF: [&str; 3] = [
    "今年重点抓了服务标准化,下一步要加强团队培训。",
    "应急处置经验还不够,希望多参加演练。",
    "和业主沟通比去年主动,但跨部门协调还需提升。",
];
const COMMENTS_SUPERIOR: [&str; 3] = [
    "工作扎实,执行力强,建议加强跨部门协调。",
    "业主满意度有提升,团队士气还需关注。",
    "遇事冷静,能独当一面,可以多带新人。",
];
const COMMENTS_PEER: [&str; 3] = [
    "配合积极,沟通顺畅。",
    "遇到问题愿意主动承担,值得学习。",
    "有时信息同步不够及时。",
];
const COMMENTS_SUBORDINATE: [&str; 4] = [
    "分工清楚,对下属有耐心。",
    "希望多组织一些业务培训。",
    "有时安排工作比较临时,希望提前计划。",
    "关心员工,排班公平。",
];
const COMMENTS_CUSTOMER: [&str; 5] = [
    "报修响应及时,态度很好。",
    "小区环境比去年好多了。",
    "停车管理还需要加强。",
    "投诉处理有点慢,希望改进。",
    "管家很负责,有事都能找到人。",
];

fn comments(relationship: Relationship) -> &'static [&'static str] {
    match relationship {
        Relationship::SelfRating => &COMMENTS_SELF,
        Relationship::Superior => &COMMENTS_SUPERIOR,
        Relationship::Peer => &COMMENTS_PEER,
        Relationship::Subordinate => &COMMENTS_SUBORDINATE,
        Relationship::Customer => &COMMENTS_CUSTOMER,
    }
}

/// The dimension of the built-in model homeowners cannot see from outside: 团队建设.
const TEAM_BUILDING: &str = "3";

/// Which of the demo's cycles a response belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Round {
    /// The open cycle.
    Current,
    /// The published cycle a year before: everybody a little lower, by a personal amount,
    /// so that trends show growth for most and a slip for a few.
    Earlier,
}

/// The response `rater` gives `assessee` in `round`: every item answered (a few N/A) when
/// submitted, about the first half when a draft.
pub fn response(
    model: &Model,
    assessee: &str,
    rater: &str,
    relationship: Relationship,
    progress: Progress,
    round: Round,
) -> ResponseInput {
    let mut person = Rng::keyed(&["assessee", assessee]);
    let growth = match round {
        Round::Current => 0.0,
        Round::Earlier => Rng::keyed(&["growth", assessee]).unit() * 0.6 - 0.15,
    };
    let level = 3.2 + 1.3 * person.unit() - growth;
    let strengths: Vec<f64> = model
        .dimensions()
        .iter()
        .map(|_| (person.unit() - 0.5) * 0.9)
        .collect();
    let blind_spot = person.below(model.dimensions().len().max(1));
    let leniency = (Rng::keyed(&["rater", rater]).unit() - 0.5) * 0.8;
    let mut rng = match round {
        Round::Current => Rng::keyed(&["answers", rater, assessee]),
        Round::Earlier => Rng::keyed(&["answers", "earlier", rater, assessee]),
    };
    let scale = model.scale();
    let (min, max) = (f64::from(scale.min()), f64::from(scale.max()));
    let items = model.items().len();
    let answered = match progress {
        Progress::Draft => items * (30 + rng.below(30)) / 100,
        _ => items,
    };
    let answers: Vec<Given> = (0..items)
        .map(|i| {
            if i >= answered {
                return None;
            }
            let d = model.dimension_of_item(i);
            let dimension = &model.dimensions()[d];
            let na = match relationship {
                Relationship::Customer if dimension.code() == TEAM_BUILDING => 0.7,
                Relationship::Customer => 0.06,
                _ => 0.02,
            };
            if scale.allow_na() && rng.chance(na) {
                return Some(Choice::Na);
            }
            let mut x = level + strengths[d] + leniency + (rng.unit() - 0.5) * 1.4;
            if relationship == Relationship::SelfRating {
                x += if d == blind_spot { 1.1 } else { 0.3 };
            }
            Some(Choice::Point(x.round().clamp(min, max) as i32))
        })
        .collect();
    let comment = if progress == Progress::Submitted && rng.chance(0.5) {
        rng.pick(comments(relationship)).to_string()
    } else {
        String::new()
    };
    ResponseInput {
        answers,
        comment,
        submit: progress == Progress::Submitted,
    }
}
