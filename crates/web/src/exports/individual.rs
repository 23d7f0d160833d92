//! The individual report as a workbook (SPEC §8): summary, dimensions, items, by group,
//! comments and ledger — exactly what the report object holds for its reader, so that a
//! restricted object (SPEC §4 step 10) makes a restricted file. Figures are unrounded, shown
//! with the decimals of the page.

use yardstick_core::Lang;
use yardstick_i18n::t;
use yardstick_store::report::IndividualReport;

use super::book::{Book, Cell, Sheet};
use crate::pages::report::group_codes;
use crate::pages::report::parts::{
    comment_groups, group_name, ledger_lines, ledger_rows, relationship_name,
};

/// The workbook of one individual report in `lang`.
pub(crate) fn book(r: &IndividualReport, lang: Lang) -> Book {
    let full = r.view == "full";
    let codes = group_codes(r);
    Book {
        sheets: vec![
            summary(r, lang, full),
            dimensions(r, lang),
            items(r, lang, &codes),
            by_group(r, lang, &codes),
            comments(r, lang, full),
            ledger(r, lang),
        ],
    }
}

/// The table of the CSV download: a line per dimension, then a line per item.
pub(crate) fn table(r: &IndividualReport, lang: Lang) -> Sheet {
    let codes = group_codes(r);
    let mut s = Sheet::new(t!(lang, "export.sheet.items"));
    let mut header = vec![
        t!(lang, "export.col.kind").to_string(),
        t!(lang, "export.col.code").to_string(),
        t!(lang, "export.col.name").to_string(),
        t!(lang, "export.col.dimension").to_string(),
        t!(lang, "report.dimensions.weight").to_string(),
        t!(lang, "export.col.score").to_string(),
        t!(lang, "report.dimensions.percent").to_string(),
        t!(lang, "report.gaps.self").to_string(),
        t!(lang, "report.gaps.others").to_string(),
        t!(lang, "report.radar.mean").to_string(),
    ];
    header.extend(codes.iter().map(|c| group_name(lang, c)));
    s.header(&header);
    for d in &r.dimensions {
        let mut row = vec![
            Cell::text(t!(lang, "export.kind.dimension")),
            Cell::text(&d.code),
            Cell::text(&d.name),
            Cell::Empty,
            Cell::plain(Some(d.weight)),
            Cell::raw(d.score),
            Cell::percent(d.percent),
            Cell::raw(d.self_score),
            Cell::raw(d.others),
            Cell::raw(d.cycle_mean),
        ];
        row.extend(codes.iter().map(|c| Cell::raw(group_value(&d.groups.0, c))));
        s.row(row);
    }
    for i in &r.items.all {
        let mut row = vec![
            Cell::text(t!(lang, "export.kind.item")),
            Cell::text(&i.code),
            Cell::text(&i.text),
            Cell::text(&i.dimension),
            Cell::Empty,
            Cell::raw(i.score),
            Cell::percent(i.percent),
            Cell::raw(i.self_score),
            Cell::raw(i.others),
            Cell::Empty,
        ];
        row.extend(codes.iter().map(|c| item_cell(i, c)));
        s.row(row);
    }
    s
}

/// A group's value in a list keyed by group.
fn group_value(values: &[(yardstick_core::Group, Option<f64>)], code: &str) -> Option<f64> {
    values
        .iter()
        .find(|(g, _)| g.code() == code)
        .and_then(|(_, v)| *v)
}

/// An item's figure for one group: its mean, or empty when the object holds none (no
/// answer, or too few for the reader to see).
fn item_cell(i: &yardstick_store::report::ItemDetail, code: &str) -> Cell {
    Cell::raw(
        i.groups
            .0
            .iter()
            .find(|(g, _)| g.code() == code)
            .and_then(|(_, f)| f.mean),
    )
}

fn summary(r: &IndividualReport, lang: Lang, full: bool) -> Sheet {
    let mut s = Sheet::new(t!(lang, "export.sheet.summary"));
    s.row(vec![Cell::Heading(t!(
        lang,
        "report.title",
        name = &r.assessee.name
    ))]);
    if full {
        s.row(vec![Cell::text(t!(lang, "export.hr_only"))]);
    }
    s.gap();
    s.pair(t!(lang, "report.cycle"), Cell::text(&r.cycle.name));
    s.pair(t!(lang, "export.col.id"), Cell::text(&r.assessee.id));
    s.pair(t!(lang, "export.col.name"), Cell::text(&r.assessee.name));
    s.pair(
        t!(lang, "report.department"),
        Cell::opt(r.assessee.department.as_deref()),
    );
    let o = &r.overall;
    s.pair(
        t!(lang, "report.overall.percent"),
        Cell::number(o.displayed, 1),
    );
    s.pair(t!(lang, "export.unrounded"), Cell::number(o.percent, 6));
    s.pair(
        t!(lang, "export.raw", min = r.scale.min, max = r.scale.max),
        Cell::raw(o.score),
    );
    s.pair(
        t!(lang, "report.overall.grade"),
        Cell::opt(o.grade.as_deref()),
    );
    let rank = |rank: Option<u32>, of: Option<u32>| match (rank, of) {
        (Some(rank), Some(of)) => Cell::text(t!(lang, "report.rank_of", rank = rank, of = of)),
        _ => Cell::Empty,
    };
    s.pair(t!(lang, "report.overall.rank"), rank(o.rank, Some(o.of)));
    s.pair(
        t!(lang, "report.overall.rank_department"),
        rank(o.rank_in_department, o.of_in_department),
    );
    if !r.trend.is_empty() {
        s.gap();
        s.row(vec![Cell::Heading(
            t!(lang, "report.trend.heading").to_string(),
        )]);
        for p in &r.trend {
            s.pair(p.name.clone(), Cell::percent(p.percent));
        }
        s.pair(r.cycle.name.clone(), Cell::percent(o.percent));
    }
    s
}

fn dimensions(r: &IndividualReport, lang: Lang) -> Sheet {
    let mut s = Sheet::new(t!(lang, "export.sheet.dimensions"));
    s.header(&[
        t!(lang, "export.col.code").to_string(),
        t!(lang, "report.dimensions.name").to_string(),
        t!(lang, "report.dimensions.weight").to_string(),
        t!(
            lang,
            "report.dimensions.score",
            min = r.scale.min,
            max = r.scale.max
        ),
        t!(lang, "report.dimensions.percent").to_string(),
        t!(lang, "report.gaps.self").to_string(),
        t!(lang, "report.gaps.others").to_string(),
        t!(lang, "report.radar.mean").to_string(),
        t!(lang, "export.col.note").to_string(),
    ]);
    for d in &r.dimensions {
        s.row(vec![
            Cell::text(&d.code),
            Cell::text(&d.name),
            Cell::plain(Some(d.weight)),
            Cell::raw(d.score),
            Cell::percent(d.percent),
            Cell::raw(d.self_score),
            Cell::raw(d.others),
            Cell::raw(d.cycle_mean),
            if d.left_out {
                Cell::text(t!(lang, "report.dimensions.left_out"))
            } else {
                Cell::Empty
            },
        ]);
    }
    s
}

fn items(r: &IndividualReport, lang: Lang, codes: &[&'static str]) -> Sheet {
    let mut s = Sheet::new(t!(lang, "export.sheet.items"));
    let mut header = vec![
        t!(lang, "export.col.code").to_string(),
        t!(lang, "export.col.dimension").to_string(),
        t!(lang, "export.col.item").to_string(),
        t!(lang, "export.col.score").to_string(),
        t!(lang, "report.dimensions.percent").to_string(),
        t!(lang, "report.gaps.self").to_string(),
        t!(lang, "report.gaps.others").to_string(),
        t!(lang, "report.gaps.gap").to_string(),
        t!(lang, "export.col.mark").to_string(),
    ];
    for c in codes {
        let name = group_name(lang, c);
        header.push(name.clone());
        header.push(t!(lang, "export.col.answered", group = name.as_str()));
    }
    s.header(&header);
    let mark = |code: &str| {
        if r.items.blind_spots.iter().any(|g| g.code == code) {
            Cell::text(t!(lang, "report.gaps.blind_spots"))
        } else if r.items.hidden_strengths.iter().any(|g| g.code == code) {
            Cell::text(t!(lang, "report.gaps.hidden_strengths"))
        } else {
            Cell::Empty
        }
    };
    for i in &r.items.all {
        let gap = match (i.self_score, i.others) {
            (Some(a), Some(b)) => Some(a - b),
            _ => None,
        };
        let mut row = vec![
            Cell::text(&i.code),
            Cell::text(&i.dimension),
            Cell::text(&i.text),
            Cell::raw(i.score),
            Cell::percent(i.percent),
            Cell::raw(i.self_score),
            Cell::raw(i.others),
            Cell::raw(gap),
            mark(&i.code),
        ];
        for c in codes {
            match i.groups.0.iter().find(|(g, _)| g.code() == *c) {
                Some((_, f)) => {
                    row.push(Cell::raw(f.mean));
                    row.push(Cell::Count(u64::from(f.answered)));
                }
                None => {
                    row.push(Cell::Empty);
                    row.push(Cell::Empty);
                }
            }
        }
        s.row(row);
    }
    s
}

fn by_group(r: &IndividualReport, lang: Lang, codes: &[&'static str]) -> Sheet {
    let mut s = Sheet::new(t!(lang, "export.sheet.by_group"));
    let mut header = vec![
        t!(lang, "report.ledger.group").to_string(),
        t!(lang, "report.ledger.raters").to_string(),
        t!(lang, "report.ledger.weight").to_string(),
    ];
    header.extend(r.dimensions.iter().map(|d| d.name.clone()));
    s.header(&header);
    for c in codes {
        let ledger = r.ledger.groups.iter().find(|g| g.group == *c);
        let mut row = vec![
            Cell::text(group_name(lang, c)),
            ledger.map_or(Cell::Empty, |g| Cell::Count(u64::from(g.raters))),
            Cell::plain(ledger.and_then(|g| g.weight)),
        ];
        row.extend(
            r.dimensions
                .iter()
                .map(|d| Cell::raw(group_value(&d.groups.0, c))),
        );
        s.row(row);
    }
    if r.dimensions.iter().any(|d| d.weights.is_some()) {
        s.gap();
        s.row(vec![Cell::Heading(
            t!(lang, "report.ledger.weights").to_string(),
        )]);
        let mut header = vec![t!(lang, "report.dimensions.name").to_string()];
        header.extend(codes.iter().map(|c| group_name(lang, c)));
        s.header(&header);
        for d in &r.dimensions {
            let mut row = vec![Cell::text(&d.name)];
            row.extend(codes.iter().map(|c| {
                let w = d.weights.as_ref().and_then(|w| group_value(&w.0, c));
                Cell::number(w.map(|w| w * 100.0), 1)
            }));
            s.row(row);
        }
    }
    s
}

fn comments(r: &IndividualReport, lang: Lang, full: bool) -> Sheet {
    let mut s = Sheet::new(t!(lang, "export.sheet.comments"));
    let mut header = vec![
        t!(lang, "report.ledger.group").to_string(),
        t!(lang, "export.col.comment").to_string(),
    ];
    if full {
        header.push(t!(lang, "export.col.relationship").to_string());
    }
    s.header(&header);
    for group in comment_groups(lang, r) {
        for c in group.comments {
            let mut row = vec![Cell::text(&group.label), Cell::text(c.text)];
            if full {
                row.push(Cell::opt(c.from.as_deref()));
            }
            s.row(row);
        }
    }
    if s.rows.len() == 1 {
        s.row(vec![Cell::text(t!(lang, "report.comments.none"))]);
    }
    s
}

fn ledger(r: &IndividualReport, lang: Lang) -> Sheet {
    let mut s = Sheet::new(t!(lang, "export.sheet.ledger"));
    s.header(&[
        t!(lang, "report.ledger.group").to_string(),
        t!(lang, "report.ledger.raters").to_string(),
        t!(lang, "report.ledger.weight").to_string(),
    ]);
    for g in ledger_rows(lang, r) {
        s.row(vec![
            Cell::text(g.label),
            Cell::Count(u64::from(g.raters)),
            Cell::text(g.weight),
        ]);
    }
    if let Some(counts) = &r.ledger.raters {
        s.gap();
        s.header(&[
            t!(lang, "export.col.relationship").to_string(),
            t!(lang, "export.col.submitted").to_string(),
        ]);
        for (rel, n) in &counts.0 {
            s.row(vec![
                Cell::text(relationship_name(lang, rel)),
                Cell::Count(u64::from(*n)),
            ]);
        }
    }
    s.gap();
    for line in ledger_lines(lang, r) {
        s.row(vec![Cell::text(line)]);
    }
    s
}
