//! A cycle's assignments grouped by rater: one rater has one link covering all of their
//! assessees, so links are handed out, listed and counted per rater.

use std::collections::HashMap;

use yardstick_store::{AssignmentView, Rater};

/// The assignments grouped by rater, in order of each rater's first appearance (the
/// cycle's order of assessees).
pub fn by_rater(views: &[AssignmentView]) -> Vec<Vec<&AssignmentView>> {
    let mut groups: Vec<Vec<&AssignmentView>> = Vec::new();
    let mut index = HashMap::new();
    for view in views {
        let at = *index.entry(view.rater.id).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[at].push(view);
    }
    groups
}

/// A key for a rater that stays the same across databases: the person's id, or name and
/// phone for someone outside the company.
pub fn rater_key(rater: &Rater) -> String {
    match &rater.person_id {
        Some(id) => id.clone(),
        None => format!("{}/{}", rater.name, rater.phone.as_deref().unwrap_or("")),
    }
}

/// The token of a link `/r/{token}`.
pub fn token(link: &str) -> &str {
    link.rsplit('/').next().unwrap_or(link)
}
