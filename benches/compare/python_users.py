"""Writes the users table of benches/compare/users.sql as CSV with Faker or Mimesis.

    python python_users.py faker|mimesis ROWS OUT.csv

Each row has the same ten columns seedgen writes, drawn with the library's own
providers, one row at a time, the way a seeding script would. Prints rows/s.
"""

import csv
import datetime
import decimal
import sys
import time


def faker_rows(n):
    from faker import Faker

    fake = Faker("en_US")
    Faker.seed(42)
    for i in range(1, n + 1):
        yield (
            i,
            fake.first_name(),
            fake.last_name(),
            fake.email(),
            fake.phone_number(),
            fake.city(),
            fake.country(),
            fake.date_of_birth(minimum_age=18, maximum_age=90),
            fake.date_time_between(start_date="-5y", end_date="now"),
            fake.pydecimal(left_digits=8, right_digits=2, positive=True),
        )


def mimesis_rows(n):
    from mimesis import Address, Datetime, Finance, Locale, Person

    person = Person(Locale.EN, seed=42)
    address = Address(Locale.EN, seed=42)
    dt = Datetime(Locale.EN, seed=42)
    finance = Finance(Locale.EN, seed=42)
    for i in range(1, n + 1):
        yield (
            i,
            person.first_name(),
            person.last_name(),
            person.email(),
            person.telephone(),
            address.city(),
            address.country(),
            dt.date(start=1935, end=2007),
            dt.datetime(start=2020, end=2025),
            decimal.Decimal(finance.price(minimum=0, maximum=99_999_999)).quantize(
                decimal.Decimal("0.01")
            ),
        )


def main():
    lib, rows, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    gen = {"faker": faker_rows, "mimesis": mimesis_rows}[lib]
    start = time.perf_counter()
    with open(out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "id",
                "first_name",
                "last_name",
                "email",
                "phone",
                "city",
                "country",
                "birth_date",
                "created_at",
                "balance",
            ]
        )
        w.writerows(gen(rows))
    secs = time.perf_counter() - start
    print(f"{lib} {rows} rows {secs:.2f} s {rows / secs:.0f} rows/s")


if __name__ == "__main__":
    main()
