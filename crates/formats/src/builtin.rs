//! The built-in model (SPEC §3): the user's own competency form, kept verbatim in
//! `data/seed-form.txt` and read by the same importer users get (`model import-text`).

use yardstick_core::Model;

use crate::form_text::{FormOptions, FormProblem, read_form_text};

/// The competency form the built-in model is read from, exactly as the user supplied it.
pub const SEED_FORM: &str = include_str!("../data/seed-form.txt");

/// The built-in model: 物业管理人员能力素质模型, version 1, seven dimensions and 79 items.
///
/// The form is part of the binary and is covered by tests, so this fails only if the embedded
/// form was damaged; callers report the problems like any other form's.
pub fn builtin_model() -> Result<Model, Vec<FormProblem>> {
    read_form_text(SEED_FORM, &FormOptions::default()).map(|v| v.model)
}
