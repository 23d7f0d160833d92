//! The People file (SPEC §5): `id`, `name`, `department`, `title`, `superior` (the superior's
//! id, blank for none), optional `email` and `phone`; CSV or XLSX in any accepted encoding.
//! Every problem is reported with its row; the org chart the file would make, together with
//! the people already known, is checked as a whole (unknown superiors, reporting loops).

use std::collections::HashMap;

use yardstick_core::org::{Member, reporting_cycles};

use crate::problem::{Column, FileKind, FileProblem, ProblemKind, Problems};
use crate::sheet::read_table;
use crate::text::{halfwidth, trim};

/// One person as the file gives them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonRow {
    /// The row in the file (header = row 1).
    pub row: u64,
    /// Employee id (工号), unique.
    pub id: String,
    /// Name.
    pub name: String,
    /// Department, e.g. the property project (管理处).
    pub department: String,
    /// Job title.
    pub title: String,
    /// The superior's id.
    pub superior: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Field {
    Id,
    Name,
    Department,
    Title,
    Superior,
    Email,
    Phone,
}

const FIELDS: [(Field, &str, &[&str]); 7] = [
    (Field::Id, "id", &["工号", "编号", "员工编号"]),
    (Field::Name, "name", &["姓名"]),
    (Field::Department, "department", &["部门", "管理处"]),
    (Field::Title, "title", &["职务", "岗位", "职位"]),
    (Field::Superior, "superior", &["上级", "上级工号"]),
    (Field::Email, "email", &["邮箱", "电子邮件"]),
    (Field::Phone, "phone", &["电话", "手机"]),
];

const REQUIRED: [Field; 5] = [
    Field::Id,
    Field::Name,
    Field::Department,
    Field::Title,
    Field::Superior,
];

fn field_of(header: &str) -> Option<Field> {
    let normal = halfwidth(header);
    let name = trim(&normal).to_ascii_lowercase();
    FIELDS
        .iter()
        .find(|(_, english, chinese)| *english == name || chinese.contains(&name.as_str()))
        .map(|(f, _, _)| *f)
}

/// Reads a People file. Problems found in the file alone (columns, blank ids and names,
/// repeated ids) are all reported; see [`check_org`] for the org chart.
pub fn read_people(bytes: &[u8]) -> Result<Vec<PersonRow>, Problems> {
    let mut rows = read_table(bytes)?.into_iter();
    let Some((_, header)) = rows.next() else {
        return Err(Problems::file(ProblemKind::Empty));
    };
    let mut problems = Problems::default();
    let column = |index: usize| Column {
        index,
        header: header[index].clone(),
    };
    let mut columns: HashMap<Field, usize> = HashMap::new();
    for (index, name) in header.iter().enumerate() {
        if trim(name).is_empty() {
            continue;
        }
        match field_of(name) {
            None => problems.push(FileProblem {
                row: Some(1),
                column: Some(column(index)),
                kind: ProblemKind::UnknownColumn(FileKind::People),
            }),
            Some(f) => {
                if let Some(first) = columns.get(&f) {
                    problems.push(FileProblem {
                        row: Some(1),
                        column: Some(column(index)),
                        kind: ProblemKind::DuplicateColumn {
                            first: column(*first).letter(),
                        },
                    });
                } else {
                    columns.insert(f, index);
                }
            }
        }
    }
    for f in REQUIRED {
        if !columns.contains_key(&f) {
            let name = FIELDS
                .iter()
                .find(|(g, _, _)| *g == f)
                .map_or("", |(_, n, _)| n);
            problems.push(FileProblem {
                row: Some(1),
                column: None,
                kind: ProblemKind::MissingColumn(name),
            });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }

    let mut people = Vec::new();
    let mut first_row: HashMap<String, u64> = HashMap::new();
    for (row, cells) in rows {
        let cell = |f: Field| {
            columns
                .get(&f)
                .and_then(|c| cells.get(*c))
                .map(|s| trim(s).to_string())
                .filter(|s| !s.is_empty())
        };
        if cells.iter().all(|c| trim(c).is_empty()) {
            continue;
        }
        let mut blank = |f: Field| {
            problems.push(FileProblem {
                row: Some(row),
                column: columns.get(&f).map(|c| column(*c)),
                kind: ProblemKind::Blank,
            })
        };
        let (id, name) = (cell(Field::Id), cell(Field::Name));
        if id.is_none() {
            blank(Field::Id);
        }
        if name.is_none() {
            blank(Field::Name);
        }
        let (Some(id), Some(name)) = (id, name) else {
            continue;
        };
        if let Some(first) = first_row.get(&id) {
            problems.push(FileProblem {
                row: Some(row),
                column: columns.get(&Field::Id).map(|c| column(*c)),
                kind: ProblemKind::DuplicateId {
                    id: id.clone(),
                    first_row: *first,
                },
            });
            continue;
        }
        first_row.insert(id.clone(), row);
        people.push(PersonRow {
            row,
            id,
            name,
            department: cell(Field::Department).unwrap_or_default(),
            title: cell(Field::Title).unwrap_or_default(),
            superior: cell(Field::Superior),
            email: cell(Field::Email),
            phone: cell(Field::Phone),
        });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if people.is_empty() {
        return Err(Problems::file(ProblemKind::NoRows));
    }
    Ok(people)
}

/// Checks the org chart the file makes together with the people already known
/// (`known`: id and superior; people in the file replace their earlier entry): every
/// superior must exist, and nobody may report to themself, directly or through others.
pub fn check_org(rows: &[PersonRow], known: &[(String, Option<String>)]) -> Result<(), Problems> {
    let in_file: HashMap<&str, &PersonRow> = rows.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut members: Vec<Member<'_>> = known
        .iter()
        .filter(|(id, _)| !in_file.contains_key(id.as_str()))
        .map(|(id, superior)| Member {
            id,
            superior: superior.as_deref(),
        })
        .collect();
    members.extend(rows.iter().map(|r| Member {
        id: &r.id,
        superior: r.superior.as_deref(),
    }));
    let ids: std::collections::HashSet<&str> = members.iter().map(|m| m.id).collect();
    let mut problems = Problems::default();
    for r in rows {
        if let Some(s) = r.superior.as_deref().filter(|s| !ids.contains(s)) {
            problems.push(FileProblem {
                row: Some(r.row),
                column: None,
                kind: ProblemKind::UnknownSuperior(s.to_string()),
            });
        }
    }
    for cycle in reporting_cycles(&members) {
        let row = cycle
            .iter()
            .filter_map(|id| in_file.get(id.as_str()))
            .map(|r| r.row)
            .min();
        problems.push(FileProblem {
            row,
            column: None,
            kind: ProblemKind::ReportingCycle(cycle),
        });
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "id,name,department,title,superior,phone\n\
        P1,王经理,翠湖花园管理处,项目经理,,13800000001\n\
        P2,李主管,翠湖花园管理处,客服主管,P1,\n\
        P3,张主管,翠湖花园管理处,工程主管,P1,\n";

    #[test]
    fn a_people_file_reads_into_rows() {
        let rows = read_people(FILE.as_bytes()).unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1].superior.as_deref(), Some("P1"));
        assert_eq!(rows[0].phone.as_deref(), Some("13800000001"));
        assert_eq!(rows[2].row, 4);
        assert!(check_org(&rows, &[]).is_ok());
    }

    #[test]
    fn chinese_headers_are_accepted() {
        let file = FILE.replacen(
            "id,name,department,title,superior,phone",
            "工号,姓名,部门,职务,上级,电话",
            1,
        );
        assert_eq!(read_people(file.as_bytes()).unwrap().len(), 3);
    }

    #[test]
    fn every_row_problem_is_reported() {
        let file = format!("{FILE}P2,重复,A,B,P1,\n,无号,A,B,,\nP9,,A,B,,\n");
        let p = read_people(file.as_bytes()).unwrap_err();
        let kinds: Vec<(Option<u64>, ProblemKind)> =
            p.listed.iter().map(|p| (p.row, p.kind.clone())).collect();
        assert_eq!(
            kinds,
            vec![
                (
                    Some(5),
                    ProblemKind::DuplicateId {
                        id: "P2".into(),
                        first_row: 3
                    }
                ),
                (Some(6), ProblemKind::Blank),
                (Some(7), ProblemKind::Blank),
            ]
        );
    }

    #[test]
    fn unknown_superiors_and_loops_are_reported_against_the_whole_chart() {
        let file = format!("{FILE}P4,赵,A,B,P9,\nP5,钱,A,B,P6,\nP6,孙,A,B,P5,\n");
        let rows = read_people(file.as_bytes()).unwrap();
        let p = check_org(&rows, &[]).unwrap_err();
        assert_eq!(p.total, 2);
        assert_eq!(p.listed[0].kind, ProblemKind::UnknownSuperior("P9".into()));
        assert_eq!(p.listed[0].row, Some(5));
        assert_eq!(
            p.listed[1].kind,
            ProblemKind::ReportingCycle(vec!["P5".into(), "P6".into(), "P5".into()])
        );
        // A superior already known is fine.
        let rows = read_people(format!("{FILE}P4,赵,A,B,X1,\n").as_bytes()).unwrap();
        assert!(check_org(&rows, &[("X1".into(), None)]).is_ok());
    }
}
