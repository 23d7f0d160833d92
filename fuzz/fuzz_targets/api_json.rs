//! The API's JSON bodies, through the functions their handlers call before the store is
//! asked anything (`yardstick_web::fuzzing`). The first byte picks the body; the rest is
//! the body. A body taken yields values within SPEC §7 Bounds; a refused one is a 400 or a
//! 422 with at least one problem, in words in both languages.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use yardstick_core::{Choice, Model, Relationship};
use yardstick_store::{RaterChoice, ResponseInput};
use yardstick_web::fuzzing::{self, Refusal};

static BUILTIN: LazyLock<Model> = LazyLock::new(|| match yardstick_formats::builtin_model() {
    Ok(m) => m,
    Err(_) => panic!("the built-in model does not load"),
});

/// A model without N/A, whose submissions must answer every item asked.
static NO_NA: LazyLock<Model> = LazyLock::new(|| {
    let text = "name = \"m\"\nversion = \"1\"\n[scale]\nmin = 0\nmax = 3\nallow_na = false\n\
        [[dimensions]]\ncode = \"1\"\nname = \"甲\"\nweight = 60\n\
        [[dimensions.items]]\ncode = \"1.1\"\ntext = \"a\"\n\
        [[dimensions.items]]\ncode = \"1.2\"\ntext = \"b\"\n\
        [[dimensions]]\ncode = \"2\"\nname = \"乙\"\nweight = 40\n\
        [[dimensions.items]]\ncode = \"2.1\"\ntext = \"c\"\n";
    match yardstick_formats::read_model_toml(text) {
        Ok(v) => v.model,
        Err(p) => panic!("the model without N/A does not load: {p:?}"),
    }
});

fn refused(r: &Refusal) {
    assert!(matches!(r.status, 400 | 422), "answered {}", r.status);
    assert!(!r.problems.is_empty(), "refused without a problem");
    for (_, zh, en) in &r.problems {
        yardstick_fuzz::words(zh, en);
    }
}

/// Which items a rater is asked: every dimension, or those `mask` picks.
fn asked(model: &Model, mask: u8) -> Vec<bool> {
    (0..model.items().len())
        .map(|i| mask == 0 || mask & (1 << (model.dimension_of_item(i) % 5)) != 0)
        .collect()
}

fn response(model: &Model, asked: &[bool], input: &ResponseInput) {
    assert_eq!(input.answers.len(), model.items().len());
    for (i, a) in input.answers.iter().enumerate() {
        match a {
            Some(Choice::Point(p)) => assert!(model.scale().contains(i64::from(*p)), "answer {p}"),
            Some(Choice::Na) => assert!(model.scale().allow_na(), "N/A taken without N/A"),
            None => assert!(
                !(input.submit && asked[i] && !model.scale().allow_na()),
                "a submission without item {}",
                model.items()[i].code()
            ),
        }
        assert!(a.is_none() || asked[i], "an answer to an item not asked");
    }
    yardstick_fuzz::comment(&input.comment, "the comment");
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let mask = pick >> 3;
    match pick & 7 {
        0 | 7 => {
            let model: &Model = if pick & 7 == 0 { &BUILTIN } else { &NO_NA };
            let asked = asked(model, mask);
            match fuzzing::response_body(model, &asked, body) {
                Ok(input) => response(model, &asked, &input),
                Err(r) => refused(&r),
            }
        }
        1 => match fuzzing::cycle_body(body) {
            Ok(new) => {
                let s = &new.settings;
                assert!(!s.name().is_empty(), "a cycle without a name");
                yardstick_fuzz::name(s.name(), "the cycle's name");
                for r in Relationship::ALL {
                    yardstick_fuzz::weight(s.weights().of(r), "a relationship weight");
                }
                assert!(
                    Relationship::ALL.iter().any(|r| s.weights().of(*r) > 0.0),
                    "all weights zero"
                );
                assert!(s.threshold() >= 1, "threshold {}", s.threshold());
                assert!((0..=50).contains(&s.peers()), "peers {}", s.peers());
                for d in [s.starts_on(), s.ends_on()].into_iter().flatten() {
                    assert_eq!(d.len(), 10, "date {d}");
                }
                if let (Some(a), Some(b)) = (s.starts_on(), s.ends_on()) {
                    assert!(a <= b, "ends {b} before it starts {a}");
                }
            }
            Err(r) => refused(&r),
        },
        2 => match fuzzing::assignments_body(body) {
            Ok(Some(list)) => {
                for a in list {
                    assert_eq!(a.assessee, a.assessee.trim());
                    match a.rater {
                        RaterChoice::Person(p) => assert_eq!(p, p.trim()),
                        RaterChoice::External { phone, .. } => {
                            if let Some(p) = phone {
                                assert!(!p.is_empty() && p == p.trim(), "phone {p:?}");
                            }
                        }
                    }
                }
            }
            Ok(None) => {}
            Err(r) => refused(&r),
        },
        3 => match fuzzing::person_body(body) {
            Ok(edit) => {
                assert!(!edit.name.is_empty(), "a person without a name");
                yardstick_fuzz::name(&edit.name, "the name");
                yardstick_fuzz::line(&edit.department, "the department");
                yardstick_fuzz::line(&edit.title, "the title");
                for v in [&edit.superior, &edit.email, &edit.phone]
                    .into_iter()
                    .flatten()
                {
                    assert!(!v.is_empty());
                    yardstick_fuzz::line(v, "an optional field");
                }
            }
            Err(r) => refused(&r),
        },
        4 => match fuzzing::new_user_body(body) {
            Ok((username, role)) => {
                assert!(!username.is_empty());
                yardstick_fuzz::name(&username, "the user name");
                assert!(["admin", "hr", "manager", "employee"].contains(&role.as_str()));
            }
            Err(r) => refused(&r),
        },
        5 => match fuzzing::user_change_body(body) {
            Ok(role) => {
                if let Some(role) = role {
                    assert!(["admin", "hr", "manager", "employee"].contains(&role.as_str()));
                }
            }
            Err(r) => refused(&r),
        },
        _ => match fuzzing::password_body(body) {
            Ok(()) => {}
            Err(r) => refused(&r),
        },
    }
});
