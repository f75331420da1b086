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

use crate::calendar::{self, DAY_US};
use crate::cell::{Slot, Val};

/// Column builders for one batch.
pub(crate) struct BatchBuilder {
    schema: SchemaRef,
    types: Vec<DataType>,
    builders: Vec<ColumnBuilder>,
    scratch: String,
}

/// A column's builder: the common types held concretely, so a cell is appended without
/// a dynamic downcast; the rest through `dyn ArrayBuilder`.
enum ColumnBuilder {
    Utf8(StringBuilder),
    Int32(Int32Builder),
    Int64(Int64Builder),
    Date32(Date32Builder),
    Timestamp(TimestampMicrosecondBuilder),
    Decimal(Decimal128Builder, i8),
    Other(Box<dyn ArrayBuilder>),
}

macro_rules! downcast {
    ($b:expr, $t:ty) => {
        $b.as_any_mut()
            .downcast_mut::<$t>()
            .expect("builder matches its data type")
    };
}

fn concrete<T: 'static>(b: Box<dyn ArrayBuilder>) -> T {
    *b.into_box_any()
        .downcast::<T>()
        .expect("make_builder builds the builder of its data type")
}

impl ColumnBuilder {
    fn new(dt: &DataType, capacity: usize) -> Self {
        let b = make_builder(dt, capacity);
        match dt {
            DataType::Utf8 => ColumnBuilder::Utf8(concrete(b)),
            DataType::Int32 => ColumnBuilder::Int32(concrete(b)),
            DataType::Int64 => ColumnBuilder::Int64(concrete(b)),
            DataType::Date32 => ColumnBuilder::Date32(concrete(b)),
            DataType::Timestamp(_, _) => ColumnBuilder::Timestamp(concrete(b)),
            DataType::Decimal128(_, scale) => ColumnBuilder::Decimal(concrete(b), *scale),
            _ => ColumnBuilder::Other(b),
        }
    }

    fn append(&mut self, dt: &DataType, s: &Slot, scratch: &mut String) {
        match self {
            ColumnBuilder::Utf8(b) => match s.val {
                Val::Text => b.append_value(&s.text),
                Val::Null => b.append_null(),
                _ => {
                    scratch.clear();
                    render(s, scratch);
                    b.append_value(&*scratch);
                }
            },
            ColumnBuilder::Int32(b) => match int_of(s) {
                Some(v) => b.append_value(v as i32),
                None => b.append_null(),
            },
            ColumnBuilder::Int64(b) => match int_of(s) {
                Some(v) => b.append_value(v as i64),
                None => b.append_null(),
            },
            ColumnBuilder::Date32(b) => match s.val {
                Val::Date(d) => b.append_value(d as i32),
                Val::Timestamp(t) => b.append_value(t.div_euclid(DAY_US) as i32),
                _ => b.append_null(),
            },
            ColumnBuilder::Timestamp(b) => match s.val {
                Val::Timestamp(t) => b.append_value(t),
                Val::Date(d) => b.append_value(d * DAY_US),
                _ => b.append_null(),
            },
            ColumnBuilder::Decimal(b, scale) => match s.val {
                Val::Float(f) => {
                    b.append_value((f * 10f64.powi(i32::from(*scale))).round() as i128)
                }
                _ => match int_of(s) {
                    Some(v) => b.append_value(v),
                    None => b.append_null(),
                },
            },
            ColumnBuilder::Other(b) => append(b.as_mut(), dt, s, scratch),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            ColumnBuilder::Utf8(b) => Arc::new(b.finish()),
            ColumnBuilder::Int32(b) => Arc::new(b.finish()),
            ColumnBuilder::Int64(b) => Arc::new(b.finish()),
            ColumnBuilder::Date32(b) => Arc::new(b.finish()),
            ColumnBuilder::Timestamp(b) => Arc::new(b.finish()),
            ColumnBuilder::Decimal(b, _) => Arc::new(b.finish()),
            ColumnBuilder::Other(b) => b.finish(),
        }
    }
}

impl BatchBuilder {
    pub fn new(schema: SchemaRef, capacity: usize) -> Self {
        let builders = schema
            .fields()
            .iter()
            .map(|f| ColumnBuilder::new(f.data_type(), capacity))
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
        for ((b, dt), cell) in self.builders.iter_mut().zip(&self.types).zip(cells) {
            b.append(dt, cell, &mut self.scratch);
        }
    }

    pub fn finish(mut self) -> RecordBatch {
        let arrays: Vec<ArrayRef> = self
            .builders
            .iter_mut()
            .map(ColumnBuilder::finish)
            .collect();
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
        Val::Date(d) => calendar::write_date(d, out),
        Val::Time(t) => calendar::write_time(t, out),
        Val::Timestamp(t) => calendar::write_timestamp(t, out),
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
