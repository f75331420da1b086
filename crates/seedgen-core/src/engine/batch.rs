//! Rows into Arrow: one builder per written column, filled from the row's cells.

use std::fmt::Write;
use std::sync::Arc;

use arrow_array::builder::{
    make_builder, ArrayBuilder, BinaryBuilder, BooleanBuilder, Date32Builder, Decimal128Builder,
    Float32Builder, Float64Builder, Int16Builder, Int32Builder, Int64Builder, Int8Builder,
    ListBuilder, StringBuilder, Time64MicrosecondBuilder, TimestampMicrosecondBuilder,
    UInt16Builder, UInt32Builder, UInt64Builder, UInt8Builder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, SchemaRef};

use super::slot::{Slot, Val};
use super::time::{self, DAY_US};

/// Column builders for one batch.
pub(crate) struct BatchBuilder {
    schema: SchemaRef,
    types: Vec<DataType>,
    builders: Vec<Box<dyn ArrayBuilder>>,
    scratch: String,
}

macro_rules! downcast {
    ($b:expr, $t:ty) => {
        $b.as_any_mut()
            .downcast_mut::<$t>()
            .expect("builder matches its data type")
    };
}

impl BatchBuilder {
    pub fn new(schema: SchemaRef, capacity: usize) -> Self {
        let builders = schema
            .fields()
            .iter()
            .map(|f| make_builder(f.data_type(), capacity))
            .collect();
        let types = schema
            .fields()
            .iter()
            .map(|f| f.data_type().clone())
            .collect();
        BatchBuilder {
            schema,
            types,
            builders,
            scratch: String::new(),
        }
    }

    /// Appends one row: `cells[k]` goes to the k-th field.
    pub fn append<'a>(&mut self, cells: impl Iterator<Item = &'a Slot>) {
        for (k, cell) in cells.enumerate() {
            append(
                self.builders[k].as_mut(),
                &self.types[k],
                cell,
                &mut self.scratch,
            );
        }
    }

    pub fn finish(mut self) -> RecordBatch {
        let arrays: Vec<ArrayRef> = self.builders.iter_mut().map(|b| b.finish()).collect();
        RecordBatch::try_new(self.schema.clone(), arrays).expect("arrays match the schema")
    }
}

fn int_of(s: &Slot) -> Option<i128> {
    match s.val {
        Val::Int(v) => Some(v),
        Val::Bool(b) => Some(i128::from(b)),
        Val::Float(f) => Some(f.round() as i128),
        Val::Text => s.text.trim().parse().ok(),
        _ => None,
    }
}

/// Writes a cell as text (for text columns fed a non-text value).
pub(crate) fn render(s: &Slot, out: &mut String) {
    match s.val {
        Val::Null => {}
        Val::Bool(b) => out.push_str(if b { "true" } else { "false" }),
        Val::Int(v) => {
            let _ = write!(out, "{v}");
        }
        Val::Float(f) => {
            let _ = write!(out, "{f}");
        }
        Val::Text => out.push_str(&s.text),
        Val::Bytes => out.push_str(&String::from_utf8_lossy(&s.bytes)),
        Val::Date(d) => time::write_date(d, out),
        Val::Time(t) => time::write_time(t, out),
        Val::Timestamp(t) => time::write_timestamp(t, out),
        Val::Array => {
            for (i, item) in s.items[..s.len].iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                render(item, out);
            }
        }
    }
}

fn append(b: &mut dyn ArrayBuilder, dt: &DataType, s: &Slot, scratch: &mut String) {
    macro_rules! int {
        ($t:ty, $n:ty) => {{
            let b = downcast!(b, $t);
            match int_of(s) {
                Some(v) => b.append_value(v as $n),
                None => b.append_null(),
            }
        }};
    }
    match dt {
        DataType::Boolean => {
            let b = downcast!(b, BooleanBuilder);
            match s.val {
                Val::Bool(v) => b.append_value(v),
                Val::Null => b.append_null(),
                _ => b.append_option(int_of(s).map(|v| v != 0)),
            }
        }
        DataType::Int8 => int!(Int8Builder, i8),
        DataType::Int16 => int!(Int16Builder, i16),
        DataType::Int32 => int!(Int32Builder, i32),
        DataType::Int64 => int!(Int64Builder, i64),
        DataType::UInt8 => int!(UInt8Builder, u8),
        DataType::UInt16 => int!(UInt16Builder, u16),
        DataType::UInt32 => int!(UInt32Builder, u32),
        DataType::UInt64 => int!(UInt64Builder, u64),
        DataType::Decimal128(_, scale) => {
            let b = downcast!(b, Decimal128Builder);
            match s.val {
                Val::Float(f) => {
                    b.append_value((f * 10f64.powi(i32::from(*scale))).round() as i128)
                }
                _ => match int_of(s) {
                    Some(v) => b.append_value(v),
                    None => b.append_null(),
                },
            }
        }
        DataType::Float32 | DataType::Float64 => {
            let v = match s.val {
                Val::Float(f) => Some(f),
                _ => int_of(s).map(|v| v as f64),
            };
            if matches!(dt, DataType::Float32) {
                downcast!(b, Float32Builder).append_option(v.map(|v| v as f32));
            } else {
                downcast!(b, Float64Builder).append_option(v);
            }
        }
        DataType::Date32 => {
            let b = downcast!(b, Date32Builder);
            match s.val {
                Val::Date(d) => b.append_value(d as i32),
                Val::Timestamp(t) => b.append_value(t.div_euclid(DAY_US) as i32),
                _ => b.append_null(),
            }
        }
        DataType::Time64(_) => {
            let b = downcast!(b, Time64MicrosecondBuilder);
            match s.val {
                Val::Time(t) => b.append_value(t),
                _ => b.append_null(),
            }
        }
        DataType::Timestamp(_, _) => {
            let b = downcast!(b, TimestampMicrosecondBuilder);
            match s.val {
                Val::Timestamp(t) => b.append_value(t),
                Val::Date(d) => b.append_value(d * DAY_US),
                _ => b.append_null(),
            }
        }
        DataType::Binary => {
            let b = downcast!(b, BinaryBuilder);
            match s.val {
                Val::Bytes => b.append_value(&s.bytes),
                Val::Null => b.append_null(),
                _ => {
                    scratch.clear();
                    render(s, scratch);
                    b.append_value(scratch.as_bytes());
                }
            }
        }
        DataType::List(field) => {
            let b = downcast!(b, ListBuilder<Box<dyn ArrayBuilder>>);
            match s.val {
                Val::Array => {
                    for item in &s.items[..s.len] {
                        append(b.values().as_mut(), field.data_type(), item, scratch);
                    }
                    b.append(true);
                }
                _ => b.append(false),
            }
        }
        _ => {
            let b = downcast!(b, StringBuilder);
            match s.val {
                Val::Null => b.append_null(),
                Val::Text => b.append_value(&s.text),
                _ => {
                    scratch.clear();
                    render(s, scratch);
                    b.append_value(&*scratch);
                }
            }
        }
    }
}

/// An empty batch with `schema`.
pub(crate) fn empty(schema: &SchemaRef) -> RecordBatch {
    RecordBatch::new_empty(Arc::clone(schema))
}
