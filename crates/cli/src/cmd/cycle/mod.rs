//! `yardstick cycle …`: create a cycle, assign raters, move it through its states
//! (`draft → open → closed → published`), list cycles; progress and links are in
//! [`status`] and [`links`].

mod links;
mod notice;
mod results;
mod status;

use clap::{Args, Subcommand};
use yardstick_core::{CycleDraft, CycleField, Lang, Relationship, Weights};
use yardstick_formats::text::halfwidth;
use yardstick_i18n::{k, msg, t};
use yardstick_store::{
    AssesseeChoice, Cycle, CycleState, ModelChoice, NewAssignment, NewCycle, RaterChoice,
};

use super::db::{DbArgs, Explain, Links, with_store};
use crate::BadInput;
use crate::output::{table, terminal_cell};

#[derive(Subcommand)]
pub enum CycleCommand {
    /// Create a cycle (in the draft state) and print its id
    Create(CreateArgs),
    /// Assign raters: from the org chart (--auto), by hand (--add), or both
    Assign(AssignArgs),
    /// Open a cycle: raters can answer, and its model is frozen
    Open(IdArgs),
    /// Close a cycle: answers are final
    Close(IdArgs),
    /// Publish a cycle's results to assessees and managers
    Publish(IdArgs),
    /// A cycle's state and progress, per assessee
    Status(IdArgs),
    /// Every rater's personal link, as CSV
    Links(links::LinksArgs),
    /// List the cycles, newest first
    List(ListArgs),
    /// Show, set (--text, --file) or remove (--clear) the privacy notice outside raters read
    /// before their first questionnaire
    Notice(notice::NoticeArgs),
    /// The cycle's results (SPEC §5) as JSON, CSV or XLSX, as the API gives them
    Results(results::ResultsArgs),
}

#[derive(Args)]
pub struct CreateArgs {
    /// The cycle's name, e.g. 2026年度管理人员360评估
    #[arg(long, value_name = "NAME")]
    name: String,
    /// The model: builtin, or the id of a model stored with `model import F --db URL`
    #[arg(long, default_value = "builtin", value_name = "builtin|ID")]
    model: String,
    /// Relationship weights, e.g. superior=40,peer=20 (others keep the defaults self 0,
    /// superior 40, peer 20, subordinate 20, customer 20)
    #[arg(long, value_name = "W")]
    weights: Option<String>,
    /// Anonymity threshold k (1 turns pooling off)
    #[arg(long, default_value_t = 3, value_name = "K")]
    threshold: i64,
    /// Most peers automatic assignment gives each assessee
    #[arg(long, default_value_t = 4, value_name = "N")]
    peers: i64,
    /// Who is assessed: all, or employee ids separated by commas
    #[arg(long, default_value = "all", value_name = "all|ID,ID…")]
    assessees: String,
    /// First day, YYYY-MM-DD
    #[arg(long, value_name = "YYYY-MM-DD")]
    starts: Option<String>,
    /// Last day, YYYY-MM-DD
    #[arg(long, value_name = "YYYY-MM-DD")]
    ends: Option<String>,
    /// The dimensions a relationship is asked, e.g. customer=1,4,5,6; repeat the option or
    /// separate relationships with `;` (others are asked every dimension)
    #[arg(long, value_name = "REL=CODE,…")]
    dimensions: Vec<String>,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Args)]
pub struct AssignArgs {
    /// The cycle's id
    id: i64,
    /// Assign from the org chart: self, superior, peers (up to the cycle's limit) and direct
    /// subordinates
    #[arg(long)]
    auto: bool,
    /// Add RATER:ASSESSEE:RELATIONSHIP; RATER is an employee id, or NAME/PHONE for someone
    /// outside the company (e.g. 业主-3栋1202/13800001234:P001:customer); all or nothing
    #[arg(long, value_name = "RATER:ASSESSEE:RELATIONSHIP", num_args = 1..)]
    add: Vec<String>,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Args)]
pub struct IdArgs {
    /// The cycle's id
    id: i64,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Args)]
pub struct ListArgs {
    #[command(flatten)]
    db: DbArgs,
}

pub fn run(command: CycleCommand, lang: Lang) -> anyhow::Result<()> {
    match command {
        CycleCommand::Create(args) => create(args, lang),
        CycleCommand::Assign(args) => assign(args, lang),
        CycleCommand::Open(args) => transition(args, CycleState::Open, lang),
        CycleCommand::Close(args) => transition(args, CycleState::Closed, lang),
        CycleCommand::Publish(args) => transition(args, CycleState::Published, lang),
        CycleCommand::Status(args) => status::run(&args.db, args.id, lang),
        CycleCommand::Links(args) => links::run(args, lang),
        CycleCommand::List(args) => list(args, lang),
        CycleCommand::Notice(args) => notice::run(args, lang),
        CycleCommand::Results(args) => results::run(args, lang),
    }
}

/// One line naming a cycle and its state: `cycle 3 “name”: open`.
pub fn heading(cycle: &Cycle, lang: Lang) -> String {
    let name = terminal_cell(&cycle.name);
    msg!(
        "cli.cycle.heading",
        id = cycle.id,
        name = name.as_ref(),
        state = cycle.state.label()
    )
    .render(lang)
}

/// The state's name in the user's language.
pub fn state_label(state: CycleState, lang: Lang) -> &'static str {
    state.label().text(lang)
}

fn create(args: CreateArgs, lang: Lang) -> anyhow::Result<()> {
    let mut problems = Vec::new();
    let model = match args.model.trim() {
        m if m.eq_ignore_ascii_case("builtin") => ModelChoice::Builtin,
        m => m.parse().map(ModelChoice::Id).unwrap_or_else(|_| {
            let why = msg!("cycle.settings.model_ref", value = m).render(lang);
            problems.push(format!("--model {m}: {why}"));
            ModelChoice::Builtin
        }),
    };
    // `--weights` keeps its own syntax (`superior=40,peer=20`); the values then go through
    // the one parse of the settings, with the bounds of every other way in.
    let weights = match &args.weights {
        Some(text) => match Weights::parse_overrides(text) {
            Ok(w) => Relationship::ALL
                .map(|r| (r.code().to_string(), w.of(r)))
                .to_vec(),
            Err(e) => {
                problems.push(format!("--weights: {}", e.message().render(lang)));
                Vec::new()
            }
        },
        None => Vec::new(),
    };
    let mut dimensions = Vec::new();
    for text in &args.dimensions {
        match parse_dimensions(text) {
            Ok(mut list) => dimensions.append(&mut list),
            Err(part) => {
                let why = msg!("dimensions.syntax", given = part).render(lang);
                problems.push(format!("--dimensions {text}: {why}"));
            }
        }
    }
    let assessees = parse_assessees(&args.assessees);
    if matches!(&assessees, AssesseeChoice::Ids(ids) if ids.is_empty()) {
        let why = msg!("cycle.settings.no_assessees").render(lang);
        problems.push(format!("--assessees: {why}"));
    }
    let draft = CycleDraft {
        name: args.name,
        weights,
        threshold: Some(args.threshold),
        peers: Some(args.peers),
        starts_on: args.starts,
        ends_on: args.ends,
        dimensions,
    };
    let settings = match draft.parse() {
        Ok(settings) => Some(settings),
        Err(list) => {
            problems.extend(
                list.iter()
                    .map(|p| format!("{}: {}", flag(&p.field), p.message().render(lang))),
            );
            None
        }
    };
    let (Some(settings), true) = (settings, problems.is_empty()) else {
        return Err(BadInput(problems).into());
    };
    let db = args.db.settings(lang)?;
    let new = NewCycle {
        settings,
        model,
        assessees,
    };
    let cycle = with_store(&db, Links::No, lang, async |store| {
        store.create_cycle(new).await.explained(lang)
    })?;
    let created = msg!("cycle.settings.created", id = cycle.id, name = &cycle.name);
    eprintln!("{}", created.render(lang));
    println!("{}", cycle.id);
    Ok(())
}

/// The option of the command line a field of the settings comes from.
fn flag(field: &CycleField) -> &'static str {
    match field {
        CycleField::Name => "--name",
        CycleField::Weights | CycleField::Weight(_) => "--weights",
        CycleField::Threshold => "--threshold",
        CycleField::Peers => "--peers",
        CycleField::StartsOn => "--starts",
        CycleField::EndsOn => "--ends",
        CycleField::Dimensions(_) => "--dimensions",
    }
}

/// One `--dimensions` value: `RELATIONSHIP=CODE,CODE…`, several separated by `;`
/// (`customer=1,4,5,6;peer=1,2`). Codes may also be separated by `、` or spaces, and `:`
/// may stand for `=`. The part that is not of that form, if any.
fn parse_dimensions(text: &str) -> Result<Vec<(String, Vec<String>)>, String> {
    let normal = halfwidth(text);
    normal
        .split(';')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (relationship, codes) = part
                .split_once(['=', ':'])
                .ok_or_else(|| part.to_string())?;
            let codes = codes
                .split([',', '\u{3001}', ' '])
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect();
            Ok((relationship.trim().to_string(), codes))
        })
        .collect()
}

/// `all`, or ids separated by commas (also Chinese commas and 、) or spaces.
fn parse_assessees(text: &str) -> AssesseeChoice {
    if text.trim().eq_ignore_ascii_case("all") {
        return AssesseeChoice::All;
    }
    AssesseeChoice::Ids(
        text.split([',', '\u{FF0C}', '\u{3001}', ' ', ';'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
    )
}

/// One `--add RATER:ASSESSEE:RELATIONSHIP`.
fn parse_add(text: &str, lang: Lang) -> Result<NewAssignment, String> {
    let normal = halfwidth(text);
    let mut parts = normal.rsplitn(3, ':');
    let (Some(relationship), Some(assessee), Some(rater)) =
        (parts.next(), parts.next(), parts.next())
    else {
        return Err(t!(lang, "cli.cycle.add_syntax").to_string());
    };
    let relationship = Relationship::parse(relationship).ok_or_else(|| {
        t!(
            lang,
            "cli.cycle.unknown_relationship",
            name = relationship.trim()
        )
    })?;
    let (assessee, rater) = (assessee.trim(), rater.trim());
    if assessee.is_empty() || rater.is_empty() {
        return Err(t!(lang, "cli.cycle.add_blank").to_string());
    }
    let rater = match rater.split_once('/') {
        Some((name, phone)) => RaterChoice::External {
            name: name.trim().to_string(),
            phone: Some(phone.trim().to_string()).filter(|p| !p.is_empty()),
        },
        None => RaterChoice::Person(rater.to_string()),
    };
    Ok(NewAssignment {
        rater,
        assessee: assessee.to_string(),
        relationship,
    })
}

fn assign(args: AssignArgs, lang: Lang) -> anyhow::Result<()> {
    if !args.auto && args.add.is_empty() {
        return Err(BadInput::line(t!(lang, "cli.cycle.assign_what")).into());
    }
    let mut add = Vec::new();
    let mut problems = Vec::new();
    for text in &args.add {
        match parse_add(text, lang) {
            Ok(a) => add.push(a),
            Err(why) => problems.push(format!("--add {text}: {why}")),
        }
    }
    if !problems.is_empty() {
        return Err(BadInput(problems).into());
    }
    let settings = args.db.settings(lang)?;
    let (before, after) = with_store(&settings, Links::Yes, lang, async |store| {
        let before = store
            .assignments(args.id)
            .await
            .in_cycle(args.id, lang)?
            .len();
        let mut all = Vec::new();
        if args.auto {
            all = store.auto_assign(args.id).await.in_cycle(args.id, lang)?;
        }
        if !add.is_empty() {
            all = store
                .add_assignments(args.id, add)
                .await
                .in_cycle(args.id, lang)?;
        }
        Ok((before, all))
    })?;
    let raters: std::collections::HashSet<yardstick_store::RaterId> =
        after.iter().map(|a| a.rater.id).collect();
    let assessees: std::collections::HashSet<&str> =
        after.iter().map(|a| a.assessee.as_str()).collect();
    let added = after.len().saturating_sub(before);
    let summary = msg!(
        "cli.cycle.assigned",
        id = args.id,
        total = after.len(),
        added = added,
        assessees = assessees.len(),
        raters = raters.len()
    );
    println!("{}", summary.render(lang));
    Ok(())
}

fn transition(args: IdArgs, target: CycleState, lang: Lang) -> anyhow::Result<()> {
    let settings = args.db.settings(lang)?;
    let cycle: Cycle = with_store(&settings, Links::No, lang, async |store| {
        store
            .transition(args.id, target, None)
            .await
            .in_cycle(args.id, lang)
    })?;
    println!("{}", heading(&cycle, lang));
    Ok(())
}

fn list(args: ListArgs, lang: Lang) -> anyhow::Result<()> {
    let settings = args.db.settings(lang)?;
    let cycles = with_store(&settings, Links::No, lang, async |store| {
        store.cycles().await.explained(lang)
    })?;
    let mut rows = vec![
        [
            k!("cli.cycle.col_id"),
            k!("cli.cycle.col_state"),
            k!("cli.cycle.col_starts"),
            k!("cli.cycle.col_ends"),
            k!("cli.cycle.col_name"),
        ]
        .map(|key| key.text(lang).to_string())
        .to_vec(),
    ];
    for c in &cycles {
        rows.push(vec![
            c.id.to_string(),
            state_label(c.state, lang).to_string(),
            c.starts_on.clone().unwrap_or_default(),
            c.ends_on.clone().unwrap_or_default(),
            c.name.clone(),
        ]);
    }
    print!("{}", table(&rows));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_assignments_name_people_or_outsiders() {
        let a = parse_add("P2:P1:同级", Lang::En).unwrap();
        assert_eq!(a.rater, RaterChoice::Person("P2".into()));
        assert_eq!(a.relationship, Relationship::Peer);
        let b = parse_add("业主-3栋1202/13800001234:P1:customer", Lang::En).unwrap();
        assert_eq!(
            b.rater,
            RaterChoice::External {
                name: "业主-3栋1202".into(),
                phone: Some("13800001234".into())
            }
        );
        assert!(parse_add("P2:P1", Lang::En).is_err());
        assert!(parse_add("P2:P1:friend", Lang::En).is_err());
    }
}
