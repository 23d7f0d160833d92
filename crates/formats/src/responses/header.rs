//! The header row of a responses file: which column is which (SPEC §5). Column order is
//! free; English names, Chinese names and the model's item codes are accepted.

use yardstick_core::Model;

use crate::problem::{Column, FileProblem, ProblemKind, Problems};
use crate::text::{halfwidth, trim};

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    Assessee,
    Rater,
    Relationship,
    Department,
    Comment,
    /// The item at this position of the model.
    Item(usize),
    /// A blank header cell: the column must stay empty.
    Blank,
}

impl Role {
    fn from_name(name: &str) -> Option<Role> {
        let lower = name.to_ascii_lowercase();
        Some(match lower.as_str() {
            "assessee" | "被评价人" | "被评人" | "被考评人" => Role::Assessee,
            "rater" | "评价人" | "考评人" => Role::Rater,
            "relationship" | "评价关系" | "关系" => Role::Relationship,
            "department" | "部门" => Role::Department,
            "comment" | "评语" | "意见" | "备注" => Role::Comment,
            _ => return None,
        })
    }
}

/// The meaning of every column.
#[derive(Clone, Debug)]
pub(crate) struct Header {
    pub(crate) roles: Vec<Role>,
    pub(crate) names: Vec<String>,
    pub(crate) assessee: usize,
    pub(crate) rater: usize,
    pub(crate) relationship: usize,
    pub(crate) department: Option<usize>,
    /// `(column, item position)` of every item column.
    pub(crate) items: Vec<(usize, usize)>,
}

impl Header {
    /// Cells a row needs: up to the last column with a header.
    pub(crate) fn width(&self) -> usize {
        self.roles
            .iter()
            .rposition(|r| *r != Role::Blank)
            .map_or(0, |i| i + 1)
    }

    pub(crate) fn column(&self, index: usize) -> Column {
        Column {
            index,
            header: self.names.get(index).cloned().unwrap_or_default(),
        }
    }

    /// Reads the header cells; every problem with them is recorded.
    pub(crate) fn parse(
        cells: &[String],
        model: &Model,
        problems: &mut Problems,
    ) -> Option<Header> {
        let mut roles = Vec::with_capacity(cells.len());
        let mut seen: Vec<(Role, usize)> = Vec::new();
        let names: Vec<String> = cells.iter().map(|c| trim(c).to_string()).collect();
        let before = problems.total;
        for (index, name) in names.iter().enumerate() {
            let normal = halfwidth(name);
            let normal = trim(&normal);
            let role = if normal.is_empty() {
                Some(Role::Blank)
            } else {
                Role::from_name(normal).or_else(|| {
                    // An item code, alone or followed by the item's text ("1.1 把客户满意…").
                    let code = normal.split_whitespace().next().unwrap_or(normal);
                    model.item_index(code).map(Role::Item)
                })
            };
            let column = Column {
                index,
                header: name.clone(),
            };
            match role {
                None => problems.push(FileProblem {
                    row: Some(1),
                    column: Some(column),
                    kind: ProblemKind::UnknownColumn(crate::problem::FileKind::Responses),
                }),
                Some(Role::Blank) => {}
                Some(role) => {
                    if let Some((_, first)) = seen.iter().find(|(r, _)| *r == role) {
                        let first = Column {
                            index: *first,
                            header: names[*first].clone(),
                        };
                        problems.push(FileProblem {
                            row: Some(1),
                            column: Some(column),
                            kind: ProblemKind::DuplicateColumn {
                                first: first.letter(),
                            },
                        });
                    } else {
                        seen.push((role, index));
                    }
                }
            }
            roles.push(role.unwrap_or(Role::Blank));
        }
        let find = |role: Role| seen.iter().find(|(r, _)| *r == role).map(|(_, i)| *i);
        let mut required = |role: Role, name: &'static str| {
            let found = find(role);
            if found.is_none() {
                problems.push(FileProblem {
                    row: Some(1),
                    column: None,
                    kind: ProblemKind::MissingColumn(name),
                });
            }
            found
        };
        let assessee = required(Role::Assessee, "assessee");
        let rater = required(Role::Rater, "rater");
        let relationship = required(Role::Relationship, "relationship");
        let missing: Vec<String> = model
            .items()
            .iter()
            .enumerate()
            .filter(|(i, _)| find(Role::Item(*i)).is_none())
            .map(|(_, item)| item.code().to_string())
            .collect();
        if !missing.is_empty() {
            problems.push(FileProblem {
                row: Some(1),
                column: None,
                kind: ProblemKind::MissingItems(missing),
            });
        }
        if problems.total > before {
            return None;
        }
        let items = roles
            .iter()
            .enumerate()
            .filter_map(|(column, role)| match role {
                Role::Item(item) => Some((column, *item)),
                _ => None,
            })
            .collect();
        Some(Header {
            items,
            department: find(Role::Department),
            roles,
            names,
            assessee: assessee?,
            rater: rater?,
            relationship: relationship?,
        })
    }
}
