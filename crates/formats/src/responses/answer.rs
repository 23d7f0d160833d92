//! One cell of an item column: a point of the scale, or not answered (blank, NA, N/A,
//! 无法评价 and their variants). The common case, a single ASCII digit, takes no allocation.

use yardstick_core::{Answer, Scale};

use crate::problem::ProblemKind;
use crate::text::{halfwidth, trim};

/// Spellings of "not answered" besides a blank cell, compared case-insensitively.
const NOT_ANSWERED: &[&str] = &["na", "n/a", "#n/a", "n.a.", "n.a", "无法评价", "不适用"];

/// Parses one answer cell.
pub(crate) fn parse_answer(raw: &[u8], scale: &Scale) -> Result<Answer, ProblemKind> {
    let bytes = raw.trim_ascii();
    match bytes {
        [] => return Ok(None),
        [d @ b'0'..=b'9'] => return in_scale(i64::from(d - b'0'), scale),
        _ => {}
    }
    let text = std::str::from_utf8(bytes).map_err(|_| ProblemKind::NotUtf8)?;
    let normal = halfwidth(text);
    let normal = trim(&normal);
    if normal.is_empty() {
        return Ok(None);
    }
    if NOT_ANSWERED
        .iter()
        .any(|na| na.eq_ignore_ascii_case(normal))
    {
        return if scale.allow_na() {
            Ok(None)
        } else {
            Err(ProblemKind::NaNotAllowed)
        };
    }
    match parse_integer(normal) {
        Some(Ok(value)) => in_scale(value, scale),
        Some(Err(())) => Err(ProblemKind::NotInteger(text.to_string())),
        None => Err(ProblemKind::NotANumber(text.to_string())),
    }
}

fn in_scale(value: i64, scale: &Scale) -> Result<Answer, ProblemKind> {
    if scale.contains(value) {
        // Within the scale, which lies within ±1000.
        Ok(i32::try_from(value).ok())
    } else {
        Err(ProblemKind::OffScale {
            value,
            min: scale.min(),
            max: scale.max(),
        })
    }
}

/// `Some(Ok(n))` for `4`, `+4`, `-2`, `4.0`, `4.00`; `Some(Err(()))` for a number with a
/// fraction (`4.5`); `None` for anything that is not a number.
fn parse_integer(s: &str) -> Option<Result<i64, ()>> {
    let (whole, fraction) = match s.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (s, None),
    };
    let digits = whole.strip_prefix(['+', '-']).unwrap_or(whole);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match fraction {
        Some(f) if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) => None,
        Some(f) if f.bytes().any(|b| b != b'0') => Some(Err(())),
        // More digits than any scale: certainly off it.
        _ => Some(Ok(whole.parse::<i64>().unwrap_or(i64::MAX))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yardstick_core::{Model, ModelDraft, ScaleDraft};

    fn scale(allow_na: bool) -> Scale {
        let mut draft = crate::builtin_model().unwrap().to_draft();
        draft.scale = ScaleDraft {
            allow_na,
            ..ScaleDraft::default_five()
        };
        let draft: ModelDraft = draft;
        Model::validate(draft).unwrap().model.scale().clone()
    }

    #[test]
    fn every_spelling_of_not_answered_is_accepted() {
        let s = scale(true);
        for na in [
            "",
            "  ",
            "NA",
            "na",
            "N/A",
            "n/a",
            "#N/A",
            "无法评价",
            "不适用",
            "N/A",
            " \u{3000}",
        ] {
            assert_eq!(parse_answer(na.as_bytes(), &s), Ok(None), "{na:?}");
        }
    }

    #[test]
    fn integers_of_the_scale_are_accepted_in_every_form() {
        let s = scale(true);
        for (text, value) in [
            ("4", 4),
            (" 5 ", 5),
            ("3.0", 3),
            ("+2", 2),
            ("1", 1),
            ("5.00", 5),
        ] {
            assert_eq!(
                parse_answer(text.as_bytes(), &s),
                Ok(Some(value)),
                "{text:?}"
            );
        }
    }

    #[test]
    fn other_cells_are_refused_with_the_reason() {
        let s = scale(true);
        assert_eq!(
            parse_answer(b"6", &s),
            Err(ProblemKind::OffScale {
                value: 6,
                min: 1,
                max: 5
            })
        );
        assert!(matches!(
            parse_answer(b"0", &s),
            Err(ProblemKind::OffScale { value: 0, .. })
        ));
        assert!(matches!(
            parse_answer(b"-1", &s),
            Err(ProblemKind::OffScale { value: -1, .. })
        ));
        assert_eq!(
            parse_answer(b"4.5", &s),
            Err(ProblemKind::NotInteger("4.5".into()))
        );
        assert_eq!(
            parse_answer(b"good", &s),
            Err(ProblemKind::NotANumber("good".into()))
        );
        assert_eq!(
            parse_answer("优秀".as_bytes(), &s),
            Err(ProblemKind::NotANumber("优秀".into()))
        );
        assert_eq!(parse_answer(b"\xFF", &s), Err(ProblemKind::NotUtf8));
        assert!(matches!(
            parse_answer(b"99999999999999999999999", &s),
            Err(ProblemKind::OffScale { .. })
        ));
        assert_eq!(
            parse_answer(b"NA", &scale(false)),
            Err(ProblemKind::NaNotAllowed)
        );
        assert_eq!(parse_answer(b"", &scale(false)), Ok(None));
    }
}
