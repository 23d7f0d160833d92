//! The console's people pages: `/hr/people` — everybody in a table, the org chart as a tree
//! (each person under their superior, those without one at the top) and the form that
//! uploads a People file (see [`super::people_import`]) — and `/hr/people/{id}`, one
//! person's record, checked as the API checks it.

use std::collections::{HashMap, HashSet};

use askama::Template;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use yardstick_i18n::{k, msg, t};
use yardstick_store::{Person, PersonEdit, StoreError};

use super::login::see_other;
use super::people_import::MAX_UPLOAD_MB;
use super::{Frame, Layout, PageError, Visit, console_nav, encode, html};
use crate::auth::{HrVisitor, Visitor};
use crate::csrf;
use crate::state::AppState;

/// The layout of a console page: the visitor, the CSRF token of their session and the
/// navigation with `current` marked.
pub(super) fn console_layout(
    state: &AppState,
    visit: &Visit,
    visitor: &Visitor,
    title: impl Into<String>,
    current: &str,
) -> Layout {
    let mut layout = visit.layout(title, Frame::Console);
    layout.user = Some(visitor.user.username.clone());
    layout.csrf = visitor.csrf(state);
    layout.nav = console_nav(current);
    layout
}

/// Refuses a console form whose CSRF token is not the session's (403, nothing changes).
pub(super) fn check_csrf(
    state: &AppState,
    visitor: &Visitor,
    given: Option<&str>,
) -> Result<(), PageError> {
    if csrf::matches(&visitor.csrf(state), given) {
        Ok(())
    } else {
        Err(PageError::new(StatusCode::FORBIDDEN, msg!("page.csrf")))
    }
}

/// A form that could not be read (413 when too large, else 400).
pub(super) fn unreadable(status: StatusCode) -> PageError {
    PageError::new(status, msg!("hr.people.unreadable"))
}

/// The address of a person's page.
pub(super) fn person_href(id: &str) -> String {
    format!("/hr/people/{}", encode(id))
}

/// One person in the table.
struct PersonLine {
    id: String,
    name: String,
    department: String,
    title: String,
    superior: String,
    superior_name: String,
    email: String,
    phone: String,
    href: String,
}

/// One person in the org chart, in the order of a walk down from the top. The template
/// opens a nested list after a person with people below them, and closes `closes` lists
/// after a person without (those whose last person this is).
struct TreeNode {
    id: String,
    name: String,
    department: String,
    title: String,
    href: String,
    has_children: bool,
    closes: usize,
}

/// The org chart as a walk: each person after their superior, those without one (or whose
/// superior is unknown) at the top, in the order of the people list.
fn org_tree(people: &[Person]) -> Vec<TreeNode> {
    let ids: HashSet<&str> = people.iter().map(|p| p.id.as_str()).collect();
    let mut below: HashMap<&str, Vec<&Person>> = HashMap::new();
    let mut top = Vec::new();
    for p in people {
        match p
            .superior
            .as_deref()
            .filter(|s| ids.contains(s) && *s != p.id)
        {
            Some(s) => below.entry(s).or_default().push(p),
            None => top.push(p),
        }
    }
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    // Depth first, without recursion: (person, lists that end after their subtree).
    let mut stack: Vec<(&Person, usize)> = top.iter().rev().map(|p| (*p, 0)).collect();
    loop {
        while let Some((p, trailing)) = stack.pop() {
            if !seen.insert(p.id.as_str()) {
                continue;
            }
            let children: Vec<&Person> = below
                .get(p.id.as_str())
                .map(|c| {
                    c.iter()
                        .copied()
                        .filter(|c| !seen.contains(c.id.as_str()))
                        .collect()
                })
                .unwrap_or_default();
            out.push(TreeNode {
                id: p.id.clone(),
                name: p.name.clone(),
                department: p.department.clone(),
                title: p.title.clone(),
                href: person_href(&p.id),
                has_children: !children.is_empty(),
                closes: if children.is_empty() { trailing } else { 0 },
            });
            let last = children.len().saturating_sub(1);
            for (i, c) in children.into_iter().enumerate().rev() {
                stack.push((c, if i == last { trailing + 1 } else { 0 }));
            }
        }
        // People in no walk from the top (a loop stored before loops were refused) still
        // show, at the top.
        match people.iter().find(|p| !seen.contains(p.id.as_str())) {
            Some(p) => stack.push((p, 0)),
            None => break,
        }
    }
    out
}

/// `/hr/people`.
#[derive(Template)]
#[template(path = "hr/people.html")]
struct PeoplePage {
    layout: Layout,
    done: Option<String>,
    people: Vec<PersonLine>,
    tree: Vec<TreeNode>,
    max_mb: usize,
}

/// What the page after a change says.
#[derive(Deserialize, Default)]
pub(super) struct Done {
    imported: Option<u64>,
    updated: Option<u64>,
    saved: Option<String>,
    /// The pseudonym of the person just erased.
    erased: Option<String>,
}

/// `GET /hr/people`: everybody, the org chart, the upload form.
pub(super) async fn list(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    done: Result<Query<Done>, QueryRejection>,
) -> Result<Response, PageError> {
    let lang = visit.lang;
    let people = state.store.people().await?;
    let done = done.map(|Query(d)| d).unwrap_or_default();
    let names: HashMap<&str, &str> = people
        .iter()
        .map(|p| (p.id.as_str(), p.name.as_str()))
        .collect();
    let erased = done
        .erased
        .as_deref()
        .map(|p| t!(lang, "erasure.page.done", pseudonym = p));
    let done = match (done.imported, done.updated, done.saved) {
        (Some(imported), Some(updated), _) => Some(t!(
            lang,
            "hr.people.imported",
            imported = imported,
            updated = updated
        )),
        (_, _, Some(id)) => names
            .get(id.as_str())
            .map(|name| t!(lang, "hr.people.saved", name = *name, id = &id)),
        _ => erased,
    };
    let lines = people
        .iter()
        .map(|p| {
            let superior = p.superior.clone().unwrap_or_default();
            PersonLine {
                superior_name: names
                    .get(superior.as_str())
                    .map(|n| (*n).to_string())
                    .unwrap_or_default(),
                superior,
                id: p.id.clone(),
                name: p.name.clone(),
                department: p.department.clone(),
                title: p.title.clone(),
                email: p.email.clone().unwrap_or_default(),
                phone: p.phone.clone().unwrap_or_default(),
                href: person_href(&p.id),
            }
        })
        .collect();
    let page = PeoplePage {
        layout: console_layout(
            &state,
            &visit,
            &visitor,
            t!(lang, "hr.people.title"),
            "/hr/people",
        ),
        done,
        tree: org_tree(&people),
        people: lines,
        max_mb: MAX_UPLOAD_MB,
    };
    Ok(html(StatusCode::OK, &page))
}

/// A choice of superior.
struct Choice {
    id: String,
    label: String,
    selected: bool,
}

/// `/hr/people/{id}`.
#[derive(Template)]
#[template(path = "hr/person.html")]
struct PersonPage {
    layout: Layout,
    action: String,
    id: String,
    values: PersonForm,
    superiors: Vec<Choice>,
    problems: HashMap<String, String>,
    problem: Option<String>,
}

impl PersonPage {
    /// The problem of a field, if any.
    fn problem_of(&self, field: &str) -> Option<&str> {
        self.problems.get(field).map(String::as_str)
    }
}

/// The edit form's fields.
#[derive(Deserialize, Default, Clone)]
pub(crate) struct PersonForm {
    csrf: Option<String>,
    #[serde(default)]
    name: String,
    #[serde(default)]
    department: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    superior: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
}

impl PersonForm {
    /// The record to store, as typed (blank optional fields none; the store checks it).
    pub(crate) fn edit(&self) -> PersonEdit {
        let optional = |v: &str| Some(v.to_string()).filter(|v| !v.trim().is_empty());
        PersonEdit {
            name: self.name.clone(),
            department: self.department.clone(),
            title: self.title.clone(),
            superior: optional(&self.superior),
            email: optional(&self.email),
            phone: optional(&self.phone),
        }
    }
}

/// Those who may be `id`'s superior: everybody but the person and the people below them.
fn superior_choices(people: &[Person], id: &str, chosen: &str) -> Vec<Choice> {
    let mut below: HashSet<&str> = HashSet::from([id]);
    // Grow the set until nobody more reports into it (the chart has no loops).
    loop {
        let more: Vec<&str> = people
            .iter()
            .filter(|p| !below.contains(p.id.as_str()))
            .filter(|p| p.superior.as_deref().is_some_and(|s| below.contains(s)))
            .map(|p| p.id.as_str())
            .collect();
        if more.is_empty() {
            break;
        }
        below.extend(more);
    }
    people
        .iter()
        .filter(|p| !below.contains(p.id.as_str()) || p.id == chosen && p.id != id)
        .map(|p| Choice {
            id: p.id.clone(),
            label: format!("{} {} · {} {}", p.id, p.name, p.department, p.title),
            selected: p.id == chosen,
        })
        .collect()
}

/// The page of `id` with `values` in its fields.
async fn person_page(
    state: &AppState,
    visit: &Visit,
    visitor: &Visitor,
    id: &str,
    values: Option<PersonForm>,
) -> Result<PersonPage, PageError> {
    let people = state.store.people().await?;
    let Some(person) = people.iter().find(|p| p.id == id) else {
        return Err(
            PageError::new(StatusCode::NOT_FOUND, msg!("store.not_found.person"))
                .back("/hr/people", k!("hr.people.back")),
        );
    };
    let values = values.unwrap_or_else(|| PersonForm {
        csrf: None,
        name: person.name.clone(),
        department: person.department.clone(),
        title: person.title.clone(),
        superior: person.superior.clone().unwrap_or_default(),
        email: person.email.clone().unwrap_or_default(),
        phone: person.phone.clone().unwrap_or_default(),
    });
    let title = t!(visit.lang, "hr.people.edit_title", name = &person.name);
    Ok(PersonPage {
        layout: console_layout(state, visit, visitor, title, "/hr/people"),
        action: person_href(id),
        id: id.to_string(),
        superiors: superior_choices(&people, id, &values.superior),
        values,
        problems: HashMap::new(),
        problem: None,
    })
}

/// `GET /hr/people/{id}`: the form with the person's record.
pub(super) async fn form(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let page = person_page(&state, &visit, &visitor, &id, None).await?;
    Ok(html(StatusCode::OK, &page))
}

/// `POST /hr/people/{id}`: stores the record and goes back to the list, or shows the form
/// again with every problem next to its field and the values as typed.
pub(super) async fn save(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    Path(id): Path<String>,
    form: Result<Form<PersonForm>, FormRejection>,
) -> Result<Response, PageError> {
    let Form(form) = form.map_err(|r| unreadable(r.status()))?;
    check_csrf(&state, &visitor, form.csrf.as_deref())?;
    let edit = form.edit();
    match state
        .store
        .update_person(&id, edit, Some(&visitor.user))
        .await
    {
        Ok(_) => Ok(see_other(&format!("/hr/people?saved={}", encode(&id)))),
        Err(StoreError::Invalid(problems)) => {
            let mut page = person_page(&state, &visit, &visitor, &id, Some(form)).await?;
            for p in problems {
                let text = p.message.render(visit.lang);
                match p.field {
                    Some(field) => {
                        page.problems.insert(field, text);
                    }
                    None => page.problem = Some(text),
                }
            }
            Ok(html(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(StoreError::NotFound(_)) => Err(PageError::new(
            StatusCode::NOT_FOUND,
            msg!("store.not_found.person"),
        )
        .back("/hr/people", k!("hr.people.back"))),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: &str, superior: Option<&str>) -> Person {
        Person {
            id: id.into(),
            name: id.into(),
            department: String::new(),
            title: String::new(),
            superior: superior.map(str::to_string),
            email: None,
            phone: None,
        }
    }

    #[test]
    fn the_tree_puts_everybody_under_their_superior_and_closes_each_list_once() {
        // a ← b ← c, a ← d; e alone.
        let people = [
            person("a", None),
            person("b", Some("a")),
            person("c", Some("b")),
            person("d", Some("a")),
            person("e", None),
        ];
        let tree = org_tree(&people);
        let walk: Vec<(&str, bool, usize)> = tree
            .iter()
            .map(|n| (n.id.as_str(), n.has_children, n.closes))
            .collect();
        assert_eq!(
            walk,
            [
                ("a", true, 0),
                ("b", true, 0),
                ("c", false, 1),
                ("d", false, 1),
                ("e", false, 0)
            ]
        );
        // Opened lists are all closed: one per person with people below them.
        let opened = walk.iter().filter(|w| w.1).count();
        let closed: usize = walk.iter().map(|w| w.2).sum();
        assert_eq!(opened, closed);
    }

    #[test]
    fn people_in_a_loop_still_show() {
        let people = [person("a", Some("b")), person("b", Some("a"))];
        let ids: Vec<String> = org_tree(&people).into_iter().map(|n| n.id).collect();
        assert_eq!(ids, ["a", "b"]);
    }

    #[test]
    fn nobody_below_a_person_is_offered_as_their_superior() {
        let people = [
            person("a", None),
            person("b", Some("a")),
            person("c", Some("b")),
            person("d", None),
        ];
        let offered: Vec<String> = superior_choices(&people, "b", "a")
            .into_iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(offered, ["a", "d"]);
    }
}
