-- The clinic's PostgreSQL migrations, as sqlx applies them (`sqlx migrate run`, or
-- `#[sqlx::test]` in tests/clinic.rs); seedgen reads the same folder.
CREATE TABLE specialties (id bigserial PRIMARY KEY, name text NOT NULL UNIQUE);

CREATE TABLE doctors (
  id bigserial PRIMARY KEY,
  public_id uuid NOT NULL UNIQUE,
  specialty_id bigint NOT NULL REFERENCES specialties (id),
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'doctor', 'resident')),
  hired_on date NOT NULL
);

CREATE TABLE appointments (
  id bigserial PRIMARY KEY,
  doctor_id bigint NOT NULL REFERENCES doctors (id),
  starts_at timestamptz NOT NULL,
  fee numeric(8, 2) NOT NULL CHECK (fee > 0)
);
