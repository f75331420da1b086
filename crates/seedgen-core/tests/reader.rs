//! Schema reader behaviour: migrations, ALTERs, recovery, JSON, and bad input.

use seedgen_core::schema::{Dialect, Identity, Schema, SchemaReader};
use seedgen_core::Error;

fn pg(sql: &str) -> Schema {
    Schema::from_sql(sql, Some(Dialect::Postgres)).unwrap()
}

fn err(sql: &str, dialect: Dialect) -> String {
    Schema::from_sql(sql, Some(dialect))
        .unwrap_err()
        .to_string()
}

#[test]
fn the_json_schema_file_is_current() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../schemas/seedgen.schema.json"
    );
    let on_disk = std::fs::read_to_string(path).unwrap();
    assert!(
        on_disk == Schema::json_schema(),
        "schemas/seedgen.schema.json is stale: run `cargo run -p seedgen-cli -- json-schema > schemas/seedgen.schema.json`"
    );
}

#[test]
fn the_profile_json_schema_file_is_current() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../schemas/seedgen.profile.schema.json"
    );
    let on_disk = std::fs::read_to_string(path).unwrap();
    assert!(
        on_disk == seedgen_core::Profile::json_schema(),
        "schemas/seedgen.profile.schema.json is stale: run `cargo run -p seedgen-cli -- json-schema --profile > schemas/seedgen.profile.schema.json`"
    );
}

/// `SELECT helper('t')` of a function the inputs define runs its body on the model;
/// PL/pgSQL `EXECUTE format(…)` runs the statement it makes (diesel's
/// `diesel_manage_updated_at`, found in every diesel project).
#[test]
fn a_selected_helper_function_runs_its_dynamic_sql_on_the_model() {
    let s = pg(r#"
        CREATE FUNCTION stamp_it() RETURNS trigger AS $$
        BEGIN NEW.updated_at := now(); RETURN NEW; END; $$ LANGUAGE plpgsql;
        CREATE FUNCTION manage(_tbl regclass) RETURNS VOID AS $$
        BEGIN
            EXECUTE format('CREATE TRIGGER set_updated_at BEFORE UPDATE ON %s
                            FOR EACH ROW EXECUTE PROCEDURE stamp_it()', _tbl);
        END;
        $$ LANGUAGE plpgsql;
        CREATE TABLE users (id serial PRIMARY KEY, updated_at timestamp NOT NULL);
        SELECT manage('users');
        SELECT manage('missing_table') FROM users;
        SELECT pg_catalog.set_config('search_path', '', false);
        "#);
    assert_eq!(s.triggers.len(), 1, "{:?}", s.triggers);
    let t = &s.triggers[0];
    assert_eq!(t.name, "set_updated_at");
    assert_eq!(t.table.to_string(), "users");
    assert!(t.stamps, "the trigger's function sets NEW.updated_at");
    // `format` with identifiers and literals, as PostgreSQL spells them.
    let s = pg(r#"
        CREATE FUNCTION mk(t text, v text) RETURNS void AS $$
        BEGIN EXECUTE format('CREATE TABLE %I (k text DEFAULT %L, p text DEFAULT ''100%%'')', t, v); END;
        $$ LANGUAGE plpgsql;
        SELECT mk('Odd Name', 'it''s');
        "#);
    let t = s.find_table("Odd Name").expect("the table the format made");
    assert_eq!(t.columns[0].default.as_deref(), Some("'it''s'"));
    assert_eq!(t.columns[1].default.as_deref(), Some("'100%'"));
}

#[test]
fn alter_table_operations_apply_in_file_order() {
    let s = pg("CREATE TABLE a (id int, x text, y text);
        CREATE TABLE b (id int PRIMARY KEY);
        ALTER TABLE a ADD COLUMN z numeric(5,2) NOT NULL DEFAULT 0;
        ALTER TABLE a DROP COLUMN y;
        ALTER TABLE a RENAME COLUMN x TO title;
        ALTER TABLE a ALTER COLUMN title SET NOT NULL;
        ALTER TABLE a ALTER COLUMN title SET DEFAULT 'n/a';
        ALTER TABLE ONLY a ADD CONSTRAINT a_pkey PRIMARY KEY (id);
        ALTER TABLE a ADD CONSTRAINT a_b FOREIGN KEY (z) REFERENCES b;
        ALTER TABLE a DROP CONSTRAINT a_b;
        ALTER TABLE a ADD CONSTRAINT a_z CHECK (z >= 0);
        ALTER TABLE a ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME a_id_seq);
        COMMENT ON TABLE a IS 'articles';
        COMMENT ON COLUMN a.title IS 'the title';
        ALTER TABLE a RENAME TO articles;");
    let t = s.find_table("articles").unwrap();
    let names: Vec<_> = t.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["id", "title", "z"]);
    assert!(!t.column("title").unwrap().nullable);
    assert_eq!(t.column("title").unwrap().default.as_deref(), Some("'n/a'"));
    assert_eq!(
        t.column("title").unwrap().comment.as_deref(),
        Some("the title")
    );
    assert_eq!(t.comment.as_deref(), Some("articles"));
    assert_eq!(t.primary_key, ["id"]);
    assert_eq!(t.column("id").unwrap().identity, Some(Identity::Always));
    assert!(t.foreign_keys.is_empty());
    assert_eq!(t.checks[0].expr, "z >= 0");
}

#[test]
fn pg_dump_sequences_and_serials_are_identities() {
    let s = pg("CREATE TABLE t (id integer NOT NULL, n bigserial);
        CREATE SEQUENCE t_id_seq START WITH 1;
        ALTER SEQUENCE t_id_seq OWNED BY public.t.id;
        ALTER TABLE ONLY t ALTER COLUMN id SET DEFAULT nextval('t_id_seq'::regclass);");
    let t = &s.tables[0];
    assert_eq!(t.column("id").unwrap().identity, Some(Identity::Serial));
    assert_eq!(t.column("n").unwrap().identity, Some(Identity::Serial));
    assert_eq!(t.column("n").unwrap().data_type.to_string(), "bigint");
}

#[test]
fn unique_indexes_keep_partial_predicates_and_domains_resolve() {
    let s = pg(
        "CREATE DOMAIN \"Email\" varchar(200) NOT NULL CHECK (VALUE LIKE '%@%');
        CREATE TABLE u (id int PRIMARY KEY, email \"Email\", deleted boolean);
        CREATE UNIQUE INDEX u_email ON u (email) WHERE NOT deleted;",
    );
    let t = &s.tables[0];
    let email = t.column("email").unwrap();
    assert_eq!(email.data_type.to_string(), "varchar(200)");
    assert!(!email.nullable);
    assert_eq!(email.domain.as_ref().unwrap().name, "Email");
    assert_eq!(s.domains[0].checks[0].expr, "VALUE LIKE '%@%'");
    assert_eq!(t.unique[0].columns, ["email"]);
    assert_eq!(t.unique[0].predicate.as_deref(), Some("NOT deleted"));
}

#[test]
fn create_schema_with_elements_keeps_every_table() {
    let s = pg("CREATE SCHEMA Sales
        CREATE TABLE Store (Id int PRIMARY KEY)
        CREATE TABLE Sale (Id int PRIMARY KEY, StoreId int REFERENCES Store (Id))
        CREATE VIEW v AS SELECT 1;");
    let names: Vec<_> = s.tables.iter().map(|t| t.name.to_string()).collect();
    assert_eq!(names, ["sales.store", "sales.sale"]);
    assert_eq!(
        s.tables[1].foreign_keys[0].references.table.to_string(),
        "sales.store"
    );
    assert_eq!(s.tables[1].at.as_ref().unwrap().line, 3);
}

#[test]
fn mysql_quirks_are_read() {
    let s = Schema::from_sql(
        "/*M!999999\\- enable the sandbox mode */
        DELIMITER ;;
        CREATE TRIGGER t BEFORE INSERT ON s FOR EACH ROW BEGIN SET NEW.a = 1; END ;;
        DELIMITER ;
        CREATE TABLE `s` (
          `a` varchar(40) BINARY NOT NULL,
          `b` enum('x','y') DEFAULT NULL,
          `c` set('p','q') NOT NULL,
          `d` int(11) unsigned NOT NULL AUTO_INCREMENT,
          /*!50705 `e` GEOMETRY NOT NULL,*/
          PRIMARY KEY (`d`)
        ) ENGINE=InnoDB;
        ALTER TABLE s MODIFY `a` varchar(50) NOT NULL;",
        None,
    )
    .unwrap();
    assert_eq!(s.dialect, Some(Dialect::MySql));
    let t = &s.tables[0];
    let types: Vec<_> = t.columns.iter().map(|c| c.data_type.to_string()).collect();
    assert_eq!(
        types,
        [
            "varchar(50)",
            "enum('x','y')",
            "set('p','q')",
            "integer unsigned"
        ]
    );
    assert_eq!(
        t.column("d").unwrap().identity,
        Some(Identity::AutoIncrement)
    );
}

#[test]
fn sqlite_free_form_types_are_kept_as_written() {
    let s = Schema::from_sql(
        "CREATE TABLE f (id INTEGER PRIMARY KEY, d BLOB SUB_TYPE TEXT, n UNSIGNED BIG INT NOT NULL, x);",
        Some(Dialect::Sqlite),
    )
    .unwrap();
    let types: Vec<_> = s.tables[0]
        .columns
        .iter()
        .map(|c| c.data_type.to_string())
        .collect();
    assert_eq!(
        types,
        ["integer", "BLOB SUB_TYPE TEXT", "BIG INT unsigned", "any"]
    );
    assert_eq!(
        s.tables[0].columns[0].identity,
        Some(Identity::AutoIncrement)
    );
}

#[test]
fn a_folder_is_migrations_in_file_name_order() {
    let dir = std::env::temp_dir().join(format!("seedgen-migrations-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("002_add_email.sql"),
        "ALTER TABLE users ADD COLUMN email text UNIQUE;",
    )
    .unwrap();
    std::fs::write(
        dir.join("001_users.sql"),
        "CREATE TABLE users (id serial PRIMARY KEY);",
    )
    .unwrap();
    std::fs::write(dir.join("README.md"), "not a migration").unwrap();
    let s = Schema::from_path(&dir, None).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(s.tables[0].columns.len(), 2);
    assert_eq!(s.tables[0].unique[0].columns, ["email"]);
}

#[test]
fn json_overlays_a_ddl_schema_and_round_trips() {
    let mut r = SchemaReader::new();
    r.add_sql(
        "CREATE TABLE t (id int PRIMARY KEY, name text);",
        "schema.sql",
    )
    .unwrap();
    r.add_json(
        r#"{"tables": [{"name": "t", "columns": [{"name": "name", "type": "varchar(30)", "nullable": false}]},
                       {"name": "u", "columns": [{"name": "t_id", "type": "int", "nullable": true}],
                        "foreign_keys": [{"columns": ["t_id"], "references": {"table": "t", "columns": []}}]}]}"#,
        "overlay.json",
    )
    .unwrap();
    let s = r.finish().unwrap();
    assert_eq!(
        s.tables[0].column("name").unwrap().data_type.to_string(),
        "varchar(30)"
    );
    assert_eq!(s.tables[1].foreign_keys[0].references.columns, ["id"]);
    let back = Schema::from_json(&s.to_json()).unwrap();
    assert_eq!(back, s);
}

#[test]
fn syntax_errors_point_at_file_line_and_column() {
    let e = err(
        "CREATE TABLE ok (a int);\n\nCREATE TABLE bad (\n  a int,\n  b int int\n);",
        Dialect::Postgres,
    );
    assert!(e.starts_with("<input>:5:"), "{e}");
    assert!(e.contains("CREATE TABLE bad"), "{e}");
}

#[test]
fn unknown_references_and_duplicates_are_refused_with_positions() {
    let e = err(
        "CREATE TABLE a (id int PRIMARY KEY, b_id int REFERENCES b(id));",
        Dialect::Postgres,
    );
    assert!(
        e.contains("references table b, which is not defined"),
        "{e}"
    );
    assert!(e.starts_with("<input>:1:"), "{e}");
    let e = err(
        "CREATE TABLE b (id int PRIMARY KEY);\nCREATE TABLE a (x int REFERENCES b(nope));",
        Dialect::Postgres,
    );
    assert!(e.contains("b.nope does not exist"), "{e}");
    let e = err(
        "CREATE TABLE a (id int);\nCREATE TABLE a (id int);",
        Dialect::Postgres,
    );
    assert!(
        e.starts_with("<input>:2:14: table a is defined twice"),
        "{e}"
    );
    let e = err(
        "CREATE TABLE a (id int);\nALTER TABLE missing ADD COLUMN x int;",
        Dialect::Postgres,
    );
    assert!(e.contains("ALTER TABLE missing: no such table"), "{e}");
    // SQLite accepts references to tables it has not seen, and so does seedgen.
    let s = Schema::from_sql(
        "CREATE TABLE a (x INTEGER REFERENCES elsewhere(id));",
        Some(Dialect::Sqlite),
    )
    .unwrap();
    assert_eq!(s.dangling_references().len(), 1);
}

#[test]
fn unreadable_inputs_are_clear_errors() {
    let e = Schema::from_path("/nonexistent/schema.sql", None).unwrap_err();
    assert!(matches!(e, Error::Io { .. }), "{e}");
    let e = Schema::from_json("{\"tables\": [{\"name\": 1}]}").unwrap_err();
    assert!(e.to_string().starts_with("<input>:1:"), "{e}");
    let e = Schema::from_json(r#"{"tables": [{"name": "t", "columns": [{"name": "a", "type": "varchar(", "nullable": true}]}]}"#).unwrap_err();
    assert!(e.to_string().contains("unclosed"), "{e}");
}

#[test]
fn statements_that_do_not_shape_data_are_listed() {
    let s = pg("SET client_encoding = 'UTF8';
        SELECT pg_catalog.set_config('search_path', '', false);
        CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN RETURN NEW; END; $$ LANGUAGE plpgsql;
        CREATE TABLE t (id int);
        ALTER TABLE t OWNER TO postgres;
        GRANT SELECT ON t TO PUBLIC;
        CREATE VIEW v AS SELECT * FROM t;");
    let what: Vec<_> = s.skipped.iter().map(|k| k.what.as_str()).collect();
    assert_eq!(
        what,
        [
            "SET",
            "SELECT",
            "CREATE FUNCTION",
            "ALTER TABLE … OWNER TO",
            "GRANT",
            "CREATE VIEW"
        ]
    );
    assert_eq!(s.skipped[2].at.as_ref().unwrap().line, 3);
}
