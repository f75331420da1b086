//! Choosing a generator from a column's name and type, and saying why.
//!
//! Names are compared in a normal form (lower case, `_`, `-` and spaces removed), so
//! `first_name`, `FirstName` and `firstname` read alike. The first rule that matches
//! wins; the type then bounds the result (lengths, widths, precision).

use crate::plan::ir::{Doc, Moment, Sem};
use crate::schema::TypeClass;

/// What the name says the column holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Hint {
    /// A text generator.
    Text(Sem),
    /// An integer or decimal range (in the column's units, before scaling).
    Number {
        /// Name shown in the plan.
        name: &'static str,
        /// Lowest.
        lo: f64,
        /// Highest.
        hi: f64,
    },
    /// A point on the row's timeline.
    Timeline(Moment),
    /// A date of birth: 18 to 90 years before `as_of`.
    BirthDate,
    /// A date or time in the last `years` years (negative: in the future).
    Recent {
        /// Name shown in the plan.
        name: &'static str,
        /// How far back.
        years: f64,
    },
    /// True with this probability.
    Flag(f64),
    /// A flag no rule names (data version 2): true as often as its DEFAULT says (most
    /// rows hold the default), else in a share of rows of its own, from its name.
    OwnFlag,
    /// One of these labels, each with its weight (data version 2).
    Labels(&'static [(&'static str, u32)]),
    /// A JSON document shaped as the name says (data version 2, [`document`]).
    Json,
    /// A number drawn as its meaning says (data version 2).
    Measure {
        /// Name shown in the plan.
        name: &'static str,
        /// How the numbers fall.
        dist: Dist,
    },
}

/// How a measured number falls, in the units the column's name says (a price in
/// currency units, a duration in its suffix's units).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Dist {
    /// Right-skewed around `median` within `lo..=hi` ([`crate::plan::ir::Skewed`]): the
    /// law's shape is `2^tail`; `at_lo` of the rows hold `lo` itself; `whole` numbers
    /// only (a quantity in a decimal column).
    Skewed {
        /// Half the values are below.
        median: f64,
        /// Lowest.
        lo: f64,
        /// Highest.
        hi: f64,
        /// 0: heaviest tail (counters), 1: money, 2: salaries and ages, 3: narrow.
        tail: u8,
        /// Share of rows at `lo`.
        at_lo: f64,
        /// Whole numbers only.
        whole: bool,
    },
    /// Whole numbers, each with its weight (ratings, integer flags, ports).
    Levels(&'static [(i64, u32)]),
    /// Whole numbers in `lo..=hi`, equally likely (months, days, hours).
    Whole {
        /// Lowest.
        lo: i64,
        /// Highest.
        hi: i64,
    },
    /// Years between `oldest` and `newest` years before `as_of`.
    Years {
        /// Most years back.
        oldest: u16,
        /// Fewest years back.
        newest: u16,
    },
    /// A point of the row's timeline as a count since the Unix epoch, `per_second`
    /// counts a second (1: seconds, 1000: milliseconds).
    Epoch {
        /// Which instant.
        moment: Moment,
        /// Counts per second.
        per_second: i64,
    },
}

/// The normal form of a name.
pub fn normal(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '_' | '-' | ' ' | '.'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// One naming rule: the names it takes, the names it leaves, and what they hold. A name
/// matches when it is one of `is`, contains one of `has`, ends with one of `ends` or
/// starts with one of `starts`; and then also contains one of `with` (when given), is at
/// least `min_len` long, contains none of `unless`, and its table's name contains one of
/// `table` (when given).
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Whole names.
    pub is: &'static [&'static str],
    /// Parts of the name.
    pub has: &'static [&'static str],
    /// Endings.
    pub ends: &'static [&'static str],
    /// Beginnings.
    pub starts: &'static [&'static str],
    /// Parts the name must contain besides (`…name` of a `reviewer`).
    pub with: &'static [&'static str],
    /// Parts that stop the rule (`hotel` is not a phone).
    pub unless: &'static [&'static str],
    /// Parts of the table's name, one of which must be there.
    pub table: &'static [&'static str],
    /// The shortest name the rule takes.
    pub min_len: usize,
    /// What the column holds.
    pub hint: Hint,
    /// Why, as `seedgen plan` says it.
    pub why: &'static str,
}

const R: Rule = Rule {
    is: &[],
    has: &[],
    ends: &[],
    starts: &[],
    with: &[],
    unless: &[],
    table: &[],
    min_len: 0,
    hint: Hint::Text(Sem::Words),
    why: "",
};

const fn text(sem: Sem, why: &'static str) -> Rule {
    Rule {
        hint: Hint::Text(sem),
        why,
        ..R
    }
}

const fn number(name: &'static str, lo: f64, hi: f64) -> Rule {
    Rule {
        hint: Hint::Number { name, lo, hi },
        why: name,
        ..R
    }
}

impl Rule {
    /// Whether the rule takes column `n` of table `t` (both in normal form).
    pub fn matches(&self, n: &str, t: &str) -> bool {
        let named = self.is.contains(&n)
            || self.has.iter().any(|x| n.contains(x))
            || self.ends.iter().any(|x| n.ends_with(x))
            || self.starts.iter().any(|x| n.starts_with(x));
        named
            && (self.with.is_empty() || self.with.iter().any(|x| n.contains(x)))
            && n.len() >= self.min_len
            && !self.unless.iter().any(|x| n.contains(x))
            && (self.table.is_empty() || self.table.iter().any(|x| t.contains(x)))
    }
}

/// Names of an IP address column.
const IP_NAMES: &[&str] = &[
    "ip",
    "ipaddress",
    "ipaddr",
    "lastip",
    "remoteaddr",
    "clientip",
];

const PERSON_PARTS: &[&str] = &[
    "reviewer",
    "author",
    "contact",
    "customer",
    "employee",
    "person",
    "user",
    "owner",
    "manager",
    "sender",
    "recipient",
    "buyer",
    "seller",
];

/// Rules for text columns, in order: the first that matches wins. The specific ones come
/// before the general ones whose parts would catch them (`streetname` before `street`).
pub const TEXT_RULES: &[Rule] = &[
    // A version's number: `version`, `app_version`, `semver`, and `num` or `number` of
    // a table of versions.
    Rule {
        ends: &["version"],
        unless: &["conversion", "aversion"],
        ..text(Sem::Version, "version number")
    },
    Rule {
        is: &["semver"],
        ..text(Sem::Version, "version number")
    },
    Rule {
        is: &["num", "number", "versionnum", "name"],
        table: &["versions"],
        ..text(Sem::Version, "version number")
    },
    // People and places.
    Rule {
        ends: &["name"],
        with: PERSON_PARTS,
        unless: &["username", "company"],
        ..text(Sem::FullName, "person's name")
    },
    Rule {
        is: &["gender", "sex"],
        ..text(Sem::Gender, "gender")
    },
    Rule {
        is: &[
            "salutation",
            "titleofcourtesy",
            "nametitle",
            "courtesytitle",
        ],
        ..text(Sem::NameTitle, "salutation")
    },
    Rule {
        is: &["streettype", "streetsuffix"],
        ..text(Sem::StreetSuffix, "street type")
    },
    Rule {
        is: &["streetname"],
        ..text(Sem::LastName, "street name")
    },
    Rule {
        is: &[
            "streetnumber",
            "suitenumber",
            "housenumber",
            "buildingnumber",
        ],
        ..text(Sem::Address2, "building or suite number")
    },
    Rule {
        ends: &[
            "manager", "composer", "clerk", "creator", "owner", "director",
        ],
        is: &["author", "contact"],
        ..text(Sem::FullName, "person's name")
    },
    Rule {
        is: &["loginid", "login"],
        ..text(Sem::Username, "user name")
    },
    Rule {
        has: &["desc"],
        unless: &["descend"],
        ..text(Sem::Paragraph, "description")
    },
    Rule {
        has: &["firstname"],
        ..text(Sem::FirstName, "first name")
    },
    Rule {
        has: &["lastname"],
        ..text(Sem::LastName, "last name")
    },
    Rule {
        has: &["pass"],
        unless: &["passenger", "passage"],
        ..text(Sem::Password, "password hash")
    },
    Rule {
        is: &["contacttitle", "jobtitle"],
        ..text(Sem::JobTitle, "job title")
    },
    Rule {
        ends: &["region"],
        ..text(Sem::State, "region")
    },
    Rule {
        ends: &["flag"],
        ..text(Sem::YesNo, "yes/no flag")
    },
    Rule {
        starts: &["is"],
        min_len: 4,
        ..text(Sem::YesNo, "yes/no flag")
    },
    Rule {
        ends: &["id"],
        min_len: 3,
        ..text(Sem::Code, "business key")
    },
    Rule {
        ends: &["date", "time", "deleted", "modified", "added"],
        starts: &["date"],
        unless: &["timezone", "update"],
        ..text(Sem::DateText, "date or time stored as text")
    },
    // Contact details and addresses.
    Rule {
        has: &["email", "mail"],
        unless: &["mailing", "mailstop"],
        ..text(Sem::Email, "name mentions email")
    },
    Rule {
        is: &["firstname", "fname", "givenname", "forename"],
        ..text(Sem::FirstName, "first name")
    },
    Rule {
        is: &["lastname", "lname", "surname", "familyname"],
        ..text(Sem::LastName, "last name")
    },
    Rule {
        is: &["middlename"],
        ..text(Sem::MiddleName, "middle name")
    },
    Rule {
        is: &[
            "fullname",
            "contactname",
            "customername",
            "employeename",
            "displayname",
            "author",
            "authorname",
            "ownername",
        ],
        ..text(Sem::FullName, "person's name")
    },
    Rule {
        is: &[
            "username",
            "login",
            "userlogin",
            "nickname",
            "handle",
            "nicename",
        ],
        ..text(Sem::Username, "user name")
    },
    Rule {
        has: &["password", "passwd", "pwdhash"],
        ..text(Sem::Password, "password hash")
    },
    Rule {
        has: &["phone", "mobile", "fax", "tel"],
        unless: &["hotel"],
        ..text(Sem::Phone, "phone number")
    },
    Rule {
        is: &[
            "address",
            "address1",
            "addressline1",
            "street",
            "streetaddress",
            "addr",
            "billingaddress",
            "shipaddress",
        ],
        ..text(Sem::Street, "street address")
    },
    Rule {
        is: &["address2", "addressline2"],
        ..text(Sem::Address2, "second address line")
    },
    Rule {
        ends: &["city", "town"],
        ..text(Sem::City, "city")
    },
    Rule {
        is: &[
            "state",
            "province",
            "region",
            "billingstate",
            "shipregion",
            "shipstate",
            "stateprovince",
            "district",
            "county",
        ],
        ..text(Sem::State, "state or region")
    },
    Rule {
        is: &["statecode", "stateabbr"],
        ..text(Sem::StateAbbr, "state code")
    },
    Rule {
        has: &["postal", "zip", "postcode"],
        ..text(Sem::PostalCode, "postal code")
    },
    Rule {
        is: &["countrycode", "countryregioncode", "countryiso", "iso2"],
        ..text(Sem::CountryCode, "country code")
    },
    Rule {
        ends: &["country"],
        table: &["countr"],
        ..text(Sem::AnyCountry, "country table")
    },
    Rule {
        ends: &["country", "nationality"],
        ..text(Sem::Country, "country of the row's address")
    },
    // Organisations, the web, money and time.
    Rule {
        has: &[
            "company",
            "employer",
            "organization",
            "organisation",
            "vendorname",
            "suppliername",
            "publisher",
        ],
        ..text(Sem::Company, "company name")
    },
    Rule {
        is: &["jobtitle", "position", "occupation", "role"],
        ..text(Sem::JobTitle, "job title")
    },
    Rule {
        is: &["industry", "sector"],
        ..text(Sem::Industry, "industry")
    },
    Rule {
        has: &["url", "website", "homepage", "link", "uri"],
        ..text(Sem::Url, "URL")
    },
    Rule {
        has: &["domain", "hostname"],
        ..text(Sem::Domain, "domain name")
    },
    Rule {
        is: IP_NAMES,
        ..text(Sem::Ip, "IP address")
    },
    Rule {
        is: &["currency", "currencycode", "currencyid"],
        ..text(Sem::CurrencyCode, "currency code")
    },
    Rule {
        is: &["currencyname"],
        ..text(Sem::CurrencyName, "currency name")
    },
    Rule {
        has: &["timezone", "tz"],
        ..text(Sem::TimeZone, "time zone")
    },
    // Text, titles, codes and files.
    Rule {
        has: &[
            "description",
            "comment",
            "notes",
            "note",
            "body",
            "content",
            "summary",
            "bio",
            "message",
            "review",
            "remarks",
            "excerpt",
            "text",
        ],
        ..text(Sem::Paragraph, "long text")
    },
    Rule {
        is: &["title", "subject", "headline", "caption"],
        ..text(Sem::Title, "title")
    },
    Rule {
        is: &[
            "sku",
            "code",
            "productnumber",
            "partnumber",
            "serial",
            "serialnumber",
            "barcode",
            "ean",
            "isbn",
            "trackingnumber",
            "ordernumber",
            "accountnumber",
            "reference",
            "ref",
        ],
        ends: &["code", "number", "no"],
        ..text(Sem::Code, "code or number")
    },
    Rule {
        has: &["slug"],
        ..text(Sem::Slug, "slug")
    },
    Rule {
        has: &[
            "filename",
            "file",
            "path",
            "image",
            "photo",
            "picture",
            "avatar",
            "thumbnail",
        ],
        ..text(Sem::FileName, "file name")
    },
    Rule {
        has: &["color", "colour"],
        ..text(Sem::Color, "colour")
    },
    Rule {
        has: &[
            "hash",
            "token",
            "checksum",
            "signature",
            "secret",
            "key",
            "guid",
        ],
        ..text(Sem::Hash, "hash or token")
    },
    // Names, by what the table holds.
    Rule {
        is: &["productname", "product", "itemname", "item"],
        ..text(Sem::ProductName, "product name")
    },
    Rule {
        is: &["name"],
        table: &[
            "product", "item", "part", "film", "album", "track", "book", "game",
        ],
        ..text(Sem::ProductName, "product name")
    },
    Rule {
        is: &["name"],
        table: &[
            "customer", "person", "user", "employee", "staff", "artist", "actor", "author",
            "member", "contact", "student", "people",
        ],
        ..text(Sem::FullName, "name in a people table")
    },
    Rule {
        is: &["name"],
        table: &[
            "company",
            "vendor",
            "supplier",
            "store",
            "shop",
            "publisher",
            "client",
            "organization",
            "bank",
        ],
        ..text(Sem::Company, "name in a company table")
    },
    Rule {
        is: &[
            "label", "tag", "category", "genre", "type", "kind", "status", "state", "language",
        ],
        ends: &["name"],
        ..text(Sem::Words, "name or label")
    },
];

/// Rules for integer, decimal and float columns (their ranges in the column's units).
pub const NUMBER_RULES: &[Rule] = &[
    Rule {
        has: &[
            "price", "cost", "amount", "total", "subtotal", "balance", "fee", "charge", "payment",
            "freight", "tax", "revenue", "sales", "quota", "bonus",
        ],
        unless: &["id", "count"],
        ..number("price", 1.0, 1000.0)
    },
    Rule {
        has: &["salary", "income", "wage"],
        ..number("salary", 20000.0, 200000.0)
    },
    Rule {
        has: &["quantity", "qty", "stock", "units", "inventory", "onhand"],
        ..number("quantity", 1.0, 100.0)
    },
    Rule {
        is: &["age"],
        ..number("age", 18.0, 90.0)
    },
    Rule {
        has: &["rating", "stars"],
        ..number("rating", 1.0, 5.0)
    },
    Rule {
        has: &["percent", "pct", "discount", "ratio"],
        ..number("percentage", 0.0, 0.5)
    },
    Rule {
        has: &["latitude"],
        is: &["lat"],
        ..number("latitude", -90.0, 90.0)
    },
    Rule {
        has: &["longitude"],
        is: &["lng", "lon", "long"],
        ..number("longitude", -180.0, 180.0)
    },
    Rule {
        has: &["year"],
        ..number("year", 1950.0, 2024.0)
    },
    Rule {
        has: &["weight", "height", "width", "depth", "size"],
        ..number("measure", 1.0, 100.0)
    },
    Rule {
        has: &["duration", "length", "minutes", "seconds", "hours", "days"],
        ..number("duration", 1.0, 240.0)
    },
    Rule {
        has: &["score"],
        ..number("score", 0.0, 100.0)
    },
    Rule {
        has: &["count", "num", "number"],
        ..number("count", 0.0, 100.0)
    },
];

/// Rules for date and timestamp columns.
pub const TIME_RULES: &[Rule] = &[
    Rule {
        has: &[
            "created",
            "inserted",
            "registered",
            "signup",
            "joined",
            "creation",
        ],
        hint: Hint::Timeline(Moment::Created),
        why: "creation time of the row",
        ..R
    },
    Rule {
        has: &["updated", "modified", "lastupdate", "changed", "edited"],
        hint: Hint::Timeline(Moment::Updated),
        why: "last change, at or after creation",
        ..R
    },
    Rule {
        has: &["birth", "dob", "born"],
        hint: Hint::BirthDate,
        why: "date of birth",
        ..R
    },
    Rule {
        has: &["expire", "expiry", "due", "valid", "until"],
        hint: Hint::Recent {
            name: "future_date",
            years: -2.0,
        },
        why: "future date",
        ..R
    },
];

/// Date and timestamp columns whose name says the row's creation in words the
/// [`TIME_RULES`] miss (data version 2): `CREATE_TIME`, `create_date`, `date_added`;
/// and the moment of the event the row records (`ordered_at`, `rental_date`,
/// `invoice_date`), which is when it was created, so it follows its parents' creation
/// (an order after its customer signed up).
pub const MOMENT_RULES: &[Rule] = &[
    Rule {
        is: &[
            "createtime",
            "createdate",
            "createdon",
            "inserttime",
            "insertdate",
            "dateadded",
            "addedat",
            "addedon",
            "addeddate",
        ],
        hint: Hint::Timeline(Moment::Created),
        why: "creation time of the row",
        ..R
    },
    Rule {
        is: &[
            "orderedat",
            "orderdate",
            "ordertime",
            "placedat",
            "purchasedat",
            "purchasedate",
            "bookedat",
            "bookingdate",
            "rentaldate",
            "rentedat",
            "invoicedate",
            "invoicedat",
            "paymentdate",
            "transactiondate",
            "transactiontime",
            "submittedat",
            "requestedat",
            "requestdate",
            "postedat",
            "commentedat",
        ],
        hint: Hint::Timeline(Moment::Created),
        why: "the moment the row records, after its parents' creation",
        ..R
    },
];

/// Rules for boolean columns: the share of `true` by what the flag says.
pub const FLAG_RULES: &[Rule] = &[
    Rule {
        starts: &["is", "has"],
        ends: &["flag"],
        is: &["active", "enabled", "verified", "deleted", "published"],
        with: &["deleted", "disabled", "banned", "blocked", "archived"],
        hint: Hint::Flag(0.05),
        why: "flag",
        ..R
    },
    Rule {
        starts: &["is", "has"],
        ends: &["flag"],
        is: &["active", "enabled", "verified", "deleted", "published"],
        hint: Hint::Flag(0.8),
        why: "flag",
        ..R
    },
];

/// What a flag's name says of the usual state (data version 2).
const USUAL: &[&str] = &[
    "active",
    "enabled",
    "verified",
    "confirmed",
    "published",
    "visible",
    "approved",
    "valid",
    "available",
    "instock",
    "allowed",
    "accepted",
    "public",
    "paid",
    "success",
    "current",
    "live",
    "subscribed",
    "optin",
    "consent",
];

/// Rules for boolean columns from data version 2: true in the share of rows the flag's
/// meaning gives (a negated usual state and rare states in few rows, the usual state in
/// most), else as its DEFAULT says ([`Hint::OwnFlag`]).
pub const FLAG_SHARE_RULES: &[Rule] = &[
    Rule {
        starts: &[
            "in", "un", "not", "non", "isin", "isun", "isnot", "isnon", "dis",
        ],
        with: USUAL,
        unless: &["notif"],
        hint: Hint::Flag(0.06),
        why: "flag: the usual state negated",
        ..R
    },
    Rule {
        has: &[
            "deleted",
            "disabled",
            "banned",
            "blocked",
            "archived",
            "suspended",
            "locked",
            "spam",
            "fraud",
            "flagged",
            "hidden",
            "test",
            "sandbox",
            "error",
            "failed",
            "cancel",
            "refund",
            "bounced",
            "expired",
            "revoked",
            "dummy",
            "fake",
            "trash",
            "removed",
            "blacklist",
            "denied",
            "rejected",
            "overdue",
            "deceased",
        ],
        hint: Hint::Flag(0.04),
        why: "flag: a rare state",
        ..R
    },
    Rule {
        has: &[
            "admin",
            "superuser",
            "staff",
            "moderator",
            "internal",
            "vip",
            "premium",
            "featured",
            "sticky",
            "pinned",
            "promoted",
            "urgent",
            "important",
            "manual",
            "gift",
            "discontinued",
            "default",
            "primary",
            "anonymous",
            "guest",
            "override",
        ],
        hint: Hint::Flag(0.1),
        why: "flag: a few rows",
        ..R
    },
    Rule {
        has: USUAL,
        hint: Hint::Flag(0.88),
        why: "flag: the usual state",
        ..R
    },
    Rule {
        starts: &[""],
        hint: Hint::OwnFlag,
        why: "flag: as its DEFAULT says, else a share of its own",
        ..R
    },
];

const ORDER_STATUS: &[(&str, u32)] = &[
    ("delivered", 58),
    ("shipped", 12),
    ("paid", 6),
    ("processing", 6),
    ("pending", 7),
    ("cancelled", 6),
    ("returned", 3),
    ("refunded", 2),
];
const PAYMENT_STATUS: &[(&str, u32)] = &[
    ("paid", 78),
    ("pending", 10),
    ("failed", 6),
    ("refunded", 4),
    ("disputed", 2),
];
const POST_STATUS: &[(&str, u32)] = &[
    ("published", 72),
    ("draft", 20),
    ("pending", 4),
    ("private", 2),
    ("archived", 2),
];
const ACCOUNT_STATUS: &[(&str, u32)] = &[
    ("active", 82),
    ("inactive", 10),
    ("suspended", 5),
    ("closed", 3),
];
const TASK_STATUS: &[(&str, u32)] = &[
    ("done", 45),
    ("open", 25),
    ("in_progress", 18),
    ("blocked", 4),
    ("closed", 8),
];
const GENERIC_STATUS: &[(&str, u32)] = &[
    ("active", 70),
    ("inactive", 15),
    ("pending", 10),
    ("archived", 5),
];
const PRIORITY: &[(&str, u32)] = &[("medium", 48), ("low", 27), ("high", 20), ("urgent", 5)];
const ROLE: &[(&str, u32)] = &[
    ("member", 72),
    ("editor", 12),
    ("viewer", 9),
    ("admin", 5),
    ("owner", 2),
];
const VISIBILITY: &[(&str, u32)] = &[("public", 70), ("private", 22), ("unlisted", 8)];
const LEVEL: &[(&str, u32)] = &[
    ("beginner", 40),
    ("intermediate", 35),
    ("advanced", 20),
    ("expert", 5),
];
const LANGUAGE: &[(&str, u32)] = &[
    ("English", 46),
    ("Spanish", 12),
    ("German", 8),
    ("French", 8),
    ("Portuguese", 6),
    ("Japanese", 5),
    ("Chinese", 5),
    ("Italian", 4),
    ("Russian", 3),
    ("Dutch", 3),
];
const LANGUAGE_CODE: &[(&str, u32)] = &[
    ("en", 46),
    ("es", 12),
    ("de", 8),
    ("fr", 8),
    ("pt", 6),
    ("ja", 5),
    ("zh", 5),
    ("it", 4),
    ("ru", 3),
    ("nl", 3),
];
const LOCALE: &[(&str, u32)] = &[
    ("en_US", 40),
    ("en_GB", 10),
    ("es_ES", 8),
    ("de_DE", 8),
    ("fr_FR", 8),
    ("pt_BR", 7),
    ("ja_JP", 5),
    ("zh_CN", 5),
    ("it_IT", 5),
    ("nl_NL", 4),
];
const KIND: &[(&str, u32)] = &[
    ("standard", 60),
    ("premium", 18),
    ("basic", 14),
    ("custom", 5),
    ("other", 3),
];
const PAYMENT_METHOD: &[(&str, u32)] = &[
    ("card", 62),
    ("bank_transfer", 16),
    ("paypal", 14),
    ("cash", 5),
    ("voucher", 3),
];
const MIME_TYPE: &[(&str, u32)] = &[
    ("image/jpeg", 34),
    ("image/png", 26),
    ("application/pdf", 18),
    ("text/plain", 8),
    ("application/json", 6),
    ("image/gif", 4),
    ("video/mp4", 4),
];
const CATEGORY: &[(&str, u32)] = &[
    ("General", 20),
    ("Electronics", 14),
    ("Books", 12),
    ("Home", 11),
    ("Clothing", 10),
    ("Sports", 9),
    ("Toys", 8),
    ("Garden", 6),
    ("Health", 6),
    ("Music", 4),
];

const fn labels(words: &'static [(&'static str, u32)], why: &'static str) -> Rule {
    Rule {
        hint: Hint::Labels(words),
        why,
        ..R
    }
}

const ORDERS: &[&str] = &[
    "order", "shipment", "deliver", "purchase", "cart", "rental", "booking",
];
const PAYMENTS: &[&str] = &[
    "payment",
    "invoice",
    "transaction",
    "charge",
    "refund",
    "payout",
];
const POSTS: &[&str] = &[
    "post", "article", "page", "comment", "content", "review", "blog",
];
const ACCOUNTS: &[&str] = &[
    "user", "account", "customer", "member", "subscri", "client", "employee",
];
const TASKS: &[&str] = &["task", "ticket", "issue", "job", "todo", "workflow", "run"];

/// Text columns whose name says what they hold (data version 2), tried before
/// [`TEXT_RULES`]: moments kept as text, and categorical columns with the labels such a
/// column holds in production and their usual shares (most orders delivered, few
/// cancelled). A CHECK or enum's own list wins over these.
pub const VOCABULARY_RULES: &[Rule] = &[
    // Moments kept as text (SQLite has no timestamp type): `joined_at`, `published_at`,
    // `expires_at`, `last_seen_at` hold timestamps, not sentences.
    Rule {
        ends: &[
            "edat",
            "startsat",
            "endsat",
            "expiresat",
            "seenat",
            "sentat",
            "dueat",
            "loginat",
        ],
        ..text(Sem::DateText, "moment kept as text")
    },
    // Codes in the formats their names say, with valid check digits.
    Rule {
        is: &["ean", "ean13", "eancode", "gtin", "gtin13", "barcode"],
        ..text(Sem::Ean13, "EAN-13 barcode")
    },
    Rule {
        is: &["upc", "upca", "upccode"],
        ..text(Sem::Upc, "UPC-A barcode")
    },
    Rule {
        is: &["isbn", "isbn13"],
        ..text(Sem::Isbn13, "ISBN-13")
    },
    Rule {
        has: &["iban"],
        ..text(Sem::Iban, "IBAN")
    },
    Rule {
        is: &[
            "cardnumber",
            "ccnumber",
            "creditcard",
            "creditcardnumber",
            "cardno",
            "debitcardnumber",
        ],
        ..text(Sem::CardNumber, "card number (test prefixes)")
    },
    Rule {
        has: &["privateip", "internalip", "localip", "lanip"],
        ..text(Sem::PrivateIp, "private IPv4 address")
    },
    Rule {
        is: IP_NAMES,
        has: &[
            "remoteip", "userip", "sourceip", "signupip", "loginip", "signinip",
        ],
        ends: &["ipaddress"],
        ..text(Sem::PublicIp, "public IPv4 address")
    },
    Rule {
        has: &[
            "hexcolor",
            "colorhex",
            "hexcolour",
            "colourhex",
            "colorcode",
        ],
        ..text(Sem::HexColor, "hex colour")
    },
    Rule {
        is: &["color", "colour", "bgcolor", "backgroundcolor", "textcolor"],
        table: &[
            "label", "tag", "theme", "categor", "status", "board", "calendar", "project",
        ],
        ..text(Sem::HexColor, "hex colour of a label")
    },
    Rule {
        is: &[
            "iso3",
            "alpha3",
            "countrycode3",
            "countryiso3",
            "countryalpha3",
            "isoalpha3",
            "iso3166alpha3",
        ],
        ..text(Sem::CountryAlpha3, "ISO alpha-3 country code")
    },
    Rule {
        has: &["useragent"],
        is: &["ua", "browser"],
        ..text(Sem::UserAgent, "User-Agent header")
    },
    // Text columns that hold JSON by name (`settings_json`, `metadata`, `payload`).
    Rule {
        ends: &["json"],
        is: &[
            "metadata",
            "meta",
            "settings",
            "preferences",
            "payload",
            "properties",
            "attributes",
            "options",
            "config",
            "configuration",
            "extra",
            "extras",
        ],
        hint: Hint::Json,
        why: "JSON document",
        ..R
    },
    Rule {
        ends: &["status", "state"],
        is: &["status"],
        table: ORDERS,
        unless: &["statement"],
        ..labels(ORDER_STATUS, "status of an order")
    },
    Rule {
        ends: &["status"],
        table: PAYMENTS,
        ..labels(PAYMENT_STATUS, "status of a payment")
    },
    Rule {
        ends: &["status"],
        table: POSTS,
        ..labels(POST_STATUS, "status of a post")
    },
    Rule {
        ends: &["status"],
        table: ACCOUNTS,
        ..labels(ACCOUNT_STATUS, "status of an account")
    },
    Rule {
        ends: &["status"],
        table: TASKS,
        ..labels(TASK_STATUS, "status of a task")
    },
    Rule {
        ends: &["status"],
        ..labels(GENERIC_STATUS, "status")
    },
    Rule {
        ends: &["priority"],
        ..labels(PRIORITY, "priority")
    },
    Rule {
        is: &["role", "userrole", "memberrole", "accessrole"],
        table: ACCOUNTS,
        ..labels(ROLE, "role of an account")
    },
    Rule {
        ends: &["visibility"],
        ..labels(VISIBILITY, "visibility")
    },
    Rule {
        ends: &["level", "difficulty"],
        unless: &["loglevel"],
        ..labels(LEVEL, "level")
    },
    Rule {
        is: &["language", "lang", "languagename", "preferredlanguage"],
        min_len: 0,
        ..labels(LANGUAGE, "language")
    },
    Rule {
        is: &["languagecode", "langcode", "languageiso", "iso6391"],
        ..labels(LANGUAGE_CODE, "language code")
    },
    Rule {
        ends: &["locale"],
        ..labels(LOCALE, "locale")
    },
    Rule {
        is: &["paymentmethod", "paymenttype", "method"],
        table: PAYMENTS,
        ..labels(PAYMENT_METHOD, "payment method")
    },
    Rule {
        is: &["paymentmethod"],
        ..labels(PAYMENT_METHOD, "payment method")
    },
    Rule {
        ends: &["mimetype", "contenttype", "mediatype", "filetype"],
        ..labels(MIME_TYPE, "MIME type")
    },
    Rule {
        is: &["category", "categoryname"],
        ..labels(CATEGORY, "category")
    },
    Rule {
        is: &[
            "type",
            "kind",
            "tier",
            "plan",
            "plantype",
            "accounttype",
            "usertype",
        ],
        ..labels(KIND, "type or kind")
    },
];

/// JSON documents by the column's name (data version 2), in order, compared on the
/// normal form: the first whose parts the name contains gives the shape; others are
/// [`Doc::Object`].
pub const DOCUMENT_RULES: &[(&[&str], Doc)] = &[
    (&["urls", "uris", "origins", "redirects"], Doc::Urls),
    (
        &["address", "location", "shipping", "billing"],
        Doc::Address,
    ),
    (&["scope", "permission", "grant", "roles"], Doc::Scopes),
    (&["tags", "labels", "keywords", "topics"], Doc::Tags),
    (
        &["setting", "preference", "prefs", "config", "option"],
        Doc::Settings,
    ),
    (
        &[
            "payload", "event", "body", "request", "response", "params", "webhook", "message",
        ],
        Doc::Payload,
    ),
    (
        &[
            "meta",
            "attribute",
            "propert",
            "extra",
            "info",
            "detail",
            "context",
            "data",
        ],
        Doc::Metadata,
    ),
];

/// The shape of a JSON column named `column` ([`DOCUMENT_RULES`]).
pub fn document(column: &str) -> Doc {
    let n = normal(column);
    DOCUMENT_RULES
        .iter()
        .find(|(parts, _)| parts.iter().any(|p| n.contains(p)))
        .map_or(Doc::Object, |&(_, d)| d)
}

/// A column that is a share of another of its row (data version 2): a tax of the
/// subtotal, a cost of the list price. Names in normal form, whole.
#[derive(Debug, Clone, Copy)]
pub struct ShareRule {
    /// Names of the share.
    pub names: &'static [&'static str],
    /// Names of what it is a share of, best first.
    pub of: &'static [&'static str],
    /// Lowest rate.
    pub lo: f64,
    /// Highest rate.
    pub hi: f64,
    /// Why, as `seedgen plan` says it.
    pub why: &'static str,
}

/// Shares by name ([`ShareRule`]).
pub const SHARE_RULES: &[ShareRule] = &[
    ShareRule {
        names: &[
            "tax",
            "taxamount",
            "taxtotal",
            "vat",
            "vatamount",
            "salestax",
            "totaltax",
            "taxamt",
        ],
        of: &[
            "subtotal",
            "netamount",
            "net",
            "nettotal",
            "amount",
            "total",
            "price",
        ],
        lo: 0.05,
        hi: 0.25,
        why: "tax, 5–25% of",
    },
    ShareRule {
        names: &[
            "cost",
            "unitcost",
            "standardcost",
            "costprice",
            "wholesaleprice",
            "purchaseprice",
            "buyprice",
        ],
        of: &[
            "listprice",
            "price",
            "unitprice",
            "retailprice",
            "saleprice",
            "sellingprice",
            "msrp",
        ],
        lo: 0.4,
        hi: 0.8,
        why: "cost, 40–80% of",
    },
    ShareRule {
        names: &["discount", "discountamount", "discounttotal"],
        of: &["subtotal", "amount", "price", "unitprice", "listprice"],
        lo: 0.0,
        hi: 0.15,
        why: "discount, 0–15% of",
    },
];

/// A row's total and what it adds (data version 2): `total = subtotal + tax +
/// shipping − discount`, when the row has the total, one of `base` and at least one of
/// the others.
pub const TOTAL_NAMES: &[&str] = &[
    "total",
    "grandtotal",
    "totalamount",
    "amounttotal",
    "totaldue",
    "ordertotal",
    "invoicetotal",
];
/// What a total starts from.
pub const TOTAL_BASE: &[&str] = &["subtotal", "netamount", "net", "nettotal"];
/// What a total adds to its base.
pub const TOTAL_ADDS: &[&str] = &[
    "tax",
    "taxamt",
    "taxamount",
    "taxtotal",
    "vat",
    "vatamount",
    "salestax",
    "totaltax",
    "shipping",
    "shippingcost",
    "shippingamount",
    "freight",
    "handling",
    "fee",
    "fees",
    "servicefee",
];
/// What a total subtracts from its base.
pub const TOTAL_SUBTRACTS: &[&str] = &["discount", "discountamount", "discounttotal"];

/// Outcomes and the statuses that have reached them (data version 2): a nullable moment
/// column named for the outcome (`shipped_at`, `date_cancelled`) is set only in rows
/// whose status is one of these, and NULL in the others, when the status column's
/// labels include at least one of them.
pub const OUTCOMES: &[(&[&str], &[&str])] = &[
    (
        &["shipped", "dispatched"],
        &[
            "shipped",
            "delivered",
            "completed",
            "complete",
            "returned",
            "refunded",
            "intransit",
            "outfordelivery",
            "fulfilled",
            "closed",
        ],
    ),
    (
        &["delivered"],
        &[
            "delivered",
            "completed",
            "complete",
            "returned",
            "refunded",
            "fulfilled",
            "closed",
        ],
    ),
    (
        &["cancelled", "canceled"],
        &["cancelled", "canceled", "voided", "void"],
    ),
    (
        &["completed", "finished"],
        &[
            "completed",
            "complete",
            "done",
            "finished",
            "closed",
            "resolved",
            "delivered",
            "succeeded",
            "success",
        ],
    ),
    (
        &["paid"],
        &[
            "paid",
            "completed",
            "complete",
            "shipped",
            "delivered",
            "refunded",
            "settled",
            "captured",
            "succeeded",
            "fulfilled",
        ],
    ),
    (&["refunded"], &["refunded", "partiallyrefunded"]),
    (&["returned"], &["returned", "refunded"]),
    (
        &["closed"],
        &["closed", "resolved", "done", "completed", "archived"],
    ),
    (&["resolved"], &["resolved", "closed", "done"]),
    (
        &["approved", "accepted"],
        &["approved", "accepted", "active", "published"],
    ),
    (
        &["rejected", "declined", "denied"],
        &["rejected", "declined", "denied"],
    ),
    (&["failed"], &["failed", "error", "errored"]),
    (&["published"], &["published", "live"]),
    (&["archived"], &["archived"]),
];

/// The statuses at which column `column` (an outcome's moment) is set, by its name.
pub fn outcome_statuses(column: &str) -> Option<&'static [&'static str]> {
    let n = normal(column);
    OUTCOMES
        .iter()
        .find(|(stems, _)| stems.iter().any(|s| n.contains(s)))
        .map(|(_, labels)| *labels)
}

/// Lookup tables and the rows their vocabulary holds (data version 2): a table named
/// for one of these (by its last word, singular or plural) defaults to that many rows,
/// not the global count.
pub const LOOKUP_TABLES: &[(&[&str], u64, &str)] = &[
    (&["status", "statuses"], 6, "statuses"),
    (&["priority", "priorities"], 4, "priorities"),
    (&["type", "types", "kind", "kinds"], 8, "types"),
    (&["role", "roles"], 5, "roles"),
    (&["gender", "genders"], 3, "genders"),
    (&["category", "categories"], 25, "categories"),
    (&["genre", "genres"], 20, "genres"),
    (&["currency", "currencies"], 30, "currencies"),
    (&["language", "languages"], 40, "languages"),
    (&["locale", "locales"], 30, "locales"),
    (&["timezone", "timezones"], 60, "time zones"),
    (&["country", "countries"], 195, "countries"),
];

/// The vocabulary size of a lookup table named `table` ([`LOOKUP_TABLES`]), and what
/// it holds.
pub fn lookup_size(table: &str) -> Option<(u64, &'static str)> {
    let lower = table.to_lowercase();
    let last = lower.rsplit(['_', '-', ' ', '.']).next().unwrap_or(&lower);
    // CamelCase: the last capitalised word (`OrderStatus`).
    let last = match table.rfind(|c: char| c.is_uppercase()) {
        Some(k) if k > 0 && table.is_ascii() && !table.contains('_') => &lower[k..],
        _ => last,
    };
    LOOKUP_TABLES
        .iter()
        .find(|(names, _, _)| names.contains(&last))
        .map(|&(_, n, what)| (n, what))
}

/// The data version 2 rule for column `column` of table `table`: its vocabulary for
/// text ([`VOCABULARY_RULES`]), the row's creation for dates ([`MOMENT_RULES`]), its
/// measure for numbers ([`MEASURE_RULES`], TPC-style
/// prefixes such as `l_quantity` taken off when the whole name has none).
pub fn vocabulary(table: &str, column: &str, class: TypeClass) -> Option<(Hint, &'static str)> {
    let (rules, prefixed) = match class {
        TypeClass::Text => (VOCABULARY_RULES, false),
        TypeClass::Int(_) | TypeClass::Decimal | TypeClass::Float => (MEASURE_RULES, true),
        TypeClass::Date | TypeClass::Timestamp => (MOMENT_RULES, false),
        TypeClass::Bool => (FLAG_SHARE_RULES, true),
        _ => return None,
    };
    let t = normal(table);
    let find = |c: &str| {
        let n = normal(c);
        rules
            .iter()
            .find(|r| r.matches(&n, &t))
            .map(|r| (r.hint, r.why))
    };
    find(column).or_else(|| {
        let (prefix, rest) = column.split_once('_')?;
        (prefixed && prefix.len() <= 4 && !rest.is_empty()).then(|| find(rest))?
    })
}

const fn measure(name: &'static str, dist: Dist) -> Rule {
    Rule {
        hint: Hint::Measure { name, dist },
        why: name,
        ..R
    }
}

/// A right-skewed measure with no share at its lowest value.
const fn skewed(median: f64, lo: f64, hi: f64, tail: u8) -> Dist {
    Dist::Skewed {
        median,
        lo,
        hi,
        tail,
        at_lo: 0.0,
        whole: false,
    }
}

/// A right-skewed count: whole numbers, `at_lo` of them exactly `lo`.
const fn counted(median: f64, lo: f64, hi: f64, tail: u8, at_lo: f64) -> Dist {
    Dist::Skewed {
        median,
        lo,
        hi,
        tail,
        at_lo,
        whole: true,
    }
}

const MEDIA: &[&str] = &[
    "track", "song", "video", "film", "movie", "episode", "clip", "media",
];
const TIMESTAMP_ENDS: &[&str] = &[
    "edat",
    "sentat",
    "seenat",
    "dueat",
    "loginat",
    "startsat",
    "endsat",
    "expiresat",
    "timestamp",
    "epoch",
    "unixtime",
    "createdtime",
    "updatedtime",
    "modifiedtime",
];
const CHANGE_PARTS: &[&str] = &[
    "updated",
    "modified",
    "changed",
    "edited",
    "seen",
    "login",
    "synced",
    "refreshed",
];

/// Numeric columns whose name says what they measure (data version 2), tried before
/// [`NUMBER_RULES`]: money right-skewed around medians that fit the column, rates,
/// quantities, counters, ratings, durations by their units, parts of dates, epoch
/// timestamps, integer flags. A CHECK's bounds narrow them; a profile wins over them.
pub const MEASURE_RULES: &[Rule] = &[
    // Epoch timestamps kept in integers: milliseconds when the name says so.
    Rule {
        ends: &["atms", "timems", "tsms", "epochms", "timestampms", "millis"],
        with: &[
            "created", "updated", "modified", "at", "time", "ts", "epoch",
        ],
        ..measure(
            "epoch_millis",
            Dist::Epoch {
                moment: Moment::Created,
                per_second: 1000,
            },
        )
    },
    Rule {
        ends: TIMESTAMP_ENDS,
        is: &["updated", "modified", "lastseen", "lastlogin"],
        with: CHANGE_PARTS,
        ..measure(
            "epoch_seconds",
            Dist::Epoch {
                moment: Moment::Updated,
                per_second: 1,
            },
        )
    },
    Rule {
        ends: TIMESTAMP_ENDS,
        is: &["created", "ts"],
        ..measure(
            "epoch_seconds",
            Dist::Epoch {
                moment: Moment::Created,
                per_second: 1,
            },
        )
    },
    // Integer flags.
    Rule {
        starts: &["is", "has"],
        is: &[
            "active",
            "enabled",
            "verified",
            "deleted",
            "published",
            "visible",
            "approved",
        ],
        with: &[
            "deleted",
            "disabled",
            "banned",
            "blocked",
            "archived",
            "spam",
            "suspended",
            "admin",
            "superuser",
            "staff",
            "test",
            "locked",
            "hidden",
            "internal",
            "featured",
            "flagged",
        ],
        unless: &["id", "count", "isbn", "issue", "hash", "isolation"],
        ..measure("flag", Dist::Levels(&[(0, 95), (1, 5)]))
    },
    Rule {
        starts: &["is", "has"],
        is: &[
            "active",
            "enabled",
            "verified",
            "published",
            "visible",
            "approved",
        ],
        unless: &["id", "count", "isbn", "issue", "hash", "isolation"],
        ..measure("flag", Dist::Levels(&[(0, 20), (1, 80)]))
    },
    // Money in minor units.
    Rule {
        ends: &["cents", "minor", "minorunits"],
        with: &["total", "amount", "balance", "revenue", "paid", "charge"],
        ..measure("money_cents", counted(9000.0, 50.0, 10_000_000.0, 1, 0.0))
    },
    Rule {
        ends: &["cents", "minor", "minorunits"],
        ..measure("money_cents", counted(2500.0, 50.0, 1_000_000.0, 1, 0.0))
    },
    // Pay.
    Rule {
        has: &["hourlyrate", "hourlywage", "payrate", "hourlypay"],
        ..measure("hourly_pay", skewed(25.0, 8.0, 250.0, 2))
    },
    Rule {
        has: &["salary", "income", "wage"],
        ..measure("salary", skewed(55_000.0, 15_000.0, 400_000.0, 2))
    },
    Rule {
        has: &["bonus", "commission"],
        unless: &["rate", "pct", "percent"],
        ..measure("bonus", counted(2000.0, 0.0, 100_000.0, 1, 0.3))
    },
    // Rates and shares: percentages from 0 to 30 (fractions where the column cannot
    // hold 30, percentages where it cannot hold a fraction).
    Rule {
        is: &["rate", "pct", "percent", "percentage"],
        ends: &["rate", "pct", "percent", "percentage"],
        unless: &[
            "exchange", "frame", "bit", "heart", "sample", "refresh", "hourly", "baud", "rental",
        ],
        ..measure("percentage", skewed(8.0, 0.0, 30.0, 1))
    },
    Rule {
        has: &["discount", "ratio", "fraction", "probability"],
        unless: &["id", "code", "type", "amount"],
        ..measure(
            "discount",
            Dist::Skewed {
                median: 0.1,
                lo: 0.0,
                hi: 0.3,
                tail: 2,
                at_lo: 0.6,
                whole: false,
            },
        )
    },
    // Money by what it is: totals in the hundreds, prices in the tens.
    Rule {
        has: &["tax"],
        is: &["vat"],
        ends: &["vat", "vatamount"],
        unless: &["id", "count", "rate", "code", "number", "exempt"],
        ..measure("tax", skewed(9.0, 0.0, 5000.0, 1))
    },
    Rule {
        has: &[
            "freight", "shipping", "fee", "charge", "handling", "postage",
        ],
        unless: &[
            "id", "count", "type", "method", "zone", "address", "class", "feet", "coffee",
        ],
        ..measure("fee", skewed(12.0, 0.0, 1000.0, 1))
    },
    Rule {
        has: &[
            "total",
            "subtotal",
            "amount",
            "balance",
            "payment",
            "paid",
            "revenue",
            "sales",
            "acctbal",
            "budget",
            "quota",
            "creditlimit",
            "refund",
            "deposit",
            "due",
        ],
        unless: &[
            "id",
            "count",
            "items",
            "quantity",
            "qty",
            "units",
            "votes",
            "views",
            "hits",
            "clicks",
            "visits",
            "plays",
            "downloads",
            "likes",
            "users",
            "members",
            "pages",
            "hours",
            "days",
            "minutes",
            "seconds",
            "weight",
        ],
        ..measure("amount", skewed(120.0, 1.0, 50_000.0, 1))
    },
    Rule {
        has: &[
            "price",
            "cost",
            "msrp",
            "rrp",
            "charge",
            "fare",
            "rentalrate",
        ],
        unless: &["id", "count"],
        ..measure("price", skewed(20.0, 0.5, 5000.0, 1))
    },
    // Quantities and stock.
    Rule {
        has: &["quantity", "qty"],
        unless: &["stock", "onhand", "available", "reorder"],
        ..measure("quantity", counted(2.0, 1.0, 1000.0, 1, 0.0))
    },
    Rule {
        has: &["onorder", "backorder"],
        ..measure("stock", counted(20.0, 0.0, 10_000.0, 1, 0.7))
    },
    Rule {
        has: &["stock", "inventory", "onhand", "available", "reorder"],
        unless: &["id", "date"],
        ..measure("stock", counted(40.0, 0.0, 100_000.0, 1, 0.05))
    },
    // Ratings skewed to the top.
    Rule {
        has: &["rating", "stars"],
        unless: &["count", "id", "mpaa", "code", "system"],
        ..measure(
            "rating",
            Dist::Levels(&[(1, 4), (2, 5), (3, 12), (4, 34), (5, 45)]),
        )
    },
    Rule {
        is: &["age", "ageyears", "ageinyears"],
        ..measure("age", skewed(38.0, 18.0, 90.0, 2))
    },
    // Durations by their units; media lengths for tracks and films.
    Rule {
        is: &["milliseconds", "ms", "durationms", "lengthms", "millis"],
        table: MEDIA,
        ..measure(
            "duration_ms",
            counted(240_000.0, 30_000.0, 1_200_000.0, 2, 0.0),
        )
    },
    Rule {
        is: &["milliseconds", "ms", "millis"],
        ends: &[
            "durationms",
            "timems",
            "latencyms",
            "elapsedms",
            "delayms",
            "timeoutms",
            "intervalms",
            "ttlms",
            "lengthms",
            "milliseconds",
        ],
        ..measure("duration_ms", counted(150.0, 1.0, 600_000.0, 1, 0.0))
    },
    Rule {
        is: &[
            "seconds",
            "duration",
            "durationseconds",
            "length",
            "lengthseconds",
        ],
        table: &["track", "song", "episode", "clip"],
        ..measure("duration_s", counted(240.0, 30.0, 1200.0, 2, 0.0))
    },
    Rule {
        is: &["length", "runtime", "runningtime", "duration", "minutes"],
        table: &["film", "movie"],
        ..measure("duration_min", counted(105.0, 45.0, 240.0, 3, 0.0))
    },
    Rule {
        ends: &["seconds", "secs", "durationsec", "timeoutsec", "ttl"],
        ..measure("duration_s", counted(60.0, 0.0, 86_400.0, 1, 0.0))
    },
    Rule {
        ends: &["minutes", "mins"],
        ..measure("duration_min", counted(45.0, 0.0, 1440.0, 1, 0.0))
    },
    Rule {
        ends: &["hours", "hrs"],
        ..measure("duration_h", counted(8.0, 0.0, 1000.0, 1, 0.0))
    },
    Rule {
        is: &[
            "rentalduration",
            "loanduration",
            "loanperiod",
            "trialdays",
            "rentalperiod",
        ],
        ..measure("duration_days", counted(5.0, 1.0, 14.0, 3, 0.0))
    },
    Rule {
        ends: &["days"],
        unless: &["holidays", "weekdays", "birthdays"],
        ..measure("duration_days", counted(7.0, 0.0, 365.0, 1, 0.0))
    },
    Rule {
        is: &["duration"],
        ..measure("duration", counted(30.0, 1.0, 3600.0, 1, 0.0))
    },
    // Parts of dates.
    Rule {
        is: &["month", "mon"],
        ends: &["month"],
        ..measure("month", Dist::Whole { lo: 1, hi: 12 })
    },
    Rule {
        ends: &["weekday", "dayofweek", "dow"],
        ..measure("weekday", Dist::Whole { lo: 1, hi: 7 })
    },
    Rule {
        is: &["day", "dayofmonth", "dom"],
        ends: &["day", "dayofmonth"],
        unless: &[
            "birthday", "today", "holiday", "payday", "midday", "workday", "everyday", "someday",
        ],
        ..measure("day_of_month", Dist::Whole { lo: 1, hi: 31 })
    },
    Rule {
        is: &["hour"],
        ends: &["hour"],
        unless: &["perhour", "happyhour"],
        ..measure("hour", Dist::Whole { lo: 0, hi: 23 })
    },
    Rule {
        is: &["minute"],
        ends: &["minute"],
        unless: &["perminute"],
        ..measure("minute", Dist::Whole { lo: 0, hi: 59 })
    },
    Rule {
        is: &["quarter", "qtr"],
        ends: &["quarter"],
        ..measure("quarter", Dist::Whole { lo: 1, hi: 4 })
    },
    Rule {
        has: &["birthyear", "yearofbirth", "yob"],
        ..measure(
            "birth_year",
            Dist::Years {
                oldest: 90,
                newest: 18,
            },
        )
    },
    Rule {
        is: &["year", "yr"],
        ends: &["year"],
        ..measure(
            "year",
            Dist::Years {
                oldest: 40,
                newest: 0,
            },
        )
    },
    // Counters: mostly small, a third none, a long tail.
    Rule {
        ends: &[
            "count",
            "views",
            "hits",
            "clicks",
            "downloads",
            "likes",
            "votes",
            "attempts",
            "retries",
            "visits",
            "plays",
            "shares",
            "followers",
            "following",
            "replies",
            "upvotes",
            "downvotes",
            "impressions",
            "opens",
            "failures",
            "errors",
        ],
        starts: &["num", "nb", "total"],
        unless: &["discount", "account", "number", "numeric", "numeral"],
        ..measure("counter", counted(3.0, 0.0, 10_000_000.0, 0, 0.35))
    },
    // Sizes and versions.
    Rule {
        ends: &[
            "bytes",
            "filesize",
            "sizeinbytes",
            "bytesize",
            "contentlength",
            "sizebytes",
        ],
        ..measure(
            "size_bytes",
            counted(200_000.0, 100.0, 10_000_000_000.0, 0, 0.0),
        )
    },
    Rule {
        is: &["version", "lockversion", "revision", "rev"],
        ..measure("version", counted(2.0, 1.0, 1000.0, 0, 0.3))
    },
    Rule {
        is: &["port"],
        ends: &[
            "portnumber",
            "serverport",
            "hostport",
            "localport",
            "remoteport",
            "listenport",
            "dbport",
            "smtpport",
            "sshport",
            "httpport",
        ],
        ..measure(
            "port",
            Dist::Levels(&[
                (443, 40),
                (80, 20),
                (8080, 10),
                (22, 8),
                (5432, 6),
                (3306, 6),
                (6379, 4),
                (25, 3),
                (53, 3),
            ]),
        )
    },
];

/// Temporal columns whose names say they come in order (data version 2): within one
/// sequence, a column named with a later stage is at or after one named with an earlier
/// stage and the same rest of the name (`start_date` ≤ `end_date`, `ordered_at` ≤
/// `shipped_at` ≤ `delivered_at`, `valid_from` ≤ `valid_to`). A stage is any of its
/// spellings at the start or the end of the name (normal form).
pub const DATE_SEQUENCES: &[&[&[&str]]] = &[
    &[
        &["start", "starts", "started", "starting"],
        &["end", "ends", "ended", "ending"],
    ],
    &[
        &["begin", "begins", "began", "beginning"],
        &["end", "ends", "ended", "ending"],
    ],
    &[&["from"], &["to", "until", "thru"]],
    &[
        &["open", "opens", "opened", "opening"],
        &["close", "closes", "closed", "closing"],
    ],
    &[&["checkin"], &["checkout"]],
    &[
        &["order", "ordered", "placed", "purchase", "purchased"],
        &["paid", "payment"],
        &["ship", "shipped", "shipping", "dispatched"],
        &["deliver", "delivered", "delivery"],
        &["return", "returned"],
    ],
    &[&["rent", "rental", "rented"], &["return", "returned"]],
    &[&["issue", "issued", "invoice", "invoiced"], &["due"]],
    &[&["order", "ordered", "placed"], &["required", "promised"]],
    &[&["issue", "issued", "invoice", "invoiced"], &["paid"]],
    &[&["hire", "hired"], &["termination", "terminated"]],
    &[&["requested", "request"], &["approved", "approval"]],
    &[&["submitted", "submission"], &["reviewed", "review"]],
    &[&["scheduled"], &["completed", "completion"]],
    &[&["started"], &["finished", "completed", "ended"]],
    &[&["sent"], &["delivered", "read", "opened"]],
    &[
        &["created", "creation"],
        &["deleted", "removed", "archived"],
    ],
];

/// The rests of name `n` once a spelling of a stage is taken off its start or its end
/// (`hiredate`: `date` without `hire`, `ate` without `hired`).
fn stage_rests(n: &str, spellings: &[&str]) -> Vec<String> {
    spellings
        .iter()
        .flat_map(|sp| [n.strip_prefix(sp), n.strip_suffix(sp)])
        .flatten()
        .map(str::to_string)
        .collect()
}

/// Whether column `later` comes at or after column `earlier` by their names (both in
/// normal form), per [`DATE_SEQUENCES`].
pub fn ordered_by_name(earlier: &str, later: &str) -> bool {
    DATE_SEQUENCES.iter().any(|seq| {
        seq.iter().enumerate().any(|(i, a)| {
            let xs = stage_rests(earlier, a);
            !xs.is_empty()
                && seq[i + 1..]
                    .iter()
                    .any(|b| stage_rests(later, b).iter().any(|y| xs.contains(y)))
        })
    })
}

/// The hint for column `column` of table `table`, given its type class, and the rule
/// that matched (for `seedgen plan`).
pub fn hint(table: &str, column: &str, class: TypeClass) -> Option<(Hint, &'static str)> {
    hint_exact(table, column, class).or_else(|| {
        // TPC-style prefixes: `ca_state`, `s_street_type`, `c_login`.
        let (prefix, rest) = column.split_once('_')?;
        (prefix.len() <= 4 && !rest.is_empty()).then(|| hint_exact(table, rest, class))?
    })
}

/// The rules for columns of `class`, in the order they are tried.
fn rules_for(class: TypeClass) -> &'static [Rule] {
    match class {
        TypeClass::Text => TEXT_RULES,
        TypeClass::Int(_) | TypeClass::Decimal | TypeClass::Float => NUMBER_RULES,
        TypeClass::Date | TypeClass::Timestamp => TIME_RULES,
        TypeClass::Bool => FLAG_RULES,
        _ => &[],
    }
}

fn hint_exact(table: &str, column: &str, class: TypeClass) -> Option<(Hint, &'static str)> {
    let (n, t) = (normal(column), normal(table));
    rules_for(class)
        .iter()
        .find(|r| r.matches(&n, &t))
        .map(|r| (r.hint, r.why))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_ordered_by_their_names() {
        for (a, b) in [
            ("start_date", "end_date"),
            ("starts_at", "ends_at"),
            ("valid_from", "valid_to"),
            ("date_from", "date_to"),
            ("rental_date", "return_date"),
            ("order_date", "shipped_date"),
            ("ShippedDate", "DeliveredDate"),
            ("issued_on", "due_on"),
            ("hire_date", "termination_date"),
            ("created_at", "deleted_at"),
        ] {
            assert!(ordered_by_name(&normal(a), &normal(b)), "{a} before {b}");
            assert!(
                !ordered_by_name(&normal(b), &normal(a)),
                "{b} not before {a}"
            );
        }
        for (a, b) in [
            ("start_date", "end_time"),
            ("from_city", "to_date"),
            ("total", "to"),
        ] {
            assert!(
                !ordered_by_name(&normal(a), &normal(b)),
                "{a}, {b}: different rests"
            );
        }
    }

    #[test]
    fn every_rule_names_something_and_says_why() {
        for r in TEXT_RULES
            .iter()
            .chain(NUMBER_RULES)
            .chain(TIME_RULES)
            .chain(FLAG_RULES)
            .chain(FLAG_SHARE_RULES)
        {
            let names = r.is.len() + r.has.len() + r.ends.len() + r.starts.len();
            assert!(names > 0 && !r.why.is_empty(), "{r:?}");
        }
        let phone = TEXT_RULES
            .iter()
            .find(|r| r.has.contains(&"phone"))
            .unwrap();
        assert!(phone.matches("mobilephone", "users"));
        assert!(
            !phone.matches("hoteltel", "users"),
            "`unless` stops the rule"
        );
        let id = TEXT_RULES.iter().find(|r| r.ends == ["id"]).unwrap();
        assert!(
            id.matches("orderid", "t") && !id.matches("id", "t"),
            "`min_len`"
        );
        let country = TEXT_RULES.iter().find(|r| r.table == ["countr"]).unwrap();
        assert!(country.matches("country", "countries") && !country.matches("country", "users"));
    }

    #[test]
    fn names_pick_semantic_generators() {
        let text = TypeClass::Text;
        assert_eq!(
            hint("users", "Email", text).unwrap().0,
            Hint::Text(Sem::Email)
        );
        assert_eq!(
            hint("users", "first_name", text).unwrap().0,
            Hint::Text(Sem::FirstName)
        );
        assert_eq!(
            hint("users", "LastName", text).unwrap().0,
            Hint::Text(Sem::LastName)
        );
        assert_eq!(
            hint("address", "city", text).unwrap().0,
            Hint::Text(Sem::City)
        );
        assert_eq!(
            hint("address", "postal_code", text).unwrap().0,
            Hint::Text(Sem::PostalCode)
        );
        assert_eq!(
            hint("country", "country", text).unwrap().0,
            Hint::Text(Sem::AnyCountry)
        );
        assert_eq!(
            hint("customer", "Phone", text).unwrap().0,
            Hint::Text(Sem::Phone)
        );
        assert_eq!(
            hint("t", "homepage_url", text).unwrap().0,
            Hint::Text(Sem::Url)
        );
        assert!(hint("t", "zzz", text).is_none());
        assert!(matches!(
            hint("orders", "unit_price", TypeClass::Decimal).unwrap().0,
            Hint::Number { name: "price", .. }
        ));
        assert_eq!(
            hint("orders", "updated_at", TypeClass::Timestamp)
                .unwrap()
                .0,
            Hint::Timeline(Moment::Updated)
        );
    }
}

#[cfg(test)]
mod prefix_tests {
    use super::*;

    #[test]
    fn tpc_prefixes_are_looked_through() {
        assert_eq!(
            hint("customer_address", "ca_street_type", TypeClass::Text).map(|h| h.0),
            Some(Hint::Text(Sem::StreetSuffix))
        );
        assert_eq!(
            hint("store", "s_manager", TypeClass::Text).map(|h| h.0),
            Some(Hint::Text(Sem::FullName))
        );
    }
}
