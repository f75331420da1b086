//! Zero configuration: the rules that make a schema nobody here wrote generate with no
//! settings, each shown on a small schema of the form real ones take.

use std::collections::HashSet;

use seedgen_core::engine::Generation;
use seedgen_core::output::csv::{CsvOptions, CsvWriter};
use seedgen_core::output::BatchWriter;
use seedgen_core::schema::{Dialect, Schema};
use seedgen_core::{Plan, Settings};

fn plan_in(sql: &str, dialect: Dialect, rows: u64) -> Plan {
    let schema = Schema::from_sql(sql, Some(dialect)).unwrap_or_else(|e| panic!("{e}"));
    Plan::new(
        schema,
        &Settings {
            rows: Some(rows),
            seed: Some(3),
            ..Settings::default()
        },
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

/// A table's rows as CSV fields (NULL as `\N`), with the header.
fn table(plan: &Plan, name: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let t = plan.table_index(name).unwrap();
    let g = Generation::new(plan, 1, 500).unwrap();
    let opts = CsvOptions {
        null: "\\N".into(),
        ..CsvOptions::default()
    };
    let mut w = CsvWriter::new(Vec::new(), "mem", opts);
    let schema = plan.tables()[t].arrow_schema();
    let cols: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    w.write_header(&cols).unwrap();
    g.for_each_batch(t, 0..plan.tables()[t].rows(), |b| w.write(&b))
        .unwrap();
    w.finish().unwrap();
    let text = w.into_inner();
    let mut r = csv::ReaderBuilder::new().from_reader(text.as_slice());
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

fn column(plan: &Plan, name: &str, col: &str) -> Vec<String> {
    let (h, rows) = table(plan, name);
    let i = h.iter().position(|x| x == col).unwrap();
    rows.into_iter().map(|r| r[i].clone()).collect()
}

#[test]
fn user_types_resolve_by_exact_name_in_any_letter_case_never_by_a_substring() {
    // `appointment_status` contains "int" and `checkpoint_kind` "point": neither is an
    // integer or a shape. Unquoted `FLUENCY` is the enum `fluency`.
    let p = plan_in(
        "CREATE TYPE appointment_status AS ENUM ('booked', 'done');
         CREATE TYPE fluency AS ENUM ('basic', 'native');
         CREATE TYPE checkpoint_kind AS ENUM ('start', 'end');
         CREATE TABLE visit (id int PRIMARY KEY, status appointment_status NOT NULL,
                             level FLUENCY NOT NULL, kind checkpoint_kind NOT NULL);",
        Dialect::Postgres,
        200,
    );
    for (col, labels) in [
        ("status", ["booked", "done"]),
        ("level", ["basic", "native"]),
        ("kind", ["start", "end"]),
    ] {
        let values = column(&p, "visit", col);
        assert!(
            values.iter().all(|v| labels.contains(&v.as_str())),
            "{col}: {values:?}"
        );
    }
}

#[test]
fn composite_columns_are_generated_field_by_field_and_said() {
    let p = plan_in(
        "CREATE TYPE address AS (street text, zip integer, price numeric(6,2));
         CREATE TABLE shop (id int PRIMARY KEY, addr address NOT NULL);",
        Dialect::Postgres,
        50,
    );
    for v in column(&p, "shop", "addr") {
        assert!(v.starts_with('(') && v.ends_with(')'), "{v}");
        // PostgreSQL quotes composite fields as CSV does.
        let inner = &v[1..v.len() - 1];
        let fields = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(inner.as_bytes())
            .records()
            .next()
            .unwrap()
            .unwrap();
        assert_eq!(fields.len(), 3, "{v}");
        assert!(
            fields[1].parse::<i64>().is_ok() && fields[2].parse::<f64>().is_ok(),
            "{v}"
        );
    }
    assert!(p
        .fallbacks()
        .iter()
        .any(|f| f.target == "shop.addr" && f.kind == "composite"));
}

#[test]
fn not_null_arrays_are_never_null_whatever_their_name_hints() {
    let p = plan_in(
        "CREATE TABLE versions (id int PRIMARY KEY, keywords text[] NOT NULL DEFAULT '{}',
                                categories varchar(40)[] NOT NULL);",
        Dialect::Postgres,
        300,
    );
    for col in ["keywords", "categories"] {
        let values = column(&p, "versions", col);
        assert!(
            values.iter().all(|v| v.starts_with('{')),
            "{col}: {values:?}"
        );
    }
}

#[test]
fn every_type_gets_unique_values_without_a_suffix_that_breaks_it() {
    let p = plan_in(
        "CREATE TABLE k (id int PRIMARY KEY, b bytea UNIQUE NOT NULL, ip inet UNIQUE NOT NULL,
            net cidr UNIQUE NOT NULL, mac macaddr UNIQUE NOT NULL, u uuid UNIQUE NOT NULL,
            doc jsonb UNIQUE NOT NULL, d date UNIQUE NOT NULL, ts timestamptz UNIQUE NOT NULL,
            r int4range UNIQUE NOT NULL);",
        Dialect::Postgres,
        3000,
    );
    let (h, rows) = table(&p, "k");
    for (i, col) in h.iter().enumerate() {
        let values: HashSet<&str> = rows.iter().map(|r| r[i].as_str()).collect();
        assert_eq!(values.len(), 3000, "{col} repeats");
        assert!(!values.iter().any(|v| v.ends_with("-1500")), "{col}");
    }
    let ip = h.iter().position(|c| c == "ip").unwrap();
    assert!(rows
        .iter()
        .all(|r| r[ip].parse::<std::net::IpAddr>().is_ok()));
    // Unique dates stay inside the window, before the time anchor.
    let d = h.iter().position(|c| c == "d").unwrap();
    assert!(
        rows.iter().all(|r| r[d].as_str() <= "2025-01-01"),
        "dates run past as_of"
    );
    // MySQL's binary(16) keys: 16 bytes each, distinct.
    let p = plan_in(
        "CREATE TABLE n (id binary(16) NOT NULL PRIMARY KEY) ENGINE=InnoDB;",
        Dialect::MySql,
        2000,
    );
    let ids = column(&p, "n", "id");
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 2000);
    assert!(ids.iter().all(|v| v.len() == 2 + 32), "{}", ids[0]);
}

#[test]
fn a_unique_prefix_index_is_unique_on_its_prefix() {
    let p = plan_in(
        "CREATE TABLE links (id int AUTO_INCREMENT PRIMARY KEY, url varchar(255) NOT NULL,
            UNIQUE KEY url (url(12))) ENGINE=InnoDB;",
        Dialect::MySql,
        2000,
    );
    let prefixes: HashSet<String> = column(&p, "links", "url")
        .iter()
        .map(|u| u.chars().take(12).collect())
        .collect();
    assert_eq!(prefixes.len(), 2000);
}

#[test]
fn a_checks_own_requirements_widen_the_defaults() {
    let p = plan_in(
        "CREATE TABLE tokens (id int PRIMARY KEY,
            token text NOT NULL CHECK (token ~ '^[A-Za-z0-9_-]{43,128}$'),
            meta text CHECK (json_valid(meta)),
            a text, b text, CHECK ((a IS NULL) = (b IS NULL)),
            user_id int, group_id int, CHECK (user_id IS NOT NULL OR group_id IS NOT NULL));",
        Dialect::Postgres,
        1000,
    );
    let (h, rows) = table(&p, "tokens");
    let at = |c: &str| h.iter().position(|x| x == c).unwrap();
    for r in &rows {
        let t = &r[at("token")];
        assert!((43..=128).contains(&t.len()), "{t}");
        let m = &r[at("meta")];
        assert!(
            m == "\\N" || serde_json::from_str::<serde_json::Value>(m).is_ok(),
            "{m}"
        );
        assert_eq!(r[at("a")] == "\\N", r[at("b")] == "\\N");
        assert!(r[at("user_id")] != "\\N" || r[at("group_id")] != "\\N");
    }
    // NULL in 2–20% of rows (version 2's share by the column's name), together.
    let both_null = rows.iter().filter(|r| r[at("a")] == "\\N").count();
    assert!(
        (15..250).contains(&both_null),
        "{both_null} of 1000 NULL together"
    );
}

#[test]
fn extension_types_get_values_of_their_own_form() {
    let p = plan_in(
        "CREATE TABLE places (id int PRIMARY KEY, area geometry(Polygon,4326) NOT NULL,
            spot geography(Point) NOT NULL, path ltree NOT NULL, attrs hstore NOT NULL,
            box cube NOT NULL, embedding vector(1536) NOT NULL, name citext NOT NULL,
            span tstzrange NOT NULL);",
        Dialect::Postgres,
        20,
    );
    let (h, rows) = table(&p, "places");
    let at = |c: &str| h.iter().position(|x| x == c).unwrap();
    for r in &rows {
        assert!(
            r[at("area")].starts_with("SRID=4326;POLYGON(("),
            "{}",
            r[at("area")]
        );
        assert!(
            r[at("spot")].starts_with("SRID=4326;POINT("),
            "{}",
            r[at("spot")]
        );
        assert!(r[at("path")]
            .split('.')
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')));
        assert!(r[at("attrs")].contains("=>"), "{}", r[at("attrs")]);
        let v = &r[at("embedding")];
        assert_eq!(v.trim_matches(['[', ']']).split(',').count(), 1536);
        assert!(r[at("span")].starts_with("[\""), "{}", r[at("span")]);
    }
}

#[test]
fn mysql_files_with_several_databases_keep_their_tables_apart() {
    let s = Schema::from_sql(
        "CREATE DATABASE crm; CREATE DATABASE shop;
         USE crm; CREATE TABLE customers (id int AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB;
         USE shop; CREATE TABLE customers (id int AUTO_INCREMENT PRIMARY KEY, crm_id int NOT NULL,
           FOREIGN KEY (crm_id) REFERENCES crm.customers(id)) ENGINE=InnoDB;",
        None,
    )
    .unwrap();
    let names: Vec<String> = s.tables.iter().map(|t| t.name.to_string()).collect();
    assert_eq!(names, ["crm.customers", "shop.customers"]);
    assert_eq!(
        s.tables[1].foreign_keys[0].references.table.to_string(),
        "crm.customers"
    );
    // One database only: the names stay as the file wrote them.
    let s = Schema::from_sql(
        "CREATE DATABASE shop; USE shop; CREATE TABLE t (id int PRIMARY KEY) ENGINE=InnoDB;",
        None,
    )
    .unwrap();
    assert_eq!(s.tables[0].name.to_string(), "t");
}

#[test]
fn sqlite_virtual_tables_get_rows_and_their_shadow_tables_none() {
    let s = Schema::from_sql(
        "CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT NOT NULL);
         CREATE VIRTUAL TABLE posts_fts USING fts5(title, body UNINDEXED, content='posts', tokenize='porter');
         CREATE TABLE IF NOT EXISTS 'posts_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
         CREATE TABLE IF NOT EXISTS 'posts_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
         CREATE VIRTUAL TABLE places USING rtree(id, minX, maxX, minY, maxY);",
        Some(Dialect::Sqlite),
    )
    .unwrap();
    let names: Vec<&str> = s.tables.iter().map(|t| t.name.name.as_str()).collect();
    assert_eq!(names, ["posts", "posts_fts", "places"]);
    let fts: Vec<&str> = s.tables[1]
        .columns
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(fts, ["title", "body"]);
    let p = Plan::new(
        s,
        &Settings {
            rows: Some(300),
            ..Settings::default()
        },
    )
    .unwrap();
    let (h, rows) = table(&p, "places");
    let at = |c: &str| h.iter().position(|x| x == c).unwrap();
    for r in &rows {
        let n = |c: &str| r[at(c)].parse::<f64>().unwrap();
        assert!(n("minX") <= n("maxX") && n("minY") <= n("maxY"), "{r:?}");
    }
}

#[test]
fn mysql_backslash_escapes_are_decoded_once() {
    let s = Schema::from_sql(
        r"CREATE TABLE t (id int AUTO_INCREMENT PRIMARY KEY,
            e enum('back\\slash', 'plain') NOT NULL,
            code varchar(10) NOT NULL CHECK (code REGEXP '^[A-Z]{3}\\.[0-9]{2}$')) ENGINE=InnoDB;",
        None,
    )
    .unwrap();
    assert_eq!(
        s.tables[0].columns[1].data_type.labels,
        [r"back\slash", "plain"]
    );
    let p = Plan::new(
        s,
        &Settings {
            rows: Some(100),
            ..Settings::default()
        },
    )
    .unwrap();
    for v in column(&p, "t", "code") {
        assert_eq!(v.chars().nth(3), Some('.'), "{v}");
    }
}

#[test]
fn postgres_names_longer_than_63_bytes_are_cut_as_the_server_cuts_them() {
    let long = "a".repeat(70);
    let s = Schema::from_sql(
        &format!("CREATE TABLE {long} (id int PRIMARY KEY, {long}_x int); COMMENT ON TABLE {long} IS 'x';"),
        Some(Dialect::Postgres),
    )
    .unwrap();
    assert_eq!(s.tables[0].name.name, "a".repeat(63));
    assert_eq!(s.tables[0].columns[1].name, "a".repeat(63));
    assert_eq!(s.tables[0].comment.as_deref(), Some("x"));
}

#[test]
fn pg_dump_indexes_on_partitioned_tables_belong_to_the_parent() {
    let s = Schema::from_sql(
        "CREATE TABLE public.m (id integer NOT NULL, d date NOT NULL) PARTITION BY RANGE (d);
         CREATE TABLE public.m_2024 (id integer NOT NULL, d date NOT NULL);
         ALTER TABLE ONLY public.m ATTACH PARTITION public.m_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
         CREATE UNIQUE INDEX m_idx ON ONLY public.m USING btree (id, d);
         CREATE UNIQUE INDEX m_2024_idx ON public.m_2024 USING btree (id, d);
         ALTER INDEX public.m_idx ATTACH PARTITION public.m_2024_idx;",
        Some(Dialect::Postgres),
    )
    .unwrap();
    assert_eq!(s.tables.len(), 1);
    assert_eq!(s.tables[0].unique.len(), 1);
    assert_eq!(s.tables[0].unique[0].columns, ["id", "d"]);
}

#[test]
fn an_unnamed_constraint_is_dropped_by_the_name_postgres_gave_it_even_after_a_rename() {
    let s = Schema::from_sql(
        "CREATE TABLE packages (id int PRIMARY KEY, name text UNIQUE);
         ALTER TABLE packages RENAME TO crates;
         ALTER TABLE crates DROP CONSTRAINT packages_name_key;",
        Some(Dialect::Postgres),
    )
    .unwrap();
    assert!(s.tables[0].unique.is_empty());
}

#[test]
fn procedures_and_dynamic_sql_change_the_model_as_the_server_would() {
    // The idempotent-migration idiom of MySQL folders.
    let s = Schema::from_sql(
        "CREATE TABLE q (id int AUTO_INCREMENT PRIMARY KEY, name varchar(20) NOT NULL,
             msg varchar(20) NOT NULL, UNIQUE KEY uq_name_msg (name, msg)) ENGINE=InnoDB;
         DELIMITER $$
         CREATE PROCEDURE FixPk(IN tableName VARCHAR(128), IN cols VARCHAR(128))
         BEGIN
           DECLARE col_exists INT DEFAULT 0;
           SELECT COUNT(1) INTO col_exists FROM INFORMATION_SCHEMA.COLUMNS
             WHERE TABLE_NAME = tableName AND COLUMN_NAME = 'id' AND TABLE_SCHEMA = database();
           IF col_exists > 0 THEN
             SET @stmt = CONCAT('ALTER TABLE ', tableName, ' MODIFY id INT');
             PREPARE st FROM @stmt; EXECUTE st; DEALLOCATE PREPARE st;
             SET @stmt = CONCAT('ALTER TABLE ', tableName, ' DROP PRIMARY KEY, ADD PRIMARY KEY (', cols, ')');
             PREPARE st FROM @stmt; EXECUTE st; DEALLOCATE PREPARE st;
             SET @stmt = CONCAT('ALTER TABLE ', tableName, ' DROP COLUMN id');
             PREPARE st FROM @stmt; EXECUTE st; DEALLOCATE PREPARE st;
           END IF;
         END$$
         DELIMITER ;
         CALL FixPk('q', 'name, msg');
         SET @n := (SELECT COUNT(*) FROM information_schema.STATISTICS
                    WHERE TABLE_NAME = 'q' AND INDEX_NAME = 'uq_name_msg');
         SET @s := IF(@n > 0, 'ALTER TABLE q DROP INDEX uq_name_msg', 'SELECT 1');
         PREPARE x FROM @s; EXECUTE x;",
        None,
    )
    .unwrap();
    let t = &s.tables[0];
    assert_eq!(t.primary_key, ["name", "msg"]);
    assert!(t.column("id").is_none());
    assert!(t.unique.is_empty());
}

#[test]
fn a_table_a_trigger_fills_is_left_to_the_trigger() {
    let sql = "CREATE TABLE film (id int AUTO_INCREMENT PRIMARY KEY, title varchar(50) NOT NULL) ENGINE=InnoDB;
         CREATE TABLE film_text (film_id int PRIMARY KEY, title varchar(50)) ENGINE=InnoDB;
         DELIMITER ;;
         CREATE TRIGGER ins_film AFTER INSERT ON film FOR EACH ROW BEGIN
           INSERT INTO film_text (film_id, title) VALUES (new.id, new.title);
         END;;
         DELIMITER ;";
    let p = plan_in(sql, Dialect::MySql, 100);
    assert_eq!(p.tables()[p.table_index("film_text").unwrap()].rows(), 0);
    assert_eq!(p.filled_by_triggers()[0].trigger, "ins_film");
    let schema = Schema::from_sql(sql, Some(Dialect::MySql)).unwrap();
    let off = Plan::new(
        schema,
        &Settings {
            rows: Some(100),
            triggers: Some(false),
            ..Settings::default()
        },
    )
    .unwrap();
    assert_eq!(
        off.tables()[off.table_index("film_text").unwrap()].rows(),
        100
    );
}

#[test]
fn a_table_filled_by_a_function_that_a_trigger_calls_is_left_to_the_trigger() {
    // The trigger's own function writes nothing; the function it calls inserts.
    let sql = "CREATE TABLE orders (id serial PRIMARY KEY, total int NOT NULL);
         CREATE TABLE order_stats (order_id int PRIMARY KEY REFERENCES orders (id), total int);
         CREATE FUNCTION record_stats(oid int) RETURNS void LANGUAGE sql AS $$
           INSERT INTO order_stats (order_id, total) SELECT id, total FROM orders WHERE id = oid;
         $$;
         CREATE FUNCTION orders_after() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN PERFORM record_stats(NEW.id); RETURN NULL; END; $$;
         CREATE TRIGGER orders_stats AFTER INSERT ON orders FOR EACH ROW EXECUTE FUNCTION orders_after();";
    let p = plan_in(sql, Dialect::Postgres, 50);
    assert_eq!(p.tables()[p.table_index("order_stats").unwrap()].rows(), 0);
    assert_eq!(p.filled_by_triggers()[0].trigger, "orders_stats");
}

#[test]
fn values_a_trigger_refuses_because_another_table_holds_them_never_meet() {
    // Each table refuses names the other holds, after the same canonical form; both
    // draw from the same words, so without care they meet within a few hundred rows.
    let sql = "CREATE FUNCTION canon(text) RETURNS text AS $$ SELECT lower($1) $$ LANGUAGE SQL;
         CREATE TABLE crates (id serial PRIMARY KEY, name varchar NOT NULL);
         CREATE UNIQUE INDEX crates_name ON crates (canon(name));
         CREATE TABLE reserved_names (name text PRIMARY KEY);
         CREATE TABLE reserved_logins (login text PRIMARY KEY);
         CREATE TABLE users (id serial PRIMARY KEY, login varchar(40) NOT NULL);
         CREATE FUNCTION not_reserved() RETURNS trigger AS $$
         BEGIN
           IF canon(NEW.name) IN (SELECT canon(name) FROM reserved_names) THEN
             RAISE EXCEPTION 'reserved';
           END IF;
           RETURN NEW;
         END; $$ LANGUAGE plpgsql;
         CREATE TRIGGER crates_not_reserved BEFORE INSERT ON crates FOR EACH ROW EXECUTE PROCEDURE not_reserved();
         CREATE FUNCTION login_free() RETURNS trigger AS $$
         BEGIN
           IF EXISTS (SELECT 1 FROM users u WHERE u.login = NEW.login) THEN
             RAISE EXCEPTION 'taken';
           END IF;
           RETURN NEW;
         END; $$ LANGUAGE plpgsql;
         CREATE TRIGGER reserve_login BEFORE INSERT ON reserved_logins FOR EACH ROW EXECUTE PROCEDURE login_free();";
    let p = plan_in(sql, Dialect::Postgres, 2000);
    let canon =
        |v: Vec<String>| -> HashSet<String> { v.into_iter().map(|s| s.to_lowercase()).collect() };
    let crates = canon(column(&p, "crates", "name"));
    let reserved = canon(column(&p, "reserved_names", "name"));
    assert_eq!((crates.len(), reserved.len()), (2000, 2000));
    assert!(
        crates.is_disjoint(&reserved),
        "{:?}",
        crates.intersection(&reserved).next()
    );
    // A column that may repeat (users.login) takes the unique token so the sets are apart.
    let logins: HashSet<String> = column(&p, "users", "login").into_iter().collect();
    let reserved: HashSet<String> = column(&p, "reserved_logins", "login").into_iter().collect();
    assert!(
        logins.is_disjoint(&reserved),
        "{:?}",
        logins.intersection(&reserved).next()
    );
    assert!(column(&p, "users", "login")
        .iter()
        .all(|l| l.chars().count() <= 40));
    // The plan says so.
    assert!(p.tables()[p.table_index("reserved_names").unwrap()]
        .columns()
        .iter()
        .any(|c| c.reason().contains("kept apart from crates.name")));
}

/// A stored generated column is computed by the database, which refuses the row when
/// the result does not fit the column's type (`numeric field overflow`): the expression
/// is guarded like a CHECK, so the columns it reads are drawn again until it fits.
#[test]
fn generated_columns_fit_their_type() {
    let p = plan_in(
        "CREATE TABLE patients (id int PRIMARY KEY,
           weight numeric(5,1) CHECK (weight > 0), height numeric(5,1) CHECK (height > 0),
           ratio numeric(6,2) GENERATED ALWAYS AS (weight / (height / 100)) STORED);",
        Dialect::Postgres,
        3000,
    );
    let (h, rows) = table(&p, "patients");
    let at = |n: &str| h.iter().position(|x| x == n).unwrap();
    let (w, ht) = (at("weight"), at("height"));
    let mut checked = 0;
    for r in &rows {
        let (Ok(a), Ok(b)) = (r[w].parse::<f64>(), r[ht].parse::<f64>()) else {
            continue;
        };
        let ratio = a / (b / 100.0);
        assert!(
            ratio.abs() <= 9999.99,
            "weight {a}, height {b}: ratio {ratio}"
        );
        checked += 1;
    }
    assert!(checked > 2000, "{checked} rows with both values");
    // A key cannot be drawn again: past id 819, `id * 40` leaves smallint, and the
    // error says which column and type, at the first such row.
    let p = plan_in(
        "CREATE TABLE t (id int PRIMARY KEY, small smallint GENERATED ALWAYS AS (id * 40) STORED);",
        Dialect::Postgres,
        1000,
    );
    let g = Generation::new(&p, 1, 500).unwrap();
    let e = g
        .for_each_batch(0, 0..1000, |_| Ok(()))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("small fits smallint") && e.contains("row 819"),
        "{e}"
    );
}

/// A UNIQUE column whose CHECK (or domain) is a pattern draws each row its own match:
/// the row number, permuted, numbers the pattern's strings.
#[test]
fn unique_columns_with_a_pattern_check_get_distinct_matches() {
    let p = plan_in(
        "CREATE DOMAIN isbn13 AS varchar(13) CHECK (VALUE ~ '^[0-9]{13}$');
         CREATE TABLE books (id int PRIMARY KEY, isbn isbn13 NOT NULL UNIQUE,
           code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z]{2}-[0-9]+$'));",
        Dialect::Postgres,
        5000,
    );
    let isbn = |v: &str| v.len() == 13 && v.bytes().all(|b| b.is_ascii_digit());
    let code = |v: &str| {
        let b = v.as_bytes();
        b.len() > 3
            && b[..2].iter().all(u8::is_ascii_uppercase)
            && b[2] == b'-'
            && b[3..].iter().all(u8::is_ascii_digit)
    };
    for (col, ok) in [("isbn", &isbn as &dyn Fn(&str) -> bool), ("code", &code)] {
        let values = column(&p, "books", col);
        assert!(values.iter().all(|v| ok(v)), "{col}: {:?}", &values[..3]);
        let distinct: HashSet<&String> = values.iter().collect();
        assert_eq!(distinct.len(), values.len(), "{col} repeats");
        // Spread over the pattern, not counting up from 000….
        assert!(
            values.iter().take(20).any(|v| !v.starts_with("000")),
            "{:?}",
            &values[..5]
        );
    }
}
