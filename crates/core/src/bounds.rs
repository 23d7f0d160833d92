//! The bounds every input is held to (SPEC §7 Bounds), wherever it enters — the API, a form,
//! a file, the command line — so that nothing accepted can make a later request fail:
//! weights are finite numbers from 0 to [`MAX_WEIGHT`]; names have at most [`MAX_NAME`]
//! characters, comments at most [`MAX_COMMENT`]; control characters are refused in every text
//! (comments may hold line breaks and tabs).
//!
//! Each check answers the value to keep or a [`TextProblem`] / [`WeightProblem`] that says
//! what is wrong; the caller names the place (a field, a row and column).

use yardstick_i18n::{Message, msg};

/// The largest dimension or relationship weight.
pub const MAX_WEIGHT: f64 = 1000.0;
/// The most characters of a name (a person, a cycle, an outside rater, a model, a dimension).
pub const MAX_NAME: usize = 200;
/// The most characters of a comment.
pub const MAX_COMMENT: usize = 5000;
/// The most characters of other one-line texts (a title, a department, an e-mail address,
/// a phone number, a code, a version).
pub const MAX_LINE: usize = 200;
/// The most items of one model (the built-in model has 79): every page, form and report of a
/// cycle lists them all.
pub const MAX_ITEMS: usize = 2000;
/// The most characters of a longer text that is not a comment (an item's wording, a notice).
pub const MAX_TEXT: usize = 2000;
/// The most characters of the reason HR gives for invalidating a response.
pub const MAX_REASON: usize = 500;

/// Why a text was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextProblem {
    /// Blank where a value is needed.
    Empty,
    /// Longer than allowed.
    TooLong {
        /// Characters given.
        length: usize,
        /// Characters allowed.
        max: usize,
    },
    /// A control character (ESC, NUL, …), which terminals and files would act on.
    Control {
        /// Its position, counted in characters from 1.
        position: usize,
        /// The character's code point.
        code: u32,
    },
}

impl TextProblem {
    /// What is wrong, not yet in words.
    pub fn message(&self) -> Message {
        match self {
            TextProblem::Empty => msg!("bounds.empty"),
            TextProblem::TooLong { length, max } => {
                msg!("bounds.too_long", length = *length, max = *max)
            }
            TextProblem::Control { position, code } => msg!(
                "bounds.control",
                position = *position,
                code = format!("U+{code:04X}")
            ),
        }
    }
}

/// How a text may look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextRule {
    /// Most characters.
    pub max: usize,
    /// Whether blank is refused.
    pub required: bool,
    /// Whether line breaks and tabs are allowed.
    pub multiline: bool,
}

impl TextRule {
    /// A required name: one line, at most [`MAX_NAME`] characters.
    pub const NAME: TextRule = TextRule {
        max: MAX_NAME,
        required: true,
        multiline: false,
    };
    /// An optional one-line text of at most [`MAX_LINE`] characters.
    pub const LINE: TextRule = TextRule {
        max: MAX_LINE,
        required: false,
        multiline: false,
    };
    /// A comment: optional, at most [`MAX_COMMENT`] characters, line breaks and tabs allowed.
    pub const COMMENT: TextRule = TextRule {
        max: MAX_COMMENT,
        required: false,
        multiline: true,
    };
    /// A longer required text (an item's wording): at most [`MAX_TEXT`] characters.
    pub const TEXT: TextRule = TextRule {
        max: MAX_TEXT,
        required: true,
        multiline: true,
    };

    /// A reason (why a response is invalidated): required, one line, at most
    /// [`MAX_REASON`] characters.
    pub const REASON: TextRule = TextRule {
        max: MAX_REASON,
        required: true,
        multiline: false,
    };

    /// The same rule, with blank refused.
    pub const fn required(self) -> TextRule {
        TextRule {
            required: true,
            ..self
        }
    }

    /// `text` with surrounding white space trimmed, or why it breaks the rule. The length
    /// counts characters (a Chinese character is one), after trimming.
    pub fn check<'a>(&self, text: &'a str) -> Result<&'a str, TextProblem> {
        let trimmed = text.trim();
        if let Some((i, c)) = trimmed
            .chars()
            .enumerate()
            .find(|(_, c)| c.is_control() && !(self.multiline && matches!(c, '\n' | '\r' | '\t')))
        {
            return Err(TextProblem::Control {
                position: i + 1,
                code: u32::from(c),
            });
        }
        if self.required && trimmed.is_empty() {
            return Err(TextProblem::Empty);
        }
        let length = trimmed.chars().count();
        if length > self.max {
            return Err(TextProblem::TooLong {
                length,
                max: self.max,
            });
        }
        Ok(trimmed)
    }
}

/// Why a weight was refused.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum WeightProblem {
    /// Infinite or not a number.
    NotFinite,
    /// Below zero.
    Negative(f64),
    /// Above [`MAX_WEIGHT`].
    TooLarge(f64),
}

impl WeightProblem {
    /// What is wrong, not yet in words.
    pub fn message(&self) -> Message {
        match *self {
            WeightProblem::NotFinite => msg!("bounds.weight_not_finite", max = MAX_WEIGHT),
            WeightProblem::Negative(w) => msg!("bounds.weight_negative", value = shown(w)),
            WeightProblem::TooLarge(w) => {
                msg!(
                    "bounds.weight_too_large",
                    value = shown(w),
                    max = MAX_WEIGHT
                )
            }
        }
    }
}

/// A weight as a person wrote it: huge ones as `1e20`, not twenty-one digits.
fn shown(w: f64) -> String {
    if w.abs() >= 1e15 {
        format!("{w:e}")
    } else {
        w.to_string()
    }
}

/// `w` if it is a finite number from 0 to [`MAX_WEIGHT`].
pub fn weight(w: f64) -> Result<f64, WeightProblem> {
    if !w.is_finite() {
        Err(WeightProblem::NotFinite)
    } else if w < 0.0 {
        Err(WeightProblem::Negative(w))
    } else if w > MAX_WEIGHT {
        Err(WeightProblem::TooLarge(w))
    } else {
        Ok(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(TextRule::NAME.check("  张三 "), Ok("张三"));
        assert_eq!(TextRule::NAME.check("   "), Err(TextProblem::Empty));
        let long = "名".repeat(201);
        assert_eq!(
            TextRule::NAME.check(&long),
            Err(TextProblem::TooLong {
                length: 201,
                max: 200
            })
        );
        assert_eq!(
            TextRule::NAME.check(&"名".repeat(200)).map(str::len),
            Ok(600)
        );
    }

    #[test]
    fn control_characters_are_refused_except_line_breaks_in_comments() {
        assert_eq!(
            TextRule::NAME.check("a\u{1b}[31m"),
            Err(TextProblem::Control {
                position: 2,
                code: 0x1b
            })
        );
        assert_eq!(
            TextRule::COMMENT.check("a\0"),
            Err(TextProblem::Control {
                position: 2,
                code: 0
            })
        );
        assert_eq!(TextRule::COMMENT.check("好\n很好\t!"), Ok("好\n很好\t!"));
        assert!(TextRule::NAME.check("a\nb").is_err());
        assert_eq!(TextRule::COMMENT.check(""), Ok(""));
    }

    #[test]
    fn weights_are_finite_and_at_most_a_thousand() {
        assert_eq!(weight(0.0), Ok(0.0));
        assert_eq!(weight(1000.0), Ok(1000.0));
        assert_eq!(weight(1000.5), Err(WeightProblem::TooLarge(1000.5)));
        assert_eq!(weight(1e20), Err(WeightProblem::TooLarge(1e20)));
        assert_eq!(weight(-1.0), Err(WeightProblem::Negative(-1.0)));
        assert_eq!(weight(f64::INFINITY), Err(WeightProblem::NotFinite));
        assert_eq!(weight(f64::NAN), Err(WeightProblem::NotFinite));
    }

    #[test]
    fn huge_weights_are_shown_as_written() {
        assert_eq!(
            WeightProblem::TooLarge(1e308)
                .message()
                .render(yardstick_i18n::Lang::En),
            "the weight 1e308 is too large: at most 1000"
        );
    }

    #[test]
    fn every_problem_has_words_in_both_languages() {
        use yardstick_i18n::Lang;
        for p in [
            TextProblem::Empty.message(),
            TextProblem::TooLong {
                length: 300,
                max: 200,
            }
            .message(),
            TextProblem::Control {
                position: 3,
                code: 27,
            }
            .message(),
            WeightProblem::NotFinite.message(),
            WeightProblem::Negative(-2.0).message(),
            WeightProblem::TooLarge(1e20).message(),
        ] {
            for lang in Lang::ALL {
                let text = p.render(lang);
                assert!(!text.is_empty() && !text.contains('{'), "{text}");
            }
        }
    }
}
