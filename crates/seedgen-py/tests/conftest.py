"""Shared fixtures: the repository, and the seedgen command line to compare with
(``SEEDGEN``, or the workspace's debug build)."""

import os
import pathlib
import subprocess
import sys

import pytest

REPO = pathlib.Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def repo() -> pathlib.Path:
    return REPO


@pytest.fixture(scope="session")
def cli():
    exe = os.environ.get("SEEDGEN") or str(REPO / "target" / "debug" / "seedgen")
    if not os.path.exists(exe):
        pytest.fail(f"the seedgen command line is not built at {exe}: run `cargo build` or set SEEDGEN")

    def run(*args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run([exe, *args], capture_output=True, text=True, check=check)

    run.exe = exe
    return run


@pytest.fixture(scope="session")
def spark(tmp_path_factory):
    """A local Spark session with two cores and the seedgen data source registered."""
    from pyspark.sql import SparkSession

    from seedgen.spark import SeedgenDataSource

    # Spark's Python workers run `python3` from PATH unless told: this interpreter has
    # seedgen installed.
    os.environ["PYSPARK_PYTHON"] = sys.executable

    session = (
        SparkSession.builder.master("local[2]")
        .appName("seedgen-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.warehouse.dir", str(tmp_path_factory.mktemp("warehouse")))
        .getOrCreate()
    )
    session.dataSource.register(SeedgenDataSource)
    yield session
    session.stop()
