//! The pages' urlencoded form posts, through the functions their handlers call before the
//! store is asked anything: the questionnaire (`item-{code}` radios, `comment`, `action`),
//! the new-cycle wizard and a person's record. The first byte picks the form. What a form
//! yields is within SPEC §7 Bounds; a refused form names its problems, in words.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use yardstick_core::{Choice, Model, Relationship};
use yardstick_store::Person;
use yardstick_web::fuzzing::{self, Refusal};

static BUILTIN: LazyLock<Model> = LazyLock::new(|| match yardstick_formats::builtin_model() {
    Ok(m) => m,
    Err(_) => panic!("the built-in model does not load"),
});

static PEOPLE: LazyLock<Vec<Person>> = LazyLock::new(|| {
    let person = |id: &str, department: &str| Person {
        id: id.to_string(),
        name: format!("员工{id}"),
        department: department.to_string(),
        title: "主管".to_string(),
        superior: None,
        email: None,
        phone: None,
    };
    vec![
        person("1001", "金色家园管理处"),
        person("1002", "金色家园管理处"),
        person("2001", "工程部"),
    ]
});

fn refused(r: &Refusal) {
    assert_eq!(r.status, 422, "answered {}", r.status);
    for (_, zh, en) in &r.problems {
        yardstick_fuzz::words(zh, en);
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let model = &*BUILTIN;
    match pick % 3 {
        0 => {
            let mask = pick >> 2;
            let asked: Vec<bool> = (0..model.items().len())
                .map(|i| mask == 0 || mask & (1 << (model.dimension_of_item(i) % 6)) != 0)
                .collect();
            match fuzzing::questionnaire_form(model, &asked, body) {
                Ok(input) => {
                    assert_eq!(input.answers.len(), model.items().len());
                    for (i, a) in input.answers.iter().enumerate() {
                        if let Some(Choice::Point(p)) = a {
                            assert!(model.scale().contains(i64::from(*p)), "answer {p}");
                        }
                        assert!(a.is_none() || asked[i], "an answer to an item not asked");
                    }
                    yardstick_fuzz::comment(&input.comment, "the comment");
                }
                Err(r) => {
                    refused(&r);
                }
            }
        }
        1 => {
            let codes: Vec<String> = model
                .dimensions()
                .iter()
                .map(|d| d.code().to_string())
                .collect();
            match fuzzing::wizard_form(body, 7, &codes, &PEOPLE) {
                Ok(new) => {
                    let s = &new.settings;
                    yardstick_fuzz::name(s.name(), "the cycle's name");
                    for r in Relationship::ALL {
                        yardstick_fuzz::weight(s.weights().of(r), "a relationship weight");
                    }
                    assert!(s.threshold() >= 1);
                    assert!((0..=50).contains(&s.peers()));
                }
                Err(r) => refused(&r),
            }
        }
        _ => match fuzzing::person_form(body) {
            Ok(edit) => {
                assert!(!edit.name.is_empty());
                yardstick_fuzz::name(&edit.name, "the name");
                yardstick_fuzz::line(&edit.department, "the department");
                yardstick_fuzz::line(&edit.title, "the title");
                for v in [&edit.superior, &edit.email, &edit.phone]
                    .into_iter()
                    .flatten()
                {
                    yardstick_fuzz::line(v, "an optional field");
                }
            }
            Err(r) => refused(&r),
        },
    }
});
