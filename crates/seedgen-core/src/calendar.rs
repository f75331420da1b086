//! Calendar arithmetic on plain integers: days since 1970-01-01 and microseconds since
//! the epoch (UTC), parsed from and written as ISO 8601 / SQL literals.

/// Microseconds in a day.
pub const DAY_US: i64 = 86_400_000_000;

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number: (year, month, day).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn num(s: &str) -> Option<i64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Parses `YYYY-MM-DD` into a day number.
pub fn parse_date(s: &str) -> Option<i64> {
    let s = s.trim();
    let mut it = s.splitn(3, '-');
    let y = num(it.next()?)?;
    let m = num(it.next()?)?;
    let d = num(it.next()?.get(..2)?)?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let days = days_from_civil(y, m as u32, d as u32);
    (civil_from_days(days) == (y, m as u32, d as u32)).then_some(days)
}

/// Parses a time of day `HH:MM[:SS[.ffffff]]` into microseconds.
pub fn parse_time(s: &str) -> Option<i64> {
    let s = s.trim();
    let (hms, frac) = match s.split_once('.') {
        Some((a, b)) => (a, b),
        None => (s, ""),
    };
    let mut it = hms.split(':');
    let h = num(it.next()?)?;
    let m = num(it.next()?)?;
    let sec = it.next().map(num).unwrap_or(Some(0))?;
    if h > 24 || m > 59 || sec > 60 {
        return None;
    }
    let mut us = 0i64;
    let digits: String = frac.chars().take_while(char::is_ascii_digit).collect();
    for (k, c) in digits.chars().take(6).enumerate() {
        us += i64::from(c.to_digit(10)?) * 10i64.pow(5 - k as u32);
    }
    Some(((h * 60 + m) * 60 + sec) * 1_000_000 + us)
}

/// Parses `YYYY-MM-DD[( |T)HH:MM[:SS[.f]]][Z|±HH[:MM]]` into microseconds since the epoch
/// (UTC; an offset is applied, a missing one means UTC).
pub fn parse_timestamp(s: &str) -> Option<i64> {
    let s = s.trim();
    if s.len() < 10 {
        return None;
    }
    let days = parse_date(&s[..10])?;
    let rest = s[10..].trim_start_matches(['T', ' ']);
    if rest.is_empty() {
        return Some(days * DAY_US);
    }
    let (time, offset) = split_offset(rest)?;
    Some(days * DAY_US + parse_time(time)? - offset)
}

fn split_offset(s: &str) -> Option<(&str, i64)> {
    if let Some(t) = s.strip_suffix('Z') {
        return Some((t, 0));
    }
    if let Some(p) = s.rfind(['+', '-']) {
        let (t, o) = s.split_at(p);
        let sign = if o.starts_with('-') { -1 } else { 1 };
        let o = &o[1..];
        let (h, m) = match o.split_once(':') {
            Some((h, m)) => (num(h)?, num(m)?),
            None if o.len() == 4 => (num(&o[..2])?, num(&o[2..])?),
            None => (num(o)?, 0),
        };
        return Some((t.trim(), sign * (h * 3600 + m * 60) * 1_000_000));
    }
    Some((s, 0))
}

/// Writes a day number as `YYYY-MM-DD`.
pub fn write_date(days: i64, out: &mut String) {
    let (y, m, d) = civil_from_days(days);
    let mut b = [0u8; 10];
    if (0..=9999).contains(&y) {
        put2(&mut b[0..2], (y / 100) as u32);
        put2(&mut b[2..4], (y % 100) as u32);
    } else {
        use std::fmt::Write;
        let _ = write!(out, "{y:04}-{m:02}-{d:02}");
        return;
    }
    b[4] = b'-';
    put2(&mut b[5..7], m);
    b[7] = b'-';
    put2(&mut b[8..10], d);
    push_ascii(out, &b);
}

/// Two decimal digits of `v` (below 100) into `b[0..2]`.
fn put2(b: &mut [u8], v: u32) {
    b[0] = b'0' + (v / 10 % 10) as u8;
    b[1] = b'0' + (v % 10) as u8;
}

/// Appends ASCII digits and punctuation built by the writers here.
fn push_ascii(out: &mut String, b: &[u8]) {
    if let Ok(s) = std::str::from_utf8(b) {
        out.push_str(s);
    }
}

/// Writes microseconds of a day as `HH:MM:SS[.ffffff]`.
pub fn write_time(us: i64, out: &mut String) {
    let secs = us.div_euclid(1_000_000);
    let frac = us.rem_euclid(1_000_000) as u32;
    let hours = secs / 3600;
    if !(0..100).contains(&hours) {
        use std::fmt::Write;
        let _ = write!(out, "{hours:02}:{:02}:{:02}", (secs / 60) % 60, secs % 60);
    } else {
        let mut b = *b"00:00:00";
        put2(&mut b[0..2], hours as u32);
        put2(&mut b[3..5], ((secs / 60) % 60) as u32);
        put2(&mut b[6..8], (secs % 60) as u32);
        push_ascii(out, &b);
    }
    if frac != 0 {
        let mut b = *b".000000";
        put2(&mut b[1..3], frac / 10_000);
        put2(&mut b[3..5], frac / 100 % 100);
        put2(&mut b[5..7], frac % 100);
        push_ascii(out, &b);
    }
}

/// Writes microseconds since the epoch as `YYYY-MM-DD HH:MM:SS[.ffffff]`.
pub fn write_timestamp(us: i64, out: &mut String) {
    write_date(us.div_euclid(DAY_US), out);
    out.push(' ');
    write_time(us.rem_euclid(DAY_US), out);
}

/// Adds calendar months to a timestamp (day clamped to the month's end).
pub fn add_months(us: i64, months: i64) -> i64 {
    let days = us.div_euclid(DAY_US);
    let tod = us.rem_euclid(DAY_US);
    let (y, m, d) = civil_from_days(days);
    let total = y * 12 + i64::from(m) - 1 + months;
    let (ny, nm) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
    let mut nd = d;
    while nd > 28 && civil_from_days(days_from_civil(ny, nm, nd)).1 != nm {
        nd -= 1;
    }
    days_from_civil(ny, nm, nd) * DAY_US + tod
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        for d in [-719_468, -1, 0, 1, 10_957, 20_000, 2_932_896] {
            let mut s = String::new();
            write_date(d, &mut s);
            assert_eq!(parse_date(&s), Some(d), "{s}");
        }
        assert_eq!(parse_date("2024-02-30"), None);
    }

    #[test]
    fn timestamps_with_offsets() {
        let utc = parse_timestamp("2022-04-01 00:00:00+00").unwrap();
        assert_eq!(parse_timestamp("2022-04-01 01:00:00+01"), Some(utc));
        assert_eq!(parse_timestamp("2022-04-01T00:00:00Z"), Some(utc));
        assert_eq!(parse_timestamp("2022-04-01"), Some(utc));
        let mut s = String::new();
        write_timestamp(utc + 1_500_000, &mut s);
        assert_eq!(s, "2022-04-01 00:00:01.500000");
        assert_eq!(
            add_months(parse_timestamp("2024-01-31").unwrap(), 1),
            parse_timestamp("2024-02-29").unwrap()
        );
    }
}
