//! SPEC §4 step 6: how scores are shown. 100-point scores to 1 decimal, raw-scale scores to
//! 2 decimals, half away from zero (四舍五入).
//!
//! Scores are computed in binary floating point, so a value that is exactly 82.45 on paper
//! may arrive as 82.449999999999989, and the same score computed along two paths (weights
//! 40/20 or 80/40, say) may differ in its last bits. A value within one part in 10⁹ of a
//! rounding edge is therefore treated as lying on it and rounds away from zero: binary noise,
//! some 10⁻¹⁴ in size, never changes a displayed figure, while real differences between
//! scores are far larger than 10⁻⁹.

/// How close to a rounding edge, relative to the value (and absolutely below 1), counts as on it.
pub const EDGE_TOLERANCE: f64 = 1e-9;

/// Rounds half away from zero to `decimals` places; values within [`EDGE_TOLERANCE`] of a
/// half round away from zero as the half does.
pub fn round_half_away(x: f64, decimals: u32) -> f64 {
    if !x.is_finite() {
        return x;
    }
    let scale = 10f64.powi(i32::try_from(decimals).unwrap_or(i32::MAX));
    let magnitude = x.abs();
    let tolerance = EDGE_TOLERANCE * magnitude.max(1.0) * scale;
    let rounded = (magnitude * scale + tolerance).round() / scale;
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
        assert_eq!(round_half_away(-0.525, 2), -0.53);
        assert_eq!(round_half_away(89.95, 1), 90.0);
        assert_eq!(round_half_away(100.0, 1), 100.0);
        assert_eq!(round_half_away(0.04, 1), 0.0);
        assert_eq!(round_half_away(0.000001, 1), 0.0);
        assert_eq!(round_half_away(0.0, 1), 0.0);
    }

    #[test]
    fn binary_noise_at_a_rounding_edge_does_not_change_the_display() {
        // 4.1225 / 5 × 100 is 82.45 on paper and 82.44999999999999 in binary.
        let computed = 4.1225 / 5.0 * 100.0;
        assert!(computed < 82.45);
        assert_eq!(percent_display(computed), 82.5);
        // A gap of −0.525 reached through a subtraction that loses digits.
        let gap = 4.0 - 4.525_000_000_000_003;
        assert_eq!(raw_display(gap), -0.53);
        assert_eq!(raw_display(-0.524_999_999_999_997), -0.53);
    }

    #[test]
    fn real_differences_below_a_half_still_round_down() {
        assert_eq!(percent_display(82.449_999), 82.4);
        assert_eq!(raw_display(0.524_99), 0.52);
        assert_eq!(percent_display(89.949_99), 89.9);
    }
}
