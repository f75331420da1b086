//! Text patterns from CHECK constraints: SQL `LIKE` matching, and a small regular
//! expression subset (`^`, `$`, literals, `.`, classes `[a-z]`, `[^…]`, `\d \w \s`, and
//! the quantifiers `* + ? {n} {n,m}`) that seedgen can both match and generate from.
//! Groups and alternation are outside the subset: such a CHECK is evaluated as
//! "unknown" and the plan says so.

use crate::random::rng::Stream;

/// One element of a pattern: a set of characters repeated `min..=max` times.
#[derive(Debug, Clone, PartialEq)]
pub struct Atom {
    set: CharSet,
    min: u32,
    max: u32,
}

#[derive(Debug, Clone, PartialEq)]
enum CharSet {
    Any,
    Ranges {
        ranges: Vec<(char, char)>,
        negated: bool,
    },
}

impl CharSet {
    fn contains(&self, c: char) -> bool {
        match self {
            CharSet::Any => c != '\n',
            CharSet::Ranges { ranges, negated } => {
                ranges.iter().any(|&(a, b)| a <= c && c <= b) != *negated
            }
        }
    }

    /// How many characters the set holds, as [`CharSet::nth`] counts them: `.` is `a-z`, a
    /// negated set the printable ASCII characters outside it.
    fn size(&self) -> u64 {
        match self {
            CharSet::Any => 26,
            CharSet::Ranges {
                ranges,
                negated: false,
            } => ranges
                .iter()
                .map(|&(a, b)| (b as u64).saturating_sub(a as u64) + 1)
                .sum(),
            CharSet::Ranges { negated: true, .. } => {
                ('!'..='~').filter(|&c| self.contains(c)).count() as u64
            }
        }
    }

    /// The `k`-th character of the set (`k < size()`), in code point order.
    fn nth(&self, mut k: u64) -> char {
        match self {
            CharSet::Any => (b'a' + (k % 26) as u8) as char,
            CharSet::Ranges {
                ranges,
                negated: false,
            } => {
                for &(a, b) in ranges {
                    let n = (b as u64).saturating_sub(a as u64) + 1;
                    if k < n {
                        return char::from_u32(a as u32 + k as u32).unwrap_or(a);
                    }
                    k -= n;
                }
                ranges.first().map_or('a', |r| r.0)
            }
            CharSet::Ranges { negated: true, .. } => ('!'..='~')
                .filter(|&c| self.contains(c))
                .nth(k as usize)
                .unwrap_or('a'),
        }
    }

    fn sample(&self, s: &mut Stream) -> char {
        const PRINTABLE: (char, char) = ('a', 'z');
        match self {
            CharSet::Any => (b'a' + s.below(26) as u8) as char,
            CharSet::Ranges {
                ranges,
                negated: false,
            } => {
                let total: u64 = ranges
                    .iter()
                    .map(|&(a, b)| (b as u64) - (a as u64) + 1)
                    .sum();
                let mut k = s.below(total);
                for &(a, b) in ranges {
                    let n = (b as u64) - (a as u64) + 1;
                    if k < n {
                        return char::from_u32(a as u32 + k as u32).unwrap_or(a);
                    }
                    k -= n;
                }
                PRINTABLE.0
            }
            CharSet::Ranges { negated: true, .. } => {
                for _ in 0..64 {
                    let c = (b' ' + 1 + s.below(94) as u8) as char;
                    if self.contains(c) {
                        return c;
                    }
                }
                PRINTABLE.0
            }
        }
    }
}

/// A regular expression in the supported subset.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    atoms: Vec<Atom>,
    anchored_start: bool,
    anchored_end: bool,
}

impl Pattern {
    /// Parses `re`, or `None` when it uses more than the subset.
    pub fn parse(re: &str) -> Option<Pattern> {
        let mut chars: Vec<char> = re.chars().collect();
        let anchored_start = chars.first() == Some(&'^');
        if anchored_start {
            chars.remove(0);
        }
        let anchored_end = chars.last() == Some(&'$') && !ends_escaped(&chars);
        if anchored_end {
            chars.pop();
        }
        let mut atoms = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let set = match chars[i] {
                '.' => {
                    i += 1;
                    CharSet::Any
                }
                '[' => {
                    let (set, next) = parse_class(&chars, i + 1)?;
                    i = next;
                    set
                }
                '\\' => {
                    let c = *chars.get(i + 1)?;
                    i += 2;
                    escape_set(c)
                }
                '(' | ')' | '|' | '*' | '+' | '?' | '{' | '^' | '$' => return None,
                c => {
                    i += 1;
                    CharSet::Ranges {
                        ranges: vec![(c, c)],
                        negated: false,
                    }
                }
            };
            let (min, max, next) = parse_quantifier(&chars, i)?;
            i = next;
            atoms.push(Atom { set, min, max });
        }
        Some(Pattern {
            atoms,
            anchored_start,
            anchored_end,
        })
    }

    /// SQLite's `GLOB` pattern (`*` any text, `?` one character, `[…]` and `[^…]` classes,
    /// everything else itself, case-sensitive, the whole value), or `None` outside it.
    pub fn glob(glob: &str) -> Option<Pattern> {
        let mut re = String::from("^");
        let mut chars = glob.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '*' => re.push_str(".*"),
                '?' => re.push('.'),
                '[' => {
                    re.push('[');
                    if chars.peek() == Some(&'^') {
                        re.push('^');
                        chars.next();
                    }
                    // A `]` first in the class is itself.
                    if chars.peek() == Some(&']') {
                        re.push_str("\\]");
                        chars.next();
                    }
                    loop {
                        match chars.next()? {
                            ']' => break,
                            '\\' => re.push_str("\\\\"),
                            c => re.push(c),
                        }
                    }
                    re.push(']');
                }
                c if c.is_alphanumeric() || c == ' ' || c == '_' => re.push(c),
                c => {
                    re.push('\\');
                    re.push(c);
                }
            }
        }
        re.push('$');
        Pattern::parse(&re)
    }

    /// Whether `s` matches (anywhere, unless anchored).
    pub fn matches(&self, s: &str) -> bool {
        let chars: Vec<char> = s.chars().collect();
        let starts: Vec<usize> = if self.anchored_start {
            vec![0]
        } else {
            (0..=chars.len()).collect()
        };
        starts.into_iter().any(|st| self.match_at(&chars, st, 0))
    }

    fn match_at(&self, s: &[char], pos: usize, atom: usize) -> bool {
        let Some(a) = self.atoms.get(atom) else {
            return !self.anchored_end || pos == s.len();
        };
        let mut n = 0u32;
        let mut p = pos;
        while n < a.min {
            if p < s.len() && a.set.contains(s[p]) {
                p += 1;
                n += 1;
            } else {
                return false;
            }
        }
        loop {
            if self.match_at(s, p, atom + 1) {
                return true;
            }
            if n < a.max && p < s.len() && a.set.contains(s[p]) {
                p += 1;
                n += 1;
            } else {
                return false;
            }
        }
    }

    /// The shortest and longest matches, in characters (unbounded repetitions count as 8).
    pub fn lengths(&self) -> (u64, u64) {
        self.atoms.iter().fold((0, 0), |(lo, hi), a| {
            (
                lo + u64::from(a.min),
                hi + u64::from(a.max.min(a.min.max(8))),
            )
        })
    }

    /// The same pattern with every repetition fixed (`{n}`), the counts chosen so that at
    /// least `rows` distinct strings of at most `max_len` characters match, with how many
    /// there are; when no choice reaches `rows`, the most any choice holds. Counts start at each atom's minimum
    /// and grow, the largest character set first, within the atom's maximum (unbounded
    /// ones to 8) and the length budget.
    pub fn fixed_for(&self, rows: u64, max_len: u64) -> Result<(Pattern, u128), u128> {
        let mut counts: Vec<u32> = self.atoms.iter().map(|a| a.min).collect();
        let count = |counts: &[u32]| -> u128 {
            self.atoms.iter().zip(counts).fold(1u128, |acc, (a, &n)| {
                acc.saturating_mul(u128::from(a.set.size()).saturating_pow(n))
            })
        };
        let mut len: u64 = counts.iter().map(|&n| u64::from(n)).sum();
        if len > max_len {
            return Err(0);
        }
        while count(&counts) < u128::from(rows) {
            let grow = (0..self.atoms.len())
                .filter(|&i| {
                    let a = &self.atoms[i];
                    counts[i] < a.max.min(a.min.max(8)) && a.set.size() > 1
                })
                .max_by_key(|&i| (self.atoms[i].set.size(), std::cmp::Reverse(i)));
            let Some(grow) = grow.filter(|_| len < max_len) else {
                return Err(count(&counts));
            };
            counts[grow] += 1;
            len += 1;
        }
        let atoms = self
            .atoms
            .iter()
            .zip(&counts)
            .map(|(a, &n)| Atom {
                set: a.set.clone(),
                min: n,
                max: n,
            })
            .collect();
        let fixed = Pattern {
            atoms,
            anchored_start: self.anchored_start,
            anchored_end: self.anchored_end,
        };
        let n = count(&counts);
        Ok((fixed, n))
    }

    /// Writes the `k`-th match of a pattern whose repetitions are fixed (see
    /// [`Pattern::fixed_for`]): `k` in mixed radix over the characters, the last one
    /// least significant, so distinct `k` give distinct strings.
    pub fn nth(&self, k: u64, out: &mut String) {
        let start = out.len();
        let mut k = k;
        for a in self.atoms.iter().rev() {
            let size = a.set.size().max(1);
            for _ in 0..a.min {
                out.push(a.set.nth(k % size));
                k /= size;
            }
        }
        // Written last character first.
        let tail: String = out[start..].chars().rev().collect();
        out.truncate(start);
        out.push_str(&tail);
    }

    /// Writes a matching string of at most `max_len` characters (when the pattern allows).
    pub fn generate(&self, s: &mut Stream, max_len: u64, out: &mut String) {
        let (min_total, _) = self.lengths();
        let mut budget = max_len.saturating_sub(min_total);
        for a in &self.atoms {
            let cap = a.max.min(a.min.max(8));
            let extra_room = u64::from(cap - a.min).min(budget);
            let extra = s.below(extra_room + 1);
            budget -= extra;
            for _ in 0..(u64::from(a.min) + extra) {
                out.push(a.set.sample(s));
            }
        }
    }
}

fn ends_escaped(chars: &[char]) -> bool {
    let n = chars.len();
    n >= 2 && chars[n - 2] == '\\'
}

fn escape_set(c: char) -> CharSet {
    let ranges = match c {
        'd' => vec![('0', '9')],
        'w' => vec![('a', 'z'), ('A', 'Z'), ('0', '9'), ('_', '_')],
        's' => vec![(' ', ' '), ('\t', '\t')],
        c => vec![(c, c)],
    };
    CharSet::Ranges {
        ranges,
        negated: false,
    }
}

fn parse_class(chars: &[char], mut i: usize) -> Option<(CharSet, usize)> {
    let negated = chars.get(i) == Some(&'^');
    if negated {
        i += 1;
    }
    let mut ranges = Vec::new();
    let mut first = true;
    loop {
        let c = *chars.get(i)?;
        if c == ']' && !first {
            return Some((CharSet::Ranges { ranges, negated }, i + 1));
        }
        first = false;
        let lo = if c == '\\' {
            i += 1;
            let e = *chars.get(i)?;
            if let CharSet::Ranges { ranges: r, .. } = escape_set(e) {
                if r.len() > 1 || r[0].0 != e {
                    ranges.extend(r);
                    i += 1;
                    continue;
                }
            }
            e
        } else {
            c
        };
        if chars.get(i + 1) == Some(&'-') && chars.get(i + 2).is_some_and(|&d| d != ']') {
            let hi = chars[i + 2];
            if hi < lo {
                return None;
            }
            ranges.push((lo, hi));
            i += 3;
        } else {
            ranges.push((lo, lo));
            i += 1;
        }
    }
}

fn parse_quantifier(chars: &[char], i: usize) -> Option<(u32, u32, usize)> {
    Some(match chars.get(i) {
        Some('*') => (0, u32::MAX, i + 1),
        Some('+') => (1, u32::MAX, i + 1),
        Some('?') => (0, 1, i + 1),
        Some('{') => {
            let close = chars[i..].iter().position(|&c| c == '}')? + i;
            let body: String = chars[i + 1..close].iter().collect();
            let (a, b) = match body.split_once(',') {
                Some((a, "")) => (a.trim().parse().ok()?, u32::MAX),
                Some((a, b)) => (a.trim().parse().ok()?, b.trim().parse().ok()?),
                None => {
                    let n = body.trim().parse().ok()?;
                    (n, n)
                }
            };
            if a > b {
                return None;
            }
            (a, b, close + 1)
        }
        _ => (1, 1, i),
    })
}

/// SQL `LIKE`: `%` any run, `_` one character, `\` escapes.
pub fn like(s: &str, pattern: &str) -> bool {
    let s: Vec<char> = s.chars().collect();
    let p: Vec<char> = pattern.chars().collect();
    // dp[j]: pattern[..i] matches s[..j]
    let mut dp = vec![false; s.len() + 1];
    dp[0] = true;
    let mut i = 0;
    while i < p.len() {
        let (c, literal) = if p[i] == '\\' && i + 1 < p.len() {
            i += 1;
            (p[i], true)
        } else {
            (p[i], false)
        };
        let mut next = vec![false; s.len() + 1];
        if c == '%' && !literal {
            let mut any = false;
            for j in 0..=s.len() {
                any |= dp[j];
                next[j] = any;
            }
        } else {
            for j in 1..=s.len() {
                next[j] = dp[j - 1] && ((c == '_' && !literal) || s[j - 1] == c);
            }
        }
        dp = next;
        i += 1;
    }
    dp[s.len()]
}

/// The literal prefix of a LIKE pattern that ends in `%` with no other wildcard
/// (`'ABC%'` → `ABC`).
pub fn like_prefix(pattern: &str) -> Option<&str> {
    let prefix = pattern.strip_suffix('%')?;
    (!prefix.contains(['%', '_', '\\'])).then_some(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::rng::ColumnKey;

    #[test]
    fn like_matches_sql_semantics() {
        assert!(like("Trailers,Commentaries", "%Trailers%"));
        assert!(like("abc", "a_c"));
        assert!(!like("abcd", "a_c"));
        assert!(like("50%", "50\\%"));
        assert_eq!(like_prefix("SKU-%"), Some("SKU-"));
        assert_eq!(like_prefix("%x%"), None);
    }

    #[test]
    fn globs_read_as_anchored_patterns() {
        let p = Pattern::glob("#[0-9a-f][0-9a-f][0-9a-f]").unwrap();
        assert!(p.matches("#0af"));
        assert!(!p.matches("#0AF"), "GLOB is case-sensitive");
        assert!(!p.matches("x#0af"), "the whole value");
        let p = Pattern::glob("img-?*.png").unwrap();
        assert!(p.matches("img-1.png") && p.matches("img-12x.png"));
        assert!(!p.matches("img-.png") && !p.matches("img-1.pngx"));
        let p = Pattern::glob("[^0-9]*").unwrap();
        assert!(p.matches("a1") && !p.matches("1a"));
        let mut out = String::new();
        Pattern::glob("v[0-9].[0-9]").unwrap().generate(
            &mut ColumnKey::new(7, "t", "c").stream(0, 0),
            10,
            &mut out,
        );
        assert!(
            Pattern::glob("v[0-9].[0-9]").unwrap().matches(&out),
            "{out}"
        );
        assert!(
            !Pattern::glob("v[0-9].[0-9]").unwrap().matches("v1x2"),
            "`.` is itself"
        );
    }

    #[test]
    fn fixed_patterns_number_their_matches_one_to_one() {
        let mut seen = std::collections::HashSet::new();
        let p = Pattern::parse("^[0-9]{13}$").unwrap();
        let (fixed, n) = p.fixed_for(5000, 13).unwrap();
        assert_eq!(n, 10u128.pow(13));
        for k in [0, 1, 9, 10, 123_456_789, 9_999_999_999_999] {
            let mut s = String::new();
            fixed.nth(k, &mut s);
            assert!(p.matches(&s), "{s}");
            assert_eq!(s.len(), 13);
            assert!(seen.insert(s));
        }
        // `+` grows past its minimum when one character is not enough.
        let p = Pattern::parse("^[A-Z]{2}-[0-9]+$").unwrap();
        let (fixed, n) = p.fixed_for(100_000, 20).unwrap();
        assert!(n >= 100_000, "{n}");
        let mut all = std::collections::HashSet::new();
        for k in 0..2000 {
            let mut s = String::new();
            fixed.nth(k, &mut s);
            assert!(p.matches(&s), "{s}");
            assert!(all.insert(s));
        }
        // Not enough room: a fixed `[ab]{3}` holds 8 strings.
        assert_eq!(
            Pattern::parse("^[ab]{3}$")
                .unwrap()
                .fixed_for(9, 10)
                .unwrap_err(),
            8
        );
        assert_eq!(
            Pattern::parse("^[ab]+$")
                .unwrap()
                .fixed_for(300, 5)
                .unwrap_err(),
            32
        );
        assert_eq!(
            Pattern::parse("^[ab]{3}$")
                .unwrap()
                .fixed_for(8, 10)
                .unwrap()
                .1,
            8
        );
        // Negated sets count the printable characters outside them.
        let p = Pattern::parse("^[^a-z]{2}$").unwrap();
        let (fixed, n) = p.fixed_for(1000, 2).unwrap();
        assert_eq!(n, 68 * 68);
        let mut s = String::new();
        fixed.nth(n as u64 - 1, &mut s);
        assert!(p.matches(&s), "{s}");
    }

    #[test]
    fn generated_strings_match_their_pattern() {
        for re in ["^[a-zA-Z]+$", "^[A-Z]{2}-\\d{4}$", "^x.?y*$", "[0-9]"] {
            let p = Pattern::parse(re).unwrap();
            for row in 0..200 {
                let mut s = ColumnKey::new(1, "t", re).stream(row, 0);
                let mut out = String::new();
                p.generate(&mut s, 20, &mut out);
                assert!(p.matches(&out), "{re}: {out}");
            }
        }
        let p = Pattern::parse("^[a-zA-Z]+$").unwrap();
        assert!(!p.matches("abc1"));
        assert!(Pattern::parse("(a|b)").is_none());
    }
}
