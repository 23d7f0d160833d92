//! SPEC §4 step 6: how scores are shown. 100-point scores to 1 decimal, raw-scale scores to
//! 2 decimals, half away from zero (四舍五入).
//!
//! Scores are computed in binary floating point, so a value that is exactly 82.45 on paper may
//! arrive as 82.449999999999989. Like a spreadsheet, the value is first taken to 15 significant
//! digits and only then rounded, so the printed score is the one a person working by hand (or
//! in Excel with `ROUND`) would print.

/// Significant digits kept before rounding, as spreadsheets do.
const SIGNIFICANT: i32 = 15;

/// Rounds half away from zero to `decimals` places, after taking `x` to 15 significant digits.
pub fn round_half_away(x: f64, decimals: u32) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    let Ok(decimals) = i32::try_from(decimals) else {
        return x;
    };
    // Fast path: far from a half, binary noise cannot change which way the value rounds.
    let scale = 10f64.powi(decimals);
    let scaled = x.abs() * scale;
    if scaled < 1e9 {
        let fraction = scaled - scaled.floor();
        if (fraction - 0.5).abs() > 1e-6 {
            let rounded = scaled.round() / scale;
            return if x < 0.0 { -rounded } else { rounded };
        }
    }
    exact_round(x, decimals)
}

/// The decimal route of [`round_half_away`], for values at or near a half.
fn exact_round(x: f64, decimals: i32) -> f64 {
    // x = mantissa × 10^(exponent − 14), mantissa a 15-digit integer.
    let scientific = format!("{:.*e}", (SIGNIFICANT - 1) as usize, x.abs());
    let Some((mantissa, exponent)) = scientific.split_once('e') else {
        return x;
    };
    let (Ok(mantissa), Ok(exponent)) = (
        mantissa.replace('.', "").parse::<u64>(),
        exponent.parse::<i32>(),
    ) else {
        return x;
    };
    // Scale to units of 10^-decimals: mantissa × 10^shift.
    let shift = exponent - (SIGNIFICANT - 1) + decimals;
    if shift >= 0 {
        // Already at or beyond the wanted precision.
        return x;
    }
    let units = if -shift > SIGNIFICANT {
        0
    } else {
        let divisor = 10u64.pow(shift.unsigned_abs());
        let (quotient, remainder) = (mantissa / divisor, mantissa % divisor);
        quotient + u64::from(remainder * 2 >= divisor)
    };
    let rounded = units as f64 / 10f64.powi(decimals);
    if x < 0.0 { -rounded } else { rounded }
}

/// A 100-point score as displayed: 1 decimal.
pub fn percent_display(x: f64) -> f64 {
    round_half_away(x, 1)
}

/// A raw-scale score (or gap) as displayed: 2 decimals.
pub fn raw_display(x: f64) -> f64 {
    round_half_away(x, 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_round_away_from_zero() {
        assert_eq!(round_half_away(82.45, 1), 82.5);
        assert_eq!(round_half_away(82.44, 1), 82.4);
        assert_eq!(round_half_away(-82.45, 1), -82.5);
        assert_eq!(round_half_away(0.05, 1), 0.1);
        assert_eq!(round_half_away(2.675, 2), 2.68);
        assert_eq!(round_half_away(1.005, 2), 1.01);
        assert_eq!(round_half_away(89.95, 1), 90.0);
        assert_eq!(round_half_away(100.0, 1), 100.0);
        assert_eq!(round_half_away(0.04, 1), 0.0);
        assert_eq!(round_half_away(0.000001, 1), 0.0);
    }

    #[test]
    fn binary_noise_below_fifteen_digits_does_not_change_the_display() {
        // 4.1225 / 5 × 100 is 82.45 on paper and 82.44999999999999 in binary.
        let computed = 4.1225 / 5.0 * 100.0;
        assert!(computed < 82.45);
        assert_eq!(percent_display(computed), 82.5);
        assert_eq!(percent_display(82.449_999_999_9), 82.4);
    }

    #[test]
    fn the_fast_path_agrees_with_the_decimal_route() {
        for i in 0..20_000 {
            let x = f64::from(i) * 0.012_345_678_9 - 50.0;
            for d in [1, 2] {
                assert_eq!(round_half_away(x, d), exact_round(x, d as i32), "{x} {d}");
            }
        }
    }
}
