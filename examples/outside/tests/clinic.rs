//! A clinic's test suite, as a team writes it against its own SQLite schema: each test
//! runs in a transaction rolled back at its end, seeds only the tables it names (from a
//! shared factory), reads typed values back, and two datasets share one database.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use seedgen_core::drivers::rusqlite::{Connection, Transaction};
use seedgen_core::{Preset, Schema, Seeder, Value};
use uuid::Uuid;

const CLINIC: &str = "
CREATE TABLE specialties (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE doctors (
  id INTEGER PRIMARY KEY,
  public_id UUID NOT NULL UNIQUE,
  specialty_id INTEGER NOT NULL REFERENCES specialties(id),
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'doctor', 'resident')),
  hired_on DATE NOT NULL
);
CREATE TABLE patients (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  born_on DATE,
  preferences TEXT                           -- JSON
);
CREATE TABLE appointments (
  id INTEGER PRIMARY KEY,
  doctor_id INTEGER NOT NULL REFERENCES doctors(id),
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  starts_at TIMESTAMP NOT NULL,
  fee NUMERIC(8, 2) NOT NULL CHECK (fee > 0)
);
CREATE TABLE invoices (
  id INTEGER PRIMARY KEY,
  appointment_id INTEGER NOT NULL UNIQUE REFERENCES appointments(id),
  total NUMERIC(8, 2) NOT NULL
);
";

fn schema() -> Schema {
    Schema::from_sql(CLINIC, None).expect("the clinic schema reads")
}

/// The database the suite shares: migrated once, each test inside a transaction.
fn database() -> Connection {
    let conn = Connection::open_in_memory().expect("in-memory SQLite");
    conn.execute_batch(CLINIC).expect("migrations");
    conn
}

/// Runs `test` in a transaction and rolls it back, as transactional fixtures do.
fn in_rollback(test: impl FnOnce(&Transaction<'_>)) {
    let mut conn = database();
    let tx = conn.transaction().expect("BEGIN");
    test(&tx);
    tx.rollback().expect("ROLLBACK");
    let left: i64 = conn
        .query_row("SELECT count(*) FROM doctors", [], |r| r.get(0))
        .expect("count");
    assert_eq!(left, 0, "the rollback removes what the test seeded");
}

/// The factory the suite shares: a staffed clinic, two admins and three doctors.
struct Staffed;

impl Preset for Staffed {
    fn apply(&self, s: Seeder) -> Seeder {
        s.rows_with("doctors", 2, [("role", "admin")])
            .rows_with("doctors", 3, [("role", "doctor")])
    }
}

fn count(tx: &Connection, sql: &str) -> i64 {
    tx.query_row(sql, [], |r| r.get(0)).expect(sql)
}

#[test]
fn a_staffed_clinic_has_two_admins() {
    in_rollback(|tx| {
        let data = Seeder::new(&schema())
            .seed_from("a_staffed_clinic_has_two_admins")
            .preset(Staffed)
            .dataset()
            .unwrap();
        data.load_sqlite(tx).unwrap();
        assert_eq!(count(tx, "SELECT count(*) FROM doctors WHERE role = 'admin'"), 2);
        assert_eq!(count(tx, "SELECT count(*) FROM doctors"), 5);
        // Only what the test names, and the parents it needs: one specialty, no patients.
        assert_eq!(count(tx, "SELECT count(*) FROM specialties"), 1);
        assert_eq!(count(tx, "SELECT count(*) FROM patients"), 0);
        let notes = data.plan().warnings().join("\n");
        assert!(notes.contains("specialties: 1 row so that doctors"), "{notes}");
    });
}

#[test]
fn appointments_of_a_staffed_clinic_have_typed_values() {
    in_rollback(|tx| {
        let data = Seeder::new(&schema())
            .seed_from("appointments_of_a_staffed_clinic_have_typed_values")
            .preset(Staffed)
            .rows("patients", 4)
            .rows("appointments", 8)
            .pin("doctors", 0, [("hired_on", NaiveDate::from_ymd_opt(2020, 3, 1).unwrap())])
            .column(
                "patients",
                "preferences",
                seedgen_core::Override::value(serde_json::json!({"reminders": "sms"})),
            )
            .dataset()
            .unwrap();
        data.load_sqlite(tx).unwrap();
        let doctor = data.table("doctors").unwrap().row(0).unwrap();
        let hired: NaiveDate = doctor.get("hired_on").unwrap();
        assert_eq!(hired, NaiveDate::from_ymd_opt(2020, 3, 1).unwrap());
        let id: Uuid = doctor.get("public_id").unwrap();
        assert_eq!(id.to_string().len(), 36);
        for a in data.table("appointments").unwrap().rows() {
            let fee: Decimal = a.get("fee").unwrap();
            assert!(fee > Decimal::ZERO && fee.scale() <= 2, "{fee}");
            let at: DateTime<Utc> = a.get("starts_at").unwrap();
            assert!(at.timestamp() > 0);
        }
        let patient = data.table("patients").unwrap().row(0).unwrap();
        let prefs: serde_json::Value = patient.get("preferences").unwrap();
        assert_eq!(prefs["reminders"], "sms");
        // The rows in the database are the rows of the dataset.
        let stored: String = tx
            .query_row("SELECT public_id FROM doctors WHERE id = ?1", [doctor.get::<i64>("id").unwrap()], |r| r.get(0))
            .unwrap();
        assert_eq!(stored, id.to_string());
    });
}

#[test]
fn a_second_dataset_loads_beside_the_first() {
    in_rollback(|tx| {
        let first = Seeder::new(&schema())
            .seed_from("first")
            .preset(Staffed)
            .dataset()
            .unwrap();
        first.load_sqlite(tx).unwrap();
        // Keys past the rows the database holds, read from it (the transaction's view).
        let held = seedgen_core::live::existing_sqlite(tx, &schema()).unwrap();
        let second = Seeder::new(&schema())
            .seed_from("second")
            .preset(Staffed)
            .existing(held)
            .dataset()
            .unwrap();
        second.load_sqlite(tx).unwrap();
        assert_eq!(count(tx, "SELECT count(*) FROM doctors"), 10);
        assert_eq!(count(tx, "SELECT count(DISTINCT public_id) FROM doctors"), 10);
        // Or planned apart up front, with no database to read: an offset per dataset.
        let third = Seeder::new(&schema())
            .seed_from("third")
            .preset(Staffed)
            .key_offset(1_000)
            .dataset()
            .unwrap();
        third.load_sqlite(tx).unwrap();
        assert_eq!(count(tx, "SELECT min(id) FROM doctors WHERE id > 10"), 1_001);
    });
}

#[test]
fn a_failed_load_inside_the_test_transaction_leaves_the_rest_of_it() {
    in_rollback(|tx| {
        tx.execute("INSERT INTO specialties (id, name) VALUES (1, 'cardiology')", [])
            .unwrap();
        // Row 0 repeats the specialty's name: the load fails, and only the load is undone.
        let data = Seeder::new(&schema())
            .rows("specialties", 1)
            .pin("specialties", 0, [("name", Value::from("cardiology")), ("id", 7.into())])
            .dataset()
            .unwrap();
        let err = data.load_sqlite(tx).unwrap_err();
        assert!(err.to_string().starts_with("specialties rows 0..1: "), "{err}");
        assert!(std::error::Error::source(&err).is_some(), "the driver's error is kept");
        assert!(matches!(err, seedgen_core::Error::Load { rows: Some(ref r), .. } if *r == (0..1)));
        assert_eq!(count(tx, "SELECT count(*) FROM specialties"), 1);
    });
}
