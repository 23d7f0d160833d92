//! The PDF exports read back with poppler's `pdftotext`: the text is searchable Chinese, the
//! figures are the ones the pages show, a restricted report's PDF holds nothing the
//! restricted object leaves out, an HR-only file says so, and a character the embedded font
//! lacks fails the export. `.ci/run` installs `poppler-utils` and sets `YARDSTICK_E2E=1`:
//! with it set a missing `pdftotext` fails these tests; without it they are skipped, saying why.

use std::io::Write as _;
use std::process::{Command, Stdio};
use std::time::Instant;

use yardstick_core::Lang;
use yardstick_core::scoring::display::{percent_display, raw_display};
use yardstick_store::Store;
use yardstick_store::company::{Scope, Target};
use yardstick_store::report::{IndividualReport, ScoredCycle, View};
use yardstick_web::exports::pdf::{self, PdfError};

use crate::reports::{Company, answered_cycle, company, move_to};

/// The text of `pdf` as `pdftotext` reads it, or `None` (saying why) when it is not
/// installed and `YARDSTICK_E2E` is not set.
fn pdftotext(pdf: &[u8]) -> Option<String> {
    let child = Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => {
            assert!(
                std::env::var_os("YARDSTICK_E2E").is_none(),
                "YARDSTICK_E2E is set but pdftotext cannot run ({e}): install poppler-utils"
            );
            eprintln!("skipped: pdftotext (poppler-utils) is not installed: {e}");
            return None;
        }
    };
    child.stdin.take().unwrap().write_all(pdf).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "pdftotext failed");
    Some(String::from_utf8(out.stdout).unwrap())
}

/// `text` without white space, so that a phrase is found whatever line it was broken onto.
fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn has(text: &str, phrase: &str) -> bool {
    squash(text).contains(&squash(phrase))
}

/// The published cycle of `reports.rs` (M001 pooled, M002's peers set aside).
async fn published(c: &Company) -> ScoredCycle {
    let id = answered_cycle(c, "二〇二六年度", 0).await;
    move_to(c, id, "close").await;
    move_to(c, id, "publish").await;
    let data = c.app.store.cycle_responses(id).await.unwrap();
    ScoredCycle::new(data).unwrap()
}

fn report(scored: &ScoredCycle, assessee: &str, view: View) -> IndividualReport {
    scored.report(assessee, Vec::new(), view).unwrap()
}

fn one(v: Option<f64>) -> String {
    format!("{:.1}", percent_display(v.unwrap()))
}

fn two(v: Option<f64>) -> String {
    format!("{:.2}", raw_display(v.unwrap()))
}

#[tokio::test]
async fn an_individual_pdf_is_searchable_chinese_with_the_figures_as_the_page_shows_them() {
    let c = company().await;
    let scored = published(&c).await;
    let full = report(&scored, "M001", View::Full);
    let bytes = pdf::individual(&full, Lang::Zh).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    // The font is subset: tens of kilobytes, not the 5 MB file.
    assert!(bytes.len() < 200_000, "{} bytes", bytes.len());
    let Some(text) = pdftotext(&bytes) else {
        c.app.finish().await;
        return;
    };
    assert!(has(&text, "张三 的评估报告"), "{text}");
    assert!(has(&text, "二〇二六年度"));
    assert!(has(&text, "A区"));
    assert!(full.dimensions.iter().any(|d| d.name == "客户意识"));
    for d in &full.dimensions {
        assert!(has(&text, &d.name), "{} missing", d.name);
    }
    assert!(has(&text, &one(full.overall.percent)));
    if let Some(grade) = &full.overall.grade {
        assert!(has(&text, grade));
    }
    for d in &full.dimensions {
        if d.score.is_some() {
            assert!(has(&text, &two(d.score)), "{} {}", d.name, two(d.score));
            assert!(has(&text, &one(d.percent)));
        }
    }
    // The full view is for HR only and says so on its first page.
    let first = text.split('\u{c}').next().unwrap();
    assert!(has(first, "仅供人力资源部使用"), "{first}");
    // The ledger in words, the pool's relationships named for HR.
    assert!(has(&text, "计分说明"));
    assert!(has(&text, "由以下关系合并"));
    for comment in &full.comments {
        assert!(has(&text, &comment.text), "{}", comment.text);
    }
    // English when asked.
    let en = pdftotext(&pdf::individual(&full, Lang::En).unwrap()).unwrap();
    assert!(has(&en, "For HR only"));
    assert!(has(&en, "客户意识"));
    c.app.finish().await;
}

#[tokio::test]
async fn a_restricted_pdf_holds_none_of_the_figures_and_comments_the_view_leaves_out() {
    let c = company().await;
    let scored = published(&c).await;
    // M001: the short groups pooled; the assessee may not learn which they are.
    let own = report(&scored, "M001", View::Restricted);
    let Some(text) = pdftotext(&pdf::individual(&own, Lang::Zh).unwrap()) else {
        c.app.finish().await;
        return;
    };
    assert!(has(&text, "张三 的评估报告"));
    assert!(has(&text, "其他评价人"));
    assert!(!has(&text, "仅供人力资源部使用"));
    assert!(!has(&text, "仅 HR 可见"), "{text}");
    assert!(!has(&text, "由以下关系合并"));
    assert!(!has(&text, "实际权重"));
    for comment in &own.comments {
        assert!(has(&text, &comment.text));
    }
    // M002: the peers are set aside; their comments are in HR's file only.
    let full = report(&scored, "M002", View::Full);
    let own = report(&scored, "M002", View::Restricted);
    let hidden: Vec<&str> = full
        .comments
        .iter()
        .filter(|c| c.set_aside)
        .map(|c| c.text.as_str())
        .collect();
    assert!(!hidden.is_empty());
    let hr_text = pdftotext(&pdf::individual(&full, Lang::Zh).unwrap()).unwrap();
    let own_text = pdftotext(&pdf::individual(&own, Lang::Zh).unwrap()).unwrap();
    for t in &hidden {
        assert!(has(&hr_text, t), "{t} in HR's file");
        assert!(!has(&own_text, t), "{t} in the assessee's file");
    }
    assert!(has(&hr_text, "被搁置的评语"));
    assert!(!has(&own_text, "被搁置"));
    c.app.finish().await;
}

#[tokio::test]
async fn a_character_the_font_lacks_fails_the_export_and_names_the_character() {
    let c = company().await;
    let scored = published(&c).await;
    let mut r = report(&scored, "M001", View::Restricted);
    r.assessee.name = "张三😀".to_string();
    let err = pdf::individual(&r, Lang::Zh).unwrap_err();
    assert!(
        matches!(&err, PdfError::MissingGlyph { character: '😀', text } if text.contains("张三😀")),
        "{err:?}"
    );
    let words = err.message().render(Lang::Zh);
    assert!(words.contains('😀') && words.contains("U+1F600"), "{words}");
    let words = err.message().render(Lang::En);
    assert!(words.contains("U+1F600"), "{words}");

    let mut r = report(&scored, "M001", View::Restricted);
    r.comments[0].text = "私用区\u{E000}字符".to_string();
    assert!(matches!(
        pdf::individual(&r, Lang::Zh),
        Err(PdfError::MissingGlyph {
            character: '\u{E000}',
            ..
        })
    ));
    // Control characters are dropped, not refused.
    let mut r = report(&scored, "M001", View::Restricted);
    r.comments[0].text = "第一行\u{7}\n第二行".to_string();
    let bytes = pdf::individual(&r, Lang::Zh).unwrap();
    if let Some(text) = pdftotext(&bytes) {
        assert!(has(&text, "第一行 第二行"));
    }
    c.app.finish().await;
}

#[tokio::test]
async fn a_company_pdf_says_it_is_for_hr_and_holds_the_ranking_and_the_heat_map() {
    let c = company().await;
    let id = answered_cycle(&c, "公司报告", 0).await;
    let data = c.app.store.cycle_responses(id).await.unwrap();
    let progress = c.app.store.progress(id).await.unwrap();
    let r = data.company_report(&progress, &Scope::default()).unwrap();
    let bytes = pdf::company(&r, Lang::Zh).unwrap();
    assert!(bytes.len() < 200_000, "{} bytes", bytes.len());
    let Some(text) = pdftotext(&bytes) else {
        c.app.finish().await;
        return;
    };
    let first = text.split('\u{c}').next().unwrap();
    assert!(has(first, "仅供人力资源部使用"));
    assert!(has(&text, "公司报告:部门与公司报告"));
    for row in &r.ranking {
        assert!(has(&text, &row.name), "{}", row.name);
        if let Some(v) = row.displayed {
            assert!(has(&text, &format!("{v:.1}")));
        }
    }
    for d in &r.dimensions {
        assert!(has(&text, &d.name));
    }
    assert!(has(&text, "回收率"));

    // One department, against a target: the comparison and who sits where.
    let bands = data.model.model.grades().len();
    let target = Target::parse("20,70,10", bands).unwrap();
    let scope = Scope {
        department: Some("A区"),
        target: Some(&target),
    };
    let r = data.company_report(&progress, &scope).unwrap();
    let text = pdftotext(&pdf::company(&r, Lang::Zh).unwrap()).unwrap();
    assert!(has(&text, "与目标分布对比"));
    assert!(has(&text, "部门 A区"));
    assert!(has(&text, "张三"));
    assert!(!has(&text, "李四"));
    c.app.finish().await;
}

/// Prints how long one individual PDF takes (run with `--release --ignored`); with
/// `YARDSTICK_PDF_DIR` set, writes the PDFs there to be looked at.
#[tokio::test]
#[ignore = "a measurement, not a check"]
async fn time_to_render_one_individual_pdf() {
    let c = company().await;
    let scored = published(&c).await;
    let full = report(&scored, "M001", View::Full);
    let own = report(&scored, "M001", View::Restricted);
    pdf::individual(&full, Lang::Zh).unwrap();
    let runs = 20;
    let start = Instant::now();
    for _ in 0..runs {
        pdf::individual(&full, Lang::Zh).unwrap();
    }
    let each = start.elapsed() / runs;
    let bytes = pdf::individual(&full, Lang::Zh).unwrap();
    println!("one individual PDF: {each:?}, {} bytes", bytes.len());
    if let Some(dir) = std::env::var_os("YARDSTICK_PDF_DIR") {
        let dir = std::path::PathBuf::from(dir);
        std::fs::write(dir.join("full.pdf"), &bytes).unwrap();
        std::fs::write(
            dir.join("own.pdf"),
            pdf::individual(&own, Lang::Zh).unwrap(),
        )
        .unwrap();
        std::fs::write(
            dir.join("en.pdf"),
            pdf::individual(&full, Lang::En).unwrap(),
        )
        .unwrap();
        let id = answered_cycle(&c, "公司", 1).await;
        let data = c.app.store.cycle_responses(id).await.unwrap();
        let progress = c.app.store.progress(id).await.unwrap();
        let r = data.company_report(&progress, &Scope::default()).unwrap();
        std::fs::write(dir.join("company.pdf"), pdf::company(&r, Lang::Zh).unwrap()).unwrap();
    }
    c.app.finish().await;
}
