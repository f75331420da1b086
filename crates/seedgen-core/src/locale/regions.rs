//! What a locale's rows hold in its own country (data version 2): phone numbers and
//! postal codes in the country's formats, its regions (Japanese prefectures, Chinese
//! provinces, French regions), postal codes that agree with the row's region where the
//! country's codes follow regions (US ZIP codes, Japanese postal codes), names whose
//! romanized readings e-mail addresses and user names use, the family name first where
//! that is the convention, and the country's currency and time zones.
//!
//! Applied by [`crate::locale::Locale::for_version`]; version 1 keeps the lists of the
//! `fake` crate as they were.

use super::{Locale, StreetOrder};

/// Leading three digits of US ZIP codes, by state (in the order of the `fake` crate's
/// state list, Alabama to Wyoming).
const US_ZIP: &[(u16, u16)] = &[
    (350, 369),
    (995, 999),
    (850, 865),
    (716, 729),
    (900, 961),
    (800, 816),
    (60, 69),
    (197, 199),
    (320, 349),
    (300, 319),
    (967, 968),
    (832, 838),
    (600, 629),
    (460, 479),
    (500, 528),
    (660, 679),
    (400, 427),
    (700, 714),
    (39, 49),
    (206, 219),
    (10, 27),
    (480, 499),
    (550, 567),
    (386, 397),
    (630, 658),
    (590, 599),
    (680, 693),
    (889, 898),
    (30, 38),
    (70, 89),
    (870, 884),
    (100, 149),
    (270, 289),
    (580, 588),
    (430, 459),
    (730, 749),
    (970, 979),
    (150, 196),
    (28, 29),
    (290, 299),
    (570, 577),
    (370, 385),
    (750, 799),
    (840, 847),
    (50, 59),
    (220, 246),
    (980, 994),
    (247, 268),
    (530, 549),
    (820, 831),
];

/// `%` is a digit from 2 to 9, as area codes and exchanges begin.
const US_PHONES: &[&str] = &[
    "(%##) %##-####",
    "%##-%##-####",
    "+1 %##-%##-####",
    "%##.%##.####",
];
const US_ZONES: &[&str] = &[
    "America/New_York",
    "America/New_York",
    "America/New_York",
    "America/New_York",
    "America/Chicago",
    "America/Chicago",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Los_Angeles",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
];

const DE_PHONES: &[&str] = &[
    "+49 30 #######",
    "+49 40 #######",
    "+49 89 #######",
    "+49 69 #######",
    "+49 221 #######",
    "+49 15# ########",
    "+49 17# #######",
    "030 #######",
    "089 #######",
];

const FR_REGIONS: &[&str] = &[
    "Île-de-France",
    "Auvergne-Rhône-Alpes",
    "Nouvelle-Aquitaine",
    "Occitanie",
    "Hauts-de-France",
    "Provence-Alpes-Côte d'Azur",
    "Grand Est",
    "Pays de la Loire",
    "Bretagne",
    "Normandie",
    "Bourgogne-Franche-Comté",
    "Centre-Val de Loire",
    "Corse",
];
const FR_REGION_CODES: &[&str] = &[
    "IDF", "ARA", "NAQ", "OCC", "HDF", "PAC", "GES", "PDL", "BRE", "NOR", "BFC", "CVL", "COR",
];

const NL_POSTCODES: &[&str] = &["^### ??"];

const JA_FAMILY: &[(&str, &str)] = &[
    ("佐藤", "sato"),
    ("鈴木", "suzuki"),
    ("高橋", "takahashi"),
    ("田中", "tanaka"),
    ("伊藤", "ito"),
    ("渡辺", "watanabe"),
    ("山本", "yamamoto"),
    ("中村", "nakamura"),
    ("小林", "kobayashi"),
    ("加藤", "kato"),
    ("吉田", "yoshida"),
    ("山田", "yamada"),
    ("佐々木", "sasaki"),
    ("山口", "yamaguchi"),
    ("松本", "matsumoto"),
    ("井上", "inoue"),
    ("木村", "kimura"),
    ("林", "hayashi"),
    ("斎藤", "saito"),
    ("清水", "shimizu"),
    ("山崎", "yamazaki"),
    ("森", "mori"),
    ("池田", "ikeda"),
    ("橋本", "hashimoto"),
    ("阿部", "abe"),
    ("石川", "ishikawa"),
    ("山下", "yamashita"),
    ("中島", "nakajima"),
    ("石井", "ishii"),
    ("小川", "ogawa"),
    ("前田", "maeda"),
    ("岡田", "okada"),
    ("長谷川", "hasegawa"),
    ("藤田", "fujita"),
    ("後藤", "goto"),
    ("近藤", "kondo"),
    ("村上", "murakami"),
    ("遠藤", "endo"),
    ("青木", "aoki"),
    ("坂本", "sakamoto"),
];
/// Men's given names, then women's (`JA_MEN` of them).
const JA_GIVEN: &[(&str, &str)] = &[
    ("太郎", "taro"),
    ("翔太", "shota"),
    ("大輔", "daisuke"),
    ("健太", "kenta"),
    ("拓也", "takuya"),
    ("直樹", "naoki"),
    ("蓮", "ren"),
    ("湊", "minato"),
    ("陽翔", "haruto"),
    ("悠真", "yuma"),
    ("颯太", "sota"),
    ("健一", "kenichi"),
    ("誠", "makoto"),
    ("浩", "hiroshi"),
    ("学", "manabu"),
    ("さくら", "sakura"),
    ("陽菜", "hina"),
    ("結衣", "yui"),
    ("美咲", "misaki"),
    ("葵", "aoi"),
    ("凛", "rin"),
    ("花子", "hanako"),
    ("愛", "ai"),
    ("優子", "yuko"),
    ("恵", "megumi"),
    ("真由美", "mayumi"),
    ("明美", "akemi"),
    ("由美", "yumi"),
    ("彩", "aya"),
    ("奈々", "nana"),
    ("舞", "mai"),
    ("芽依", "mei"),
    ("結菜", "yuna"),
    ("美優", "miyu"),
    ("千尋", "chihiro"),
];
/// Prefectures, their ISO 3166-2 codes, and the leading three digits of their postal
/// codes.
const JA_PREFECTURES: &[(&str, &str, (u16, u16))] = &[
    ("東京都", "JP-13", (100, 208)),
    ("神奈川県", "JP-14", (210, 259)),
    ("大阪府", "JP-27", (530, 599)),
    ("愛知県", "JP-23", (440, 498)),
    ("埼玉県", "JP-11", (330, 369)),
    ("千葉県", "JP-12", (260, 299)),
    ("兵庫県", "JP-28", (650, 679)),
    ("北海道", "JP-01", (40, 99)),
    ("福岡県", "JP-40", (800, 839)),
    ("静岡県", "JP-22", (410, 439)),
    ("茨城県", "JP-08", (300, 319)),
    ("広島県", "JP-34", (720, 739)),
    ("京都府", "JP-26", (600, 629)),
    ("宮城県", "JP-04", (980, 989)),
    ("新潟県", "JP-15", (940, 959)),
    ("長野県", "JP-20", (380, 399)),
    ("岐阜県", "JP-21", (500, 509)),
    ("群馬県", "JP-10", (370, 379)),
    ("栃木県", "JP-09", (320, 329)),
    ("岡山県", "JP-33", (700, 719)),
    ("福島県", "JP-07", (960, 979)),
    ("三重県", "JP-24", (510, 519)),
    ("熊本県", "JP-43", (860, 869)),
    ("鹿児島県", "JP-46", (890, 899)),
    ("沖縄県", "JP-47", (900, 907)),
    ("滋賀県", "JP-25", (520, 529)),
    ("山口県", "JP-35", (740, 759)),
    ("愛媛県", "JP-38", (790, 799)),
    ("奈良県", "JP-29", (630, 639)),
    ("長崎県", "JP-42", (850, 859)),
];
const JA_PHONES: &[&str] = &[
    "03-####-####",
    "06-####-####",
    "0##-###-####",
    "090-####-####",
    "080-####-####",
    "070-####-####",
];

const ZH_FAMILY: &[(&str, &str)] = &[
    ("王", "wang"),
    ("李", "li"),
    ("张", "zhang"),
    ("刘", "liu"),
    ("陈", "chen"),
    ("杨", "yang"),
    ("黄", "huang"),
    ("赵", "zhao"),
    ("吴", "wu"),
    ("周", "zhou"),
    ("徐", "xu"),
    ("孙", "sun"),
    ("马", "ma"),
    ("朱", "zhu"),
    ("胡", "hu"),
    ("郭", "guo"),
    ("何", "he"),
    ("高", "gao"),
    ("林", "lin"),
    ("罗", "luo"),
    ("郑", "zheng"),
    ("梁", "liang"),
    ("谢", "xie"),
    ("宋", "song"),
    ("唐", "tang"),
    ("韩", "han"),
    ("冯", "feng"),
    ("邓", "deng"),
    ("曹", "cao"),
    ("许", "xu"),
];
/// Men's given names, then women's (`ZH_MEN` of them).
const ZH_GIVEN: &[(&str, &str)] = &[
    ("伟", "wei"),
    ("强", "qiang"),
    ("磊", "lei"),
    ("军", "jun"),
    ("洋", "yang"),
    ("勇", "yong"),
    ("杰", "jie"),
    ("涛", "tao"),
    ("明", "ming"),
    ("超", "chao"),
    ("平", "ping"),
    ("刚", "gang"),
    ("建华", "jianhua"),
    ("文", "wen"),
    ("浩然", "haoran"),
    ("宇轩", "yuxuan"),
    ("俊杰", "junjie"),
    ("芳", "fang"),
    ("娜", "na"),
    ("秀英", "xiuying"),
    ("敏", "min"),
    ("静", "jing"),
    ("丽", "li"),
    ("艳", "yan"),
    ("娟", "juan"),
    ("秀兰", "xiulan"),
    ("霞", "xia"),
    ("子涵", "zihan"),
    ("欣怡", "xinyi"),
    ("梓萱", "zixuan"),
    ("一诺", "yinuo"),
];
const ZH_PROVINCES: &[&str] = &[
    "广东省",
    "山东省",
    "河南省",
    "江苏省",
    "四川省",
    "河北省",
    "湖南省",
    "浙江省",
    "安徽省",
    "湖北省",
    "北京市",
    "上海市",
    "福建省",
    "陕西省",
    "辽宁省",
];
const ZH_PROVINCE_CODES: &[&str] = &[
    "CN-GD", "CN-SD", "CN-HA", "CN-JS", "CN-SC", "CN-HE", "CN-HN", "CN-ZJ", "CN-AH", "CN-HB",
    "CN-BJ", "CN-SH", "CN-FJ", "CN-SN", "CN-LN",
];
const ZH_PHONES: &[&str] = &[
    "+86 13# #### ####",
    "+86 15# #### ####",
    "+86 18# #### ####",
    "010-########",
    "021-########",
    "139########",
];

/// One field of each row of a table of tuples, as a `'static` list (built at compile
/// time): `column!(JA_PREFECTURES, 1, &str, "")` is the prefectures' codes.
macro_rules! column {
    ($rows:expr, $field:tt, $ty:ty, $zero:expr) => {{
        const N: usize = $rows.len();
        const OUT: [$ty; N] = {
            let mut out = [$zero; N];
            let mut i = 0;
            while i < N {
                out[i] = $rows[i].$field;
                i += 1;
            }
            out
        };
        &OUT
    }};
}

const JA_FAMILY_NAMES: &[&str] = column!(JA_FAMILY, 0, &str, "");
const JA_GIVEN_NAMES: &[&str] = column!(JA_GIVEN, 0, &str, "");
const JA_STATES: &[&str] = column!(JA_PREFECTURES, 0, &str, "");
const JA_CODES: &[&str] = column!(JA_PREFECTURES, 1, &str, "");
const JA_POSTAL: &[(u16, u16)] = column!(JA_PREFECTURES, 2, (u16, u16), (0, 0));
const ZH_FAMILY_NAMES: &[&str] = column!(ZH_FAMILY, 0, &str, "");
const ZH_GIVEN_NAMES: &[&str] = column!(ZH_GIVEN, 0, &str, "");
const JA_MEN: usize = 15;
const ZH_MEN: usize = 17;
/// Women's and men's given names, for [`super::names`].
const JA_BY_GENDER: [&[&str]; 2] = women_then_men(JA_GIVEN_NAMES, JA_MEN);
const ZH_BY_GENDER: [&[&str]; 2] = women_then_men(ZH_GIVEN_NAMES, ZH_MEN);

/// A list of `men` men's names then women's, as women's and men's lists.
const fn women_then_men(
    given: &'static [&'static str],
    men: usize,
) -> [&'static [&'static str]; 2] {
    let (m, w) = given.split_at(men);
    [w, m]
}
const JA_READINGS: [(&str, &str); JA_FAMILY.len() + JA_GIVEN.len()] =
    concat_pairs(JA_FAMILY, JA_GIVEN);
const ZH_READINGS: [(&str, &str); ZH_FAMILY.len() + ZH_GIVEN.len()] =
    concat_pairs(ZH_FAMILY, ZH_GIVEN);

const fn concat_pairs<const N: usize>(
    a: &[(&'static str, &'static str)],
    b: &[(&'static str, &'static str)],
) -> [(&'static str, &'static str); N] {
    let mut out = [("", ""); N];
    let mut i = 0;
    while i < a.len() {
        out[i] = a[i];
        i += 1;
    }
    let mut j = 0;
    while j < b.len() {
        out[i + j] = b[j];
        j += 1;
    }
    out
}

/// Gives locale `l` its country's formats, regions, names and money (data version 2).
pub(crate) fn apply(l: &mut Locale) {
    l.regional = true;
    match l.name {
        "en" => {
            l.phone_formats = US_PHONES;
            l.postcode_formats = &["#####", "#####", "#####", "#####-####"];
            l.state_postcodes = US_ZIP;
            l.home_currency = "USD";
            l.home_zones = US_ZONES;
        }
        "de_de" => {
            l.street_order = StreetOrder::Joined;
            l.phone_formats = DE_PHONES;
            l.postcode_formats = &["#####"];
            l.domain_suffixes = &["de", "de", "de", "com", "net", "org"];
            l.email_providers = &["gmx.de", "web.de", "t-online.de", "gmail.com", "outlook.de"];
            l.home_currency = "EUR";
            l.home_zones = &["Europe/Berlin"];
        }
        "fr_fr" => {
            l.street_order = StreetOrder::NumberType;
            l.states = FR_REGIONS;
            l.state_abbrs = FR_REGION_CODES;
            l.domain_suffixes = &["fr", "fr", "fr", "com", "net", "org"];
            l.home_currency = "EUR";
            l.home_zones = &["Europe/Paris"];
        }
        "it_it" => {
            l.street_order = StreetOrder::TypeFirst;
            l.home_currency = "EUR";
            l.home_zones = &["Europe/Rome"];
        }
        "nl_nl" => {
            l.street_order = StreetOrder::Joined;
            l.postcode_formats = NL_POSTCODES;
            l.home_currency = "EUR";
            l.home_zones = &["Europe/Amsterdam"];
        }
        "pt_pt" => {
            l.street_order = StreetOrder::TypeFirst;
            l.home_currency = "EUR";
            l.home_zones = &["Europe/Lisbon"];
        }
        "pt_br" => {
            l.street_order = StreetOrder::TypeFirst;
            l.home_currency = "BRL";
            l.home_zones = &[
                "America/Sao_Paulo",
                "America/Sao_Paulo",
                "America/Recife",
                "America/Manaus",
            ];
        }
        "ja_jp" => {
            l.first_names = JA_GIVEN_NAMES;
            l.last_names = JA_FAMILY_NAMES;
            l.readings = &JA_READINGS;
            l.given_names = JA_BY_GENDER;
            l.family_first = true;
            l.states = JA_STATES;
            l.state_abbrs = JA_CODES;
            l.state_postcodes = JA_POSTAL;
            l.postcode_formats = &["###-####"];
            l.phone_formats = JA_PHONES;
            l.city_suffixes = &["市", "市", "市", "町"];
            l.street_suffixes = &["町", "町", "通り", "台"];
            l.domain_suffixes = &["jp", "co.jp", "ne.jp", "com"];
            l.email_providers = &["gmail.com", "yahoo.co.jp", "docomo.ne.jp", "icloud.com"];
            l.countries = &["日本"];
            l.home_currency = "JPY";
            l.home_zones = &["Asia/Tokyo"];
        }
        "zh_cn" => {
            l.first_names = ZH_GIVEN_NAMES;
            l.last_names = ZH_FAMILY_NAMES;
            l.readings = &ZH_READINGS;
            l.given_names = ZH_BY_GENDER;
            l.family_first = true;
            l.name_sep = "";
            l.states = ZH_PROVINCES;
            l.state_abbrs = ZH_PROVINCE_CODES;
            l.postcode_formats = &["######"];
            l.phone_formats = ZH_PHONES;
            l.city_suffixes = &["市"];
            l.street_suffixes = &["路", "路", "街", "大道"];
            l.domain_suffixes = &["cn", "com.cn", "com"];
            l.email_providers = &["qq.com", "163.com", "126.com", "sina.com"];
            l.home_currency = "CNY";
            l.home_zones = &["Asia/Shanghai"];
        }
        _ => {}
    }
}

/// Writes `name` in lower-case ASCII for an e-mail address or a user name: a reading
/// from `readings` for a name written in kanji, kana or hanzi, else letter by letter
/// with diacritics spelled out (`ä` → `ae`, `ß` → `ss`, `é` → `e`).
pub(crate) fn romanize(name: &str, readings: &[(&str, &str)], out: &mut String) {
    if let Some((_, r)) = readings.iter().find(|(w, _)| *w == name) {
        out.push_str(r);
        return;
    }
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        let spelled = match c.to_lowercase().next().unwrap_or(c) {
            'ä' | 'æ' => "ae",
            'ö' | 'ø' | 'œ' => "oe",
            'ü' => "ue",
            'ß' => "ss",
            'à' | 'á' | 'â' | 'ã' | 'å' => "a",
            'ç' => "c",
            'è' | 'é' | 'ê' | 'ë' => "e",
            'ì' | 'í' | 'î' | 'ï' => "i",
            'ñ' => "n",
            'ò' | 'ó' | 'ô' | 'õ' => "o",
            'ù' | 'ú' | 'û' => "u",
            'ý' | 'ÿ' => "y",
            _ => "",
        };
        out.push_str(spelled);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_romanized() {
        let mut out = String::new();
        romanize("Jürgen", &[], &mut out);
        out.push('.');
        romanize("Straße", &[], &mut out);
        out.push('.');
        romanize("佐藤", &JA_READINGS, &mut out);
        out.push('.');
        romanize("François", &[], &mut out);
        assert_eq!(out, "juergen.strasse.sato.francois");
    }

    #[test]
    fn lists_stay_parallel() {
        assert_eq!(US_ZIP.len(), 50);
        assert_eq!(FR_REGIONS.len(), FR_REGION_CODES.len());
        assert_eq!(ZH_PROVINCES.len(), ZH_PROVINCE_CODES.len());
        assert_eq!(JA_STATES.len(), JA_CODES.len());
    }
}
