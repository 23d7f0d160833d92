//! A backup taken while raters submit and HR imports people is one consistent moment:
//! every response in it is whole, and every change of many rows is in it entirely or not
//! at all.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use yardstick_store::backup::Value;

use super::*;
use crate::harness::{COMPANY, rows};

/// The company with every title marked with `generation`: one import changes nine rows.
fn company_generation(generation: usize) -> String {
    COMPANY
        .lines()
        .enumerate()
        .map(|(i, line)| {
            if i == 0 {
                return line.to_string();
            }
            let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
            cells[3] = format!("{}#{generation}", cells[3]);
            cells.join(",")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn column<'a>(
    table: &'a (Vec<String>, Vec<Vec<Value>>),
    name: &str,
) -> impl Fn(&'a [Value]) -> &'a Value {
    let i = table.0.iter().position(|c| c == name).unwrap();
    move |row: &'a [Value]| &row[i]
}

from_both!(
    a_backup_taken_while_raters_submit_holds_only_whole_responses,
    async |store: Arc<SqlStore>, url: String| {
        fill(&store).await;
        let cycle = store
            .create_cycle(new_cycle(AssesseeChoice::All))
            .await
            .unwrap()
            .id;
        let all = store.auto_assign(cycle).await.unwrap();
        store
            .transition(cycle, CycleState::Open, None)
            .await
            .unwrap();

        let started = Arc::new(AtomicUsize::new(0));
        let finished = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let raters = {
            let (store, started, finished) = (store.clone(), started.clone(), finished.clone());
            let all = all.clone();
            tokio::spawn(async move {
                for (n, a) in all.iter().enumerate() {
                    started.fetch_add(1, Ordering::SeqCst);
                    respond(&store, a, answers(n, true)).await;
                    finished.fetch_add(1, Ordering::SeqCst);
                }
            })
        };
        let hr = {
            let (store, stop) = (store.clone(), stop.clone());
            tokio::spawn(async move {
                let mut generation = 0;
                while !stop.load(Ordering::SeqCst) {
                    generation += 1;
                    store
                        .import_people(rows(&company_generation(generation)))
                        .await
                        .unwrap();
                }
            })
        };

        let dir = tempfile::tempdir().unwrap();
        let mut backups = Vec::new();
        while finished.load(Ordering::SeqCst) < all.len() || backups.len() < 3 {
            let done_before = finished.load(Ordering::SeqCst);
            let file = dir.path().join(format!("b{}.backup", backups.len()));
            back_up(&url, &file).await;
            let begun_after = started.load(Ordering::SeqCst);
            backups.push((file, done_before, begun_after));
        }
        raters.await.unwrap();
        stop.store(true, Ordering::SeqCst);
        hr.await.unwrap();

        let now = contents(&url).await;
        let responses_now = &now["responses"];
        let assignment = column(responses_now, "assignment_id");
        let ids: Vec<&Value> = all
            .iter()
            .map(|a| {
                // The assignment ids of the cycle, from what is stored now.
                let rater = Value::Int(a.rater.id.get());
                let table = &now["assignments"];
                let (r, s, c) = (
                    column(table, "rater_id"),
                    column(table, "assessee_id"),
                    column(table, "cycle_id"),
                );
                let row = table
                    .1
                    .iter()
                    .find(|row| {
                        *r(row) == rater
                            && *s(row) == Value::Text(a.assessee.clone())
                            && *c(row) == Value::Int(cycle)
                    })
                    .unwrap();
                column(table, "id")(row)
            })
            .collect();
        for (file, done_before, begun_after) in &backups {
            let taken = contents(&format!("sqlite://{}", file.display())).await;
            let responses = &taken["responses"];
            let of_cycle: Vec<&Vec<Value>> = responses
                .1
                .iter()
                .filter(|row| ids.contains(&column(responses, "assignment_id")(row)))
                .collect();
            assert!(
                (*done_before..=*begun_after).contains(&of_cycle.len()),
                "{} responses in a backup taken after {done_before} and before {begun_after} were submitted",
                of_cycle.len()
            );
            // Whole: each is exactly the row stored for good, every column of it.
            for row in of_cycle {
                let stored = responses_now
                    .1
                    .iter()
                    .find(|r| assignment(r) == column(responses, "assignment_id")(row))
                    .unwrap();
                assert_eq!(row, stored);
            }
            // One moment: the nine people of one import all carry the same generation.
            let people = &taken["people"];
            let title = column(people, "title");
            let generations: std::collections::BTreeSet<String> = people
                .1
                .iter()
                .map(|row| match title(row) {
                    Value::Text(t) => t.rsplit_once('#').map_or("", |(_, g)| g).to_string(),
                    other => panic!("a title is {other:?}"),
                })
                .collect();
            assert_eq!(generations.len(), 1, "{generations:?}");
        }
    }
);
