//! The demo company and its cycle, made by the generator on a temporary database.

use std::collections::{BTreeSet, HashMap};

use yardstick::demo::{self, ADMIN_PASSWORD, ADMIN_USER, HEAD_OFFICE};
use yardstick_core::Relationship;
use yardstick_core::org::{Member, reporting_cycles};
use yardstick_store::{CycleState, ResponseStatus, Role, Secret, SqlStore, Store};

use crate::block_on;

#[test]
fn the_demo_company_has_sixty_people_in_three_projects_under_one_general_manager() {
    let people = demo::people();
    assert_eq!(people.len(), 60);
    let projects: BTreeSet<&str> = people
        .iter()
        .filter(|p| p.department != HEAD_OFFICE)
        .map(|p| p.department.as_str())
        .collect();
    assert_eq!(
        projects.into_iter().collect::<Vec<_>>(),
        ["滨江一号管理处", "翠湖花园管理处", "锦绣华庭管理处"]
    );
    // Only the general manager sits at head office, and only they have no superior.
    let top: Vec<_> = people.iter().filter(|p| p.superior.is_none()).collect();
    assert_eq!(top.len(), 1);
    assert_eq!(top[0].title, "总经理");
    assert_eq!(top[0].department, HEAD_OFFICE);
    assert_eq!(
        people
            .iter()
            .filter(|p| p.department == HEAD_OFFICE)
            .count(),
        1
    );

    let members: Vec<Member<'_>> = people
        .iter()
        .map(|p| Member {
            id: &p.id,
            superior: p.superior.as_deref(),
        })
        .collect();
    assert!(
        reporting_cycles(&members).is_empty(),
        "the org chart is acyclic"
    );
    let ids: BTreeSet<&str> = people.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids.len(), 60, "ids are unique");
    assert!(
        people
            .iter()
            .filter_map(|p| p.superior.as_deref())
            .all(|s| ids.contains(s))
    );
    let names: BTreeSet<&str> = people.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names.len(), 60, "names are unique");

    let by_id: HashMap<&str, _> = people.iter().map(|p| (p.id.as_str(), p)).collect();
    let managers: Vec<_> = people.iter().filter(|p| p.title == "项目经理").collect();
    assert_eq!(managers.len(), 3);
    assert!(
        managers
            .iter()
            .all(|m| m.superior == Some(top[0].id.clone()))
    );
    let supervisors: Vec<_> = people
        .iter()
        .filter(|p| p.title.ends_with("主管"))
        .collect();
    assert_eq!(supervisors.len(), 11);
    for s in &supervisors {
        let boss = by_id[s.superior.as_deref().unwrap()];
        assert_eq!(boss.title, "项目经理");
        assert_eq!(boss.department, s.department);
    }
    for title in ["客服专员", "维修工", "秩序维护员", "保洁员"] {
        assert!(people.iter().any(|p| p.title == title), "{title}");
    }
    assert_eq!(demo::people(), people, "the same company every time");
}

/// Opens a fresh store in `dir` and fills it with the demo.
async fn populated(dir: &std::path::Path) -> (SqlStore, demo::Populated) {
    let url = format!("sqlite://{}", dir.join("demo.db").display());
    let store = SqlStore::open(&url, Secret::generate().unwrap())
        .await
        .unwrap();
    let made = demo::populate(&store).await.unwrap();
    (store, made)
}

#[test]
fn populating_a_store_gives_an_open_cycle_with_assignments_and_responses_part_way() {
    let dir = tempfile::tempdir().unwrap();
    block_on(async {
        let (store, made) = populated(dir.path()).await;
        assert_eq!(made.people, 60);
        assert_eq!(store.people().await.unwrap().len(), 60);
        let cycle = store.cycle(made.cycle).await.unwrap();
        assert_eq!(cycle.state, CycleState::Open);
        assert_eq!(cycle.name, demo::CYCLE_NAME);
        assert_eq!(
            demo::find_cycle(&store).await.unwrap().map(|c| c.id),
            Some(made.cycle)
        );

        let views = store.assignments(made.cycle).await.unwrap();
        assert_eq!(views.len(), made.assignments);
        let assessees: BTreeSet<&str> = views.iter().map(|v| v.assessee.as_str()).collect();
        assert_eq!(
            assessees.len(),
            14,
            "three project managers and eleven supervisors"
        );
        let count = |s: ResponseStatus| views.iter().filter(|v| v.status == s).count();
        assert_eq!(count(ResponseStatus::Submitted), made.submitted);
        assert_eq!(count(ResponseStatus::Draft), made.drafts);
        assert!(made.submitted > views.len() / 2, "{made:?}");
        assert!((3..=30).contains(&made.drafts), "a few drafts: {made:?}");
        assert!(count(ResponseStatus::Pending) >= 10, "some not started");

        // Homeowners rate every project manager; one of them holds a link for two people.
        let customers: Vec<_> = views
            .iter()
            .filter(|v| v.relationship == Relationship::Customer)
            .collect();
        assert!(customers.iter().all(|v| v.rater.person_id.is_none()));
        assert!(customers.iter().all(|v| v.rater.name.starts_with("业主-")));
        assert!(customers.iter().all(|v| v.rater.phone.is_some()));
        let people = store.people().await.unwrap();
        for m in people.iter().filter(|p| p.title == "项目经理") {
            assert!(customers.iter().filter(|v| v.assessee == m.id).count() >= 5);
        }
        let mut per_owner: HashMap<i64, usize> = HashMap::new();
        for v in &customers {
            *per_owner.entry(v.rater.id.get()).or_default() += 1;
        }
        assert!(per_owner.values().any(|n| *n >= 2));

        // The results show pooling (short groups together reach the threshold) and
        // responses set aside (they do not).
        let k = cycle.threshold as u64;
        let mut submitted: HashMap<(&str, Relationship), u64> = HashMap::new();
        let progress = store.progress(made.cycle).await.unwrap();
        for row in &progress {
            submitted.insert((row.assessee.as_str(), row.relationship), row.submitted);
        }
        let (mut pooled, mut set_aside) = (0, 0);
        for a in &assessees {
            let short: u64 = Relationship::ANONYMOUS
                .iter()
                .map(|r| submitted.get(&(*a, *r)).copied().unwrap_or(0))
                .filter(|n| (1..k).contains(n))
                .sum();
            if short >= k {
                pooled += 1;
            } else if short > 0 {
                set_aside += 1;
            }
        }
        assert!(
            pooled > 0 && set_aside > 0,
            "pooled {pooled}, set aside {set_aside}"
        );

        // Submitted answers include N/A, and some carry comments.
        let scored = store.cycle_responses(made.cycle).await.unwrap();
        assert_eq!(scored.responses.len(), made.submitted);
        assert!(scored.responses.iter().any(|r| r.answers.contains(&None)));
        assert!(scored.responses.iter().any(|r| !r.comment.is_empty()));
        assert!(
            scored.responses.iter().all(|r| r
                .answers
                .iter()
                .flatten()
                .all(|a| (1..=5).contains(a)))
        );

        // Three raters who still have something to answer, with working links.
        let links = demo::open_links(&store, made.cycle).await.unwrap();
        assert_eq!(links.len(), 3);
        for link in &links {
            let token = link.link.strip_prefix("/r/").unwrap();
            let session = store.rater_session(token).await.unwrap();
            assert_eq!(session.rater.name, link.rater);
            assert!(
                session
                    .tasks
                    .iter()
                    .any(|t| t.status != ResponseStatus::Submitted)
            );
        }
        assert!(links.iter().any(|l| l.rater.starts_with("业主-")));

        let session = store.login(ADMIN_USER, ADMIN_PASSWORD).await.unwrap();
        assert!(session.user.role.is_hr());
        store.close().await;
    });
}

#[test]
fn the_demo_gives_the_same_cycle_on_every_run() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    block_on(async {
        let (first, made_a) = populated(a.path()).await;
        let (second, made_b) = populated(b.path()).await;
        assert_eq!(made_a, made_b);
        let progress_a = first.progress(made_a.cycle).await.unwrap();
        let progress_b = second.progress(made_b.cycle).await.unwrap();
        assert_eq!(progress_a, progress_b);
        let answers_a = first.cycle_responses(made_a.cycle).await.unwrap().responses;
        let answers_b = second
            .cycle_responses(made_b.cycle)
            .await
            .unwrap()
            .responses;
        assert_eq!(answers_a, answers_b);
        assert_eq!(
            first
                .cycle_responses(made_a.earlier)
                .await
                .unwrap()
                .responses,
            second
                .cycle_responses(made_b.earlier)
                .await
                .unwrap()
                .responses,
            "the earlier cycle too"
        );
        first.close().await;
        second.close().await;
    });
}

#[test]
fn the_demo_holds_a_published_earlier_cycle_and_a_manager_and_an_assessee_login() {
    let dir = tempfile::tempdir().unwrap();
    block_on(async {
        let (store, made) = populated(dir.path()).await;
        let earlier = store.cycle(made.earlier).await.unwrap();
        assert_eq!(earlier.state, CycleState::Published);
        assert_eq!(earlier.name, demo::EARLIER_CYCLE_NAME);
        assert!(made.earlier < made.cycle, "the earlier cycle comes first");
        // Every rater of the earlier cycle submitted.
        let views = store.assignments(made.earlier).await.unwrap();
        assert!(views.len() > 100, "{}", views.len());
        assert!(views.iter().all(|v| v.status == ResponseStatus::Submitted));
        let earlier_data = store.cycle_responses(made.earlier).await.unwrap();
        let current_data = store.cycle_responses(made.cycle).await.unwrap();
        assert_eq!(earlier_data.responses.len(), views.len());
        let ids = |d: &yardstick_store::CycleResponses| {
            d.assessees.iter().map(|a| a.id.clone()).collect::<Vec<_>>()
        };
        assert_eq!(ids(&earlier_data), ids(&current_data), "the same assessees");
        assert_ne!(
            earlier_data.responses[0].answers, current_data.responses[0].answers,
            "other answers a year before"
        );
        // The cycle's creation, its assignments and its state changes are in the audit log.
        let log = store.audit(made.earlier).await.unwrap();
        let actions: Vec<&str> = log.iter().map(|l| l.action.as_str()).collect();
        assert_eq!(actions.first(), Some(&"cycle.create"), "{actions:?}");
        let moves: Vec<&str> = actions
            .iter()
            .copied()
            .filter(|a| ["cycle.open", "cycle.closed", "cycle.published"].contains(a))
            .collect();
        assert_eq!(moves, ["cycle.open", "cycle.closed", "cycle.published"]);
        assert!(
            actions.iter().any(|a| a.starts_with("assignment")),
            "{actions:?}"
        );

        let people = store.people().await.unwrap();
        let manager = store
            .login(demo::MANAGER_USER, demo::USER_PASSWORD)
            .await
            .unwrap()
            .user;
        assert_eq!(manager.role, Role::Manager);
        assert_eq!(manager.person_id.as_deref(), Some(demo::MANAGER_PERSON));
        assert!(
            people
                .iter()
                .any(|p| p.superior.as_deref() == Some(demo::MANAGER_PERSON)),
            "the manager has people below them"
        );
        let assessee = store
            .login(demo::ASSESSEE_USER, demo::USER_PASSWORD)
            .await
            .unwrap()
            .user;
        assert_eq!(assessee.role, Role::Employee);
        assert_eq!(assessee.person_id.as_deref(), Some(demo::ASSESSEE_PERSON));
        let person = people
            .iter()
            .find(|p| p.id == demo::ASSESSEE_PERSON)
            .unwrap();
        assert_eq!(person.title, "项目经理");
        assert!(ids(&earlier_data).contains(&person.id));
        store.close().await;
    });
}
