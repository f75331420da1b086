//! Arbitrary input never panics the reader: it yields a schema or an error.

use proptest::prelude::*;
use seedgen_core::schema::{Dialect, Schema, SqlType};

/// Fragments of real DDL, so the generator reaches deep into the reader.
const FRAGMENTS: &[&str] = &[
    "CREATE TABLE ",
    "t",
    "(",
    ")",
    ",",
    ";",
    "id int",
    " PRIMARY KEY",
    " REFERENCES ",
    "t(id)",
    "ALTER TABLE ",
    " ADD COLUMN ",
    " DROP COLUMN ",
    "CHECK (",
    "x > 0",
    "'",
    "\"",
    "`",
    "$$",
    "$a$",
    "/*",
    "*/",
    "/*!40101 ",
    "--",
    "\n",
    "\\c db\n",
    "DELIMITER ;;\n",
    "BEGIN",
    "END",
    "CREATE DOMAIN d ",
    "varchar(",
    "10",
    "CREATE TYPE e AS ENUM ('a')",
    "CREATE SCHEMA s ",
    "PARTITION OF t FOR VALUES IN (1)",
    "ATTACH PARTITION ",
    "UNIQUE",
    "CREATE UNIQUE INDEX i ON ",
    "COPY t FROM stdin;\n",
    "\\.\n",
    "ALTER SEQUENCE q OWNED BY t.id",
    " NOT NULL",
    "é",
    "[x]",
];

fn ddl() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn ddl_fragments_never_panic(src in ddl(), d in 0..3usize) {
        let dialect = [Dialect::Postgres, Dialect::MySql, Dialect::Sqlite][d];
        let _ = Schema::from_sql(&src, Some(dialect));
        let _ = Schema::from_sql(&src, None);
    }

    #[test]
    fn arbitrary_text_never_panics(src in "\\PC{0,200}") {
        let _ = Schema::from_sql(&src, None);
        let _ = Schema::from_json(&src);
        let _ = SqlType::parse(&src);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let src = String::from_utf8_lossy(&bytes);
        let _ = Schema::from_sql(&src, Some(Dialect::MySql));
    }
}

/// Found by `arbitrary_text_never_panics`: an unterminated versioned comment whose last
/// character is several bytes long was cut inside that character.
#[test]
fn unterminated_versioned_comment_ending_in_a_wide_character() {
    for src in [
        "/*!40101 a𐀼",
        "SELECT '\\𐀼",
        "/*!40101 '\\é'",
        "CREATE TABLE t (a int /*!50705 é",
    ] {
        let _ = Schema::from_sql(src, Some(Dialect::MySql));
    }
}
