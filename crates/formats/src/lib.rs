//! Yardstick's files in and out (SPEC §5): the model TOML, forms in the seed's text layout,
//! responses as CSV or XLSX in UTF-8 or GB18030, and results as JSON, CSV or XLSX. Every
//! reader reports all the problems it finds, with where they are, in the user's language.

pub mod builtin;
pub mod cells;
pub mod form_text;
pub mod model_toml;
pub mod people;
pub mod problem;
mod records;
pub mod responses;
pub mod results;
pub mod sheet;
pub mod text;

pub use builtin::builtin_model;
pub use cells::csv_safe;
pub use form_text::{FormOptions, FormProblem, read_form_text};
pub use model_toml::{ModelFileProblem, read_model_toml, write_model_toml};
