//! SQL types: one canonical spelling for every dialect's synonyms.
//!
//! A type is a base name (`integer`, `varchar`, `timestamptz`, a user type such as
//! `mpaa_rating`), numeric parameters (length, precision and scale), labels for MySQL
//! `enum`/`set`, the MySQL `unsigned` flag and array dimensions. Its text form,
//! `varchar(40)`, `numeric(10,2)`, `int unsigned`, `text[]`, `enum('a','b')`, is what JSON
//! holds, and parsing that text gives the same value back.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A column's SQL type, in canonical form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(into = "String", try_from = "String")]
#[schemars(with = "String")]
pub struct SqlType {
    /// Canonical base name: lower case for built-in types, as written for user types.
    pub name: String,
    /// Numeric parameters: `varchar(40)` → `[40]`, `numeric(10,2)` → `[10, 2]`.
    pub params: Vec<u64>,
    /// Labels of a MySQL `enum(…)` or `set(…)`.
    pub labels: Vec<String>,
    /// Type modifiers that are not numbers, as written: PostGIS `geometry(Polygon,4326)`
    /// → `["Polygon", "4326"]` (numeric modifiers then stay in `params` too).
    pub args: Vec<String>,
    /// MySQL `UNSIGNED`.
    pub unsigned: bool,
    /// Array dimensions (`text[]` → 1).
    pub array_dims: u32,
}

/// What a type holds, for choosing generators and checking values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TypeClass {
    /// `boolean`
    Bool,
    /// Integers of the given width in bits.
    Int(u8),
    /// Exact decimals (`numeric`, `money`).
    Decimal,
    /// Floating point.
    Float,
    /// Character strings.
    Text,
    /// Byte strings.
    Bytes,
    /// `date`
    Date,
    /// `time`, `timetz`
    Time,
    /// `timestamp`, `timestamptz`, `datetime`
    Timestamp,
    /// `interval`
    Interval,
    /// MySQL `year`
    Year,
    /// `uuid`
    Uuid,
    /// `json`, `jsonb`
    Json,
    /// `xml`
    Xml,
    /// `inet`, `cidr`, `macaddr`
    Network,
    /// `bit`, `varbit`
    Bit,
    /// MySQL `enum(…)`, or a user enum type
    Enum,
    /// MySQL `set(…)`
    Set,
    /// PostgreSQL full-text types
    TextSearch,
    /// Geometric and spatial types
    Spatial,
    /// A type from a PostgreSQL extension whose text form seedgen writes: `ltree`,
    /// `hstore`, `cube`, pgvector's `vector`/`halfvec`/`sparsevec`.
    Extension,
    /// A PostgreSQL range type (`int4range`, `tstzrange`, …)
    Range,
    /// A composite type (`CREATE TYPE t AS (…)`), resolved through the schema
    Composite,
    /// A type seedgen does not know (an extension's type)
    Other,
}

impl SqlType {
    /// A type with just a name.
    pub fn named(name: impl Into<String>) -> Self {
        SqlType {
            name: name.into(),
            params: Vec::new(),
            labels: Vec::new(),
            args: Vec::new(),
            unsigned: false,
            array_dims: 0,
        }
    }

    /// Parses a type as written in DDL or JSON, in any dialect's spelling.
    pub fn parse(text: &str) -> Result<SqlType, String> {
        let raw = lex(text)?;
        let mut words: Vec<String> = Vec::new();
        let mut unsigned = false;
        for w in raw.words {
            match w.to_ascii_lowercase().as_str() {
                "unsigned" => unsigned = true,
                "signed" | "zerofill" => {}
                "array" if !words.is_empty() => {}
                _ => words.push(w),
            }
        }
        if words.is_empty() {
            if text.trim().is_empty() {
                // SQLite allows a column without a type (no affinity).
                return Ok(SqlType::named("any"));
            }
            return Err(format!("`{text}` names no type"));
        }
        let array_dims = raw.array_dims + u32::from(raw.array_keyword);
        let mut joined_lower = words.join(" ").to_ascii_lowercase();
        // A catalog names built-in and extension types by schema (`pg_catalog.int4`,
        // `public.citext`): the type is the built-in one.
        if let Some((schema, base)) = joined_lower.clone().split_once('.') {
            if matches!(schema, "pg_catalog" | "public" | "extensions")
                && canonical_name(base).is_some()
            {
                joined_lower = base.to_string();
                words = vec![base.to_string()];
            }
        }
        let (name, keeps_params) = canonical_name(&joined_lower)
            .map(|(n, keep)| (n.to_string(), keep))
            .unwrap_or_else(|| (user_type_name(&words), true));
        // Word modifiers belong to PostGIS's types and to types seedgen does not know.
        if !raw.args.is_empty()
            && canonical_name(&name).is_some()
            && !matches!(name.as_str(), "geometry" | "geography")
        {
            let bad = raw.args.iter().find(|a| a.parse::<u64>().is_err());
            return Err(format!(
                "expected a number, found `{}` in type `{text}`",
                bad.map_or("", String::as_str)
            ));
        }
        let params = if keeps_params { raw.params } else { Vec::new() };
        // MySQL's SERIAL is BIGINT UNSIGNED (NOT NULL AUTO_INCREMENT UNIQUE).
        Ok(SqlType {
            name,
            params,
            labels: raw.labels,
            args: raw.args,
            unsigned,
            array_dims,
        })
    }

    /// The element type of an array type (the type itself otherwise).
    pub fn element(&self) -> SqlType {
        SqlType {
            array_dims: 0,
            ..self.clone()
        }
    }

    /// Declared length of a character or bit type (`varchar(40)` → 40).
    pub fn length(&self) -> Option<u64> {
        match self.class() {
            TypeClass::Text | TypeClass::Bit | TypeClass::Bytes => self.params.first().copied(),
            _ => None,
        }
    }

    /// Precision and scale of a decimal type.
    pub fn precision_scale(&self) -> Option<(u64, u64)> {
        match (self.class(), self.params.as_slice()) {
            (TypeClass::Decimal, [p]) => Some((*p, 0)),
            (TypeClass::Decimal, [p, s]) => Some((*p, *s)),
            _ => None,
        }
    }

    /// What the type holds. A name that is not a built-in type is classed by SQLite's
    /// affinity rules; [`crate::Schema::type_class`] knows the schema's own types and
    /// applies those rules to SQLite schemas only.
    pub fn class(&self) -> TypeClass {
        self.builtin_class()
            .unwrap_or_else(|| sqlite_affinity(&self.name.to_ascii_lowercase()))
    }

    /// The class of a built-in type, or `None` for any other name (a user type, an
    /// extension's type seedgen does not know, a SQLite free-form name).
    pub fn builtin_class(&self) -> Option<TypeClass> {
        classify(&self.name.to_ascii_lowercase())
    }
}

fn classify(name: &str) -> Option<TypeClass> {
    use TypeClass::*;
    Some(match name {
        "boolean" => Bool,
        "tinyint" => Int(8),
        "smallint" => Int(16),
        "mediumint" => Int(24),
        "integer" => Int(32),
        "bigint" => Int(64),
        "numeric" | "money" | "smallmoney" => Decimal,
        "real" | "double" | "float" => Float,
        "char" | "varchar" | "text" | "tinytext" | "mediumtext" | "longtext" | "citext"
        | "name" => Text,
        "bytea" | "blob" | "tinyblob" | "mediumblob" | "longblob" | "binary" | "varbinary" => Bytes,
        "date" => Date,
        "time" | "timetz" => Time,
        "timestamp" | "timestamptz" | "datetime" | "smalldatetime" => Timestamp,
        "interval" => Interval,
        "year" => Year,
        "uuid" => Uuid,
        "json" | "jsonb" => Json,
        "xml" => Xml,
        "inet" | "cidr" | "macaddr" | "macaddr8" => Network,
        "bit" | "varbit" => Bit,
        "enum" => Enum,
        "any" => Text,
        "set" => Set,
        "tsvector" | "tsquery" => TextSearch,
        "geometry" | "geography" | "point" | "linestring" | "polygon" | "multipoint"
        | "multilinestring" | "multipolygon" | "geometrycollection" | "line" | "lseg" | "box"
        | "path" | "circle" | "box2d" | "box3d" => Spatial,
        "ltree" | "lquery" | "hstore" | "cube" | "vector" | "halfvec" | "sparsevec" => Extension,
        "int4range" | "int8range" | "numrange" | "tsrange" | "tstzrange" | "daterange" => Range,
        "oid" | "regclass" | "regproc" | "regtype" | "xid" | "cid" => Int(32),
        "pg_lsn" => Text,
        _ => return None,
    })
}

/// SQLite's rules for a declared type it does not know (section 3.1 of its datatype
/// documentation): the name decides the column's affinity.
fn sqlite_affinity(name: &str) -> TypeClass {
    if name.contains("int") {
        TypeClass::Int(64)
    } else if name.contains("char") || name.contains("clob") || name.contains("text") {
        TypeClass::Text
    } else if name.contains("blob") {
        TypeClass::Bytes
    } else if name.contains("real") || name.contains("floa") || name.contains("doub") {
        TypeClass::Float
    } else {
        TypeClass::Other
    }
}

/// SQLite's affinity for a declared type name it does not know, for
/// [`crate::Schema::type_class`]: as [`sqlite_affinity`], with NUMERIC affinity (rule 5)
/// read as decimal numbers, and `string`, which SQLite also reads as NUMERIC but every
/// application fills with text, as text.
pub(crate) fn sqlite_class(name: &str) -> TypeClass {
    let lower = name.to_ascii_lowercase();
    match sqlite_affinity(&lower) {
        TypeClass::Other if lower.contains("string") || lower == "any" => TypeClass::Text,
        TypeClass::Other => TypeClass::Decimal,
        c => c,
    }
}

/// Canonical name for a built-in spelling, and whether its parameters matter (integer
/// display widths such as MySQL `int(11)` do not).
fn canonical_name(lower: &str) -> Option<(&'static str, bool)> {
    Some(match lower {
        "int" | "int4" | "integer" | "serial" | "serial4" => ("integer", false),
        "int2" | "smallint" | "smallserial" | "serial2" => ("smallint", false),
        "int8" | "bigint" | "bigserial" | "serial8" => ("bigint", false),
        "tinyint" | "int1" => ("tinyint", false),
        "mediumint" | "int3" => ("mediumint", false),
        "bool" | "boolean" => ("boolean", false),
        "decimal" | "numeric" | "dec" | "fixed" => ("numeric", true),
        "real" | "float4" => ("real", true),
        "float8" | "double" | "double precision" => ("double", true),
        "float" => ("float", true),
        "char" | "character" | "nchar" | "native character" | "bpchar" => ("char", true),
        "varchar"
        | "character varying"
        | "nvarchar"
        | "varying character"
        | "varchar2"
        | "nchar varying"
        | "national varchar"
        | "national character varying" => ("varchar", true),
        "text" | "clob" => ("text", true),
        "timestamp" | "timestamp without time zone" => ("timestamp", true),
        "timestamptz" | "timestamp with time zone" => ("timestamptz", true),
        "time" | "time without time zone" => ("time", true),
        "timetz" | "time with time zone" => ("timetz", true),
        "bit varying" | "varbit" => ("varbit", true),
        "datetime" => ("datetime", true),
        "date" => ("date", true),
        // MySQL: LONG and LONG VARCHAR are MEDIUMTEXT, LONG VARBINARY is MEDIUMBLOB;
        // MIDDLEINT is MEDIUMINT; FLOAT4/FLOAT8 are FLOAT/DOUBLE.
        "long" | "long varchar" | "long char varying" => ("mediumtext", false),
        "long varbinary" => ("mediumblob", false),
        "middleint" => ("mediumint", false),
        "int2range" => ("int4range", false),
        "character large object" => ("text", false),
        other => {
            return KEEP_AS_IS
                .iter()
                .find(|k| **k == other)
                .map(|k| (*k, !matches!(*k, "year")))
        }
    })
}

/// Built-in names that are already canonical.
const KEEP_AS_IS: &[&str] = &[
    "tinytext",
    "mediumtext",
    "longtext",
    "citext",
    "name",
    "bytea",
    "blob",
    "tinyblob",
    "mediumblob",
    "longblob",
    "binary",
    "varbinary",
    "interval",
    "year",
    "uuid",
    "json",
    "jsonb",
    "xml",
    "inet",
    "cidr",
    "macaddr",
    "macaddr8",
    "bit",
    "money",
    "enum",
    "set",
    "tsvector",
    "tsquery",
    "geometry",
    "geography",
    "point",
    "linestring",
    "polygon",
    "multipoint",
    "multilinestring",
    "multipolygon",
    "geometrycollection",
    "line",
    "lseg",
    "box",
    "path",
    "circle",
    "box2d",
    "box3d",
    "ltree",
    "lquery",
    "hstore",
    "cube",
    "vector",
    "halfvec",
    "sparsevec",
    "int4range",
    "int8range",
    "numrange",
    "tsrange",
    "tstzrange",
    "daterange",
    "oid",
    "regclass",
    "regproc",
    "regtype",
    "xid",
    "cid",
    "pg_lsn",
    "smallmoney",
    "smalldatetime",
];

/// A user type's name: words kept as written (a SQLite type may be several words).
fn user_type_name(words: &[String]) -> String {
    words.join(" ")
}

struct Lexed {
    words: Vec<String>,
    params: Vec<u64>,
    labels: Vec<String>,
    args: Vec<String>,
    array_dims: u32,
    array_keyword: bool,
}

fn lex(text: &str) -> Result<Lexed, String> {
    let mut out = Lexed {
        words: Vec::new(),
        params: Vec::new(),
        labels: Vec::new(),
        args: Vec::new(),
        array_dims: 0,
        array_keyword: false,
    };
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut seen_parens = false;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '(' {
            let close = find_close(&chars, i).ok_or_else(|| format!("unclosed `(` in `{text}`"))?;
            // Only the first parameter list counts (`timestamp(6) with time zone`).
            if !seen_parens {
                parse_args(&chars[i + 1..close], &mut out, text)?;
                seen_parens = true;
            }
            i = close + 1;
        } else if c == '[' {
            let close = chars[i..]
                .iter()
                .position(|&c| c == ']')
                .ok_or_else(|| format!("unclosed `[` in `{text}`"))?;
            out.array_dims += 1;
            i += close + 1;
        } else if c == '"' || c == '`' {
            let end = chars[i + 1..]
                .iter()
                .position(|&x| x == c)
                .ok_or_else(|| format!("unclosed quote in `{text}`"))?;
            let word: String = chars[i + 1..i + 1 + end].iter().collect();
            append_to_word(&mut out.words, &word, i > 0 && chars[i - 1] == '.');
            i += end + 2;
        } else if c.is_alphanumeric() || c == '_' || c == '$' || c == '.' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric() || matches!(chars[i], '_' | '$' | '.'))
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let glue = start > 0 && chars[start - 1] == '"';
            if word.eq_ignore_ascii_case("array") {
                out.array_keyword = true;
            }
            append_to_word(&mut out.words, &word, glue || word.starts_with('.'));
        } else {
            return Err(format!("unexpected `{c}` in type `{text}`"));
        }
    }
    if out.array_keyword {
        out.words.retain(|w| !w.eq_ignore_ascii_case("array"));
    }
    Ok(out)
}

/// Adds a word, gluing it to the previous one for qualified names (`public."Name"`).
fn append_to_word(words: &mut Vec<String>, word: &str, glue: bool) {
    match words.last_mut() {
        Some(last) if glue || last.ends_with('.') => last.push_str(word),
        _ => words.push(word.to_string()),
    }
}

fn find_close(chars: &[char], open: usize) -> Option<usize> {
    let mut depth = 0;
    let mut quote: Option<char> = None;
    for (i, &c) in chars.iter().enumerate().skip(open) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

fn parse_args(args: &[char], out: &mut Lexed, text: &str) -> Result<(), String> {
    let s: String = args.iter().collect();
    let trimmed = s.trim();
    if trimmed.starts_with('\'') {
        // Labels: 'a', 'b''c' (doubled quotes escape). The text comes from the parser,
        // which has decoded MySQL's backslash escapes already: a backslash is itself.
        let mut labels = Vec::new();
        let mut it = trimmed.chars().peekable();
        loop {
            while it.peek().is_some_and(|c| c.is_whitespace() || *c == ',') {
                it.next();
            }
            match it.next() {
                None => break,
                Some('\'') => {}
                Some(c) => return Err(format!("unexpected `{c}` in the labels of `{text}`")),
            }
            let mut label = String::new();
            loop {
                match it.next() {
                    None => return Err(format!("unclosed label in `{text}`")),
                    Some('\'') if it.peek() == Some(&'\'') => {
                        it.next();
                        label.push('\'');
                    }
                    Some('\'') => break,
                    Some(c) => label.push(c),
                }
            }
            labels.push(label);
        }
        out.labels = labels;
        return Ok(());
    }
    let parts: Vec<&str> = trimmed.split(',').map(str::trim).collect();
    // Modifiers that are words (`geometry(Polygon,4326)`): kept as written.
    if parts
        .iter()
        .any(|p| p.starts_with(|c: char| c.is_alphabetic()) && !p.eq_ignore_ascii_case("max"))
    {
        if let Some(bad) = parts
            .iter()
            .find(|p| p.is_empty() || !p.chars().all(|c| c.is_alphanumeric() || c == '_'))
        {
            return Err(format!(
                "unexpected `{bad}` in the modifiers of type `{text}`"
            ));
        }
        out.args = parts.iter().map(|p| p.to_string()).collect();
        out.params = parts.iter().filter_map(|p| p.parse().ok()).collect();
        return Ok(());
    }
    for p in parts {
        // `varchar(max)`, `varchar(10 char)`: keep the number, ignore the unit.
        let digits: String = p.chars().take_while(char::is_ascii_digit).collect();
        if digits.is_empty() {
            if p.eq_ignore_ascii_case("max") {
                continue;
            }
            return Err(format!("expected a number, found `{p}` in type `{text}`"));
        }
        out.params.push(
            digits
                .parse()
                .map_err(|_| format!("`{p}` is too large in type `{text}`"))?,
        );
    }
    Ok(())
}

impl fmt::Display for SqlType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let needs_quotes = !self
            .name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '$' | '.' | ' '))
            || self
                .name
                .split(' ')
                .any(|w| w.eq_ignore_ascii_case("unsigned"));
        if needs_quotes {
            write!(f, "\"{}\"", self.name)?;
        } else {
            f.write_str(&self.name)?;
        }
        if !self.labels.is_empty() {
            f.write_str("(")?;
            for (i, l) in self.labels.iter().enumerate() {
                if i > 0 {
                    f.write_str(",")?;
                }
                write!(f, "'{}'", l.replace('\'', "''"))?;
            }
            f.write_str(")")?;
        } else if !self.args.is_empty() {
            write!(f, "({})", self.args.join(","))?;
        } else if !self.params.is_empty() {
            f.write_str("(")?;
            for (i, p) in self.params.iter().enumerate() {
                if i > 0 {
                    f.write_str(",")?;
                }
                write!(f, "{p}")?;
            }
            f.write_str(")")?;
        }
        if self.unsigned {
            f.write_str(" unsigned")?;
        }
        for _ in 0..self.array_dims {
            f.write_str("[]")?;
        }
        Ok(())
    }
}

impl From<SqlType> for String {
    fn from(t: SqlType) -> String {
        t.to_string()
    }
}

impl TryFrom<String> for SqlType {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        SqlType::parse(&s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(s: &str) -> String {
        SqlType::parse(s).unwrap().to_string()
    }

    #[test]
    fn synonyms_have_one_spelling() {
        assert_eq!(canon("CHARACTER VARYING(40)"), "varchar(40)");
        assert_eq!(canon("int(11) unsigned"), "integer unsigned");
        assert_eq!(canon("TIMESTAMP(6) WITH TIME ZONE"), "timestamptz(6)");
        assert_eq!(canon("double precision"), "double");
        assert_eq!(canon("DECIMAL(10, 2)"), "numeric(10,2)");
        assert_eq!(canon("text[]"), "text[]");
        assert_eq!(canon("INTEGER ARRAY"), "integer[]");
        assert_eq!(canon("ENUM('a', 'b''c')"), "enum('a','b''c')");
        assert_eq!(canon("public.\"bıgınt\""), "public.bıgınt");
        assert_eq!(canon("BLOB SUB_TYPE TEXT"), "BLOB SUB_TYPE TEXT");
    }

    #[test]
    fn text_form_round_trips() {
        for s in [
            "varchar(40)",
            "numeric(10,2)",
            "integer unsigned",
            "enum('x','y')",
            "text[][]",
            "set('a','b')",
            "timestamptz",
            "BLOB SUB_TYPE TEXT",
            "\"odd-name\"",
            "geometry(Polygon,4326)",
            "vector(1536)",
        ] {
            let t = SqlType::parse(s).unwrap();
            assert_eq!(SqlType::parse(&t.to_string()).unwrap(), t, "{s}");
        }
    }

    #[test]
    fn classes_follow_names_and_sqlite_affinity() {
        assert_eq!(
            SqlType::parse("UNSIGNED BIG INT").unwrap().class(),
            TypeClass::Int(64)
        );
        assert_eq!(
            SqlType::parse("NVARCHAR(70)").unwrap().class(),
            TypeClass::Text
        );
        assert_eq!(SqlType::parse("money").unwrap().class(), TypeClass::Decimal);
        assert_eq!(
            SqlType::parse("geometry").unwrap().class(),
            TypeClass::Spatial
        );
    }

    #[test]
    fn word_modifiers_of_extension_types_are_kept() {
        let t = SqlType::parse("geography(Point, 4326)").unwrap();
        assert_eq!(t.args, ["Point", "4326"]);
        assert_eq!(t.params, [4326]);
        assert_eq!(t.to_string(), "geography(Point,4326)");
        assert_eq!(t.class(), TypeClass::Spatial);
        let v = SqlType::parse("vector(1536)").unwrap();
        assert_eq!(
            (v.params.as_slice(), v.class()),
            (&[1536][..], TypeClass::Extension)
        );
    }

    #[test]
    fn user_types_are_not_built_in_whatever_they_contain() {
        // `appointment_status` contains "int": only SQLite reads that as an integer.
        let t = SqlType::parse("appointment_status").unwrap();
        assert_eq!(t.builtin_class(), None);
        assert_eq!(sqlite_class("appointment_status"), TypeClass::Int(64));
        assert_eq!(sqlite_class("STRING"), TypeClass::Text);
        assert_eq!(sqlite_class("NUMBER"), TypeClass::Decimal);
        assert_eq!(SqlType::parse("LONG").unwrap().to_string(), "mediumtext");
    }

    #[test]
    fn bad_types_are_errors_not_panics() {
        assert_eq!(SqlType::parse("").unwrap().name, "any");
        assert!(SqlType::parse("unsigned").is_err());
        assert!(SqlType::parse("varchar(").is_err());
        assert!(SqlType::parse("numeric(a,b)").is_err());
    }
}
