//! Unique generators: a column's generator made to give every row its own value, by
//! construction (a permutation of a range, a list used once each, a code or a
//! pattern's match numbered by the row), or the reason it cannot.

use super::columns::{self, Limits, Numeric};
use super::table::{describe_kind, infeasible, limit, Planner, Stop};
use super::ColumnPlan;
use crate::cell::{Slot, Val};
use crate::plan::ir::{Extension, Gen, KeyKind, Natural, Sem, TextGen, Unit, TEXT_KEY_BASE};
use crate::random::keys::{text_capacity, Permutation};
use crate::schema::SqlType;

type Made = std::result::Result<Gen, Stop>;

/// What a unique generator is asked for.
struct Ask<'a> {
    target: String,
    label: &'a str,
    sql_type: &'a SqlType,
    rows: u64,
    key: u64,
    limits: Limits,
    shape: Option<Numeric>,
}

impl Ask<'_> {
    /// The count is capped at what `what` allows.
    fn too_small(&self, what: String, cap: u64) -> Stop {
        limit(
            self.target.clone(),
            format!(
                "{} needs a distinct value per row and {what} allows {cap}",
                self.label
            ),
            cap,
            "widen the column",
        )
    }

    /// A range too narrow for distinct values grows: numbers upwards (ten values a
    /// row), dates and times backwards from the latest (two a row), so unique dates stay
    /// before `as_of`; within the type and the CHECKs either way.
    fn widen(&self, lo: i128, hi: i128, n: &Numeric) -> (i128, i128) {
        let rows = i128::from(self.rows);
        let tlo = self.limits.lo.unwrap_or(n.lo).max(n.lo);
        let thi = self.limits.hi.unwrap_or(n.hi).min(n.hi);
        if hi - lo + 1 >= rows {
            return (lo, hi);
        }
        if matches!(n.unit, Unit::Date | Unit::Seconds | Unit::TimeOfDay) {
            let hi = hi.min(thi);
            let want = hi - rows * 2 + 1;
            return if want >= tlo { (want, hi) } else { (tlo, thi) };
        }
        let lo = lo.max(tlo);
        let want = lo + rows * 10 - 1;
        if want <= thi {
            (lo, want)
        } else {
            (tlo, thi)
        }
    }

    /// A permutation of `lo..=hi` in `unit`, or the cap when it holds fewer than the rows.
    fn range(&self, lo: i128, hi: i128, unit: Unit, what: String) -> Made {
        let span = (hi - lo + 1).max(0);
        if span < i128::from(self.rows) {
            return Err(self.too_small(what, span as u64));
        }
        Ok(Gen::Unique {
            lo,
            perm: Permutation::new(span.min(i128::from(u64::MAX)) as u64, self.key),
            unit,
        })
    }

    /// A value that carries the permuted row index, of a type that holds `cap` of them.
    fn keyed(&self, kind: KeyKind, cap: u64) -> Made {
        if cap < self.rows {
            return Err(self.too_small(format!("type {}", self.sql_type), cap));
        }
        Ok(Gen::Keyed {
            kind,
            perm: Permutation::new(self.rows.max(1), self.key),
        })
    }
}

fn pow2(bits: u64) -> u64 {
    if bits >= 64 {
        u64::MAX
    } else {
        1u64 << bits
    }
}

impl Planner<'_> {
    /// Makes a column's generator injective for `rows` rows, or says why it cannot be.
    pub(super) fn make_unique(
        &self,
        col: &mut ColumnPlan,
        rows: u64,
        tname: &str,
        label: &str,
        limits: Limits,
        prefix: Option<u64>,
    ) -> std::result::Result<(), Stop> {
        let ask = Ask {
            target: format!("{tname}.{}", col.name),
            label,
            sql_type: &col.sql_type,
            rows,
            key: col.key.0 ^ 0x756e_6971,
            limits,
            shape: columns::numeric(&col.sql_type, col.class),
        };
        let new = match &col.gen {
            // Unique already; the XML document carries the row number.
            Gen::Serial { .. } | Gen::Unique { .. } | Gen::TextKey { .. } | Gen::Xml => return Ok(()),
            Gen::Range { .. } | Gen::Skewed(_) | Gen::Timeline { .. } | Gen::Float { .. } => self.unique_number(&ask, &col.gen)?,
            // Measured numbers (ratings, ports, epoch times) made unique are drawn
            // from their span, widened as far as the rows need.
            Gen::Weighted { items, .. }
                if items.iter().all(|i| matches!(i.val, Val::Int(_))) =>
            {
                let ints = items.iter().filter_map(|i| match i.val {
                    Val::Int(v) => Some(v),
                    _ => None,
                });
                let (lo, hi) = ints.fold((i128::MAX, i128::MIN), |(a, b), v| (a.min(v), b.max(v)));
                self.unique_number(&ask, &Gen::Range { lo, hi, unit: Unit::Int })?
            }
            Gen::Epoch { per_second, .. } => {
                let now = i128::from(self.as_of) * i128::from(*per_second);
                let span = 3 * 31_556_952 * i128::from(*per_second);
                self.unique_number(&ask, &Gen::Range { lo: now - span, hi: now, unit: Unit::Int })?
            }
            Gen::Values { .. } | Gen::Weighted { .. } | Gen::Enum(_) | Gen::Bool { .. } => {
                unique_listed(&ask, &col.gen)?
            }
            Gen::Uuid { key, .. } => Gen::Uuid {
                unique: true,
                key: *key,
            },
            Gen::Text(tg) => unique_text(&ask, tg, prefix, self.data_version >= 2)?,
            Gen::Pattern { pattern, max_len } => match pattern.fixed_for(rows, *max_len) {
                Ok((pattern, n)) => Gen::PatternKey {
                    pattern,
                    perm: Permutation::new(n.min(u128::from(u64::MAX)) as u64, ask.key),
                },
                Err(most) => {
                    let most = most.min(u128::from(u64::MAX)) as u64;
                    return Err(ask.too_small("its CHECK pattern".to_string(), most));
                }
            },
            other => match unique_keyed(&ask, other) {
                Some(made) => made?,
                None => {
                    return Err(Stop::Fail(infeasible(
                        ask.target.clone(),
                        format!(
                            "{label} needs unique values but generator {} cannot promise them; set generate.tables.{tname}.columns.{} to `values` with enough distinct entries",
                            describe_kind(other),
                            col.name
                        ),
                        None,
                    )))
                }
            },
        };
        col.gen = new;
        col.generator = match &col.gen {
            Gen::TextKey { len, .. } => format!("unique code of {len} characters"),
            Gen::PatternKey { .. } => format!("{} (each row its own match)", col.generator),
            Gen::Keyed { .. } => format!("{} (each row its own)", col.generator),
            Gen::Unique { .. } => format!("unique {}", col.generator),
            Gen::Values { .. } => format!("{} (each once)", col.generator),
            _ => format!("{} (unique)", col.generator),
        };
        col.reason.push_str(&format!(", {label}"));
        Ok(())
    }

    /// Numbers, dates and times: a permutation of a range wide enough for the rows.
    fn unique_number(&self, ask: &Ask<'_>, gen: &Gen) -> Made {
        let t = ask.sql_type;
        match (gen, &ask.shape) {
            (Gen::Range { .. } | Gen::Skewed(_), Some(n)) => {
                let (lo, hi, unit) = gen.range().expect("a range");
                let (lo, hi) = ask.widen(lo, hi, n);
                ask.range(lo, hi, unit, format!("type {t} with its CHECKs"))
            }
            (Gen::Timeline { date, .. }, Some(n)) => {
                let year: i128 = if *date { 365 } else { 31_556_952 };
                let now = if *date {
                    i128::from(self.as_of) / 86_400
                } else {
                    i128::from(self.as_of)
                };
                let (lo, hi) = ask.widen(now - 3 * year, now, n);
                ask.range(lo, hi, n.unit, format!("type {t}"))
            }
            (Gen::Float { lo, hi }, _) => {
                let lo = lo.ceil() as i128;
                let hi = (hi.floor() as i128).max(lo + i128::from(ask.rows) * 10);
                Ok(Gen::Unique {
                    lo,
                    perm: Permutation::new((hi - lo + 1).min(i128::from(u64::MAX)) as u64, ask.key),
                    unit: Unit::Int,
                })
            }
            (other, _) => Err(Stop::Fail(infeasible(
                ask.target.clone(),
                format!(
                    "{} needs unique values but generator {} has no numeric type",
                    ask.label,
                    describe_kind(other)
                ),
                None,
            ))),
        }
    }
}

/// Lists (a `values` setting, an enum's labels, a boolean's two values): each item once,
/// when there are as many as rows.
fn unique_listed(ask: &Ask<'_>, gen: &Gen) -> Made {
    let (items, what): (Vec<Slot>, String) = match gen {
        Gen::Values { items, .. } | Gen::Weighted { items, .. } => {
            let mut distinct: Vec<Slot> = Vec::new();
            for s in items {
                if !distinct.iter().any(|x| x.same(s)) {
                    distinct.push(s.clone());
                }
            }
            let what = format!("its list of {} values", distinct.len());
            (distinct, what)
        }
        Gen::Enum(labels) => {
            let items = labels.iter().map(|l| Slot::of_text(l)).collect();
            (items, format!("type {}", ask.sql_type))
        }
        _ => {
            let items = [false, true]
                .iter()
                .map(|b| Slot {
                    val: Val::Bool(*b),
                    ..Slot::default()
                })
                .collect();
            (items, "a boolean".into())
        }
    };
    if (items.len() as u64) < ask.rows {
        return Err(ask.too_small(what, items.len() as u64));
    }
    Ok(Gen::Values { items, cycle: true })
}

/// Types whose values can carry the row index (bytes, addresses, JSON, intervals, bit
/// strings, ranges, extension types); `None` for other generators.
fn unique_keyed(ask: &Ask<'_>, gen: &Gen) -> Option<Made> {
    let t = ask.sql_type;
    Some(match gen {
        Gen::Bytes { max, .. } => {
            // binary(n) is padded to n bytes: write all n; others at least 8.
            let len = if t.name == "binary" {
                *max
            } else {
                (*max).max(8)
            }
            .max(1);
            let len = t.length().map_or(len, |n| len.min(n.max(1)));
            ask.keyed(KeyKind::Bytes { len }, pow2(len.min(8) * 8))
        }
        Gen::Inet => ask.keyed(KeyKind::Inet, u64::MAX),
        Gen::Cidr => ask.keyed(KeyKind::Cidr, pow2(32)),
        Gen::Mac { eight } => ask.keyed(
            KeyKind::Mac { eight: *eight },
            pow2(if *eight { 56 } else { 40 }),
        ),
        Gen::Json | Gen::Document(_) => ask.keyed(KeyKind::Json, u64::MAX),
        Gen::Interval => ask.keyed(KeyKind::Interval, u64::MAX),
        Gen::Bit { len, .. } => ask.keyed(KeyKind::Bit { len: *len }, pow2(*len)),
        Gen::PgRange(k) => ask.keyed(KeyKind::Range(*k), u64::MAX),
        Gen::Extension(e) => {
            let cap = match e {
                Extension::Vector(_) => pow2(24),
                _ => u64::MAX,
            };
            ask.keyed(KeyKind::Extension(*e), cap)
        }
        _ => return None,
    })
}

/// Text: the row's token appended when the column has room for it, else a code of the
/// shortest length that holds the rows.
fn unique_text(ask: &Ask<'_>, tg: &TextGen, prefix: Option<u64>, natural: bool) -> Made {
    let rows = ask.rows;
    // A unique prefix index (`UNIQUE (url(190))`): unique within the prefix.
    let mut tg = tg.clone();
    if let Some(p) = prefix {
        tg.max_len = tg.max_len.min(p.max(1));
        tg.min_len = tg.min_len.min(tg.max_len);
    }
    if natural {
        if let Some(n) = natural_unique(&tg, rows, ask.key, ask.sql_type.name == "char") {
            tg.unique = true;
            tg.natural = Some(n);
            return Ok(Gen::Text(tg));
        }
        if matches!(tg.sem, Sem::Code | Sem::Letters) {
            if let Some(n) = code(&tg, rows, ask.key, ask.sql_type.name == "char") {
                tg.unique = true;
                tg.natural = Some(n);
                return Ok(Gen::Text(tg));
            }
        }
    }
    let token = rows.saturating_sub(1).to_string().len() as u64 + 1;
    let need = if tg.sem == Sem::Email {
        token + 12
    } else {
        token + 1
    };
    if tg.max_len >= need + tg.prefix.chars().count() as u64 && tg.min_len <= tg.max_len {
        tg.unique = true;
        return Ok(Gen::Text(tg));
    }
    text_key(ask, &tg)
}

/// How a unique text of version 2 stays unique without a row-number suffix, when the
/// column has room: words in combination, a digest's leading digits, a joined token.
fn natural_unique(tg: &TextGen, rows: u64, key: u64, fixed_width: bool) -> Option<Natural> {
    let room = tg.max_len.saturating_sub(tg.prefix.chars().count() as u64);
    let words = |sep: char, cap: bool| {
        let count = crate::prose::combination_count(rows.max(1));
        // The shortest word of the list is 3 letters.
        if tg.min_len > u64::from(count) * 3 {
            return None;
        }
        // The longest word of the list is 11 letters.
        let longest = u64::from(count) * 12;
        let space = (crate::prose::combination_words().len() as u64).checked_pow(count)?;
        (longest <= room).then(|| Natural::Words {
            perm: Permutation::new(space, key),
            count,
            sep,
            cap,
        })
    };
    use Sem::*;
    match tg.sem {
        Title | Words | Word | ProductName | Company | JobTitle | Industry | Sentence
        | Paragraph | FullName | FirstName | LastName | City | Street | Color | State | Country
        | CurrencyName => words(' ', true).or_else(|| code(tg, rows, key, fixed_width)),
        Slug | FileName | Domain | Url => {
            words('-', false).or_else(|| code(tg, rows, key, fixed_width))
        }
        Phone => {
            let digits = rows.max(1).to_string().len() as u32;
            Some(Natural::Digits {
                perm: Permutation::new(10u64.pow(digits), key),
                digits,
            })
        }
        Version => Some(Natural::Semver),
        Ean13 | Upc | Isbn13 | Iban | CardNumber => {
            let space = 10u64.pow(tg.sem.free_digits()?);
            (rows <= space && tg.prefix.is_empty()).then(|| Natural::Checked {
                perm: Permutation::new(space, key),
            })
        }
        Hash if room >= 16 => Some(Natural::Hex),
        Username => Some(Natural::Joined),
        _ => None,
    }
}

/// Codes of letters and digits for a unique column without a prefix, with room for
/// twice the rows (a later top-up).
fn code(tg: &TextGen, rows: u64, key: u64, fixed_width: bool) -> Option<Natural> {
    let mut len = 4u64;
    while text_capacity(TEXT_KEY_BASE, len) < 2 * u128::from(rows) {
        len += 1;
    }
    // A fixed-width column holds codes of its width (`sku char(12)`).
    if fixed_width && tg.max_len >= len && tg.max_len <= 32 {
        len = tg.max_len;
    }
    (tg.prefix.is_empty() && len <= tg.max_len && tg.min_len <= len).then(|| {
        let cap = text_capacity(TEXT_KEY_BASE, len).min(u128::from(u64::MAX)) as u64;
        Natural::Key {
            perm: Permutation::new(cap, key),
            len: len as usize,
        }
    })
}

/// Distinct codes of a fixed length: the permuted row index encoded in letters and
/// digits.
fn text_key(ask: &Ask<'_>, tg: &TextGen) -> Made {
    let (t, rows) = (ask.sql_type, ask.rows);
    let mut len = 1u64;
    while text_capacity(TEXT_KEY_BASE, len) < u128::from(rows) {
        len += 1;
    }
    let len = if t.name == "char" {
        tg.max_len
    } else {
        len.max(tg.min_len)
    };
    let capacity = |len: u64| text_capacity(TEXT_KEY_BASE, len).min(u128::from(u64::MAX)) as u64;
    if len > tg.max_len {
        return Err(ask.too_small(format!("type {t}"), capacity(tg.max_len)));
    }
    let cap = capacity(len);
    if cap < rows {
        return Err(ask.too_small(format!("type {t}"), cap));
    }
    Ok(Gen::TextKey {
        len: len as usize,
        perm: Permutation::new(cap, ask.key),
    })
}
