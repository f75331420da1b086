//! English text for data version 2: sentences built from a small grammar (determiner,
//! adjective, noun, verb, object, an optional prepositional phrase), title-case
//! phrases, and unique values made of word combinations instead of a row number.
//!
//! The lists are written here, not taken from a crate, so no upgrade changes them; a
//! change to them is a data-version change.

use crate::random::rng::Stream;

/// Nouns that read in reviews, comments, descriptions and notes.
pub const NOUNS: &[&str] = &[
    "order", "customer", "team", "product", "update", "design", "report", "feature", "service",
    "delivery", "package", "price", "quality", "support", "account", "system", "project", "result",
    "setup", "battery", "screen", "size", "color", "material", "box", "manual", "app", "process",
    "plan", "meeting", "schedule", "change", "release", "version", "page", "item", "shipment",
    "store", "room", "trip", "view", "location", "menu", "story", "ending", "song", "album",
    "picture", "sound", "fabric", "handle", "cable", "charger", "label", "invoice", "refund",
    "request", "question", "answer", "detail", "option", "payment", "profile", "message", "event",
    "course", "lesson", "guide", "recipe", "kitchen", "garden", "office", "weekend", "morning",
    "evening", "seller", "driver", "staff", "host", "crew", "client", "ticket", "basket", "bottle",
    "jacket", "lamp", "chair", "desk", "camera", "wallet", "helmet",
];

/// Adjectives for sentences and titles.
pub const ADJECTIVES: &[&str] = &[
    "new",
    "simple",
    "small",
    "large",
    "quick",
    "reliable",
    "great",
    "solid",
    "clean",
    "modern",
    "classic",
    "useful",
    "easy",
    "friendly",
    "fast",
    "slow",
    "careful",
    "detailed",
    "helpful",
    "bright",
    "quiet",
    "comfortable",
    "sturdy",
    "light",
    "warm",
    "fresh",
    "short",
    "long",
    "final",
    "early",
    "late",
    "main",
    "local",
    "daily",
    "weekly",
    "recent",
    "secure",
    "flexible",
    "stable",
    "perfect",
    "decent",
    "cheap",
    "expensive",
    "noisy",
    "smooth",
    "heavy",
    "soft",
    "strong",
    "clear",
    "pleasant",
];

/// Verbs, third person singular, that take an object.
pub const VERBS: &[&str] = &[
    "needs",
    "includes",
    "improves",
    "supports",
    "follows",
    "keeps",
    "shows",
    "brings",
    "makes",
    "offers",
    "covers",
    "changes",
    "fixes",
    "adds",
    "replaces",
    "handles",
    "matches",
    "explains",
    "fits",
    "uses",
    "helps",
    "reaches",
    "meets",
    "beats",
    "lacks",
    "deserves",
    "completes",
    "solves",
    "saves",
    "delivers",
];

const DETERMINERS: &[&str] = &["the", "a", "this", "every", "our", "each", "that", "one"];
const PREPOSITIONS: &[&str] = &[
    "for", "with", "after", "before", "during", "in", "on", "from", "without", "about",
];

/// Nouns for titles of films, albums, books, posts and products.
pub const TITLE_NOUNS: &[&str] = &[
    "river", "night", "grove", "city", "road", "summer", "shadow", "beacon", "heart", "stone",
    "storm", "harbor", "mountain", "window", "letter", "dream", "island", "forest", "kingdom",
    "promise", "journey", "silence", "fire", "winter", "ocean", "star", "secret", "house",
    "bridge", "dawn", "echo", "valley", "horizon", "meadow", "lantern", "compass", "voyage",
    "anchor", "ember", "orchard",
];

/// Words whose combinations make unique values: 211 of them, a prime, so that an
/// affine map of the combination index is a bijection for any multiplier.
pub fn combination_words() -> &'static [&'static str] {
    &COMBINATION_WORDS
}

const COMBINATION_WORDS: [&str; 211] = combination_list();

const fn combination_list() -> [&'static str; 211] {
    let mut out = [""; 211];
    let mut k = 0;
    let lists: [&[&str]; 4] = [ADJECTIVES, TITLE_NOUNS, NOUNS, VERBS];
    let mut l = 0;
    while l < lists.len() && k < 211 {
        let list = lists[l];
        let mut i = 0;
        while i < list.len() && k < 211 {
            out[k] = list[i];
            k += 1;
            i += 1;
        }
        l += 1;
    }
    out
}

fn push_capitalized(w: &str, out: &mut String) {
    let mut cs = w.chars();
    if let Some(c) = cs.next() {
        out.extend(c.to_uppercase());
        out.push_str(cs.as_str());
    }
}

/// A determiner and the noun phrase after it, `a` becoming `an` before a vowel:
/// `an early delivery`, `the battery`.
fn noun_phrase(s: &mut Stream, adjective: f64, out: &mut String) {
    let det = s.word(DETERMINERS);
    let adj = s.chance(adjective).then(|| s.word(ADJECTIVES));
    let noun = s.word(NOUNS);
    let next = adj.unwrap_or(noun);
    if det == "a" && next.starts_with(['a', 'e', 'i', 'o', 'u']) {
        out.push_str("an");
    } else {
        out.push_str(det);
    }
    if let Some(a) = adj {
        out.push(' ');
        out.push_str(a);
    }
    out.push(' ');
    out.push_str(noun);
}

/// One sentence: `The quiet battery needs a new charger after the trip.`
pub fn sentence(s: &mut Stream, out: &mut String) {
    let start = out.len();
    noun_phrase(s, 0.6, out);
    out.push(' ');
    out.push_str(s.word(VERBS));
    out.push(' ');
    noun_phrase(s, 0.5, out);
    if s.chance(0.5) {
        out.push(' ');
        out.push_str(s.word(PREPOSITIONS));
        out.push_str(" the ");
        out.push_str(s.word(NOUNS));
    }
    out.push('.');
    // Capitalise the first letter.
    let first = out[start..start + 1].to_ascii_uppercase();
    out.replace_range(start..start + 1, &first);
}

/// A title-case phrase: `Quiet Harbor`, `The Last Lantern`, `Ember of the Valley`.
pub fn title(s: &mut Stream, out: &mut String) {
    match s.below(4) {
        0 => {
            out.push_str("The ");
            push_capitalized(s.word(ADJECTIVES), out);
            out.push(' ');
            push_capitalized(s.word(TITLE_NOUNS), out);
        }
        1 => {
            push_capitalized(s.word(TITLE_NOUNS), out);
            out.push_str(" of the ");
            push_capitalized(s.word(TITLE_NOUNS), out);
        }
        _ => {
            push_capitalized(s.word(ADJECTIVES), out);
            out.push(' ');
            push_capitalized(s.word(TITLE_NOUNS), out);
        }
    }
}

/// The words of combination `index` (in base 211, `count` digits), joined by `sep`,
/// each capitalised when `cap`: distinct indexes give distinct texts.
pub fn combination(mut index: u64, count: u32, sep: char, cap: bool, out: &mut String) {
    let words = combination_words();
    for i in 0..count {
        if i > 0 {
            out.push(sep);
        }
        let w = words[(index % words.len() as u64) as usize];
        index /= words.len() as u64;
        if cap {
            push_capitalized(w, out);
        } else {
            out.push_str(w);
        }
    }
}

/// How many words a combination needs for `n` distinct values.
pub fn combination_count(n: u64) -> u32 {
    let mut count = 1;
    let mut cap = combination_words().len() as u64;
    while cap < n {
        cap = cap.saturating_mul(combination_words().len() as u64);
        count += 1;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::rng::ColumnKey;

    #[test]
    fn combination_words_are_distinct_and_prime_in_number() {
        let w = combination_words();
        assert_eq!(w.len(), 211);
        let mut seen = std::collections::HashSet::new();
        assert!(w.iter().all(|x| !x.is_empty() && seen.insert(*x)));
    }

    #[test]
    fn combinations_are_distinct() {
        let mut seen = std::collections::HashSet::new();
        for i in 0..50_000 {
            let mut s = String::new();
            combination(i, combination_count(50_000), ' ', true, &mut s);
            assert!(seen.insert(s), "{i}");
        }
    }

    #[test]
    fn sentences_read_as_english() {
        let key = ColumnKey::new(1, "t", "c");
        let mut s = String::new();
        sentence(&mut key.stream(0, 0), &mut s);
        assert!(
            s.ends_with('.') && s.chars().next().unwrap().is_uppercase(),
            "{s}"
        );
        assert!(s.split(' ').count() >= 5, "{s}");
    }
}
