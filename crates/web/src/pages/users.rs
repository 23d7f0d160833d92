//! The console's user pages: `/hr/users` — every user with their role and person, the form
//! that creates one, and the latest changes to accounts and people from the audit log — and
//! `/hr/users/{id}`, where HR changes a user's role or person, or sets a new password
//! (which ends that user's sessions). Administrators' accounts are for administrators
//! ([`may_manage`]).

use std::collections::HashMap;

use askama::Template;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use yardstick_i18n::{Key, k, msg, t};
use yardstick_store::{AuditEntry, Person, Role, StoreError, User, UserChange};

use super::login::see_other;
use super::people::{check_csrf, console_layout, unreadable};
use super::{Layout, PageError, Visit, html};
use crate::api::users::may_manage;
use crate::auth::{HrVisitor, Visitor};
use crate::state::AppState;

/// The most lines of the audit log the page shows.
const RECENT: u32 = 20;

/// The words of a role.
fn role_key(role: Role) -> Key {
    match role {
        Role::Admin => k!("hr.users.role_admin"),
        Role::Hr => k!("hr.users.role_hr"),
        Role::Manager => k!("hr.users.role_manager"),
        Role::Employee => k!("hr.users.role_employee"),
    }
}

/// A time of the audit log (Unix milliseconds) as `YYYY-MM-DD HH:MM` UTC.
fn utc(ms: i64) -> String {
    let c = crate::clock::civil(ms, 0);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        c.year, c.month, c.day, c.hour, c.minute
    )
}

/// A role to choose.
struct RoleChoice {
    code: &'static str,
    label: &'static str,
    selected: bool,
}

/// The roles `actor` may give, `chosen` selected.
fn role_choices(actor: &User, chosen: &str, lang: yardstick_core::Lang) -> Vec<RoleChoice> {
    Role::ALL
        .into_iter()
        .filter(|r| may_manage(actor, &[*r]))
        .map(|r| RoleChoice {
            code: r.code(),
            label: role_key(r).text(lang),
            selected: r.code() == chosen,
        })
        .collect()
}

/// A person to link.
struct PersonChoice {
    id: String,
    label: String,
    selected: bool,
}

fn person_choices(people: &[Person], chosen: &str) -> Vec<PersonChoice> {
    people
        .iter()
        .map(|p| PersonChoice {
            id: p.id.clone(),
            label: format!("{} {} · {}", p.id, p.name, p.department),
            selected: p.id == chosen,
        })
        .collect()
}

/// One user in the table.
struct UserLine {
    id: i64,
    username: String,
    role: &'static str,
    person: String,
    href: Option<String>,
}

/// One line of the audit log.
struct LogLine {
    at: String,
    user: String,
    action: String,
    subject: String,
}

/// The create form's values as typed (never the passwords).
#[derive(Deserialize, Default)]
pub(super) struct NewUserForm {
    csrf: Option<String>,
    #[serde(default)]
    username: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    person: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    repeat: String,
}

/// `/hr/users`.
#[derive(Template)]
#[template(path = "hr/users.html")]
struct UsersPage {
    layout: Layout,
    done: Option<String>,
    users: Vec<UserLine>,
    username: String,
    roles: Vec<RoleChoice>,
    people: Vec<PersonChoice>,
    problems: HashMap<String, String>,
    log: Vec<LogLine>,
}

impl UsersPage {
    fn problem_of(&self, field: &str) -> Option<&str> {
        self.problems.get(field).map(String::as_str)
    }
}

/// What the page after a change says.
#[derive(Deserialize, Default)]
pub(super) struct Done {
    created: Option<i64>,
    saved: Option<i64>,
    reset: Option<i64>,
}

/// The users page with `form`'s values in the create form.
async fn users_page(
    state: &AppState,
    visit: &Visit,
    visitor: &Visitor,
    form: &NewUserForm,
) -> Result<UsersPage, PageError> {
    let lang = visit.lang;
    let users = state.store.users().await?;
    let people = state.store.people().await?;
    let names: HashMap<&str, &str> = people
        .iter()
        .map(|p| (p.id.as_str(), p.name.as_str()))
        .collect();
    let log = state.store.account_audit(RECENT).await?;
    let chosen_role = if form.role.is_empty() {
        Role::Employee.code()
    } else {
        form.role.as_str()
    };
    Ok(UsersPage {
        layout: console_layout(
            state,
            visit,
            visitor,
            t!(lang, "hr.users.title"),
            "/hr/users",
        ),
        done: None,
        users: users
            .iter()
            .map(|u| UserLine {
                id: u.id,
                username: u.username.clone(),
                role: role_key(u.role).text(lang),
                person: u
                    .person_id
                    .as_deref()
                    .map(|p| format!("{p} {}", names.get(p).copied().unwrap_or_default()))
                    .unwrap_or_default(),
                href: may_manage(&visitor.user, &[u.role]).then(|| format!("/hr/users/{}", u.id)),
            })
            .collect(),
        username: form.username.clone(),
        roles: role_choices(&visitor.user, chosen_role, lang),
        people: person_choices(&people, &form.person),
        problems: HashMap::new(),
        log: log.iter().map(|e| log_line(e, lang)).collect(),
    })
}

fn log_line(e: &AuditEntry, lang: yardstick_core::Lang) -> LogLine {
    LogLine {
        at: utc(e.at),
        user: e.user.clone().unwrap_or_default(),
        action: super::audit::action_words(&e.action)
            .map_or_else(|| e.action.clone(), |k| k.text(lang).to_string()),
        subject: e.subject.clone().unwrap_or_default(),
    }
}

/// `GET /hr/users`: the users, the create form, the latest changes.
pub(super) async fn list(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    done: Result<Query<Done>, QueryRejection>,
) -> Result<Response, PageError> {
    let mut page = users_page(&state, &visit, &visitor, &NewUserForm::default()).await?;
    let done = done.map(|Query(d)| d).unwrap_or_default();
    let lang = visit.lang;
    let name_of = |id: i64| {
        page.users
            .iter()
            .find(|u| u.id == id)
            .map(|u| u.username.clone())
    };
    page.done = match (done.created, done.saved, done.reset) {
        (Some(id), _, _) => name_of(id).map(|n| t!(lang, "hr.users.created", name = &n)),
        (_, Some(id), _) => name_of(id).map(|n| t!(lang, "hr.users.saved", name = &n)),
        (_, _, Some(id)) => name_of(id).map(|n| t!(lang, "hr.users.reset", name = &n)),
        _ => None,
    };
    Ok(html(StatusCode::OK, &page))
}

/// Each problem of a store error by its field, or the error as a page when it is not about
/// fields.
fn field_problems(
    error: StoreError,
    lang: yardstick_core::Lang,
) -> Result<HashMap<String, String>, PageError> {
    match error {
        StoreError::Invalid(problems) => Ok(problems
            .into_iter()
            .map(|p| (p.field.unwrap_or_default(), p.message.render(lang)))
            .collect()),
        StoreError::Conflict(conflict) => Ok(HashMap::from([(
            "username".to_string(),
            conflict.message().render(lang),
        )])),
        other => Err(other.into()),
    }
}

/// `POST /hr/users`: creates the user, or shows the form again with every problem.
pub(super) async fn create(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    form: Result<Form<NewUserForm>, FormRejection>,
) -> Result<Response, PageError> {
    let Form(form) = form.map_err(|r| unreadable(r.status()))?;
    check_csrf(&state, &visitor, form.csrf.as_deref())?;
    let lang = visit.lang;
    let mut problems = HashMap::new();
    let role = Role::parse(&form.role);
    if role.is_none() {
        problems.insert(
            "role".to_string(),
            msg!("hr.users.bad_role", value = &form.role).render(lang),
        );
    }
    if form.password != form.repeat {
        problems.insert(
            "repeat".to_string(),
            t!(lang, "hr.users.mismatch").to_string(),
        );
    }
    if let Some(role) = role
        && problems.is_empty()
    {
        if !may_manage(&visitor.user, &[role]) {
            return Err(PageError::new(
                StatusCode::FORBIDDEN,
                msg!("hr.users.admin_only"),
            ));
        }
        let person = Some(form.person.as_str()).filter(|p| !p.trim().is_empty());
        match state
            .store
            .create_user(&form.username, &form.password, role, person, &visitor.user)
            .await
        {
            Ok(user) => return Ok(see_other(&format!("/hr/users?created={}", user.id))),
            Err(e) => problems = field_problems(e, lang)?,
        }
    }
    let mut page = users_page(&state, &visit, &visitor, &form).await?;
    page.problems = problems;
    Ok(html(StatusCode::UNPROCESSABLE_ENTITY, &page))
}

/// `/hr/users/{id}`.
#[derive(Template)]
#[template(path = "hr/user.html")]
struct UserPage {
    layout: Layout,
    id: i64,
    roles: Vec<RoleChoice>,
    people: Vec<PersonChoice>,
    problems: HashMap<String, String>,
}

impl UserPage {
    fn problem_of(&self, field: &str) -> Option<&str> {
        self.problems.get(field).map(String::as_str)
    }
}

/// The user of a path id whom the visitor may manage, or the page that says why not (an
/// id that is not a number names nobody: 404).
async fn managed(state: &AppState, visitor: &Visitor, id: &str) -> Result<User, PageError> {
    let not_found = || {
        PageError::new(StatusCode::NOT_FOUND, msg!("store.not_found.user"))
            .back("/hr/users", k!("hr.users.back"))
    };
    let id: i64 = id.parse().map_err(|_| not_found())?;
    let user = match state.store.user(id).await {
        Ok(user) => user,
        Err(StoreError::NotFound(_)) => return Err(not_found()),
        Err(e) => return Err(e.into()),
    };
    if !may_manage(&visitor.user, &[user.role]) {
        return Err(
            PageError::new(StatusCode::FORBIDDEN, msg!("hr.users.admin_only"))
                .back("/hr/users", k!("hr.users.back")),
        );
    }
    Ok(user)
}

async fn user_page(
    state: &AppState,
    visit: &Visit,
    visitor: &Visitor,
    user: &User,
    role: &str,
    person: &str,
) -> Result<UserPage, PageError> {
    let people = state.store.people().await?;
    let title = t!(visit.lang, "hr.users.edit_title", name = &user.username);
    Ok(UserPage {
        layout: console_layout(state, visit, visitor, title, "/hr/users"),
        id: user.id,
        roles: role_choices(&visitor.user, role, visit.lang),
        people: person_choices(&people, person),
        problems: HashMap::new(),
    })
}

/// `GET /hr/users/{id}`: the forms of one user.
pub(super) async fn form(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let user = managed(&state, &visitor, &id).await?;
    let person = user.person_id.clone().unwrap_or_default();
    let page = user_page(&state, &visit, &visitor, &user, user.role.code(), &person).await?;
    Ok(html(StatusCode::OK, &page))
}

/// The role and person form.
#[derive(Deserialize)]
pub(super) struct ChangeForm {
    csrf: Option<String>,
    #[serde(default)]
    role: String,
    #[serde(default)]
    person: String,
}

/// `POST /hr/users/{id}`: changes the role and person.
pub(super) async fn save(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    Path(id): Path<String>,
    form: Result<Form<ChangeForm>, FormRejection>,
) -> Result<Response, PageError> {
    let Form(form) = form.map_err(|r| unreadable(r.status()))?;
    check_csrf(&state, &visitor, form.csrf.as_deref())?;
    let user = managed(&state, &visitor, &id).await?;
    let lang = visit.lang;
    let mut problems = HashMap::new();
    match Role::parse(&form.role) {
        None => {
            problems.insert(
                "role".to_string(),
                msg!("hr.users.bad_role", value = &form.role).render(lang),
            );
        }
        Some(role) if !may_manage(&visitor.user, &[role]) => {
            return Err(PageError::new(
                StatusCode::FORBIDDEN,
                msg!("hr.users.admin_only"),
            ));
        }
        Some(role) => {
            let person = Some(form.person.trim().to_string()).filter(|p| !p.is_empty());
            let change = UserChange {
                role: Some(role),
                person: Some(person),
            };
            match state
                .store
                .update_user(user.id, change, &visitor.user)
                .await
            {
                Ok(_) => return Ok(see_other(&format!("/hr/users?saved={}", user.id))),
                Err(e) => problems = field_problems(e, lang)?,
            }
        }
    }
    let mut page = user_page(&state, &visit, &visitor, &user, &form.role, &form.person).await?;
    page.problems = problems;
    Ok(html(StatusCode::UNPROCESSABLE_ENTITY, &page))
}

/// The new password form.
#[derive(Deserialize)]
pub(super) struct ResetForm {
    csrf: Option<String>,
    #[serde(default)]
    password: String,
    #[serde(default)]
    repeat: String,
}

/// `POST /hr/users/{id}/password`: sets the password; the user's sessions end.
pub(super) async fn reset(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    Path(id): Path<String>,
    form: Result<Form<ResetForm>, FormRejection>,
) -> Result<Response, PageError> {
    let Form(form) = form.map_err(|r| unreadable(r.status()))?;
    check_csrf(&state, &visitor, form.csrf.as_deref())?;
    let user = managed(&state, &visitor, &id).await?;
    let lang = visit.lang;
    let problems = if form.password == form.repeat {
        match state
            .store
            .reset_password(user.id, &form.password, &visitor.user)
            .await
        {
            Ok(()) => return Ok(see_other(&format!("/hr/users?reset={}", user.id))),
            Err(e) => field_problems(e, lang)?,
        }
    } else {
        HashMap::from([(
            "repeat".to_string(),
            t!(lang, "hr.users.mismatch").to_string(),
        )])
    };
    let person = user.person_id.clone().unwrap_or_default();
    let mut page = user_page(&state, &visit, &visitor, &user, user.role.code(), &person).await?;
    page.problems = problems;
    Ok(html(StatusCode::UNPROCESSABLE_ENTITY, &page))
}

#[cfg(test)]
mod tests {
    use super::utc;

    #[test]
    fn times_of_the_audit_log_read_as_utc() {
        assert_eq!(utc(0), "1970-01-01 00:00");
        assert_eq!(utc(1_764_784_200_000), "2025-12-03 17:50");
        assert_eq!(utc(951_782_400_000), "2000-02-29 00:00");
    }
}
