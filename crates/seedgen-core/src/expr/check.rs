//! CHECK constraints: what they say about each column (for narrowing generators), and
//! their value on a generated row (for the final guard).
//!
//! The evaluator follows SQL's three-valued logic: a CHECK fails only when it is FALSE.
//! Expressions outside what it understands evaluate to [`V::Unknown`], and the plan lists
//! such CHECKs as "not evaluated" so the user knows which ones rest on narrowing alone.

use sqlparser::ast::{
    BinaryOperator, CastKind, Expr, FunctionArg, FunctionArgExpr, FunctionArguments, InTarget,
    UnaryOperator, Value,
};

use super::pattern::{like, like_prefix, Pattern};
use crate::calendar::{self, DAY_US};

/// A value during evaluation.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum V {
    /// SQL NULL.
    Null,
    /// Outside what the evaluator understands.
    Unknown,
    /// A boolean.
    Bool(bool),
    /// A number.
    Num(f64),
    /// Text.
    Str(String),
    /// Days since the epoch.
    Date(i64),
    /// Microseconds since the epoch.
    Ts(i64),
    /// Microseconds of a day.
    Time(i64),
    /// An interval: months and microseconds.
    Interval(i64, i64),
    /// Bytes, of which only the length matters to the CHECKs seedgen reads.
    Bytes(usize),
}

impl std::fmt::Display for V {
    /// The value as SQL writes it (`NULL`, `'text'`, `DATE '2024-01-31'`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = String::new();
        match self {
            V::Null => f.write_str("NULL"),
            V::Unknown => f.write_str("(a value seedgen does not read)"),
            V::Bool(b) => f.write_str(if *b { "TRUE" } else { "FALSE" }),
            V::Num(n) => write!(f, "{n}"),
            V::Str(t) => write!(f, "'{}'", t.replace('\'', "''")),
            V::Date(d) => {
                calendar::write_date(*d, &mut s);
                write!(f, "DATE '{s}'")
            }
            V::Ts(t) => {
                calendar::write_timestamp(*t, &mut s);
                write!(f, "TIMESTAMP '{s}'")
            }
            V::Time(t) => {
                calendar::write_time(*t, &mut s);
                write!(f, "TIME '{s}'")
            }
            V::Interval(m, us) => write!(f, "INTERVAL '{m} months {} seconds'", us / 1_000_000),
            V::Bytes(n) => write!(f, "({n} bytes)"),
        }
    }
}

/// Whether `e` depends on its columns only through whether they are NULL (`a IS NULL`,
/// `b IS NOT NULL`, `num_nonnulls(a, b)`, combined with logic, comparisons and
/// arithmetic): such a CHECK fixes which columns may be NULL together. Returns the
/// columns it names.
pub fn null_pattern_columns(e: &Expr) -> Option<Vec<String>> {
    fn col(e: &Expr) -> Option<String> {
        match e {
            Expr::Identifier(id) => Some(id.value.clone()),
            Expr::CompoundIdentifier(ids) => ids.last().map(|i| i.value.clone()),
            Expr::Nested(e) => col(e),
            _ => None,
        }
    }
    fn walk(e: &Expr, out: &mut Vec<String>) -> bool {
        match e {
            Expr::IsNull(x) | Expr::IsNotNull(x) => match col(x) {
                Some(c) => {
                    out.push(c);
                    true
                }
                None => false,
            },
            Expr::Nested(x) | Expr::UnaryOp { expr: x, .. } | Expr::Cast { expr: x, .. } => {
                walk(x, out)
            }
            Expr::IsTrue(x) | Expr::IsFalse(x) | Expr::IsNotTrue(x) | Expr::IsNotFalse(x) => {
                walk(x, out)
            }
            Expr::BinaryOp { left, right, .. } => walk(left, out) && walk(right, out),
            Expr::Value(_) => true,
            Expr::Function(f) => {
                let name = f.name.to_string().to_ascii_lowercase();
                if !matches!(name.as_str(), "num_nulls" | "num_nonnulls") {
                    return false;
                }
                let FunctionArguments::List(l) = &f.args else {
                    return false;
                };
                l.args.iter().all(|a| match a {
                    FunctionArg::Unnamed(FunctionArgExpr::Expr(x)) => match col(x) {
                        Some(c) => {
                            out.push(c);
                            true
                        }
                        None => false,
                    },
                    _ => false,
                })
            }
            _ => false,
        }
    }
    let mut out = Vec::new();
    if !walk(e, &mut out) || out.is_empty() {
        return None;
    }
    out.sort();
    out.dedup();
    Some(out)
}

/// What the evaluator needs from its surroundings.
pub trait Env {
    /// The value of a column of the row (names compared case-insensitively by the caller);
    /// `None` when the name is not a column.
    fn column(&self, name: &str) -> Option<V>;
    /// "now", in microseconds since the epoch (the plan's `as_of`).
    fn now(&self) -> i64;
    /// The value of a scalar subquery (`(SELECT …)`); unknown unless the environment
    /// can answer it.
    fn subquery(&self, _query: &sqlparser::ast::Query) -> V {
        V::Unknown
    }
}

/// Evaluates `e`.
pub fn eval(e: &Expr, env: &dyn Env) -> V {
    match e {
        Expr::Identifier(id) => env.column(&id.value).unwrap_or(V::Unknown),
        Expr::CompoundIdentifier(ids) => ids
            .last()
            .and_then(|id| env.column(&id.value))
            .unwrap_or(V::Unknown),
        Expr::Value(v) => literal(&v.value),
        Expr::Nested(e) => eval(e, env),
        Expr::TypedString(ts) => cast(
            literal(&ts.value.value),
            &ts.data_type.to_string().to_ascii_lowercase(),
        ),
        Expr::Cast {
            kind: CastKind::Cast | CastKind::DoubleColon | CastKind::TryCast | CastKind::SafeCast,
            expr,
            data_type,
            ..
        } => cast(eval(expr, env), &data_type.to_string().to_ascii_lowercase()),
        Expr::Interval(iv) => {
            let text = match eval(&iv.value, env) {
                V::Str(s) => s,
                V::Num(n) => n.to_string(),
                _ => return V::Unknown,
            };
            let text = match &iv.leading_field {
                Some(f) => format!("{text} {f}"),
                None => text,
            };
            parse_interval(&text).map_or(V::Unknown, |(m, us)| V::Interval(m, us))
        }
        Expr::UnaryOp { op, expr } => match (op, eval(expr, env)) {
            (UnaryOperator::Minus, V::Num(n)) => V::Num(-n),
            (UnaryOperator::Plus, v @ V::Num(_)) => v,
            (UnaryOperator::Not, V::Bool(b)) => V::Bool(!b),
            (UnaryOperator::Not, V::Null) => V::Null,
            _ => V::Unknown,
        },
        Expr::IsNull(e) => match eval(e, env) {
            V::Unknown => V::Unknown,
            v => V::Bool(v == V::Null),
        },
        Expr::IsNotNull(e) => match eval(e, env) {
            V::Unknown => V::Unknown,
            v => V::Bool(v != V::Null),
        },
        Expr::BinaryOp { left, op, right } => binary(eval(left, env), op, eval(right, env)),
        Expr::Between {
            expr,
            negated,
            low,
            high,
        } => {
            let v = eval(expr, env);
            let r = and(
                binary(v.clone(), &BinaryOperator::GtEq, eval(low, env)),
                binary(v, &BinaryOperator::LtEq, eval(high, env)),
            );
            if *negated {
                not(r)
            } else {
                r
            }
        }
        Expr::In {
            expr,
            target: InTarget::List(list),
            negated,
            ..
        } => {
            let r = in_list(eval(expr, env), list.iter().map(|x| eval(x, env)));
            if *negated {
                not(r)
            } else {
                r
            }
        }
        Expr::AnyOp {
            left,
            compare_op,
            right,
            ..
        } => {
            let Some(items) = array_items(right) else {
                return V::Unknown;
            };
            let l = eval(left, env);
            items.iter().fold(V::Bool(false), |acc, x| {
                or(acc, binary(l.clone(), compare_op, eval(x, env)))
            })
        }
        Expr::Like {
            negated,
            any: false,
            expr,
            pattern,
            escape_char: None,
        } => match (eval(expr, env), eval(pattern, env)) {
            (V::Null, _) | (_, V::Null) => V::Null,
            (V::Str(s), V::Str(p)) => V::Bool(like(&s, &p) != *negated),
            _ => V::Unknown,
        },
        Expr::RLike {
            negated,
            expr,
            pattern,
            ..
        } => regex(eval(expr, env), eval(pattern, env), *negated),
        Expr::Function(f) => function(f, env),
        Expr::Subquery(q) => env.subquery(q),
        _ => V::Unknown,
    }
}

fn regex(s: V, p: V, negated: bool) -> V {
    match (s, p) {
        (V::Null, _) | (_, V::Null) => V::Null,
        (V::Str(s), V::Str(p)) => match Pattern::parse(&p) {
            Some(p) => V::Bool(p.matches(&s) != negated),
            None => V::Unknown,
        },
        _ => V::Unknown,
    }
}

/// PostgreSQL's `format(fmt, args…)`: `%s` the value, `%I` an identifier (quoted when
/// it needs to be), `%L` a literal, `%%` a percent sign. Unknown with any other
/// specifier or an unknown argument.
fn pg_format(f: &str, args: &[V]) -> V {
    let text = |v: &V| match v {
        V::Str(s) => Some(s.clone()),
        V::Num(n) => Some(n.to_string()),
        _ => None,
    };
    let mut out = String::new();
    let mut next = args.iter();
    let mut chars = f.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let spec = chars.next();
        if spec == Some('%') {
            out.push('%');
            continue;
        }
        let Some(value) = next.next().and_then(text) else {
            return V::Unknown;
        };
        match spec {
            Some('s') => out.push_str(&value),
            Some('I') => {
                let plain = value
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.');
                if plain {
                    out.push_str(&value);
                } else {
                    out.push('"');
                    out.push_str(&value.replace('"', "\"\""));
                    out.push('"');
                }
            }
            Some('L') => {
                out.push('\'');
                out.push_str(&value.replace('\'', "''"));
                out.push('\'');
            }
            _ => return V::Unknown,
        }
    }
    V::Str(out)
}

fn array_items(e: &Expr) -> Option<Vec<Expr>> {
    match e {
        Expr::Array(a) => Some(a.elem.clone()),
        Expr::Nested(e) => array_items(e),
        Expr::Cast { expr, .. } => array_items(expr),
        _ => None,
    }
}

fn function(f: &sqlparser::ast::Function, env: &dyn Env) -> V {
    let name = f.name.to_string().to_ascii_lowercase();
    let args: Vec<V> = match &f.args {
        FunctionArguments::List(l) => l
            .args
            .iter()
            .map(|a| match a {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => eval(e, env),
                _ => V::Unknown,
            })
            .collect(),
        FunctionArguments::None => Vec::new(),
        FunctionArguments::Subquery(_) => return V::Unknown,
    };
    match (name.as_str(), args.as_slice()) {
        ("now" | "current_timestamp" | "localtimestamp" | "getdate", []) => V::Ts(env.now()),
        ("current_date" | "curdate", []) => V::Date(env.now().div_euclid(DAY_US)),
        ("upper" | "ucase", [V::Str(s)]) => V::Str(s.to_uppercase()),
        ("lower" | "lcase", [V::Str(s)]) => V::Str(s.to_lowercase()),
        ("length" | "char_length" | "character_length", [V::Str(s)]) => {
            V::Num(s.chars().count() as f64)
        }
        ("octet_length", [V::Str(s)]) => V::Num(s.len() as f64),
        ("json_valid", [V::Str(s)]) => {
            V::Bool(serde_json::from_str::<serde_json::Value>(s).is_ok())
        }
        ("json_valid", [V::Null]) => V::Null,
        ("num_nulls" | "num_nonnulls", vals) if !vals.contains(&V::Unknown) => {
            let nulls = vals.iter().filter(|v| **v == V::Null).count();
            V::Num(if name == "num_nulls" {
                nulls
            } else {
                vals.len() - nulls
            } as f64)
        }
        ("length" | "octet_length", [V::Bytes(n)]) => V::Num(*n as f64),
        ("trim" | "btrim", [V::Str(s)]) => V::Str(s.trim().to_string()),
        ("concat", vals) if vals.iter().all(|v| matches!(v, V::Str(_) | V::Num(_))) => V::Str(
            vals.iter()
                .map(|v| match v {
                    V::Str(s) => s.clone(),
                    V::Num(n) => n.to_string(),
                    _ => String::new(),
                })
                .collect(),
        ),
        ("format", [V::Str(f), rest @ ..]) => pg_format(f, rest),
        ("database" | "schema", []) => V::Str(String::new()),
        ("if", [c, a, b]) => match c {
            V::Bool(true) => a.clone(),
            V::Num(n) if *n != 0.0 => a.clone(),
            V::Unknown => V::Unknown,
            _ => b.clone(),
        },
        ("abs", [V::Num(n)]) => V::Num(n.abs()),
        (
            "upper" | "ucase" | "lower" | "lcase" | "length" | "char_length" | "character_length"
            | "octet_length" | "trim" | "btrim" | "abs",
            [V::Null],
        ) => V::Null,
        _ => V::Unknown,
    }
}

/// A literal's value.
pub fn literal(v: &Value) -> V {
    match v {
        Value::Number(n, _) => n.parse().map_or(V::Unknown, V::Num),
        Value::SingleQuotedString(s)
        | Value::DoubleQuotedString(s)
        | Value::EscapedStringLiteral(s)
        | Value::NationalStringLiteral(s) => V::Str(s.clone()),
        Value::Boolean(b) => V::Bool(*b),
        Value::Null => V::Null,
        _ => V::Unknown,
    }
}

fn cast(v: V, ty: &str) -> V {
    let ty = ty.trim();
    match v {
        V::Null | V::Unknown => v,
        V::Str(s) => {
            if ty.starts_with("date") {
                calendar::parse_date(&s).map_or(V::Unknown, V::Date)
            } else if ty.starts_with("timestamp") || ty.starts_with("datetime") {
                calendar::parse_timestamp(&s).map_or(V::Unknown, V::Ts)
            } else if ty.starts_with("interval") {
                parse_interval(&s).map_or(V::Unknown, |(m, us)| V::Interval(m, us))
            } else if is_numeric_type(ty) {
                s.trim().parse().map_or(V::Unknown, V::Num)
            } else {
                V::Str(s)
            }
        }
        V::Num(n) if is_text_type(ty) => V::Str(n.to_string()),
        V::Date(d) if ty.starts_with("timestamp") => V::Ts(d * DAY_US),
        V::Ts(t) if ty == "date" => V::Date(t.div_euclid(DAY_US)),
        other => other,
    }
}

fn is_numeric_type(ty: &str) -> bool {
    [
        "int", "numeric", "decimal", "real", "double", "float", "bigint", "smallint", "money",
    ]
    .iter()
    .any(|p| ty.starts_with(p))
}

fn is_text_type(ty: &str) -> bool {
    ["text", "varchar", "char", "character"]
        .iter()
        .any(|p| ty.starts_with(p))
}

/// Parses `'18 years'`, `'1 day'`, `'2 hours 30 minutes'`, `'1 year 2 mons'`, `'3 days 04:05:06'`.
pub fn parse_interval(s: &str) -> Option<(i64, i64)> {
    let mut months = 0i64;
    let mut us = 0i64;
    let words: Vec<&str> = s.split_whitespace().collect();
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        if w.contains(':') {
            let neg = w.starts_with('-');
            let t = calendar::parse_time(w.trim_start_matches('-'))?;
            us += if neg { -t } else { t };
            i += 1;
            continue;
        }
        let n: f64 = w.parse().ok()?;
        let unit = words.get(i + 1)?.to_ascii_lowercase();
        let unit = unit.trim_end_matches('s');
        match unit {
            "year" | "yr" | "y" => months += (n * 12.0) as i64,
            "mon" | "month" => months += n as i64,
            "week" | "w" => us += (n * 7.0 * DAY_US as f64) as i64,
            "day" | "d" => us += (n * DAY_US as f64) as i64,
            "hour" | "h" | "hr" => us += (n * 3.6e9) as i64,
            "minute" | "min" | "m" => us += (n * 6e7) as i64,
            "second" | "sec" => us += (n * 1e6) as i64,
            _ => return None,
        }
        i += 2;
    }
    Some((months, us))
}

fn and(a: V, b: V) -> V {
    match (a, b) {
        (V::Bool(false), _) | (_, V::Bool(false)) => V::Bool(false),
        (V::Bool(true), V::Bool(true)) => V::Bool(true),
        (V::Unknown, _) | (_, V::Unknown) => V::Unknown,
        _ => V::Null,
    }
}

fn or(a: V, b: V) -> V {
    match (a, b) {
        (V::Bool(true), _) | (_, V::Bool(true)) => V::Bool(true),
        (V::Bool(false), V::Bool(false)) => V::Bool(false),
        (V::Unknown, _) | (_, V::Unknown) => V::Unknown,
        _ => V::Null,
    }
}

fn not(a: V) -> V {
    match a {
        V::Bool(b) => V::Bool(!b),
        other => other,
    }
}

fn in_list(v: V, items: impl Iterator<Item = V>) -> V {
    let mut acc = V::Bool(false);
    for x in items {
        acc = or(acc, binary(v.clone(), &BinaryOperator::Eq, x));
    }
    acc
}

/// Brings two values to comparable forms: a string next to a date or timestamp is read
/// as one, a date next to a timestamp becomes midnight.
fn coerce(a: V, b: V) -> (V, V) {
    match (a, b) {
        (V::Str(s), b @ V::Date(_)) => (calendar::parse_date(&s).map_or(V::Unknown, V::Date), b),
        (a @ V::Date(_), V::Str(s)) => (a, calendar::parse_date(&s).map_or(V::Unknown, V::Date)),
        (V::Str(s), b @ V::Ts(_)) => (calendar::parse_timestamp(&s).map_or(V::Unknown, V::Ts), b),
        (a @ V::Ts(_), V::Str(s)) => (a, calendar::parse_timestamp(&s).map_or(V::Unknown, V::Ts)),
        (V::Str(s), b @ V::Num(_)) => (s.trim().parse().map_or(V::Unknown, V::Num), b),
        (a @ V::Num(_), V::Str(s)) => (a, s.trim().parse().map_or(V::Unknown, V::Num)),
        (V::Date(d), b @ V::Ts(_)) => (V::Ts(d * DAY_US), b),
        (a @ V::Ts(_), V::Date(d)) => (a, V::Ts(d * DAY_US)),
        (V::Bool(x), V::Num(n)) => (V::Num(f64::from(u8::from(x))), V::Num(n)),
        (V::Num(n), V::Bool(x)) => (V::Num(n), V::Num(f64::from(u8::from(x)))),
        (a, b) => (a, b),
    }
}

fn compare(a: &V, b: &V) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (V::Num(x), V::Num(y)) => x.partial_cmp(y),
        (V::Str(x), V::Str(y)) => Some(x.cmp(y)),
        (V::Date(x), V::Date(y)) | (V::Ts(x), V::Ts(y)) | (V::Time(x), V::Time(y)) => {
            Some(x.cmp(y))
        }
        (V::Bool(x), V::Bool(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

fn binary(a: V, op: &BinaryOperator, b: V) -> V {
    use BinaryOperator as B;
    match op {
        B::And => return and(a, b),
        B::Or => return or(a, b),
        _ => {}
    }
    if a == V::Unknown || b == V::Unknown {
        return V::Unknown;
    }
    if a == V::Null || b == V::Null {
        return V::Null;
    }
    match op {
        B::Eq | B::NotEq | B::Lt | B::LtEq | B::Gt | B::GtEq => {
            let (a, b) = coerce(a, b);
            let Some(o) = compare(&a, &b) else {
                return V::Unknown;
            };
            V::Bool(match op {
                B::Eq => o.is_eq(),
                B::NotEq => o.is_ne(),
                B::Lt => o.is_lt(),
                B::LtEq => o.is_le(),
                B::Gt => o.is_gt(),
                _ => o.is_ge(),
            })
        }
        B::Plus | B::Minus => arithmetic(a, matches!(op, B::Minus), b),
        B::Multiply | B::Divide => match (a, b) {
            (V::Num(x), V::Num(y)) if matches!(op, B::Multiply) => V::Num(x * y),
            (V::Num(x), V::Num(y)) if y != 0.0 => V::Num(x / y),
            _ => V::Unknown,
        },
        B::StringConcat => match (a, b) {
            (V::Str(x), V::Str(y)) => V::Str(x + &y),
            _ => V::Unknown,
        },
        B::PGRegexMatch | B::PGRegexNotMatch => regex(a, b, matches!(op, B::PGRegexNotMatch)),
        B::Glob => match (a, b) {
            (V::Null, _) | (_, V::Null) => V::Null,
            (V::Str(s), V::Str(p)) => {
                Pattern::glob(&p).map_or(V::Unknown, |p| V::Bool(p.matches(&s)))
            }
            _ => V::Unknown,
        },
        _ => V::Unknown,
    }
}

fn arithmetic(a: V, minus: bool, b: V) -> V {
    let sign = if minus { -1 } else { 1 };
    match (a, b) {
        (V::Num(x), V::Num(y)) => V::Num(if minus { x - y } else { x + y }),
        (V::Ts(t), V::Interval(m, us)) => V::Ts(calendar::add_months(t, sign * m) + sign * us),
        (V::Date(d), V::Interval(m, us)) => {
            V::Ts(calendar::add_months(d * DAY_US, sign * m) + sign * us)
        }
        (V::Interval(m, us), V::Ts(t)) if !minus => V::Ts(calendar::add_months(t, m) + us),
        (V::Date(d), V::Num(n)) if n.fract() == 0.0 => V::Date(d + sign * n as i64),
        (V::Date(x), V::Date(y)) if minus => V::Num((x - y) as f64),
        _ => V::Unknown,
    }
}

/// Whether a CHECK result lets the row through: only FALSE fails.
pub fn passes(v: &V) -> bool {
    *v != V::Bool(false)
}

/// What a CHECK says about one column, for narrowing its generator.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Narrow {
    /// `col >= v` (or `>` when strict).
    Lower {
        /// Column.
        col: String,
        /// Bound.
        v: V,
        /// Strict.
        strict: bool,
    },
    /// `col <= v` (or `<` when strict).
    Upper {
        /// Column.
        col: String,
        /// Bound.
        v: V,
        /// Strict.
        strict: bool,
    },
    /// `col IN (…)`, `col = ANY(ARRAY[…])`, `upper(col) IN (…)`, `col = v`.
    In {
        /// Column.
        col: String,
        /// The allowed values.
        values: Vec<V>,
    },
    /// `length(col) …` limits.
    Length {
        /// Column.
        col: String,
        /// Shortest.
        min: Option<u64>,
        /// Longest.
        max: Option<u64>,
    },
    /// `col LIKE 'prefix%'`.
    Prefix {
        /// Column.
        col: String,
        /// The prefix.
        prefix: String,
    },
    /// `json_valid(col)` (MySQL, MariaDB, SQLite) or `col IS JSON`: JSON documents.
    Json {
        /// Column.
        col: String,
    },
    /// `col ~ 're'` / `col REGEXP 're'` in the supported subset.
    Pattern {
        /// Column.
        col: String,
        /// The pattern.
        pattern: Pattern,
    },
    /// `greater >= lesser` (or `>` when strict) between two columns of the row.
    Order {
        /// The column that must be larger.
        greater: String,
        /// The column it is compared with.
        lesser: String,
        /// Strict.
        strict: bool,
    },
}

/// The column an expression names, looking through casts, parentheses and `upper`/
/// `lower`/`trim` (which the narrowing can satisfy by generating the listed values).
fn column_of(e: &Expr) -> Option<String> {
    match e {
        Expr::Identifier(id) => Some(id.value.clone()),
        Expr::CompoundIdentifier(ids) => ids.last().map(|i| i.value.clone()),
        Expr::Nested(e) | Expr::Cast { expr: e, .. } => column_of(e),
        Expr::Function(f) => {
            let name = f.name.to_string().to_ascii_lowercase();
            if !matches!(name.as_str(), "upper" | "lower" | "trim" | "btrim") {
                return None;
            }
            only_arg(f).and_then(column_of)
        }
        _ => None,
    }
}

/// The argument of a one-argument function call.
fn only_arg(f: &sqlparser::ast::Function) -> Option<&Expr> {
    match &f.args {
        FunctionArguments::List(l) if l.args.len() == 1 => match &l.args[0] {
            FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e),
            _ => None,
        },
        _ => None,
    }
}

fn length_of(e: &Expr) -> Option<String> {
    let Expr::Function(f) = e else {
        return match e {
            Expr::Nested(e) => length_of(e),
            _ => None,
        };
    };
    let name = f.name.to_string().to_ascii_lowercase();
    if !matches!(
        name.as_str(),
        "length" | "char_length" | "character_length" | "octet_length"
    ) {
        return None;
    }
    only_arg(f).and_then(column_of)
}

struct ConstEnv(i64);
impl Env for ConstEnv {
    fn column(&self, _: &str) -> Option<V> {
        None
    }
    fn now(&self) -> i64 {
        self.0
    }
}

/// The constant value of an expression that names no column.
fn constant(e: &Expr, now: i64) -> Option<V> {
    match eval(e, &ConstEnv(now)) {
        V::Unknown => None,
        v => Some(v),
    }
}

fn flip(op: &BinaryOperator) -> BinaryOperator {
    use BinaryOperator as B;
    match op {
        B::Lt => B::Gt,
        B::LtEq => B::GtEq,
        B::Gt => B::Lt,
        B::GtEq => B::LtEq,
        other => other.clone(),
    }
}

/// What `e` (a CHECK) says column by column. Only conjuncts are used, and a disjunction
/// `X OR col IS NULL` contributes `X` (when `col` is not NULL the row must satisfy `X`).
pub fn narrowings(e: &Expr, now: i64) -> Vec<Narrow> {
    let mut out = Vec::new();
    collect(e, now, &mut out);
    out
}

fn is_null_test(e: &Expr) -> bool {
    match e {
        Expr::IsNull(_) => true,
        Expr::Nested(e) => is_null_test(e),
        _ => false,
    }
}

fn collect(e: &Expr, now: i64, out: &mut Vec<Narrow>) {
    use BinaryOperator as B;
    match e {
        Expr::Nested(e) => collect(e, now, out),
        Expr::BinaryOp {
            left,
            op: B::And,
            right,
        } => {
            collect(left, now, out);
            collect(right, now, out);
        }
        Expr::BinaryOp {
            left,
            op: B::Or,
            right,
        } => {
            if is_null_test(right) {
                collect(left, now, out);
            } else if is_null_test(left) {
                collect(right, now, out);
            }
        }
        Expr::BinaryOp { left, op, right } => comparison(left, op, right, now, out),
        Expr::Between {
            expr,
            negated: false,
            low,
            high,
        } => {
            comparison(expr, &B::GtEq, low, now, out);
            comparison(expr, &B::LtEq, high, now, out);
        }
        Expr::In {
            expr,
            target: InTarget::List(list),
            negated: false,
            ..
        } => {
            if let Some(col) = column_of(expr) {
                let values: Option<Vec<V>> = list.iter().map(|x| constant(x, now)).collect();
                if let Some(values) = values {
                    out.push(Narrow::In { col, values });
                }
            }
        }
        Expr::AnyOp {
            left,
            compare_op: B::Eq,
            right,
            ..
        } => {
            if let (Some(col), Some(items)) = (column_of(left), array_items(right)) {
                let values: Option<Vec<V>> = items.iter().map(|x| constant(x, now)).collect();
                if let Some(values) = values {
                    out.push(Narrow::In { col, values });
                }
            }
        }
        Expr::Like {
            negated: false,
            any: false,
            expr,
            pattern,
            escape_char: None,
        } => {
            if let (Some(col), Some(V::Str(p))) = (column_of(expr), constant(pattern, now)) {
                if let Some(prefix) = like_prefix(&p) {
                    out.push(Narrow::Prefix {
                        col,
                        prefix: prefix.to_string(),
                    });
                }
            }
        }
        Expr::RLike {
            negated: false,
            expr,
            pattern,
            ..
        } => pattern_narrow(expr, pattern, now, out),
        Expr::Function(f) if f.name.to_string().eq_ignore_ascii_case("json_valid") => {
            if let Some(col) = only_arg(f).and_then(column_of) {
                out.push(Narrow::Json { col });
            }
        }
        Expr::IsTrue(x) => collect(x, now, out),
        _ => {}
    }
}

fn pattern_narrow(expr: &Expr, pattern: &Expr, now: i64, out: &mut Vec<Narrow>) {
    if let (Some(col), Some(V::Str(p))) = (column_of(expr), constant(pattern, now)) {
        if let Some(pattern) = Pattern::parse(&p) {
            out.push(Narrow::Pattern { col, pattern });
        }
    }
}

fn glob_narrow(expr: &Expr, glob: &Expr, now: i64, out: &mut Vec<Narrow>) {
    if let (Some(col), Some(V::Str(p))) = (column_of(expr), constant(glob, now)) {
        if let Some(pattern) = Pattern::glob(&p) {
            out.push(Narrow::Pattern { col, pattern });
        }
    }
}

fn comparison(left: &Expr, op: &BinaryOperator, right: &Expr, now: i64, out: &mut Vec<Narrow>) {
    use BinaryOperator as B;
    if matches!(op, B::PGRegexMatch) {
        pattern_narrow(left, right, now, out);
        return;
    }
    if matches!(op, B::Glob) {
        glob_narrow(left, right, now, out);
        return;
    }
    if !matches!(op, B::Eq | B::Lt | B::LtEq | B::Gt | B::GtEq) {
        return;
    }
    // length(col) op n
    if let (Some(col), Some(V::Num(n))) = (length_of(left), constant(right, now)) {
        let n = n.max(0.0) as u64;
        let (min, max) = match op {
            B::Eq => (Some(n), Some(n)),
            B::Lt => (None, Some(n.saturating_sub(1))),
            B::LtEq => (None, Some(n)),
            B::Gt => (Some(n + 1), None),
            _ => (Some(n), None),
        };
        out.push(Narrow::Length { col, min, max });
        return;
    }
    if length_of(right).is_some() {
        return comparison(right, &flip(op), left, now, out);
    }
    let lcol = column_of(left).filter(|_| !matches!(left, Expr::Function(_)));
    let rcol = column_of(right).filter(|_| !matches!(right, Expr::Function(_)));
    match (lcol, rcol) {
        (Some(a), Some(b)) if a != b => match op {
            B::Gt | B::GtEq => out.push(Narrow::Order {
                greater: a,
                lesser: b,
                strict: matches!(op, B::Gt),
            }),
            B::Lt | B::LtEq => out.push(Narrow::Order {
                greater: b,
                lesser: a,
                strict: matches!(op, B::Lt),
            }),
            _ => {}
        },
        (Some(col), None) => {
            let Some(v) = constant(right, now) else {
                return;
            };
            if v == V::Null {
                return;
            }
            out.push(match op {
                B::Eq => Narrow::In {
                    col,
                    values: vec![v],
                },
                B::Gt | B::GtEq => Narrow::Lower {
                    col,
                    v,
                    strict: matches!(op, B::Gt),
                },
                _ => Narrow::Upper {
                    col,
                    v,
                    strict: matches!(op, B::Lt),
                },
            });
        }
        (None, Some(_)) => comparison(right, &flip(op), left, now, out),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Check, Dialect};
    use std::collections::HashMap;

    struct Row(HashMap<&'static str, V>);
    impl Env for Row {
        fn column(&self, name: &str) -> Option<V> {
            self.0.get(name.to_ascii_lowercase().as_str()).cloned()
        }
        fn now(&self) -> i64 {
            calendar::parse_timestamp("2025-01-01").unwrap()
        }
    }

    fn parse(sql: &str, d: Dialect) -> Expr {
        Check {
            name: None,
            expr: sql.into(),
            column: None,
            at: None,
        }
        .parse(d)
        .unwrap()
    }

    #[test]
    fn evaluates_corpus_style_checks() {
        let e = parse(
            "((birthdate >= '1930-01-01'::DATE) AND (birthdate <= (now() - '18 years'::INTERVAL)))",
            Dialect::Postgres,
        );
        let ok = Row([(
            "birthdate",
            V::Date(calendar::parse_date("1990-05-05").unwrap()),
        )]
        .into());
        let young = Row([(
            "birthdate",
            V::Date(calendar::parse_date("2010-05-05").unwrap()),
        )]
        .into());
        assert_eq!(eval(&e, &ok), V::Bool(true));
        assert_eq!(eval(&e, &young), V::Bool(false));
        let e = parse(
            "(upper((gender)::TEXT) = ANY(ARRAY['M'::TEXT, 'F'::TEXT]))",
            Dialect::Postgres,
        );
        assert_eq!(
            eval(&e, &Row([("gender", V::Str("f".into()))].into())),
            V::Bool(true)
        );
        let e = parse(
            "(enddate >= startdate) OR (enddate IS NULL)",
            Dialect::Postgres,
        );
        assert_eq!(
            eval(
                &e,
                &Row([("enddate", V::Null), ("startdate", V::Date(3))].into())
            ),
            V::Bool(true)
        );
        let e = parse("name REGEXP '^[a-zA-Z]+$'", Dialect::MySql);
        assert_eq!(
            eval(&e, &Row([("name", V::Str("ab1".into()))].into())),
            V::Bool(false)
        );
    }

    #[test]
    fn narrows_bounds_lists_orders_and_lengths() {
        let now = calendar::parse_timestamp("2025-01-01").unwrap();
        let n = narrowings(
            &parse(
                "VacationHours BETWEEN -40 AND 240 AND length(code) <= 5 AND EndDate > StartDate",
                Dialect::Postgres,
            ),
            now,
        );
        assert!(n.contains(&Narrow::Lower {
            col: "VacationHours".into(),
            v: V::Num(-40.0),
            strict: false
        }));
        assert!(n.contains(&Narrow::Length {
            col: "code".into(),
            min: None,
            max: Some(5)
        }));
        assert!(n.contains(&Narrow::Order {
            greater: "EndDate".into(),
            lesser: "StartDate".into(),
            strict: true
        }));
        let n = narrowings(
            &parse("(transaction_type = ANY(ARRAY[1, 2]))", Dialect::Postgres),
            now,
        );
        assert_eq!(
            n,
            [Narrow::In {
                col: "transaction_type".into(),
                values: vec![V::Num(1.0), V::Num(2.0)]
            }]
        );
    }
}
