"""TPC-H through Spark with the seedgen data source, written as Parquet: the job
`benches/compare.sh` (section spark) times against `seedgen generate --format parquet`.

Usage: spark_tpch.py DDL SETTINGS OUT_DIR THREADS
Prints the wall seconds of the writes (the session's start-up is reported apart).
"""
import os
import sys
import time

from pyspark.sql import SparkSession

from seedgen.spark import SeedgenDataSource

TABLES = ["region", "nation", "supplier", "customer", "part", "partsupp", "orders", "lineitem"]


def main(ddl: str, settings: str, out: str, threads: str) -> None:
    os.environ["PYSPARK_PYTHON"] = sys.executable  # the workers need seedgen too
    t0 = time.monotonic()
    spark = (
        SparkSession.builder.master(f"local[{threads}]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", "4g")
        .getOrCreate()
    )
    spark.dataSource.register(SeedgenDataSource)
    started = time.monotonic() - t0
    t1 = time.monotonic()
    for t in TABLES:
        (spark.read.format("seedgen").option("schema", ddl).option("settings", settings)
         .option("table", t).load()
         .write.mode("overwrite").option("compression", "snappy").parquet(f"{out}/{t}"))
    wrote = time.monotonic() - t1
    spark.stop()
    print(f"{wrote:.2f} {started:.2f}")


if __name__ == "__main__":
    main(*sys.argv[1:5])
