"""The README's "Beyond one machine" section, run: its Python examples, and its
Kubernetes Indexed Job's command for every completion index on this machine."""

import json
import os
import re
import shlex
import subprocess

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

import seedgen


def readme(repo) -> str:
    return (repo / "README.md").read_text()


def example(repo, name: str) -> str:
    text = readme(repo)
    at = text.index(f"<!-- python-example:{name} -->")
    block = re.search(r"```python\n(.*?)```", text[at:], re.S)
    return block.group(1)


def test_the_duckdb_example_runs(repo, monkeypatch):
    monkeypatch.chdir(repo)
    exec(compile(example(repo, "duckdb"), "README.md (duckdb)", "exec"), {})


def test_the_spark_example_runs(repo, monkeypatch, spark):
    monkeypatch.chdir(repo)
    scope = {}
    exec(compile(example(repo, "spark"), "README.md (spark)", "exec"), scope)
    assert scope["lineitem"].count() == 6000


def test_the_kubernetes_job_s_shards_make_one_dataset(repo, cli, tmp_path, spark):
    text = readme(repo)
    yaml = text[text.index("<!-- k8s-recipe:start -->"):text.index("<!-- k8s-recipe:end -->")]
    completions = int(re.search(r"completions: (\d+)", yaml).group(1))
    args = re.search(r"args:\n\s+- (seedgen generate .*?)\n\s+volumeMounts", yaml, re.S).group(1)
    command = " ".join(args.split())
    # The pod's mounts, pointed at this machine: the corpus DDL and a small settings file.
    ddl = repo.parent / "shared" / "schemas" / "real" / "postgres" / "tpch_pg.sql"
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "tpch.sql").write_text(ddl.read_text())
    small = {"generate": {"rows": 200, "tables": {"lineitem": {"rows": 5000}, "orders": {"rows": 1000}}}}
    (tmp_path / "schema" / "sf100.json").write_text(json.dumps(small))
    command = command.replace("/schema/", f"{tmp_path}/schema/").replace("/data/", f"{tmp_path}/data/")
    # The image's `seedgen` is the binary under test (the same one the `cli` fixture runs).
    command = re.sub(r"^seedgen ", lambda _: shlex.quote(cli.exe) + " ", command)
    for index in range(completions):
        env = {**os.environ, "JOB_COMPLETION_INDEX": str(index)}
        subprocess.run(["sh", "-c", command], env=env, check=True)
    parts = sorted(os.listdir(tmp_path / "data" / "tpch" / "lineitem"))
    assert parts == [f"part-{k}-of-{completions}.parquet" for k in range(1, completions + 1)]

    plan = seedgen.Schema.from_path([tmp_path / "schema" / "tpch.sql",
                                     tmp_path / "schema" / "sf100.json"]).plan(seed=42)
    lineitem = f"{tmp_path}/data/tpch/lineitem"
    rows = duckdb.sql(f"SELECT count(*) FROM read_parquet('{lineitem}/part-*.parquet')").fetchone()[0]
    assert rows == plan.table("lineitem").rows == 5000
    spark.sql("DROP TABLE IF EXISTS lineitem_k8s")
    spark.sql(f"CREATE TABLE lineitem_k8s USING parquet LOCATION '{lineitem}'")
    assert spark.sql("SELECT count(*) FROM lineitem_k8s").first()[0] == 5000
    # The shards, in order, are the rows the package computes for the whole table.
    whole = plan.to_arrow("lineitem")
    shards = [pq.read_table(f"{lineitem}/{p}") for p in parts]
    assert pa.concat_tables([s.cast(whole.schema) for s in shards]).equals(whole)
    spark.sql("DROP TABLE lineitem_k8s")
