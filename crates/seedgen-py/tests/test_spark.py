"""The Spark data source on a local session: TPC-H (the corpus DDL) read in 8
partitions, every foreign key joined, the counts the plan's, the rows the CLI's."""

import json

import pytest
import seedgen
from seedgen.spark import ranges

TPCH = ["region", "nation", "supplier", "customer", "part", "partsupp", "orders", "lineitem"]
ROWS = {"region": 5, "nation": 25, "supplier": 20, "customer": 300, "part": 400,
        "partsupp": 1600, "orders": 3000, "lineitem": 12000}


@pytest.fixture(scope="module")
def tpch(repo, tmp_path_factory):
    ddl = repo.parent / "shared" / "schemas" / "real" / "postgres" / "tpch_pg.sql"
    assert ddl.exists(), f"the corpus is missing: {ddl}"
    settings = tmp_path_factory.mktemp("tpch") / "tpch.json"
    settings.write_text(json.dumps({"generate": {"tables": {t: {"rows": n} for t, n in ROWS.items()}}}))
    return ddl, settings


def test_ranges_cover_the_rows_in_order():
    assert [(r.start, r.stop) for r in ranges(10, 3)] == [(0, 4), (4, 7), (7, 10)]
    assert [(r.start, r.stop) for r in ranges(2, 8)] == [(0, 1), (1, 2)]
    assert [(r.start, r.stop) for r in ranges(0, 8)] == [(0, 0)]


def test_tpch_through_the_data_source(spark, cli, tpch, tmp_path):
    ddl, settings = tpch

    def read(table):
        return (
            spark.read.format("seedgen")
            .option("schema", str(ddl))
            .option("dialect", "postgres")
            .option("settings", str(settings))
            .option("table", table)
            .option("seed", 42)
            .option("numPartitions", 8)
            .load()
        )

    plan = seedgen.Schema.from_path(ddl, dialect="postgres").plan(settings=str(settings), seed=42)
    cli("generate", str(ddl), str(settings), "--dialect", "postgres", "--seed", "42",
        "--format", "parquet", "--out", str(tmp_path))
    for t in TPCH:
        df = read(t)
        df.createOrReplaceTempView(t)
        assert df.rdd.getNumPartitions() == min(8, ROWS[t]), t
        assert df.count() == plan.table(t).rows == ROWS[t], t
        theirs = spark.read.parquet(str(tmp_path / f"{t}.parquet"))
        assert df.columns == theirs.columns, t
        # The same rows as a set (whatever the partitioning), and the same multiset hash.
        assert df.exceptAll(theirs).count() == 0, f"{t}: rows the CLI did not write"
        assert theirs.exceptAll(df).count() == 0, f"{t}: rows the data source lost"
        ours_hash = df.selectExpr("sum(CAST(xxhash64(*) AS DECIMAL(38, 0))) AS h").first().h
        assert ours_hash == theirs.selectExpr("sum(CAST(xxhash64(*) AS DECIMAL(38, 0))) AS h").first().h, t

    def orphans(sql):
        return spark.sql(sql).first()[0]

    assert orphans("SELECT count(*) FROM lineitem l LEFT ANTI JOIN orders o "
                   "ON l.l_orderkey = o.o_orderkey") == 0
    assert orphans("SELECT count(*) FROM lineitem l LEFT ANTI JOIN partsupp ps "
                   "ON l.l_partkey = ps.ps_partkey AND l.l_suppkey = ps.ps_suppkey") == 0
    assert orphans("SELECT count(*) FROM orders o LEFT ANTI JOIN customer c "
                   "ON o.o_custkey = c.c_custkey") == 0
    assert orphans("SELECT count(*) FROM partsupp ps LEFT ANTI JOIN supplier s "
                   "ON ps.ps_suppkey = s.s_suppkey") == 0
    # The composite key holds across partitions.
    assert spark.sql("SELECT count(*) FROM (SELECT ps_partkey, ps_suppkey FROM partsupp "
                     "GROUP BY 1, 2 HAVING count(*) > 1)").first()[0] == 0


def test_a_bad_option_fails_the_read_with_seedgen_s_words(spark, tpch):
    ddl, _ = tpch
    with pytest.raises(Exception, match="no table `lineitems`"):
        spark.read.format("seedgen").option("schema", str(ddl)).option("table", "lineitems").load()
    with pytest.raises(Exception, match='option "table"'):
        spark.read.format("seedgen").option("schema", str(ddl)).load()
