//! The People file (SPEC §5): `id`, `name`, `department`, `title`, `superior` (the superior's
//! id, blank for none), optional `email` and `phone`; CSV or XLSX in any accepted encoding.
//! Every problem is reported with its row; the org chart the file would make, together with
//! the people already known, is checked as a whole (unknown superiors, reporting loops).

use std::collections::{HashMap, HashSet};

use yardstick_core::bounds::TextRule;
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

impl Field {
    /// The bounds of the field's cells (SPEC §7): names at most 200 characters, the other
    /// fields one short line; none may hold a control character. Blank cells are checked
    /// apart, as only ids and names are required.
    fn rule(self) -> TextRule {
        match self {
            Field::Name => TextRule {
                required: false,
                ..TextRule::NAME
            },
            _ => TextRule::LINE,
        }
    }
}

/// A People file as read: the rows that could be read, and the problems of the rest.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PeopleFile {
    /// The people of the rows with an id and a name, each id once.
    pub rows: Vec<PersonRow>,
    /// Every problem of the rows, in file order.
    problems: Vec<FileProblem>,
    /// Ids of rows left out for a problem, which other rows may name as their superior.
    left_out: Vec<String>,
}

impl PeopleFile {
    /// Whether no row has a problem.
    pub fn is_sound(&self) -> bool {
        self.problems.is_empty()
    }

    /// The rows, or every problem of the file: those of its rows and, in the same pass, those
    /// of the org chart the rows that could be read make together with the people already
    /// known (`known`: id and superior; see [`check_org`]). Problems are listed by row.
    pub fn check(self, known: &[(String, Option<String>)]) -> Result<Vec<PersonRow>, Problems> {
        let found = self.all_problems(known);
        if found.is_empty() {
            return Ok(self.rows);
        }
        let mut problems = Problems::default();
        for p in found {
            problems.push(p);
        }
        Err(problems)
    }

    /// Every problem [`PeopleFile::check`] finds, none left out (a page can list them all),
    /// in row order: those of the rows, those of the org chart, and that the file holds
    /// nobody when it has no problem row and no person.
    pub fn all_problems(&self, known: &[(String, Option<String>)]) -> Vec<FileProblem> {
        let mut found = self.problems.clone();
        let known_ids: Vec<(String, Option<String>)> = known
            .iter()
            .cloned()
            .chain(self.left_out.iter().map(|id| (id.clone(), None)))
            .collect();
        found.extend(org_problems(&self.rows, &known_ids));
        if found.is_empty() && self.rows.is_empty() {
            found.push(FileProblem {
                row: None,
                column: None,
                kind: ProblemKind::NoRows,
            });
        }
        found.sort_by_key(|p| p.row.unwrap_or(0));
        found
    }
}

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
/// repeated ids, cells out of bounds) are all reported; see [`check_org`] for the org chart,
/// and [`parse_people`] to report both at once.
pub fn read_people(bytes: &[u8]) -> Result<Vec<PersonRow>, Problems> {
    let file = parse_people(bytes)?;
    if file.is_sound() {
        if file.rows.is_empty() {
            return Err(Problems::file(ProblemKind::NoRows));
        }
        return Ok(file.rows);
    }
    let mut problems = Problems::default();
    for p in file.problems {
        problems.push(p);
    }
    Err(problems)
}

/// Reads a People file into the rows that could be read and the problems of the others;
/// fails only when the file as a whole cannot be read (its encoding, its quotes, its header).
pub fn parse_people(bytes: &[u8]) -> Result<PeopleFile, Problems> {
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

    let mut file = PeopleFile::default();
    let mut first_row: HashMap<String, u64> = HashMap::new();
    for (row, cells) in rows {
        if cells.iter().all(|c| trim(c).is_empty()) {
            continue;
        }
        let mut sound = true;
        let mut cell = |f: Field| -> Option<String> {
            let index = *columns.get(&f)?;
            let text = cells.get(index).map_or("", |s| s.as_str());
            match f.rule().check(trim(text)) {
                Ok(t) => Some(t.to_string()).filter(|t| !t.is_empty()),
                Err(problem) => {
                    sound = false;
                    file.problems.push(FileProblem {
                        row: Some(row),
                        column: Some(column(index)),
                        kind: ProblemKind::Text(problem),
                    });
                    None
                }
            }
        };
        let (id, name) = (cell(Field::Id), cell(Field::Name));
        let person = PersonRow {
            row,
            id: id.clone().unwrap_or_default(),
            name: name.clone().unwrap_or_default(),
            department: cell(Field::Department).unwrap_or_default(),
            title: cell(Field::Title).unwrap_or_default(),
            superior: cell(Field::Superior),
            email: cell(Field::Email),
            phone: cell(Field::Phone),
        };
        for (f, value) in [(Field::Id, &id), (Field::Name, &name)] {
            let given = columns
                .get(&f)
                .and_then(|c| cells.get(*c))
                .is_some_and(|c| !trim(c).is_empty());
            if value.is_none() && !given {
                sound = false;
                file.problems.push(FileProblem {
                    row: Some(row),
                    column: columns.get(&f).map(|c| column(*c)),
                    kind: ProblemKind::Blank,
                });
            }
        }
        let Some(id) = id else {
            continue;
        };
        if let Some(first) = first_row.get(&id) {
            file.problems.push(FileProblem {
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
        if sound {
            file.rows.push(person);
        } else {
            file.left_out.push(id);
        }
    }
    Ok(file)
}

/// Checks the org chart the file makes together with the people already known
/// (`known`: id and superior; people in the file replace their earlier entry): every
/// superior must exist, and nobody may report to themself, directly or through others.
pub fn check_org(rows: &[PersonRow], known: &[(String, Option<String>)]) -> Result<(), Problems> {
    let found = org_problems(rows, known);
    if found.is_empty() {
        return Ok(());
    }
    let mut problems = Problems::default();
    for p in found {
        problems.push(p);
    }
    Err(problems)
}

/// Every problem of the org chart `rows` make with the people already `known` (`known`:
/// id and superior; people in the file replace their earlier entry), none left out: unknown
/// superiors, then reporting loops. [`check_org`] gives the same, at most
/// [`crate::problem::MAX_LISTED`] of them listed.
pub fn org_problems(rows: &[PersonRow], known: &[(String, Option<String>)]) -> Vec<FileProblem> {
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
    let ids: HashSet<&str> = members.iter().map(|m| m.id).collect();
    let mut problems = Vec::new();
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
    problems
}

#[cfg(test)]
mod tests {
    use yardstick_core::bounds::TextProblem;

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

    #[test]
    fn a_broken_quote_is_a_problem_of_its_row_instead_of_an_id() {
        let file = "id,name,department,title,superior\n\
            \"P1,A\" ,王经理,翠湖花园管理处,项目经理,\n\
            P2,李\"主管,翠湖花园管理处,客服主管,P1\n";
        let p = read_people(file.as_bytes()).unwrap_err();
        let found: Vec<(Option<u64>, String, ProblemKind)> = p
            .listed
            .iter()
            .map(|p| (p.row, p.column.as_ref().unwrap().letter(), p.kind.clone()))
            .collect();
        assert_eq!(
            found,
            vec![
                (Some(2), "A".into(), ProblemKind::StrayQuote),
                (Some(3), "B".into(), ProblemKind::StrayQuote),
            ]
        );
    }

    #[test]
    fn long_names_and_control_characters_are_refused_with_their_row_and_column() {
        let long = "王".repeat(201);
        let file = format!(
            "{FILE}P4,{long},A,B,P1,\nP5,钱,A\u{1b}[2J,B,P1,\nP6,孙,A,B,P1,{}\n",
            "1".repeat(201)
        );
        let p = read_people(file.as_bytes()).unwrap_err();
        let found: Vec<(Option<u64>, String, ProblemKind)> = p
            .listed
            .iter()
            .map(|p| {
                (
                    p.row,
                    p.column.as_ref().unwrap().header.clone(),
                    p.kind.clone(),
                )
            })
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    Some(5),
                    "name".into(),
                    ProblemKind::Text(TextProblem::TooLong {
                        length: 201,
                        max: 200
                    })
                ),
                (
                    Some(6),
                    "department".into(),
                    ProblemKind::Text(TextProblem::Control {
                        position: 2,
                        code: 0x1b
                    })
                ),
                (
                    Some(7),
                    "phone".into(),
                    ProblemKind::Text(TextProblem::TooLong {
                        length: 201,
                        max: 200
                    })
                ),
            ]
        );
        assert_eq!(
            p.listed[0]
                .message("people.csv")
                .render(yardstick_core::Lang::En),
            "people.csv, row 5, column B \"name\": the cell is too long: 201 characters, at most 200"
        );
        // 200 characters are fine.
        let file = format!("{FILE}P4,{},A,B,P1,\n", "王".repeat(200));
        assert_eq!(read_people(file.as_bytes()).unwrap().len(), 4);
    }

    #[test]
    fn row_problems_and_org_chart_problems_are_reported_in_one_pass() {
        // Row 5 has no name, row 6 names an unknown superior, rows 7 and 8 report to each
        // other, row 9 reports to row 5's person, who is left out but not unknown.
        let file = format!(
            "{FILE}P4,,A,B,P1,\nP5,钱,A,B,P9,\nP6,孙,A,B,P7,\nP7,李,A,B,P6,\nP8,周,A,B,P4,\n"
        );
        let p = parse_people(file.as_bytes())
            .unwrap()
            .check(&[])
            .unwrap_err();
        let found: Vec<(Option<u64>, ProblemKind)> =
            p.listed.iter().map(|p| (p.row, p.kind.clone())).collect();
        assert_eq!(
            found,
            vec![
                (Some(5), ProblemKind::Blank),
                (Some(6), ProblemKind::UnknownSuperior("P9".into())),
                (
                    Some(7),
                    ProblemKind::ReportingCycle(vec!["P6".into(), "P7".into(), "P6".into()])
                ),
            ]
        );
        // A sound file passes, with the people already known.
        let rows = parse_people(format!("{FILE}P4,赵,A,B,X1,\n").as_bytes())
            .unwrap()
            .check(&[("X1".into(), None)])
            .unwrap();
        assert_eq!(rows.len(), 4);
    }
}
