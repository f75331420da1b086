//! The plan's generator specs: what the planner resolved each column to. The engine
//! ([`crate::engine`]) runs them; each generator writes one cell from a stream keyed by
//! (seed, table, column, row, attempt).

use crate::calendar::DAY_US;
use crate::cell::{Slot, Val};
use crate::expr::pattern::Pattern;
use crate::random::keys::Permutation;
use crate::random::rng::ColumnKey;

/// How a generator's integers are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// An integer, or a decimal's unscaled value.
    Int,
    /// Days since the epoch.
    Date,
    /// Seconds since the epoch.
    Seconds,
    /// Seconds since midnight.
    TimeOfDay,
}

impl Unit {
    /// Writes `v` (in this unit) into a cell.
    pub fn put(self, v: i128, out: &mut Slot) {
        out.val = match self {
            Unit::Int => Val::Int(v),
            Unit::Date => Val::Date(v as i64),
            Unit::Seconds => Val::Timestamp(v as i64 * 1_000_000),
            Unit::TimeOfDay => Val::Time(v as i64 * 1_000_000),
        };
    }

    /// Reads a cell in this unit (a date read as seconds is its midnight).
    pub fn get(self, s: &Slot) -> Option<i128> {
        Some(match (self, s.val) {
            (_, Val::Int(v)) => v,
            (Unit::Date, Val::Date(d)) => i128::from(d),
            (Unit::Date, Val::Timestamp(t)) => i128::from(t.div_euclid(DAY_US)),
            (Unit::Seconds, Val::Date(d)) => i128::from(d) * 86_400,
            (_, Val::Timestamp(t)) => i128::from(t.div_euclid(1_000_000)),
            (_, Val::Time(t)) => i128::from(t.div_euclid(1_000_000)),
            (_, Val::Date(d)) => i128::from(d),
            _ => return None,
        })
    }
}

/// What a text generator writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Sem {
    FirstName,
    /// A second given name of the row's person, not its first (data version 2; version
    /// 1 repeats the first name).
    MiddleName,
    LastName,
    FullName,
    Email,
    Username,
    Password,
    Phone,
    Street,
    Address2,
    City,
    State,
    StateAbbr,
    PostalCode,
    Country,
    CountryCode,
    AnyCountry,
    Company,
    JobTitle,
    Industry,
    Url,
    Domain,
    Ip,
    CurrencyCode,
    CurrencyName,
    TimeZone,
    Title,
    Sentence,
    Paragraph,
    Word,
    Words,
    ProductName,
    Code,
    Slug,
    FileName,
    Color,
    Hash,
    Letters,
    Gender,
    NameTitle,
    StreetSuffix,
    DateText,
    YesNo,
    Version,
    /// An EAN-13 barcode (GTIN-13) with its check digit, prefixed for the locale's
    /// country (data version 2).
    Ean13,
    /// A UPC-A barcode (12 digits) with its check digit.
    Upc,
    /// An ISBN-13 (978-0/1, English-language groups) with its check digit.
    Isbn13,
    /// An IBAN whose two check digits pass ISO 13616's mod-97 test (GB, DE or NL
    /// layout by locale).
    Iban,
    /// A 16-digit card number on a published test prefix, passing the Luhn check.
    CardNumber,
    /// An IPv4 address in public unicast space (no private, loopback, link-local,
    /// shared, multicast or reserved ranges).
    PublicIp,
    /// An IPv4 address in a private range (10/8, 172.16/12, 192.168/16).
    PrivateIp,
    /// A colour as `#rrggbb`.
    HexColor,
    /// An ISO 3166-1 alpha-3 country code.
    CountryAlpha3,
    /// A browser's User-Agent header.
    UserAgent,
}

impl Sem {
    /// The generator's name, as `seedgen plan` shows it and overrides spell it.
    pub fn name(self) -> &'static str {
        use Sem::*;
        match self {
            FirstName => "first_name",
            MiddleName => "middle_name",
            LastName => "last_name",
            FullName => "full_name",
            Email => "email",
            Username => "username",
            Password => "password_hash",
            Phone => "phone",
            Street => "street_address",
            Address2 => "secondary_address",
            City => "city",
            State => "state",
            StateAbbr => "state_abbr",
            PostalCode => "postal_code",
            Country => "country",
            CountryCode => "country_code",
            AnyCountry => "any_country",
            Company => "company",
            JobTitle => "job_title",
            Industry => "industry",
            Url => "url",
            Domain => "domain",
            Ip => "ipv4",
            CurrencyCode => "currency_code",
            CurrencyName => "currency_name",
            TimeZone => "time_zone",
            Title => "title",
            Sentence => "sentence",
            Paragraph => "paragraph",
            Word => "word",
            Words => "words",
            ProductName => "product_name",
            Code => "code",
            Slug => "slug",
            FileName => "file_name",
            Color => "color",
            Hash => "hash",
            Letters => "letters",
            Gender => "gender",
            NameTitle => "salutation",
            StreetSuffix => "street_suffix",
            DateText => "date_text",
            YesNo => "yes_no",
            Version => "semantic_version",
            Ean13 => "ean13",
            Upc => "upc",
            Isbn13 => "isbn13",
            Iban => "iban",
            CardNumber => "card_number",
            PublicIp => "public_ipv4",
            PrivateIp => "private_ipv4",
            HexColor => "hex_color",
            CountryAlpha3 => "country_alpha3",
            UserAgent => "user_agent",
        }
    }

    /// Whether the generator makes mostly distinct values (running text, addresses,
    /// emails) rather than picks from a short list.
    pub fn many_distinct(self) -> bool {
        use Sem::*;
        matches!(
            self,
            FullName
                | Email
                | Username
                | Password
                | Phone
                | Street
                | Address2
                | PostalCode
                | Url
                | Domain
                | Ip
                | Title
                | Sentence
                | Paragraph
                | Words
                | ProductName
                | Code
                | Slug
                | FileName
                | Hash
                | DateText
                | Ean13
                | Upc
                | Isbn13
                | Iban
                | CardNumber
                | PublicIp
                | PrivateIp
        )
    }

    /// Valid values of a code's format, as different from each other as the format
    /// allows: a CHECK's pattern that accepts all of them accepts the format, and the
    /// code is kept instead of pattern filler (an ISBN domain `^[0-9]{13}$`).
    pub fn examples(self) -> &'static [&'static str] {
        use Sem::*;
        match self {
            Ean13 => &["4006381333931", "0012345678905", "9501101530003"],
            Upc => &["036000291452", "712345678904"],
            Isbn13 => &["9780306406157", "9781861972712"],
            Iban => &["GB82WEST12345698765432", "DE89370400440532013000"],
            CardNumber => &["4242424242424242", "5555555555554444", "6011111111111117"],
            HexColor => &["#1a2b3c", "#ffd700"],
            _ => &[],
        }
    }

    /// The free digits of a code with a check digit (where a unique column puts its
    /// permuted row index; the engine's `codes` writes them).
    pub fn free_digits(self) -> Option<u32> {
        use Sem::*;
        match self {
            Ean13 | CardNumber => Some(9),
            Upc => Some(10),
            Isbn13 | Iban => Some(8),
            _ => None,
        }
    }

    /// The characters every value of a fixed-width code takes (a shorter column
    /// cannot hold it, and a cut one fails its check digit).
    pub fn width(self) -> Option<u64> {
        use Sem::*;
        match self {
            Ean13 | Isbn13 => Some(13),
            Upc => Some(12),
            Iban => Some(22),
            CardNumber => Some(16),
            PublicIp | PrivateIp => Some(15),
            HexColor => Some(7),
            CountryAlpha3 => Some(3),
            _ => None,
        }
    }

    /// Every text generator.
    pub const ALL: &'static [Sem] = &[
        Sem::FirstName,
        Sem::MiddleName,
        Sem::LastName,
        Sem::FullName,
        Sem::Email,
        Sem::Username,
        Sem::Password,
        Sem::Phone,
        Sem::Street,
        Sem::Address2,
        Sem::City,
        Sem::State,
        Sem::StateAbbr,
        Sem::PostalCode,
        Sem::Country,
        Sem::CountryCode,
        Sem::AnyCountry,
        Sem::Company,
        Sem::JobTitle,
        Sem::Industry,
        Sem::Url,
        Sem::Domain,
        Sem::Ip,
        Sem::CurrencyCode,
        Sem::CurrencyName,
        Sem::TimeZone,
        Sem::Title,
        Sem::Sentence,
        Sem::Paragraph,
        Sem::Word,
        Sem::Words,
        Sem::ProductName,
        Sem::Code,
        Sem::Slug,
        Sem::FileName,
        Sem::Color,
        Sem::Hash,
        Sem::Letters,
        Sem::Gender,
        Sem::NameTitle,
        Sem::StreetSuffix,
        Sem::DateText,
        Sem::YesNo,
        Sem::Version,
        Sem::Ean13,
        Sem::Upc,
        Sem::Isbn13,
        Sem::Iban,
        Sem::CardNumber,
        Sem::PublicIp,
        Sem::PrivateIp,
        Sem::HexColor,
        Sem::CountryAlpha3,
        Sem::UserAgent,
    ];
}

/// A text generator with its limits.
#[derive(Debug, Clone)]
pub struct TextGen {
    /// What to write.
    pub sem: Sem,
    /// Shortest, in characters.
    pub min_len: u64,
    /// Longest, in characters.
    pub max_len: u64,
    /// Append a token derived from the row index so values never repeat.
    pub unique: bool,
    /// Added to the row index in the unique token, so that two tables' values never
    /// meet (a trigger refuses one table's values that the other holds).
    pub token_base: u64,
    /// A fixed prefix (from `LIKE 'x%'`).
    pub prefix: String,
    /// How a unique value stays unique without a `-N` row-number suffix (data version
    /// 2); `None` appends the token.
    pub natural: Option<Natural>,
}

/// A unique text value made unique by its structure, not by a row number.
#[derive(Debug, Clone, Copy)]
pub enum Natural {
    /// A combination of `count` words, the permuted row index written in the base of
    /// the combination list ([`crate::prose`]): `Quiet Harbor Lantern`, `quiet-harbor`.
    Words {
        /// The permutation of the combinations.
        perm: Permutation,
        /// Words per value.
        count: u32,
        /// Between words.
        sep: char,
        /// Capitalised words.
        cap: bool,
    },
    /// A hexadecimal digest whose first 16 digits are a bijection of the row index.
    Hex,
    /// A code of `len` letters and digits encoding the permuted row index (plus the
    /// token base, so rows added later get codes of their own): `K3X9QF`.
    Key {
        /// The permutation of every code of that length.
        perm: Permutation,
        /// Characters.
        len: usize,
    },
    /// The token joined with `_` (`jane_doe_1500` as usernames are).
    Joined,
    /// A code with a check digit whose free digits are the permuted row index
    /// (barcodes, IBANs, card numbers; [`crate::engine`]'s `codes`).
    Checked {
        /// The permutation of `0..10^free` for the code's free digits.
        perm: Permutation,
    },
    /// The text's last `digits` digits replaced by the permuted row index's (phone
    /// numbers).
    Digits {
        /// The permutation of `0..10^digits`.
        perm: Permutation,
        /// How many digits.
        digits: u32,
    },
    /// A version number `major.minor.patch` decoded from the row index.
    Semver,
}

/// Which timeline instant a column shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    /// The row's creation.
    Created,
    /// A later change (at or after creation).
    Updated,
}

/// Geometric shapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Shape {
    /// PostgreSQL native `point`: `(x,y)`.
    PgPoint,
    PgBox,
    PgCircle,
    PgLine,
    PgLseg,
    PgPath,
    PgPolygon,
    /// Well-known text for PostGIS / MySQL spatial types.
    WktPoint,
    WktPolygon,
    WktLineString,
}

/// A Rust function computing a column from the row index and the row's other values
/// (set through [`crate::Seeder::column_fn`]).
#[derive(Clone)]
pub struct CustomFn(pub(crate) CustomFnBox);

/// The function inside a [`CustomFn`].
pub(crate) type CustomFnBox =
    std::sync::Arc<dyn Fn(u64, &crate::RowValues<'_>) -> crate::Value + Send + Sync>;

impl std::fmt::Debug for CustomFn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CustomFn")
    }
}

/// The shape of a JSON document, from the column's name (data version 2,
/// [`crate::plan::infer::DOCUMENT_RULES`]); optional keys vary from row to row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Doc {
    /// User or account settings: theme, language, notifications, time zone.
    Settings,
    /// Metadata of a record: source, version, tags, client.
    Metadata,
    /// An event or request payload: event name, id, time, data.
    Payload,
    /// A postal address: the row's street, city, region, postal code, country.
    Address,
    /// An array of tags.
    Tags,
    /// An array of permission scopes.
    Scopes,
    /// An array of URLs (callbacks, redirects, origins).
    Urls,
    /// An object of two to four keys from a general list.
    Object,
}

/// A column's generator.
#[derive(Debug, Clone)]
pub enum Gen {
    /// Always NULL.
    Null,
    /// A Rust function of the row index and the row's other values.
    Custom(CustomFn),
    /// Values from a list, at random or in turn.
    Values {
        /// The values.
        items: Vec<Slot>,
        /// In turn by row index.
        cycle: bool,
    },
    /// Values from a list, each with its weight (`cum`: the running totals).
    Weighted {
        /// The values.
        items: Vec<Slot>,
        /// Running totals of the weights, one per item.
        cum: Vec<u64>,
    },
    /// Labels that agree with the row's person (data version 2, [`crate::plan`]'s
    /// `persons`): a gender's `F`/`M`, a salutation's `Mrs.`/`Mr.`, drawn with the
    /// weights of a woman's row or of a man's.
    Gendered {
        /// The labels.
        items: Vec<Slot>,
        /// Running totals of the weights in a woman's row, then in a man's.
        cum: [Vec<u64>; 2],
    },
    /// A raw SQL expression (SQL outputs only).
    RawSql(String),
    /// One generator for the first row, another for the rest (a partial unique index
    /// whose predicate may hold on one row only).
    Once {
        /// Row 0.
        first: Box<Gen>,
        /// Every other row.
        rest: Box<Gen>,
    },
    /// `start + row`.
    Serial {
        /// First value.
        start: i128,
    },
    /// Uniform in `lo..=hi`.
    Range {
        /// Lowest.
        lo: i128,
        /// Highest.
        hi: i128,
        /// Meaning of the numbers.
        unit: Unit,
    },
    /// Right-skewed in `lo..=hi` around `median` (data version 2): a log-logistic law,
    /// drawn by inverting its distribution function truncated to the bounds, with only
    /// correctly rounded operations (`+ - * / sqrt`), so every platform draws the same
    /// values. Money, counters, durations.
    Skewed(Skewed),
    /// A law the settings ask for (`distribution`): normal, log-normal, Zipf or
    /// seasonal, within `lo..=hi`.
    Law(Law),
    /// One of several ranges (partition bounds), each `lo..=hi`.
    Ranges {
        /// The ranges.
        ranges: Vec<(i128, i128)>,
        /// Meaning of the numbers.
        unit: Unit,
    },
    /// `lo + perm(row)`: distinct for every row.
    Unique {
        /// Lowest.
        lo: i128,
        /// The permutation of `0..span`.
        perm: Permutation,
        /// Meaning of the numbers.
        unit: Unit,
    },
    /// At or after another column of the row (`end >= start`), at most `hi`.
    After {
        /// The other column.
        base: usize,
        /// Strictly after.
        strict: bool,
        /// Upper bound.
        hi: i128,
        /// Used when the other column is NULL.
        fallback: Box<Gen>,
        /// Meaning of the numbers.
        unit: Unit,
        /// The median gap, right-skewed (data version 2: shipped days after ordered,
        /// not months); `None` draws the gap uniformly.
        gap: Option<f64>,
    },
    /// Uniform float.
    Float {
        /// Lowest.
        lo: f64,
        /// Highest.
        hi: f64,
    },
    /// True with probability `p`.
    Bool {
        /// Probability of true.
        p: f64,
    },
    /// The row's timeline: creation or a later change.
    Timeline {
        /// Which instant.
        moment: Moment,
        /// Date only.
        date: bool,
    },
    /// A point of the row's timeline as an integer count since the Unix epoch
    /// (`per_second` counts per second: 1 for seconds, 1000 for milliseconds).
    Epoch {
        /// Which instant.
        moment: Moment,
        /// Counts per second.
        per_second: i64,
    },
    /// Text.
    Text(TextGen),
    /// An invertible encoding of a permuted row index: unique codes of a fixed length.
    TextKey {
        /// Length in characters.
        len: usize,
        /// Permutation of the row index.
        perm: Permutation,
    },
    /// Distinct text matching a pattern: the permuted row index numbers a match of the
    /// pattern with fixed repetitions ([`Pattern::nth`]).
    PatternKey {
        /// The pattern, every repetition fixed.
        pattern: Pattern,
        /// Permutation of the row index over the pattern's matches.
        perm: Permutation,
    },
    /// Text matching a pattern.
    Pattern {
        /// The pattern.
        pattern: Pattern,
        /// Longest.
        max_len: u64,
    },
    /// UUIDs; unique ones embed a bijection of the row index.
    Uuid {
        /// Distinct per row.
        unique: bool,
        /// The bijection's key (from the column's key, so columns differ).
        key: u64,
    },
    /// One label.
    Enum(Vec<String>),
    /// A non-empty subset of labels, comma-separated.
    Set(Vec<String>),
    /// A small JSON document (data version 1: one shape for every column).
    Json,
    /// A JSON document shaped as the column's name says (data version 2).
    Document(Doc),
    /// A small XML document.
    Xml,
    /// An IPv4 address (`inet`).
    Inet,
    /// An IPv4 network (`cidr`).
    Cidr,
    /// A MAC address (6 or 8 bytes).
    Mac {
        /// `macaddr8`.
        eight: bool,
    },
    /// Bit strings.
    Bit {
        /// Length (maximum for varying).
        len: u64,
        /// `bit varying`.
        varying: bool,
    },
    /// PostgreSQL interval text.
    Interval,
    /// `tsvector` text.
    TsVector,
    /// `tsquery` text.
    TsQuery,
    /// A shape.
    Spatial(Shape),
    /// A PostgreSQL extension type's text form.
    Extension(Extension),
    /// A PostgreSQL range (`[lo,hi)`) of integers, decimals, dates or timestamps.
    PgRange(RangeKind),
    /// A composite value `(f1,f2,…)`, field by field.
    Composite(Vec<CompositeField>),
    /// A PostGIS geometry or geography in extended well-known text: `SRID=4326;POINT(…)`.
    Geo(Geo),
    /// A value that encodes a permutation of the row index, so no two rows share one:
    /// unique bytes, addresses, JSON documents, ….
    Keyed {
        /// What is written.
        kind: KeyKind,
        /// The permutation of the row index.
        perm: Permutation,
    },
    /// Random bytes.
    Bytes {
        /// Shortest.
        min: u64,
        /// Longest.
        max: u64,
    },
    /// An array of 0 to `max` elements.
    Array {
        /// The element generator.
        elem: Box<Gen>,
        /// Most elements.
        max: u64,
    },
    /// Values shaped by a profile: an exact number of NULL rows, a number of distinct
    /// values, numbers and dates following a histogram.
    Profiled(Box<Profiled>),
    /// A parent's total: the sum of its lines' `price × quantity` (data version 2), the
    /// lines being the rows of table `child` whose foreign key `fk` picks parents in
    /// contiguous blocks.
    Sum {
        /// The line table.
        child: usize,
        /// The line table's foreign key to this table (a per-parent pick).
        fk: usize,
        /// The line's price column.
        price: usize,
        /// The line's quantity column, if it has one.
        quantity: Option<usize>,
        /// Decimal places this column has beyond the price's.
        shift: u32,
    },
    /// The row's number within its parent's children, from 1 (a line table's
    /// `line_no`): foreign key `fk` picks parents in contiguous blocks.
    Ordinal {
        /// Index into the table's foreign-key plans (a per-parent pick).
        fk: usize,
    },
    /// An outcome's moment, set only when the row's status has reached it (data version
    /// 2): `shipped_at` of a `pending` order is NULL. `inner` draws the moment.
    When {
        /// The status column.
        status: usize,
        /// The statuses at which the moment is set.
        labels: Vec<Slot>,
        /// The moment's own generator.
        inner: Box<Gen>,
    },
    /// A share of another column of the row (data version 2, [`crate::plan`]'s
    /// `derive`): `base × rate` with `rate` drawn in `lo..=hi` (a tax of the subtotal,
    /// a cost of the list price), in this column's integer units (`10^shift` times the
    /// base's), kept within `min..=max`.
    Share {
        /// The column of the row it is a share of.
        base: usize,
        /// Lowest rate.
        lo: f64,
        /// Highest rate.
        hi: f64,
        /// This column's decimal places minus the base's.
        shift: i32,
        /// Lowest value the column holds.
        min: i128,
        /// Highest value the column holds.
        max: i128,
    },
    /// The sum of other columns of the row, each added or (when `true`) subtracted,
    /// scaled by `10^shift` to this column's decimal places (`total = subtotal + tax −
    /// discount`), exactly while it stays within `min..=max`.
    Plus {
        /// (column, subtracted, shift).
        parts: Vec<(usize, bool, u32)>,
        /// Lowest value the column holds.
        min: i128,
        /// Highest value the column holds.
        max: i128,
    },
    /// A parent's column at the row a foreign key picks (a line's unit price from its
    /// product); `fallback` when the key is NULL or picks a row that existed before.
    Copy {
        /// Index into the table's foreign-key plans.
        fk: usize,
        /// The parent's column.
        column: usize,
        /// Used when there is no new parent row to copy from.
        fallback: Box<Gen>,
    },
    /// A column of a foreign key: the parent's value at the picked parent row.
    Ref {
        /// Index into the table's foreign-key plans.
        fk: usize,
        /// Position within the foreign key's columns.
        pos: usize,
    },
}

impl Gen {
    /// The columns of the row this generator reads, which are evaluated before it.
    pub fn reads(&self) -> Vec<usize> {
        match self {
            Gen::After { base, .. } | Gen::Share { base, .. } => vec![*base],
            Gen::Plus { parts, .. } => parts.iter().map(|p| p.0).collect(),
            Gen::When { status, inner, .. } => {
                let mut r = inner.reads();
                r.push(*status);
                r
            }
            _ => Vec::new(),
        }
    }

    /// The bounds of a generator that draws integers of one unit from one range.
    pub fn range(&self) -> Option<(i128, i128, Unit)> {
        match self {
            Gen::Range { lo, hi, unit } => Some((*lo, *hi, *unit)),
            Gen::Skewed(k) => Some((k.lo, k.hi, k.unit)),
            Gen::Law(l) => Some((l.lo, l.hi, l.unit)),
            _ => None,
        }
    }
}

/// A number or moment drawn from a named law ([`Gen::Law`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Law {
    /// Which law, in the column's natural units (a price in currency units).
    pub kind: LawKind,
    /// Lowest, in the column's integer units.
    pub lo: i128,
    /// Highest, in the column's integer units.
    pub hi: i128,
    /// Integer units per natural unit (100 for a price in cents).
    pub scale: f64,
    /// Meaning of the numbers.
    pub unit: Unit,
    /// Written as a float.
    pub float: bool,
}

/// The laws of [`Law`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LawKind {
    /// Normal around `mean` with standard deviation `sd`.
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation.
        sd: f64,
    },
    /// Log-normal: `exp(mu + sigma · N)`.
    LogNormal {
        /// Mean of the logarithm (`ln median`).
        mu: f64,
        /// Standard deviation of the logarithm.
        sigma: f64,
    },
    /// Zipf over the integers from `lo`: `lo` most often.
    Zipf {
        /// Exponent.
        s: f64,
    },
    /// Moments that grow towards the upper bound, fewer on weekends, most in working
    /// hours (timestamps).
    Seasonal,
}

/// Relative weight of each hour of the day (0 to 23) for seasonal moments.
const HOURS: [f64; 24] = [
    0.15, 0.1, 0.08, 0.07, 0.07, 0.1, 0.2, 0.4, 0.7, 0.9, 1.0, 1.0, 0.95, 1.0, 1.0, 0.95, 0.9,
    0.85, 0.8, 0.75, 0.65, 0.55, 0.4, 0.25,
];
/// Relative weight of each weekday, Monday first.
const WEEKDAYS: [f64; 7] = [1.0, 1.0, 1.0, 0.97, 0.9, 0.55, 0.45];

/// A table of 1,024 indexes of `weights`, each taking a share of the slots in
/// proportion to its weight (built at compile time): one uniform `u` picks
/// `table[(u · 1024) as usize]`, a lookup instead of a walk over the weights.
const fn slots<const N: usize>(weights: &[f64; N]) -> [u8; 1024] {
    let mut total = 0.0;
    let mut i = 0;
    while i < N {
        total += weights[i];
        i += 1;
    }
    let mut table = [0u8; 1024];
    let (mut k, mut upto, mut slot) = (0, 0.0, 0);
    while k < N {
        upto += weights[k] / total * 1024.0;
        while slot < 1024 && (slot as f64) < upto {
            table[slot] = k as u8;
            slot += 1;
        }
        k += 1;
    }
    while slot < 1024 {
        table[slot] = (N - 1) as u8;
        slot += 1;
    }
    table
}

const HOUR_SLOTS: [u8; 1024] = slots(&HOURS);
const WEEKDAY_SLOTS: [u8; 1024] = slots(&WEEKDAYS);

fn slot(table: &[u8; 1024], u: f64) -> i64 {
    i64::from(table[((u * 1024.0) as usize).min(1023)])
}

/// The hour of a moment of the day, by the weights of [`HOURS`], from one uniform.
pub(crate) fn hour_of_day(u: f64) -> i64 {
    slot(&HOUR_SLOTS, u)
}

/// A seasonal moment in `lo..=hi` (seconds; days for [`Unit::Date`]): the week by a
/// density rising linearly towards `hi`, the weekday and the hour by their weights
/// (fewer at weekends and at night), the second uniform. Four draws and no rejection,
/// so its cost is the same for every row; a day past either bound moves a week in.
pub(crate) fn seasonal_moment(
    lo: i128,
    hi: i128,
    unit: Unit,
    s: &mut crate::random::rng::Stream,
) -> i128 {
    // In i64: moments fit, and 128-bit division is several times slower.
    let (Ok(lo64), Ok(hi64)) = (i64::try_from(lo), i64::try_from(hi)) else {
        return s.range_i128(lo, hi);
    };
    let day_len: i64 = if unit == Unit::Date { 1 } else { 86_400 };
    let (first, last) = (lo64.div_euclid(day_len), hi64.div_euclid(day_len));
    if last - first < 14 {
        return s.range_i128(lo, hi);
    }
    // The Monday on or before the first day (1970-01-01 was a Thursday).
    let monday = first - (first + 3).rem_euclid(7);
    let weeks = (last - monday) / 7 + 1;
    let w = ((weeks as f64 * s.unit().sqrt()) as i64).min(weeks - 1);
    let day = monday + 7 * w + slot(&WEEKDAY_SLOTS, s.unit());
    let mut t = match unit {
        Unit::Date => day,
        _ => day * 86_400 + hour_of_day(s.unit()) * 3600 + s.below(3600) as i64,
    };
    let week = 7 * day_len;
    if t > hi64 {
        t -= week;
    }
    if t < lo64 {
        t += week;
    }
    i128::from(t.clamp(lo64, hi64))
}

impl Law {
    /// Draws one value (in integer units) from `s`: redrawn up to eight times to fall
    /// within the bounds, then clamped.
    pub fn value(&self, s: &mut crate::random::rng::Stream) -> i128 {
        use crate::random::laws;
        let span = (self.hi - self.lo).max(0);
        for _ in 0..8 {
            let u = s.unit();
            let v = match self.kind {
                LawKind::Normal { mean, sd } => (mean + sd * laws::normal_quantile(u)) * self.scale,
                LawKind::LogNormal { mu, sigma } => {
                    laws::exp(mu + sigma * laws::normal_quantile(u)) * self.scale
                }
                LawKind::Zipf { s: e } => {
                    let n = u64::try_from(span + 1).unwrap_or(u64::MAX);
                    return self.lo + i128::from(laws::zipf_rank(n, e, u));
                }
                // Its own draws, never outside the bounds.
                LawKind::Seasonal => return seasonal_moment(self.lo, self.hi, self.unit, s),
            };
            let v = v.round();
            if v >= self.lo as f64 && v <= self.hi as f64 {
                return v as i128;
            }
        }
        (self.lo + self.hi) / 2
    }

    /// Writes one value.
    pub fn put(&self, s: &mut crate::random::rng::Stream, out: &mut Slot) {
        let v = self.value(s);
        if self.float {
            out.val = Val::Float(v as f64 / self.scale);
        } else {
            self.unit.put(v, out);
        }
    }
}

/// A right-skewed number ([`Gen::Skewed`]), in the column's integer units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Skewed {
    /// Lowest.
    pub lo: i128,
    /// Highest.
    pub hi: i128,
    /// Half the values are below.
    pub median: f64,
    /// Tail weight: the law's shape is `2^tail` (0: heaviest, 3: near-symmetric).
    pub tail: u8,
    /// Share of rows that hold `lo` exactly (a counter that is mostly 0).
    pub at_lo: f64,
    /// Values are multiples of this (whole units of a decimal quantity).
    pub step: i128,
    /// Meaning of the numbers.
    pub unit: Unit,
    /// Written as a float, in hundredths (a `real` price).
    pub float: bool,
}

/// `v` as the nearest f64, through i64 when it fits (the same value, without the
/// library call a 128-bit conversion takes).
fn as_f64(v: i128) -> f64 {
    match i64::try_from(v) {
        Ok(v) => v as f64,
        Err(_) => v as f64,
    }
}

impl Skewed {
    /// `(x / median)^(2^tail)`, by squaring.
    fn power(&self, x: f64) -> f64 {
        let mut r = x / self.median;
        for _ in 0..self.tail {
            r *= r;
        }
        r
    }

    /// The inverse of [`Skewed::power`], by square roots.
    fn root(&self, y: f64) -> f64 {
        let mut r = y;
        for _ in 0..self.tail {
            r = r.sqrt();
        }
        r * self.median
    }

    /// The distribution function at `x`: `p / (1 + p)` with `p = power(x)`.
    fn cdf(&self, x: f64) -> f64 {
        if x <= 0.0 {
            return 0.0;
        }
        let p = self.power(x);
        if p.is_infinite() {
            1.0
        } else {
            p / (1.0 + p)
        }
    }

    /// Writes the value for two uniform draws in `[0, 1)`.
    pub fn put(&self, u_lo: f64, u: f64, out: &mut Slot) {
        let v = self.value(u_lo, u);
        if self.float {
            out.val = Val::Float(v as f64 / 100.0);
        } else {
            self.unit.put(v, out);
        }
    }

    /// The value for two uniform draws in `[0, 1)`.
    pub fn value(&self, u_lo: f64, u: f64) -> i128 {
        if self.at_lo > 0.0 && u_lo < self.at_lo {
            return self.lo;
        }
        // Through i64 where the bounds fit (always, in practice): 128-bit conversions
        // and division are library calls, several times slower, with the same results.
        let (lo, hi) = (as_f64(self.lo), as_f64(self.hi));
        let (a, b) = (self.cdf(lo), self.cdf(hi + 1.0));
        let q = a + (b - a) * u;
        let x = if q >= 1.0 {
            hi
        } else {
            self.root(q / (1.0 - q))
        };
        let step = self.step.max(1);
        let v = match (i64::try_from(step), x.abs() < 9.0e18) {
            (Ok(1), true) => i128::from(x as i64),
            (Ok(step), true) => i128::from((x as i64).div_euclid(step) * step),
            // A decimal of many places (`numeric(65,30)`) counts past i64.
            _ => (x as i128).div_euclid(step) * step,
        };
        v.clamp(self.lo, self.hi)
    }
}

/// Extension types whose text form seedgen writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extension {
    /// `ltree`: a label path such as `Top.Science.Astronomy`.
    Ltree,
    /// `hstore`: `"key"=>"value", …`.
    Hstore,
    /// `cube`: `(x, y, z)`.
    Cube,
    /// pgvector `vector(n)`/`halfvec(n)`: `[0.12,-0.5,…]` with `n` components.
    Vector(u32),
    /// pgvector `sparsevec(n)`: `{1:0.5,7:-0.2}/n`.
    SparseVec(u32),
}

/// The element type of a PostgreSQL range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum RangeKind {
    Int,
    Numeric,
    Date,
    Timestamp,
    TimestampTz,
}

/// One field of a composite type.
#[derive(Debug, Clone)]
pub struct CompositeField {
    /// The field's generator.
    pub gen: Gen,
    /// Decimal scale of an integer-valued field (digits after the point).
    pub scale: u32,
}

/// A PostGIS shape: its geometry type, SRID and dimensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Geo {
    /// The geometry type.
    pub shape: GeoShape,
    /// The SRID, written as `SRID=n;` when set.
    pub srid: Option<u32>,
    /// A Z coordinate.
    pub z: bool,
    /// An M coordinate.
    pub m: bool,
    /// Longitude and latitude ranges (geography, or SRID 4326).
    pub geodetic: bool,
}

/// Geometry types of [`Geo`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum GeoShape {
    Point,
    LineString,
    Polygon,
    MultiPoint,
    MultiLineString,
    MultiPolygon,
    GeometryCollection,
}

/// What a [`Gen::Keyed`] value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// Bytes: the index in the first bytes (big-endian, `len` bytes at most 8), random
    /// bytes after, `len` bytes in all.
    Bytes {
        /// Length.
        len: u64,
    },
    /// An IPv4 address in 10.0.0.0/8, then IPv6 in fd00::/8.
    Inet,
    /// A /24 network in 10.0.0.0/8, then /32 hosts.
    Cidr,
    /// A locally administered MAC address (6 or 8 bytes).
    Mac {
        /// `macaddr8`.
        eight: bool,
    },
    /// A JSON object carrying the index.
    Json,
    /// An interval of the index in seconds.
    Interval,
    /// A bit string of `len` bits.
    Bit {
        /// Length.
        len: u64,
    },
    /// A range `[i, i+1)`.
    Range(RangeKind),
    /// An extension type's value carrying the index.
    Extension(Extension),
}

/// The alphabet of [`Gen::TextKey`] codes.
pub(crate) const ALNUM: &[char] = &[
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J',
    'K', 'L', 'M', 'N', 'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z',
];

/// The size of the [`Gen::TextKey`] alphabet.
pub const TEXT_KEY_BASE: u64 = ALNUM.len() as u64;

/// A column shaped by a profile (see [`Gen::Profiled`]).
///
/// Rows are ranked by a permutation of the table's rows: the first `nulls` ranks are
/// NULL, so the share of NULLs is exact. With `distinct`, values come from a pool of that
/// many: when the pool is large next to the rows (`spread`), rank `r` takes value
/// `r mod distinct`, so every value is used; when it is small, each row draws one.
#[derive(Debug, Clone)]
pub struct Profiled {
    /// Ranks the table's rows.
    pub perm: Permutation,
    /// Rows that are NULL.
    pub nulls: u64,
    /// Size of the value pool, if bounded.
    pub distinct: Option<u64>,
    /// Every pool value used in turn (large pools) instead of drawn (small pools).
    pub spread: bool,
    /// A pool of numbers shared among the histogram's buckets (data version 2): bucket
    /// `i` holds `per_bucket[i]` evenly spaced values, no more than the integers it
    /// spans, and every bucket the same share of rows, so a skewed histogram keeps its
    /// distinct count. Empty: the pool's values are evenly spaced over the whole range
    /// or its quantiles (version 1).
    pub per_bucket: Vec<u64>,
    /// Where values come from.
    pub source: ProfiledSource,
}

/// The integers a histogram bucket `[a, b)` holds (`[a, b]` for the last): its most
/// distinct values of its own (0 for a bucket within one integer, whose rows share
/// their neighbour's value).
pub fn bucket_integers(a: f64, b: f64, last: bool) -> u64 {
    (b.ceil() - a.ceil()).max(0.0) as u64 + u64::from(last && b.floor() >= a.ceil())
}

/// Where a [`Profiled`] column's values come from.
#[derive(Debug, Clone)]
pub enum ProfiledSource {
    /// Numbers or dates (in `unit`) between equal-depth histogram bounds: each of the
    /// `bounds.len() - 1` buckets holds the same share of the rows.
    Numbers {
        /// Ascending bounds, at least two.
        bounds: Vec<f64>,
        /// Meaning of the numbers.
        unit: Unit,
        /// A floating-point column (not rounded to integers).
        float: bool,
    },
    /// Another generator, made injective, evaluated at the pool index as if it were the
    /// row, from the pool index's own stream.
    Pool {
        /// The generator.
        gen: Box<Gen>,
        /// Keys the pool index's stream.
        key: ColumnKey,
    },
}

#[cfg(test)]
mod season_tests {
    use super::*;

    #[test]
    fn slot_tables_follow_their_weights() {
        let total: f64 = HOURS.iter().sum();
        for (h, w) in HOURS.iter().enumerate() {
            let n = HOUR_SLOTS.iter().filter(|&&x| usize::from(x) == h).count() as f64;
            assert!((n - w / total * 1024.0).abs() <= 1.0, "hour {h}: {n} slots");
        }
        assert_eq!(WEEKDAY_SLOTS[0], 0);
        assert_eq!(WEEKDAY_SLOTS[1023], 6);
        assert_eq!(hour_of_day(0.0), 0);
        assert_eq!(hour_of_day(0.999_999), 23);
    }
}
