//! [`Value`] to and from the types Rust services keep their data in, each behind the
//! feature of its crate: `chrono` and `time` (dates, times of day, timestamps),
//! `uuid`, `rust_decimal`, and `json` (`serde_json::Value`, parsed from a JSON
//! column's text). [`crate::Row::get`] reads them; pins, overrides and column
//! functions take them as [`Value`]s.
//!
//! Dates are days since 1970-01-01, timestamps microseconds since then in UTC, as
//! [`Value`] holds them; a timestamp asked for as a date is its UTC day, a date asked
//! for as a timestamp its midnight.

#[allow(unused_imports)]
use crate::value::{FromValue, Value};

#[allow(dead_code)]
type Conv<T> = std::result::Result<T, String>;

#[allow(dead_code)]
fn not(v: &Value, what: &str) -> String {
    match v {
        Value::Null => "is NULL; ask for an Option".to_string(),
        Value::Text(t) => format!("text {t:?} is not {what}"),
        v => format!("{v} is not {what}"),
    }
}

/// Microseconds since the epoch, of a timestamp or (its midnight) a date.
#[allow(dead_code)]
fn micros(v: &Value) -> Option<i64> {
    match v {
        Value::Timestamp(us) => Some(*us),
        Value::Date(d) => Some(i64::from(*d) * 86_400_000_000),
        _ => None,
    }
}

/// Days since the epoch, of a date or (its UTC day) a timestamp.
#[allow(dead_code)]
fn days(v: &Value) -> Option<i32> {
    match v {
        Value::Date(d) => Some(*d),
        Value::Timestamp(us) => i32::try_from(us.div_euclid(86_400_000_000)).ok(),
        _ => None,
    }
}

#[cfg(feature = "chrono")]
mod chrono_impls {
    use super::*;
    use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};

    /// 1970-01-01 counted from 0001-01-01 (chrono's day 1).
    const EPOCH_CE: i32 = 719_163;

    impl FromValue for NaiveDate {
        fn from_value(v: Value) -> Conv<Self> {
            if let Value::Text(t) = &v {
                return t.parse().map_err(|_| not(&v, "a date"));
            }
            days(&v)
                .and_then(|d| NaiveDate::from_num_days_from_ce_opt(d + EPOCH_CE))
                .ok_or_else(|| not(&v, "a date"))
        }
    }

    impl FromValue for DateTime<Utc> {
        fn from_value(v: Value) -> Conv<Self> {
            micros(&v)
                .and_then(DateTime::from_timestamp_micros)
                .ok_or_else(|| not(&v, "a timestamp"))
        }
    }

    impl FromValue for NaiveDateTime {
        fn from_value(v: Value) -> Conv<Self> {
            DateTime::<Utc>::from_value(v).map(|t| t.naive_utc())
        }
    }

    impl FromValue for NaiveTime {
        fn from_value(v: Value) -> Conv<Self> {
            match v {
                Value::Time(us) => u32::try_from(us.div_euclid(1_000_000))
                    .ok()
                    .and_then(|s| {
                        let nanos = (us.rem_euclid(1_000_000) * 1000) as u32;
                        NaiveTime::from_num_seconds_from_midnight_opt(s, nanos)
                    })
                    .ok_or_else(|| not(&v, "a time of day")),
                v => Err(not(&v, "a time of day")),
            }
        }
    }

    impl From<NaiveDate> for Value {
        fn from(d: NaiveDate) -> Self {
            Value::Date(d.num_days_from_ce() - EPOCH_CE)
        }
    }

    impl From<DateTime<Utc>> for Value {
        fn from(t: DateTime<Utc>) -> Self {
            Value::Timestamp(t.timestamp_micros())
        }
    }

    impl From<NaiveDateTime> for Value {
        fn from(t: NaiveDateTime) -> Self {
            Value::Timestamp(t.and_utc().timestamp_micros())
        }
    }

    impl From<NaiveTime> for Value {
        fn from(t: NaiveTime) -> Self {
            Value::Time(
                i64::from(t.num_seconds_from_midnight()) * 1_000_000
                    + i64::from(t.nanosecond() / 1000),
            )
        }
    }

    use chrono::Datelike;
}

#[cfg(feature = "time")]
mod time_impls {
    use super::*;
    use time::{Date, OffsetDateTime, PrimitiveDateTime, Time};

    /// 1970-01-01 as a Julian day.
    const EPOCH_JULIAN: i32 = 2_440_588;

    impl FromValue for Date {
        fn from_value(v: Value) -> Conv<Self> {
            days(&v)
                .and_then(|d| Date::from_julian_day(d + EPOCH_JULIAN).ok())
                .ok_or_else(|| not(&v, "a date"))
        }
    }

    impl FromValue for OffsetDateTime {
        fn from_value(v: Value) -> Conv<Self> {
            micros(&v)
                .and_then(|us| {
                    OffsetDateTime::from_unix_timestamp_nanos(i128::from(us) * 1000).ok()
                })
                .ok_or_else(|| not(&v, "a timestamp"))
        }
    }

    impl FromValue for PrimitiveDateTime {
        fn from_value(v: Value) -> Conv<Self> {
            OffsetDateTime::from_value(v).map(|t| PrimitiveDateTime::new(t.date(), t.time()))
        }
    }

    impl FromValue for Time {
        fn from_value(v: Value) -> Conv<Self> {
            match v {
                Value::Time(us) if (0..86_400_000_000).contains(&us) => {
                    let s = us / 1_000_000;
                    Time::from_hms_micro(
                        (s / 3600) as u8,
                        (s / 60 % 60) as u8,
                        (s % 60) as u8,
                        (us % 1_000_000) as u32,
                    )
                    .map_err(|_| not(&v, "a time of day"))
                }
                v => Err(not(&v, "a time of day")),
            }
        }
    }

    impl From<Date> for Value {
        fn from(d: Date) -> Self {
            Value::Date(d.to_julian_day() - EPOCH_JULIAN)
        }
    }

    impl From<OffsetDateTime> for Value {
        fn from(t: OffsetDateTime) -> Self {
            Value::Timestamp((t.unix_timestamp_nanos() / 1000) as i64)
        }
    }

    impl From<PrimitiveDateTime> for Value {
        fn from(t: PrimitiveDateTime) -> Self {
            t.assume_utc().into()
        }
    }

    impl From<Time> for Value {
        fn from(t: Time) -> Self {
            let (h, m, s, us) = t.as_hms_micro();
            Value::Time(
                (i64::from(h) * 3600 + i64::from(m) * 60 + i64::from(s)) * 1_000_000
                    + i64::from(us),
            )
        }
    }
}

#[cfg(feature = "uuid")]
mod uuid_impls {
    use super::*;
    use uuid::Uuid;

    impl FromValue for Uuid {
        fn from_value(v: Value) -> Conv<Self> {
            match &v {
                Value::Text(t) => Uuid::parse_str(t).map_err(|_| not(&v, "a UUID")),
                Value::Bytes(b) => Uuid::from_slice(b).map_err(|_| not(&v, "a UUID")),
                _ => Err(not(&v, "a UUID")),
            }
        }
    }

    impl From<Uuid> for Value {
        fn from(u: Uuid) -> Self {
            Value::Text(u.hyphenated().to_string())
        }
    }
}

#[cfg(feature = "rust_decimal")]
mod decimal_impls {
    use super::*;
    use rust_decimal::Decimal;

    impl FromValue for Decimal {
        fn from_value(v: Value) -> Conv<Self> {
            match &v {
                Value::Decimal(u, s) if *s >= 0 => {
                    Decimal::try_from_i128_with_scale(*u, u32::from(s.unsigned_abs()))
                        .map_err(|_| not(&v, "a Decimal (too wide)"))
                }
                Value::Decimal(u, s) => 10i128
                    .checked_pow(u32::from(s.unsigned_abs()))
                    .and_then(|p| u.checked_mul(p))
                    .and_then(|w| Decimal::try_from_i128_with_scale(w, 0).ok())
                    .ok_or_else(|| not(&v, "a Decimal (too wide)")),
                Value::Int(i) => Ok(Decimal::from(*i)),
                Value::Float(f) => Decimal::from_f64_retain(*f).ok_or_else(|| not(&v, "a Decimal")),
                Value::Text(t) => t.parse().map_err(|_| not(&v, "a Decimal")),
                _ => Err(not(&v, "a Decimal")),
            }
        }
    }

    impl From<Decimal> for Value {
        fn from(d: Decimal) -> Self {
            Value::Decimal(d.mantissa(), d.scale() as i8)
        }
    }
}

#[cfg(feature = "json")]
mod json_impls {
    use super::*;

    impl FromValue for serde_json::Value {
        /// A JSON column's text, parsed; other values as JSON numbers, booleans, strings
        /// (dates and timestamps as the databases spell them) and arrays.
        fn from_value(v: Value) -> Conv<Self> {
            Ok(match v {
                Value::Null => serde_json::Value::Null,
                Value::Bool(b) => b.into(),
                Value::Int(i) => i.into(),
                Value::Float(f) => f.into(),
                Value::Text(t) => {
                    serde_json::from_str(&t).map_err(|e| format!("text {t:?} is not JSON ({e})"))?
                }
                Value::List(items) => items
                    .into_iter()
                    .map(Self::from_value)
                    .collect::<Conv<Vec<_>>>()?
                    .into(),
                other => other.to_string().into(),
            })
        }
    }

    impl From<serde_json::Value> for Value {
        /// JSON as its text, for a JSON column.
        fn from(j: serde_json::Value) -> Self {
            Value::Text(j.to_string())
        }
    }
}
