//! JSON documents shaped as their column's name says ([`Doc`], data version 2): settings
//! hold a theme and notification choices, an address column the row's own address, a
//! payload an event with its time. Optional keys come and go from row to row, so the
//! documents are not all alike, and every one parses.

use std::fmt::Write;

use super::gen::{home_country, write_sem, Context, Doc, Sem};
use crate::random::rng::Stream;

const THEMES: &[&str] = &["light", "light", "light", "dark", "dark", "system"];
const LANGUAGES: &[&str] = &["en", "en", "en", "en", "es", "de", "fr", "pt", "ja", "it"];
const SOURCES: &[&str] = &["web", "web", "web", "ios", "android", "api", "import"];
const CLIENTS: &[&str] = &[
    "Chrome", "Chrome", "Chrome", "Safari", "Safari", "Firefox", "Edge",
];
const EVENTS: &[&str] = &[
    "order.created",
    "order.paid",
    "order.shipped",
    "user.signed_up",
    "user.updated",
    "payment.succeeded",
    "payment.failed",
    "invoice.sent",
    "subscription.renewed",
    "subscription.cancelled",
];
const CURRENCIES: &[&str] = &["USD", "USD", "USD", "EUR", "EUR", "GBP", "JPY", "CAD"];
const TAGS: &[&str] = &[
    "new",
    "featured",
    "sale",
    "popular",
    "limited",
    "gift",
    "eco",
    "premium",
    "bundle",
    "seasonal",
    "clearance",
    "bestseller",
];
const SCOPES: &[&str] = &[
    "read", "write", "delete", "admin", "billing", "reports", "users", "export",
];
/// Keys of a general object and the kind of value each holds.
const KEYS: &[(&str, Value)] = &[
    ("source", Value::Label(SOURCES)),
    ("count", Value::Count),
    ("enabled", Value::Flag),
    ("label", Value::Label(TAGS)),
    ("score", Value::Score),
    ("version", Value::Small),
    ("currency", Value::Label(CURRENCIES)),
    (
        "priority",
        Value::Label(&["low", "medium", "medium", "high"]),
    ),
];

#[derive(Clone, Copy)]
enum Value {
    Label(&'static [&'static str]),
    Count,
    Flag,
    Score,
    Small,
}

/// Writes a document of shape `doc` for `row`.
pub(super) fn write(doc: Doc, cx: &dyn Context, row: u64, s: &mut Stream, out: &mut String) {
    match doc {
        Doc::Settings => settings(cx, s, out),
        Doc::Metadata => metadata(s, out),
        Doc::Payload => payload(cx, row, s, out),
        Doc::Address => address(cx, row, s, out),
        Doc::Tags => list(TAGS, 0, 4, s, out),
        Doc::Scopes => list(SCOPES, 1, 4, s, out),
        Doc::Urls => urls(s, out),
        Doc::Object => object(s, out),
    }
}

fn settings(cx: &dyn Context, s: &mut Stream, out: &mut String) {
    let _ = write!(
        out,
        "{{\"theme\": \"{}\", \"language\": \"{}\", \"notifications\": {{\"email\": {}, \"push\": {}}}",
        s.word(THEMES),
        s.word(LANGUAGES),
        s.chance(0.7),
        s.chance(0.4)
    );
    if s.chance(0.5) {
        out.push_str(", \"timezone\": ");
        string(s.word(cx.locale().time_zones), out);
    }
    if s.chance(0.3) {
        let _ = write!(
            out,
            ", \"items_per_page\": {}",
            [10, 20, 25, 50][s.below(4) as usize]
        );
    }
    out.push('}');
}

fn metadata(s: &mut Stream, out: &mut String) {
    let _ = write!(
        out,
        "{{\"source\": \"{}\", \"version\": {}",
        s.word(SOURCES),
        1 + s.below(5)
    );
    if s.chance(0.6) {
        out.push_str(", \"tags\": ");
        list(TAGS, 1, 3, s, out);
    }
    if s.chance(0.4) {
        let _ = write!(
            out,
            ", \"client\": \"{}/{}.0\"",
            s.word(CLIENTS),
            90 + s.below(40)
        );
    }
    out.push('}');
}

fn payload(cx: &dyn Context, row: u64, s: &mut Stream, out: &mut String) {
    let _ = write!(
        out,
        "{{\"event\": \"{}\", \"id\": {}, \"occurred_at\": \"",
        s.word(EVENTS),
        1 + row
    );
    let at = cx.created(row);
    crate::calendar::write_timestamp(at * 1_000_000, out);
    if let Some(k) = out.rfind(' ') {
        out.replace_range(k..=k, "T");
    }
    out.push_str("Z\"");
    if s.chance(0.7) {
        let cents = 500 + s.below(30_000);
        let _ = write!(
            out,
            ", \"data\": {{\"amount\": {}.{:02}, \"currency\": \"{}\"}}",
            cents / 100,
            cents % 100,
            s.word(CURRENCIES)
        );
    }
    out.push('}');
}

fn address(cx: &dyn Context, row: u64, s: &mut Stream, out: &mut String) {
    let part = |sem: Sem, s: &mut Stream| {
        let mut t = String::new();
        write_sem(sem, cx, row, s, &mut t, u64::MAX);
        t
    };
    out.push_str("{\"line1\": ");
    string(&part(Sem::Street, s), out);
    if s.chance(0.2) {
        out.push_str(", \"line2\": ");
        string(&part(Sem::Address2, s), out);
    }
    out.push_str(", \"city\": ");
    string(&part(Sem::City, s), out);
    out.push_str(", \"region\": ");
    string(&part(Sem::State, s), out);
    out.push_str(", \"postal_code\": ");
    string(&part(Sem::PostalCode, s), out);
    let _ = write!(out, ", \"country\": \"{}\"}}", home_country(cx.locale()).1);
}

/// An array of `lo..=hi` distinct items of `items`.
fn list(items: &[&str], lo: u64, hi: u64, s: &mut Stream, out: &mut String) {
    let n = lo + s.below(hi - lo + 1);
    let mut chosen: Vec<usize> = Vec::new();
    while (chosen.len() as u64) < n.min(items.len() as u64) {
        let k = s.below(items.len() as u64) as usize;
        if !chosen.contains(&k) {
            chosen.push(k);
        }
    }
    out.push('[');
    for (i, &k) in chosen.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        string(items[k], out);
    }
    out.push(']');
}

/// One to three URLs on an application's domain (`example.com` and its kin, which
/// are reserved for such use).
fn urls(s: &mut Stream, out: &mut String) {
    const HOSTS: &[&str] = &["app", "www", "api", "auth", "admin", "dashboard"];
    const DOMAINS: &[&str] = &["example.com", "example.org", "example.net"];
    const PATHS: &[&str] = &[
        "callback",
        "auth/callback",
        "oauth/redirect",
        "login",
        "",
        "hooks",
    ];
    let n = 1 + s.below(3);
    out.push('[');
    for i in 0..n {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(
            out,
            "\"https://{}.{}/{}\"",
            s.word(HOSTS),
            s.word(DOMAINS),
            s.word(PATHS)
        );
    }
    out.push(']');
}

/// Two to four keys of [`KEYS`], in the list's order.
fn object(s: &mut Stream, out: &mut String) {
    let n = 2 + s.below(3) as usize;
    let mut mask = 0u32;
    while (mask.count_ones() as usize) < n {
        mask |= 1 << s.below(KEYS.len() as u64);
    }
    out.push('{');
    let mut first = true;
    for (i, (key, value)) in KEYS.iter().enumerate() {
        if mask & (1 << i) == 0 {
            continue;
        }
        if !first {
            out.push_str(", ");
        }
        first = false;
        let _ = write!(out, "\"{key}\": ");
        match value {
            Value::Label(l) => string(s.word(l), out),
            Value::Count => {
                let _ = write!(out, "{}", s.below(4) * s.below(60));
            }
            Value::Flag => {
                let _ = write!(out, "{}", s.chance(0.7));
            }
            Value::Score => {
                let _ = write!(out, "{:.2}", s.unit() * 5.0);
            }
            Value::Small => {
                let _ = write!(out, "{}", 1 + s.below(5));
            }
        }
    }
    out.push('}');
}

/// A JSON string: quotes, backslashes and control characters escaped.
fn string(v: &str, out: &mut String) {
    out.push('"');
    for c in v.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::string;

    #[test]
    fn strings_are_escaped() {
        let mut out = String::new();
        string("a \"b\" \\ \n", &mut out);
        assert_eq!(out, r#""a \"b\" \\ \u000a""#);
    }
}
