//! Distributions written out with correctly rounded operations only (`+ - * /` and
//! `sqrt`, which IEEE 754 fixes to the bit), so a value drawn here is the same on every
//! platform and compiler: `f64::exp` and `f64::ln` come from the platform's math
//! library and may differ in the last bit, which rounding can turn into a different
//! cent. `exp` and `ln` are reduced to a small interval and summed as series; the normal
//! quantile is Acklam's rational approximation (relative error below 1.2e-9).

const LN2: f64 = std::f64::consts::LN_2;

/// `e^x`, to within a few units in the last place, for `|x| < 700`.
pub fn exp(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    let x = x.clamp(-700.0, 700.0);
    // x = k·ln2 + r, |r| ≤ ln2/2; e^x = 2^k · e^r.
    let k = (x / LN2 + if x < 0.0 { -0.5 } else { 0.5 }) as i32;
    let r = x - f64::from(k) * LN2;
    let (mut term, mut sum) = (1.0, 1.0);
    for n in 1..=20 {
        term = term * r / f64::from(n);
        sum += term;
    }
    sum * pow2(k)
}

/// `2^k` for `|k| ≤ 1020`, exactly.
fn pow2(k: i32) -> f64 {
    f64::from_bits(((1023 + k.clamp(-1022, 1023)) as u64) << 52)
}

/// `ln x` for `x > 0`.
pub fn ln(x: f64) -> f64 {
    if x <= 0.0 || x.is_nan() {
        return f64::NAN;
    }
    // x = m · 2^e with m in [1, 2); ln m = 2·atanh((m-1)/(m+1)).
    let bits = x.to_bits();
    let e = ((bits >> 52) & 0x7ff) as i32 - 1023;
    let m = f64::from_bits((bits & ((1u64 << 52) - 1)) | (1023u64 << 52));
    let z = (m - 1.0) / (m + 1.0);
    let z2 = z * z;
    let (mut term, mut sum) = (z, 0.0);
    for n in 0..30 {
        sum += term / f64::from(2 * n + 1);
        term *= z2;
    }
    2.0 * sum + f64::from(e) * LN2
}

/// The standard normal quantile at `p` in `(0, 1)` (Acklam).
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let p = p.clamp(1e-12, 1.0 - 1e-12);
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < 0.02425 {
        tail((-2.0 * ln(p)).sqrt())
    } else if p > 1.0 - 0.02425 {
        -tail((-2.0 * ln(1.0 - p)).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

/// A rank in `0..n` with weight `1/(k+1)^s`, by inverting the continuous
/// approximation of the Zipf distribution function.
pub fn zipf_rank(n: u64, s: f64, u: f64) -> u64 {
    if n <= 1 {
        return 0;
    }
    let top = n as f64 + 1.0;
    let x = if (s - 1.0).abs() < 1e-9 {
        exp(ln(top) * u)
    } else {
        let a = 1.0 - s;
        let hi = exp(a * ln(top));
        exp(ln(1.0 + u * (hi - 1.0)) / a)
    };
    (x as u64).clamp(1, n) - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_and_ln_agree_with_the_platform_closely() {
        for x in [-20.0, -3.3, -0.5, 0.0, 0.1, 1.0, 2.5, 10.0, 50.0] {
            let (a, b) = (exp(x), x.exp());
            assert!(((a - b) / b).abs() < 1e-14, "exp({x}): {a} vs {b}");
        }
        for x in [1e-9, 0.01, 0.5, 1.0, 2.0, 3.7, 1e6, 1e300] {
            let (a, b) = (ln(x), x.ln());
            assert!(
                (a - b).abs() < 1e-13 * b.abs().max(1.0),
                "ln({x}): {a} vs {b}"
            );
        }
    }

    #[test]
    fn normal_quantiles_are_the_known_ones() {
        assert!(normal_quantile(0.5).abs() < 1e-9);
        assert!((normal_quantile(0.975) - 1.959_963_985).abs() < 1e-7);
        assert!((normal_quantile(0.01) + 2.326_347_874).abs() < 1e-7);
    }

    /// The bits are the contract: these must not change.
    #[test]
    fn golden_bits() {
        assert_eq!(exp(1.0).to_bits(), 0x4005_bf0a_8b14_5768);
        assert_eq!(ln(10.0).to_bits(), 0x4002_6bb1_bbb5_5515);
    }
}
