//! The org chart (组织架构): who reports to whom, the checks an import must pass, and the
//! assignments a cycle gets from it (SPEC §2: self, superior, peers, subordinates).

use std::collections::{BTreeMap, HashMap};

use crate::relationship::Relationship;

/// A person's place in the org chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Member<'a> {
    /// The person's id.
    pub id: &'a str,
    /// Their superior's id, if any.
    pub superior: Option<&'a str>,
}

/// The reporting loops in an org chart: each as the chain of ids that leads back to its
/// start (`[a, b, a]` when a reports to b and b to a; `[a, a]` when a reports to themself).
/// Each loop is reported once, starting from its smallest id.
pub fn reporting_cycles(members: &[Member<'_>]) -> Vec<Vec<String>> {
    let superior: HashMap<&str, &str> = members
        .iter()
        .filter_map(|m| m.superior.map(|s| (m.id, s)))
        .collect();
    let mut state: HashMap<&str, u8> = HashMap::new(); // 1 = on the current path, 2 = done
    let mut cycles = Vec::new();
    let mut ids: Vec<&str> = members.iter().map(|m| m.id).collect();
    ids.sort_unstable();
    for start in ids {
        let mut path: Vec<&str> = Vec::new();
        let mut at = Some(start);
        while let Some(id) = at {
            match state.get(id) {
                Some(2) => break,
                Some(1) => {
                    if let Some(from) = path.iter().position(|p| *p == id) {
                        let mut cycle: Vec<&str> = path[from..].to_vec();
                        // Start from the smallest id, so each loop reads the same way.
                        let smallest = (0..cycle.len()).min_by_key(|i| cycle[*i]).unwrap_or(0);
                        cycle.rotate_left(smallest);
                        let first = cycle[0];
                        cycle.push(first);
                        cycles.push(cycle.into_iter().map(String::from).collect());
                    }
                    break;
                }
                _ => {
                    state.insert(id, 1);
                    path.push(id);
                    at = superior.get(id).copied();
                }
            }
        }
        for id in path {
            state.insert(id, 2);
        }
    }
    cycles
}

/// One assignment the org chart gives: `rater` rates `assessee` as `relationship`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Planned {
    /// The rater's person id.
    pub rater: String,
    /// The assessee's person id.
    pub assessee: String,
    /// How the rater stands to the assessee.
    pub relationship: Relationship,
}

/// The assignments of a cycle from the org chart, for each assessee in order: themself; their
/// superior; up to `peers` peers (others with the same superior), chosen by walking round the
/// sorted list of peers from the assessee's own place, so that each person rates about as
/// many peers as rate them; and every direct subordinate. Raters outside `members` are
/// skipped. The result is the same for the same chart, whatever the order of `members`.
pub fn auto_assignments(members: &[Member<'_>], assessees: &[&str], peers: usize) -> Vec<Planned> {
    let known: HashMap<&str, Option<&str>> = members.iter().map(|m| (m.id, m.superior)).collect();
    let mut reports: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for m in members {
        if let Some(s) = m.superior.filter(|s| known.contains_key(s)) {
            reports.entry(s).or_default().push(m.id);
        }
    }
    for list in reports.values_mut() {
        list.sort_unstable();
    }
    let plan = |rater: &str, assessee: &str, relationship| Planned {
        rater: rater.to_string(),
        assessee: assessee.to_string(),
        relationship,
    };
    let mut out = Vec::new();
    for assessee in assessees {
        let Some(superior) = known.get(assessee) else {
            continue;
        };
        out.push(plan(assessee, assessee, Relationship::SelfRating));
        if let Some(s) = superior.filter(|s| known.contains_key(s)) {
            out.push(plan(s, assessee, Relationship::Superior));
            if let Some(siblings) = reports.get(s) {
                let at = siblings.iter().position(|p| p == assessee).unwrap_or(0);
                let n = siblings.len();
                (1..n)
                    .map(|k| siblings[(at + k) % n])
                    .take(peers)
                    .for_each(|p| out.push(plan(p, assessee, Relationship::Peer)));
            }
        }
        for sub in reports.get(assessee).into_iter().flatten() {
            out.push(plan(sub, assessee, Relationship::Subordinate));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(pairs: &[(&'static str, Option<&'static str>)]) -> Vec<Member<'static>> {
        pairs
            .iter()
            .map(|(id, superior)| Member {
                id,
                superior: *superior,
            })
            .collect()
    }

    #[test]
    fn loops_in_the_reporting_lines_are_found_once_each() {
        let c = chart(&[
            ("a", Some("b")),
            ("b", Some("a")),
            ("c", Some("c")),
            ("d", Some("a")),
            ("e", None),
            ("f", Some("e")),
        ]);
        assert_eq!(
            reporting_cycles(&c),
            vec![vec!["a", "b", "a"], vec!["c", "c"]]
                .into_iter()
                .map(|v| v.into_iter().map(String::from).collect::<Vec<_>>())
                .collect::<Vec<_>>()
        );
        assert!(reporting_cycles(&chart(&[("x", None), ("y", Some("x"))])).is_empty());
    }

    #[test]
    fn auto_assignments_follow_the_org_chart() {
        // boss ← m1, m2, m3, m4; m1 ← s1, s2.
        let c = chart(&[
            ("boss", None),
            ("m1", Some("boss")),
            ("m2", Some("boss")),
            ("m3", Some("boss")),
            ("m4", Some("boss")),
            ("s1", Some("m1")),
            ("s2", Some("m1")),
        ]);
        let plan = auto_assignments(&c, &["m1", "boss"], 2);
        let got: Vec<(&str, &str, &str)> = plan
            .iter()
            .map(|p| (p.rater.as_str(), p.assessee.as_str(), p.relationship.code()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("m1", "m1", "self"),
                ("boss", "m1", "superior"),
                ("m2", "m1", "peer"),
                ("m3", "m1", "peer"),
                ("s1", "m1", "subordinate"),
                ("s2", "m1", "subordinate"),
                ("boss", "boss", "self"),
                ("m1", "boss", "subordinate"),
                ("m2", "boss", "subordinate"),
                ("m3", "boss", "subordinate"),
                ("m4", "boss", "subordinate"),
            ]
        );
        // Walking round from each one's place: m4's peers are m1 and m2.
        let m4: Vec<String> = auto_assignments(&c, &["m4"], 2)
            .into_iter()
            .filter(|p| p.relationship == Relationship::Peer)
            .map(|p| p.rater)
            .collect();
        assert_eq!(m4, vec!["m1", "m2"]);
        let mut shuffled = c.clone();
        shuffled.reverse();
        assert_eq!(auto_assignments(&shuffled, &["m1", "boss"], 2), plan);
    }
}
