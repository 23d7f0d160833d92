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
        let _ = serde_json::to_writer(
            buf,
            &AssesseeJson {
                model,
                assessee,
                result,
                items: view.items,
            },
        );
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

/// A sequence serialised from an iterator, without collecting it first.
struct Seq<I>(I);

impl<I> Serialize for Seq<I>
where
    I: Iterator + Clone,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.clone())
    }
}

/// An object serialised from an iterator of pairs, without collecting it first.
struct Map<I>(I);

impl<I, K, V> Serialize for Map<I>
where
    I: Iterator<Item = (K, V)> + Clone,
    K: Serialize,
    V: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.clone())
    }
}

fn codes(relationships: &[Relationship]) -> Seq<impl Iterator<Item = &'static str> + Clone + '_> {
    Seq(relationships.iter().map(|r| r.code()))
}

/// One assessee of the Results object.
struct AssesseeJson<'a> {
    model: &'a Model,
    assessee: &'a Assessee,
    result: &'a AssesseeResult,
    items: bool,
}

impl Serialize for AssesseeJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (model, r) = (self.model, self.result);
        let groups = &r.groups;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("id", &self.assessee.id)?;
        map.serialize_entry("department", &self.assessee.department)?;
        let raters = Relationship::ALL
            .iter()
            .map(|rel| (rel.code(), groups.raters[rel.index()]))
            .filter(|(_, n)| *n > 0);
        map.serialize_entry("raters", &Map(raters))?;
        map.serialize_entry("pooled", &codes(&groups.short))?;
        map.serialize_entry("set_aside", &groups.set_aside)?;
        map.serialize_entry(
            "overall",
            &OverallOut {
                score: r.overall.score,
                percent: r.overall.percent,
                grade: r.overall.grade.map(|g| model.grades()[g].name()),
                rank: r.overall.rank,
                department_rank: r.overall.department_rank,
            },
        )?;
        let dimensions = model
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
                groups: Map(s.groups.iter().map(|g| (g.group.code(), g.value))),
                weights: Map(s.weights.iter().map(|(g, w)| (g.code(), *w))),
            });
        map.serialize_entry("dimensions", &Seq(dimensions))?;
        let gap = |i: &usize| {
            let item = &r.items[*i];
            GapOut {
                item: model.items()[*i].code(),
                self_score: item.self_score,
                others: item.others,
                gap: item.gap,
            }
        };
        map.serialize_entry("blind_spots", &Seq(r.blind_spots.iter().map(gap)))?;
        map.serialize_entry("hidden_strengths", &Seq(r.hidden_strengths.iter().map(gap)))?;
        if self.items {
            let items = model.items().iter().zip(&r.items).map(|(item, s)| ItemOut {
                code: item.code(),
                score: s.score,
                percent: s.percent,
                self_score: s.self_score,
                others: s.others,
                gap: s.gap,
            });
            map.serialize_entry("items", &Seq(items))?;
        }
        let ledger_groups = groups.used.iter().map(|g| {
            let out = LedgerGroupOut {
                raters: g.raters,
                weight: Number(g.weight),
                from: (g.group == Group::Pooled).then(|| codes(&g.from)),
            };
            (g.group.code(), out)
        });
        let left_out = r
            .dimensions_left_out
            .iter()
            .map(|d| model.dimensions()[*d].code());
        map.serialize_entry(
            "ledger",
            &LedgerOut {
                groups: Map(ledger_groups),
                set_aside: SetAsideOut {
                    raters: groups.set_aside,
                    from: codes(groups.set_aside_from()),
                },
                dimensions_left_out: Seq(left_out),
                percent: model.percent_mode().code(),
            },
        )?;
        map.end()
    }
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
struct DimensionOut<'a, G, W> {
    code: &'a str,
    name: &'a str,
    weight: Number,
    score: Option<f64>,
    percent: Option<f64>,
    #[serde(rename = "self")]
    self_score: Option<f64>,
    others: Option<f64>,
    groups: G,
    weights: W,
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
struct LedgerGroupOut<F> {
    raters: u32,
    weight: Number,
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<F>,
}

#[derive(Serialize)]
struct SetAsideOut<F> {
    raters: u32,
    from: F,
}

#[derive(Serialize)]
struct LedgerOut<G, F, L> {
    groups: G,
    set_aside: SetAsideOut<F>,
    dimensions_left_out: L,
    percent: &'static str,
}
