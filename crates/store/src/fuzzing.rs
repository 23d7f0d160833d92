//! The store's checks of what a request asks, before any query, for the fuzz targets in
//! `fuzz/`: the same functions the operations call, nothing else.

use crate::{Invalid, PersonEdit};

/// A person's record as `update_person` would store it (trimmed, blank optional fields
/// none, a field that breaks a bound left blank), and every such field.
pub fn person_edit(edit: &PersonEdit) -> (PersonEdit, Vec<Invalid>) {
    crate::ops::people::checked(edit)
}

/// What `create_user` refuses about a user name (trimmed as it trims it) and password.
pub fn new_user(username: &str, password: &str) -> Vec<Invalid> {
    crate::ops::users::new_user_problems(username.trim(), password)
}

/// What `reset_password` refuses about a new password.
pub fn password(password: &str) -> Option<Invalid> {
    crate::ops::users::password_problem("password", password)
}
