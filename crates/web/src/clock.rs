//! Times of the store (Unix milliseconds) as the calendar shows them, for the pages' own
//! formats.

/// A moment on the calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Civil {
    pub year: i64,
    pub month: i64,
    pub day: i64,
    pub hour: i64,
    pub minute: i64,
    pub second: i64,
}

/// `ms` (Unix milliseconds) on the proleptic Gregorian calendar, `offset` seconds east of
/// UTC (H. Hinnant, "chrono-compatible low-level date algorithms").
pub(crate) fn civil(ms: i64, offset: i64) -> Civil {
    let seconds = ms.div_euclid(1000) + offset;
    let (days, of_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    Civil {
        year: yoe + era * 400 + i64::from(month <= 2),
        month,
        day,
        hour: of_day / 3600,
        minute: of_day % 3600 / 60,
        second: of_day % 60,
    }
}

/// The day (`YYYY-MM-DD`) `ms` falls on in Beijing, where the company's days are counted.
pub(crate) fn beijing_day(ms: i64) -> String {
    let c = civil(ms, 8 * 3600);
    format!("{:04}-{:02}-{:02}", c.year, c.month, c.day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_offsets_fall_on_the_right_dates() {
        let c = civil(0, 0);
        assert_eq!((c.year, c.month, c.day, c.hour), (1970, 1, 1, 0));
        // 2024-02-29 23:59:59 UTC, and the next day in Beijing.
        let leap = civil(1_709_251_199_000, 0);
        assert_eq!(
            (leap.year, leap.month, leap.day, leap.second),
            (2024, 2, 29, 59)
        );
        let east = civil(1_709_251_199_000, 8 * 3600);
        assert_eq!((east.month, east.day, east.hour), (3, 1, 7));
        assert_eq!(beijing_day(1_709_251_199_000), "2024-03-01");
        // Before 1970.
        let before = civil(-1000, 0);
        assert_eq!(
            (before.year, before.month, before.day, before.hour),
            (1969, 12, 31, 23)
        );
    }
}
