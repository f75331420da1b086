//! Values of Arrow arrays spelled as text, the way SQL databases read them back.

use std::fmt::Write;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Decimal128Type, Float32Type, Float64Type, Int16Type, Int32Type, Int64Type,
    Int8Type, Time64MicrosecondType, TimestampMicrosecondType, UInt16Type, UInt32Type, UInt64Type,
    UInt8Type,
};
use arrow_array::{
    Array, ArrayRef, BinaryArray, BooleanArray, ListArray, PrimitiveArray, StringArray,
};
use arrow_schema::DataType;

use crate::calendar;

/// Writes a decimal's unscaled value with `scale` digits after the point.
pub(crate) fn write_decimal(v: i128, scale: i8, out: &mut String) {
    let mut b = itoa::Buffer::new();
    if scale <= 0 {
        out.push_str(b.format(v));
        return;
    }
    let s = scale as u32;
    let m = 10i128.pow(s);
    let (int, frac) = (v / m, (v % m).unsigned_abs());
    if v < 0 && int == 0 {
        out.push('-');
    }
    out.push_str(b.format(int));
    out.push('.');
    let digits = b.format(frac);
    for _ in digits.len()..s as usize {
        out.push('0');
    }
    out.push_str(digits);
}

/// A column of a batch, its type resolved once, spelling its values as text.
///
/// Resolving the Arrow type once per batch instead of per cell keeps the per-cell work of
/// the text writers (CSV, COPY, JSON Lines, SQL) to the formatting itself.
pub(crate) enum TextColumn<'a> {
    Bool(&'a BooleanArray),
    Int(IntColumn<'a>),
    Float32(&'a PrimitiveArray<Float32Type>),
    Float64(&'a PrimitiveArray<Float64Type>),
    Decimal(&'a PrimitiveArray<Decimal128Type>, i8),
    Date(&'a PrimitiveArray<Date32Type>),
    Time(&'a PrimitiveArray<Time64MicrosecondType>),
    Timestamp(&'a PrimitiveArray<TimestampMicrosecondType>, bool),
    Utf8(&'a StringArray),
    Binary(&'a BinaryArray),
    List(&'a ListArray),
    Other(&'a ArrayRef),
}

/// An integer column of any width.
pub(crate) enum IntColumn<'a> {
    I8(&'a PrimitiveArray<Int8Type>),
    I16(&'a PrimitiveArray<Int16Type>),
    I32(&'a PrimitiveArray<Int32Type>),
    I64(&'a PrimitiveArray<Int64Type>),
    U8(&'a PrimitiveArray<UInt8Type>),
    U16(&'a PrimitiveArray<UInt16Type>),
    U32(&'a PrimitiveArray<UInt32Type>),
    U64(&'a PrimitiveArray<UInt64Type>),
}

impl<'a> TextColumn<'a> {
    /// Resolves the column's type.
    pub(crate) fn new(a: &'a ArrayRef) -> Self {
        match a.data_type() {
            DataType::Boolean => TextColumn::Bool(a.as_boolean()),
            DataType::Int8 => TextColumn::Int(IntColumn::I8(a.as_primitive())),
            DataType::Int16 => TextColumn::Int(IntColumn::I16(a.as_primitive())),
            DataType::Int32 => TextColumn::Int(IntColumn::I32(a.as_primitive())),
            DataType::Int64 => TextColumn::Int(IntColumn::I64(a.as_primitive())),
            DataType::UInt8 => TextColumn::Int(IntColumn::U8(a.as_primitive())),
            DataType::UInt16 => TextColumn::Int(IntColumn::U16(a.as_primitive())),
            DataType::UInt32 => TextColumn::Int(IntColumn::U32(a.as_primitive())),
            DataType::UInt64 => TextColumn::Int(IntColumn::U64(a.as_primitive())),
            DataType::Float32 => TextColumn::Float32(a.as_primitive()),
            DataType::Float64 => TextColumn::Float64(a.as_primitive()),
            DataType::Decimal128(_, s) => TextColumn::Decimal(a.as_primitive(), *s),
            DataType::Date32 => TextColumn::Date(a.as_primitive()),
            DataType::Time64(_) => TextColumn::Time(a.as_primitive()),
            DataType::Timestamp(_, tz) => TextColumn::Timestamp(a.as_primitive(), tz.is_some()),
            DataType::Utf8 => TextColumn::Utf8(a.as_string()),
            DataType::Binary => TextColumn::Binary(a.as_binary()),
            DataType::List(_) => TextColumn::List(a.as_list()),
            _ => TextColumn::Other(a),
        }
    }

    /// Element `i` as text (call only when not null). Lists are written as PostgreSQL
    /// array literals (`{a,"b c"}`), bytes as `\x` hexadecimal.
    pub(crate) fn write(&self, i: usize, out: &mut String) {
        match self {
            TextColumn::Bool(a) => out.push_str(if a.value(i) { "true" } else { "false" }),
            TextColumn::Int(c) => c.write(i, out),
            TextColumn::Float32(a) => {
                let _ = write!(out, "{}", a.value(i));
            }
            TextColumn::Float64(a) => {
                let _ = write!(out, "{}", a.value(i));
            }
            TextColumn::Decimal(a, s) => write_decimal(a.value(i), *s, out),
            TextColumn::Date(a) => calendar::write_date(i64::from(a.value(i)), out),
            TextColumn::Time(a) => calendar::write_time(a.value(i), out),
            TextColumn::Timestamp(a, tz) => {
                calendar::write_timestamp(a.value(i), out);
                if *tz {
                    out.push_str("+00");
                }
            }
            TextColumn::Utf8(a) => out.push_str(a.value(i)),
            TextColumn::Binary(a) => {
                out.push_str("\\x");
                for b in a.value(i) {
                    let _ = write!(out, "{b:02x}");
                }
            }
            TextColumn::List(a) => write_list(&a.value(i), out),
            TextColumn::Other(a) => {
                let _ = write!(out, "<{}>", a.data_type());
            }
        }
    }
}

impl IntColumn<'_> {
    fn write(&self, i: usize, out: &mut String) {
        let mut b = itoa::Buffer::new();
        out.push_str(match self {
            IntColumn::I8(a) => b.format(a.value(i)),
            IntColumn::I16(a) => b.format(a.value(i)),
            IntColumn::I32(a) => b.format(a.value(i)),
            IntColumn::I64(a) => b.format(a.value(i)),
            IntColumn::U8(a) => b.format(a.value(i)),
            IntColumn::U16(a) => b.format(a.value(i)),
            IntColumn::U32(a) => b.format(a.value(i)),
            IntColumn::U64(a) => b.format(a.value(i)),
        });
    }
}

fn write_list(items: &ArrayRef, out: &mut String) {
    let col = TextColumn::new(items);
    out.push('{');
    let mut elem = String::new();
    for k in 0..items.len() {
        if k > 0 {
            out.push(',');
        }
        if items.is_null(k) {
            out.push_str("NULL");
            continue;
        }
        elem.clear();
        col.write(k, &mut elem);
        let quote = elem.is_empty()
            || elem.eq_ignore_ascii_case("null")
            || elem.contains([',', '{', '}', '"', '\\', ' ']);
        if quote {
            out.push('"');
            for c in elem.chars() {
                if matches!(c, '"' | '\\') {
                    out.push('\\');
                }
                out.push(c);
            }
            out.push('"');
        } else {
            out.push_str(&elem);
        }
    }
    out.push('}');
}

/// Writes element `i` of `a` (not null) as text; see [`TextColumn::write`]. For one
/// cell; writers of whole batches resolve a [`TextColumn`] per column instead.
pub(crate) fn write_value(a: &ArrayRef, i: usize, out: &mut String) {
    TextColumn::new(a).write(i, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_keep_their_scale_and_sign() {
        let mut s = String::new();
        write_decimal(-5, 2, &mut s);
        assert_eq!(s, "-0.05");
        s.clear();
        write_decimal(123_456, 2, &mut s);
        assert_eq!(s, "1234.56");
        s.clear();
        write_decimal(7, 0, &mut s);
        assert_eq!(s, "7");
    }
}
