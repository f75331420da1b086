//! Codes in the formats their names say (data version 2): barcodes, ISBNs, IBANs and
//! card numbers with valid check digits, public and private IPv4 addresses, hex
//! colours, ISO alpha-3 country codes and User-Agent headers.
//!
//! A code's *free digits* are where a unique column puts its permuted row index
//! ([`crate::plan::ir::Natural::Checked`], [`Sem::free_digits`]); the other digits (a country prefix, a bank
//! code) are drawn, and the check digit is computed last, so every value is valid and
//! distinct values stay distinct.

use std::fmt::Write;

use super::gen::{home_country, Context, Sem};
use crate::random::rng::Stream;

/// Card prefixes of published test numbers (no issued card starts with them).
const TEST_BINS: &[&str] = &["400000", "424242", "555555", "510510", "601111"];
const GB_BANKS: &[&str] = &["NWBK", "BARC", "LOYD", "HBUK", "MIDL"];
const NL_BANKS: &[&str] = &["ABNA", "INGB", "RABO", "TRIO", "SNSB"];
const DE_BANKS: &[&str] = &["10010010", "37040044", "50010517", "20041133", "70020270"];
const ALPHA3: &[&str] = &[
    "USA", "GBR", "DEU", "FRA", "ESP", "ITA", "NLD", "CAN", "AUS", "BRA", "MEX", "JPN", "CHN",
    "IND", "KOR", "SWE", "NOR", "DNK", "FIN", "POL", "PRT", "IRL", "BEL", "CHE", "AUT", "NZL",
    "ZAF", "ARG", "SGP", "TUR",
];

/// Writes a code of `sem`; `index` (below `10^free_digits`) fills the free digits of a
/// unique column, else they are drawn.
pub(super) fn write(
    sem: Sem,
    cx: &dyn Context,
    index: Option<u64>,
    s: &mut Stream,
    out: &mut String,
) {
    let country = home_country(cx.locale()).1;
    match sem {
        Sem::Ean13 => {
            let mut d = String::with_capacity(13);
            let _ = write!(d, "{:03}", ean_prefix(country, s));
            free(9, index, s, &mut d);
            finish(d, gs1_check, out);
        }
        Sem::Upc => {
            let mut d = String::with_capacity(12);
            d.push(*s.pick(&['0', '1', '6', '7', '8']));
            free(10, index, s, &mut d);
            finish(d, gs1_check, out);
        }
        Sem::Isbn13 => {
            let mut d = String::from(if s.chance(0.5) { "9780" } else { "9781" });
            free(8, index, s, &mut d);
            finish(d, gs1_check, out);
        }
        Sem::Iban => iban(country, index, s, out),
        Sem::CardNumber => {
            let mut d = String::from(*s.pick(TEST_BINS));
            free(9, index, s, &mut d);
            finish(d, luhn_check, out);
        }
        Sem::PublicIp => {
            let mut first = 1 + s.below(223);
            while matches!(first, 10 | 100 | 127 | 169 | 172 | 192 | 198 | 203) {
                first = 1 + s.below(223);
            }
            let v = s.next_u64();
            let _ = write!(
                out,
                "{first}.{}.{}.{}",
                v & 0xff,
                (v >> 8) & 0xff,
                1 + (v >> 16) % 254
            );
        }
        Sem::PrivateIp => {
            let v = s.next_u64();
            let (b, c, d) = (v & 0xff, (v >> 8) & 0xff, 1 + (v >> 16) % 254);
            let _ = match v >> 40 & 0xf {
                0..=9 => write!(out, "192.168.{b}.{d}"),
                10..=14 => write!(out, "10.{b}.{c}.{d}"),
                _ => write!(out, "172.{}.{c}.{d}", 16 + b % 16),
            };
        }
        Sem::HexColor => {
            let _ = write!(out, "#{:06x}", s.below(1 << 24));
        }
        Sem::CountryAlpha3 => match alpha3(country) {
            Some(home) if s.chance(0.6) => out.push_str(home),
            _ => out.push_str(s.word(ALPHA3)),
        },
        Sem::UserAgent => user_agent(s, out),
        _ => {}
    }
}

/// The GS1 prefix of a country's barcodes (a number of three digits).
fn ean_prefix(country: &str, s: &mut Stream) -> u64 {
    let (lo, hi) = match country {
        "DE" => (400, 440),
        "FR" => (300, 379),
        "IT" => (800, 839),
        "NL" => (870, 879),
        "JP" => (490, 499),
        "CN" => (690, 699),
        "BR" => (789, 790),
        "PT" => (560, 560),
        _ => (60, 139),
    };
    lo + s.below(hi - lo + 1)
}

/// `n` free digits: `index` zero-padded, or drawn.
fn free(n: u32, index: Option<u64>, s: &mut Stream, d: &mut String) {
    match index {
        Some(i) => {
            let _ = write!(d, "{:0width$}", i % 10u64.pow(n), width = n as usize);
        }
        None => (0..n).for_each(|_| d.push((b'0' + s.below(10) as u8) as char)),
    }
}

/// The digits `d` and their check digit.
fn finish(d: String, check: fn(&str) -> u32, out: &mut String) {
    out.push_str(&d);
    out.push(char::from_digit(check(&d), 10).unwrap_or('0'));
}

/// The GS1 check digit (EAN-13, UPC-A, ISBN-13): weights 3 and 1 from the right.
fn gs1_check(d: &str) -> u32 {
    let sum: u32 = d
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    (10 - sum % 10) % 10
}

/// The Luhn check digit: every second digit from the right doubled.
fn luhn_check(d: &str) -> u32 {
    let sum: u32 = d
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let v = u32::from(b - b'0');
            if i % 2 == 0 {
                let x = 2 * v;
                x / 10 + x % 10
            } else {
                v
            }
        })
        .sum();
    (10 - sum % 10) % 10
}

/// An IBAN in the layout of the locale's country (GB where the country has none in
/// this list): check digits `98 - (BBAN + country + 00) mod 97`.
fn iban(country: &str, index: Option<u64>, s: &mut Stream, out: &mut String) {
    let mut bban = String::with_capacity(18);
    let country = match country {
        "DE" => {
            bban.push_str(s.word(DE_BANKS));
            bban.push_str(["00", "01", "02", "05", "10"][s.below(5) as usize]);
            "DE"
        }
        "NL" => {
            bban.push_str(s.word(NL_BANKS));
            let _ = write!(bban, "{:02}", s.below(100));
            "NL"
        }
        _ => {
            bban.push_str(s.word(GB_BANKS));
            let _ = write!(bban, "{:06}", s.below(1_000_000));
            "GB"
        }
    };
    free(8, index, s, &mut bban);
    let check = 98 - mod97(bban.chars().chain(country.chars()).chain("00".chars()));
    let _ = write!(out, "{country}{check:02}{bban}");
}

/// The remainder by 97 of the number letters and digits spell (A = 10 … Z = 35).
fn mod97(chars: impl Iterator<Item = char>) -> u32 {
    chars.fold(0u32, |r, c| match c.to_digit(36) {
        Some(v) if v >= 10 => (r * 100 + v) % 97,
        Some(v) => (r * 10 + v) % 97,
        None => r,
    })
}

fn alpha3(alpha2: &str) -> Option<&'static str> {
    Some(match alpha2 {
        "US" => "USA",
        "FR" => "FRA",
        "DE" => "DEU",
        "IT" => "ITA",
        "BR" => "BRA",
        "PT" => "PRT",
        "NL" => "NLD",
        "JP" => "JPN",
        "CN" => "CHN",
        _ => return None,
    })
}

fn user_agent(s: &mut Stream, out: &mut String) {
    let v = 110 + s.below(22);
    let _ = match s.below(10) {
        0..=3 => write!(out, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36"),
        4 | 5 => write!(out, "Mozilla/5.0 (iPhone; CPU iPhone OS 17_{} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.{} Mobile/15E148 Safari/604.1", s.below(6), s.below(6)),
        6 => write!(out, "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.{} Safari/605.1.15", s.below(6)),
        7 => write!(out, "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Mobile Safari/537.36"),
        8 => write!(out, "Mozilla/5.0 (X11; Linux x86_64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0"),
        _ => write!(out, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36 Edg/{v}.0.0.0"),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digits_of_published_examples() {
        // EAN-13 4006381333931, UPC-A 036000291452, ISBN 978-0-306-40615-7.
        assert_eq!(gs1_check("400638133393"), 1);
        assert_eq!(gs1_check("03600029145"), 2);
        assert_eq!(gs1_check("978030640615"), 7);
        // Visa test number 4111 1111 1111 1111.
        assert_eq!(luhn_check("411111111111111"), 1);
        // GB82 WEST 1234 5698 7654 32: the BBAN, country and check digits pass mod 97.
        assert_eq!(mod97("WEST12345698765432GB82".chars()), 1);
    }
}
