//! Word lists for realistic values, taken from the `fake` crate's locale data.
//!
//! Values are picked from these lists by index (no `String` is built to choose one), so
//! a cell stays a pure function of its stream. The lists belong to the pinned `fake`
//! version; upgrading `fake` may change them, which is a data-version change.

mod names;
pub(crate) mod regions;

pub(crate) use names::label_gender;

use fake::locales::{Data, DE_DE, EN, FR_FR, IT_IT, JA_JP, NL_NL, PT_BR, PT_PT, ZH_CN};

/// How a locale writes a street address's number, name and street type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreetOrder {
    /// `123 Smith Street` (English; also data version 1 everywhere).
    NumberFirst,
    /// Name and type in one word, then the number: `Müllerstraße 12`, `Jansenstraat 4`.
    Joined,
    /// The number, the type, the name: `12 Rue Martin`.
    NumberType,
    /// The type, the name, the number: `Via Rossi, 12`, `Rua Silva, 123`.
    TypeFirst,
}

/// The word lists of one locale.
#[derive(Debug, Clone, Copy)]
pub struct Locale {
    /// The locale's name as given on the command line (`en`, `fr_fr`, …).
    pub name: &'static str,
    /// First names.
    pub first_names: &'static [&'static str],
    /// Last names.
    pub last_names: &'static [&'static str],
    /// City name suffixes.
    pub city_suffixes: &'static [&'static str],
    /// Street suffixes.
    pub street_suffixes: &'static [&'static str],
    /// States or regions.
    pub states: &'static [&'static str],
    /// State abbreviations.
    pub state_abbrs: &'static [&'static str],
    /// Country names.
    pub countries: &'static [&'static str],
    /// Postal code formats (`#` is a digit).
    pub postcode_formats: &'static [&'static str],
    /// Phone number formats (`#` is a digit).
    pub phone_formats: &'static [&'static str],
    /// Free e-mail providers.
    pub email_providers: &'static [&'static str],
    /// Domain suffixes.
    pub domain_suffixes: &'static [&'static str],
    /// Company suffixes.
    pub company_suffixes: &'static [&'static str],
    /// Job seniority words.
    pub job_seniority: &'static [&'static str],
    /// Job fields.
    pub job_fields: &'static [&'static str],
    /// Job positions.
    pub job_positions: &'static [&'static str],
    /// Industries.
    pub industries: &'static [&'static str],
    /// Currency codes.
    pub currency_codes: &'static [&'static str],
    /// Currency names.
    pub currency_names: &'static [&'static str],
    /// Time zones.
    pub time_zones: &'static [&'static str],
    /// Lorem ipsum words.
    pub words: &'static [&'static str],
    /// Buzzwords for product names and catch phrases.
    pub buzz_head: &'static [&'static str],
    /// Buzzwords, tails.
    pub buzz_tail: &'static [&'static str],
    /// Name titles (Mr., Dr., …).
    pub titles: &'static [&'static str],
    /// File extensions.
    pub extensions: &'static [&'static str],
    /// English sentences and titles from [`crate::prose`] instead of Latin filler
    /// (data version 2; `words` are then English too).
    pub prose: bool,
    /// The country's own formats and agreement within a row (data version 2, see
    /// the `regions` module): e-mail addresses romanize names, currency codes and time
    /// zones are mostly the country's, postal codes follow the row's region.
    pub regional: bool,
    /// Romanized readings of names not written in Latin letters (`佐藤` → `sato`).
    pub readings: &'static [(&'static str, &'static str)],
    /// Full names put the family name first (Japanese, Chinese).
    pub family_first: bool,
    /// Between the parts of a full name (empty for Chinese).
    pub name_sep: &'static str,
    /// Leading three digits of the postal codes of each region of `states`, when the
    /// country's codes follow its regions (empty: any).
    pub state_postcodes: &'static [(u16, u16)],
    /// The country's currency code (empty: none in particular).
    pub home_currency: &'static str,
    /// The country's time zones, most populous repeated (empty: none in particular).
    pub home_zones: &'static [&'static str],
    /// Given names by gender, women's then men's (data version 2; empty: the row's
    /// first name is from `first_names` and its gender is not known from it).
    pub given_names: [&'static [&'static str]; 2],
    /// Salutations by gender, women's then men's (data version 2; empty: `titles`).
    pub gendered_titles: [&'static [&'static str]; 2],
    /// The order of a street address's parts (data version 2; the family-name-first
    /// locales write theirs as blocks, `佐藤町3-12`).
    pub street_order: StreetOrder,
}

fn of<L: Data>(name: &'static str) -> Locale {
    Locale {
        name,
        first_names: L::NAME_FIRST_NAME,
        last_names: L::NAME_LAST_NAME,
        city_suffixes: L::ADDRESS_CITY_SUFFIX,
        street_suffixes: L::ADDRESS_STREET_SUFFIX,
        states: L::ADDRESS_STATE,
        state_abbrs: L::ADDRESS_STATE_ABBR,
        countries: L::ADDRESS_COUNTRY,
        postcode_formats: L::ADDRESS_POSTCODE_FORMATS,
        phone_formats: L::PHONE_NUMBER_FORMATS,
        email_providers: L::INTERNET_FREE_EMAIL_PROVIDER,
        domain_suffixes: L::INTERNET_DOMAIN_SUFFIX,
        company_suffixes: L::COMPANY_SUFFIX,
        job_seniority: L::JOB_SENIORITY,
        job_fields: L::JOB_FIELD,
        job_positions: L::JOB_POSITION,
        industries: L::COMPANY_INDUSTRY,
        currency_codes: L::CURRENCY_CODE,
        currency_names: L::CURRENCY_NAME,
        time_zones: L::ADDRESS_TIME_ZONE,
        words: L::LOREM_WORD,
        buzz_head: L::COMPANY_BUZZWORD_HEAD,
        buzz_tail: L::COMPANY_BUZZWORD_TAIL,
        titles: L::NAME_TITLE,
        extensions: L::PATH_EXTENSIONS,
        prose: false,
        regional: false,
        readings: &[],
        family_first: false,
        name_sep: " ",
        state_postcodes: &[],
        home_currency: "",
        home_zones: &[],
        given_names: [&[], &[]],
        gendered_titles: [&[], &[]],
        street_order: StreetOrder::NumberFirst,
    }
}

/// The locales seedgen knows, by name.
pub const LOCALES: &[&str] = &[
    "en", "fr_fr", "de_de", "it_it", "pt_br", "pt_pt", "nl_nl", "ja_jp", "zh_cn",
];

impl Locale {
    /// This locale's lists for data version `version`: from version 2, free text is
    /// English prose, not Latin filler, and rows hold the country's own formats
    /// (the `regions` module).
    pub fn for_version(mut self, version: u32) -> Locale {
        if version >= 2 {
            self.prose = true;
            self.words = crate::prose::combination_words();
            regions::apply(&mut self);
            names::apply(&mut self);
        }
        self
    }

    /// The locale called `name` (`en`, `fr_fr`, `de-DE`, … case and separator ignored).
    pub fn by_name(name: &str) -> Option<Locale> {
        let n = name.to_ascii_lowercase().replace('-', "_");
        Some(match n.as_str() {
            "en" | "en_us" => of::<EN>("en"),
            "fr" | "fr_fr" => of::<FR_FR>("fr_fr"),
            "de" | "de_de" => of::<DE_DE>("de_de"),
            "it" | "it_it" => of::<IT_IT>("it_it"),
            "pt_br" => of::<PT_BR>("pt_br"),
            "pt" | "pt_pt" => of::<PT_PT>("pt_pt"),
            "nl" | "nl_nl" => of::<NL_NL>("nl_nl"),
            "ja" | "ja_jp" => of::<JA_JP>("ja_jp"),
            "zh" | "zh_cn" => of::<ZH_CN>("zh_cn"),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_locale_has_the_lists_generators_index() {
        for name in LOCALES {
            let l = Locale::by_name(name).unwrap();
            for list in [
                l.first_names,
                l.last_names,
                l.city_suffixes,
                l.street_suffixes,
                l.countries,
                l.phone_formats,
                l.email_providers,
                l.words,
                l.postcode_formats,
            ] {
                assert!(!list.is_empty(), "{name}");
            }
        }
    }
}
