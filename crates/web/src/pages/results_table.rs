//! The figures of the console's results page, taken from the cycle's Results exactly as the
//! API and the files give them (`CycleResponses::with_results`): one row per assessee with
//! the standing and each dimension's 100-point score, sorted by any column, filtered by
//! department, and the grade distribution of the rows shown. Nothing is scored here.

use std::cmp::Ordering;

use yardstick_core::scoring::display::percent_display;
use yardstick_store::{CycleResponses, ResultsError};

/// One assessee's row, as scored.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Row {
    /// Position in the cycle's order.
    pub position: usize,
    /// Person id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Department (empty when none).
    pub department: String,
    /// Submitted responses that count (all submitted, less those set aside).
    pub raters: u32,
    /// Submitted responses set aside (SPEC §4 step 0).
    pub set_aside: u32,
    /// `percent(T)` as displayed (1 decimal).
    pub percent: Option<f64>,
    /// Position of the grade band in the model's grades.
    pub grade: Option<usize>,
    /// Rank in the cycle.
    pub rank: Option<u32>,
    /// Rank in the department.
    pub department_rank: Option<u32>,
    /// Each dimension's `percent(S[d])` as displayed, in model order.
    pub dimensions: Vec<Option<f64>>,
}

/// A grade band of the model.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Band {
    /// Its name, e.g. 优秀.
    pub name: String,
    /// Its lowest displayed score.
    pub min: f64,
}

/// A dimension of the model.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Dimension {
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
}

/// Everything the page shows, for every assessee of the cycle.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Scored {
    /// The model's dimensions.
    pub dimensions: Vec<Dimension>,
    /// The model's grade bands, highest first.
    pub bands: Vec<Band>,
    /// One row per assessee, in the cycle's order.
    pub rows: Vec<Row>,
}

/// Scores the cycle with the code the API and the files use and keeps what the table shows.
pub(crate) fn scored(data: &CycleResponses) -> Result<Scored, ResultsError> {
    data.with_results(false, |view| {
        let model = view.model;
        let rows = data
            .assessees
            .iter()
            .enumerate()
            .filter_map(|(i, a)| {
                let result = view.scores.result(i)?;
                let submitted: u32 = result.groups.raters.iter().sum();
                Some(Row {
                    position: i,
                    id: a.id.clone(),
                    name: a.name.clone(),
                    department: a.department.clone(),
                    raters: submitted - result.groups.set_aside.min(submitted),
                    set_aside: result.groups.set_aside,
                    percent: result.overall.displayed,
                    grade: result.overall.grade,
                    rank: result.overall.rank,
                    department_rank: result.overall.department_rank,
                    dimensions: result
                        .dimensions
                        .iter()
                        .map(|d| d.percent.map(percent_display))
                        .collect(),
                })
            })
            .collect();
        Scored {
            dimensions: model
                .dimensions()
                .iter()
                .map(|d| Dimension {
                    code: d.code().to_string(),
                    name: d.name().to_string(),
                })
                .collect(),
            bands: model
                .grades()
                .iter()
                .map(|g| Band {
                    name: g.name().to_string(),
                    min: g.min(),
                })
                .collect(),
            rows,
        }
    })
}

/// A column the table can be sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Column {
    Name,
    Id,
    Department,
    Raters,
    Score,
    Grade,
    Rank,
    DepartmentRank,
    /// A dimension, by position in the model.
    Dimension(usize),
}

impl Column {
    /// The column a `sort=` value names, if any.
    pub(crate) fn parse(text: &str, dimensions: &[Dimension]) -> Option<Column> {
        Some(match text {
            "name" => Column::Name,
            "id" => Column::Id,
            "department" => Column::Department,
            "raters" => Column::Raters,
            "score" => Column::Score,
            "grade" => Column::Grade,
            "rank" => Column::Rank,
            "department_rank" => Column::DepartmentRank,
            other => {
                let code = other.strip_prefix("dimension.")?;
                Column::Dimension(dimensions.iter().position(|d| d.code == code)?)
            }
        })
    }

    /// The column's `sort=` value.
    pub(crate) fn code(self, dimensions: &[Dimension]) -> String {
        match self {
            Column::Name => "name".into(),
            Column::Id => "id".into(),
            Column::Department => "department".into(),
            Column::Raters => "raters".into(),
            Column::Score => "score".into(),
            Column::Grade => "grade".into(),
            Column::Rank => "rank".into(),
            Column::DepartmentRank => "department_rank".into(),
            Column::Dimension(d) => format!(
                "dimension.{}",
                dimensions.get(d).map_or("", |d| d.code.as_str())
            ),
        }
    }

    /// The direction a first click sorts in: the best or the most first for figures, A to Z
    /// and rank 1 first for the rest.
    pub(crate) fn first_direction(self) -> Direction {
        match self {
            Column::Raters | Column::Score | Column::Grade | Column::Dimension(_) => {
                Direction::Descending
            }
            _ => Direction::Ascending,
        }
    }
}

/// A sorting direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Direction {
    Ascending,
    Descending,
}

impl Direction {
    /// The direction a `dir=` value names (anything but `desc` is ascending).
    pub(crate) fn parse(text: &str) -> Direction {
        if text == "desc" {
            Direction::Descending
        } else {
            Direction::Ascending
        }
    }

    /// The `dir=` value.
    pub(crate) fn code(self) -> &'static str {
        match self {
            Direction::Ascending => "asc",
            Direction::Descending => "desc",
        }
    }

    /// The other direction.
    pub(crate) fn flipped(self) -> Direction {
        match self {
            Direction::Ascending => Direction::Descending,
            Direction::Descending => Direction::Ascending,
        }
    }
}

/// `a` against `b` with missing values last in either direction.
fn missing_last<T: PartialOrd>(a: Option<T>, b: Option<T>, direction: Direction) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => {
            let o = a.partial_cmp(&b).unwrap_or(Ordering::Equal);
            if direction == Direction::Descending {
                o.reverse()
            } else {
                o
            }
        }
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Sorts `rows` by `column` in `direction`; equal rows keep the cycle's rank, then its order.
pub(crate) fn sort(rows: &mut [Row], bands: &[Band], column: Column, direction: Direction) {
    let text = |s: &str| Some(s.to_string()).filter(|s| !s.is_empty());
    // A grade compares by its band's minimum: the higher band is the larger.
    let band = |r: &Row| r.grade.and_then(|g| bands.get(g)).map(|b| b.min);
    rows.sort_by(|a, b| {
        let by = match column {
            Column::Name => missing_last(text(&a.name), text(&b.name), direction),
            Column::Id => missing_last(text(&a.id), text(&b.id), direction),
            Column::Department => missing_last(text(&a.department), text(&b.department), direction),
            Column::Raters => missing_last(Some(a.raters), Some(b.raters), direction),
            Column::Score => missing_last(a.percent, b.percent, direction),
            Column::Grade => missing_last(band(a), band(b), direction),
            Column::Rank => missing_last(a.rank, b.rank, direction),
            Column::DepartmentRank => missing_last(a.department_rank, b.department_rank, direction),
            Column::Dimension(d) => missing_last(
                a.dimensions.get(d).copied().flatten(),
                b.dimensions.get(d).copied().flatten(),
                direction,
            ),
        };
        by.then_with(|| missing_last(a.rank, b.rank, Direction::Ascending))
            .then(a.position.cmp(&b.position))
    });
}

/// How many of `rows` hold each grade band, and how many have no grade: (per band, none).
pub(crate) fn distribution(rows: &[Row], bands: &[Band]) -> (Vec<usize>, usize) {
    let mut counts = vec![0; bands.len()];
    let mut none = 0;
    for row in rows {
        match row.grade.and_then(|g| counts.get_mut(g)) {
            Some(n) => *n += 1,
            None => none += 1,
        }
    }
    (counts, none)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(position: usize, name: &str, percent: Option<f64>, rank: Option<u32>) -> Row {
        Row {
            position,
            id: format!("E{position}"),
            name: name.into(),
            department: String::new(),
            raters: 0,
            set_aside: 0,
            percent,
            grade: None,
            rank,
            department_rank: None,
            dimensions: vec![],
        }
    }

    #[test]
    fn missing_scores_sort_last_in_both_directions() {
        let mut rows = vec![
            row(0, "甲", None, None),
            row(1, "乙", Some(70.0), Some(2)),
            row(2, "丙", Some(90.0), Some(1)),
        ];
        sort(&mut rows, &[], Column::Score, Direction::Ascending);
        let order: Vec<usize> = rows.iter().map(|r| r.position).collect();
        assert_eq!(order, [1, 2, 0]);
        sort(&mut rows, &[], Column::Score, Direction::Descending);
        let order: Vec<usize> = rows.iter().map(|r| r.position).collect();
        assert_eq!(order, [2, 1, 0]);
    }

    #[test]
    fn sort_values_name_their_column_and_unknown_ones_none() {
        let dims = vec![Dimension {
            code: "3".into(),
            name: "团队建设".into(),
        }];
        for c in [Column::Name, Column::DepartmentRank, Column::Dimension(0)] {
            assert_eq!(Column::parse(&c.code(&dims), &dims), Some(c));
        }
        assert_eq!(Column::parse("dimension.9", &dims), None);
        assert_eq!(Column::parse("salary", &dims), None);
    }
}
