//! What must hold of whatever a parser accepts (SPEC §7 Bounds), shared by the fuzz targets:
//! each target parses its input and, when the parse succeeds, holds every value it yields to
//! these checks; when it fails, every problem must be said, in both languages.

use yardstick_core::Model;
use yardstick_core::bounds::{MAX_COMMENT, MAX_ITEMS, MAX_LINE, MAX_NAME, MAX_TEXT, MAX_WEIGHT};

fn length(text: &str) -> usize {
    text.chars().count()
}

fn control_free(text: &str, what: &str, multiline: bool) {
    if let Some(c) = text
        .chars()
        .find(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')))
    {
        panic!(
            "{what} holds the control character U+{:04X}: {text:?}",
            u32::from(c)
        );
    }
}

/// A name: at most 200 characters, no control character.
pub fn name(text: &str, what: &str) {
    assert!(
        length(text) <= MAX_NAME,
        "{what} is {} characters long",
        length(text)
    );
    control_free(text, what, false);
}

/// Another one-line text (a code, a department, a phone number…).
pub fn line(text: &str, what: &str) {
    assert!(
        length(text) <= MAX_LINE,
        "{what} is {} characters long",
        length(text)
    );
    control_free(text, what, false);
}

/// A longer text (an item's wording).
pub fn text(text: &str, what: &str) {
    assert!(
        length(text) <= MAX_TEXT,
        "{what} is {} characters long",
        length(text)
    );
    control_free(text, what, true);
}

/// A comment: at most 5,000 characters; line breaks and tabs are the only control
/// characters allowed.
pub fn comment(text: &str, what: &str) {
    assert!(
        length(text) <= MAX_COMMENT,
        "{what} is {} characters long",
        length(text)
    );
    control_free(text, what, true);
}

/// A weight: a finite number from 0 to 1000.
pub fn weight(w: f64, what: &str) {
    assert!(
        w.is_finite() && (0.0..=MAX_WEIGHT).contains(&w),
        "{what} is {w}"
    );
}

/// A problem as a person reads it: words in both languages.
pub fn words(zh: &str, en: &str) {
    assert!(
        !zh.trim().is_empty() && !en.trim().is_empty(),
        "a problem without words"
    );
}

/// A model as validation accepts it: every text and weight in bounds, no more than 2,000
/// items, a scale with its points in order.
pub fn model(model: &Model) {
    name(model.name(), "the model's name");
    line(model.version(), "the model's version");
    assert!(!model.items().is_empty(), "a model without items");
    assert!(
        model.items().len() <= MAX_ITEMS,
        "{} items",
        model.items().len()
    );
    let scale = model.scale();
    assert!(
        scale.min() < scale.max(),
        "scale {}..{}",
        scale.min(),
        scale.max()
    );
    for label in scale.labels() {
        name(label, "a scale label");
    }
    for grade in model.grades() {
        name(grade.name(), "a grade's name");
        assert!(grade.min().is_finite(), "a grade from {}", grade.min());
    }
    let mut counted = 0;
    for d in model.dimensions() {
        line(d.code(), "a dimension's code");
        name(d.name(), "a dimension's name");
        weight(d.weight(), "a dimension's weight");
        let items = model.dimension_items(d);
        assert!(!items.is_empty(), "dimension {} has no item", d.code());
        counted += items.len();
    }
    assert_eq!(
        counted,
        model.items().len(),
        "items outside every dimension"
    );
    let mut codes = std::collections::HashSet::new();
    for item in model.items() {
        line(item.code(), "an item's code");
        text(item.text(), "an item's wording");
        assert!(codes.insert(item.code()), "item code {} twice", item.code());
        assert!(
            model.item_index(item.code()).is_some(),
            "item {} not found by its code",
            item.code()
        );
    }
}
