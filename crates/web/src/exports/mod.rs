//! The reports as files (SPEC §8 Exports): XLSX (one sheet per view), CSV (the main table),
//! a page of its own (HTML with its stylesheet inside) and PDF. The console, the report
//! pages, the API and `yardstick report` all make their files here, from the same report
//! objects as the pages, so a file shows what the page shows to the same reader: an
//! individual report for a reader who is not HR is made from the restricted object (SPEC
//! §4 step 10). Files meant for HR only (a full individual report, every department and
//! company report) say so on their first page or sheet.

mod book;
mod company;
mod individual;
pub mod pdf;

use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use yardstick_core::Lang;
use yardstick_i18n::t;
use yardstick_store::Store;
use yardstick_store::company::CompanyReport;
use yardstick_store::report::{IndividualReport, View};

use crate::api::company::{CompanyQuery, load};
use crate::error::ApiError;
use crate::reports::{ReportCache, scored_in};

/// A file format of the exports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A page of its own: HTML with the stylesheet inside and the charts as SVG.
    Html,
    /// An XLSX workbook, one sheet per view.
    Xlsx,
    /// CSV (UTF-8 with a BOM): the report's main table.
    Csv,
    /// PDF, A4, with searchable Chinese text in the embedded font and the pages' charts.
    Pdf,
}

impl Format {
    /// The format named `code` (`html`, `xlsx`, `csv`, `pdf`), in any case.
    pub fn parse(code: &str) -> Option<Format> {
        match code.trim().to_ascii_lowercase().as_str() {
            "html" => Some(Format::Html),
            "xlsx" => Some(Format::Xlsx),
            "csv" => Some(Format::Csv),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }

    /// The file name's extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
            Format::Pdf => "pdf",
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Format::Html => "text/html; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Csv => "text/csv; charset=utf-8",
            Format::Pdf => "application/pdf",
        }
    }
}

/// A file made.
#[derive(Debug)]
pub struct Export {
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// Its format.
    pub format: Format,
    /// A name for it without the extension, in the reader's language (the cycle and the
    /// assessee or department).
    pub name: String,
    /// The same name in ASCII, for clients that take no other.
    pub ascii: String,
}

impl IntoResponse for Export {
    fn into_response(self) -> Response {
        let ext = self.format.extension();
        let disposition = format!(
            "attachment; filename=\"{}.{ext}\"; filename*=UTF-8''{}.{ext}",
            self.ascii,
            crate::pages::encode(&self.name)
        );
        let mut response = self.bytes.into_response();
        let headers = response.headers_mut();
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static(self.format.content_type()),
        );
        if let Ok(v) = HeaderValue::from_str(&disposition) {
            headers.insert(CONTENT_DISPOSITION, v);
        }
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}

/// `text` as part of a file name: characters file systems refuse replaced with `_`.
pub(crate) fn file_part(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect()
}

/// `text` with everything but ASCII letters, digits, `-` and `_` replaced with `_`.
fn ascii_part(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// A PDF that could not be made: a text the font cannot show is the data's problem (422,
/// naming the character and where it is); anything else is ours (500).
fn pdf_error(e: pdf::PdfError) -> ApiError {
    match e {
        pdf::PdfError::MissingGlyph { .. } => {
            ApiError::of(StatusCode::UNPROCESSABLE_ENTITY, None, e.message())
        }
        other => ApiError::internal(other),
    }
}

/// An individual report as a file in `lang`.
pub(crate) fn individual(
    report: &IndividualReport,
    lang: Lang,
    format: Format,
) -> Result<Export, ApiError> {
    let bytes = match format {
        Format::Html => crate::pages::report::standalone(report, lang)?.into_bytes(),
        Format::Xlsx => individual::book(report, lang)
            .xlsx()
            .map_err(ApiError::internal)?,
        Format::Csv => book::Book::csv(&individual::table(report, lang)),
        Format::Pdf => pdf::individual(report, lang).map_err(pdf_error)?,
    };
    Ok(Export {
        bytes,
        format,
        name: file_part(&t!(
            lang,
            "export.file.individual",
            cycle = report.cycle.name.as_str(),
            name = report.assessee.name.as_str()
        )),
        ascii: format!(
            "cycle-{}-report-{}",
            report.cycle.id,
            ascii_part(&report.assessee.id)
        ),
    })
}

/// The department or company report of cycle `id` for `query`, with every covered
/// assessee's report in full (the sheets by rater group, comments and ledger).
pub(crate) async fn company_data(
    store: &dyn Store,
    cache: Option<&ReportCache>,
    id: i64,
    query: &CompanyQuery,
) -> Result<(CompanyReport, Vec<IndividualReport>), ApiError> {
    let (data, covered) = load(store, id, query).await?;
    let cycle = store.cycle(id).await?;
    let scored = scored_in(store, cache, &cycle).await?;
    // Scoring every assessee takes a while in a large cycle: off the request threads.
    tokio::task::spawn_blocking(move || {
        let report = data
            .company_report(&covered.1, &covered.scope())
            .map_err(ApiError::internal)?;
        let people = people(&report, &scored.scored);
        Ok((report, people))
    })
    .await
    .map_err(ApiError::internal)?
}

/// The full reports of the assessees a company report covers, in its ranking's order.
fn people(
    report: &CompanyReport,
    scored: &yardstick_store::report::ScoredCycle,
) -> Vec<IndividualReport> {
    report
        .ranking
        .iter()
        .filter_map(|r| scored.report(&r.id, Vec::new(), View::Full))
        .collect()
}

/// A department or company report as a file in `lang`.
pub(crate) fn company(
    report: &CompanyReport,
    people: &[IndividualReport],
    lang: Lang,
    format: Format,
) -> Result<Export, ApiError> {
    let bytes = match format {
        Format::Html => crate::pages::company::standalone(report, lang)?.into_bytes(),
        Format::Xlsx => company::book(report, people, lang)
            .xlsx()
            .map_err(ApiError::internal)?,
        Format::Csv => book::Book::csv(&company::table(report, people, lang)),
        Format::Pdf => pdf::company(report, lang).map_err(pdf_error)?,
    };
    let (name, ascii) = match &report.department {
        Some(d) => (
            t!(
                lang,
                "export.file.department",
                cycle = report.cycle.name.as_str(),
                department = d.as_str()
            ),
            format!("cycle-{}-department", report.cycle.id),
        ),
        None => (
            t!(
                lang,
                "export.file.company",
                cycle = report.cycle.name.as_str()
            ),
            format!("cycle-{}-company", report.cycle.id),
        ),
    };
    Ok(Export {
        bytes,
        format,
        name: file_part(&name),
        ascii,
    })
}

/// Which report `yardstick report` makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// One assessee's report.
    Individual,
    /// One department's report.
    Department,
    /// The whole cycle's report.
    Company,
}

/// What `yardstick report` asks for.
#[derive(Clone, Debug)]
pub struct Request {
    /// Which report.
    pub kind: Kind,
    /// The cycle.
    pub cycle: i64,
    /// The assessee (individual reports).
    pub assessee: Option<String>,
    /// The department (department reports).
    pub department: Option<String>,
    /// A target distribution such as `20,70,10` (department and company reports).
    pub target: Option<String>,
    /// The file format.
    pub format: Format,
    /// An individual report as the assessee and their managers read it, instead of HR's.
    pub restricted: bool,
}

/// A report as a file, for the command line (which has the database itself, so reads as
/// HR): the messages of a refusal in `lang`, one per line.
pub async fn export(store: &dyn Store, request: &Request, lang: Lang) -> Result<Export, String> {
    let made = match request.kind {
        Kind::Individual => {
            let assessee = request.assessee.as_deref().unwrap_or_default();
            let view = if request.restricted {
                View::Restricted
            } else {
                View::Full
            };
            match crate::reports::report_in(store, request.cycle, assessee, view).await {
                Ok(report) => individual(&report, lang, request.format),
                Err(e) => Err(e),
            }
        }
        Kind::Department | Kind::Company => {
            let query = CompanyQuery {
                department: match request.kind {
                    Kind::Department => request.department.clone(),
                    _ => None,
                },
                target: request.target.clone(),
            };
            match company_data(store, None, request.cycle, &query).await {
                Ok((report, people)) => company(&report, &people, lang, request.format),
                Err(e) => Err(e),
            }
        }
    };
    made.map_err(|e| {
        e.problems()
            .iter()
            .map(|p| p.text(lang))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// Records in the audit log that `user` downloads a file of personal data (`action`, one of
/// `download.results`, `download.company`, `download.report`) of `cycle`, described by
/// `subject`. The file is only sent once this is recorded: a download the log cannot show
/// is refused (the error of the store, a full disk included), for personal data must not
/// leave without a trace.
pub(crate) async fn record_download(
    state: &crate::state::AppState,
    user: &yardstick_store::User,
    action: &str,
    cycle: i64,
    subject: &str,
) -> Result<(), ApiError> {
    state
        .store
        .record_audit(yardstick_store::NewAuditLine {
            by: Some(user),
            action,
            cycle: Some(cycle),
            subject: Some(subject),
        })
        .await?;
    Ok(())
}
