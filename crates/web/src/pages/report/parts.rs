//! The report page's words and rows: figures as SPEC §4 step 6 shows them, the names of
//! scoring groups and relationships, the comments by group and the ledger in sentences.

use yardstick_core::scoring::display::{percent_display, raw_display};
use yardstick_core::{Group, Lang, Relationship};
use yardstick_i18n::t;
use yardstick_store::report::IndividualReport;

/// A figure as shown: 1 decimal for 100-point scores, or "–" when there is none.
pub(crate) fn percent(lang: Lang, x: Option<f64>) -> String {
    x.filter(|v| v.is_finite()).map_or_else(
        || t!(lang, "report.missing").to_string(),
        |v| format!("{:.1}", percent_display(v)),
    )
}

/// A raw-scale figure as shown: 2 decimals, or "–" when there is none.
pub(crate) fn raw(lang: Lang, x: Option<f64>) -> String {
    x.filter(|v| v.is_finite()).map_or_else(
        || t!(lang, "report.missing").to_string(),
        |v| format!("{:.2}", raw_display(v)),
    )
}

/// A weight or threshold without trailing zeros: 25, 2.5, 1.
pub(crate) fn plain(x: f64) -> String {
    let text = format!("{:.2}", raw_display(x));
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The scoring group a report names by its code.
pub(crate) fn group(code: &str) -> Option<Group> {
    Group::ALL.into_iter().find(|g| g.code() == code)
}

/// A scoring group's name in `lang`; `pooled` is 其他评价人 / "other raters".
pub(crate) fn group_name(lang: Lang, code: &str) -> String {
    group(code).map_or_else(|| code.to_string(), |g| g.key().text(lang).to_string())
}

/// A relationship's name in `lang`.
pub(crate) fn relationship_name(lang: Lang, code: &str) -> String {
    Relationship::ALL
        .into_iter()
        .find(|r| r.code() == code)
        .map_or_else(|| code.to_string(), |r| r.key().text(lang).to_string())
}

/// The scoring groups in the order the bars and the ledger show them: the other raters
/// first, self last.
pub(crate) fn display_order(code: &str) -> usize {
    match group(code) {
        Some(Group::Of(Relationship::SelfRating)) => Group::ALL.len(),
        Some(g) => Group::ALL.iter().position(|x| *x == g).unwrap_or(0),
        None => Group::ALL.len() + 1,
    }
}

/// The class that colours a scoring group's bars (rules in `app.css`).
pub(crate) fn group_class(code: &str) -> &'static str {
    match code {
        "self" => "g-self",
        "superior" => "g-superior",
        "peer" => "g-peer",
        "subordinate" => "g-subordinate",
        "customer" => "g-customer",
        _ => "g-pooled",
    }
}

/// The comments of one scoring group.
pub(crate) struct CommentGroup {
    pub(crate) label: String,
    pub(crate) set_aside: bool,
    pub(crate) comments: Vec<CommentRow>,
}

/// One comment; `from` names the rater's relationship, for HR only.
pub(crate) struct CommentRow {
    pub(crate) text: String,
    pub(crate) from: Option<String>,
}

/// A scoring group in the ledger.
pub(crate) struct LedgerRow {
    pub(crate) label: String,
    pub(crate) raters: u32,
    pub(crate) weight: String,
}

/// The comments by scoring group, in the ledger's order; set-aside ones (HR only) last.
pub(crate) fn comment_groups(lang: Lang, r: &IndividualReport) -> Vec<CommentGroup> {
    let mut out: Vec<(usize, CommentGroup)> = Vec::new();
    for c in &r.comments {
        let order = if c.set_aside {
            usize::MAX
        } else {
            display_order(c.group)
        };
        let row = CommentRow {
            text: c.text.clone(),
            from: c
                .relationship
                .filter(|_| c.set_aside || c.group == "pooled")
                .map(|rel| {
                    t!(
                        lang,
                        "report.comments.from",
                        relationship = relationship_name(lang, rel).as_str()
                    )
                }),
        };
        match out
            .iter_mut()
            .find(|(o, g)| *o == order && g.set_aside == c.set_aside)
        {
            Some((_, g)) => g.comments.push(row),
            None => out.push((
                order,
                CommentGroup {
                    label: if c.set_aside {
                        t!(lang, "report.comments.set_aside").to_string()
                    } else {
                        group_name(lang, c.group)
                    },
                    set_aside: c.set_aside,
                    comments: vec![row],
                },
            )),
        }
    }
    // The loader sorts within a group by text; the groups keep the bars' order.
    out.sort_by_key(|(o, _)| *o);
    out.into_iter().map(|(_, g)| g).collect()
}

/// The scoring groups with their raters and weights, in display order.
pub(crate) fn ledger_rows(lang: Lang, r: &IndividualReport) -> Vec<LedgerRow> {
    let mut groups: Vec<_> = r.ledger.groups.iter().collect();
    groups.sort_by_key(|g| display_order(g.group));
    groups
        .into_iter()
        .map(|g| LedgerRow {
            label: group_name(lang, g.group),
            raters: g.raters,
            weight: g.weight.map(plain).unwrap_or_default(),
        })
        .collect()
}

/// The ledger in sentences: pooling, what was set aside, raters per relationship (HR),
/// the conversion, the dimensions left out, anonymity and rounding.
pub(crate) fn ledger_lines(lang: Lang, r: &IndividualReport) -> Vec<String> {
    let l = &r.ledger;
    let k = r.scale.threshold;
    let names = |codes: &[&'static str]| -> Vec<String> {
        codes.iter().map(|c| relationship_name(lang, c)).collect()
    };
    let mut lines = Vec::new();
    if let Some(pooled) = l.groups.iter().find(|g| g.group == "pooled") {
        lines.push(t!(lang, "report.ledger.pooled", k = k));
        if let Some(from) = &pooled.from {
            lines.push(t!(
                lang,
                "report.ledger.pooled_from",
                relationships = names(from)
            ));
        }
    }
    if let Some(set_aside) = l.set_aside.as_ref().filter(|s| s.raters > 0) {
        lines.push(t!(
            lang,
            "report.ledger.set_aside",
            n = set_aside.raters,
            k = k,
            relationships = names(&set_aside.from)
        ));
    }
    if let Some(counts) = &l.raters {
        let counts: Vec<String> = counts
            .0
            .iter()
            .map(|(rel, n)| {
                t!(
                    lang,
                    "report.ledger.count",
                    relationship = relationship_name(lang, rel).as_str(),
                    n = *n
                )
            })
            .collect();
        lines.push(t!(lang, "report.ledger.by_relationship", counts = counts));
    }
    lines.push(if l.percent == "linear" {
        t!(
            lang,
            "report.ledger.linear",
            min = r.scale.min,
            max = r.scale.max
        )
    } else {
        t!(lang, "report.ledger.ratio", max = r.scale.max)
    });
    let left_out: Vec<String> = r
        .dimensions
        .iter()
        .filter(|d| l.dimensions_left_out.contains(&d.code))
        .map(|d| d.name.clone())
        .collect();
    lines.push(if left_out.is_empty() {
        t!(lang, "report.ledger.none_left_out").to_string()
    } else {
        t!(lang, "report.ledger.left_out", dimensions = left_out)
    });
    lines.push(t!(lang, "report.ledger.anonymity", k = k));
    lines.push(t!(lang, "report.ledger.rounding").to_string());
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_rounded_half_away_from_zero_and_a_missing_one_is_a_dash() {
        assert_eq!(percent(Lang::Zh, Some(82.45)), "82.5");
        assert_eq!(percent(Lang::Zh, Some(4.1225 / 5.0 * 100.0)), "82.5");
        assert_eq!(raw(Lang::En, Some(2.675)), "2.68");
        assert_eq!(raw(Lang::En, Some(4.0)), "4.00");
        assert_eq!(percent(Lang::En, None), "\u{2013}");
        assert_eq!(raw(Lang::Zh, Some(f64::NAN)), "\u{2013}");
        assert_eq!(plain(25.0), "25");
        assert_eq!(plain(2.5), "2.5");
        assert_eq!(plain(1.0), "1");
    }

    #[test]
    fn the_pool_is_named_without_its_relationships_and_self_comes_last() {
        assert_eq!(group_name(Lang::Zh, "pooled"), "其他评价人");
        assert_eq!(group_name(Lang::En, "pooled"), "other raters");
        let mut codes = ["self", "pooled", "customer", "superior"];
        codes.sort_by_key(|c| display_order(c));
        assert_eq!(codes, ["superior", "customer", "pooled", "self"]);
    }
}
