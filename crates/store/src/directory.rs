//! What HR changes about people and users from the console and the API: the dry run of a
//! People import, one person's record, one user's role and person, as records the store
//! takes in and hands out.

use yardstick_formats::people::PersonRow;
use yardstick_formats::problem::FileProblem;

use crate::types::{ImportOutcome, Person, Role};

/// What importing a People file would do, found without storing anything
/// ([`crate::Store::check_people`]).
#[derive(Clone, Debug, PartialEq)]
pub struct ImportPreview {
    /// People the file adds, in file order.
    pub added: Vec<PersonRow>,
    /// People already stored whose record the file replaces, in file order: as stored now,
    /// and as the file gives them.
    pub updated: Vec<(Person, PersonRow)>,
    /// Every problem of the org chart the file makes with the people stored (unknown
    /// superiors, reporting loops), by row; the import would succeed when there is none.
    pub problems: Vec<FileProblem>,
}

impl ImportPreview {
    /// Whether the import would succeed.
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }

    /// The counts the import would answer.
    pub fn outcome(&self) -> ImportOutcome {
        let count = |n: usize| u64::try_from(n).unwrap_or(u64::MAX);
        ImportOutcome {
            imported: count(self.added.len()),
            updated: count(self.updated.len()),
        }
    }
}

/// A field of a person's record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PersonField {
    /// Name.
    Name,
    /// Department.
    Department,
    /// Job title.
    Title,
    /// Superior's id.
    Superior,
    /// E-mail.
    Email,
    /// Phone.
    Phone,
}

impl PersonField {
    /// Every field, in the order of the People file.
    pub const ALL: [PersonField; 6] = [
        PersonField::Name,
        PersonField::Department,
        PersonField::Title,
        PersonField::Superior,
        PersonField::Email,
        PersonField::Phone,
    ];

    /// The field's name in the People file, the API and the forms.
    pub fn code(self) -> &'static str {
        match self {
            PersonField::Name => "name",
            PersonField::Department => "department",
            PersonField::Title => "title",
            PersonField::Superior => "superior",
            PersonField::Email => "email",
            PersonField::Phone => "phone",
        }
    }
}

impl Person {
    /// The value of one field (blank when there is none).
    pub fn get(&self, field: PersonField) -> &str {
        match field {
            PersonField::Name => &self.name,
            PersonField::Department => &self.department,
            PersonField::Title => &self.title,
            PersonField::Superior => self.superior.as_deref().unwrap_or(""),
            PersonField::Email => self.email.as_deref().unwrap_or(""),
            PersonField::Phone => self.phone.as_deref().unwrap_or(""),
        }
    }

    /// The fields whose values differ in `row`, with the value stored and the file's.
    pub fn changes<'a>(&'a self, row: &'a PersonRow) -> Vec<(PersonField, &'a str, &'a str)> {
        PersonField::ALL
            .into_iter()
            .filter_map(|f| {
                let new = match f {
                    PersonField::Name => &row.name,
                    PersonField::Department => &row.department,
                    PersonField::Title => &row.title,
                    PersonField::Superior => row.superior.as_deref().unwrap_or(""),
                    PersonField::Email => row.email.as_deref().unwrap_or(""),
                    PersonField::Phone => row.phone.as_deref().unwrap_or(""),
                };
                let old = self.get(f);
                (old != new).then_some((f, old, new))
            })
            .collect()
    }
}

/// A person's record as HR edits it ([`crate::Store::update_person`]): every field as
/// given, checked by the store with the bounds of the People file (SPEC §7) — a name of at
/// most 200 characters, the other fields one line of at most 200, no control characters;
/// blank optional fields are none.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PersonEdit {
    /// Name (required).
    pub name: String,
    /// Department.
    pub department: String,
    /// Job title.
    pub title: String,
    /// The superior's id; blank or `None` for none. Must be a person, and not one who
    /// reports to this person (no reporting loop).
    pub superior: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
}

/// A change to a user's account ([`crate::Store::update_user`]); `None` leaves a field as
/// it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UserChange {
    /// The new role.
    pub role: Option<Role>,
    /// The person the user is: `Some(None)` unlinks them.
    pub person: Option<Option<String>>,
}
