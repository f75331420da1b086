//! [`Value`]: one cell as the library's users see it, for pinned rows, closures and
//! typed access to generated data ([`FromValue`]).

use std::fmt;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Decimal128Type, Float32Type, Float64Type, Int16Type, Int32Type, Int64Type,
    Int8Type, Time64MicrosecondType, TimestampMicrosecondType, UInt16Type, UInt32Type, UInt64Type,
    UInt8Type,
};
use arrow_array::{Array, ArrayRef};
use arrow_schema::DataType;

use crate::calendar;
use crate::cell::{Slot, Val};

/// One cell's value.
///
/// Build one with `From` (`"text".into()`, `42.into()`, `true.into()`, `None::<i64>.into()`);
/// text is converted to the column's type where the value is used (`"2024-05-01"` for a
/// date, `"12.50"` for a decimal).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Value {
    /// SQL NULL.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// A decimal: its unscaled value and its scale (`Decimal(1250, 2)` is 12.50).
    Decimal(i128, i8),
    /// Text.
    Text(String),
    /// Bytes.
    Bytes(Vec<u8>),
    /// A date: days since 1970-01-01.
    Date(i32),
    /// A time of day: microseconds since midnight.
    Time(i64),
    /// A timestamp: microseconds since 1970-01-01 00:00:00 UTC.
    Timestamp(i64),
    /// An array.
    List(Vec<Value>),
}

impl fmt::Display for Value {
    /// The value as SQL databases spell it: `2024-05-01`, `12.50`, `true`; NULL as `NULL`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::new();
        match self {
            Value::Null => s.push_str("NULL"),
            Value::Bool(b) => s.push_str(if *b { "true" } else { "false" }),
            Value::Int(v) => s.push_str(&v.to_string()),
            Value::Float(v) => s.push_str(&v.to_string()),
            Value::Decimal(v, scale) => crate::spell::write_decimal(*v, *scale, &mut s),
            Value::Text(t) => s.push_str(t),
            Value::Bytes(b) => {
                s.push_str("\\x");
                for byte in b {
                    s.push_str(&format!("{byte:02x}"));
                }
            }
            Value::Date(d) => calendar::write_date(i64::from(*d), &mut s),
            Value::Time(t) => calendar::write_time(*t, &mut s),
            Value::Timestamp(t) => calendar::write_timestamp(*t, &mut s),
            Value::List(items) => {
                s.push('{');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        s.push(',');
                    }
                    s.push_str(&v.to_string());
                }
                s.push('}');
            }
        }
        f.write_str(&s)
    }
}

macro_rules! from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(v: $t) -> Self {
                Value::Int(i64::from(v))
            }
        }
    )*};
}
from_int!(i8, i16, i32, i64, u8, u16, u32);

impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Bool(v)
    }
}

impl From<f64> for Value {
    fn from(v: f64) -> Self {
        Value::Float(v)
    }
}

impl From<f32> for Value {
    fn from(v: f32) -> Self {
        Value::Float(f64::from(v))
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_string())
    }
}

impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}

impl From<Vec<u8>> for Value {
    fn from(v: Vec<u8>) -> Self {
        Value::Bytes(v)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// Types a [`Value`] converts into, for [`crate::Row::get`].
pub trait FromValue: Sized {
    /// The value as `Self`, or why not (the caller adds the column's name).
    fn from_value(v: Value) -> std::result::Result<Self, String>;
}

impl FromValue for Value {
    fn from_value(v: Value) -> std::result::Result<Self, String> {
        Ok(v)
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: Value) -> std::result::Result<Self, String> {
        match v {
            Value::Null => Ok(None),
            v => T::from_value(v).map(Some),
        }
    }
}

impl FromValue for String {
    /// Text as is; any other value as [`Value`]'s `Display` spells it. NULL is an error
    /// (ask for `Option<String>`).
    fn from_value(v: Value) -> std::result::Result<Self, String> {
        match v {
            Value::Null => Err("is NULL; ask for an Option".into()),
            Value::Text(s) => Ok(s),
            v => Ok(v.to_string()),
        }
    }
}

impl FromValue for bool {
    fn from_value(v: Value) -> std::result::Result<Self, String> {
        match v {
            Value::Bool(b) => Ok(b),
            Value::Int(i) => Ok(i != 0),
            v => Err(format!("{} is not a boolean", describe(&v))),
        }
    }
}

impl FromValue for f64 {
    fn from_value(v: Value) -> std::result::Result<Self, String> {
        match v {
            Value::Float(f) => Ok(f),
            Value::Int(i) => Ok(i as f64),
            Value::Decimal(u, s) => Ok(u as f64 / 10f64.powi(i32::from(s))),
            v => Err(format!("{} is not a number", describe(&v))),
        }
    }
}

macro_rules! into_int {
    ($($t:ty),*) => {$(
        impl FromValue for $t {
            fn from_value(v: Value) -> std::result::Result<Self, String> {
                let wide: i128 = match v {
                    Value::Int(i) => i128::from(i),
                    Value::Decimal(u, s) if s <= 0 => u * 10i128.pow(u32::from(s.unsigned_abs())),
                    Value::Bool(b) => i128::from(b),
                    ref v => return Err(format!("{} is not an integer", describe(v))),
                };
                <$t>::try_from(wide)
                    .map_err(|_| format!("{wide} does not fit in {}", stringify!($t)))
            }
        }
    )*};
}
into_int!(i8, i16, i32, i64, i128, u8, u16, u32, u64);

fn describe(v: &Value) -> String {
    match v {
        Value::Null => "NULL".into(),
        Value::Text(t) => format!("text {t:?}"),
        v => format!("{v}"),
    }
}

/// Element `i` of an Arrow array as a [`Value`].
pub(crate) fn from_array(a: &ArrayRef, i: usize) -> Value {
    if a.is_null(i) {
        return Value::Null;
    }
    match a.data_type() {
        DataType::Boolean => Value::Bool(a.as_boolean().value(i)),
        DataType::Int8 => Value::Int(a.as_primitive::<Int8Type>().value(i).into()),
        DataType::Int16 => Value::Int(a.as_primitive::<Int16Type>().value(i).into()),
        DataType::Int32 => Value::Int(a.as_primitive::<Int32Type>().value(i).into()),
        DataType::Int64 => Value::Int(a.as_primitive::<Int64Type>().value(i)),
        DataType::UInt8 => Value::Int(a.as_primitive::<UInt8Type>().value(i).into()),
        DataType::UInt16 => Value::Int(a.as_primitive::<UInt16Type>().value(i).into()),
        DataType::UInt32 => Value::Int(a.as_primitive::<UInt32Type>().value(i).into()),
        DataType::UInt64 => {
            let v = a.as_primitive::<UInt64Type>().value(i);
            i64::try_from(v).map_or(Value::Decimal(i128::from(v), 0), Value::Int)
        }
        DataType::Float32 => Value::Float(a.as_primitive::<Float32Type>().value(i).into()),
        DataType::Float64 => Value::Float(a.as_primitive::<Float64Type>().value(i)),
        DataType::Decimal128(_, s) => {
            Value::Decimal(a.as_primitive::<Decimal128Type>().value(i), *s)
        }
        DataType::Date32 => Value::Date(a.as_primitive::<Date32Type>().value(i)),
        DataType::Time64(_) => Value::Time(a.as_primitive::<Time64MicrosecondType>().value(i)),
        DataType::Timestamp(_, _) => {
            Value::Timestamp(a.as_primitive::<TimestampMicrosecondType>().value(i))
        }
        DataType::Utf8 => Value::Text(a.as_string::<i32>().value(i).to_string()),
        DataType::Binary => Value::Bytes(a.as_binary::<i32>().value(i).to_vec()),
        DataType::List(_) => {
            let items = a.as_list::<i32>().value(i);
            Value::List((0..items.len()).map(|k| from_array(&items, k)).collect())
        }
        _ => {
            let mut s = String::new();
            crate::spell::write_value(a, i, &mut s);
            Value::Text(s)
        }
    }
}

/// Puts `v` into `out` as a cell of a column of Arrow type `dt`, converting text to
/// dates, numbers and so on; the error says what was wrong with the value.
pub(crate) fn to_slot(v: &Value, dt: &DataType, out: &mut Slot) -> std::result::Result<(), String> {
    let bad = |what: &str| format!("{} is not {what}", describe(v));
    match (v, dt) {
        (Value::Null, _) => out.set_null(),
        (_, DataType::Boolean) => {
            out.val = Val::Bool(match v {
                Value::Bool(b) => *b,
                Value::Int(0) => false,
                Value::Int(1) => true,
                Value::Text(t) => match t.to_ascii_lowercase().as_str() {
                    "true" | "t" | "1" | "yes" => true,
                    "false" | "f" | "0" | "no" => false,
                    _ => return Err(bad("a boolean")),
                },
                _ => return Err(bad("a boolean")),
            })
        }
        (_, t) if t.is_integer() => {
            out.val = Val::Int(match v {
                Value::Int(i) => i128::from(*i),
                Value::Bool(b) => i128::from(*b),
                Value::Decimal(u, 0) => *u,
                Value::Text(s) => s.trim().parse().map_err(|_| bad("an integer"))?,
                _ => return Err(bad("an integer")),
            })
        }
        (_, DataType::Decimal128(_, scale)) => {
            let scale = *scale;
            let unscaled = match v {
                Value::Int(i) => i128::from(*i) * 10i128.pow(u32::from(scale.max(0) as u8)),
                Value::Float(f) => (f * 10f64.powi(i32::from(scale))).round() as i128,
                Value::Decimal(u, s) => {
                    rescale(*u, *s, scale).ok_or_else(|| bad("a decimal of this scale"))?
                }
                Value::Text(t) => parse_decimal(t, scale).ok_or_else(|| bad("a decimal"))?,
                _ => return Err(bad("a decimal")),
            };
            out.val = Val::Int(unscaled)
        }
        (_, DataType::Float32 | DataType::Float64) => {
            out.val = Val::Float(match v {
                Value::Float(f) => *f,
                Value::Int(i) => *i as f64,
                Value::Decimal(u, s) => *u as f64 / 10f64.powi(i32::from(*s)),
                Value::Text(t) => t.trim().parse().map_err(|_| bad("a number"))?,
                _ => return Err(bad("a number")),
            })
        }
        (_, DataType::Date32) => {
            out.val = Val::Date(match v {
                Value::Date(d) => i64::from(*d),
                Value::Timestamp(t) => t.div_euclid(calendar::DAY_US),
                Value::Text(t) => {
                    calendar::parse_date(t).ok_or_else(|| bad("a date (YYYY-MM-DD)"))?
                }
                _ => return Err(bad("a date")),
            })
        }
        (_, DataType::Time64(_)) => {
            out.val = Val::Time(match v {
                Value::Time(t) => *t,
                Value::Text(t) => {
                    calendar::parse_time(t).ok_or_else(|| bad("a time (HH:MM:SS)"))?
                }
                _ => return Err(bad("a time")),
            })
        }
        (_, DataType::Timestamp(_, _)) => {
            out.val = Val::Timestamp(match v {
                Value::Timestamp(t) => *t,
                Value::Date(d) => i64::from(*d) * calendar::DAY_US,
                Value::Text(t) => calendar::parse_timestamp(t)
                    .ok_or_else(|| bad("a timestamp (YYYY-MM-DD HH:MM:SS)"))?,
                _ => return Err(bad("a timestamp")),
            })
        }
        (_, DataType::Binary) => {
            out.val = Val::Bytes;
            out.bytes.clear();
            match v {
                Value::Bytes(b) => out.bytes.extend_from_slice(b),
                Value::Text(t) => out.bytes.extend_from_slice(t.as_bytes()),
                _ => return Err(bad("bytes")),
            }
        }
        (_, DataType::List(field)) => {
            let Value::List(items) = v else {
                return Err(bad("a list"));
            };
            if out.items.len() < items.len() {
                out.items.resize_with(items.len(), Slot::default);
            }
            for (slot, item) in out.items.iter_mut().zip(items) {
                to_slot(item, field.data_type(), slot)?;
            }
            out.len = items.len();
            out.val = Val::Array;
        }
        (v, _) => match v {
            Value::Text(t) => out.set_text(t),
            v => out.set_text(&v.to_string()),
        },
    }
    Ok(())
}

/// A cell of a column of Arrow type `dt` as a [`Value`].
pub(crate) fn from_slot(s: &Slot, dt: &DataType) -> Value {
    match s.val {
        Val::Null => Value::Null,
        Val::Bool(b) => Value::Bool(b),
        Val::Int(i) => match dt {
            DataType::Decimal128(_, scale) => Value::Decimal(i, *scale),
            _ => i64::try_from(i).map_or(Value::Decimal(i, 0), Value::Int),
        },
        Val::Float(f) => Value::Float(f),
        Val::Text => Value::Text(s.text.clone()),
        Val::Bytes => Value::Bytes(s.bytes.clone()),
        Val::Date(d) => Value::Date(d as i32),
        Val::Time(t) => Value::Time(t),
        Val::Timestamp(t) => Value::Timestamp(t),
        Val::Array => {
            let item_type = match dt {
                DataType::List(f) => f.data_type().clone(),
                _ => DataType::Utf8,
            };
            Value::List(
                s.items[..s.len]
                    .iter()
                    .map(|i| from_slot(i, &item_type))
                    .collect(),
            )
        }
    }
}

/// `v` as a column of Arrow type `dt` would hold it (`"12.5"` for a decimal(10,2) column
/// becomes `Decimal(1250, 2)`), for comparing with generated values.
pub(crate) fn normalize(v: &Value, dt: &DataType) -> std::result::Result<Value, String> {
    let mut s = Slot::default();
    to_slot(v, dt, &mut s)?;
    Ok(from_slot(&s, dt))
}

fn rescale(u: i128, from: i8, to: i8) -> Option<i128> {
    if to >= from {
        u.checked_mul(10i128.checked_pow(u32::from((to - from) as u8))?)
    } else {
        let d = 10i128.checked_pow(u32::from((from - to) as u8))?;
        (u % d == 0).then(|| u / d)
    }
}

/// `-12.5` at scale 2 → -1250; more fraction digits than the scale is refused.
fn parse_decimal(t: &str, scale: i8) -> Option<i128> {
    let t = t.trim();
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    if int.is_empty() && frac.is_empty()
        || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let scale = u32::from(scale.max(0) as u8);
    let frac = frac.trim_end_matches('0');
    if frac.len() as u32 > scale {
        return None;
    }
    let int: i128 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let mut f: i128 = if frac.is_empty() {
        0
    } else {
        frac.parse().ok()?
    };
    f *= 10i128.pow(scale - frac.len() as u32);
    let v = int.checked_mul(10i128.pow(scale))?.checked_add(f)?;
    Some(if neg { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_converts_to_the_column_type() {
        let mut s = Slot::default();
        to_slot(&"12.5".into(), &DataType::Decimal128(10, 2), &mut s).unwrap();
        assert_eq!(s.val, Val::Int(1250));
        to_slot(&"-0.05".into(), &DataType::Decimal128(10, 2), &mut s).unwrap();
        assert_eq!(s.val, Val::Int(-5));
        assert!(to_slot(&"1.234".into(), &DataType::Decimal128(10, 2), &mut s).is_err());
        to_slot(&"2024-03-01".into(), &DataType::Date32, &mut s).unwrap();
        assert_eq!(s.val, Val::Date(calendar::days_from_civil(2024, 3, 1)));
        let e = to_slot(&"soon".into(), &DataType::Int32, &mut s).unwrap_err();
        assert!(e.contains("not an integer"), "{e}");
        to_slot(&7.into(), &DataType::Utf8, &mut s).unwrap();
        assert_eq!((s.val, s.text.as_str()), (Val::Text, "7"));
    }

    #[test]
    fn values_convert_out_with_clear_errors() {
        assert_eq!(i32::from_value(Value::Int(5)), Ok(5));
        assert!(u8::from_value(Value::Int(300))
            .unwrap_err()
            .contains("does not fit"));
        assert_eq!(f64::from_value(Value::Decimal(1250, 2)), Ok(12.5));
        assert_eq!(Option::<i64>::from_value(Value::Null), Ok(None));
        assert!(String::from_value(Value::Null)
            .unwrap_err()
            .contains("Option"));
        assert_eq!(String::from_value(Value::Date(0)).unwrap(), "1970-01-01");
    }
}
