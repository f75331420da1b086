//! How each generator of the plan ([`crate::plan::ir`]) writes a cell.
//!
//! Every generator writes one cell from a [`Stream`] keyed by (seed, table, column, row,
//! attempt). Row-level entities (a person, an address, a timeline) have their own
//! streams keyed by the table and row, so `email` agrees with `first_name` and
//! `updated_at` follows `created_at` without either column reading the other, and adding
//! a column changes no other column.

use std::fmt::Write;

use crate::cell::{Slot, Val};
use crate::locale::{Locale, StreetOrder};
pub use crate::plan::ir::*;
use crate::random::keys::{encode_text, uuid_for};
use crate::random::rng::Stream;

/// What a generator may read besides its stream.
pub trait Context {
    /// The locale.
    fn locale(&self) -> &Locale;
    /// The person of this row: (first name, last name, number).
    fn person(&self, row: u64) -> (&'static str, &'static str, u64);
    /// Whether the person of this row is a woman (data version 2: the first name,
    /// gender and salutation agree).
    fn female(&self, row: u64) -> bool;
    /// The row's creation time, seconds since the epoch.
    fn created(&self, row: u64) -> i64;
    /// The time anchor, seconds since the epoch.
    fn as_of(&self) -> i64;
    /// The address stream of this row.
    fn address(&self, row: u64) -> Stream;
    /// Digits in the largest row index (for unique tokens).
    fn row_digits(&self) -> usize;
}

const COLORS: &[&str] = &[
    "red", "green", "blue", "black", "white", "silver", "yellow", "orange", "purple", "grey",
    "navy", "teal", "maroon", "olive", "pink",
];

/// One of `items` by the running totals of their weights.
fn weighted(items: &[Slot], cum: &[u64], s: &mut Stream, out: &mut Slot) {
    let total = cum.last().copied().unwrap_or(1).max(1);
    let x = s.below(total);
    let k = cum.partition_point(|&c| c <= x).min(items.len() - 1);
    out.copy_from(&items[k]);
}

/// The instant `moment` of the row's timeline, in seconds: its creation, or a change
/// between creation and `as_of`.
fn moment_of(moment: Moment, cx: &dyn Context, row: u64, s: &mut Stream) -> i64 {
    let created = cx.created(row);
    match moment {
        Moment::Created => created,
        Moment::Updated => {
            let span = (cx.as_of() - created).max(0) as u64;
            created + s.below(span + 1) as i64
        }
    }
}

impl Gen {
    /// Writes the cell of `row` (not for [`Gen::Ref`] and [`Gen::After`], which the row
    /// builder resolves).
    pub fn write(&self, cx: &dyn Context, row: u64, s: &mut Stream, out: &mut Slot) {
        match self {
            // Computed by the row builder, which has the rest of the row.
            Gen::Null
            | Gen::Ref { .. }
            | Gen::Custom(_)
            | Gen::Ordinal { .. }
            | Gen::Share { .. }
            | Gen::Plus { .. }
            | Gen::Sum { .. } => out.set_null(),
            Gen::Copy { fallback, .. } => fallback.write(cx, row, s, out),
            Gen::When { inner, .. } => inner.write(cx, row, s, out),
            Gen::After { fallback, .. } => fallback.write(cx, row, s, out),
            Gen::Values { items, cycle } => {
                let k = if *cycle {
                    (row % items.len() as u64) as usize
                } else {
                    s.below(items.len() as u64) as usize
                };
                out.copy_from(&items[k]);
            }
            Gen::Weighted { items, cum } => weighted(items, cum, s, out),
            Gen::Gendered { items, cum } => {
                weighted(items, &cum[usize::from(!cx.female(row))], s, out)
            }
            Gen::RawSql(t) => out.set_text(t),
            Gen::Once { first, rest } => {
                if row == 0 {
                    first.write(cx, row, s, out)
                } else {
                    rest.write(cx, row, s, out)
                }
            }
            Gen::Serial { start } => out.val = Val::Int(start + i128::from(row)),
            Gen::Range { lo, hi, unit } => unit.put(s.range_i128(*lo, *hi), out),
            Gen::Law(l) => l.put(s, out),
            Gen::Skewed(k) => {
                let (a, b) = (s.unit(), s.unit());
                k.put(a, b, out)
            }
            Gen::Ranges { ranges, unit } => {
                let (lo, hi) = *s.pick(ranges);
                unit.put(s.range_i128(lo, hi), out);
            }
            Gen::Unique { lo, perm, unit } => {
                unit.put(lo + i128::from(perm.apply(row % perm.len().max(1))), out)
            }
            Gen::Float { lo, hi } => {
                let v = lo + s.unit() * (hi - lo);
                out.val = Val::Float((v * 100.0).round() / 100.0);
            }
            Gen::Bool { p } => out.val = Val::Bool(s.chance(*p)),
            Gen::Epoch { moment, per_second } => {
                let t = moment_of(*moment, cx, row, s);
                let sub = if *per_second > 1 {
                    s.below(*per_second as u64) as i64
                } else {
                    0
                };
                out.val = Val::Int(i128::from(t * per_second + sub));
            }
            Gen::Timeline { moment, date } => {
                let t = moment_of(*moment, cx, row, s);
                if *date {
                    out.val = Val::Date(t.div_euclid(86_400));
                } else {
                    out.val = Val::Timestamp(t * 1_000_000);
                }
            }
            Gen::Text(t) => write_text(t, cx, row, s, out),
            Gen::Profiled(p) => p.write(cx, row, s, out),
            Gen::TextKey { len, perm } => {
                let v = perm.apply(row % perm.len().max(1));
                encode_text(u128::from(v), ALNUM, *len, out.text_mut());
            }
            Gen::Pattern { pattern, max_len } => pattern.generate(s, *max_len, out.text_mut()),
            Gen::PatternKey { pattern, perm } => {
                pattern.nth(perm.apply(row % perm.len().max(1)), out.text_mut())
            }
            Gen::Uuid { unique, key } => {
                if *unique {
                    uuid_for(row, *key, out.text_mut());
                } else {
                    let r = s.next_u64();
                    uuid_for(r, r.rotate_left(17), out.text_mut());
                }
            }
            Gen::Enum(labels) => {
                let l = s.pick(labels);
                out.set_text(l);
            }
            Gen::Spatial(shape) => write_shape(*shape, s, out),
            Gen::Extension(e) => write_extension(*e, cx, s, out.text_mut()),
            Gen::PgRange(k) => write_range(*k, cx.as_of(), s, out.text_mut()),
            Gen::Composite(fields) => write_composite(fields, cx, row, s, out),
            Gen::Geo(g) => write_geo(g, s, out.text_mut()),
            Gen::Keyed { kind, perm } => {
                let i = perm.apply(row % perm.len().max(1));
                write_keyed(*kind, i, s, out);
            }
            Gen::Document(doc) => super::document::write(*doc, cx, row, s, out.text_mut()),
            Gen::Set(_)
            | Gen::Json
            | Gen::Xml
            | Gen::Inet
            | Gen::Cidr
            | Gen::Mac { .. }
            | Gen::Bit { .. }
            | Gen::Interval
            | Gen::TsVector
            | Gen::TsQuery
            | Gen::Bytes { .. }
            | Gen::Array { .. } => self.write_typed(cx, row, s, out),
        }
    }

    /// The cells of the database types with a text or byte form of their own (sets,
    /// JSON, XML, network addresses, bit strings, intervals, text search, bytes, arrays).
    fn write_typed(&self, cx: &dyn Context, row: u64, s: &mut Stream, out: &mut Slot) {
        match self {
            Gen::Set(labels) => {
                let mask = 1 + s.below((1u64 << labels.len().min(16)) - 1);
                let t = out.text_mut();
                for (i, l) in labels.iter().enumerate().take(16) {
                    if mask & (1 << i) != 0 {
                        if !t.is_empty() {
                            t.push(',');
                        }
                        t.push_str(l);
                    }
                }
            }
            Gen::Json => {
                let words = cx.locale().words;
                let (a, b) = (s.word(words), s.word(words));
                let n = s.below(1000);
                let flag = s.chance(0.5);
                let _ = write!(
                    out.text_mut(),
                    "{{\"{a}\": \"{b}\", \"count\": {n}, \"active\": {flag}}}"
                );
            }
            Gen::Xml => {
                let w = s.word(cx.locale().words);
                let _ = write!(
                    out.text_mut(),
                    "<item><id>{}</id><name>{w}</name></item>",
                    row + 1
                );
            }
            Gen::Inet => {
                let v = s.next_u64();
                let _ = write!(
                    out.text_mut(),
                    "{}.{}.{}.{}",
                    10 + v % 180,
                    (v >> 8) & 0xff,
                    (v >> 16) & 0xff,
                    1 + (v >> 24) % 254
                );
            }
            Gen::Cidr => {
                let v = s.next_u64();
                let _ = write!(
                    out.text_mut(),
                    "{}.{}.{}.0/24",
                    10 + v % 180,
                    (v >> 8) & 0xff,
                    (v >> 16) & 0xff
                );
            }
            Gen::Mac { eight } => {
                let v = s.next_u64();
                let t = out.text_mut();
                let n = if *eight { 8 } else { 6 };
                for i in 0..n {
                    if i > 0 {
                        t.push(':');
                    }
                    let _ = write!(t, "{:02x}", (v >> (i * 8)) & 0xff);
                }
            }
            Gen::Bit { len, varying } => {
                let n = if *varying { 1 + s.below(*len) } else { *len };
                let t = out.text_mut();
                let mut bits = s.next_u64();
                for i in 0..n {
                    if i % 64 == 63 {
                        bits = s.next_u64();
                    }
                    t.push(if bits & 1 == 1 { '1' } else { '0' });
                    bits >>= 1;
                }
            }
            Gen::Interval => {
                let d = s.below(30);
                let h = s.below(24);
                let m = s.below(60);
                let _ = write!(out.text_mut(), "{d} days {h:02}:{m:02}:00");
            }
            Gen::TsVector | Gen::TsQuery => {
                let words = cx.locale().words;
                let n = 1 + s.below(4);
                let sep = if matches!(self, Gen::TsQuery) {
                    " & "
                } else {
                    " "
                };
                let t = out.text_mut();
                for i in 0..n {
                    if i > 0 {
                        t.push_str(sep);
                    }
                    let w = s.word(words);
                    if matches!(self, Gen::TsVector) {
                        let _ = write!(t, "'{w}'");
                    } else {
                        t.push_str(w);
                    }
                }
            }
            Gen::Bytes { min, max } => {
                let n = min + s.below(max - min + 1);
                out.val = Val::Bytes;
                out.bytes.clear();
                while (out.bytes.len() as u64) < n {
                    let v = s.next_u64().to_le_bytes();
                    let take = ((n - out.bytes.len() as u64) as usize).min(8);
                    out.bytes.extend_from_slice(&v[..take]);
                }
            }
            Gen::Array { elem, max } => {
                let n = s.below(max + 1) as usize;
                out.val = Val::Array;
                if out.items.len() < n {
                    out.items.resize_with(n, Slot::default);
                }
                out.len = n;
                for k in 0..n {
                    elem.write(cx, row, s, &mut out.items[k]);
                }
            }
            // Written by `write` (which lists every generator).
            _ => out.set_null(),
        }
    }
}

fn write_extension(e: Extension, cx: &dyn Context, s: &mut Stream, t: &mut String) {
    let words = cx.locale().words;
    match e {
        Extension::Ltree => {
            let n = 1 + s.below(3);
            for i in 0..n {
                if i > 0 {
                    t.push('.');
                }
                label(s.word(words), t);
            }
        }
        Extension::Hstore => {
            let n = 1 + s.below(3);
            for i in 0..n {
                if i > 0 {
                    t.push_str(", ");
                }
                let (k, v) = (s.word(words), s.word(words));
                let _ = write!(
                    t,
                    "\"{}{i}\"=>\"{}\"",
                    k.replace(['"', '\\'], ""),
                    v.replace(['"', '\\'], "")
                );
            }
        }
        Extension::Cube => {
            let n = 1 + s.below(3);
            t.push('(');
            for i in 0..n {
                if i > 0 {
                    t.push_str(", ");
                }
                let _ = write!(t, "{}", coord(s, -100.0, 100.0));
            }
            t.push(')');
        }
        Extension::Vector(dims) => {
            t.push('[');
            for i in 0..dims.max(1) {
                if i > 0 {
                    t.push(',');
                }
                let v = (s.unit() * 2.0 - 1.0) * 1000.0;
                let _ = write!(t, "{}", v.round() / 1000.0);
            }
            t.push(']');
        }
        Extension::SparseVec(dims) => {
            let dims = u64::from(dims.max(1));
            let n = 1 + s.below(dims.min(4));
            let start = s.below(dims - n + 1);
            t.push('{');
            for k in 0..n {
                if k > 0 {
                    t.push(',');
                }
                let v = ((s.unit() * 2.0 - 1.0) * 1000.0).round() / 1000.0;
                let v = if v == 0.0 { 0.5 } else { v };
                let _ = write!(t, "{}:{v}", start + k + 1);
            }
            let _ = write!(t, "}}/{dims}");
        }
    }
}

/// An ltree label: letters, digits and `_` only.
fn label(w: &str, t: &mut String) {
    let before = t.len();
    t.extend(w.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_'));
    if t.len() == before {
        t.push('x');
    }
}

fn write_range(k: RangeKind, as_of: i64, s: &mut Stream, t: &mut String) {
    match k {
        RangeKind::Int | RangeKind::Numeric => {
            let lo = s.below(1000);
            let _ = write!(t, "[{lo},{})", lo + 1 + s.below(100));
        }
        RangeKind::Date => {
            let lo = as_of.div_euclid(86_400) - s.below(1800) as i64;
            t.push('[');
            crate::calendar::write_date(lo, t);
            t.push(',');
            crate::calendar::write_date(lo + 1 + s.below(60) as i64, t);
            t.push(')');
        }
        RangeKind::Timestamp | RangeKind::TimestampTz => {
            let lo = as_of - s.below(5 * 31_556_952) as i64;
            let hi = lo + 60 + s.below(30 * 86_400) as i64;
            t.push_str("[\"");
            crate::calendar::write_timestamp(lo * 1_000_000, t);
            t.push_str("\",\"");
            crate::calendar::write_timestamp(hi * 1_000_000, t);
            t.push_str("\")");
        }
    }
}

/// `(f1,f2,…)` as PostgreSQL reads a composite: a NULL field is empty, a field with
/// punctuation or spaces is double-quoted with `"` and `\` doubled.
fn write_composite(
    fields: &[CompositeField],
    cx: &dyn Context,
    row: u64,
    s: &mut Stream,
    out: &mut Slot,
) {
    let mut cell = Slot::default();
    let mut text = String::from("(");
    let mut field = String::new();
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        cell.set_null();
        f.gen.write(cx, row, s, &mut cell);
        field.clear();
        match cell.val {
            Val::Null => continue,
            Val::Int(v) if f.scale > 0 => crate::spell::write_decimal(v, f.scale as i8, &mut field),
            _ => super::batch::render(&cell, &mut field),
        }
        let quote = field.is_empty()
            || field
                .chars()
                .any(|c| matches!(c, ',' | '(' | ')' | '"' | '\\') || c.is_whitespace());
        if quote {
            text.push('"');
            for c in field.chars() {
                if c == '"' || c == '\\' {
                    text.push(c);
                }
                text.push(c);
            }
            text.push('"');
        } else {
            text.push_str(&field);
        }
    }
    text.push(')');
    out.set_text(&text);
}

fn write_geo(g: &Geo, s: &mut Stream, t: &mut String) {
    if let Some(srid) = g.srid {
        let _ = write!(t, "SRID={srid};");
    }
    let dims = match (g.z, g.m) {
        (true, true) => " ZM",
        (true, false) => " Z",
        (false, true) => " M",
        (false, false) => "",
    };
    // A small shape around a point: geodetic coordinates stay inside lon/lat ranges.
    let (x, y) = if g.geodetic {
        (coord(s, -179.0, 179.0), coord(s, -89.0, 89.0))
    } else {
        (coord(s, -1000.0, 1000.0), coord(s, -1000.0, 1000.0))
    };
    let (dx, dy) = (coord(s, 0.01, 0.5), coord(s, 0.01, 0.5));
    let extra = |t: &mut String, s: &mut Stream| {
        if g.z {
            let _ = write!(t, " {}", coord(s, 0.0, 100.0));
        }
        if g.m {
            let _ = write!(t, " {}", coord(s, 0.0, 100.0));
        }
    };
    let point = |t: &mut String, s: &mut Stream, px: f64, py: f64| {
        let _ = write!(t, "{px} {py}");
        extra(t, s);
    };
    let ring = |t: &mut String, s: &mut Stream, ox: f64, oy: f64| {
        t.push('(');
        for (k, (px, py)) in [(ox, oy), (ox + dx, oy), (ox + dx, oy + dy), (ox, oy)]
            .into_iter()
            .enumerate()
        {
            if k > 0 {
                t.push_str(", ");
            }
            point(t, s, px, py);
        }
        t.push(')');
    };
    let line = |t: &mut String, s: &mut Stream, ox: f64, oy: f64| {
        t.push('(');
        point(t, s, ox, oy);
        t.push_str(", ");
        point(t, s, ox + dx, oy + dy);
        t.push(')');
    };
    match g.shape {
        GeoShape::Point => {
            let _ = write!(t, "POINT{dims}(");
            point(t, s, x, y);
            t.push(')');
        }
        GeoShape::LineString => {
            let _ = write!(t, "LINESTRING{dims}");
            line(t, s, x, y);
        }
        GeoShape::Polygon => {
            let _ = write!(t, "POLYGON{dims}(");
            ring(t, s, x, y);
            t.push(')');
        }
        GeoShape::MultiPoint => {
            let _ = write!(t, "MULTIPOINT{dims}((");
            point(t, s, x, y);
            t.push_str("), (");
            point(t, s, x + dx, y + dy);
            t.push_str("))");
        }
        GeoShape::MultiLineString => {
            let _ = write!(t, "MULTILINESTRING{dims}(");
            line(t, s, x, y);
            t.push(')');
        }
        GeoShape::MultiPolygon => {
            let _ = write!(t, "MULTIPOLYGON{dims}((");
            ring(t, s, x, y);
            t.push_str("))");
        }
        GeoShape::GeometryCollection => {
            let _ = write!(t, "GEOMETRYCOLLECTION{dims}(POINT{dims}(");
            point(t, s, x, y);
            t.push_str("))");
        }
    }
}

/// Writes the value of a [`Gen::Keyed`] for permuted index `i`.
fn write_keyed(kind: KeyKind, i: u64, s: &mut Stream, out: &mut Slot) {
    match kind {
        KeyKind::Bytes { len } => {
            let len = len.max(1) as usize;
            out.val = Val::Bytes;
            out.bytes.clear();
            let head = len.min(8);
            out.bytes.extend_from_slice(&i.to_be_bytes()[8 - head..]);
            while out.bytes.len() < len {
                let v = s.next_u64().to_le_bytes();
                let take = (len - out.bytes.len()).min(8);
                out.bytes.extend_from_slice(&v[..take]);
            }
        }
        KeyKind::Inet => {
            let t = out.text_mut();
            if i < 1 << 24 {
                let _ = write!(t, "10.{}.{}.{}", i >> 16, (i >> 8) & 0xff, i & 0xff);
            } else {
                let _ = write!(t, "fd00::{:x}:{:x}", i >> 16, i & 0xffff);
            }
        }
        KeyKind::Cidr => {
            let t = out.text_mut();
            if i < 1 << 16 {
                let _ = write!(t, "10.{}.{}.0/24", i >> 8, i & 0xff);
            } else {
                let _ = write!(
                    t,
                    "{}.{}.{}.{}/32",
                    (i >> 24) & 0xff,
                    (i >> 16) & 0xff,
                    (i >> 8) & 0xff,
                    i & 0xff
                );
            }
        }
        KeyKind::Mac { eight } => {
            let t = out.text_mut();
            let n = if eight { 8 } else { 6 };
            let bytes = i.to_be_bytes();
            for k in 0..n {
                if k > 0 {
                    t.push(':');
                }
                // 02: a locally administered, unicast address.
                let b = if k == 0 { 0x02 } else { bytes[8 - n + k] };
                let _ = write!(t, "{b:02x}");
            }
        }
        KeyKind::Json => {
            let _ = write!(out.text_mut(), "{{\"id\": {i}}}");
        }
        KeyKind::Interval => {
            let _ = write!(out.text_mut(), "{i} seconds");
        }
        KeyKind::Bit { len } => {
            let t = out.text_mut();
            for k in (0..len).rev() {
                t.push(if k < 64 && (i >> k) & 1 == 1 {
                    '1'
                } else {
                    '0'
                });
            }
        }
        KeyKind::Range(k) => {
            let t = out.text_mut();
            match k {
                RangeKind::Int | RangeKind::Numeric => {
                    let _ = write!(t, "[{i},{})", i + 1);
                }
                RangeKind::Date => {
                    t.push('[');
                    crate::calendar::write_date(i as i64, t);
                    t.push(',');
                    crate::calendar::write_date(i as i64 + 1, t);
                    t.push(')');
                }
                RangeKind::Timestamp | RangeKind::TimestampTz => {
                    t.push_str("[\"");
                    crate::calendar::write_timestamp(i as i64 * 1_000_000, t);
                    t.push_str("\",\"");
                    crate::calendar::write_timestamp((i as i64 + 1) * 1_000_000, t);
                    t.push_str("\")");
                }
            }
        }
        KeyKind::Extension(e) => {
            let t = out.text_mut();
            let _ = match e {
                Extension::Ltree => write!(t, "k{i}"),
                Extension::Hstore => write!(t, "\"id\"=>\"{i}\""),
                Extension::Cube => write!(t, "({i})"),
                Extension::Vector(d) | Extension::SparseVec(d) => {
                    // The first component holds the index (exact in a float up to 2^24).
                    if matches!(e, Extension::SparseVec(_)) {
                        write!(t, "{{1:{}}}/{}", i + 1, d.max(1))
                    } else {
                        let _ = write!(t, "[{i}");
                        for _ in 1..d.max(1) {
                            t.push_str(",0");
                        }
                        write!(t, "]")
                    }
                }
            };
        }
    }
}

fn coord(s: &mut Stream, lo: f64, hi: f64) -> f64 {
    ((lo + s.unit() * (hi - lo)) * 1e4).round() / 1e4
}

fn write_shape(shape: Shape, s: &mut Stream, out: &mut Slot) {
    let (x, y) = (coord(s, -180.0, 180.0), coord(s, -90.0, 90.0));
    let (dx, dy) = (coord(s, 0.01, 1.0), coord(s, 0.01, 1.0));
    let t = out.text_mut();
    let _ = match shape {
        Shape::PgPoint => write!(t, "({x},{y})"),
        Shape::PgBox => write!(t, "(({},{}),({x},{y}))", x + dx, y + dy),
        Shape::PgCircle => write!(t, "<({x},{y}),{dx}>"),
        Shape::PgLine => write!(t, "{{{dx},-1,{y}}}"),
        Shape::PgLseg => write!(t, "[({x},{y}),({},{})]", x + dx, y + dy),
        Shape::PgPath => write!(t, "[({x},{y}),({},{}),({},{y})]", x + dx, y + dy, x + dx),
        Shape::PgPolygon => write!(t, "(({x},{y}),({},{y}),({},{}))", x + dx, x + dx, y + dy),
        Shape::WktPoint => write!(t, "POINT({x} {y})"),
        Shape::WktLineString => write!(t, "LINESTRING({x} {y}, {} {})", x + dx, y + dy),
        Shape::WktPolygon => write!(
            t,
            "POLYGON(({x} {y}, {} {y}, {} {}, {x} {y}))",
            x + dx,
            x + dx,
            y + dy
        ),
    };
}

fn capitalize(w: &str, out: &mut String) {
    if let Some(&b) = w.as_bytes().first().filter(|b| b.is_ascii()) {
        out.push(char::from(b.to_ascii_uppercase()));
        out.push_str(&w[1..]);
        return;
    }
    let mut cs = w.chars();
    if let Some(c) = cs.next() {
        out.extend(c.to_uppercase());
        out.push_str(cs.as_str());
    }
}

fn ascii_lower(w: &str, out: &mut String) {
    for c in w.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        }
    }
}

fn digits(fmt: &str, s: &mut Stream, out: &mut String) {
    for c in fmt.chars() {
        if c == '#' {
            out.push((b'0' + s.below(10) as u8) as char);
        } else if c == '^' {
            out.push((b'1' + s.below(9) as u8) as char);
        } else if c == '%' {
            // 2 to 9: a North American area code or exchange (no `fake` format has `%`).
            out.push((b'2' + s.below(8) as u8) as char);
        } else if c == '?' {
            // An upper-case letter (Dutch postal codes; no `fake` format has `?`).
            out.push((b'A' + s.below(26) as u8) as char);
        } else {
            out.push(c);
        }
    }
}

/// Writes `n` words; stops early, returning true, once `out` holds more than `room`
/// characters (what follows would be cut off anyway; the stream is the cell's own, so
/// stopping changes nothing else).
fn words(n: u64, list: &[&str], s: &mut Stream, out: &mut String, cap: bool, room: u64) -> bool {
    let counting = room != u64::MAX;
    let mut chars = if counting {
        out.chars().count() as u64
    } else {
        0
    };
    for i in 0..n {
        if chars > room {
            return true;
        }
        if i > 0 {
            out.push(' ');
        }
        let w = s.pick(list);
        if cap || i == 0 {
            capitalize(w, out);
        } else {
            out.push_str(w);
        }
        if counting {
            chars += 1 + if w.is_ascii() {
                w.len() as u64
            } else {
                w.chars().count() as u64
            };
        }
    }
    chars > room
}

/// A middle name: from version 2 another given name for the row's person's gender
/// (the next in the list when the draw repeats the first name); version 1 repeated the
/// first name.
fn write_middle_name(cx: &dyn Context, row: u64, s: &mut Stream, out: &mut String) {
    let l = cx.locale();
    let first = cx.person(row).0;
    let own = l.given_names[usize::from(!cx.female(row))];
    let list = if own.is_empty() { l.first_names } else { own };
    if !l.regional || list.len() < 2 {
        out.push_str(first);
        return;
    }
    let i = s.below(list.len() as u64) as usize;
    let name = if list[i] == first {
        list[(i + 1) % list.len()]
    } else {
        list[i]
    };
    out.push_str(name);
}

/// A gender or salutation: from version 2 the row's person's (`F` with `Mrs.`);
/// version 1 drew them on their own.
fn write_gendered(sem: Sem, cx: &dyn Context, row: u64, s: &mut Stream, out: &mut String) {
    let l = cx.locale();
    let female = l.regional.then(|| cx.female(row));
    match (sem, female) {
        (Sem::Gender, Some(f)) => out.push_str(if f { "F" } else { "M" }),
        (Sem::Gender, None) => out.push_str(if s.chance(0.5) { "F" } else { "M" }),
        (_, Some(f)) if !l.gendered_titles[usize::from(!f)].is_empty() => {
            out.push_str(s.word(l.gendered_titles[usize::from(!f)]))
        }
        _ => out.push_str(s.word(l.titles)),
    }
}

/// The row's person: names, e-mail and user name agree (see [`Context::person`]).
fn write_person(sem: Sem, cx: &dyn Context, row: u64, out: &mut String) {
    let l = cx.locale();
    match sem {
        Sem::FirstName => out.push_str(cx.person(row).0),
        Sem::LastName => out.push_str(cx.person(row).1),
        Sem::FullName => {
            let (f, la, _) = cx.person(row);
            let _ = match l.family_first {
                true => write!(out, "{la}{}{f}", l.name_sep),
                false => write!(out, "{f} {la}"),
            };
        }
        Sem::Email | Sem::Username => {
            let (f, la, n) = cx.person(row);
            // Version 2 spells names out (`ä` → `ae`, `佐藤` → `sato`); version 1 kept
            // ASCII letters only.
            let ascii_lower = |w: &str, out: &mut String| match l.regional {
                true => crate::locale::regions::romanize(w, l.readings, out),
                false => ascii_lower(w, out),
            };
            if sem == Sem::Email {
                ascii_lower(f, out);
                out.push('.');
                ascii_lower(la, out);
                if out.len() < 3 {
                    let _ = write!(out, "user{}", n % 1000);
                }
                out.push('@');
                out.push_str(l.email_providers[(n % l.email_providers.len() as u64) as usize]);
            } else if l.regional {
                // The romanized first name's initial (`健太` → `k`).
                let mut given = String::new();
                ascii_lower(f, &mut given);
                out.push_str(given.get(..1).unwrap_or(""));
                ascii_lower(la, out);
            } else {
                ascii_lower(&f[..f.chars().next().map_or(0, char::len_utf8)], out);
                ascii_lower(la, out);
                if out.len() < 3 {
                    out.push_str("user");
                }
                let _ = write!(out, "{}", n % 100);
            }
        }
        _ => {}
    }
}

/// The row's address: street, city, state and postal code from one draw (see
/// [`Context::address`]).
fn write_place(sem: Sem, cx: &dyn Context, row: u64, s: &mut Stream, out: &mut String) {
    let l = cx.locale();
    match sem {
        Sem::Street if l.family_first => {
            // Name and suffix, then the block and house (`佐藤町3-12`), from the same
            // draws as other addresses'.
            let mut a = cx.address(row);
            let number = a.below(9999);
            out.push_str(a.word(l.last_names));
            out.push_str(a.word(l.street_suffixes));
            let _ = write!(out, "{}-{}", 1 + number % 30, 1 + number / 30 % 30);
        }
        Sem::Street => {
            let mut a = cx.address(row);
            let number = 1 + a.below(9999);
            let (name, kind) = (a.word(l.last_names), a.word(l.street_suffixes));
            let _ = match l.street_order {
                StreetOrder::NumberFirst => write!(out, "{number} {name} {kind}"),
                // House numbers run lower where the number follows the street.
                StreetOrder::Joined => {
                    // One word, capitalised (`de Groot` → `De Grootstraat`).
                    let mut cs = name.chars();
                    out.extend(cs.next().map(|c| c.to_uppercase()).into_iter().flatten());
                    write!(out, "{}{kind} {}", cs.as_str(), 1 + number % 150)
                }
                StreetOrder::NumberType => write!(out, "{} {kind} {name}", 1 + number % 150),
                StreetOrder::TypeFirst => write!(out, "{kind} {name}, {}", 1 + number % 400),
            };
        }
        Sem::Address2 => {
            let _ = write!(out, "Apt. {}", 1 + s.below(999));
        }
        Sem::City | Sem::State | Sem::StateAbbr | Sem::PostalCode => {
            let mut a = cx.address(row);
            // Draw in a fixed order so each part comes from the same address.
            let _number = a.below(9999);
            let _street = a.word(l.last_names);
            let _suffix = a.word(l.street_suffixes);
            let first = a.word(l.first_names);
            let suffix = a.word(l.city_suffixes);
            let state = a.below(l.states.len() as u64) as usize;
            match sem {
                Sem::City => {
                    out.push_str(first);
                    out.push_str(suffix);
                }
                Sem::State => out.push_str(l.states[state]),
                Sem::StateAbbr => {
                    let abbr = l.state_abbrs.get(state).or(l.state_abbrs.first());
                    out.push_str(abbr.copied().unwrap_or("NA"));
                }
                _ => {
                    let format = a.word(l.postcode_formats);
                    match l.state_postcodes.get(state) {
                        // The region's leading digits, then the format's other digits.
                        Some(&(lo, hi)) => {
                            let lead = lo + a.below(u64::from(hi - lo) + 1) as u16;
                            let mut led = [lead / 100, lead / 10 % 10, lead % 10].into_iter();
                            for c in format.chars() {
                                match (c, led.len()) {
                                    ('#', 1..) => {
                                        out.push(char::from(b'0' + led.next().unwrap_or(0) as u8))
                                    }
                                    _ => digits(c.encode_utf8(&mut [0; 4]), &mut a, out),
                                }
                            }
                        }
                        None => digits(format, &mut a, out),
                    }
                }
            }
        }
        _ => {}
    }
}

/// Running text: titles, sentences, paragraphs and words (English from
/// [`crate::prose`] in data version 2, the locale's filler words before).
fn write_prose(sem: Sem, l: &Locale, s: &mut Stream, out: &mut String, room: u64) {
    match sem {
        Sem::Title if l.prose => crate::prose::title(s, out),
        Sem::Title => {
            let n = 2 + s.below(3);
            words(n, l.words, s, out, true, room);
        }
        Sem::Sentence | Sem::Paragraph => {
            let sentences = if sem == Sem::Paragraph {
                2 + s.below(3)
            } else {
                1
            };
            for k in 0..sentences {
                if k > 0 {
                    out.push(' ');
                }
                if l.prose {
                    crate::prose::sentence(s, out);
                    if out.len() as u64 > room {
                        return;
                    }
                    continue;
                }
                let n = 4 + s.below(8);
                if words(n, l.words, s, out, false, room) {
                    return;
                }
                out.push('.');
            }
        }
        Sem::Word => capitalize(s.word(l.words), out),
        Sem::Words => {
            let n = 1 + s.below(3);
            words(n, l.words, s, out, false, room);
        }
        _ => {}
    }
}

/// Writes the base value of a semantic text generator (before limits and tokens).
///
/// `room`: the characters of `out` that will be kept (`u64::MAX`: all); generators of
/// running text stop once past it.
pub(super) fn write_sem(
    sem: Sem,
    cx: &dyn Context,
    row: u64,
    s: &mut Stream,
    out: &mut String,
    room: u64,
) {
    let l = cx.locale();
    match sem {
        Sem::FirstName | Sem::LastName | Sem::FullName | Sem::Email | Sem::Username => {
            write_person(sem, cx, row, out)
        }
        Sem::MiddleName => write_middle_name(cx, row, s, out),
        Sem::Password => {
            out.push_str("$2b$12$");
            let chars: Vec<char> = ALNUM.to_vec();
            for _ in 0..53 {
                out.push(*s.pick(&chars));
            }
        }
        Sem::Phone => digits(s.word(l.phone_formats), s, out),
        Sem::Street | Sem::Address2 | Sem::City | Sem::State | Sem::StateAbbr | Sem::PostalCode => {
            write_place(sem, cx, row, s, out)
        }
        Sem::Country => out.push_str(home_country(l).0),
        Sem::CountryCode => out.push_str(home_country(l).1),
        Sem::AnyCountry => out.push_str(s.word(l.countries)),
        Sem::Company => {
            out.push_str(s.word(l.last_names));
            out.push(' ');
            out.push_str(s.word(l.company_suffixes));
        }
        Sem::JobTitle => {
            let _ = write!(
                out,
                "{} {} {}",
                s.word(l.job_seniority),
                s.word(l.job_fields),
                s.word(l.job_positions)
            );
        }
        Sem::Industry => out.push_str(s.word(l.industries)),
        Sem::Url | Sem::Domain => {
            if sem == Sem::Url {
                out.push_str("https://www.");
            }
            let name = s.word(l.last_names);
            match l.regional {
                true => crate::locale::regions::romanize(name, l.readings, out),
                false => ascii_lower(name, out),
            }
            out.push('.');
            out.push_str(s.word(l.domain_suffixes));
            if sem == Sem::Url && s.chance(0.5) {
                out.push('/');
                out.push_str(s.word(l.words));
            }
        }
        Sem::Ip => {
            let v = s.next_u64();
            let _ = write!(
                out,
                "{}.{}.{}.{}",
                1 + v % 223,
                (v >> 8) & 0xff,
                (v >> 16) & 0xff,
                1 + (v >> 24) % 254
            );
        }
        Sem::CurrencyCode if l.regional && !l.home_currency.is_empty() && s.chance(0.8) => {
            out.push_str(l.home_currency)
        }
        Sem::CurrencyCode => out.push_str(s.word(l.currency_codes)),
        Sem::TimeZone if l.regional && !l.home_zones.is_empty() && s.chance(0.85) => {
            out.push_str(s.word(l.home_zones))
        }
        Sem::CurrencyName => out.push_str(s.word(l.currency_names)),
        Sem::TimeZone => out.push_str(s.word(l.time_zones)),
        Sem::Title | Sem::Sentence | Sem::Paragraph | Sem::Word | Sem::Words => {
            write_prose(sem, cx.locale(), s, out, room)
        }
        Sem::ProductName => {
            let _ = write!(out, "{} ", s.word(l.buzz_head));
            capitalize(s.word(l.buzz_tail), out);
        }
        Sem::Code => {
            for _ in 0..3 {
                out.push((b'A' + s.below(26) as u8) as char);
            }
            out.push('-');
            digits("####", s, out);
        }
        Sem::Slug => {
            let n = 2 + s.below(3);
            for i in 0..n {
                if i > 0 {
                    out.push('-');
                }
                out.push_str(s.word(l.words));
            }
        }
        Sem::FileName => {
            out.push_str(s.word(l.words));
            out.push('.');
            out.push_str(s.word(l.extensions));
        }
        Sem::Color => out.push_str(s.word(COLORS)),
        Sem::Ean13
        | Sem::Upc
        | Sem::Isbn13
        | Sem::Iban
        | Sem::CardNumber
        | Sem::PublicIp
        | Sem::PrivateIp
        | Sem::HexColor
        | Sem::CountryAlpha3
        | Sem::UserAgent => super::codes::write(sem, cx, None, s, out),
        Sem::Hash => {
            for _ in 0..4 {
                let _ = write!(out, "{:016x}", s.next_u64());
            }
        }
        Sem::YesNo => out.push(if s.chance(0.5) { 'Y' } else { 'N' }),
        Sem::Version => {
            // Mostly 0.x and 1.x releases, as real version numbers are.
            let major = [0, 0, 0, 1, 1, 1, 2, 3][s.below(8) as usize];
            let _ = write!(out, "{major}.{}.{}", s.below(20), s.below(30));
        }
        Sem::Gender | Sem::NameTitle => write_gendered(sem, cx, row, s, out),
        Sem::StreetSuffix => out.push_str(s.word(l.street_suffixes)),
        Sem::DateText => {
            let secs = cx.created(row);
            crate::calendar::write_timestamp(secs * 1_000_000, out);
        }
        Sem::Letters => {
            let n = 1 + s.below(8);
            for _ in 0..n {
                out.push((b'A' + s.below(26) as u8) as char);
            }
        }
    }
}

/// The locale's own country (name, ISO code), so addresses, states and phone formats agree.
pub fn home_country(l: &Locale) -> (&'static str, &'static str) {
    match l.name {
        "fr_fr" => ("France", "FR"),
        "de_de" => ("Germany", "DE"),
        "it_it" => ("Italy", "IT"),
        "pt_br" => ("Brazil", "BR"),
        "pt_pt" => ("Portugal", "PT"),
        "nl_nl" => ("Netherlands", "NL"),
        "ja_jp" => ("Japan", "JP"),
        "zh_cn" => ("China", "CN"),
        _ => ("United States", "US"),
    }
}

/// Cuts `s` to at most `max` characters.
fn truncate_chars(s: &mut String, max: u64) {
    // A string of at most `max` bytes has at most `max` characters.
    if s.len() as u64 > max {
        if let Some((i, _)) = s.char_indices().nth(max as usize) {
            s.truncate(i);
        }
    }
    while s.ends_with(' ') {
        s.pop();
    }
}

/// The sem's text with its last `digits` digits replaced by the permuted row index's
/// (a unique phone number); false when the text has too few digits or grows too long.
fn write_digits(
    t: &TextGen,
    cx: &dyn Context,
    row: u64,
    s: &mut Stream,
    buf: &mut String,
    perm: crate::random::keys::Permutation,
    digits: u32,
) -> bool {
    write_sem(t.sem, cx, row, s, buf, u64::MAX);
    let mut v = perm.apply(row % perm.len().max(1));
    let mut left = digits;
    let mut bytes = std::mem::take(buf).into_bytes();
    for b in bytes.iter_mut().rev() {
        if left == 0 {
            break;
        }
        if b.is_ascii_digit() {
            *b = b'0' + (v % 10) as u8;
            v /= 10;
            left -= 1;
        }
    }
    *buf = String::from_utf8(bytes).unwrap_or_default();
    left == 0 && buf.chars().count() as u64 <= t.max_len
}

fn write_text(t: &TextGen, cx: &dyn Context, row: u64, s: &mut Stream, out: &mut Slot) {
    let buf = out.text_mut();
    buf.push_str(&t.prefix);
    // Values unique by their structure; with a token base (values kept apart from
    // another table's) the plain token keeps them apart.
    match (t.unique, t.natural, t.token_base) {
        (
            true,
            Some(Natural::Words {
                perm,
                count,
                sep,
                cap,
            }),
            0,
        ) => {
            let i = perm.apply(row % perm.len().max(1));
            let web = matches!(t.sem, Sem::Url);
            if web {
                buf.push_str("https://");
            }
            crate::prose::combination(i, count, sep, cap, buf);
            if web || t.sem == Sem::Domain {
                buf.push_str(".com");
            }
            truncate_chars(buf, t.max_len);
            return;
        }
        (true, Some(Natural::Semver), base) => {
            let i = row + base;
            let _ = write!(buf, "{}.{}.{}", i / 600, (i / 30) % 20, i % 30);
            return;
        }
        (true, Some(Natural::Digits { perm, digits }), 0) => {
            if write_digits(t, cx, row, s, buf, perm, digits) {
                return;
            }
            buf.clear();
            buf.push_str(&t.prefix);
        }
        (true, Some(Natural::Key { perm, len }), base) if row + base < perm.len() => {
            encode_text(u128::from(perm.apply(row + base)), ALNUM, len, buf);
            return;
        }
        (true, Some(Natural::Checked { perm }), base) if row + base < perm.len() => {
            let i = perm.apply(row + base);
            super::codes::write(t.sem, cx, Some(i), s, buf);
            return;
        }
        (true, Some(Natural::Hex), 0) => {
            let _ = write!(buf, "{:016x}", crate::random::rng::mix(row));
            while buf.len() < 64 {
                let _ = write!(buf, "{:016x}", s.next_u64());
            }
            truncate_chars(buf, t.max_len);
            return;
        }
        _ => {}
    }
    let token = if t.unique {
        // Digits of `token_base + row`: at most one more than the longer of the two.
        let base = if t.token_base > 0 {
            (t.token_base.to_string().len().max(cx.row_digits()) + 1) as u64
        } else {
            cx.row_digits() as u64
        };
        base + 1
    } else {
        0
    };
    let room = t.max_len.saturating_sub(token);
    // Text past `room` is cut below; generators may stop there unless padding to the
    // minimum length would draw from the stream afterwards.
    let sem_room = if t.sem == Sem::Email || t.min_len.saturating_sub(token) > room {
        u64::MAX
    } else {
        room
    };
    write_sem(t.sem, cx, row, s, buf, sem_room);
    if t.unique && t.sem == Sem::Email {
        // Keep the domain: put the token before the `@`.
        let at = buf.find('@').unwrap_or(buf.len());
        let domain = buf[at..].to_string();
        buf.truncate(at);
        let local_room = room.saturating_sub(domain.chars().count() as u64);
        truncate_chars(buf, local_room.max(1));
        let _ = write!(buf, ".{}", row + t.token_base);
        buf.push_str(&domain);
        truncate_chars(buf, t.max_len);
        return;
    }
    truncate_chars(buf, room);
    let min = t.min_len.saturating_sub(token);
    if min > 0 || !t.prefix.is_empty() {
        let min = min.max(t.prefix.chars().count() as u64);
        while (buf.chars().count() as u64) < min {
            buf.push((b'a' + s.below(26) as u8) as char);
        }
    }
    if t.unique {
        let sep = if matches!(t.natural, Some(Natural::Joined)) {
            '_'
        } else {
            '-'
        };
        let _ = write!(buf, "{sep}{}", row + t.token_base);
    }
}

impl Profiled {
    fn write(&self, cx: &dyn Context, row: u64, s: &mut Stream, out: &mut Slot) {
        let rank = self.perm.apply(row % self.perm.len().max(1));
        if rank < self.nulls {
            out.set_null();
            return;
        }
        let rank = rank - self.nulls;
        match &self.source {
            ProfiledSource::Numbers {
                bounds,
                unit,
                float,
            } => {
                let (lo, hi) = (bounds[0], bounds[bounds.len() - 1]);
                let x = match self.distinct {
                    None => quantile(bounds, s.unit()),
                    Some(_) if !self.per_bucket.is_empty() => {
                        // A bucket (in turn or drawn), then one of its pool values.
                        let k = self.per_bucket.len() as u64;
                        let (i, j) = if self.spread {
                            let i = (rank % k) as usize;
                            (i, (rank / k) % self.per_bucket[i].max(1))
                        } else {
                            let i = s.below(k) as usize;
                            (i, s.below(self.per_bucket[i]))
                        };
                        bucket_value(bounds, i, j, self.per_bucket[i], *float)
                    }
                    Some(n) if self.spread => {
                        quantile(bounds, ((rank % n) as f64 + 0.5) / n as f64)
                    }
                    Some(n) => {
                        // A small pool: values evenly spaced from lo to hi, each row
                        // taking the one nearest a draw from the histogram.
                        let x = quantile(bounds, s.unit());
                        if n <= 1 || hi <= lo {
                            lo
                        } else {
                            let step = (hi - lo) / (n - 1) as f64;
                            lo + ((x - lo) / step).round() * step
                        }
                    }
                };
                if *float {
                    out.val = Val::Float((x * 1e6).round() / 1e6);
                } else {
                    unit.put(
                        (x.round() as i128).clamp(lo.ceil() as i128, hi.floor() as i128),
                        out,
                    );
                }
            }
            ProfiledSource::Pool { gen, key } => match self.distinct {
                None => gen.write(cx, row, s, out),
                Some(n) => {
                    let k = if self.spread { rank % n } else { s.below(n) };
                    gen.write(cx, k, &mut key.stream(k, 0), out);
                }
            },
        }
    }
}

/// The value at cumulative share `u` (0 to 1) of equal-depth `bounds`.
/// Value `j` of the `m` a pool gives bucket `i` of `bounds`: distinct integers of the
/// bucket's own (`[a, b)`, the last `[a, b]`), evenly spread; floats at midpoints.
fn bucket_value(bounds: &[f64], i: usize, j: u64, m: u64, float: bool) -> f64 {
    let (a, b) = (bounds[i], bounds[i + 1]);
    if float {
        return a + (b - a) * (j as f64 + 0.5) / m as f64;
    }
    let last = i + 2 == bounds.len();
    let cap = bucket_integers(a, b, last);
    if m == 0 || cap == 0 {
        return a.round();
    }
    a.ceil() + ((j as u128 * u128::from(cap)) / u128::from(m)) as f64
}

fn quantile(bounds: &[f64], u: f64) -> f64 {
    let buckets = (bounds.len() - 1).max(1);
    let at = (u.clamp(0.0, 1.0) * buckets as f64).min(buckets as f64 - 1e-9);
    let i = (at.floor() as usize).min(buckets - 1);
    let f = at - i as f64;
    bounds[i] + (bounds[(i + 1).min(bounds.len() - 1)] - bounds[i]) * f
}
