//! `yardstick demo`: the server with a demo company in `./yardstick-demo.db`, created on
//! first run and reused afterwards, with the administrator's login and three rater links
//! printed. The demo reads no configuration: its database, secret file and password are
//! its own.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use clap::Args;
use yardstick::config::{DEFAULT_BIND, SecretOrigin, Setting, Source, secret_beside};
use yardstick::demo::{ADMIN_PASSWORD, ADMIN_USER, DEMO_FILE, find_cycle, open_links, populate};
use yardstick_core::Lang;
use yardstick_store::{SqlStore, Store};

use super::serve::{announce, init_tracing, listen, serve, url_of};
use crate::BadInput;

#[derive(Args)]
pub struct DemoArgs {
    /// Address to listen on (port 0 picks a free port) / 监听地址(端口 0 表示自动选择空闲端口)
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
        .context("cannot start the async runtime")?;
    runtime.block_on(async {
        let web = yardstick_web::Config::new(secret.secret.clone());
        let store = SqlStore::open(&format!("sqlite://{DEMO_FILE}"), secret.secret)
            .await
            .map_err(|e| {
                BadInput::line(match lang {
                    Lang::Zh => format!("无法打开 {DEMO_FILE}:{e}"),
                    Lang::En => format!("cannot open {DEMO_FILE}: {e}"),
                })
            })?;
        let store = Arc::new(store);
        let cycle = match find_cycle(&*store).await? {
            Some(cycle) => {
                eprintln!(
                    "{}",
                    match lang {
                        Lang::Zh => format!(
                            "沿用已有的 {DEMO_FILE}(删除它即可重新生成)"
                        ),
                        Lang::En => format!(
                            "reusing {DEMO_FILE} (delete it to start afresh)"
                        ),
                    }
                );
                cycle.id
            }
            None => {
                eprintln!(
                    "{}",
                    match lang {
                        Lang::Zh => format!("正在 {DEMO_FILE} 中生成演示公司……"),
                        Lang::En => format!("creating the demo company in {DEMO_FILE}…"),
                    }
                );
                let made = populate(&*store).await.with_context(|| match lang {
                    Lang::Zh => format!("生成演示数据失败;删除 {DEMO_FILE} 后重试"),
                    Lang::En => format!("the demo could not be made; delete {DEMO_FILE} and try again"),
                })?;
                eprintln!(
                    "{}",
                    match lang {
                        Lang::Zh => format!(
                            "{} 人,{} 条评价分配,{} 份已提交,{} 份草稿",
                            made.people, made.assignments, made.submitted, made.drafts
                        ),
                        Lang::En => format!(
                            "{} people, {} assignments, {} responses submitted, {} drafts",
                            made.people, made.assignments, made.submitted, made.drafts
                        ),
                    }
                );
                made.cycle
            }
        };
        if let SecretOrigin::Created(path) = &secret.origin {
            tracing::info!("generated the server secret {}", path.display());
        }
        let links = open_links(&*store, cycle).await?;
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
        let mut text = match lang {
            Lang::Zh => format!(
                "Yardstick 演示已启动:{url}\nHR 登录:用户名 {ADMIN_USER},密码 {ADMIN_PASSWORD}\n尚未完成评价的评价人链接:\n"
            ),
            Lang::En => format!(
                "Yardstick demo: {url}\nHR login: user {ADMIN_USER}, password {ADMIN_PASSWORD}\nLinks of raters who still have something to answer:\n"
            ),
        };
        for link in &links {
            let assessees = link.assessees.join("、");
            text.push_str(&match lang {
                Lang::Zh => format!("  {}({assessees}):{url}{}\n", link.rater, link.link),
                Lang::En => format!("  {} ({assessees}): {url}{}\n", link.rater, link.link),
            });
        }
        announce(text.trim_end());
        serve(store, listener, web).await
    })
}
