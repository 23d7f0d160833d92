//! Uploading a People file in the console, in two steps, and nothing stored before the
//! second. Both are multipart forms posted to `/hr/people` (a path of its own under
//! `/hr/people/` could be a person's id):
//!
//! 1. The upload form sends the file (`file`): it is checked and a preview shown — every
//!    problem by row and column, the file's own and those of the org chart it makes with
//!    the people stored (unknown superiors, reporting loops), all listed — or, for a sound
//!    file, who is added and what changes for whom, with a button to import.
//! 2. The preview's form sends the file back (`content`, base64 in a hidden field, with
//!    `basis`, a fingerprint of what the preview showed). It is checked again from scratch,
//!    so nothing in the form can get past the checks, and the import checks the org chart
//!    once more in its transaction. When the people stored changed since the preview
//!    (another import, an edit), the new preview is shown instead, to be confirmed again.
//!    After the import, `/hr/people` says what was done.

use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::Response;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use yardstick_core::bounds::TextRule;
use yardstick_formats::people::{PersonRow, parse_people};
use yardstick_formats::problem::{FileProblem, Problems};
use yardstick_i18n::{Key, k, t};
use yardstick_store::{ImportPreview, PersonField, StoreError};

use super::login::see_other;
use super::people::{check_csrf, console_layout, person_href, unreadable};
use super::{Layout, PageError, Visit, html};
use crate::auth::{HrVisitor, Visitor};
use crate::state::AppState;

/// The largest People file the console takes, in MB: its copy in the confirmation form
/// (base64, a third larger) must stay within the server's body limit. Larger files go
/// through `yardstick people import` or the API.
pub(super) const MAX_UPLOAD_MB: usize = 10;
const MAX_UPLOAD: usize = MAX_UPLOAD_MB * 1024 * 1024;

/// One problem of the file, where it is and what is wrong.
struct ProblemLine {
    row: String,
    column: String,
    text: String,
}

/// A person the file adds.
struct Added {
    id: String,
    name: String,
    department: String,
    title: String,
    superior: String,
}

/// A person whose record the file changes: each field that changes, from and to.
struct Updated {
    id: String,
    name: String,
    href: String,
    changes: Vec<(Key, String, String)>,
}

/// The preview of an upload.
#[derive(Template)]
#[template(path = "hr/people_preview.html")]
struct PreviewPage {
    layout: Layout,
    file_name: String,
    /// A word before the rest: the file changed nothing yet, or the people changed since.
    notice: Option<&'static str>,
    problems: Vec<ProblemLine>,
    /// How many problems there are (the list may stop early only for a file that cannot
    /// be read as a table at all).
    total: usize,
    added: Vec<Added>,
    updated: Vec<Updated>,
    unchanged: usize,
    /// The confirmation form's hidden fields.
    content: String,
    basis: String,
}

/// What checking a file found.
enum Review {
    /// Problems: nothing can be imported.
    Problems(Vec<FileProblem>, usize),
    /// A sound file: what importing it would do, and its rows.
    Clean(ImportPreview, Vec<PersonRow>),
}

/// Checks a People file against the people stored, storing nothing.
async fn review(state: &AppState, bytes: Vec<u8>) -> Result<Review, PageError> {
    // Reading a large workbook takes a while: off the request threads.
    let parsed = tokio::task::spawn_blocking(move || parse_people(&bytes))
        .await
        .map_err(crate::error::ApiError::internal)?;
    let file = match parsed {
        Ok(file) => file,
        Err(problems) => return Ok(problems_of(problems)),
    };
    if !file.is_sound() {
        let known: Vec<(String, Option<String>)> = state
            .store
            .people()
            .await?
            .into_iter()
            .map(|p| (p.id, p.superior))
            .collect();
        let all = file.all_problems(&known);
        let total = all.len();
        return Ok(Review::Problems(all, total));
    }
    let rows = file.rows;
    let preview = state.store.check_people(rows.clone()).await?;
    if preview.is_clean() {
        Ok(Review::Clean(preview, rows))
    } else {
        let total = preview.problems.len();
        Ok(Review::Problems(preview.problems, total))
    }
}

fn problems_of(problems: Problems) -> Review {
    Review::Problems(problems.listed, problems.total)
}

/// A fingerprint of what an import would do: the confirmation goes ahead only when it is
/// still what the preview showed.
fn basis(preview: &ImportPreview) -> String {
    let digest = Sha256::digest(format!("{:?}\u{0}{:?}", preview.added, preview.updated));
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The words of a field of the People file.
fn field_key(field: PersonField) -> Key {
    match field {
        PersonField::Name => k!("hr.people.name"),
        PersonField::Department => k!("hr.people.department"),
        PersonField::Title => k!("hr.people.job_title"),
        PersonField::Superior => k!("hr.people.superior"),
        PersonField::Email => k!("hr.people.email"),
        PersonField::Phone => k!("hr.people.phone"),
    }
}

/// The preview page of a file named `file_name` with `content`, as `review` found it.
fn preview_page(
    state: &AppState,
    visit: &Visit,
    visitor: &Visitor,
    file_name: &str,
    content: &[u8],
    review: Review,
) -> (StatusCode, PreviewPage) {
    let lang = visit.lang;
    let title = t!(lang, "hr.people.preview_title");
    let mut page = PreviewPage {
        layout: console_layout(state, visit, visitor, title, "/hr/people"),
        file_name: file_name.to_string(),
        notice: None,
        problems: Vec::new(),
        total: 0,
        added: Vec::new(),
        updated: Vec::new(),
        unchanged: 0,
        content: String::new(),
        basis: String::new(),
    };
    match review {
        Review::Problems(problems, total) => {
            page.total = total;
            page.problems = problems
                .iter()
                .map(|p| ProblemLine {
                    row: p.row.map(|r| r.to_string()).unwrap_or_default(),
                    column: p
                        .column
                        .as_ref()
                        .map(|c| format!("{} \"{}\"", c.letter(), c.header))
                        .unwrap_or_default(),
                    text: p.what().render(lang),
                })
                .collect();
            (StatusCode::UNPROCESSABLE_ENTITY, page)
        }
        Review::Clean(preview, _) => {
            page.basis = basis(&preview);
            page.content = URL_SAFE_NO_PAD.encode(content);
            page.added = preview
                .added
                .iter()
                .map(|r| Added {
                    id: r.id.clone(),
                    name: r.name.clone(),
                    department: r.department.clone(),
                    title: r.title.clone(),
                    superior: r.superior.clone().unwrap_or_default(),
                })
                .collect();
            for (before, after) in &preview.updated {
                let changes: Vec<(Key, String, String)> = before
                    .changes(after)
                    .into_iter()
                    .map(|(f, old, new)| (field_key(f), old.to_string(), new.to_string()))
                    .collect();
                if changes.is_empty() {
                    page.unchanged += 1;
                } else {
                    page.updated.push(Updated {
                        id: after.id.clone(),
                        name: after.name.clone(),
                        href: person_href(&after.id),
                        changes,
                    });
                }
            }
            (StatusCode::OK, page)
        }
    }
}

/// A file name to show: one short line, or nothing.
fn shown_name(name: Option<&str>) -> String {
    name.and_then(|n| TextRule::LINE.check(n).ok())
        .unwrap_or_default()
        .to_string()
}

/// What a multipart form of this page sent.
#[derive(Default)]
struct Sent {
    csrf: Option<String>,
    /// The upload form's file: its name and bytes.
    file: Option<(String, Vec<u8>)>,
    /// The confirmation form's copy of the file, its name and the preview's fingerprint.
    content: Option<String>,
    name: String,
    basis: String,
}

async fn read_sent(mut multipart: Multipart) -> Result<Sent, PageError> {
    let mut sent = Sent::default();
    let failed = |e: axum::extract::multipart::MultipartError| unreadable(e.status());
    while let Some(field) = multipart.next_field().await.map_err(failed)? {
        let name = field.name().unwrap_or_default().to_string();
        match name.as_str() {
            "file" => {
                let file_name = shown_name(field.file_name());
                let bytes = field.bytes().await.map_err(failed)?;
                sent.file = Some((file_name, bytes.to_vec()));
            }
            "csrf" => sent.csrf = Some(field.text().await.map_err(failed)?),
            "content" => sent.content = Some(field.text().await.map_err(failed)?),
            "name" => sent.name = shown_name(Some(&field.text().await.map_err(failed)?)),
            "basis" => sent.basis = field.text().await.map_err(failed)?,
            _ => {}
        }
    }
    Ok(sent)
}

/// `POST /hr/people`: the preview of an uploaded file, or the import of a previewed one.
pub(super) async fn post(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    let multipart = multipart.map_err(|r| unreadable(r.status()))?;
    let sent = read_sent(multipart).await?;
    check_csrf(&state, &visitor, sent.csrf.as_deref())?;
    match sent.content {
        Some(content) => confirm(&state, &visit, &visitor, &sent.name, &content, &sent.basis).await,
        None => {
            let (name, bytes) = sent.file.unwrap_or_default();
            preview(&state, &visit, &visitor, &name, bytes).await
        }
    }
}

/// The preview of an uploaded file.
async fn preview(
    state: &AppState,
    visit: &Visit,
    visitor: &Visitor,
    name: &str,
    bytes: Vec<u8>,
) -> Result<Response, PageError> {
    let refusal = if bytes.is_empty() {
        Some(t!(visit.lang, "hr.people.no_file").to_string())
    } else if bytes.len() > MAX_UPLOAD {
        Some(t!(visit.lang, "hr.people.too_large", max = MAX_UPLOAD_MB))
    } else {
        None
    };
    if let Some(text) = refusal {
        let review = problems_of(Problems::default());
        let (_, mut page) = preview_page(state, visit, visitor, name, &[], review);
        page.total = 1;
        page.problems = vec![ProblemLine {
            row: String::new(),
            column: String::new(),
            text,
        }];
        return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, &page));
    }
    let found = review(state, bytes.clone()).await?;
    let (status, page) = preview_page(state, visit, visitor, name, &bytes, found);
    Ok(html(status, &page))
}

/// The import of a previewed file: checked again, then imported, or the preview again
/// (with its problems, or with what changed since).
async fn confirm(
    state: &AppState,
    visit: &Visit,
    visitor: &Visitor,
    name: &str,
    content: &str,
    given_basis: &str,
) -> Result<Response, PageError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(content.trim())
        .ok()
        .filter(|b| !b.is_empty() && b.len() <= MAX_UPLOAD)
        .ok_or_else(|| unreadable(StatusCode::BAD_REQUEST))?;
    let rows = match review(state, bytes.clone()).await? {
        Review::Clean(preview, rows) if basis(&preview) == given_basis => rows,
        Review::Clean(preview, rows) => {
            let review = Review::Clean(preview, rows);
            let (_, mut page) = preview_page(state, visit, visitor, name, &bytes, review);
            page.notice = Some(t!(visit.lang, "hr.people.changed_since"));
            return Ok(html(StatusCode::CONFLICT, &page));
        }
        problems => {
            let (status, page) = preview_page(state, visit, visitor, name, &bytes, problems);
            return Ok(html(status, &page));
        }
    };
    match state.store.import_people_by(rows, &visitor.user).await {
        Ok(outcome) => Ok(see_other(&format!(
            "/hr/people?imported={}&updated={}",
            outcome.imported, outcome.updated
        ))),
        // The org chart changed between the check and the import's own.
        Err(StoreError::File(problems)) => {
            let review = problems_of(problems);
            let (status, page) = preview_page(state, visit, visitor, name, &bytes, review);
            Ok(html(status, &page))
        }
        Err(e) => Err(e.into()),
    }
}

impl PreviewPage {
    /// Whether the file can be imported.
    fn clean(&self) -> bool {
        self.problems.is_empty()
    }

    /// How many problems are not listed.
    fn more(&self) -> usize {
        self.total.saturating_sub(self.problems.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_shown_only_when_they_are_one_short_line() {
        assert_eq!(shown_name(Some(" people.csv ")), "people.csv");
        assert_eq!(shown_name(Some("a\u{1b}b.csv")), "");
        assert_eq!(shown_name(None), "");
    }

    #[test]
    fn the_confirmation_basis_follows_what_the_import_would_do() {
        let empty = ImportPreview {
            added: Vec::new(),
            updated: Vec::new(),
            problems: Vec::new(),
        };
        let mut one = empty.clone();
        one.added.push(PersonRow {
            row: 2,
            id: "P1".into(),
            name: "王".into(),
            department: String::new(),
            title: String::new(),
            superior: None,
            email: None,
            phone: None,
        });
        assert_eq!(basis(&empty), basis(&empty.clone()));
        assert_ne!(basis(&empty), basis(&one));
        assert_eq!(basis(&one).len(), 64);
    }
}
