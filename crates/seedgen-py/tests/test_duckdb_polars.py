"""Batches straight into DuckDB and Polars: the engines on the way to Spark."""

import duckdb
import polars as pl

import seedgen


def test_duckdb_reads_the_batches_and_every_order_finds_its_customer(repo):
    plan = seedgen.Schema.from_path(repo / "schemas" / "shop.sql").plan(rows=2000, seed=4)
    customers = duckdb.from_arrow(plan.to_arrow("customers"))
    orders = duckdb.from_arrow(plan.to_arrow("orders"))
    assert orders.count("*").fetchone()[0] == plan.table("orders").rows
    orphans = duckdb.sql(
        "SELECT count(*) FROM orders o LEFT JOIN customers c ON c.id = o.customer_id "
        "WHERE c.id IS NULL"
    ).fetchone()[0]
    assert orphans == 0
    assert customers.count("*").fetchone()[0] == plan.table("customers").rows


def test_polars_and_pandas_frames_hold_the_same_rows(repo):
    plan = seedgen.Schema.from_path(repo / "schemas" / "shop.sql").plan(rows=500, seed=4)
    frame = plan.to_polars("products")
    assert isinstance(frame, pl.DataFrame)
    assert frame.height == plan.table("products").rows
    assert frame["id"].n_unique() == frame.height
    pandas = plan.to_pandas("products", start=100, stop=200)
    assert list(pandas["id"]) == frame["id"].to_list()[100:200]
