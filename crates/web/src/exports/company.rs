//! The department and company report as a workbook (SPEC §8), for HR: the first sheet says
//! so. The object's figures — distribution (and target), ranking, departments by dimension
//! with response rates, strongest and weakest items — and, from every covered assessee's
//! report in full, their dimension scores, scores by rater group, comments and ledger.

use yardstick_core::Lang;
use yardstick_i18n::t;
use yardstick_store::company::{CompanyReport, Sitting};
use yardstick_store::report::IndividualReport;

use super::book::{Book, Cell, Sheet};
use crate::pages::report::parts::{comment_groups, display_order, group_name, relationship_name};

/// How many names the summary lists for one grade or target group at most.
const NAMES_LISTED: usize = 200;

/// The workbook of a department or company report; `people` are the covered assessees'
/// reports in full, in the ranking's order.
pub(crate) fn book(r: &CompanyReport, people: &[IndividualReport], lang: Lang) -> Book {
    Book {
        sheets: vec![
            summary(r, lang),
            ranking(r, people, lang),
            departments(r, lang),
            items(r, lang),
            by_group(people, lang),
            comments(people, lang),
            ledger(people, lang),
        ],
    }
}

/// The table of the CSV download: the ranking with every dimension's score.
pub(crate) fn table(r: &CompanyReport, people: &[IndividualReport], lang: Lang) -> Sheet {
    ranking(r, people, lang)
}

/// The department's name, or the words for assessees without one.
fn department_name(lang: Lang, d: Option<&str>) -> String {
    d.map_or_else(
        || t!(lang, "hr.company.no_department").to_string(),
        str::to_string,
    )
}

fn summary(r: &CompanyReport, lang: Lang) -> Sheet {
    let mut s = Sheet::new(t!(lang, "export.sheet.summary"));
    s.row(vec![Cell::Heading(t!(
        lang,
        "hr.company.title",
        cycle = r.cycle.name.as_str()
    ))]);
    s.row(vec![Cell::text(t!(lang, "export.hr_only"))]);
    s.gap();
    s.pair(t!(lang, "report.cycle"), Cell::text(&r.cycle.name));
    s.pair(
        t!(lang, "hr.company.department"),
        Cell::text(
            r.department
                .clone()
                .unwrap_or_else(|| t!(lang, "hr.company.all_departments").to_string()),
        ),
    );
    s.pair(
        t!(lang, "hr.company.assessees"),
        Cell::Count(u64::from(r.assessees)),
    );
    s.pair(
        t!(lang, "hr.company.assigned"),
        Cell::Count(r.responses.assigned),
    );
    s.pair(
        t!(lang, "hr.company.submitted"),
        Cell::Count(r.responses.submitted),
    );
    s.pair(
        t!(lang, "hr.company.rate"),
        Cell::number(r.responses.rate.map(|x| x * 100.0), 1),
    );
    s.pair(
        t!(lang, "export.conversion"),
        Cell::text(if r.scale.percent == "linear" {
            t!(
                lang,
                "report.ledger.linear",
                min = r.scale.min,
                max = r.scale.max
            )
        } else {
            t!(lang, "report.ledger.ratio", max = r.scale.max)
        }),
    );

    let by_id: std::collections::HashMap<&str, &str> = r
        .ranking
        .iter()
        .map(|x| (x.id.as_str(), x.name.as_str()))
        .collect();
    let name_of = |id: &String| {
        by_id
            .get(id.as_str())
            .map_or(id.as_str(), |n| n)
            .to_string()
    };
    // A long list is better read in the ranking sheet, which gives everybody's grade.
    let names = |ids: &[String]| {
        if ids.len() > NAMES_LISTED {
            return t!(lang, "export.see_ranking", n = ids.len());
        }
        ids.iter()
            .map(name_of)
            .collect::<Vec<_>>()
            .join(t!(lang, "hr.company.separator"))
    };
    s.gap();
    s.row(vec![Cell::Heading(
        t!(lang, "hr.company.distribution").to_string(),
    )]);
    s.header(&[
        t!(lang, "hr.company.grade").to_string(),
        t!(lang, "export.col.band_min").to_string(),
        t!(lang, "export.col.count").to_string(),
        t!(lang, "hr.company.share").to_string(),
        t!(lang, "hr.company.who").to_string(),
    ]);
    let sitting = |s: &mut Sheet, label: String, min: Option<f64>, x: &Sitting| {
        s.row(vec![
            Cell::text(label),
            Cell::plain(min),
            Cell::Count(u64::from(x.count)),
            Cell::number(x.share, 1),
            Cell::text(names(&x.assessees)),
        ]);
    };
    for b in &r.distribution.bands {
        sitting(&mut s, b.grade.clone(), Some(b.min), &b.sitting);
    }
    sitting(
        &mut s,
        t!(lang, "hr.company.no_grade").to_string(),
        None,
        &r.distribution.no_grade,
    );
    if let Some(target) = &r.distribution.target {
        s.gap();
        s.row(vec![Cell::Heading(
            t!(lang, "hr.company.target").to_string(),
        )]);
        s.header(&[
            t!(lang, "hr.company.grade").to_string(),
            t!(lang, "export.col.target").to_string(),
            t!(lang, "export.col.expected").to_string(),
            t!(lang, "export.col.count").to_string(),
            t!(lang, "hr.company.share").to_string(),
            t!(lang, "hr.company.difference").to_string(),
            t!(lang, "hr.company.who").to_string(),
        ]);
        for g in &target.groups {
            s.row(vec![
                Cell::text(g.grades.join(" / ")),
                Cell::number(Some(g.target), 1),
                Cell::number(Some(g.expected), 1),
                Cell::Count(u64::from(g.count)),
                Cell::number(g.share, 1),
                Cell::number(Some(g.difference), 1),
                Cell::text(names(&g.assessees)),
            ]);
        }
    }
    s
}

fn ranking(r: &CompanyReport, people: &[IndividualReport], lang: Lang) -> Sheet {
    let mut s = Sheet::new(t!(lang, "hr.company.ranking"));
    let mut header = vec![
        t!(lang, "hr.company.rank").to_string(),
        t!(lang, "hr.company.id").to_string(),
        t!(lang, "hr.company.name").to_string(),
        t!(lang, "hr.company.department").to_string(),
        t!(lang, "hr.company.score").to_string(),
        t!(lang, "export.unrounded").to_string(),
        t!(lang, "hr.company.grade").to_string(),
        t!(lang, "hr.company.department_rank").to_string(),
    ];
    header.extend(r.dimensions.iter().map(|d| d.name.clone()));
    s.header(&header);
    let by_id: std::collections::HashMap<&str, &IndividualReport> =
        people.iter().map(|p| (p.assessee.id.as_str(), p)).collect();
    for row in &r.ranking {
        let mut cells = vec![
            Cell::number(row.rank.map(f64::from), 0),
            Cell::text(&row.id),
            Cell::text(&row.name),
            Cell::opt(row.department.as_deref()),
            Cell::number(row.displayed, 1),
            Cell::number(row.percent, 6),
            Cell::opt(row.grade.as_deref()),
            Cell::number(row.rank_in_department.map(f64::from), 0),
        ];
        let person = by_id.get(row.id.as_str());
        cells.extend(r.dimensions.iter().map(|d| {
            Cell::percent(
                person
                    .and_then(|p| p.dimensions.iter().find(|x| x.code == d.code))
                    .and_then(|x| x.percent),
            )
        }));
        s.row(cells);
    }
    s
}

fn departments(r: &CompanyReport, lang: Lang) -> Sheet {
    let mut s = Sheet::new(t!(lang, "export.sheet.departments"));
    let mut header = vec![
        t!(lang, "hr.company.department").to_string(),
        t!(lang, "hr.company.assessees").to_string(),
        t!(lang, "export.col.scored").to_string(),
        t!(lang, "hr.company.mean").to_string(),
    ];
    header.extend(r.dimensions.iter().map(|d| d.name.clone()));
    header.extend([
        t!(lang, "hr.company.assigned").to_string(),
        t!(lang, "hr.company.submitted").to_string(),
        t!(lang, "hr.company.rate").to_string(),
    ]);
    s.header(&header);
    for d in &r.by_department {
        let mut row = vec![
            Cell::text(department_name(lang, d.department.as_deref())),
            Cell::Count(u64::from(d.assessees)),
            Cell::Count(u64::from(d.scored)),
            Cell::percent(d.percent),
        ];
        row.extend(d.dimensions.iter().map(|x| Cell::percent(x.percent)));
        row.extend([
            Cell::Count(d.responses.assigned),
            Cell::Count(d.responses.submitted),
            Cell::number(d.responses.rate.map(|x| x * 100.0), 1),
        ]);
        s.row(row);
    }
    s
}

fn items(r: &CompanyReport, lang: Lang) -> Sheet {
    let mut s = Sheet::new(t!(lang, "export.sheet.items"));
    for (heading, list) in [
        (t!(lang, "hr.company.strongest"), &r.items.strongest),
        (t!(lang, "hr.company.weakest"), &r.items.weakest),
    ] {
        s.row(vec![Cell::Heading(heading.to_string())]);
        s.header(&[
            t!(lang, "export.col.code").to_string(),
            t!(lang, "export.col.dimension").to_string(),
            t!(lang, "hr.company.item").to_string(),
            t!(lang, "export.col.score").to_string(),
            t!(lang, "hr.company.score").to_string(),
            t!(lang, "hr.company.assessees").to_string(),
        ]);
        for i in list {
            s.row(vec![
                Cell::text(&i.code),
                Cell::text(&i.dimension),
                Cell::text(&i.text),
                Cell::raw(Some(i.score)),
                Cell::percent(Some(i.percent)),
                Cell::Count(u64::from(i.assessees)),
            ]);
        }
        s.gap();
    }
    s.frozen = 0;
    s
}

fn by_group(people: &[IndividualReport], lang: Lang) -> Sheet {
    let mut s = Sheet::new(t!(lang, "export.sheet.by_group"));
    let Some(first) = people.first() else {
        return s;
    };
    let mut header = vec![
        t!(lang, "hr.company.id").to_string(),
        t!(lang, "hr.company.name").to_string(),
        t!(lang, "report.ledger.group").to_string(),
        t!(lang, "report.ledger.raters").to_string(),
    ];
    header.extend(first.dimensions.iter().map(|d| d.name.clone()));
    s.header(&header);
    for p in people {
        let mut groups: Vec<_> = p.ledger.groups.iter().collect();
        groups.sort_by_key(|g| display_order(g.group));
        for g in groups {
            let mut row = vec![
                Cell::text(&p.assessee.id),
                Cell::text(&p.assessee.name),
                Cell::text(group_name(lang, g.group)),
                Cell::Count(u64::from(g.raters)),
            ];
            row.extend(p.dimensions.iter().map(|d| {
                Cell::raw(
                    d.groups
                        .0
                        .iter()
                        .find(|(x, _)| x.code() == g.group)
                        .and_then(|(_, v)| *v),
                )
            }));
            s.row(row);
        }
    }
    s
}

fn comments(people: &[IndividualReport], lang: Lang) -> Sheet {
    let mut s = Sheet::new(t!(lang, "export.sheet.comments"));
    s.header(&[
        t!(lang, "hr.company.id").to_string(),
        t!(lang, "hr.company.name").to_string(),
        t!(lang, "report.ledger.group").to_string(),
        t!(lang, "export.col.comment").to_string(),
        t!(lang, "export.col.relationship").to_string(),
    ]);
    for p in people {
        for group in comment_groups(lang, p) {
            for c in group.comments {
                s.row(vec![
                    Cell::text(&p.assessee.id),
                    Cell::text(&p.assessee.name),
                    Cell::text(&group.label),
                    Cell::text(c.text),
                    Cell::opt(c.from.as_deref()),
                ]);
            }
        }
    }
    s
}

fn ledger(people: &[IndividualReport], lang: Lang) -> Sheet {
    let mut s = Sheet::new(t!(lang, "export.sheet.ledger"));
    let relationships = yardstick_core::Relationship::ALL;
    let mut header = vec![
        t!(lang, "hr.company.id").to_string(),
        t!(lang, "hr.company.name").to_string(),
    ];
    header.extend(
        relationships
            .iter()
            .map(|r| relationship_name(lang, r.code())),
    );
    header.extend([
        t!(lang, "export.col.pooled").to_string(),
        t!(lang, "export.col.set_aside").to_string(),
        t!(lang, "export.col.left_out").to_string(),
    ]);
    s.header(&header);
    for p in people {
        let l = &p.ledger;
        let mut row = vec![Cell::text(&p.assessee.id), Cell::text(&p.assessee.name)];
        row.extend(relationships.iter().map(|rel| {
            let n = l
                .raters
                .as_ref()
                .and_then(|c| c.0.iter().find(|(code, _)| *code == rel.code()))
                .map_or(0, |(_, n)| *n);
            Cell::Count(u64::from(n))
        }));
        let names = |codes: &[&'static str]| {
            codes
                .iter()
                .map(|c| relationship_name(lang, c))
                .collect::<Vec<_>>()
                .join(t!(lang, "hr.company.separator"))
        };
        row.push(Cell::text(
            l.groups
                .iter()
                .find(|g| g.group == "pooled")
                .and_then(|g| g.from.as_deref())
                .map(names)
                .unwrap_or_default(),
        ));
        row.push(Cell::Count(
            l.set_aside.as_ref().map_or(0, |x| u64::from(x.raters)),
        ));
        row.push(Cell::text(
            p.dimensions
                .iter()
                .filter(|d| l.dimensions_left_out.contains(&d.code))
                .map(|d| d.name.clone())
                .collect::<Vec<_>>()
                .join(t!(lang, "hr.company.separator")),
        ));
        s.row(row);
    }
    s
}
