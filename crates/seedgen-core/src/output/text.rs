//! Values of Arrow arrays spelled as text, the way SQL databases read them back.

use std::fmt::Write;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Decimal128Type, Float32Type, Float64Type, Int16Type, Int32Type, Int64Type,
    Int8Type, Time64MicrosecondType, TimestampMicrosecondType, UInt16Type, UInt32Type, UInt64Type,
    UInt8Type,
};
use arrow_array::{Array, ArrayRef};
use arrow_schema::DataType;

use crate::engine::time;

/// Writes a decimal's unscaled value with `scale` digits after the point.
pub(crate) fn write_decimal(v: i128, scale: i8, out: &mut String) {
    if scale <= 0 {
        let _ = write!(out, "{v}");
        return;
    }
    let s = scale as u32;
    let m = 10i128.pow(s);
    let (int, frac) = (v / m, (v % m).abs());
    if v < 0 && int == 0 {
        out.push('-');
    }
    let _ = write!(out, "{int}.{frac:0width$}", width = s as usize);
}

/// Writes element `i` of `a` (not null) as text. Lists are written as PostgreSQL array
/// literals (`{a,"b c"}`), bytes as `\x` hexadecimal.
pub(crate) fn write_value(a: &ArrayRef, i: usize, out: &mut String) {
    match a.data_type() {
        DataType::Boolean => out.push_str(if a.as_boolean().value(i) {
            "true"
        } else {
            "false"
        }),
        DataType::Int8 => int(out, a.as_primitive::<Int8Type>().value(i)),
        DataType::Int16 => int(out, a.as_primitive::<Int16Type>().value(i)),
        DataType::Int32 => int(out, a.as_primitive::<Int32Type>().value(i)),
        DataType::Int64 => int(out, a.as_primitive::<Int64Type>().value(i)),
        DataType::UInt8 => int(out, a.as_primitive::<UInt8Type>().value(i)),
        DataType::UInt16 => int(out, a.as_primitive::<UInt16Type>().value(i)),
        DataType::UInt32 => int(out, a.as_primitive::<UInt32Type>().value(i)),
        DataType::UInt64 => int(out, a.as_primitive::<UInt64Type>().value(i)),
        DataType::Float32 => {
            let _ = write!(out, "{}", a.as_primitive::<Float32Type>().value(i));
        }
        DataType::Float64 => {
            let _ = write!(out, "{}", a.as_primitive::<Float64Type>().value(i));
        }
        DataType::Decimal128(_, s) => {
            write_decimal(a.as_primitive::<Decimal128Type>().value(i), *s, out)
        }
        DataType::Date32 => {
            time::write_date(i64::from(a.as_primitive::<Date32Type>().value(i)), out)
        }
        DataType::Time64(_) => {
            time::write_time(a.as_primitive::<Time64MicrosecondType>().value(i), out)
        }
        DataType::Timestamp(_, tz) => {
            time::write_timestamp(a.as_primitive::<TimestampMicrosecondType>().value(i), out);
            if tz.is_some() {
                out.push_str("+00");
            }
        }
        DataType::Utf8 => out.push_str(a.as_string::<i32>().value(i)),
        DataType::Binary => {
            out.push_str("\\x");
            for b in a.as_binary::<i32>().value(i) {
                let _ = write!(out, "{b:02x}");
            }
        }
        DataType::List(_) => {
            let items = a.as_list::<i32>().value(i);
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
                write_value(&items, k, &mut elem);
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
        other => {
            let _ = write!(out, "<{other}>");
        }
    }
}

fn int(out: &mut String, v: impl std::fmt::Display) {
    let _ = write!(out, "{v}");
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
