//! `--help` in the user's language. The derive gives the command tree its shape; every
//! command's about and every argument's help is then set from [`TABLE`], whose keys are the
//! `[help]` section of the catalogues. The language is chosen before the arguments are
//! parsed ([`lang_before_parsing`]).

use clap::Command;
use yardstick_core::Lang;
use yardstick_i18n::{Key, k};

/// One line of `--help`: the path of subcommand names from the top, then `None` for the
/// command's about or `Some(id)` for the help of its argument `id` (the field's name).
type Entry = (&'static [&'static str], Option<&'static str>, Key);

/// Every command and argument the derive defines, with its words. A test fails when one is
/// missing or when a line names something that does not exist.
const TABLE: &[Entry] = &[
    (&[], None, k!("help.about")),
    (&[], Some("lang"), k!("help.lang")),
    (&["model"], None, k!("help.model.about")),
    (&["model", "show"], None, k!("help.model.show.about")),
    (
        &["model", "show"],
        Some("builtin"),
        k!("help.model.show.builtin"),
    ),
    (&["model", "show"], Some("file"), k!("help.model.show.file")),
    (&["model", "export"], None, k!("help.model.export.about")),
    (
        &["model", "export"],
        Some("builtin"),
        k!("help.model.export.builtin"),
    ),
    (
        &["model", "export"],
        Some("out"),
        k!("help.model.export.out"),
    ),
    (&["model", "import"], None, k!("help.model.import.about")),
    (
        &["model", "import"],
        Some("file"),
        k!("help.model.import.file"),
    ),
    (&["model", "import"], Some("db"), k!("help.model.import.db")),
    (
        &["model", "import"],
        Some("config"),
        k!("help.model.import.config"),
    ),
    (
        &["model", "import-text"],
        None,
        k!("help.model.import_text.about"),
    ),
    (
        &["model", "import-text"],
        Some("file"),
        k!("help.model.import_text.file"),
    ),
    (
        &["model", "import-text"],
        Some("out"),
        k!("help.model.import_text.out"),
    ),
    (
        &["model", "import-text"],
        Some("name"),
        k!("help.model.import_text.name"),
    ),
    (
        &["model", "import-text"],
        Some("version"),
        k!("help.model.import_text.version"),
    ),
    (&["score"], None, k!("help.score.about")),
    (&["score"], Some("builtin"), k!("help.score.builtin")),
    (&["score"], Some("model"), k!("help.score.model")),
    (&["score"], Some("responses"), k!("help.score.responses")),
    (&["score"], Some("weights"), k!("help.score.weights")),
    (&["score"], Some("threshold"), k!("help.score.threshold")),
    (&["score"], Some("format"), k!("help.score.format")),
    (&["score"], Some("out"), k!("help.score.out")),
    (&["score"], Some("items"), k!("help.score.items")),
    (&["serve"], None, k!("help.serve.about")),
    (&["serve"], Some("bind"), k!("help.serve.bind")),
    (&["serve"], Some("db"), k!("help.db")),
    (&["serve"], Some("config"), k!("help.config")),
    (&["demo"], None, k!("help.demo.about")),
    (&["demo"], Some("bind"), k!("help.demo.bind")),
    (&["user"], None, k!("help.user.about")),
    (&["user", "add"], None, k!("help.user.add.about")),
    (&["user", "add"], Some("name"), k!("help.user.add.name")),
    (&["user", "add"], Some("role"), k!("help.user.add.role")),
    (&["user", "add"], Some("person"), k!("help.user.add.person")),
    (
        &["user", "add"],
        Some("password_stdin"),
        k!("help.user.add.password_stdin"),
    ),
    (&["user", "add"], Some("db"), k!("help.db")),
    (&["user", "add"], Some("config"), k!("help.config")),
    (&["people"], None, k!("help.people.about")),
    (&["people", "import"], None, k!("help.people.import.about")),
    (
        &["people", "import"],
        Some("file"),
        k!("help.people.import.file"),
    ),
    (&["people", "import"], Some("db"), k!("help.db")),
    (&["people", "import"], Some("config"), k!("help.config")),
    (&["cycle"], None, k!("help.cycle.about")),
    (&["cycle", "create"], None, k!("help.cycle.create.about")),
    (
        &["cycle", "create"],
        Some("name"),
        k!("help.cycle.create.name"),
    ),
    (
        &["cycle", "create"],
        Some("model"),
        k!("help.cycle.create.model"),
    ),
    (
        &["cycle", "create"],
        Some("weights"),
        k!("help.cycle.create.weights"),
    ),
    (
        &["cycle", "create"],
        Some("threshold"),
        k!("help.cycle.create.threshold"),
    ),
    (
        &["cycle", "create"],
        Some("peers"),
        k!("help.cycle.create.peers"),
    ),
    (
        &["cycle", "create"],
        Some("assessees"),
        k!("help.cycle.create.assessees"),
    ),
    (
        &["cycle", "create"],
        Some("starts"),
        k!("help.cycle.create.starts"),
    ),
    (
        &["cycle", "create"],
        Some("ends"),
        k!("help.cycle.create.ends"),
    ),
    (
        &["cycle", "create"],
        Some("dimensions"),
        k!("help.cycle.create.dimensions"),
    ),
    (&["cycle", "create"], Some("db"), k!("help.db")),
    (&["cycle", "create"], Some("config"), k!("help.config")),
    (&["cycle", "assign"], None, k!("help.cycle.assign.about")),
    (&["cycle", "assign"], Some("id"), k!("help.cycle.id")),
    (
        &["cycle", "assign"],
        Some("auto"),
        k!("help.cycle.assign.auto"),
    ),
    (
        &["cycle", "assign"],
        Some("add"),
        k!("help.cycle.assign.add"),
    ),
    (&["cycle", "assign"], Some("db"), k!("help.db")),
    (&["cycle", "assign"], Some("config"), k!("help.config")),
    (&["cycle", "open"], None, k!("help.cycle.open.about")),
    (&["cycle", "open"], Some("id"), k!("help.cycle.id")),
    (&["cycle", "open"], Some("db"), k!("help.db")),
    (&["cycle", "open"], Some("config"), k!("help.config")),
    (&["cycle", "close"], None, k!("help.cycle.close.about")),
    (&["cycle", "close"], Some("id"), k!("help.cycle.id")),
    (&["cycle", "close"], Some("db"), k!("help.db")),
    (&["cycle", "close"], Some("config"), k!("help.config")),
    (&["cycle", "publish"], None, k!("help.cycle.publish.about")),
    (&["cycle", "publish"], Some("id"), k!("help.cycle.id")),
    (&["cycle", "publish"], Some("db"), k!("help.db")),
    (&["cycle", "publish"], Some("config"), k!("help.config")),
    (&["cycle", "status"], None, k!("help.cycle.status.about")),
    (&["cycle", "status"], Some("id"), k!("help.cycle.id")),
    (&["cycle", "status"], Some("db"), k!("help.db")),
    (&["cycle", "status"], Some("config"), k!("help.config")),
    (&["cycle", "links"], None, k!("help.cycle.links.about")),
    (&["cycle", "links"], Some("id"), k!("help.cycle.id")),
    (&["cycle", "links"], Some("out"), k!("help.cycle.links.out")),
    (
        &["cycle", "links"],
        Some("base_url"),
        k!("help.cycle.links.base_url"),
    ),
    (&["cycle", "links"], Some("db"), k!("help.db")),
    (&["cycle", "links"], Some("config"), k!("help.config")),
    (&["cycle", "list"], None, k!("help.cycle.list.about")),
    (&["cycle", "list"], Some("db"), k!("help.db")),
    (&["cycle", "list"], Some("config"), k!("help.config")),
    (&["cycle", "notice"], None, k!("help.cycle.notice.about")),
    (&["cycle", "notice"], Some("id"), k!("help.cycle.id")),
    (
        &["cycle", "notice"],
        Some("text"),
        k!("help.cycle.notice.text"),
    ),
    (
        &["cycle", "notice"],
        Some("file"),
        k!("help.cycle.notice.file"),
    ),
    (
        &["cycle", "notice"],
        Some("clear"),
        k!("help.cycle.notice.clear"),
    ),
    (&["cycle", "notice"], Some("db"), k!("help.db")),
    (&["cycle", "notice"], Some("config"), k!("help.config")),
    (&["cycle", "results"], None, k!("help.cycle.results.about")),
    (&["cycle", "results"], Some("id"), k!("help.cycle.id")),
    (
        &["cycle", "results"],
        Some("format"),
        k!("help.cycle.results.format"),
    ),
    (
        &["cycle", "results"],
        Some("out"),
        k!("help.cycle.results.out"),
    ),
    (
        &["cycle", "results"],
        Some("items"),
        k!("help.cycle.results.items"),
    ),
    (&["cycle", "results"], Some("db"), k!("help.db")),
    (&["cycle", "results"], Some("config"), k!("help.config")),
    (&["report"], None, k!("help.report.about")),
    (&["report"], Some("kind"), k!("help.report.kind")),
    (&["report"], Some("cycle"), k!("help.report.cycle")),
    (&["report"], Some("assessee"), k!("help.report.assessee")),
    (
        &["report"],
        Some("department"),
        k!("help.report.department"),
    ),
    (&["report"], Some("target"), k!("help.report.target")),
    (&["report"], Some("format"), k!("help.report.format")),
    (&["report"], Some("out"), k!("help.report.out")),
    (
        &["report"],
        Some("restricted"),
        k!("help.report.restricted"),
    ),
    (&["report"], Some("db"), k!("help.db")),
    (&["report"], Some("config"), k!("help.config")),
    (&["backup"], None, k!("help.backup.about")),
    (&["backup"], Some("file"), k!("help.backup.file")),
    (&["backup"], Some("force"), k!("help.backup.force")),
    (&["backup"], Some("db"), k!("help.db")),
    (&["backup"], Some("config"), k!("help.config")),
    (&["restore"], None, k!("help.restore.about")),
    (&["restore"], Some("file"), k!("help.restore.file")),
    (&["restore"], Some("replace"), k!("help.restore.replace")),
    (&["restore"], Some("db"), k!("help.db")),
    (&["restore"], Some("config"), k!("help.config")),
];

/// The language of `--help` and of the messages: `--lang zh|en` or `--lang=zh|en` among
/// the arguments (before a `--`), else `YARDSTICK_LANG`, else `locale`. A value that is not
/// a language is passed over here; clap refuses it when it parses.
pub fn lang_before_parsing(
    args: &[std::ffi::OsString],
    env: Option<&str>,
    locale: impl FnOnce() -> Lang,
) -> Lang {
    let mut args = args.iter().skip(1).map(|a| a.to_string_lossy());
    let mut found = None;
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        if arg == "--lang" {
            found = args.next().and_then(|v| Lang::parse(&v));
        } else if let Some(value) = arg.strip_prefix("--lang=") {
            found = Lang::parse(value);
        }
    }
    found
        .or_else(|| env.and_then(Lang::parse))
        .unwrap_or_else(locale)
}

/// `command` with its help in `lang`: the texts of [`TABLE`], and clap's own `-h`, `-V` and
/// `help` subcommand in words too. The command comes back built.
pub fn in_language(mut command: Command, lang: Lang) -> Command {
    for (path, arg, key) in TABLE {
        command = at(command, path, &|c| match arg {
            None => c.about(key.text(lang)).long_about(None::<&str>),
            Some(id) => c.mut_arg(*id, |a| a.help(key.text(lang)).long_help(None::<&str>)),
        });
    }
    command.build();
    clap_own(command, lang, true)
}

/// Applies `change` to the subcommand at `path` under `command`.
fn at(command: Command, path: &[&str], change: &dyn Fn(Command) -> Command) -> Command {
    match path.split_first() {
        None => change(command),
        Some((name, rest)) => command.mut_subcommand(*name, |c| at(c, rest, change)),
    }
}

/// The words of what clap adds while building: `-h/--help` everywhere, `-V/--version` at
/// the top, and the `help` subcommand.
fn clap_own(mut command: Command, lang: Lang, top: bool) -> Command {
    let help_flag = k!("help.help_flag").text(lang);
    let names: Vec<String> = command
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect();
    if command.get_arguments().any(|a| a.get_id() == "help") {
        command = command.mut_arg("help", |a| a.help(help_flag));
    }
    if top && command.get_arguments().any(|a| a.get_id() == "version") {
        command = command.mut_arg("version", |a| a.help(k!("help.version_flag").text(lang)));
    }
    for name in names {
        command = command.mut_subcommand(name.as_str(), |c| {
            if c.get_name() == "help" {
                help_command(c, lang)
            } else {
                clap_own(c, lang, false)
            }
        });
    }
    command
}

/// The `help` subcommand clap adds: its own about, and `help help` below it.
fn help_command(command: Command, lang: Lang) -> Command {
    let command = command.about(k!("help.help_command").text(lang));
    if command.get_subcommands().any(|c| c.get_name() == "help") {
        command.mut_subcommand("help", |c| help_command(c, lang))
    } else {
        command
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use clap::CommandFactory;

    use super::*;

    /// Every (path, argument) of the tree as the derive makes it, before clap adds its own.
    fn tree(
        command: &Command,
        path: &mut Vec<String>,
        out: &mut BTreeSet<(Vec<String>, Option<String>)>,
    ) {
        out.insert((path.clone(), None));
        for a in command.get_arguments() {
            out.insert((path.clone(), Some(a.get_id().to_string())));
        }
        for c in command.get_subcommands() {
            path.push(c.get_name().to_owned());
            tree(c, path, out);
            path.pop();
        }
    }

    #[test]
    fn every_command_and_argument_has_its_words_in_the_table_and_the_table_nothing_else() {
        let mut defined = BTreeSet::new();
        tree(&crate::Cli::command(), &mut Vec::new(), &mut defined);
        let mut listed = BTreeSet::new();
        for (path, arg, key) in TABLE {
            let entry = (
                path.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
                arg.map(str::to_owned),
            );
            assert!(listed.insert(entry.clone()), "listed twice: {entry:?}");
            for lang in [Lang::Zh, Lang::En] {
                assert!(!key.text(lang).is_empty(), "{entry:?} in {lang:?}");
            }
        }
        let missing: Vec<_> = defined.difference(&listed).collect();
        let unknown: Vec<_> = listed.difference(&defined).collect();
        assert!(
            missing.is_empty() && unknown.is_empty(),
            "without words in help.rs: {missing:?}; in help.rs but not defined: {unknown:?}"
        );
    }

    #[test]
    fn the_help_texts_are_those_of_the_table_in_the_chosen_language() {
        for lang in [Lang::Zh, Lang::En] {
            let command = in_language(crate::Cli::command(), lang);
            let create = command
                .find_subcommand("cycle")
                .and_then(|c| c.find_subcommand("create"))
                .unwrap();
            let about = create.get_about().unwrap().to_string();
            assert_eq!(about, k!("help.cycle.create.about").text(lang));
            let name = create
                .get_arguments()
                .find(|a| a.get_id() == "name")
                .unwrap();
            assert_eq!(
                name.get_help().unwrap().to_string(),
                k!("help.cycle.create.name").text(lang)
            );
            let help = create
                .get_arguments()
                .find(|a| a.get_id() == "help")
                .unwrap();
            assert_eq!(
                help.get_help().unwrap().to_string(),
                k!("help.help_flag").text(lang)
            );
        }
    }

    #[test]
    fn the_language_is_found_before_parsing() {
        let args = |v: &[&str]| v.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        let zh: fn() -> Lang = || Lang::Zh;
        let en: fn() -> Lang = || Lang::En;
        let pick = |a: &[std::ffi::OsString], env, locale: fn() -> Lang| {
            lang_before_parsing(a, env, locale)
        };
        assert_eq!(
            pick(&args(&["y", "--lang", "en", "cycle"]), Some("zh"), zh),
            Lang::En
        );
        assert_eq!(
            pick(&args(&["y", "cycle", "--lang=en"]), None, zh),
            Lang::En
        );
        assert_eq!(
            pick(&args(&["y", "--lang", "zh"]), Some("en"), en),
            Lang::Zh
        );
        assert_eq!(pick(&args(&["y", "--help"]), Some("en"), zh), Lang::En);
        assert_eq!(pick(&args(&["y", "--help"]), None, en), Lang::En);
        assert_eq!(pick(&args(&["y", "--lang", "fr"]), None, zh), Lang::Zh);
        assert_eq!(
            pick(&args(&["y", "--", "--lang", "en"]), None, zh),
            Lang::Zh
        );
    }
}
