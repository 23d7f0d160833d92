//! Models, cycles, the state machine and assignments.

use std::sync::Arc;

use yardstick_core::{CycleDraft, Lang, Relationship};
use yardstick_store::{
    AssesseeChoice, CycleState, ModelChoice, NewAssignment, NewCycle, RaterChoice, SqlStore, Store,
    StoreError,
};

use crate::harness::{company, contract, hr};

pub fn new_cycle(assessees: AssesseeChoice) -> NewCycle {
    with_dimensions(assessees, vec![])
}

/// A cycle asking each relationship named only the dimensions listed.
pub fn with_dimensions(
    assessees: AssesseeChoice,
    dimensions: Vec<(String, Vec<String>)>,
) -> NewCycle {
    let draft = CycleDraft {
        peers: Some(2),
        starts_on: Some("2026-12-01".into()),
        dimensions,
        ..CycleDraft::named("2026年度360评估")
    };
    NewCycle {
        settings: draft.parse().unwrap(),
        model: ModelChoice::Builtin,
        assessees,
    }
}

contract!(
    the_builtin_model_is_stored_once_and_imported_models_get_versions,
    async |store: Arc<SqlStore>| {
        let builtin = store.builtin_model().await.unwrap();
        assert!(builtin.builtin);
        assert_eq!(store.models().await.unwrap().len(), 1);
        let stored = store.model(builtin.id).await.unwrap();
        assert_eq!(stored.model.items().len(), 79);

        let toml = yardstick_formats::write_model_toml(&stored.model)
            .replace("物业管理人员能力素质模型", "客服模型")
            .replacen("weight = 25", "weight = 30", 1);
        let first = store.import_model(toml.clone()).await.unwrap();
        assert_eq!(
            (first.name.as_str(), first.version.as_str()),
            ("客服模型", "1")
        );
        assert_eq!(
            store.import_model(toml.clone()).await.unwrap(),
            first,
            "the same model again is the same version"
        );
        // While unused it may be edited in place.
        let edited = toml.replacen("weight = 30", "weight = 31", 1);
        assert_eq!(
            store.import_model(edited.clone()).await.unwrap().id,
            first.id
        );
        // Once a cycle using it opens it is frozen, and an edit becomes version 2.
        company(&store).await;
        let mut spec = crate::cycles::new_cycle(AssesseeChoice::All);
        spec.model = ModelChoice::Id(first.id);
        let cycle = store.create_cycle(spec).await.unwrap();
        store
            .transition(cycle.id, CycleState::Open, None)
            .await
            .unwrap();
        assert!(store.model(first.id).await.unwrap().info.frozen);
        let second = store
            .import_model(edited.replacen("weight = 31", "weight = 32", 1))
            .await
            .unwrap();
        assert_eq!(second.version, "2");
        assert_ne!(second.id, first.id);
        assert_eq!(store.model(second.id).await.unwrap().model.version(), "2");
        assert!(matches!(
            store.import_model("not toml".into()).await,
            Err(StoreError::ModelFile(_))
        ));
    }
);

contract!(
    cycles_are_created_with_their_assessees_in_order,
    async |store: Arc<SqlStore>| {
        company(&store).await;
        let all = store
            .create_cycle(new_cycle(AssesseeChoice::All))
            .await
            .unwrap();
        assert_eq!(all.state, CycleState::Draft);
        assert_eq!(all.weights, [0.0, 40.0, 20.0, 20.0, 20.0]);
        let some = store
            .create_cycle(new_cycle(AssesseeChoice::Ids(vec![
                "PM2".into(),
                "PM1".into(),
            ])))
            .await
            .unwrap();
        let responses = store.cycle_responses(some.id).await.unwrap();
        let ids: Vec<&str> = responses.assessees.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["PM2", "PM1"]);
        assert_eq!(store.cycles().await.unwrap()[0].id, some.id, "newest first");
        let Err(StoreError::Invalid(problems)) = store
            .create_cycle(new_cycle(AssesseeChoice::Ids(vec![
                "PM1".into(),
                "X1".into(),
                "X2".into(),
            ])))
            .await
        else {
            panic!("unknown assessees are a 422")
        };
        assert_eq!(problems.len(), 2);
        assert!(matches!(
            store.cycle(999).await,
            Err(StoreError::NotFound(_))
        ));
        let mut bad = new_cycle(AssesseeChoice::Ids(vec!["PM1".into(), "PM1".into()]));
        bad.model = ModelChoice::Id(999);
        let Err(StoreError::Invalid(problems)) = store.create_cycle(bad).await else {
            panic!()
        };
        let fields: Vec<_> = problems.iter().filter_map(|p| p.field.as_deref()).collect();
        assert_eq!(fields, ["assessees", "model"]);
    }
);

contract!(
    the_state_machine_moves_forward_only_and_repeats_are_harmless,
    async |store: Arc<SqlStore>| {
        company(&store).await;
        let user = hr(&store).await;
        let c = store
            .create_cycle(new_cycle(AssesseeChoice::All))
            .await
            .unwrap();
        assert!(matches!(
            store
                .transition(c.id, CycleState::Closed, Some(&user))
                .await,
            Err(StoreError::Conflict(_))
        ));
        assert_eq!(
            store
                .transition(c.id, CycleState::Draft, Some(&user))
                .await
                .unwrap()
                .state,
            CycleState::Draft
        );
        for target in [
            CycleState::Open,
            CycleState::Open,
            CycleState::Closed,
            CycleState::Published,
        ] {
            assert_eq!(
                store
                    .transition(c.id, target, Some(&user))
                    .await
                    .unwrap()
                    .state,
                target
            );
        }
        assert!(matches!(
            store.transition(c.id, CycleState::Open, Some(&user)).await,
            Err(StoreError::Conflict(_))
        ));
        let audit = store.audit(c.id).await.unwrap();
        let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
        assert_eq!(
            actions,
            [
                "cycle.create",
                "cycle.open",
                "cycle.closed",
                "cycle.published"
            ]
        );
        assert_eq!(audit[0].user, None, "created from the command line");
        assert_eq!(audit[1].user.as_deref(), Some("hr"));
    }
);

contract!(
    automatic_assignments_follow_the_org_chart_and_can_be_run_again,
    async |store: Arc<SqlStore>| {
        company(&store).await;
        let c = store
            .create_cycle(new_cycle(AssesseeChoice::Ids(vec![
                "PM1".into(),
                "S11".into(),
            ])))
            .await
            .unwrap();
        let all = store.auto_assign(c.id).await.unwrap();
        let got: Vec<(String, &str, &str)> = all
            .iter()
            .map(|a| {
                (
                    a.rater.person_id.clone().unwrap(),
                    a.assessee.as_str(),
                    a.relationship.code(),
                )
            })
            .collect();
        let expected = [
            ("PM1", "PM1", "self"),
            ("GM", "PM1", "superior"),
            ("PM2", "PM1", "peer"),
            ("S11", "PM1", "subordinate"),
            ("S12", "PM1", "subordinate"),
            ("S13", "PM1", "subordinate"),
            ("S11", "S11", "self"),
            ("PM1", "S11", "superior"),
            ("S12", "S11", "peer"),
            ("S13", "S11", "peer"),
        ];
        let mut got_sorted = got.clone();
        got_sorted.sort();
        let mut expected: Vec<(String, &str, &str)> = expected
            .iter()
            .map(|(r, a, rel)| (r.to_string(), *a, *rel))
            .collect();
        expected.sort();
        assert_eq!(got_sorted, expected);
        assert!(
            all.iter()
                .all(|a| a.link.starts_with("/r/") && a.link.len() == 27)
        );
        // One link per rater, whatever the number of assessees: PM1 rates PM1 and S11.
        let pm1: Vec<&str> = all
            .iter()
            .filter(|a| a.rater.person_id.as_deref() == Some("PM1"))
            .map(|a| a.link.as_str())
            .collect();
        assert_eq!(pm1.len(), 2);
        assert_eq!(pm1[0], pm1[1]);
        // Running it again adds nothing, and links are listed again unchanged.
        assert_eq!(store.auto_assign(c.id).await.unwrap(), all);
        assert_eq!(store.assignments(c.id).await.unwrap(), all);
    }
);

contract!(
    manual_assignments_are_all_or_nothing_and_duplicates_are_named,
    async |store: Arc<SqlStore>| {
        company(&store).await;
        let c = store
            .create_cycle(new_cycle(AssesseeChoice::Ids(vec!["PM1".into()])))
            .await
            .unwrap();
        let customer = |name: &str| NewAssignment {
            rater: RaterChoice::External {
                name: name.into(),
                phone: Some("13900000000".into()),
            },
            assessee: "PM1".into(),
            relationship: Relationship::Customer,
        };
        let added = store
            .add_assignments(
                c.id,
                vec![customer("业主-3栋1202"), customer("业主-5栋801")],
            )
            .await
            .unwrap();
        assert_eq!(added.len(), 2);
        assert!(added.iter().all(|a| a.rater.person_id.is_none()));
        let Err(StoreError::Invalid(problems)) = store
            .add_assignments(
                c.id,
                vec![
                    NewAssignment {
                        rater: RaterChoice::Person("S11".into()),
                        assessee: "PM1".into(),
                        relationship: Relationship::Subordinate,
                    },
                    customer("业主-3栋1202"),
                    NewAssignment {
                        rater: RaterChoice::Person("S12".into()),
                        assessee: "S12".into(),
                        relationship: Relationship::Peer,
                    },
                ],
            )
            .await
        else {
            panic!("expected a 422")
        };
        let fields: Vec<&str> = problems.iter().filter_map(|p| p.field.as_deref()).collect();
        assert!(fields.contains(&"add[1].rater"), "{problems:?}");
        assert!(
            problems
                .iter()
                .any(|p| p.message.render(Lang::En).contains("业主-3栋1202")),
            "{problems:?}"
        );
        assert!(fields.contains(&"add[2].assessee"), "{problems:?}");
        assert_eq!(
            store.assignments(c.id).await.unwrap().len(),
            2,
            "nothing added"
        );
        let s11 = NewAssignment {
            rater: RaterChoice::Person("S11".into()),
            assessee: "PM1".into(),
            relationship: Relationship::Subordinate,
        };
        assert_eq!(
            store.add_assignments(c.id, vec![s11]).await.unwrap().len(),
            3
        );
        let rater = added[0].rater.id;
        store.remove_assignment(c.id, rater, "PM1").await.unwrap();
        assert!(matches!(
            store.remove_assignment(c.id, rater, "PM1").await,
            Err(StoreError::NotFound(_))
        ));
        store
            .transition(c.id, CycleState::Open, None)
            .await
            .unwrap();
        store
            .transition(c.id, CycleState::Closed, None)
            .await
            .unwrap();
        assert!(matches!(
            store
                .add_assignments(c.id, vec![customer("业主-7栋101")])
                .await,
            Err(StoreError::Conflict(_))
        ));
        assert!(matches!(
            store.auto_assign(c.id).await,
            Err(StoreError::Conflict(_))
        ));
    }
);

contract!(
    a_homeowner_is_asked_only_the_dimensions_of_the_cycle,
    async |store: Arc<SqlStore>| {
        company(&store).await;
        let asked = vec![(
            "customer".to_string(),
            ["1", "4", "5", "6"].map(String::from).to_vec(),
        )];
        let c = store
            .create_cycle(with_dimensions(AssesseeChoice::All, asked))
            .await
            .unwrap();
        let again = store.cycle(c.id).await.unwrap();
        assert_eq!(again, c);
        let codes = |r| c.dimensions.of(r).map(<[String]>::to_vec);
        assert_eq!(
            codes(Relationship::Customer),
            Some(["1", "4", "5", "6"].map(String::from).to_vec())
        );
        assert_eq!(
            codes(Relationship::Peer),
            None,
            "a relationship not named is asked all"
        );
        let model = store.model(c.model_id).await.unwrap();
        let items = c
            .dimensions
            .items_asked(Relationship::Customer, &model.model);
        assert_eq!(items.iter().filter(|a| **a).count(), 12 + 12 + 11 + 8);
        let plain = store
            .create_cycle(new_cycle(AssesseeChoice::All))
            .await
            .unwrap();
        assert!(plain.dimensions.is_all());
    }
);

contract!(
    a_dimension_the_model_lacks_is_refused_naming_the_relationship,
    async |store: Arc<SqlStore>| {
        company(&store).await;
        let asked = vec![("业主".to_string(), vec!["1".to_string(), "8".to_string()])];
        let Err(StoreError::Invalid(problems)) = store
            .create_cycle(with_dimensions(AssesseeChoice::All, asked))
            .await
        else {
            panic!("an unknown dimension is a 422")
        };
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field.as_deref(), Some("dimensions.customer"));
        let said = problems[0].message.render(Lang::En);
        assert!(said.contains("\"8\""), "{said}");
        assert!(store.cycles().await.unwrap().is_empty(), "nothing stored");
    }
);

contract!(
    outside_raters_names_are_bounded_and_nothing_is_stored_past_them,
    async |store: Arc<SqlStore>| {
        company(&store).await;
        let c = store
            .create_cycle(new_cycle(AssesseeChoice::All))
            .await
            .unwrap();
        let outsider = |name: String, phone: &str| NewAssignment {
            rater: RaterChoice::External {
                name,
                phone: Some(phone.into()),
            },
            assessee: "PM1".into(),
            relationship: Relationship::Customer,
        };
        let Err(StoreError::Invalid(problems)) = store
            .add_assignments(
                c.id,
                vec![
                    outsider("业主".repeat(101), "1"),
                    outsider("业主\u{7}".into(), "2"),
                    outsider("业主".into(), "13900000000\u{1b}"),
                ],
            )
            .await
        else {
            panic!("long names and control characters are a 422")
        };
        let fields: Vec<_> = problems.iter().filter_map(|p| p.field.as_deref()).collect();
        assert_eq!(
            fields,
            [
                "add[0].rater.name",
                "add[1].rater.name",
                "add[2].rater.phone"
            ]
        );
        assert!(store.assignments(c.id).await.unwrap().is_empty());
    }
);

contract!(
    store_errors_are_typed_values_that_name_what_and_why_without_words,
    async |store: Arc<SqlStore>| {
        company(&store).await;
        let c = store
            .create_cycle(new_cycle(AssesseeChoice::All))
            .await
            .unwrap();
        let refused = store.transition(c.id, CycleState::Closed, None).await;
        let Err(StoreError::Conflict(conflict)) = refused else {
            panic!("a move the state machine does not allow is a conflict: {refused:?}");
        };
        assert_eq!(
            conflict,
            yardstick_store::Conflict::Transition {
                from: CycleState::Draft,
                to: CycleState::Closed
            }
        );
        // The words come from the catalogues, in the reader's language, only when asked.
        assert!(conflict.message().render(Lang::Zh).contains("草稿"));
        assert!(conflict.message().render(Lang::En).contains("draft"));
        assert!(matches!(
            store.cycle(c.id + 99).await,
            Err(StoreError::NotFound(yardstick_store::Entity::Cycle))
        ));
        assert!(matches!(
            store.acknowledge_notice("nobody").await,
            Err(StoreError::NotFound(yardstick_store::Entity::Rater))
        ));
        assert!(matches!(
            store.login("hr", "wrong").await,
            Err(StoreError::BadCredentials)
        ));
    }
);

contract!(
    a_published_cycle_keeps_the_org_chart_and_departments_it_was_published_with,
    async |store: Arc<SqlStore>| {
        company(&store).await;
        let pm1 = AssesseeChoice::Ids(vec!["PM1".into(), "PM2".into()]);
        let kept = store.create_cycle(new_cycle(pm1.clone())).await.unwrap();
        let live = store.create_cycle(new_cycle(pm1)).await.unwrap();
        for state in [CycleState::Open, CycleState::Closed, CycleState::Published] {
            store.transition(kept.id, state, None).await.unwrap();
        }
        let before = store.cycle_org_chart(kept.id).await.unwrap();
        let pm1_superior = |chart: &[yardstick_store::OrgLink]| {
            chart
                .iter()
                .find(|l| l.person == "PM1")
                .and_then(|l| l.superior.clone())
        };
        assert_eq!(pm1_superior(&before).as_deref(), Some("GM"));
        // PM1 moves under PM2, to another department.
        let moved = crate::harness::COMPANY.replace(
            "PM1,王经理,翠湖花园管理处,项目经理,GM",
            "PM1,王经理,新区管理处,项目经理,PM2",
        );
        store
            .import_people(crate::harness::rows(&moved))
            .await
            .unwrap();
        assert_eq!(store.cycle_org_chart(kept.id).await.unwrap(), before);
        assert_eq!(
            pm1_superior(&store.cycle_org_chart(live.id).await.unwrap()).as_deref(),
            Some("PM2")
        );
        let department = |c: &yardstick_store::CycleResponses| c.assessees[0].department.clone();
        assert_eq!(
            department(&store.cycle_responses(kept.id).await.unwrap()),
            "翠湖花园管理处"
        );
        assert_eq!(
            department(&store.cycle_responses(live.id).await.unwrap()),
            "新区管理处"
        );
        assert!(matches!(
            store.cycle_org_chart(999).await,
            Err(StoreError::NotFound(_))
        ));
    }
);
