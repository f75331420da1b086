//! One column's generator: the type's default, the name's hint, the user's override and
//! what the CHECKs allow.

use arrow_schema::{DataType, Field, TimeUnit};

use super::infer::{self, Hint};
use crate::calendar::{self, DAY_US};
use crate::cell::{Slot, Val};
use crate::expr::check::{Narrow, V};
use crate::plan::ir::{
    CompositeField, Extension, Gen, Geo, GeoShape, Law, LawKind, Moment, RangeKind, Sem, Shape,
    Skewed, TextGen, Unit,
};
use crate::schema::{Column, Dialect, QualifiedName, Schema, SqlType, TypeClass};
use crate::settings::{ColumnSettings, Distribution, Values};

const YEAR_S: i128 = 31_556_952; // mean Gregorian year
const DAY_S: i128 = 86_400;

/// The numeric shape of a column: the range its type allows, in the generator's unit.
#[derive(Debug, Clone, Copy)]
pub(super) struct Numeric {
    pub lo: i128,
    pub hi: i128,
    pub unit: Unit,
    /// Decimal scale (digits after the point); 0 otherwise.
    pub scale: u32,
    pub float: bool,
}

/// Decimal precision and scale, with defaults for unconstrained `numeric` and `money`.
pub(super) fn decimal_ps(t: &SqlType) -> (u32, u32) {
    match t.precision_scale() {
        Some((p, s)) => ((p as u32).clamp(1, 38), (s as u32).min(37)),
        None if t.name.eq_ignore_ascii_case("money") => (19, 2),
        None => (38, 2),
    }
}

/// The range a type allows, or `None` for non-numeric types.
pub(super) fn numeric(t: &SqlType, class: TypeClass) -> Option<Numeric> {
    let int = |lo: i128, hi: i128| Numeric {
        lo,
        hi,
        unit: Unit::Int,
        scale: 0,
        float: false,
    };
    Some(match class {
        TypeClass::Int(bits) => {
            let bits = u32::from(bits);
            if t.unsigned {
                int(0, (1i128 << bits) - 1)
            } else {
                int(-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
            }
        }
        TypeClass::Decimal => {
            let (p, s) = decimal_ps(t);
            let max = 10i128.pow(p) - 1;
            Numeric {
                lo: if t.unsigned { 0 } else { -max },
                hi: max,
                unit: Unit::Int,
                scale: s,
                float: false,
            }
        }
        TypeClass::Float => Numeric {
            lo: -1_000_000_000_000,
            hi: 1_000_000_000_000,
            unit: Unit::Int,
            scale: 0,
            float: true,
        },
        TypeClass::Year => int(1901, 2155),
        TypeClass::Date => Numeric {
            lo: i128::from(calendar::days_from_civil(1, 1, 1)),
            hi: i128::from(calendar::days_from_civil(9999, 12, 31)),
            unit: Unit::Date,
            scale: 0,
            float: false,
        },
        TypeClass::Timestamp => Numeric {
            // MySQL TIMESTAMP holds 1970..2038; DATETIME and others far more.
            lo: if t.name == "timestamp" {
                1
            } else {
                -62_135_596_800
            },
            hi: if t.name == "timestamp" {
                2_147_483_647
            } else {
                253_402_300_799
            },
            unit: Unit::Seconds,
            scale: 0,
            float: false,
        },
        TypeClass::Time => Numeric {
            lo: 0,
            hi: DAY_S - 1,
            unit: Unit::TimeOfDay,
            scale: 0,
            float: false,
        },
        _ => return None,
    })
}

/// The Arrow type of a column's values (`class` as [`Schema::type_class`] gives it).
pub(super) fn arrow_type(t: &SqlType, class: TypeClass) -> DataType {
    if t.array_dims > 0 {
        let elem = arrow_type(&t.element(), class);
        return DataType::List(std::sync::Arc::new(Field::new("item", elem, true)));
    }
    match class {
        TypeClass::Bool => DataType::Boolean,
        TypeClass::Int(8) if t.unsigned => DataType::UInt8,
        TypeClass::Int(8) => DataType::Int8,
        TypeClass::Int(16) if t.unsigned => DataType::UInt16,
        TypeClass::Int(16) => DataType::Int16,
        TypeClass::Int(24 | 32) if t.unsigned => DataType::UInt32,
        TypeClass::Int(24 | 32) => DataType::Int32,
        TypeClass::Int(_) if t.unsigned => DataType::UInt64,
        TypeClass::Int(_) => DataType::Int64,
        TypeClass::Decimal => {
            let (p, s) = decimal_ps(t);
            DataType::Decimal128(p as u8, s as i8)
        }
        TypeClass::Float if matches!(t.name.as_str(), "real") => DataType::Float32,
        TypeClass::Float => DataType::Float64,
        TypeClass::Bytes => DataType::Binary,
        TypeClass::Date => DataType::Date32,
        TypeClass::Time => DataType::Time64(TimeUnit::Microsecond),
        TypeClass::Timestamp => DataType::Timestamp(
            TimeUnit::Microsecond,
            (t.name == "timestamptz").then(|| "+00:00".into()),
        ),
        TypeClass::Year => DataType::Int16,
        _ => DataType::Utf8,
    }
}

/// The labels of an enum column (MySQL inline or a user type).
fn enum_labels(t: &SqlType, schema: &Schema) -> Option<Vec<String>> {
    if !t.labels.is_empty() {
        return Some(t.labels.clone());
    }
    let q = QualifiedName::try_from(t.name.clone()).ok()?;
    schema.enum_type(&q).map(|e| e.labels.clone())
}

/// What a column gets when nothing more specific applies; `None` when the type has no
/// generator.
pub(super) fn type_default(
    col: &Column,
    t: &SqlType,
    schema: &Schema,
    dialect: Dialect,
    as_of: i64,
) -> Option<(Gen, String)> {
    if t.array_dims > 0 {
        let (elem, name) = type_default(col, &t.element(), schema, dialect, as_of)?;
        return Some((
            Gen::Array {
                elem: Box::new(elem),
                max: 3,
            },
            format!("array of {name}"),
        ));
    }
    let class = schema.type_class(t);
    let as_of = i128::from(as_of);
    if let Some(labels) = enum_labels(t, schema) {
        if !labels.is_empty() {
            let g = if class == TypeClass::Set {
                Gen::Set(labels)
            } else {
                Gen::Enum(labels)
            };
            return Some((g, "enum label".into()));
        }
    }
    let lower = t.name.to_ascii_lowercase();
    Some(match class {
        TypeClass::Bool => (Gen::Bool { p: 0.5 }, "bool".into()),
        TypeClass::Int(_) | TypeClass::Decimal => {
            let n = numeric(t, class)?;
            let m = 10i128.pow(n.scale);
            (
                Gen::Range {
                    lo: 0.max(n.lo),
                    hi: (1000 * m).min(n.hi),
                    unit: Unit::Int,
                },
                if class == TypeClass::Decimal {
                    "decimal"
                } else {
                    "int"
                }
                .into(),
            )
        }
        TypeClass::Float => (
            Gen::Float {
                lo: 0.0,
                hi: 1000.0,
            },
            "float".into(),
        ),
        TypeClass::Year => (
            Gen::Range {
                lo: 1970,
                hi: 1970 + (as_of / YEAR_S),
                unit: Unit::Int,
            },
            "year".into(),
        ),
        TypeClass::Text | TypeClass::Enum | TypeClass::Set => {
            let len = t.length();
            let sem = match (lower.as_str(), len) {
                (_, Some(n)) if n <= 3 => Sem::Letters,
                (_, Some(n)) if n <= 60 => Sem::Words,
                ("char" | "varchar", Some(_)) => Sem::Sentence,
                ("any", _) => Sem::Words,
                _ => Sem::Sentence,
            };
            (Gen::Text(text_gen(sem, t, col)), sem.name().to_string())
        }
        TypeClass::Bytes => {
            let max = t.length().unwrap_or(32).min(32);
            (
                Gen::Bytes {
                    min: max.min(4),
                    max,
                },
                "bytes".into(),
            )
        }
        TypeClass::Date => (
            Gen::Range {
                lo: (as_of - 5 * YEAR_S) / DAY_S,
                hi: as_of / DAY_S,
                unit: Unit::Date,
            },
            "date in the last 5 years".into(),
        ),
        TypeClass::Time => (
            Gen::Range {
                lo: 0,
                hi: DAY_S - 1,
                unit: Unit::TimeOfDay,
            },
            "time of day".into(),
        ),
        TypeClass::Timestamp => (
            Gen::Range {
                lo: as_of - 5 * YEAR_S,
                hi: as_of,
                unit: Unit::Seconds,
            },
            "timestamp in the last 5 years".into(),
        ),
        TypeClass::Interval => (Gen::Interval, "interval".into()),
        TypeClass::Uuid => (
            Gen::Uuid {
                unique: false,
                key: 0,
            },
            "uuid".into(),
        ),
        TypeClass::Json => (Gen::Json, "json document".into()),
        TypeClass::Xml => (Gen::Xml, "xml document".into()),
        TypeClass::Network => match lower.as_str() {
            "cidr" => (Gen::Cidr, "cidr".into()),
            "macaddr" => (Gen::Mac { eight: false }, "macaddr".into()),
            "macaddr8" => (Gen::Mac { eight: true }, "macaddr8".into()),
            _ => (Gen::Inet, "inet".into()),
        },
        TypeClass::Bit => {
            let varying = lower == "varbit";
            let len = t.length().unwrap_or(if varying { 16 } else { 1 }).max(1);
            (Gen::Bit { len, varying }, "bit string".into())
        }
        TypeClass::TextSearch if lower == "tsquery" => (Gen::TsQuery, "tsquery".into()),
        TypeClass::TextSearch => (Gen::TsVector, "tsvector".into()),
        TypeClass::Spatial => spatial_default(t, &lower, dialect),
        TypeClass::Extension => (Gen::Extension(extension(t)?), format!("{lower} value")),
        TypeClass::Range => (Gen::PgRange(range_kind(&lower)?), format!("{lower} value")),
        TypeClass::Composite => composite_default(col, t, schema, dialect, as_of as i64)?,
        _ => return None,
    })
}

/// A spatial type's default: PostGIS shapes, PostgreSQL's geometric types, WKT for
/// MySQL and SQLite.
fn spatial_default(t: &SqlType, lower: &str, dialect: Dialect) -> (Gen, String) {
    if dialect == Dialect::Postgres && matches!(lower, "geometry" | "geography") {
        return (Gen::Geo(postgis_shape(t)), format!("{t} shape"));
    }
    let pg = dialect == Dialect::Postgres;
    let shape = match (pg, lower) {
        (true, "point") => Shape::PgPoint,
        (true, "box") => Shape::PgBox,
        (true, "circle") => Shape::PgCircle,
        (true, "line") => Shape::PgLine,
        (true, "lseg") => Shape::PgLseg,
        (true, "path") => Shape::PgPath,
        (true, "polygon") => Shape::PgPolygon,
        (_, "polygon" | "multipolygon") => Shape::WktPolygon,
        (_, "linestring" | "multilinestring") => Shape::WktLineString,
        _ => Shape::WktPoint,
    };
    (Gen::Spatial(shape), format!("{lower} shape"))
}

/// A composite type's default: each field its type's default.
fn composite_default(
    col: &Column,
    t: &SqlType,
    schema: &Schema,
    dialect: Dialect,
    as_of: i64,
) -> Option<(Gen, String)> {
    let q = QualifiedName::try_from(t.name.clone()).ok()?;
    let ct = schema.composite_type(&q)?;
    let mut fields = Vec::with_capacity(ct.fields.len());
    for (name, ft) in &ct.fields {
        let fcol = Column {
            name: name.clone(),
            data_type: ft.clone(),
            ..col.clone()
        };
        let (gen, _) = type_default(&fcol, ft, schema, dialect, as_of)?;
        let fclass = schema.type_class(ft);
        let scale = numeric(ft, fclass).map_or(0, |n| n.scale);
        fields.push(CompositeField { gen, scale });
    }
    Some((Gen::Composite(fields), format!("composite {}", ct.name)))
}

/// The extension value a type names (`vector(3)` → three components).
fn extension(t: &SqlType) -> Option<Extension> {
    let dims = t.params.first().map_or(3, |d| (*d).clamp(1, 16_000) as u32);
    Some(match t.name.as_str() {
        "ltree" | "lquery" => Extension::Ltree,
        "hstore" => Extension::Hstore,
        "cube" => Extension::Cube,
        "vector" | "halfvec" => Extension::Vector(dims),
        "sparsevec" => Extension::SparseVec(dims),
        _ => return None,
    })
}

fn range_kind(name: &str) -> Option<RangeKind> {
    Some(match name {
        "int4range" | "int8range" => RangeKind::Int,
        "numrange" => RangeKind::Numeric,
        "daterange" => RangeKind::Date,
        "tsrange" => RangeKind::Timestamp,
        "tstzrange" => RangeKind::TimestampTz,
        _ => return None,
    })
}

/// A PostGIS column's shape from its modifiers: `geometry(PolygonZ,4326)`,
/// `geography(Point)` (SRID 4326 by default), or plain `geometry` (points, no SRID).
fn postgis_shape(t: &SqlType) -> Geo {
    let geography = t.name == "geography";
    let kind = t
        .args
        .first()
        .map(|a| a.to_ascii_uppercase())
        .unwrap_or_default();
    let (base, z, m) = if let Some(b) = kind.strip_suffix("ZM") {
        (b, true, true)
    } else if let Some(b) = kind.strip_suffix('Z') {
        (b, true, false)
    } else if let Some(b) = kind
        .strip_suffix('M')
        .filter(|b| !b.is_empty() && *b != "GEO")
    {
        (b, false, true)
    } else {
        (kind.as_str(), false, false)
    };
    let shape = match base {
        "LINESTRING" => GeoShape::LineString,
        "POLYGON" => GeoShape::Polygon,
        "MULTIPOINT" => GeoShape::MultiPoint,
        "MULTILINESTRING" => GeoShape::MultiLineString,
        "MULTIPOLYGON" => GeoShape::MultiPolygon,
        "GEOMETRYCOLLECTION" => GeoShape::GeometryCollection,
        _ => GeoShape::Point,
    };
    let srid = t
        .args
        .get(1)
        .and_then(|a| a.parse::<u32>().ok())
        .filter(|s| *s > 0)
        .or(geography.then_some(4326));
    Geo {
        shape,
        srid,
        z,
        m,
        geodetic: geography || srid == Some(4326),
    }
}

/// A text generator fitted to the column's length.
pub(super) fn text_gen(sem: Sem, t: &SqlType, _col: &Column) -> TextGen {
    // Unbounded types: MySQL's tinytext holds 255 bytes (63 four-byte characters).
    let max_len = t.length().unwrap_or(match t.name.as_str() {
        "char" => 1,
        "tinytext" => 63,
        _ => 4000,
    });
    // char(n) of a few characters holds codes: fill it.
    let min_len = if t.name == "char" && max_len <= 8 && sem == Sem::Letters {
        max_len
    } else {
        0
    };
    TextGen {
        sem,
        min_len,
        max_len,
        unique: false,
        token_base: 0,
        prefix: String::new(),
        natural: None,
    }
}

/// Applies the name's hint to the type's default.
/// The share of `true` of a flag no rule names: 85% for `DEFAULT true`, 15% for
/// `DEFAULT false`, else 5–38% or 62–95% by its name (a fair coin is rare in
/// production).
fn own_flag(col: &Column) -> f64 {
    let default = col
        .default
        .as_deref()
        .map(|d| d.trim().trim_matches('\'').to_ascii_lowercase());
    match default.as_deref() {
        Some("true" | "1" | "t" | "b'1'" | "yes" | "y") => 0.85,
        Some("false" | "0" | "f" | "b'0'" | "no" | "n") => 0.15,
        _ => {
            let h = crate::random::rng::name_hash(&col.name.to_ascii_lowercase());
            let share = 0.05 + 0.33 * (h % 1000) as f64 / 1000.0;
            if h & (1 << 32) == 0 {
                share
            } else {
                1.0 - share
            }
        }
    }
}

pub(super) fn apply_hint(
    hint: Hint,
    t: &SqlType,
    class: TypeClass,
    col: &Column,
    as_of: i64,
) -> Option<(Gen, String)> {
    if t.array_dims > 0 {
        // An array of what the name says each element is.
        let (elem, name) = apply_hint(hint, &t.element(), class, col, as_of)?;
        return Some((
            Gen::Array {
                elem: Box::new(elem),
                max: 3,
            },
            format!("array of {name}"),
        ));
    }
    let as_of = i128::from(as_of);
    Some(match hint {
        Hint::Labels(words) if class == TypeClass::Text => labels_gen(words, t)?,
        // Only where a whole document fits: a cut one would not parse.
        Hint::Json if class == TypeClass::Text && t.length().is_none_or(|n| n >= 1000) => (
            Gen::Document(infer::document(&col.name)),
            "json document".into(),
        ),
        // A fixed-width code the column cannot hold is left to the other rules.
        Hint::Text(sem)
            if class == TypeClass::Text
                && sem
                    .width()
                    .is_some_and(|w| t.length().is_some_and(|n| n < w)) =>
        {
            return None
        }
        Hint::Text(sem) if class == TypeClass::Text => {
            (Gen::Text(text_gen(sem, t, col)), sem.name().into())
        }
        Hint::Number { name, lo, hi } => {
            let n = numeric(t, class)?;
            if n.unit != Unit::Int {
                return None;
            }
            if n.float {
                return Some((Gen::Float { lo, hi }, name.into()));
            }
            let m = 10f64.powi(n.scale as i32);
            let (lo, hi) = (
                ((lo * m).ceil() as i128).max(n.lo),
                ((hi * m).floor() as i128).min(n.hi),
            );
            if lo > hi {
                return None;
            }
            (
                Gen::Range {
                    lo,
                    hi,
                    unit: Unit::Int,
                },
                name.into(),
            )
        }
        Hint::Timeline(moment) if matches!(class, TypeClass::Date | TypeClass::Timestamp) => (
            Gen::Timeline {
                moment,
                date: class == TypeClass::Date,
            },
            match moment {
                Moment::Created => "created_at",
                Moment::Updated => "updated_at",
            }
            .into(),
        ),
        Hint::BirthDate => {
            let (lo, hi) = (as_of - 90 * YEAR_S, as_of - 18 * YEAR_S);
            (temporal_range(class, lo, hi)?, "birth_date".into())
        }
        Hint::Recent { name, years } => {
            let span = (years.abs() * YEAR_S as f64) as i128;
            let (lo, hi) = if years < 0.0 {
                (as_of, as_of + span)
            } else {
                (as_of - span, as_of)
            };
            (temporal_range(class, lo, hi)?, name.into())
        }
        Hint::Flag(p) if class == TypeClass::Bool => (Gen::Bool { p }, "flag".into()),
        Hint::OwnFlag if class == TypeClass::Bool => {
            (Gen::Bool { p: own_flag(col) }, "flag".into())
        }
        Hint::Measure { name, dist } => {
            (measured(dist, t, class, as_of)?, measure_name(name, dist))
        }
        _ => return None,
    })
}

/// How `seedgen plan` names a measure: `price (right-skewed, median 20)`.
fn measure_name(name: &str, dist: infer::Dist) -> String {
    use infer::Dist;
    match dist {
        Dist::Skewed { median, at_lo, .. } if at_lo > 0.0 => format!(
            "{name} (right-skewed, median {median}, {:.0}% at the lowest)",
            at_lo * 100.0
        ),
        Dist::Skewed { median, .. } => format!("{name} (right-skewed, median {median})"),
        Dist::Levels(levels) => {
            let shown: Vec<String> = levels.iter().map(|(v, w)| format!("{v}:{w}")).collect();
            format!("{name} (weighted {})", shown.join(" "))
        }
        Dist::Whole { lo, hi } => format!("{name} {lo}..{hi}"),
        Dist::Years { oldest, newest } => {
            format!("{name} ({oldest} to {newest} years before as_of)")
        }
        Dist::Epoch { per_second, .. } => format!(
            "{name} (the row's timeline in {} since 1970)",
            if per_second == 1 {
                "seconds"
            } else {
                "milliseconds"
            }
        ),
    }
}

/// A measure ([`infer::Dist`]) in a numeric column of type `t`, when the type can hold
/// it: scaled to the column's decimal places (hundredths for floats); a share in
/// percent where the column holds no fraction and as a fraction where it cannot hold
/// the percentages; bounded by the type.
fn measured(dist: infer::Dist, t: &SqlType, class: TypeClass, as_of: i128) -> Option<Gen> {
    use infer::Dist;
    let n = numeric(t, class)?;
    if n.unit != Unit::Int {
        return None;
    }
    let scale = if n.float { 2 } else { n.scale };
    let m = 10f64.powi(scale as i32);
    let (tlo, thi) = if n.float {
        (-1e12 as i128, 1e12 as i128)
    } else {
        (n.lo, n.hi)
    };
    let whole = |v: i64| -> Slot {
        let v = i128::from(v) * 10i128.pow(scale);
        Slot {
            val: if n.float {
                Val::Float(v as f64 / m)
            } else {
                Val::Int(v)
            },
            ..Slot::default()
        }
    };
    Some(match dist {
        Dist::Skewed {
            median,
            lo,
            hi,
            tail,
            at_lo,
            whole,
        } => {
            // A share: percentages in an integer column, fractions where 30 does not fit.
            let k = if hi < 1.0 && scale == 0 {
                100.0
            } else if (1.0..=100.0).contains(&hi)
                && hi * m > thi as f64
                && (hi / 100.0) * m >= 1.0
                && lo >= 0.0
            {
                0.01
            } else {
                1.0
            };
            let (lo, hi) = (
                ((lo * k * m).ceil() as i128).max(tlo),
                ((hi * k * m).floor() as i128).min(thi),
            );
            let median = median * k * m;
            if lo >= hi || median <= lo as f64 || median >= hi as f64 {
                return None;
            }
            Gen::Skewed(Skewed {
                lo,
                hi,
                median,
                tail,
                at_lo,
                step: if whole { 10i128.pow(scale) } else { 1 },
                unit: Unit::Int,
                float: n.float,
            })
        }
        Dist::Levels(levels) => {
            let mut total = 0;
            let (mut items, mut cum) = (Vec::new(), Vec::new());
            for &(v, w) in levels {
                let scaled = i128::from(v) * 10i128.pow(scale);
                if (tlo..=thi).contains(&scaled) {
                    total += u64::from(w);
                    items.push(whole(v));
                    cum.push(total);
                }
            }
            if items.len() < 2 {
                return None;
            }
            Gen::Weighted { items, cum }
        }
        Dist::Whole { lo, hi } => {
            let (lo, hi) = (i128::from(lo), i128::from(hi));
            if scale > 0 || n.float || lo < tlo || hi > thi {
                return None;
            }
            Gen::Range {
                lo,
                hi,
                unit: Unit::Int,
            }
        }
        Dist::Years { oldest, newest } => {
            let year = 1970 + as_of / YEAR_S;
            let (lo, hi) = (year - i128::from(oldest), year - i128::from(newest));
            if scale > 0 || n.float || hi > thi || lo < tlo {
                return None;
            }
            Gen::Range {
                lo,
                hi,
                unit: Unit::Int,
            }
        }
        Dist::Epoch { moment, per_second } => {
            let hi = (as_of + YEAR_S) * i128::from(per_second);
            if scale > 0 || n.float || hi > thi {
                return None;
            }
            Gen::Epoch { moment, per_second }
        }
    })
}

/// A date or timestamp range from seconds.
fn temporal_range(class: TypeClass, lo: i128, hi: i128) -> Option<Gen> {
    Some(match class {
        TypeClass::Date => Gen::Range {
            lo: lo / DAY_S,
            hi: hi / DAY_S,
            unit: Unit::Date,
        },
        TypeClass::Timestamp => Gen::Range {
            lo,
            hi,
            unit: Unit::Seconds,
        },
        _ => return None,
    })
}

/// Generator names accepted in overrides, with what they need.
pub(super) const GENERATOR_NAMES: &[&str] = &[
    "int",
    "decimal",
    "float",
    "bool",
    "date",
    "time",
    "timestamp",
    "uuid",
    "json",
    "xml",
    "inet",
    "interval",
    "null",
    "serial",
    "birth_date",
    "created_at",
    "updated_at",
    "future_date",
    "price",
    "quantity",
    "age",
    "rating",
    "percentage",
    "latitude",
    "longitude",
    "year",
    "lorem",
];

fn all_generator_names() -> Vec<&'static str> {
    let mut v: Vec<&str> = GENERATOR_NAMES.to_vec();
    v.extend(Sem::ALL.iter().map(|s| s.name()));
    v.sort_unstable();
    v
}

/// Converts a JSON value into a cell of the column's type.
pub(super) fn json_to_slot(
    v: &serde_json::Value,
    t: &SqlType,
    class: TypeClass,
) -> std::result::Result<Slot, String> {
    let mut s = Slot::default();
    let bad = || format!("`{v}` is not a value of type {t}");
    match v {
        serde_json::Value::Null => s.set_null(),
        serde_json::Value::Bool(b) => s.val = Val::Bool(*b),
        serde_json::Value::Number(n) => match numeric(t, class) {
            Some(nm) if nm.float => s.val = Val::Float(n.as_f64().ok_or_else(bad)?),
            Some(nm) if nm.unit == Unit::Int => {
                let f = n.as_f64().ok_or_else(bad)?;
                let scaled = f * 10f64.powi(nm.scale as i32);
                // Distance to the nearest whole number: 4632.86 × 100 is 463285.99999….
                if (scaled - scaled.round()).abs() > 1e-6 * scaled.abs().max(1.0) {
                    return Err(format!("{f} has more decimals than type {t} allows"));
                }
                let v = scaled.round() as i128;
                if v < nm.lo || v > nm.hi {
                    return Err(format!("{f} is out of range for type {t}"));
                }
                s.val = Val::Int(v);
            }
            _ if class == TypeClass::Bool => s.val = Val::Bool(n.as_f64() != Some(0.0)),
            _ if matches!(class, TypeClass::Text | TypeClass::Other) => s.set_text(&n.to_string()),
            _ => return Err(bad()),
        },
        serde_json::Value::String(text) => match class {
            TypeClass::Date => s.val = Val::Date(calendar::parse_date(text).ok_or_else(bad)?),
            TypeClass::Timestamp => {
                s.val = Val::Timestamp(calendar::parse_timestamp(text).ok_or_else(bad)?)
            }
            TypeClass::Time => s.val = Val::Time(calendar::parse_time(text).ok_or_else(bad)?),
            TypeClass::Int(_) | TypeClass::Decimal | TypeClass::Float | TypeClass::Year => {
                let f: f64 = text.trim().parse().map_err(|_| bad())?;
                return json_to_slot(&serde_json::json!(f), t, class);
            }
            TypeClass::Bool => {
                s.val = Val::Bool(matches!(
                    text.to_ascii_lowercase().as_str(),
                    "true" | "t" | "1" | "yes" | "y"
                ))
            }
            TypeClass::Bytes => {
                s.val = Val::Bytes;
                s.bytes = text.as_bytes().to_vec();
            }
            _ => {
                if let Some(n) = t.length() {
                    if text.chars().count() as u64 > n {
                        return Err(format!("`{text}` is longer than {n} characters ({t})"));
                    }
                }
                s.set_text(text)
            }
        },
        _ => return Err(format!("{v} is not a scalar value")),
    }
    Ok(s)
}

pub(super) fn json_bound(
    v: &Option<serde_json::Value>,
    t: &SqlType,
    class: TypeClass,
    unit: Unit,
) -> std::result::Result<Option<i128>, String> {
    let Some(v) = v else { return Ok(None) };
    let s = json_to_slot(v, t, class)?;
    Ok(unit.get(&s))
}

/// The generator a user's setting asks for, or `None` when the setting only adjusts
/// (null rate, distribution, lengths).
pub(super) fn override_gen(
    cs: &ColumnSettings,
    t: &SqlType,
    class: TypeClass,
    col: &Column,
    dialect: Dialect,
    as_of: i64,
    base: Option<&Gen>,
) -> std::result::Result<Option<(Gen, String)>, String> {
    let set = [
        cs.value.is_some(),
        cs.values.is_some(),
        cs.sql.is_some(),
        cs.generator.is_some(),
        cs.derive.is_some(),
        cs.copy_from.is_some(),
    ];
    if set.iter().filter(|x| **x).count() > 1 {
        return Err(
            "give only one of `generator`, `value`, `values`, `sql`, `derive` and `copy_from`"
                .into(),
        );
    }
    if cs.value.is_some() || cs.values.is_some() {
        return listed_override(cs, t, class).map(Some);
    }
    if let Some(sql) = &cs.sql {
        return sql_override(sql, dialect).map(Some);
    }
    match (&cs.generator, &cs.distribution) {
        (Some(name), _) => named_generator(name, cs, t, class, col, dialect, as_of).map(Some),
        (None, Some(d)) => distributed(d, cs, t, class, base, as_of),
        (None, None) => adjusted_base(cs, t, class, base),
    }
}

/// `values` given with their weights: each key read as the column's type (numbers for a
/// numeric column), drawn with its share.
fn weighted_override(
    map: &std::collections::BTreeMap<String, f64>,
    t: &SqlType,
    class: TypeClass,
) -> std::result::Result<(Gen, String), String> {
    if map.is_empty() {
        return Err("`values` is empty".into());
    }
    let total: f64 = map.values().sum();
    if map.values().any(|w| !w.is_finite() || *w < 0.0) || total <= 0.0 {
        return Err("the weights of `values` must be non-negative numbers, not all 0".into());
    }
    let textual = matches!(class, TypeClass::Text | TypeClass::Enum | TypeClass::Other);
    let (mut items, mut cum, mut run) = (Vec::new(), Vec::new(), 0u64);
    for (k, w) in map {
        let v = match serde_json::from_str::<serde_json::Value>(k) {
            Ok(v) if !textual && (v.is_number() || v.is_boolean() || v.is_null()) => v,
            _ => serde_json::Value::String(k.clone()),
        };
        let share = ((w / total) * 1_000_000.0).round() as u64;
        if share == 0 {
            continue;
        }
        run += share;
        items.push(json_to_slot(&v, t, class)?);
        cum.push(run);
    }
    let n = items.len();
    Ok((
        Gen::Weighted { items, cum },
        format!("one of {n} weighted values"),
    ))
}

/// The generator a `distribution` setting asks for on a column that is not a foreign
/// key: a law within `min`/`max` (else the generator's own range, else the type's).
fn distributed(
    d: &Distribution,
    cs: &ColumnSettings,
    t: &SqlType,
    class: TypeClass,
    base: Option<&Gen>,
    as_of: i64,
) -> std::result::Result<Option<(Gen, String)>, String> {
    let Some(n) = numeric(t, class) else {
        return Err(format!(
            "a distribution needs a numeric or date column, not {t}"
        ));
    };
    let temporal = matches!(n.unit, Unit::Date | Unit::Seconds);
    let (blo, bhi) = match base {
        Some(Gen::Timeline { .. }) | None if temporal => {
            let now = if n.unit == Unit::Date {
                i128::from(as_of) / DAY_S
            } else {
                i128::from(as_of)
            };
            let year = if n.unit == Unit::Date { 365 } else { YEAR_S };
            (now - 3 * year, now)
        }
        // A normal or log-normal law sets its own centre: only the type bounds it.
        _ if matches!(
            d,
            Distribution::Normal { .. } | Distribution::LogNormal { .. }
        ) =>
        {
            (n.lo, n.hi)
        }
        _ => base
            .and_then(Gen::range)
            .map_or((n.lo, n.hi), |(a, b, _)| (a, b)),
    };
    let lo = json_bound(&cs.min, t, class, n.unit)?.unwrap_or(blo);
    let hi = json_bound(&cs.max, t, class, n.unit)?.unwrap_or(bhi);
    if lo > hi {
        return Err("`min` is above `max`".into());
    }
    let scale = if n.float {
        100.0
    } else {
        10f64.powi(n.scale as i32)
    };
    let (kind, name) = match d {
        Distribution::Uniform => return Ok(Some((Gen::Range { lo, hi, unit: n.unit }, "uniform".into()))),
        Distribution::Sequential => {
            return Err("`sequential` is for foreign keys; a number takes `uniform`, `normal`, `lognormal`, `zipf` or `seasonal`".into())
        }
        Distribution::Seasonal if temporal => (LawKind::Seasonal, "seasonal".to_string()),
        Distribution::Seasonal => return Err(format!("`seasonal` needs a date or timestamp column, not {t}")),
        _ if temporal => return Err("a date or timestamp column takes `uniform` or `seasonal`, not this distribution".into()),
        Distribution::Zipf { s } if s.is_finite() && *s > 0.0 => (LawKind::Zipf { s: *s }, format!("zipf(s={s})")),
        Distribution::Zipf { .. } => return Err("zipf needs a positive exponent `s`".into()),
        Distribution::Normal { mean, sd } if sd.is_finite() && *sd > 0.0 && mean.is_finite() => {
            (LawKind::Normal { mean: *mean, sd: *sd }, format!("normal(mean={mean}, sd={sd})"))
        }
        Distribution::Normal { .. } => return Err("normal needs a finite `mean` and a positive `sd`".into()),
        Distribution::LogNormal { median, sigma } => {
            let sigma = sigma.unwrap_or(0.75);
            if !(median.is_finite() && *median > 0.0 && sigma.is_finite() && sigma > 0.0) {
                return Err("lognormal needs a positive `median` and a positive `sigma`".into());
            }
            (
                LawKind::LogNormal { mu: crate::random::laws::ln(*median), sigma },
                format!("lognormal(median={median}, sigma={sigma})"),
            )
        }
    };
    let law = Law {
        kind,
        lo,
        hi,
        scale: if temporal { 1.0 } else { scale },
        unit: n.unit,
        float: n.float,
    };
    Ok(Some((Gen::Law(law), name)))
}

/// `value` (a constant) or `values` (a list, drawn or in turn).
fn listed_override(
    cs: &ColumnSettings,
    t: &SqlType,
    class: TypeClass,
) -> std::result::Result<(Gen, String), String> {
    if let Some(v) = &cs.value {
        let s = json_to_slot(v, t, class)?;
        return Ok((
            Gen::Values {
                items: vec![s],
                cycle: true,
            },
            format!("constant {v}"),
        ));
    }
    if let Some(Values::Weighted(map)) = &cs.values {
        return weighted_override(map, t, class);
    }
    if let Some(Values::List(vs)) = &cs.values {
        if vs.is_empty() {
            return Err("`values` is empty".into());
        }
        let items = vs
            .iter()
            .map(|v| json_to_slot(v, t, class))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let cycle = cs.cycle.unwrap_or(false);
        return Ok((
            Gen::Values { items, cycle },
            format!(
                "{} of {} values",
                if cycle { "in turn" } else { "one" },
                vs.len()
            ),
        ));
    }
    Err("neither `value` nor `values` is set".into())
}

/// `sql`: the expression for the output's dialect, written as it is.
fn sql_override(
    sql: &std::collections::BTreeMap<String, String>,
    dialect: Dialect,
) -> std::result::Result<(Gen, String), String> {
    let key = dialect.to_string().to_ascii_lowercase();
    let expr = sql
        .iter()
        .find(|(k, _)| {
            Dialect::from_name(k).is_some_and(|d| d == dialect) || k.to_ascii_lowercase() == key
        })
        .map(|(_, v)| v.clone())
        .ok_or_else(|| format!("`sql` has no expression for the {dialect} dialect"))?;
    Ok((Gen::RawSql(expr.clone()), format!("SQL `{expr}`")))
}

/// Only bounds or lengths: the base generator adjusted, or `None` to keep it.
fn adjusted_base(
    cs: &ColumnSettings,
    t: &SqlType,
    class: TypeClass,
    base: Option<&Gen>,
) -> std::result::Result<Option<(Gen, String)>, String> {
    let numeric_shape = numeric(t, class);
    if cs.min.is_some() || cs.max.is_some() {
        let Some(n) = numeric_shape else {
            return Err(format!(
                "`min`/`max` need a numeric or date column, not {t}"
            ));
        };
        let lo = json_bound(&cs.min, t, class, n.unit)?;
        let hi = json_bound(&cs.max, t, class, n.unit)?;
        if n.float {
            let lo = cs.min.as_ref().and_then(|v| v.as_f64()).unwrap_or(0.0);
            let hi = cs.max.as_ref().and_then(|v| v.as_f64()).unwrap_or(1000.0);
            return Ok(Some((Gen::Float { lo, hi }, format!("float {lo}..{hi}"))));
        }
        let (blo, bhi) = match base.and_then(Gen::range) {
            Some((lo, hi, _)) => (lo, hi),
            _ => (n.lo, n.hi),
        };
        let (lo, hi) = (lo.unwrap_or(blo), hi.unwrap_or(bhi));
        if lo > hi {
            return Err("`min` is above `max`".to_string());
        }
        return Ok(Some((
            Gen::Range {
                lo,
                hi,
                unit: n.unit,
            },
            "range".into(),
        )));
    }
    if cs.min_length.is_some() || cs.max_length.is_some() {
        if let Some(Gen::Text(tg)) = base {
            let mut tg = tg.clone();
            limit_lengths(&mut tg, cs)?;
            return Ok(Some((Gen::Text(tg), "text".into())));
        }
        return Err(format!(
            "`min_length`/`max_length` need a text column, not {t}"
        ));
    }
    Ok(None)
}

/// A generator named in `generator`: a semantic text, a named number or date, or one of
/// the type generators.
fn named_generator(
    name: &str,
    cs: &ColumnSettings,
    t: &SqlType,
    class: TypeClass,
    col: &Column,
    dialect: Dialect,
    as_of: i64,
) -> std::result::Result<(Gen, String), String> {
    let n = name;
    if let Some(sem) = Sem::ALL.iter().find(|s| s.name() == n) {
        if !matches!(class, TypeClass::Text | TypeClass::Other | TypeClass::Enum) {
            return Err(format!(
                "generator `{n}` writes text, but the column is {t}"
            ));
        }
        let mut tg = text_gen(*sem, t, col);
        limit_lengths(&mut tg, cs)?;
        return Ok((Gen::Text(tg), n.to_string()));
    }
    let hint = match n {
        "price" | "quantity" | "age" | "rating" | "percentage" | "latitude" | "longitude" => {
            let (lo, hi) = match n {
                "price" => (1.0, 1000.0),
                "quantity" => (1.0, 100.0),
                "age" => (18.0, 90.0),
                "rating" => (1.0, 5.0),
                "percentage" => (0.0, 1.0),
                "latitude" => (-90.0, 90.0),
                _ => (-180.0, 180.0),
            };
            Some(Hint::Number {
                name: GENERATOR_NAMES
                    .iter()
                    .find(|x| **x == n)
                    .copied()
                    .unwrap_or("number"),
                lo,
                hi,
            })
        }
        "birth_date" => Some(Hint::BirthDate),
        "created_at" => Some(Hint::Timeline(Moment::Created)),
        "updated_at" => Some(Hint::Timeline(Moment::Updated)),
        "future_date" => Some(Hint::Recent {
            name: "future_date",
            years: -2.0,
        }),
        _ => None,
    };
    if let Some(h) = hint {
        return apply_hint(h, t, class, col, as_of)
            .ok_or_else(|| format!("generator `{n}` does not fit a column of type {t}"));
    }
    let fits = |ok: bool| {
        if ok {
            Ok(())
        } else {
            Err(format!("generator `{n}` does not fit a column of type {t}"))
        }
    };
    let g = match n {
        "null" => {
            if !col.nullable {
                return Err("generator `null` needs a nullable column".into());
            }
            Gen::Null
        }
        "lorem" => {
            fits(class == TypeClass::Text)?;
            Gen::Text(text_gen(Sem::Sentence, t, col))
        }
        "uuid" => {
            fits(matches!(class, TypeClass::Uuid | TypeClass::Text))?;
            Gen::Uuid {
                unique: false,
                key: 0,
            }
        }
        "json" => Gen::Json,
        "xml" => Gen::Xml,
        "inet" => Gen::Inet,
        "interval" => Gen::Interval,
        "bool" => {
            fits(class == TypeClass::Bool)?;
            Gen::Bool { p: 0.5 }
        }
        "serial" => {
            fits(matches!(class, TypeClass::Int(_) | TypeClass::Decimal))?;
            Gen::Serial { start: 1 }
        }
        "int" | "decimal" | "float" | "date" | "time" | "timestamp" | "year" => {
            number_generator(n, cs, t, class, col, dialect, as_of)?
        }
        _ => {
            return Err(format!(
                "unknown generator `{n}`; known generators: {}",
                all_generator_names().join(", ")
            ))
        }
    };
    Ok((g, n.to_string()))
}

/// `int`, `decimal`, `float`, `date`, `time`, `timestamp`, `year`: the type's default
/// range within `min` and `max`.
fn number_generator(
    n: &str,
    cs: &ColumnSettings,
    t: &SqlType,
    class: TypeClass,
    col: &Column,
    dialect: Dialect,
    as_of: i64,
) -> std::result::Result<Gen, String> {
    let Some(nm) = numeric(t, class) else {
        return Err(format!("generator `{n}` does not fit a column of type {t}"));
    };
    if nm.float {
        let lo = cs.min.as_ref().and_then(|v| v.as_f64()).unwrap_or(0.0);
        let hi = cs.max.as_ref().and_then(|v| v.as_f64()).unwrap_or(1000.0);
        return Ok(Gen::Float { lo, hi });
    }
    let (dlo, dhi) = match type_default(col, t, &Schema::new(None), dialect, as_of) {
        Some((Gen::Range { lo, hi, .. }, _)) => (lo, hi),
        _ => (nm.lo, nm.hi),
    };
    let lo = json_bound(&cs.min, t, class, nm.unit)?.unwrap_or(dlo);
    let hi = json_bound(&cs.max, t, class, nm.unit)?.unwrap_or(dhi);
    if lo > hi {
        return Err("`min` is above `max`".into());
    }
    if lo < nm.lo || hi > nm.hi {
        return Err(format!("`min`/`max` go beyond what type {t} holds"));
    }
    Ok(Gen::Range {
        lo,
        hi,
        unit: nm.unit,
    })
}

fn limit_lengths(tg: &mut TextGen, cs: &ColumnSettings) -> std::result::Result<(), String> {
    if let Some(m) = cs.max_length {
        if m > tg.max_len {
            return Err(format!(
                "`max_length` {m} is more than the column's length {}",
                tg.max_len
            ));
        }
        tg.max_len = m;
    }
    if let Some(m) = cs.min_length {
        if m > tg.max_len {
            return Err(format!(
                "`min_length` {m} is more than the longest allowed, {}",
                tg.max_len
            ));
        }
        tg.min_len = m;
    }
    Ok(())
}

/// A CHECK bound in the generator's unit: `(value, value_is_exact)`.
fn bound_in(v: &V, n: &Numeric, lower: bool, strict: bool) -> Option<i128> {
    let m = 10f64.powi(n.scale as i32);
    let (x, step): (f64, i128) = match (v, n.unit) {
        (V::Num(x), Unit::Int) => (x * m, 1),
        (V::Date(d), Unit::Date) => (*d as f64, 1),
        (V::Ts(t), Unit::Date) => ((*t as f64) / DAY_US as f64, 1),
        (V::Str(s), Unit::Date) => (calendar::parse_date(s)? as f64, 1),
        (V::Date(d), Unit::Seconds) => ((d * 86_400) as f64, 1),
        (V::Ts(t), Unit::Seconds) => ((*t as f64) / 1e6, 1),
        (V::Str(s), Unit::Seconds) => (calendar::parse_timestamp(s)? as f64 / 1e6, 1),
        (V::Time(t), Unit::TimeOfDay) => ((*t as f64) / 1e6, 1),
        (V::Str(s), Unit::TimeOfDay) => (calendar::parse_time(s)? as f64 / 1e6, 1),
        _ => return None,
    };
    Some(if lower {
        let c = x.ceil() as i128;
        if strict && (c as f64) == x {
            c + step
        } else {
            c
        }
    } else {
        let f = x.floor() as i128;
        if strict && (f as f64) == x {
            f - step
        } else {
            f
        }
    })
}

/// Bounds collected from the CHECKs on one column.
#[derive(Debug, Default, Clone)]
pub(super) struct Limits {
    pub lo: Option<i128>,
    pub hi: Option<i128>,
    pub flo: Option<f64>,
    pub fhi: Option<f64>,
    pub values: Option<Vec<V>>,
    pub min_len: Option<u64>,
    pub max_len: Option<u64>,
    pub prefix: Option<String>,
    pub pattern: Option<crate::expr::pattern::Pattern>,
    /// The column must hold JSON (`json_valid(col)`).
    pub json: bool,
}

impl Limits {
    /// Folds one narrowing into the limits.
    pub fn add(&mut self, n: &Narrow, shape: Option<&Numeric>) {
        match n {
            Narrow::Lower { v, strict, .. } | Narrow::Upper { v, strict, .. } => {
                let lower = matches!(n, Narrow::Lower { .. });
                let Some(shape) = shape else { return };
                if shape.float {
                    if let V::Num(x) = v {
                        let x = if *strict {
                            if lower {
                                x + 0.01
                            } else {
                                x - 0.01
                            }
                        } else {
                            *x
                        };
                        if lower {
                            self.flo = Some(self.flo.map_or(x, |a| a.max(x)));
                        } else {
                            self.fhi = Some(self.fhi.map_or(x, |a| a.min(x)));
                        }
                    }
                    return;
                }
                if let Some(b) = bound_in(v, shape, lower, *strict) {
                    if lower {
                        self.lo = Some(self.lo.map_or(b, |a| a.max(b)));
                    } else {
                        self.hi = Some(self.hi.map_or(b, |a| a.min(b)));
                    }
                }
            }
            Narrow::In { values, .. } => {
                self.values = Some(match self.values.take() {
                    None => values.clone(),
                    Some(old) => old.into_iter().filter(|x| values.contains(x)).collect(),
                });
            }
            Narrow::Length { min, max, .. } => {
                if let Some(m) = min {
                    self.min_len = Some(self.min_len.map_or(*m, |a| a.max(*m)));
                }
                if let Some(m) = max {
                    self.max_len = Some(self.max_len.map_or(*m, |a| a.min(*m)));
                }
            }
            Narrow::Prefix { prefix, .. } => self.prefix = Some(prefix.clone()),
            Narrow::Pattern { pattern, .. } => self.pattern = Some(pattern.clone()),
            Narrow::Json { .. } => self.json = true,
            Narrow::Order { .. } => {}
        }
    }

    /// Whether any limit was found.
    pub fn is_empty(&self) -> bool {
        self.lo.is_none()
            && self.hi.is_none()
            && self.flo.is_none()
            && self.fhi.is_none()
            && self.values.is_none()
            && self.min_len.is_none()
            && self.max_len.is_none()
            && self.prefix.is_none()
            && self.pattern.is_none()
            && !self.json
    }
}

/// A CHECK's list value as a cell of the column's type.
fn v_to_slot(v: &V, t: &SqlType, class: TypeClass) -> Option<Slot> {
    let json = match v {
        V::Num(x) => serde_json::json!(x),
        V::Str(s) => serde_json::json!(s),
        V::Bool(b) => serde_json::json!(b),
        V::Date(d) => {
            let mut s = String::new();
            calendar::write_date(*d, &mut s);
            serde_json::json!(s)
        }
        V::Ts(t) => {
            let mut s = String::new();
            calendar::write_timestamp(*t, &mut s);
            serde_json::json!(s)
        }
        _ => return None,
    };
    json_to_slot(&json, t, class).ok()
}

/// A DEFAULT that is a constant (a literal, maybe cast or negated: `'x'::mood`, `-1`,
/// `'{}'::jsonb`), as a cell of the column's type; `None` for an expression the
/// database computes (`now()`, `nextval(…)`, `gen_random_uuid()`).
pub(super) fn constant_default(
    default: &str,
    t: &SqlType,
    class: TypeClass,
    dialect: Dialect,
) -> Option<Slot> {
    use sqlparser::ast::{Expr, UnaryOperator, Value};
    let d = dialect.parser_dialect();
    let expr = sqlparser::parser::Parser::new(&*d)
        .try_with_sql(default)
        .ok()?
        .parse_expr()
        .ok()?;
    fn literal(e: &Expr) -> Option<String> {
        match e {
            Expr::Value(v) => match &v.value {
                Value::SingleQuotedString(s) | Value::DoubleQuotedString(s) => Some(s.clone()),
                Value::EscapedStringLiteral(s) | Value::NationalStringLiteral(s) => Some(s.clone()),
                Value::Number(n, _) => Some(n.clone()),
                Value::Boolean(b) => Some(b.to_string()),
                _ => None,
            },
            Expr::Cast { expr, .. } | Expr::Nested(expr) => literal(expr),
            Expr::UnaryOp {
                op: UnaryOperator::Minus,
                expr,
            } => literal(expr).map(|n| format!("-{n}")),
            _ => None,
        }
    }
    let text = literal(&expr)?;
    match class {
        TypeClass::Other | TypeClass::Composite | TypeClass::Text | TypeClass::Extension => {
            let mut s = Slot::default();
            s.set_text(&text);
            Some(s)
        }
        _ => json_to_slot(&serde_json::Value::String(text), t, class).ok(),
    }
}

/// Narrows `gen` by `limits`; `Err` names what cannot be satisfied.
pub(super) fn narrow(
    gen: Gen,
    limits: &Limits,
    t: &SqlType,
    class: TypeClass,
    shape: Option<&Numeric>,
    as_of: i64,
) -> std::result::Result<Gen, String> {
    if let Some(values) = &limits.values {
        let mut items: Vec<Slot> = values
            .iter()
            .filter_map(|v| v_to_slot(v, t, class))
            .collect();
        if let Some(n) = shape {
            items.retain(|s| {
                let v = n.unit.get(s);
                v.is_none_or(|v| {
                    limits.lo.is_none_or(|l| v >= l) && limits.hi.is_none_or(|h| v <= h)
                })
            });
        }
        if items.is_empty() {
            return Err(format!(
                "no value of the CHECK's list fits type {t} and the other limits"
            ));
        }
        return Ok(weighed_like(items, &gen));
    }
    if limits.json && matches!(class, TypeClass::Text | TypeClass::Json | TypeClass::Other) {
        return Ok(match gen {
            Gen::Keyed { .. } | Gen::Json | Gen::Document(_) => gen,
            _ => Gen::Json,
        });
    }
    // A code whose format the pattern accepts keeps its check digits.
    if let (Some(p), Gen::Text(tg)) = (&limits.pattern, &gen) {
        let examples = tg.sem.examples();
        if !examples.is_empty() && examples.iter().all(|e| p.matches(e)) {
            return Ok(gen);
        }
    }
    if let Some(p) = &limits.pattern {
        // An unbounded column takes what the pattern asks for (`{43,128}` needs 43).
        let (min, longest) = p.lengths();
        let max_len = t
            .length()
            .unwrap_or(longest.max(20))
            .min(limits.max_len.unwrap_or(u64::MAX));
        if min > max_len {
            return Err(format!(
                "the CHECK's pattern needs at least {min} characters but the column allows {max_len}"
            ));
        }
        return Ok(Gen::Pattern {
            pattern: p.clone(),
            max_len,
        });
    }
    match gen {
        Gen::Range { lo, hi, unit } if shape.is_some() => {
            narrow_range(lo, hi, unit, limits, shape.expect("checked"))
        }
        Gen::Skewed(k) if shape.is_some() => {
            let (lo, hi) = (
                k.lo.max(limits.lo.unwrap_or(i128::MIN)),
                k.hi.min(limits.hi.unwrap_or(i128::MAX)),
            );
            if lo <= hi && (lo as f64) < k.median && k.median < hi as f64 {
                Ok(Gen::Skewed(Skewed { lo, hi, ..k }))
            } else {
                narrow_range(k.lo, k.hi, k.unit, limits, shape.expect("checked"))
            }
        }
        Gen::Weighted { items, cum } if limits.lo.is_some() || limits.hi.is_some() => {
            narrow_weighted(items, cum, limits, shape)
        }
        Gen::Timeline { date, .. } if limits.lo.is_some() || limits.hi.is_some() => {
            let n = shape.expect("temporal shape");
            let year = if date { 365 } else { YEAR_S };
            let now = if date {
                i128::from(as_of) / DAY_S
            } else {
                i128::from(as_of)
            };
            narrow(
                Gen::Range {
                    lo: now - 3 * year,
                    hi: now,
                    unit: n.unit,
                },
                limits,
                t,
                class,
                shape,
                as_of,
            )
        }
        Gen::Bytes { min, max } if limits.min_len.is_some() || limits.max_len.is_some() => {
            let hi = limits
                .max_len
                .map_or(max, |m| m.min(t.length().unwrap_or(m)));
            let lo = limits.min_len.map_or(min.min(hi), |m| m.max(min.min(hi)));
            if lo > hi {
                return Err(format!(
                    "the CHECKs need at least {lo} bytes but allow at most {hi}"
                ));
            }
            Ok(Gen::Bytes { min: lo, max: hi })
        }
        Gen::Float { lo, hi } => narrow_float(lo, hi, limits),
        Gen::Text(tg) => narrow_text(tg, limits),
        other => Ok(other),
    }
}

/// A vocabulary's labels that fit the column, with their weights; in a column too short
/// for every label (`status char(1)`), their capitalised abbreviations (`A`, `I`, `P`),
/// the weights of labels that share one added up.
fn labels_gen(words: &[(&str, u32)], t: &SqlType) -> Option<(Gen, String)> {
    let room = t.length().unwrap_or(u64::MAX);
    let mut chosen: Vec<(String, u64)> = words
        .iter()
        .filter(|(w, _)| w.chars().count() as u64 <= room)
        .map(|(w, n)| (w.to_string(), u64::from(*n)))
        .collect();
    let mut how = "labels";
    if chosen.is_empty() && room >= 1 {
        how = "abbreviated labels";
        for (w, n) in words {
            let short: String = w
                .chars()
                .take(room as usize)
                .collect::<String>()
                .to_uppercase();
            match chosen.iter_mut().find(|(s, _)| *s == short) {
                Some((_, total)) => *total += u64::from(*n),
                None => chosen.push((short, u64::from(*n))),
            }
        }
    }
    if chosen.is_empty() {
        return None;
    }
    let mut items = Vec::with_capacity(chosen.len());
    let mut cum = Vec::with_capacity(chosen.len());
    let mut total = 0;
    for (w, n) in &chosen {
        items.push(Slot::of_text(w));
        total += n;
        cum.push(total);
    }
    let n = items.len();
    Some((Gen::Weighted { items, cum }, format!("one of {n} {how}")))
}

/// A list of labels with no known shares (a CHECK's `IN` list, an enum the vocabularies
/// do not know), drawn with shares that fall with the label's place in the list, as a
/// Zipf law of exponent 1.1 (data version 2): 56%, 26%, 17% for three labels. Other
/// generators are returned as they are.
pub(super) fn skewed(gen: Gen) -> Gen {
    let items: Vec<Slot> = match gen {
        Gen::Values {
            items,
            cycle: false,
        } if items.len() > 1 => items,
        Gen::Enum(labels) if labels.len() > 1 => labels.iter().map(|l| Slot::of_text(l)).collect(),
        other => return other,
    };
    let mut total = 0;
    let cum = (0..items.len())
        .map(|k| {
            total += (1000.0 / ((k + 1) as f64).powf(1.1)).round() as u64;
            total
        })
        .collect();
    Gen::Weighted { items, cum }
}

/// A CHECK's or an enum's list of `items`, drawn with the weights a vocabulary gives the
/// same labels when `like` is one (`Gen::Weighted`, data version 2: most orders
/// `delivered`), else uniformly. Labels the vocabulary lacks get its smallest weight;
/// when it knows none of them, their shares fall with their order ([`skewed`]).
pub(super) fn weighed_like(items: Vec<Slot>, like: &Gen) -> Gen {
    let Gen::Weighted { items: vocab, cum } = like else {
        return Gen::Values {
            items,
            cycle: false,
        };
    };
    if !items.iter().any(|i| vocab.iter().any(|v| v.same(i))) {
        // The vocabulary knows none of these labels: shares by their order.
        return skewed(Gen::Values {
            items,
            cycle: false,
        });
    }
    let weights: Vec<u64> = cum
        .iter()
        .scan(0, |prev, &c| {
            let w = c - *prev;
            *prev = c;
            Some(w)
        })
        .collect();
    let smallest = weights.iter().copied().min().unwrap_or(1).max(1);
    let mut total = 0;
    let mut out = Vec::with_capacity(items.len());
    for item in &items {
        let w = vocab
            .iter()
            .position(|v| v.same(item))
            .map_or(smallest, |k| weights[k]);
        total += w;
        out.push(total);
    }
    Gen::Weighted { items, cum: out }
}

/// A weighted list of numbers (ratings, integer flags) without the items the CHECKs'
/// bounds leave out.
fn narrow_weighted(
    items: Vec<Slot>,
    cum: Vec<u64>,
    limits: &Limits,
    shape: Option<&Numeric>,
) -> std::result::Result<Gen, String> {
    let (lo, hi) = (
        limits.lo.unwrap_or(i128::MIN),
        limits.hi.unwrap_or(i128::MAX),
    );
    let (mut kept, mut out, mut prev, mut total) = (Vec::new(), Vec::new(), 0, 0);
    for (item, c) in items.into_iter().zip(cum) {
        let w = c - prev;
        prev = c;
        let inside = match item.val {
            Val::Int(v) => (lo..=hi).contains(&v),
            _ => true,
        };
        if inside {
            total += w;
            kept.push(item);
            out.push(total);
        }
    }
    match (kept.is_empty(), shape) {
        (false, _) => {}
        (true, Some(n)) => return narrow_range(n.lo, n.hi, n.unit, limits, n),
        (true, None) => return Err("the CHECKs leave none of the column's values".into()),
    }
    Ok(Gen::Weighted {
        items: kept,
        cum: out,
    })
}

/// An integer, decimal or date range within the CHECKs' bounds; when the two do not
/// meet, the CHECKs win, within the type.
fn narrow_range(
    lo: i128,
    hi: i128,
    unit: Unit,
    limits: &Limits,
    n: &Numeric,
) -> std::result::Result<Gen, String> {
    let (clo, chi) = (
        limits.lo.unwrap_or(i128::MIN),
        limits.hi.unwrap_or(i128::MAX),
    );
    let (a, b) = (lo.max(clo), hi.min(chi));
    if a <= b {
        return Ok(Gen::Range { lo: a, hi: b, unit });
    }
    // The hint's range and the CHECK disagree: the CHECK wins, within the type.
    let (a, b) = (n.lo.max(clo), n.hi.min(chi));
    if a > b {
        return Err(format!(
            "the CHECKs allow no value: at least {} and at most {}",
            show(clo, n),
            show(chi, n)
        ));
    }
    let width = (b - a).min(1000 * 10i128.pow(n.scale));
    let (a, b) = if limits.lo.is_some() || limits.hi.is_none() {
        (a, a + width)
    } else {
        (b - width, b)
    };
    Ok(Gen::Range { lo: a, hi: b, unit })
}

/// A float range within the CHECKs' bounds.
fn narrow_float(lo: f64, hi: f64, limits: &Limits) -> std::result::Result<Gen, String> {
    let (a, b) = (
        lo.max(limits.flo.unwrap_or(f64::MIN)),
        hi.min(limits.fhi.unwrap_or(f64::MAX)),
    );
    if a <= b {
        return Ok(Gen::Float { lo: a, hi: b });
    }
    let (a, b) = (
        limits.flo.unwrap_or(b - 1000.0),
        limits.fhi.unwrap_or(a + 1000.0),
    );
    if a > b {
        return Err(format!(
            "the CHECKs allow no value: at least {a} and at most {b}"
        ));
    }
    Ok(Gen::Float { lo: a, hi: b })
}

/// Text within the CHECKs' lengths and `LIKE` prefix.
fn narrow_text(mut tg: TextGen, limits: &Limits) -> std::result::Result<Gen, String> {
    if let Some(m) = limits.max_len {
        tg.max_len = tg.max_len.min(m);
    }
    if let Some(m) = limits.min_len {
        tg.min_len = tg.min_len.max(m);
    }
    if let Some(p) = &limits.prefix {
        tg.prefix = p.clone();
    }
    if tg.min_len > tg.max_len {
        return Err(format!(
            "the CHECKs need at least {} characters but allow at most {}",
            tg.min_len, tg.max_len
        ));
    }
    if tg.prefix.chars().count() as u64 > tg.max_len {
        return Err(format!(
            "the LIKE prefix `{}` is longer than the column allows",
            tg.prefix
        ));
    }
    Ok(Gen::Text(tg))
}

fn show(v: i128, n: &Numeric) -> String {
    match n.unit {
        Unit::Int if n.scale > 0 => format!("{}", v as f64 / 10f64.powi(n.scale as i32)),
        Unit::Date => {
            let mut s = String::new();
            calendar::write_date(v as i64, &mut s);
            s
        }
        Unit::Seconds => {
            let mut s = String::new();
            calendar::write_timestamp(v as i64 * 1_000_000, &mut s);
            s
        }
        _ => v.to_string(),
    }
}

/// The hint for a column, when its name gives one.
pub(super) fn hint_for(
    table: &str,
    col: &Column,
    class: TypeClass,
) -> Option<(Hint, &'static str)> {
    infer::hint(table, &col.name, class)
}

/// The vocabulary a categorical column's name and table say it holds (data version 2).
pub(super) fn vocabulary_for(
    table: &str,
    col: &Column,
    class: TypeClass,
) -> Option<(Hint, &'static str)> {
    infer::vocabulary(table, &col.name, class)
}
