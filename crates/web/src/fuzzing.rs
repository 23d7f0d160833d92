//! Entries to the checks behind the API's JSON bodies and the pages' form posts, for the fuzz
//! targets in `fuzz/` (docs/fuzzing.md). Each takes the body's bytes and runs exactly what
//! its handler runs before the store is asked anything: the JSON (or urlencoded) parse, then
//! the same check functions. Nothing here is used by the server itself.

use serde::de::DeserializeOwned;
use yardstick_core::Model;
use yardstick_i18n::Lang;
use yardstick_store::{NewAssignment, NewCycle, Person, PersonEdit, ResponseInput};

use crate::api::assignments::{Assign, AssignIn};
use crate::api::cycle_input::NewCycleIn;
use crate::api::people::PersonIn;
use crate::api::rater::ResponseIn;
use crate::api::users::{NewUserIn, PasswordResetIn, UserChangeIn, role_of};
use crate::error::{ApiError, Problem};
use crate::extract::parse_json;

/// A refused body: the status it is answered with and every problem, as its field and its
/// words in Chinese and in English.
#[derive(Debug)]
pub struct Refusal {
    /// The HTTP status.
    pub status: u16,
    /// `(field, 中文, English)` per problem.
    pub problems: Vec<(Option<String>, String, String)>,
}

fn words(problems: &[Problem]) -> Vec<(Option<String>, String, String)> {
    problems
        .iter()
        .map(|p| {
            (
                p.field().map(str::to_string),
                p.text(Lang::Zh),
                p.text(Lang::En),
            )
        })
        .collect()
}

impl From<ApiError> for Refusal {
    fn from(e: ApiError) -> Refusal {
        Refusal {
            status: e.status().as_u16(),
            problems: words(e.problems()),
        }
    }
}

impl From<Vec<yardstick_store::Invalid>> for Refusal {
    fn from(list: Vec<yardstick_store::Invalid>) -> Refusal {
        Refusal {
            status: 422,
            problems: list
                .into_iter()
                .map(|p| {
                    (
                        p.field,
                        p.message.render(Lang::Zh),
                        p.message.render(Lang::En),
                    )
                })
                .collect(),
        }
    }
}

fn json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Refusal> {
    parse_json(bytes).map_err(Refusal::from)
}

/// `POST /api/v1/cycles`: the cycle to create.
pub fn cycle_body(bytes: &[u8]) -> Result<NewCycle, Refusal> {
    let body: NewCycleIn = json(bytes)?;
    Ok(body.parse()?)
}

/// `PUT /api/v1/r/{token}/responses/{assessee}`: the response to save, for a rater whose
/// relationship is asked the items marked in `asked`.
pub fn response_body(
    model: &Model,
    asked: &[bool],
    bytes: &[u8],
) -> Result<ResponseInput, Refusal> {
    let body: ResponseIn = json(bytes)?;
    Ok(body.check(model, asked)?)
}

/// `POST /api/v1/cycles/{id}/assignments`: `None` for `{"auto": true}`, or the assignments
/// to add.
pub fn assignments_body(bytes: &[u8]) -> Result<Option<Vec<NewAssignment>>, Refusal> {
    let body: AssignIn = json(bytes)?;
    Ok(match body.check()? {
        Assign::Auto => None,
        Assign::Add(list) => Some(list),
    })
}

/// `PUT /api/v1/people/{id}`: the record as the store would keep it.
pub fn person_body(bytes: &[u8]) -> Result<PersonEdit, Refusal> {
    let body: PersonIn = json(bytes)?;
    let (edit, problems) = yardstick_store::fuzzing::person_edit(&body.edit());
    if problems.is_empty() {
        Ok(edit)
    } else {
        Err(problems.into())
    }
}

/// `POST /api/v1/users`: the user name (trimmed) and role of the user to create.
pub fn new_user_body(bytes: &[u8]) -> Result<(String, String), Refusal> {
    let body: NewUserIn = json(bytes)?;
    let role = role_of(&body.role, "role")?;
    let problems = yardstick_store::fuzzing::new_user(&body.username, &body.password);
    if !problems.is_empty() {
        return Err(problems.into());
    }
    Ok((body.username.trim().to_string(), role.code().to_string()))
}

/// `PUT /api/v1/users/{id}`: the new role, if any.
pub fn user_change_body(bytes: &[u8]) -> Result<Option<String>, Refusal> {
    let body: UserChangeIn = json(bytes)?;
    let role = body
        .role
        .as_deref()
        .map(|r| role_of(r, "role"))
        .transpose()?;
    Ok(role.map(|r| r.code().to_string()))
}

/// `PUT /api/v1/users/{id}/password`: whether the password is taken.
pub fn password_body(bytes: &[u8]) -> Result<(), Refusal> {
    let body: PasswordResetIn = json(bytes)?;
    match yardstick_store::fuzzing::password(&body.password) {
        Some(problem) => Err(vec![problem].into()),
        None => Ok(()),
    }
}

/// Decodes a urlencoded form as axum's `Form` does.
fn form<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Refusal> {
    serde_urlencoded::from_bytes(bytes).map_err(|_| Refusal {
        status: 422,
        problems: Vec::new(),
    })
}

/// `POST /r/{token}/{assessee}`: the questionnaire's fields (`item-{code}`, `comment`,
/// `action`, …) as the response to save.
pub fn questionnaire_form(
    model: &Model,
    asked: &[bool],
    bytes: &[u8],
) -> Result<ResponseInput, Refusal> {
    let fields: Vec<(String, String)> = form(bytes)?;
    crate::pages::rater::form_response(model, asked, fields).map_err(|problems| Refusal {
        status: 422,
        problems: words(&problems),
    })
}

/// `POST /hr/cycles/new`: the wizard's fields as the cycle to create, with the model `model`
/// of dimensions `codes` chosen and `people` known.
pub fn wizard_form(
    bytes: &[u8],
    model: i64,
    codes: &[String],
    people: &[Person],
) -> Result<NewCycle, Refusal> {
    let fields: Vec<(String, String)> = form(bytes)?;
    let zh = crate::pages::wizard::form_cycle(fields.clone(), model, codes, people, Lang::Zh);
    let en = crate::pages::wizard::form_cycle(fields, model, codes, people, Lang::En);
    match (zh, en) {
        (Ok(new), Ok(_)) => Ok(new),
        (Err(zh), Err(en)) => Err(Refusal {
            status: 422,
            problems: zh
                .into_iter()
                .zip(en)
                .map(|((field, zh), (_, en))| (Some(field), zh, en))
                .collect(),
        }),
        _ => Err(Refusal {
            status: 500,
            problems: Vec::new(),
        }),
    }
}

/// `POST /hr/people/{id}`: the edit form's fields as the record the store would keep.
pub fn person_form(bytes: &[u8]) -> Result<PersonEdit, Refusal> {
    let fields: crate::pages::people::PersonForm = form(bytes)?;
    let (edit, problems) = yardstick_store::fuzzing::person_edit(&fields.edit());
    if problems.is_empty() {
        Ok(edit)
    } else {
        Err(problems.into())
    }
}
