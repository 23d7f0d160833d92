//! The Results object as JSON, streamed assessee by assessee.

use std::io::Write;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use yardstick_core::{AssesseeResult, Group, Model, Relationship};

use super::ResultsView;
use crate::responses::Assessee;

/// Writes the Results object of SPEC §5, followed by a line break.
pub fn write_json(view: &ResultsView<'_>, mut out: impl Write) -> std::io::Result<()> {
    let model = view.model;
    out.write_all(b"{\"model\":")?;
    serde_json::to_writer(
        &mut out,
        &Pairs(vec![("name", model.name()), ("version", model.version())]),
    )?;
    out.write_all(b",\"settings\":")?;
    serde_json::to_writer(&mut out, &settings_out(view))?;
    out.write_all(b",\"assessees\":[")?;
    super::render_rows(view, &mut out, b",", |assessee, result, buf| {
        // Serialising plain data into memory cannot fail.
        let _ = serde_json::to_writer(buf, &assessee_out(model, assessee, result, view.items));
    })?;
    out.write_all(b"]}\n")
}

#[derive(Serialize)]
struct SettingsOut {
    weights: Pairs<&'static str, Number>,
    threshold: u32,
    percent: &'static str,
    gap_threshold: f64,
}

fn settings_out(view: &ResultsView<'_>) -> SettingsOut {
    SettingsOut {
        weights: Pairs(
            Relationship::ALL
                .iter()
                .map(|r| (r.code(), Number(view.settings.weights().of(*r))))
                .collect(),
        ),
        threshold: view.settings.threshold(),
        percent: view.model.percent_mode().code(),
        gap_threshold: view.settings.gap_threshold(view.model),
    }
}

/// A number written as an integer when it is whole (weights, thresholds).
struct Number(f64);

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0.fract() == 0.0 && self.0.abs() < 1e15 {
            s.serialize_i64(self.0 as i64)
        } else {
            s.serialize_f64(self.0)
        }
    }
}

/// Key–value pairs written as a JSON object, in their order.
struct Pairs<K, V>(Vec<(K, V)>);

impl<K: Serialize, V: Serialize> Serialize for Pairs<K, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct AssesseeOut<'a> {
    id: &'a str,
    department: Option<&'a str>,
    raters: Pairs<&'static str, u32>,
    pooled: Vec<&'static str>,
    set_aside: u32,
    overall: OverallOut<'a>,
    dimensions: Vec<DimensionOut<'a>>,
    blind_spots: Vec<GapOut<'a>>,
    hidden_strengths: Vec<GapOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    items: Option<Vec<ItemOut<'a>>>,
    ledger: LedgerOut,
}

#[derive(Serialize)]
struct OverallOut<'a> {
    score: Option<f64>,
    percent: Option<f64>,
    grade: Option<&'a str>,
    rank: Option<u32>,
    department_rank: Option<u32>,
}

#[derive(Serialize)]
struct DimensionOut<'a> {
    code: &'a str,
    name: &'a str,
    weight: Number,
    score: Option<f64>,
    percent: Option<f64>,
    #[serde(rename = "self")]
    self_score: Option<f64>,
    others: Option<f64>,
    groups: Pairs<&'static str, Option<f64>>,
    weights: Pairs<&'static str, f64>,
}

#[derive(Serialize)]
struct GapOut<'a> {
    item: &'a str,
    #[serde(rename = "self")]
    self_score: Option<f64>,
    others: Option<f64>,
    gap: Option<f64>,
}

#[derive(Serialize)]
struct ItemOut<'a> {
    code: &'a str,
    score: Option<f64>,
    percent: Option<f64>,
    #[serde(rename = "self")]
    self_score: Option<f64>,
    others: Option<f64>,
    gap: Option<f64>,
}

#[derive(Serialize)]
struct LedgerGroupOut {
    raters: u32,
    weight: Number,
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<Vec<&'static str>>,
}

#[derive(Serialize)]
struct SetAsideOut {
    raters: u32,
    from: Vec<&'static str>,
}

#[derive(Serialize)]
struct LedgerOut {
    groups: Pairs<&'static str, LedgerGroupOut>,
    set_aside: SetAsideOut,
    dimensions_left_out: Vec<String>,
    percent: &'static str,
}

fn codes(relationships: &[Relationship]) -> Vec<&'static str> {
    relationships.iter().map(|r| r.code()).collect()
}

fn assessee_out<'a>(
    model: &'a Model,
    assessee: &'a Assessee,
    r: &'a AssesseeResult,
    with_items: bool,
) -> AssesseeOut<'a> {
    let groups = &r.groups;
    let gap = |i: &usize| {
        let item = &r.items[*i];
        GapOut {
            item: model.items()[*i].code(),
            self_score: item.self_score,
            others: item.others,
            gap: item.gap,
        }
    };
    AssesseeOut {
        id: &assessee.id,
        department: assessee.department.as_deref(),
        raters: Pairs(
            Relationship::ALL
                .iter()
                .map(|rel| (rel.code(), groups.raters[rel.index()]))
                .filter(|(_, n)| *n > 0)
                .collect(),
        ),
        pooled: codes(&groups.short),
        set_aside: groups.set_aside,
        overall: OverallOut {
            score: r.overall.score,
            percent: r.overall.percent,
            grade: r.overall.grade.map(|g| model.grades()[g].name()),
            rank: r.overall.rank,
            department_rank: r.overall.department_rank,
        },
        dimensions: model
            .dimensions()
            .iter()
            .zip(&r.dimensions)
            .map(|(d, s)| DimensionOut {
                code: d.code(),
                name: d.name(),
                weight: Number(d.weight()),
                score: s.score,
                percent: s.percent,
                self_score: s.self_score,
                others: s.others,
                groups: Pairs(s.groups.iter().map(|g| (g.group.code(), g.value)).collect()),
                weights: Pairs(s.weights.iter().map(|(g, w)| (g.code(), *w)).collect()),
            })
            .collect(),
        blind_spots: r.blind_spots.iter().map(gap).collect(),
        hidden_strengths: r.hidden_strengths.iter().map(gap).collect(),
        items: with_items.then(|| {
            model
                .items()
                .iter()
                .zip(&r.items)
                .map(|(item, s)| ItemOut {
                    code: item.code(),
                    score: s.score,
                    percent: s.percent,
                    self_score: s.self_score,
                    others: s.others,
                    gap: s.gap,
                })
                .collect()
        }),
        ledger: LedgerOut {
            groups: Pairs(
                groups
                    .used
                    .iter()
                    .map(|g| {
                        let group = LedgerGroupOut {
                            raters: g.raters,
                            weight: Number(g.weight),
                            from: (g.group == Group::Pooled).then(|| codes(&g.from)),
                        };
                        (g.group.code(), group)
                    })
                    .collect(),
            ),
            set_aside: SetAsideOut {
                raters: groups.set_aside,
                from: codes(groups.set_aside_from()),
            },
            dimensions_left_out: r
                .dimensions_left_out
                .iter()
                .map(|d| model.dimensions()[*d].code().to_string())
                .collect(),
            percent: model.percent_mode().code(),
        },
    }
}
