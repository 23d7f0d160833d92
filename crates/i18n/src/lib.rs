//! Every sentence Yardstick shows a person, in Chinese and English, and the means to put a
//! message into words in the reader's language.
//!
//! The words live in two catalogues, `catalogue/zh.toml` and `catalogue/en.toml`, one text per
//! key (`rater.save_draft = "保存草稿"`). Code and templates name a key, never a sentence:
//!
//! - [`k!`]`("key")` is the [`Key`]; a key that is not in the catalogues does not compile.
//! - [`t!`]`(lang, "key")` is the text of a key without arguments, and
//!   `t!(lang, "key", name = value, …)` the text with its placeholders filled.
//! - [`msg!`]`("key", name = value, …)` is a [`Message`]: a key and its arguments, which errors
//!   carry through the layers until the edge (a page, an API answer, the command line) puts it
//!   into words with [`Message::render`].
//!
//! Texts take placeholders `{name}` and plural choices `{n|one|other}` (`#` in a choice is the
//! number); `{{` and `}}` are braces. The build stops when the two catalogues do not hold the
//! same keys with the same placeholders; a test fails when a key is not used anywhere.

#![forbid(unsafe_code)]

mod check;

pub use check::is_key;

/// The checks the build runs on the catalogues, for tests that show they catch mistakes.
pub mod checks {
    pub use crate::check::{Flat, Piece, pieces, placeholders, problems};
}

/// The two languages every message is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// 中文 (简体), the product's default.
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// Both languages.
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

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

    /// `zh` or `en`, as cookies, `?lang=` and `--lang` write it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The language tag of an HTML page: `zh-CN` or `en`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    fn table(self) -> &'static [&'static [Part]; KEY_COUNT] {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
}

impl From<&Lang> for Lang {
    fn from(lang: &Lang) -> Lang {
        *lang
    }
}

/// One part of a text as compiled from the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// Literal text.
    Text(&'static str),
    /// The value of an argument.
    Arg(&'static str),
    /// A plural choice: the argument's name, the text for one, the text for any other number.
    Plural(&'static str, &'static str, &'static str),
}

/// A message's key: an index into the catalogues, made only by [`k!`] and [`plain!`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key(u16);

impl Key {
    #[doc(hidden)]
    pub const fn __at(index: u16) -> Key {
        Key(index)
    }

    /// The key as written in the catalogues, e.g. `rater.save_draft`.
    pub fn name(self) -> &'static str {
        KEYS[usize::from(self.0)]
    }

    /// The compiled text of the key in `lang`.
    pub fn parts(self, lang: Lang) -> &'static [Part] {
        lang.table()[usize::from(self.0)]
    }

    /// The key's text in `lang` when it takes no argument (what [`t!`] gives for a key alone).
    /// `lang` may be a reference, as templates pass it.
    pub fn text(self, lang: impl Into<Lang>) -> &'static str {
        match self.parts(lang.into()) {
            [Part::Text(text)] => text,
            _ => "",
        }
    }

    /// Every key of the catalogues.
    pub fn all() -> impl Iterator<Item = Key> {
        (0..KEY_COUNT).filter_map(|i| u16::try_from(i).ok().map(Key))
    }
}

/// The value of a message's argument.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    /// Text as given (a name, a code, a value from a file).
    Text(String),
    /// A whole number.
    Int(i64),
    /// A number, written as Rust writes it (`1.5`, `1000`).
    Float(f64),
    /// Another message, put into words in the same language.
    Message(Box<Message>),
    /// A list, joined in the language's way (`a、b` or `a, b`).
    List(Vec<Arg>),
}

macro_rules! arg_from {
    ($($t:ty => $variant:ident($conv:expr)),* $(,)?) => {
        $(impl From<$t> for Arg {
            fn from(value: $t) -> Arg {
                Arg::$variant($conv(value))
            }
        })*
    };
}

arg_from! {
    &str => Text(str::to_string),
    &String => Text(String::clone),
    String => Text(std::convert::identity),
    i64 => Int(std::convert::identity),
    i32 => Int(i64::from),
    u32 => Int(i64::from),
    u16 => Int(i64::from),
    u8 => Int(i64::from),
    u64 => Int(|v: u64| i64::try_from(v).unwrap_or(i64::MAX)),
    usize => Int(|v: usize| i64::try_from(v).unwrap_or(i64::MAX)),
    f64 => Float(std::convert::identity),
    Message => Message(Box::new),
    Key => Message(|k: Key| Box::new(Message::new(k))),
}

impl<T: Into<Arg>> From<Vec<T>> for Arg {
    fn from(values: Vec<T>) -> Arg {
        Arg::List(values.into_iter().map(Into::into).collect())
    }
}

/// A message not yet in words: a key and the values of its placeholders.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    key: Key,
    args: Vec<(&'static str, Arg)>,
}

impl From<Key> for Message {
    fn from(key: Key) -> Message {
        Message::new(key)
    }
}

impl Message {
    /// The message of `key`, without arguments yet.
    pub fn new(key: Key) -> Message {
        Message {
            key,
            args: Vec::new(),
        }
    }

    /// The message with the argument `name` set to `value`.
    #[must_use]
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Message {
        self.args.push((name, value.into()));
        self
    }

    /// The key.
    pub fn key(&self) -> Key {
        self.key
    }

    /// The value of an argument, if given.
    pub fn get(&self, name: &str) -> Option<&Arg> {
        self.args.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// The message in words, in `lang`. A placeholder without its argument is left as
    /// `{name}` (the tests of each message make sure none is).
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        self.render_into(lang, &mut out);
        out
    }

    fn render_into(&self, lang: Lang, out: &mut String) {
        for part in self.key.parts(lang) {
            match *part {
                Part::Text(text) => out.push_str(text),
                Part::Arg(name) => match self.get(name) {
                    Some(value) => value.render_into(lang, out),
                    None => {
                        debug_assert!(false, "{}: no argument `{name}`", self.key.name());
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                },
                Part::Plural(name, one, other) => {
                    let value = self.get(name);
                    let is_one = matches!(value, Some(Arg::Int(1)))
                        || matches!(value, Some(Arg::Float(f)) if *f == 1.0);
                    let text = if is_one { one } else { other };
                    let mut number = String::new();
                    if let Some(v) = value {
                        v.render_into(lang, &mut number);
                    }
                    out.push_str(&text.replace('#', &number));
                }
            }
        }
    }
}

impl Arg {
    fn render_into(&self, lang: Lang, out: &mut String) {
        use std::fmt::Write as _;
        match self {
            Arg::Text(text) => out.push_str(text),
            Arg::Int(n) => {
                let _ = write!(out, "{n}");
            }
            Arg::Float(f) => {
                let _ = write!(out, "{f}");
            }
            Arg::Message(m) => m.render_into(lang, out),
            Arg::List(values) => {
                let separator = plain!("i18n.list_separator").text(lang);
                for (i, v) in values.iter().enumerate() {
                    if i > 0 {
                        out.push_str(separator);
                    }
                    v.render_into(lang, out);
                }
            }
        }
    }
}

// Keys are taken as `tt`, not `literal`: a captured `literal` fragment is opaque and would
// never match the key arms of `k!` and `plain!`.

/// The text of a key in a language: `t!(lang, "key")` for a key without arguments (a
/// `&'static str`), `t!(lang, "key", name = value, …)` with its arguments (a `String`).
#[macro_export]
macro_rules! t {
    ($lang:expr, $key:tt $(,)?) => {
        $crate::plain!($key).text($lang)
    };
    ($lang:expr, $key:tt, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::Message::new($crate::k!($key))$(.arg(stringify!($name), $value))+.render($lang)
    };
}

/// A [`Message`]: `msg!("key")` or `msg!("key", name = value, …)`.
#[macro_export]
macro_rules! msg {
    ($key:tt $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::Message::new($crate::k!($key))$(.arg(stringify!($name), $value))*
    };
}

include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));

#[cfg(test)]
mod tests;
