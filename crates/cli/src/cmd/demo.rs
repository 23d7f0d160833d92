//! `yardstick demo`: the server with a demo company in `./yardstick-demo.db`, created on
//! first run and reused afterwards, with the administrator's login and three rater links
//! printed. The demo reads no configuration: its database, secret file and password are
//! its own.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use clap::Args;
use yardstick::config::{DEFAULT_BIND, SecretOrigin, Setting, Source, secret_beside};
use yardstick::demo::{
    ADMIN_PASSWORD, ADMIN_USER, ASSESSEE_PERSON, ASSESSEE_USER, DEMO_FILE, EARLIER_CYCLE_NAME,
    MANAGER_PERSON, MANAGER_USER, USER_PASSWORD, find_cycle, open_links, populate,
};
use yardstick_core::Lang;
use yardstick_i18n::t;
use yardstick_store::{SqlStore, Store};

use super::serve::{announce, init_tracing, listen, serve, url_of};
use crate::BadInput;

#[derive(Args)]
pub struct DemoArgs {
    /// Address to listen on (port 0 picks a free port)
    #[arg(long, value_name = "ADDR", default_value = DEFAULT_BIND)]
    bind: String,
}

pub fn run(args: DemoArgs, lang: Lang) -> anyhow::Result<()> {
    let file = Path::new(DEMO_FILE);
    let secret = secret_beside(file, lang)?;
    init_tracing();
    for warning in &secret.warnings {
        tracing::warn!("{warning}");
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .with_context(|| t!(lang, "cli.serve.runtime"))?;
    runtime.block_on(async {
        let web = yardstick_web::Config::new(secret.secret.clone());
        let store = SqlStore::open(&format!("sqlite://{DEMO_FILE}"), secret.secret)
            .await
            .map_err(|e| {
                BadInput::line(t!(
                    lang,
                    "cli.demo.cannot_open",
                    file = DEMO_FILE,
                    why = e.to_string()
                ))
            })?;
        let store = Arc::new(store);
        let cycle = match find_cycle(&*store).await? {
            Some(cycle) => {
                eprintln!("{}", t!(lang, "cli.demo.reusing", file = DEMO_FILE));
                cycle.id
            }
            None => {
                eprintln!("{}", t!(lang, "cli.demo.creating", file = DEMO_FILE));
                let made = populate(&*store)
                    .await
                    .with_context(|| t!(lang, "cli.demo.failed", file = DEMO_FILE))?;
                eprintln!(
                    "{}",
                    t!(
                        lang,
                        "cli.demo.made",
                        people = made.people,
                        assignments = made.assignments,
                        submitted = made.submitted,
                        drafts = made.drafts
                    )
                );
                made.cycle
            }
        };
        if let SecretOrigin::Created(path) = &secret.origin {
            tracing::info!("generated the server secret {}", path.display());
        }
        let links = open_links(&*store, cycle).await?;
        let logins = logins(&*store, lang).await?;
        let bind = Setting {
            value: args.bind.clone(),
            source: Source::Flag("--bind"),
        };
        let listener = match listen(&bind, lang).await {
            Ok(l) => l,
            Err(e) => {
                store.close().await;
                return Err(e);
            }
        };
        let addr = listener.local_addr()?;
        if !addr.ip().is_loopback() {
            tracing::warn!(
                "the demo listens on {addr}, beyond this machine, and its administrator password is public"
            );
        }
        let url = url_of(addr);
        let mut text = String::new();
        for line in [
            t!(lang, "cli.demo.started", url = url.as_str()),
            t!(
                lang,
                "cli.demo.login",
                user = ADMIN_USER,
                password = ADMIN_PASSWORD
            ),
        ] {
            text.push_str(&line);
            text.push('\n');
        }
        text.push_str(&logins);
        text.push_str(t!(lang, "cli.demo.links"));
        text.push('\n');
        for link in &links {
            // The demo company's names are Chinese: joined the Chinese way in both languages.
            let assessees = link.assessees.join(t!(Lang::Zh, "i18n.list_separator"));
            text.push_str("  ");
            text.push_str(&t!(
                lang,
                "cli.demo.link",
                rater = link.rater.as_str(),
                assessees = assessees,
                link = format!("{url}{}", link.link)
            ));
            text.push('\n');
        }
        announce(text.trim_end());
        serve(store, listener, web).await
    })
}

/// The lines naming what the administrator sees, the manager's and the assessee's logins
/// and what they see, and the published earlier cycle.
async fn logins(store: &dyn Store, lang: Lang) -> anyhow::Result<String> {
    let people = store.people().await?;
    let person = |id: &str| people.iter().find(|p| p.id == id);
    let mut lines = vec![format!("  {}", t!(lang, "cli.demo.logins.hr_sees"))];
    if let Some(m) = person(MANAGER_PERSON) {
        lines.push(t!(
            lang,
            "cli.demo.logins.manager",
            name = m.name.as_str(),
            title = m.title.as_str(),
            user = MANAGER_USER,
            password = USER_PASSWORD
        ));
        lines.push(format!("  {}", t!(lang, "cli.demo.logins.manager_sees")));
    }
    if let Some(a) = person(ASSESSEE_PERSON) {
        lines.push(t!(
            lang,
            "cli.demo.logins.assessee",
            name = a.name.as_str(),
            title = a.title.as_str(),
            department = a.department.as_str(),
            user = ASSESSEE_USER,
            password = USER_PASSWORD
        ));
        lines.push(format!("  {}", t!(lang, "cli.demo.logins.assessee_sees")));
    }
    let cycles = store.cycles().await?;
    if let Some(earlier) = cycles.iter().find(|c| c.name == EARLIER_CYCLE_NAME) {
        lines.push(t!(
            lang,
            "cli.demo.logins.earlier",
            cycle = earlier.name.as_str(),
            id = earlier.id
        ));
    }
    let mut text = lines.join("\n");
    text.push('\n');
    Ok(text)
}
