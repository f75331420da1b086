//! Choosing a generator from a column's name and type, and saying why.
//!
//! Names are compared in a normal form (lower case, `_`, `-` and spaces removed), so
//! `first_name`, `FirstName` and `firstname` read alike. The first rule that matches
//! wins; the type then bounds the result (lengths, widths, precision).

use crate::plan::ir::{Moment, Sem};
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
}

/// The normal form of a name.
pub fn normal(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '_' | '-' | ' ' | '.'))
        .flat_map(char::to_lowercase)
        .collect()
}

fn is(n: &str, names: &[&str]) -> bool {
    names.contains(&n)
}

fn ends(n: &str, suffixes: &[&str]) -> bool {
    suffixes.iter().any(|s| n.ends_with(s))
}

fn has(n: &str, parts: &[&str]) -> bool {
    parts.iter().any(|s| n.contains(s))
}

/// Rules that must run before the general ones (whose substrings would catch them).
fn people_and_places(n: &str) -> Option<(Sem, &'static str)> {
    Some(
        if n.ends_with("name")
            && has(
                n,
                &[
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
                ],
            )
            && !has(n, &["username", "company"])
        {
            (Sem::FullName, "person's name")
        } else if is(n, &["gender", "sex"]) {
            (Sem::Gender, "gender")
        } else if is(
            n,
            &[
                "salutation",
                "titleofcourtesy",
                "nametitle",
                "courtesytitle",
            ],
        ) {
            (Sem::NameTitle, "salutation")
        } else if is(n, &["streettype", "streetsuffix"]) {
            (Sem::StreetSuffix, "street type")
        } else if is(n, &["streetname"]) {
            (Sem::LastName, "street name")
        } else if is(
            n,
            &[
                "streetnumber",
                "suitenumber",
                "housenumber",
                "buildingnumber",
            ],
        ) {
            (Sem::Address2, "building or suite number")
        } else if ends(
            n,
            &[
                "manager", "composer", "clerk", "creator", "owner", "director",
            ],
        ) || is(n, &["author", "contact"])
        {
            (Sem::FullName, "person's name")
        } else if is(n, &["loginid", "login"]) {
            (Sem::Username, "user name")
        } else if has(n, &["desc"]) && !has(n, &["descend"]) {
            (Sem::Paragraph, "description")
        } else if has(n, &["firstname"]) {
            (Sem::FirstName, "first name")
        } else if has(n, &["lastname"]) {
            (Sem::LastName, "last name")
        } else if has(n, &["pass"]) && !has(n, &["passenger", "passage"]) {
            (Sem::Password, "password hash")
        } else if is(n, &["contacttitle", "jobtitle"]) {
            (Sem::JobTitle, "job title")
        } else if ends(n, &["region"]) {
            (Sem::State, "region")
        } else if ends(n, &["flag"]) || n.starts_with("is") && n.len() > 3 {
            (Sem::YesNo, "yes/no flag")
        } else if ends(n, &["id"]) && n.len() > 2 {
            (Sem::Code, "business key")
        } else if (ends(n, &["date", "time", "deleted", "modified", "added"])
            || n.starts_with("date"))
            && !has(n, &["timezone", "update"])
        {
            (Sem::DateText, "date or time stored as text")
        } else {
            return None;
        },
    )
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

fn hint_exact(table: &str, column: &str, class: TypeClass) -> Option<(Hint, &'static str)> {
    let n = normal(column);
    let t = normal(table);
    let n = n.as_str();
    use Hint::*;
    let text = matches!(class, TypeClass::Text);
    let number = matches!(
        class,
        TypeClass::Int(_) | TypeClass::Decimal | TypeClass::Float
    );
    let temporal = matches!(class, TypeClass::Date | TypeClass::Timestamp);
    if text {
        // A version's number: `version`, `app_version`, `semver`, and `num` or `number`
        // of a table of versions.
        if n.ends_with("version") && !has(n, &["conversion", "aversion"])
            || is(n, &["semver"])
            || (t.ends_with("versions") && is(n, &["num", "number", "versionnum", "name"]))
        {
            return Some((Text(Sem::Version), "version number"));
        }
        if let Some((sem, why)) = people_and_places(n) {
            return Some((Text(sem), why));
        }
        let sem = if has(n, &["email", "mail"]) && !has(n, &["mailing", "mailstop"]) {
            Some((Sem::Email, "name mentions email"))
        } else if is(n, &["firstname", "fname", "givenname", "forename"]) {
            Some((Sem::FirstName, "first name"))
        } else if is(n, &["lastname", "lname", "surname", "familyname"]) {
            Some((Sem::LastName, "last name"))
        } else if is(n, &["middlename"]) {
            Some((Sem::FirstName, "middle name"))
        } else if is(
            n,
            &[
                "fullname",
                "contactname",
                "customername",
                "employeename",
                "displayname",
                "author",
                "authorname",
                "ownername",
            ],
        ) {
            Some((Sem::FullName, "person's name"))
        } else if is(
            n,
            &[
                "username",
                "login",
                "userlogin",
                "nickname",
                "handle",
                "nicename",
            ],
        ) {
            Some((Sem::Username, "user name"))
        } else if has(n, &["password", "passwd", "pwdhash"]) {
            Some((Sem::Password, "password hash"))
        } else if has(n, &["phone", "mobile", "fax", "tel"]) && !has(n, &["hotel"]) {
            Some((Sem::Phone, "phone number"))
        } else if is(
            n,
            &[
                "address",
                "address1",
                "addressline1",
                "street",
                "streetaddress",
                "addr",
                "billingaddress",
                "shipaddress",
            ],
        ) {
            Some((Sem::Street, "street address"))
        } else if is(n, &["address2", "addressline2"]) {
            Some((Sem::Address2, "second address line"))
        } else if ends(n, &["city", "town"]) {
            Some((Sem::City, "city"))
        } else if is(
            n,
            &[
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
        ) {
            Some((Sem::State, "state or region"))
        } else if is(n, &["statecode", "stateabbr"]) {
            Some((Sem::StateAbbr, "state code"))
        } else if has(n, &["postal", "zip", "postcode"]) {
            Some((Sem::PostalCode, "postal code"))
        } else if is(
            n,
            &["countrycode", "countryregioncode", "countryiso", "iso2"],
        ) {
            Some((Sem::CountryCode, "country code"))
        } else if ends(n, &["country"]) && has(&t, &["countr"]) {
            Some((Sem::AnyCountry, "country table"))
        } else if ends(n, &["country", "nationality"]) {
            Some((Sem::Country, "country of the row's address"))
        } else if has(
            n,
            &[
                "company",
                "employer",
                "organization",
                "organisation",
                "vendorname",
                "suppliername",
                "publisher",
            ],
        ) {
            Some((Sem::Company, "company name"))
        } else if is(n, &["jobtitle", "position", "occupation", "role"]) {
            Some((Sem::JobTitle, "job title"))
        } else if is(n, &["industry", "sector"]) {
            Some((Sem::Industry, "industry"))
        } else if has(n, &["url", "website", "homepage", "link", "uri"]) {
            Some((Sem::Url, "URL"))
        } else if has(n, &["domain", "hostname"]) {
            Some((Sem::Domain, "domain name"))
        } else if is(
            n,
            &[
                "ip",
                "ipaddress",
                "ipaddr",
                "lastip",
                "remoteaddr",
                "clientip",
            ],
        ) {
            Some((Sem::Ip, "IP address"))
        } else if is(n, &["currency", "currencycode", "currencyid"]) {
            Some((Sem::CurrencyCode, "currency code"))
        } else if is(n, &["currencyname"]) {
            Some((Sem::CurrencyName, "currency name"))
        } else if has(n, &["timezone", "tz"]) {
            Some((Sem::TimeZone, "time zone"))
        } else if has(
            n,
            &[
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
        ) {
            Some((Sem::Paragraph, "long text"))
        } else if is(n, &["title", "subject", "headline", "caption"]) {
            Some((Sem::Title, "title"))
        } else if is(
            n,
            &[
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
        ) || ends(n, &["code", "number", "no"])
        {
            Some((Sem::Code, "code or number"))
        } else if has(n, &["slug"]) {
            Some((Sem::Slug, "slug"))
        } else if has(
            n,
            &[
                "filename",
                "file",
                "path",
                "image",
                "photo",
                "picture",
                "avatar",
                "thumbnail",
            ],
        ) {
            Some((Sem::FileName, "file name"))
        } else if has(n, &["color", "colour"]) {
            Some((Sem::Color, "colour"))
        } else if has(
            n,
            &[
                "hash",
                "token",
                "checksum",
                "signature",
                "secret",
                "key",
                "guid",
            ],
        ) {
            Some((Sem::Hash, "hash or token"))
        } else if is(n, &["productname", "product", "itemname", "item"])
            || (n == "name"
                && has(
                    &t,
                    &[
                        "product", "item", "part", "film", "album", "track", "book", "game",
                    ],
                ))
        {
            Some((Sem::ProductName, "product name"))
        } else if n == "name"
            && has(
                &t,
                &[
                    "customer", "person", "user", "employee", "staff", "artist", "actor", "author",
                    "member", "contact", "student", "people",
                ],
            )
        {
            Some((Sem::FullName, "name in a people table"))
        } else if n == "name"
            && has(
                &t,
                &[
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
            )
        {
            Some((Sem::Company, "name in a company table"))
        } else if n.ends_with("name")
            || is(
                n,
                &[
                    "label", "tag", "category", "genre", "type", "kind", "status", "state",
                    "language",
                ],
            )
        {
            Some((Sem::Words, "name or label"))
        } else {
            None
        };
        return sem.map(|(s, why)| (Text(s), why));
    }
    if number {
        let r = |name, lo, hi| Some((Number { name, lo, hi }, name));
        return if has(
            n,
            &[
                "price", "cost", "amount", "total", "subtotal", "balance", "fee", "charge",
                "payment", "freight", "tax", "revenue", "sales", "quota", "bonus",
            ],
        ) && !has(n, &["id", "count"])
        {
            r("price", 1.0, 1000.0)
        } else if has(n, &["salary", "income", "wage"]) {
            r("salary", 20000.0, 200000.0)
        } else if has(
            n,
            &["quantity", "qty", "stock", "units", "inventory", "onhand"],
        ) {
            r("quantity", 1.0, 100.0)
        } else if is(n, &["age"]) {
            r("age", 18.0, 90.0)
        } else if has(n, &["rating", "stars"]) {
            r("rating", 1.0, 5.0)
        } else if has(n, &["percent", "pct", "discount", "ratio"]) {
            r("percentage", 0.0, 0.5)
        } else if has(n, &["latitude"]) || n == "lat" {
            r("latitude", -90.0, 90.0)
        } else if has(n, &["longitude"]) || is(n, &["lng", "lon", "long"]) {
            r("longitude", -180.0, 180.0)
        } else if has(n, &["year"]) {
            r("year", 1950.0, 2024.0)
        } else if has(n, &["weight", "height", "width", "depth", "size"]) {
            r("measure", 1.0, 100.0)
        } else if has(
            n,
            &["duration", "length", "minutes", "seconds", "hours", "days"],
        ) {
            r("duration", 1.0, 240.0)
        } else if has(n, &["score"]) {
            r("score", 0.0, 100.0)
        } else if has(n, &["count", "num", "number"]) {
            r("count", 0.0, 100.0)
        } else {
            None
        };
    }
    if temporal {
        return if has(
            n,
            &[
                "created",
                "inserted",
                "registered",
                "signup",
                "joined",
                "creation",
            ],
        ) {
            Some((Timeline(Moment::Created), "creation time of the row"))
        } else if has(
            n,
            &["updated", "modified", "lastupdate", "changed", "edited"],
        ) {
            Some((
                Timeline(Moment::Updated),
                "last change, at or after creation",
            ))
        } else if has(n, &["birth", "dob", "born"]) {
            Some((BirthDate, "date of birth"))
        } else if has(n, &["expire", "expiry", "due", "valid", "until"]) {
            Some((
                Recent {
                    name: "future_date",
                    years: -2.0,
                },
                "future date",
            ))
        } else {
            None
        };
    }
    if matches!(class, TypeClass::Bool | TypeClass::Int(8))
        && (n.starts_with("is")
            || n.starts_with("has")
            || n.ends_with("flag")
            || is(
                n,
                &["active", "enabled", "verified", "deleted", "published"],
            ))
    {
        let p = if has(n, &["deleted", "disabled", "banned", "blocked", "archived"]) {
            0.05
        } else {
            0.8
        };
        if matches!(class, TypeClass::Bool) {
            return Some((Flag(p), "flag"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

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
