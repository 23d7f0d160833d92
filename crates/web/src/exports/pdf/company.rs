//! The department and company report's pages, in the order of its console page: the
//! distribution (and the target), the heat map, response rates, the ranking and the
//! strongest and weakest items. HR only, and the first page says so.

use yardstick_core::{CycleState, Lang};
use yardstick_i18n::t;
use yardstick_store::company::CompanyReport;

use super::PdfError;
use super::doc::Page;
use super::flow::{Align, Col, Flow};
use crate::pages::company::{
    department_rows, distribution_chart, heat_chart, item_rows, ranking_rows, target_rows,
};

/// The pages and the document's title.
pub(super) fn pages(r: &CompanyReport, lang: Lang) -> Result<(Vec<Page>, String), PdfError> {
    let title = t!(lang, "hr.company.title", cycle = r.cycle.name.as_str());
    let mut f = Flow::new();
    f.title(&title);
    let state = CycleState::parse(r.cycle.state).unwrap_or(CycleState::Draft);
    f.facts(&[
        (
            t!(lang, "hr.company.department").to_string(),
            r.department
                .clone()
                .unwrap_or_else(|| t!(lang, "hr.company.all_departments").to_string()),
        ),
        (
            t!(lang, "report.state").to_string(),
            state.label().text(lang).to_string(),
        ),
    ]);
    f.notice(t!(lang, "pdf.hr_only_company"));

    let distribution = distribution_chart(lang, r);
    let (_, h) = Flow::chart_size(&distribution, 340.0)?;
    f.heading(t!(lang, "hr.company.distribution"), h + 20.0);
    f.note(&t!(lang, "hr.company.covered", n = r.assessees));
    f.chart(&distribution, 340.0)?;
    let targets = target_rows(lang, r);
    if !targets.is_empty() {
        f.subheading(t!(lang, "hr.company.against_target"), 40.0);
        let rows: Vec<Vec<String>> = targets.into_iter().map(Vec::from).collect();
        f.table(
            &[
                Col(1.6, Align::Left),
                Col(1.0, Align::Right),
                Col(1.2, Align::Right),
                Col(1.0, Align::Right),
                Col(1.4, Align::Left),
                Col(3.0, Align::Left),
            ],
            &[
                t!(lang, "hr.company.grades").to_string(),
                t!(lang, "hr.company.target_share_col").to_string(),
                t!(lang, "hr.company.count_expected").to_string(),
                t!(lang, "hr.company.share").to_string(),
                t!(lang, "hr.company.difference").to_string(),
                t!(lang, "hr.company.who").to_string(),
            ],
            &rows,
        );
    }

    let heat = heat_chart(lang, r);
    let (_, h) = Flow::chart_size(&heat, 520.0)?;
    f.heading(t!(lang, "hr.company.heat"), h + 30.0);
    f.note(t!(lang, "hr.company.heat_note"));
    f.chart(&heat, 520.0)?;

    f.heading(t!(lang, "hr.company.rates"), 40.0);
    let rows: Vec<Vec<String>> = department_rows(lang, r)
        .into_iter()
        .map(Vec::from)
        .collect();
    f.table(
        &[
            Col(2.4, Align::Left),
            Col(1.0, Align::Right),
            Col(1.0, Align::Right),
            Col(1.0, Align::Right),
            Col(1.0, Align::Right),
            Col(1.0, Align::Right),
        ],
        &[
            t!(lang, "hr.company.department").to_string(),
            t!(lang, "hr.company.assessees").to_string(),
            t!(lang, "hr.company.mean").to_string(),
            t!(lang, "hr.company.assigned").to_string(),
            t!(lang, "hr.company.submitted").to_string(),
            t!(lang, "hr.company.rate").to_string(),
        ],
        &rows,
    );

    f.heading(t!(lang, "hr.company.ranking"), 40.0);
    let ranking = ranking_rows(r);
    if ranking.is_empty() {
        f.paragraph(t!(lang, "hr.company.nobody"));
    } else {
        let rows: Vec<Vec<String>> = ranking
            .into_iter()
            .map(
                |[
                    name,
                    _link,
                    id,
                    department,
                    score,
                    grade,
                    rank,
                    in_department,
                ]| {
                    vec![rank, name, id, department, score, grade, in_department]
                },
            )
            .collect();
        f.table(
            &[
                Col(0.8, Align::Right),
                Col(1.8, Align::Left),
                Col(1.2, Align::Left),
                Col(1.8, Align::Left),
                Col(1.0, Align::Right),
                Col(1.0, Align::Left),
                Col(1.2, Align::Right),
            ],
            &[
                t!(lang, "hr.company.rank").to_string(),
                t!(lang, "hr.company.name").to_string(),
                t!(lang, "hr.company.id").to_string(),
                t!(lang, "hr.company.department").to_string(),
                t!(lang, "hr.company.score").to_string(),
                t!(lang, "hr.company.grade").to_string(),
                t!(lang, "hr.company.department_rank").to_string(),
            ],
            &rows,
        );
    }

    f.heading(t!(lang, "hr.company.items"), 60.0);
    f.note(t!(lang, "hr.company.items_note"));
    for (heading, list) in item_rows(lang, r) {
        f.subheading(heading, 30.0);
        if list.is_empty() {
            f.paragraph(t!(lang, "hr.company.no_items"));
            continue;
        }
        let rows: Vec<Vec<String>> = list.into_iter().map(Vec::from).collect();
        f.table(
            &[
                Col(0.8, Align::Left),
                Col(6.0, Align::Left),
                Col(1.0, Align::Right),
                Col(1.0, Align::Right),
            ],
            &[
                String::new(),
                t!(lang, "hr.company.item").to_string(),
                t!(lang, "hr.company.score").to_string(),
                t!(lang, "hr.company.assessees").to_string(),
            ],
            &rows,
        );
    }

    let footer = format!("{title} · {}", t!(lang, "pdf.hr_only_short"));
    Ok((f.finish(lang, &footer), title))
}
