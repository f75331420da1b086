"""The Python package against the command line: the same values for the same seed,
ranges that concatenate to the whole, and errors with the CLI's message and position."""

import json

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

import seedgen


def whole(plan, table, **kw):
    return pa.Table.from_batches(list(plan.batches(table, **kw)), plan.table(table).schema)


@pytest.mark.parametrize("schema", ["shop", "saas", "blog"])
def test_batches_equal_the_cli_parquet_for_the_same_seed(repo, cli, tmp_path, schema):
    path = repo / "schemas" / f"{schema}.sql"
    cli("generate", str(path), "--rows", "700", "--seed", "11", "--format", "parquet",
        "--out", str(tmp_path))
    plan = seedgen.Schema.from_path(str(path)).plan(rows=700, seed=11)
    assert plan.seed == 11
    for t in plan.tables:
        ours = whole(plan, t.name, batch_size=256)
        theirs = pq.read_table(tmp_path / f"{t.name}.parquet")
        assert ours.num_rows == t.rows == theirs.num_rows
        assert ours.schema.names == theirs.schema.names
        assert ours.cast(theirs.schema).equals(theirs), f"{schema}.{t.name} differs from the CLI's"


def test_batches_written_as_csv_by_pyarrow_equal_the_cli_csv_values(repo, cli, tmp_path):
    path = repo / "schemas" / "shop.sql"
    cli("generate", str(path), "--rows", "300", "--seed", "5", "--format", "csv",
        "--null", "\\N", "--out", str(tmp_path / "cli"))
    plan = seedgen.Schema.from_path(path).plan(rows=300, seed=5)
    for t in ["customers", "orders", "order_lines"]:
        ours = whole(plan, t)
        theirs = pacsv.read_csv(
            tmp_path / "cli" / f"{t}.csv",
            convert_options=pacsv.ConvertOptions(
                column_types=ours.schema, null_values=["\\N"], strings_can_be_null=True
            ),
        )
        for name in ours.schema.names:
            assert theirs.column(name).equals(ours.column(name)), f"shop.{t}.{name} differs"


def test_ranges_concatenate_to_the_whole(repo):
    plan = seedgen.Schema.from_path(repo / "schemas" / "shop.sql").plan(rows=1000, seed=3)
    full = whole(plan, "orders")
    cuts = [0, 1, 137, 500, 999, 1000]
    parts = [whole(plan, "orders", start=a, stop=b, batch_size=64) for a, b in zip(cuts, cuts[1:])]
    assert pa.concat_tables(parts).equals(full)
    sizes = [b.num_rows for b in plan.batches("orders", 10, 30, batch_size=8)]
    assert sizes == [8, 8, 4]
    assert list(plan.batches("orders", 5, 5)) == []


def test_the_plan_describes_tables_columns_and_load_order(repo):
    plan = seedgen.Schema.from_path(repo / "schemas" / "shop.sql").plan(
        rows=50, tables={"orders": 80}, seed=1
    )
    names = [t.name for t in plan.tables]
    assert set(names) == {"customers", "categories", "products", "orders", "order_lines",
                          "product_reviews"}
    orders = plan.table("orders")
    assert orders.rows == 80
    assert orders.columns == orders.schema.names
    assert pa.types.is_integer(orders.schema.field("id").type)
    order = plan.load_order
    assert order.index("customers") < order.index("orders") < order.index("order_lines")


def test_settings_as_a_dict_and_as_the_cli_json_file_agree(repo, tmp_path, cli):
    section = {"seed": 9, "rows": 40, "tables": {"customers": {"rows": 12}}}
    f = tmp_path / "settings.json"
    f.write_text(json.dumps({"generate": section}))
    schema = seedgen.Schema.from_path(repo / "schemas" / "shop.sql")
    by_dict = schema.plan(settings=section)
    by_file = schema.plan(settings=str(f))
    assert by_dict.table("customers").rows == by_file.table("customers").rows == 12
    assert whole(by_dict, "orders").equals(whole(by_file, "orders"))
    cli("generate", str(repo / "schemas" / "shop.sql"), str(f), "--format", "parquet",
        "--out", str(tmp_path / "out"))
    theirs = pq.read_table(tmp_path / "out" / "orders.parquet")
    assert whole(by_file, "orders").cast(theirs.schema).equals(theirs)


def test_a_bad_schema_raises_the_cli_message_and_position(cli, tmp_path):
    ddl = "CREATE TABLE ok (id int PRIMARY KEY);\nCREATE TABLE bad (id int PRIMARY KEY,, name text);\n"
    f = tmp_path / "bad.sql"
    f.write_text(ddl)
    with pytest.raises(seedgen.SeedgenError) as e:
        seedgen.Schema.from_path(str(f))
    err = e.value
    assert (err.file, err.line) == (str(f), 2)
    assert err.column is not None and err.column > 1
    assert str(err).startswith(f"{f}:2:{err.column}: ")
    shown = cli("plan", str(f), check=False)
    assert shown.returncode == 2
    assert str(err).splitlines()[0] in shown.stderr
    with pytest.raises(seedgen.SeedgenError) as e:
        seedgen.Schema.from_sql(ddl, name="inline.sql")
    assert (e.value.file, e.value.line) == ("inline.sql", 2)


def test_bad_settings_raise_with_the_setting_named(repo, tmp_path):
    schema = seedgen.Schema.from_path(repo / "schemas" / "shop.sql")
    with pytest.raises(seedgen.SeedgenError, match="no table `ordrs`.*did you mean orders"):
        schema.plan(tables={"ordrs": 5})
    with pytest.raises(seedgen.SeedgenError, match="rows"):
        schema.plan(settings={"rows": "many"})
    broken = tmp_path / "broken.json"
    broken.write_text('{"generate": {"rows": 10,\n  "seed": }}')
    with pytest.raises(seedgen.SeedgenError) as e:
        schema.plan(settings=str(broken))
    assert (e.value.file, e.value.line) == (str(broken), 2)
    with pytest.raises(ValueError, match="not within"):
        list(schema.plan(rows=10).batches("orders", 0, 11))
    with pytest.raises(seedgen.SeedgenError, match="no table `nope`"):
        schema.plan(rows=10).batches("nope")
    with pytest.raises(ValueError, match="unknown dialect"):
        seedgen.Schema.from_sql("CREATE TABLE t (id int)", dialect="oracle")


def test_a_live_sqlite_database_is_a_schema(tmp_path):
    import sqlite3

    db = tmp_path / "app.db"
    con = sqlite3.connect(db)
    con.executescript(
        "CREATE TABLE a (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
        "CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER NOT NULL REFERENCES a(id));"
    )
    con.close()
    plan = seedgen.Schema.from_url(f"sqlite://{db}").plan(rows=20, seed=2)
    b = whole(plan, "b")
    assert b.num_rows == 20
    assert set(b.column("a_id").to_pylist()) <= set(whole(plan, "a").column("id").to_pylist())
