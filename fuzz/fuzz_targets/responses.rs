//! The responses file (CSV or XLSX, UTF-8 or GB18030) read against the built-in model:
//! every row handed on has one answer per item, each a point of the scale or N/A, a rater
//! and an assessee within bounds, a comment within bounds; a refused file names at least one
//! problem, in words; reading and tallying agree.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use yardstick_core::Model;
use yardstick_formats::responses::{read_responses, tally_responses};

static MODEL: LazyLock<Model> = LazyLock::new(|| match yardstick_formats::builtin_model() {
    Ok(m) => m,
    Err(_) => panic!("the built-in model does not load"),
});

fuzz_target!(|data: &[u8]| {
    let model = &*MODEL;
    let items = model.items().len();
    let mut rows = 0u64;
    let read = read_responses(data, model, &mut |_| {}, &mut |row| {
        rows += 1;
        assert_eq!(row.answers.len(), items);
        for a in row.answers {
            if let Some(p) = a {
                assert!(model.scale().contains(i64::from(*p)), "answer {p}");
            }
        }
        yardstick_fuzz::name(row.rater, "the rater");
        if let Some(c) = row.comment {
            yardstick_fuzz::comment(c, "the comment");
        }
        Ok(())
    });
    let tallied = tally_responses(data, model, &mut |_| {});
    match (&read, &tallied) {
        (Ok(summary), Ok(t)) => {
            assert_eq!(summary.responses, rows);
            assert_eq!(t.responses, rows);
            assert_eq!(t.assessees, summary.assessees);
            assert_eq!(t.tallies.len(), t.assessees.len());
            for a in &summary.assessees {
                yardstick_fuzz::line(&a.id, "an assessee");
                assert!(!a.id.is_empty(), "a blank assessee");
                if let Some(d) = &a.department {
                    yardstick_fuzz::line(d, "a department");
                }
            }
        }
        (Err(problems), _) => {
            assert!(!problems.is_empty(), "refused without a problem");
            for m in problems.messages("responses.csv") {
                yardstick_fuzz::words(
                    &m.render(yardstick_i18n::Lang::Zh),
                    &m.render(yardstick_i18n::Lang::En),
                );
            }
        }
        (Ok(_), Err(_)) => panic!("read, yet refused when tallied"),
    }
});
