//! Focused tests of the planner and the engine: one behaviour each.

use std::collections::{HashMap, HashSet};

use seedgen_core::output::csv::{CsvOptions, CsvWriter};
use seedgen_core::output::BatchWriter;
use seedgen_core::schema::{Dialect, Schema, SchemaReader};
use seedgen_core::{Error, Plan, Settings};

fn plan(sql: &str, settings: serde_json::Value) -> Result<Plan, Error> {
    let schema = Schema::from_sql(sql, Some(Dialect::Postgres))?;
    let settings = Settings::from_value(settings, "generate")?;
    Plan::new(schema, &settings)
}

/// A table's rows as text (NULL as `\N`), with its header.
fn rows(plan: &Plan, table: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let t = plan.table_index(table).unwrap();
    let batch = plan.batch(t, 0..plan.tables()[t].rows()).unwrap();
    let mut w = CsvWriter::new(
        Vec::new(),
        "mem",
        CsvOptions {
            null: "\\N".into(),
            ..CsvOptions::default()
        },
    );
    w.write(&batch).unwrap();
    let text = String::from_utf8(w.into_inner()).unwrap();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let data = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    (header, data)
}

fn column(plan: &Plan, table: &str, col: &str) -> Vec<String> {
    let (h, data) = rows(plan, table);
    let i = h.iter().position(|x| x == col).unwrap();
    data.into_iter().map(|r| r[i].clone()).collect()
}

/// The target, the message and the most rows that fit, of a plan that cannot hold
/// (an explicit count too large is `TooManyRows`, with its numbers as fields).
fn infeasible(r: Result<Plan, Error>) -> (String, String, Option<u64>) {
    match r {
        Err(Error::Infeasible {
            target,
            message,
            max_rows,
        }) => (target, message, max_rows),
        Err(e @ Error::TooManyRows { .. }) => {
            let text = e.to_string();
            let Error::TooManyRows {
                target, max_rows, ..
            } = e
            else {
                unreachable!()
            };
            (target, text, Some(max_rows))
        }
        Err(e) => panic!("expected an infeasible plan, got {e}"),
        Ok(_) => panic!("expected an infeasible plan, got a plan"),
    }
}

#[test]
fn an_explicit_count_the_unique_domain_cannot_hold_is_refused_with_the_numbers() {
    let (target, msg, max) = infeasible(plan(
        "CREATE TABLE t (code char(1) PRIMARY KEY);",
        serde_json::json!({"tables": {"t": {"rows": 100}}}),
    ));
    assert_eq!(target, "t.code");
    assert!(msg.contains("100") && msg.contains("34"), "{msg}");
    assert_eq!(max, Some(34));
    let (_, msg, max) = infeasible(plan(
        "CREATE TABLE t (n smallint UNIQUE CHECK (n BETWEEN 1 AND 10));",
        serde_json::json!({"tables": {"t": {"rows": 50}}}),
    ));
    assert_eq!(max, Some(10), "{msg}");
}

#[test]
fn a_default_count_the_unique_domain_cannot_hold_is_capped_and_said() {
    let p = plan(
        "CREATE TABLE t (code char(1) PRIMARY KEY);
         CREATE TABLE c (id int PRIMARY KEY, code char(1) NOT NULL REFERENCES t(code));",
        serde_json::json!({"rows": 100}),
    )
    .unwrap();
    let caps = p.caps();
    assert_eq!(caps.len(), 1, "{caps:?}");
    assert_eq!(
        (caps[0].table.name.as_str(), caps[0].asked, caps[0].rows),
        ("t", 100, 34)
    );
    assert!(caps[0].reason.contains("char(1)"), "{}", caps[0].reason);
    let codes: HashSet<String> = column(&p, "t", "code").into_iter().collect();
    assert_eq!(codes.len(), 34);
    // The child keeps its count and picks among the capped parent's rows.
    assert_eq!(column(&p, "c", "code").len(), 100);
    assert!(column(&p, "c", "code").iter().all(|v| codes.contains(v)));
    // `strict` refuses the cap, naming it.
    let e = plan(
        "CREATE TABLE t (code char(1) PRIMARY KEY);",
        serde_json::json!({"rows": 100, "strict": true}),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("t: capped at 34 rows"), "{e}");
}

#[test]
fn keys_that_cannot_hold_the_default_count_are_capped_at_what_fits() {
    // A tinyint unsigned key, a singleton fixed by its CHECK, a list of N values, a
    // junction of the capped parent, a child whose unique key is its foreign key.
    let mysql = |sql: &str, settings: serde_json::Value| {
        let schema = Schema::from_sql(sql, Some(Dialect::MySql))?;
        Plan::new(schema, &Settings::from_value(settings, "generate")?)
    };
    let p = mysql(
        "CREATE TABLE cat (id tinyint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB;
         CREATE TABLE lock_t (lck char(1) NOT NULL UNIQUE CHECK (lck = 'X'));
         CREATE TABLE sizes (size varchar(5) NOT NULL UNIQUE CHECK (size IN ('S','M','L')));
         CREATE TABLE tag (id int AUTO_INCREMENT PRIMARY KEY);
         CREATE TABLE cat_tag (cat_id tinyint unsigned NOT NULL, tag_id int NOT NULL,
           PRIMARY KEY (cat_id, tag_id), FOREIGN KEY (cat_id) REFERENCES cat(id),
           FOREIGN KEY (tag_id) REFERENCES tag(id));
         CREATE TABLE profile (cat_id tinyint unsigned NOT NULL UNIQUE,
           FOREIGN KEY (cat_id) REFERENCES cat(id));",
        serde_json::json!({"rows": 1000, "tables": {"tag": {"rows": 2}}}),
    )
    .unwrap();
    let rows = |t: &str| p.tables()[p.table_index(t).unwrap()].rows();
    assert_eq!(rows("cat"), 255);
    assert_eq!(rows("lock_t"), 1);
    assert_eq!(rows("sizes"), 3);
    assert_eq!(rows("cat_tag"), 510, "255 × 2 pairs");
    assert_eq!(rows("profile"), 255);
    let capped: Vec<&str> = p.caps().iter().map(|c| c.table.name.as_str()).collect();
    assert_eq!(capped, ["cat", "lock_t", "sizes", "cat_tag", "profile"]);
}

#[test]
fn junction_tables_are_unique_by_permutation_and_refused_beyond_the_pairs() {
    let sql = "CREATE TABLE a (id int PRIMARY KEY);
               CREATE TABLE b (id int PRIMARY KEY);
               CREATE TABLE ab (a_id int REFERENCES a(id), b_id int REFERENCES b(id),
                                PRIMARY KEY (a_id, b_id));";
    let p = plan(
        sql,
        serde_json::json!({"tables": {"a": {"rows": 10}, "b": {"rows": 7}, "ab": {"rows": 70}}}),
    )
    .unwrap();
    let (_, data) = rows(&p, "ab");
    let pairs: HashSet<_> = data.iter().cloned().collect();
    assert_eq!(pairs.len(), 70, "every pair exactly once");
    let (target, msg, max) = infeasible(plan(
        sql,
        serde_json::json!({"tables": {"a": {"rows": 10}, "b": {"rows": 7}, "ab": {"rows": 71}}}),
    ));
    assert_eq!((target.as_str(), max), ("ab", Some(70)), "{msg}");
}

#[test]
fn a_not_null_cycle_without_a_deferrable_edge_is_refused() {
    let sql = "CREATE TABLE a (id int PRIMARY KEY, b_id int NOT NULL);
               CREATE TABLE b (id int PRIMARY KEY, a_id int NOT NULL REFERENCES a(id));
               ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b(id);";
    let (target, msg, _) = infeasible(plan(sql, serde_json::json!({})));
    assert!(target.contains('a') && target.contains('b'), "{target}");
    assert!(msg.contains("DEFERRABLE"), "{msg}");
    let deferrable = sql.replace("REFERENCES b(id);", "REFERENCES b(id) DEFERRABLE;");
    let p = plan(&deferrable, serde_json::json!({"rows": 50})).unwrap();
    let ids: HashSet<String> = column(&p, "b", "id").into_iter().collect();
    assert!(column(&p, "a", "b_id").iter().all(|v| ids.contains(v)));
}

#[test]
fn a_check_no_value_satisfies_is_refused() {
    let (target, msg, _) = infeasible(plan(
        "CREATE TABLE t (n int CHECK (n > 10 AND n < 5));",
        serde_json::json!({}),
    ));
    assert_eq!(target, "t.n");
    assert!(msg.contains("CHECK"), "{msg}");
}

#[test]
fn a_type_with_no_generator_names_the_override_and_nullable_ones_stay_null() {
    let (target, msg, _) = infeasible(plan(
        "CREATE TABLE t (g isbn13 NOT NULL);",
        serde_json::json!({}),
    ));
    assert_eq!(target, "t.g");
    assert!(
        msg.contains("\"value\"") && msg.contains("\"sql\""),
        "{msg}"
    );
    let p = plan("CREATE TABLE t (g isbn13);", serde_json::json!({"rows": 5})).unwrap();
    assert!(column(&p, "t", "g").iter().all(|v| v == "\\N"));
    assert!(p
        .fallbacks()
        .iter()
        .any(|f| f.target == "t.g" && f.kind == "null"));
    let p = plan(
        "CREATE TABLE t (g isbn13 NOT NULL);",
        serde_json::json!({"rows": 4, "tables": {"t": {"columns": {"g": {"values": ["978-0-306-40615-7", "978-3-16-148410-0"], "cycle": true}}}}}),
    )
    .unwrap();
    assert_eq!(
        column(&p, "t", "g")[..2],
        ["978-0-306-40615-7", "978-3-16-148410-0"]
    );
}

#[test]
fn a_not_null_column_of_an_unknown_type_takes_its_default() {
    // A constant DEFAULT is written; an expression is left to the database (the column
    // is not written at all).
    let p = plan(
        "CREATE TABLE t (id int PRIMARY KEY, g isbn13 NOT NULL DEFAULT '978-0-306-40615-7'::isbn13,
                         h isbn13 NOT NULL DEFAULT make_isbn());",
        serde_json::json!({"rows": 3}),
    )
    .unwrap();
    assert_eq!(column(&p, "t", "g"), ["978-0-306-40615-7"; 3]);
    let (header, _) = rows(&p, "t");
    assert_eq!(header, ["id", "g"], "h is left to the database");
    let kinds: Vec<&str> = p.fallbacks().iter().map(|f| f.kind.as_str()).collect();
    assert_eq!(kinds, ["default", "default"]);
}

#[test]
fn checks_narrow_ranges_lists_lengths_prefixes_patterns_and_column_order() {
    let p = plan(
        "CREATE TABLE t (
            qty int NOT NULL CHECK (qty BETWEEN 3 AND 7),
            kind text NOT NULL CHECK (kind IN ('a', 'b')),
            code varchar(40) NOT NULL CHECK (length(code) <= 6 AND code LIKE 'X-%'),
            tag varchar(20) NOT NULL CHECK (tag ~ '^[a-z]{3}[0-9]{2}$'),
            starts date NOT NULL, ends date NOT NULL, CHECK (ends > starts));",
        serde_json::json!({"rows": 300}),
    )
    .unwrap();
    let (h, data) = rows(&p, "t");
    let at = |n: &str| h.iter().position(|x| x == n).unwrap();
    for r in &data {
        let q: i32 = r[at("qty")].parse().unwrap();
        assert!((3..=7).contains(&q));
        assert!(["a", "b"].contains(&r[at("kind")].as_str()));
        let code = &r[at("code")];
        assert!(
            code.starts_with("X-") && code.chars().count() <= 6,
            "{code}"
        );
        let tag = &r[at("tag")];
        assert!(
            tag.len() == 5 && tag[..3].chars().all(|c| c.is_ascii_lowercase()),
            "{tag}"
        );
        assert!(r[at("ends")] > r[at("starts")]);
    }
}

#[test]
fn rows_that_fail_a_check_are_resampled_not_written() {
    let p = plan(
        "CREATE TABLE t (a int NOT NULL, b int NOT NULL, CHECK (a + b < 900));",
        serde_json::json!({"rows": 500}),
    )
    .unwrap();
    let (_, data) = rows(&p, "t");
    for r in data {
        let (a, b): (i64, i64) = (r[0].parse().unwrap(), r[1].parse().unwrap());
        assert!(a + b < 900);
    }
}

#[test]
fn self_references_point_to_earlier_rows_or_null() {
    let p = plan(
        "CREATE TABLE n (id int PRIMARY KEY, parent_id int REFERENCES n(id));",
        serde_json::json!({"rows": 200}),
    )
    .unwrap();
    let (_, data) = rows(&p, "n");
    assert_eq!(data[0][1], "\\N", "the root has no parent");
    for r in &data {
        if r[1] != "\\N" {
            assert!(r[1].parse::<i64>().unwrap() < r[0].parse::<i64>().unwrap());
        }
    }
}

#[test]
fn per_parent_counts_give_exact_totals_and_each_parent_its_count() {
    let sql = "CREATE TABLE users (id int PRIMARY KEY);
               CREATE TABLE orders (id int PRIMARY KEY, user_id int NOT NULL REFERENCES users(id));";
    let p = plan(
        sql,
        serde_json::json!({"tables": {"users": {"rows": 50}, "orders": {"per_parent": {"parent": "users", "count": {"fixed": 3}}}}}),
    )
    .unwrap();
    let users = column(&p, "orders", "user_id");
    assert_eq!(users.len(), 150);
    let mut per: HashMap<String, usize> = HashMap::new();
    for u in users {
        *per.entry(u).or_default() += 1;
    }
    assert_eq!(per.len(), 50);
    assert!(per.values().all(|&n| n == 3));
    for count in [
        serde_json::json!({"min": 0, "max": 4}),
        serde_json::json!({"poisson": 2.0, "max": 10}),
        serde_json::json!({"zipf": 1.1, "max": 20}),
        serde_json::json!({"buckets": [[0, 0.5], [5, 0.5]]}),
    ] {
        let p = plan(
            sql,
            serde_json::json!({"tables": {"users": {"rows": 40}, "orders": {"per_parent": {"parent": "users", "count": count}}}}),
        )
        .unwrap();
        let t = p.table_index("orders").unwrap();
        assert_eq!(
            column(&p, "orders", "user_id").len() as u64,
            p.tables()[t].rows()
        );
    }
}

#[test]
fn zipf_and_sequential_distributions_shape_the_references() {
    let sql = "CREATE TABLE u (id int PRIMARY KEY);
               CREATE TABLE o (id int PRIMARY KEY, u_id int NOT NULL REFERENCES u(id));";
    let p = plan(
        sql,
        serde_json::json!({"tables": {"u": {"rows": 100}, "o": {"rows": 5000, "columns": {"u_id": {"distribution": {"zipf": {"s": 1.2}}}}}}}),
    )
    .unwrap();
    let picks = column(&p, "o", "u_id");
    let top = picks.iter().filter(|v| *v == "1").count();
    assert!(
        top > 5000 / 10,
        "parent 1 should be the most referenced: {top}"
    );
    let p = plan(
        sql,
        serde_json::json!({"tables": {"u": {"rows": 10}, "o": {"rows": 20, "columns": {"u_id": {"distribution": "sequential"}}}}}),
    )
    .unwrap();
    let picks: Vec<i32> = column(&p, "o", "u_id")
        .iter()
        .map(|v| v.parse().unwrap())
        .collect();
    assert!(picks.windows(2).all(|w| w[0] <= w[1]), "{picks:?}");
}

#[test]
fn null_rates_enum_labels_and_partition_bounds() {
    let p = plan(
        "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
         CREATE TABLE t (id int PRIMARY KEY, m mood NOT NULL, note text,
                         at timestamptz NOT NULL) PARTITION BY RANGE (at);
         CREATE TABLE t_2022 PARTITION OF t FOR VALUES FROM ('2022-01-01') TO ('2022-02-01');
         CREATE TABLE t_2023 PARTITION OF t FOR VALUES FROM ('2023-01-01') TO ('2023-01-02');",
        serde_json::json!({"rows": 2000, "tables": {"t": {"columns": {"note": {"null_rate": 0.5}}}}}),
    )
    .unwrap();
    let moods = column(&p, "t", "m");
    assert!(moods
        .iter()
        .all(|m| ["sad", "ok", "happy"].contains(&m.as_str())));
    let nulls = column(&p, "t", "note")
        .iter()
        .filter(|v| *v == "\\N")
        .count();
    assert!(
        (800..1200).contains(&nulls),
        "{nulls} NULLs of 2000 at rate 0.5"
    );
    for at in column(&p, "t", "at") {
        assert!(
            at.starts_with("2022-01") || at.starts_with("2023-01-01"),
            "{at} is outside every partition"
        );
    }
}

#[test]
fn realistic_values_agree_within_a_row() {
    let p = plan(
        "CREATE TABLE people (id int PRIMARY KEY, first_name text NOT NULL, last_name text NOT NULL,
                              email varchar(100) UNIQUE NOT NULL, created_at timestamp NOT NULL,
                              updated_at timestamp NOT NULL);",
        serde_json::json!({"rows": 300}),
    )
    .unwrap();
    let (h, data) = rows(&p, "people");
    let at = |n: &str| h.iter().position(|x| x == n).unwrap();
    for r in &data {
        let first: String = r[at("first_name")]
            .to_lowercase()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        assert!(
            r[at("email")].starts_with(&first),
            "{} / {}",
            r[at("email")],
            first
        );
        assert!(r[at("updated_at")] >= r[at("created_at")]);
    }
    let names: Vec<&str> = p.tables()[0]
        .columns()
        .iter()
        .map(|c| c.generator())
        .collect();
    assert_eq!(names[1], "first_name");
    assert!(names[3].starts_with("email"));
}

#[test]
fn children_are_created_after_their_parents() {
    let p = plan(
        "CREATE TABLE u (id int PRIMARY KEY, created_at timestamp NOT NULL);
         CREATE TABLE o (id int PRIMARY KEY, u_id int NOT NULL REFERENCES u(id), created_at timestamp NOT NULL);",
        serde_json::json!({"rows": 300}),
    )
    .unwrap();
    let uc = column(&p, "u", "created_at");
    let (h, data) = rows(&p, "o");
    for r in data {
        let parent: usize = r[h.iter().position(|x| x == "u_id").unwrap()]
            .parse()
            .unwrap();
        assert!(r[2] >= uc[parent - 1], "order {} before its user", r[0]);
    }
}

#[test]
fn bad_settings_name_the_json_path() {
    let sql = "CREATE TABLE users (id int PRIMARY KEY, email text);";
    let err = |s: serde_json::Value| match plan(sql, s) {
        Err(Error::Settings { path, message }) => format!("{path}: {message}"),
        Err(e) => panic!("unexpected {e}"),
        Ok(_) => panic!("accepted"),
    };
    assert!(err(serde_json::json!({"tables": {"userz": {"rows": 1}}})).starts_with("tables.userz"));
    assert!(
        err(serde_json::json!({"tables": {"users": {"columns": {"emial": {}}}}}))
            .contains("no column `emial`")
    );
    let e = err(
        serde_json::json!({"tables": {"users": {"columns": {"email": {"generator": "emale"}}}}}),
    );
    assert!(
        e.contains("unknown generator `emale`") && e.contains("email"),
        "{e}"
    );
    assert!(err(serde_json::json!({"rows": -5})).contains("generate"));
    assert!(err(
        serde_json::json!({"tables": {"users": {"columns": {"id": {"value": 1, "values": [2]}}}}})
    )
    .contains("only one"));
    assert!(
        err(serde_json::json!({"tables": {"users": {"columns": {"id": {"value": "x"}}}}}))
            .contains("not a value")
    );
    assert!(err(serde_json::json!({"rows": 2_000_000_000_000u64})).contains("limit"));
    assert!(err(serde_json::json!({"locale": "xx"})).contains("unknown locale"));
}

#[test]
fn json_overlay_settings_choose_generators() {
    let mut reader = SchemaReader::new();
    reader
        .add_sql(
            "CREATE TABLE users (id int PRIMARY KEY, handle text NOT NULL, score int NOT NULL);",
            "s.sql",
        )
        .unwrap();
    reader
        .add_json(
            r#"{"generate": {"seed": 9, "rows": 20, "tables": {"users": {"columns": {
                "handle": {"generator": "username"},
                "score": {"generator": "int", "min": 10, "max": 12}}}}}}"#,
            "o.json",
        )
        .unwrap();
    let settings = reader.settings().clone();
    let p = Plan::new(reader.finish().unwrap(), &settings).unwrap();
    assert_eq!(p.seed(), 9);
    assert_eq!(p.tables()[0].rows(), 20);
    assert!(column(&p, "users", "score")
        .iter()
        .all(|v| ["10", "11", "12"].contains(&v.as_str())));
    assert_eq!(p.tables()[0].columns()[1].generator(), "username");
}

#[test]
fn generated_columns_are_not_written() {
    let p = plan(
        "CREATE TABLE t (a int NOT NULL, b int GENERATED ALWAYS AS (a * 2) STORED);",
        serde_json::json!({"rows": 3}),
    )
    .unwrap();
    let (h, _) = rows(&p, "t");
    assert_eq!(h, ["a"]);
}
