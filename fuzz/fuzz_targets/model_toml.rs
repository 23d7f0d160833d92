//! The model file (TOML): a model it accepts is within bounds, and written back out it reads
//! again as the same model; a refused file names at least one problem, in words.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yardstick_formats::{read_model_toml, write_model_toml};
use yardstick_i18n::Lang;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match read_model_toml(text) {
        Ok(validated) => {
            yardstick_fuzz::model(&validated.model);
            let written = write_model_toml(&validated.model);
            match read_model_toml(&written) {
                Ok(again) => assert_eq!(again.model, validated.model, "changed on the way round"),
                Err(p) => panic!("written out, the model no longer reads: {p:?}\n{written}"),
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
