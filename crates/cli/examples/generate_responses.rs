//! Writes a synthetic responses file for the built-in model, for benchmarks and examples:
//!
//! ```text
//! cargo run --release --example generate_responses -- ASSESSEES RATERS_PER_ASSESSEE [SEED] > responses.csv
//! ```
//!
//! Each assessee gets a self rating, one superior, and the rest of the raters split at
//! random between peers, subordinates and customers (业主), so some groups come out short
//! and are pooled or set aside, as in real cycles. Answers follow a per-assessee level, a
//! per-rater leniency and per-item noise, with about 3 % N/A. The same arguments always give
//! the same file.

#![allow(missing_docs)]

use std::io::{BufWriter, Write};

use yardstick_formats::builtin_model;

const DEPARTMENTS: [&str; 6] = [
    "翠湖花园管理处",
    "锦绣华庭管理处",
    "滨江一号管理处",
    "阳光城管理处",
    "金地广场管理处",
    "碧桂苑管理处",
];

/// xorshift64*: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |i: usize, default: u64| -> Result<u64, Box<dyn std::error::Error>> {
        Ok(args
            .get(i)
            .map(|s| s.parse())
            .transpose()?
            .unwrap_or(default))
    };
    let assessees = number(0, 10_000)?;
    let raters = number(1, 13)?.max(2);
    let mut rng = Rng(number(2, 42)? | 1);
    let model = builtin_model().map_err(|p| format!("{p:?}"))?;
    let items = model.items().len();

    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    write!(out, "assessee,department,rater,relationship")?;
    for item in model.items() {
        write!(out, ",{}", item.code())?;
    }
    writeln!(out, ",comment")?;

    let mut line = Vec::with_capacity(items * 2 + 64);
    for a in 0..assessees {
        let id = format!("M{:05}", a + 1);
        let department = DEPARTMENTS[(a % DEPARTMENTS.len() as u64) as usize];
        let level = 2.6 + 2.2 * rng.unit();
        let superior = format!("S{:05}", a / 8 + 1);
        let mut plan: Vec<(String, &str, f64)> =
            vec![(id.clone(), "self", 0.5), (superior, "superior", 0.0)];
        for r in 0..raters - 2 {
            let (prefix, relationship) = match rng.below(3) {
                0 => ("P", "peer"),
                1 => ("E", "subordinate"),
                _ => ("C", "customer"),
            };
            plan.push((format!("{prefix}{:05}-{r}", a + 1), relationship, 0.0));
        }
        for (rater, relationship, bias) in plan {
            let leniency = bias + (rng.unit() - 0.5) * 0.8;
            line.clear();
            write!(line, "{id},{department},{rater},{relationship}")?;
            for _ in 0..items {
                if rng.below(100) < 3 {
                    line.extend_from_slice(b",NA");
                } else {
                    let value = (level + leniency + (rng.unit() - 0.5) * 1.4)
                        .round()
                        .clamp(1.0, 5.0);
                    line.push(b',');
                    line.push(b'0' + value as u8);
                }
            }
            line.extend_from_slice(b",\n");
            out.write_all(&line)?;
        }
    }
    out.flush()?;
    Ok(())
}
