//! Settings (file < environment < flag) and the server secret beside a SQLite file.

use std::collections::HashMap;
use std::path::PathBuf;

use yardstick::config::{
    FileSettings, Flags, SecretOrigin, Settings, Source, secret_beside, secret_path,
};
use yardstick_core::Lang;

use crate::{PEOPLE, command_in, run_in, stderr};

fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |name| map.get(name).cloned()
}

fn file(db: &str, bind: &str) -> Option<(PathBuf, FileSettings)> {
    Some((
        PathBuf::from("yardstick.toml"),
        FileSettings {
            db: Some(db.into()),
            bind: Some(bind.into()),
            ..FileSettings::default()
        },
    ))
}

#[test]
fn each_setting_takes_the_file_then_the_environment_then_the_flag() {
    let none = Flags::default();
    let defaults = Settings::resolve(&none, &env(&[]), None);
    assert_eq!(defaults.db.value, "sqlite://yardstick.db");
    assert_eq!(defaults.bind.value, "127.0.0.1:8080");
    assert_eq!(defaults.base_url.value, "http://127.0.0.1:8080");
    assert_eq!(defaults.db.source, Source::Default);
    assert!(defaults.secret.is_none());

    let from_file = Settings::resolve(&none, &env(&[]), file("sqlite://file.db", "0.0.0.0:1"));
    assert_eq!(from_file.db.value, "sqlite://file.db");
    assert_eq!(
        from_file.db.source,
        Source::File(PathBuf::from("yardstick.toml"))
    );
    assert_eq!(from_file.bind.value, "0.0.0.0:1");

    let environment = env(&[("YARDSTICK_DB", "sqlite://env.db")]);
    let from_env = Settings::resolve(&none, &environment, file("sqlite://file.db", "0.0.0.0:1"));
    assert_eq!(from_env.db.value, "sqlite://env.db");
    assert_eq!(from_env.db.source, Source::Env("YARDSTICK_DB"));
    // A setting the environment leaves alone still comes from the file.
    assert_eq!(from_env.bind.value, "0.0.0.0:1");

    let flags = Flags {
        db: Some("sqlite://flag.db".into()),
        ..Flags::default()
    };
    let from_flag = Settings::resolve(&flags, &environment, file("sqlite://file.db", "0.0.0.0:1"));
    assert_eq!(from_flag.db.value, "sqlite://flag.db");
    assert_eq!(from_flag.db.source, Source::Flag("--db"));

    // A blank variable counts as unset.
    let blank = env(&[("YARDSTICK_DB", "  ")]);
    let s = Settings::resolve(&none, &blank, file("sqlite://file.db", "0.0.0.0:1"));
    assert_eq!(s.db.value, "sqlite://file.db");
}

#[test]
fn the_configuration_file_is_found_by_flag_variable_or_in_the_working_directory() {
    let dir = tempfile::tempdir().unwrap();
    let named = dir.path().join("named.toml");
    std::fs::write(
        &named,
        "db = \"sqlite://named.db\"\nbase_url = \"https://360.example.com\"\n",
    )
    .unwrap();
    let flags = Flags {
        config: Some(named.clone()),
        ..Flags::default()
    };
    let s = Settings::load_with(&flags, &env(&[]), Lang::En).unwrap();
    assert_eq!(s.db.value, "sqlite://named.db");
    assert_eq!(s.base_url.value, "https://360.example.com");
    assert_eq!(s.file.as_deref(), Some(named.as_path()));

    let by_variable = env(&[("YARDSTICK_CONFIG", named.to_str().unwrap())]);
    let s = Settings::load_with(&Flags::default(), &by_variable, Lang::En).unwrap();
    assert_eq!(s.db.value, "sqlite://named.db");

    // A file asked for by name must exist.
    let missing = Flags {
        config: Some(dir.path().join("missing.toml")),
        ..Flags::default()
    };
    let e = Settings::load_with(&missing, &env(&[]), Lang::En).unwrap_err();
    assert!(e.to_string().contains("missing.toml"), "{e}");
}

#[test]
fn the_binary_takes_the_database_from_the_flag_over_the_environment_over_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("people.csv"), PEOPLE).unwrap();
    std::fs::write(d.join("yardstick.toml"), "db = \"sqlite://file.db\"\n").unwrap();

    let o = run_in(d, &["people", "import", "people.csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(d.join("file.db").exists());

    let o = command_in(d, &["people", "import", "people.csv"])
        .env("YARDSTICK_DB", "sqlite://env.db")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(d.join("env.db").exists());

    let o = command_in(
        d,
        &["people", "import", "people.csv", "--db", "sqlite://flag.db"],
    )
    .env("YARDSTICK_DB", "sqlite://env.db")
    .output()
    .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(d.join("flag.db").exists());
    assert!(
        !d.join("yardstick.db").exists(),
        "the default was never used"
    );
}

#[test]
fn an_unknown_key_in_the_configuration_file_is_named_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("yardstick.toml"),
        "db = \"sqlite://x.db\"\ndatabase = \"y\"\n",
    )
    .unwrap();
    let o = run_in(dir.path(), &["cycle", "list"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("yardstick.toml: line 2"), "{err}");
    assert!(err.contains("database"), "{err}");
    assert!(!dir.path().join("x.db").exists());
}

#[test]
fn serve_help_lists_the_file_keys_and_variables() {
    let o = crate::run(&["serve", "--help"]);
    assert!(o.status.success());
    let help = crate::stdout(&o);
    for word in [
        "yardstick.toml",
        "YARDSTICK_CONFIG",
        "YARDSTICK_DB",
        "YARDSTICK_BIND",
        "YARDSTICK_SECRET",
        "YARDSTICK_BASE_URL",
        "base_url",
        "secret",
        ".secret",
        "RUST_LOG",
        "Configuration file",
        "--bind",
    ] {
        assert!(help.contains(word), "{word} missing from\n{help}");
    }
}

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn the_secret_file_is_created_private_beside_the_sqlite_file_and_reused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("data.db");
    let first = secret_beside(&db, Lang::En).unwrap();
    let path = secret_path(&db);
    assert_eq!(path, dir.path().join("data.db.secret"));
    assert_eq!(first.origin, SecretOrigin::Created(path.clone()));
    assert!(first.warnings.is_empty(), "{:?}", first.warnings);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.trim().len(), 64);
    assert!(text.trim().bytes().all(|b| b.is_ascii_hexdigit()));
    #[cfg(unix)]
    assert_eq!(mode(&path), 0o600);

    let second = secret_beside(&db, Lang::En).unwrap();
    assert_eq!(second.origin, SecretOrigin::File(path.clone()));
    assert_eq!(second.secret.to_text(), first.secret.to_text());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);

    // Through the binary: the first command creates it, the next ones use the same.
    let d = dir.path();
    std::fs::write(d.join("people.csv"), PEOPLE).unwrap();
    let o = run_in(d, &["people", "import", "people.csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let made = std::fs::read_to_string(d.join("yardstick.db.secret")).unwrap();
    #[cfg(unix)]
    assert_eq!(mode(&d.join("yardstick.db.secret")), 0o600);
    assert!(stderr(&o).contains("yardstick.db.secret"), "{}", stderr(&o));
    let o = run_in(d, &["people", "import", "people.csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(d.join("yardstick.db.secret")).unwrap(),
        made
    );
    assert!(!stderr(&o).contains("secret"), "{}", stderr(&o));
}

#[test]
fn a_damaged_secret_file_is_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("data.db");
    std::fs::write(secret_path(&db), "not a secret\n").unwrap();
    let e = secret_beside(&db, Lang::En).unwrap_err();
    assert!(e.to_string().contains("Restore it from a backup"), "{e}");
    assert_eq!(
        std::fs::read_to_string(secret_path(&db)).unwrap(),
        "not a secret\n"
    );
}

#[test]
fn a_configured_secret_wins_and_must_be_64_hexadecimal_digits() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("x.db").display());
    let flags = Flags {
        db: Some(url),
        ..Flags::default()
    };
    let good = "ab".repeat(32);
    let s = Settings::resolve(&flags, &env(&[("YARDSTICK_SECRET", &good)]), None);
    let secret = s.link_secret(Lang::En).unwrap();
    assert_eq!(secret.secret.to_text(), good);
    assert_eq!(
        secret.origin,
        SecretOrigin::Configured(Source::Env("YARDSTICK_SECRET"))
    );
    assert!(
        !dir.path().join("x.db.secret").exists(),
        "no file when configured"
    );

    let s = Settings::resolve(&flags, &env(&[("YARDSTICK_SECRET", "abc")]), None);
    let e = s.link_secret(Lang::En).unwrap_err();
    assert!(e.to_string().contains("YARDSTICK_SECRET"), "{e}");
    assert!(e.to_string().contains("64 hexadecimal digits"), "{e}");
}

#[test]
fn postgres_needs_a_configured_secret_and_says_how_to_set_it() {
    let flags = Flags {
        db: Some("postgres://yardstick:hunter2@127.0.0.1:1/yardstick".into()),
        ..Flags::default()
    };
    let s = Settings::resolve(&flags, &env(&[]), None);
    let e = s.link_secret(Lang::En).unwrap_err().to_string();
    assert!(e.contains("secret = "), "{e}");
    assert!(e.contains("YARDSTICK_SECRET"), "{e}");
    assert!(e.contains("same secret"), "{e}");
    // Commands that make no links do not need it.
    assert_eq!(
        s.store_secret(Lang::En).unwrap().origin,
        SecretOrigin::Ephemeral
    );
    let configured = Settings::resolve(
        &flags,
        &env(&[("YARDSTICK_SECRET", &"0f".repeat(32))]),
        None,
    );
    assert!(configured.link_secret(Lang::En).is_ok());

    // The binary refuses before connecting anywhere, in either language.
    let dir = tempfile::tempdir().unwrap();
    let url = "postgres://yardstick:hunter2@127.0.0.1:1/yardstick";
    let o = run_in(dir.path(), &["serve", "--db", url]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("YARDSTICK_SECRET"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("hunter2"));
    let o = command_in(
        dir.path(),
        &["--lang", "zh", "cycle", "links", "1", "--db", url],
    )
    .output()
    .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("必须配置服务器密钥"), "{}", stderr(&o));
}

#[test]
fn the_smtp_table_is_read_with_its_password_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mail.toml");
    std::fs::write(
        &path,
        "[smtp]\nhost = \"smtp.example.com\"\nport = 2525\nfrom = \"人力资源部 <hr@example.com>\"\n\
         tls = \"none\"\nusername = \"hr\"\npassword = \"in the file\"\n",
    )
    .unwrap();
    let flags = Flags {
        config: Some(path.clone()),
        ..Flags::default()
    };
    let settings = Settings::load_with(&flags, &env(&[]), Lang::En).unwrap();
    let smtp = settings.smtp.unwrap();
    assert_eq!(smtp.host, "smtp.example.com");
    assert_eq!(smtp.port, Some(2525));
    assert_eq!(smtp.from, "人力资源部 <hr@example.com>");
    assert_eq!(smtp.tls.as_deref(), Some("none"));
    assert_eq!(smtp.password.as_deref(), Some("in the file"));
    let settings = Settings::load_with(
        &flags,
        &env(&[("YARDSTICK_SMTP_PASSWORD", "from the environment")]),
        Lang::En,
    )
    .unwrap();
    assert_eq!(
        settings.smtp.unwrap().password.as_deref(),
        Some("from the environment")
    );
    // Without the table: no e-mail.
    assert!(
        Settings::load_with(&Flags::default(), &env(&[]), Lang::En)
            .unwrap()
            .smtp
            .is_none()
    );
}

#[test]
fn serve_refuses_an_smtp_table_that_cannot_work_and_says_what_is_wrong() {
    for (table, expect) in [
        (
            "[smtp]\nhost = \"127.0.0.1\"\nfrom = \"nobody\"\n",
            "is not an e-mail address",
        ),
        (
            "[smtp]\nhost = \"127.0.0.1\"\nfrom = \"hr@example.com\"\ntls = \"ssl\"\n",
            "use none, starttls or tls",
        ),
        (
            "[smtp]\nhost = \"127.0.0.1\"\nfrom = \"hr@example.com\"\nuser = \"x\"\n",
            "line 5: unknown field `user`",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("yardstick.toml"),
            format!("db = \"sqlite://x.db\"\n{table}"),
        )
        .unwrap();
        let o = run_in(dir.path(), &["serve", "--bind", "127.0.0.1:0"]);
        assert_eq!(o.status.code(), Some(1), "{table}");
        let err = stderr(&o);
        assert!(err.contains(expect), "{table}: {err}");
        assert!(err.contains("yardstick.toml"), "{err}");
    }
}
