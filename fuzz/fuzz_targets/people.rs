//! The People file (CSV or XLSX): every row read has an id and a name, each id once, every
//! field within bounds; the org chart check never panics; the two ways in agree.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yardstick_formats::people::{parse_people, read_people};
use yardstick_i18n::Lang;

fuzz_target!(|data: &[u8]| {
    let parsed = parse_people(data);
    let read = read_people(data);
    if let Ok(file) = &parsed {
        let mut ids = std::collections::HashSet::new();
        for p in &file.rows {
            assert!(
                !p.id.is_empty() && !p.name.is_empty(),
                "row {} lacks an id or a name",
                p.row
            );
            assert!(ids.insert(p.id.clone()), "id {} twice", p.id);
            yardstick_fuzz::line(&p.id, "an id");
            yardstick_fuzz::name(&p.name, "a name");
            yardstick_fuzz::line(&p.department, "a department");
            yardstick_fuzz::line(&p.title, "a title");
            for v in [&p.superior, &p.email, &p.phone].into_iter().flatten() {
                assert!(!v.is_empty(), "a blank optional field kept as a value");
                yardstick_fuzz::line(v, "an optional field");
            }
        }
        let known = vec![("0".to_string(), None)];
        for problem in file.all_problems(&known) {
            let m = problem.message("people.csv");
            yardstick_fuzz::words(&m.render(Lang::Zh), &m.render(Lang::En));
        }
        let checked = file.clone().check(&known);
        if let Ok(rows) = &checked {
            assert_eq!(rows, &file.rows);
        }
        match &read {
            Ok(rows) => {
                assert!(file.is_sound());
                assert_eq!(rows, &file.rows);
            }
            Err(_) => assert!(!file.is_sound() || file.rows.is_empty()),
        }
    } else {
        assert!(read.is_err(), "read, yet refused when parsed");
    }
    if let Err(problems) = &read {
        assert!(!problems.is_empty(), "refused without a problem");
        for m in problems.messages("people.csv") {
            yardstick_fuzz::words(&m.render(Lang::Zh), &m.render(Lang::En));
        }
    }
});
