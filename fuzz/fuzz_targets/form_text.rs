//! The form in the seed's text layout (`model import-text`): a model it accepts is within
//! bounds and can be saved as a model file that reads again as the same model; a refused form
//! names at least one problem, in words.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yardstick_formats::{FormOptions, read_form_text, read_model_toml, write_model_toml};
use yardstick_i18n::Lang;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match read_form_text(text, &FormOptions::default()) {
        Ok(validated) => {
            yardstick_fuzz::model(&validated.model);
            let written = write_model_toml(&validated.model);
            match read_model_toml(&written) {
                Ok(again) => assert_eq!(again.model, validated.model, "changed on the way round"),
                Err(p) => {
                    panic!("saved as a model file, the form no longer reads: {p:?}\n{written}")
                }
            }
        }
        Err(problems) => {
            assert!(!problems.is_empty(), "refused without a problem");
            for p in problems {
                let m = p.message();
                yardstick_fuzz::words(&m.render(Lang::Zh), &m.render(Lang::En));
            }
        }
    }
});
