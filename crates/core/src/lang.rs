//! The two languages every user-facing message is written in.

/// The language of a message: Chinese (the default of the product) or English.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    /// 中文 (简体).
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// Parses `zh`, `en` and locale-like values such as `zh_CN.UTF-8`, `en-US` or `zh-Hans`.
    pub fn parse(value: &str) -> Option<Lang> {
        let v = value.trim().to_ascii_lowercase();
        if v.starts_with("zh") {
            Some(Lang::Zh)
        } else if v.starts_with("en") || v == "c" || v.starts_with("c.") || v == "posix" {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language a locale setting asks for (the value of `LC_ALL`, `LC_MESSAGES` or `LANG`
    /// as found first). Chinese locales give Chinese; every other locale gives English.
    pub fn from_locale(value: Option<&str>) -> Lang {
        match value.map(str::trim).filter(|v| !v.is_empty()) {
            Some(v) if v.to_ascii_lowercase().starts_with("zh") => Lang::Zh,
            Some(_) => Lang::En,
            None => Lang::Zh,
        }
    }

    /// Picks the Chinese or the English text.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_choose_the_language() {
        assert_eq!(Lang::from_locale(Some("zh_CN.UTF-8")), Lang::Zh);
        assert_eq!(Lang::from_locale(Some("en_US.UTF-8")), Lang::En);
        assert_eq!(Lang::from_locale(Some("C.UTF-8")), Lang::En);
        assert_eq!(Lang::from_locale(None), Lang::Zh);
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("zh-Hans"), Some(Lang::Zh));
        assert_eq!(Lang::parse("fr"), None);
    }
}
