//! Files in and out: the built-in model and the form importer, model TOML, responses in
//! every encoding and format with every class of bad input, and results.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod builtin;
mod responses;
mod results;

use yardstick_core::Model;

pub fn builtin() -> Model {
    yardstick_formats::builtin_model().unwrap()
}
