//! One module per command.

pub mod backup;
pub mod cycle;
pub mod db;
pub mod demo;
pub mod model;
pub mod people;
pub mod report;
pub mod restore;
pub mod score;
pub mod serve;
pub mod user;

use std::path::Path;

use anyhow::Context;
use yardstick_core::{Lang, Model};
use yardstick_formats::{builtin_model, read_model_toml, text};
use yardstick_i18n::t;

use crate::BadInput;

/// Reads a text file in UTF-8 (BOM or not) or GB18030.
pub fn read_text(path: &Path, lang: Lang) -> anyhow::Result<String> {
    let bytes = std::fs::read(path).with_context(|| {
        t!(
            lang,
            "cli.main.cannot_read",
            file = path.display().to_string()
        )
    })?;
    match text::decode(&bytes) {
        Some(t) => Ok(t.into_owned()),
        None => Err(BadInput::line(t!(
            lang,
            "cli.main.not_text",
            file = path.display().to_string()
        ))
        .into()),
    }
}

/// The built-in model.
pub fn builtin(lang: Lang) -> anyhow::Result<Model> {
    builtin_model().map_err(|problems| {
        BadInput(
            problems
                .iter()
                .map(|p| {
                    t!(
                        lang,
                        "cli.main.builtin_problem",
                        problem = p.message().render(lang)
                    )
                })
                .collect(),
        )
        .into()
    })
}

/// A model file, validated; its warnings are printed, its problems make the error.
pub fn load_model(path: &Path, lang: Lang) -> anyhow::Result<Model> {
    let text = read_text(path, lang)?;
    match read_model_toml(&text) {
        Ok(validated) => {
            for w in &validated.warnings {
                eprintln!(
                    "{}",
                    t!(
                        lang,
                        "cli.main.model_warning",
                        file = path.display().to_string(),
                        warning = w.message().render(lang)
                    )
                );
            }
            Ok(validated.model)
        }
        Err(problems) => Err(BadInput(
            problems
                .iter()
                .map(|p| format!("{}: {}", path.display(), p.message().render(lang)))
                .collect(),
        )
        .into()),
    }
}
