"""seedgen as a Spark 4 data source: a table of any size generated in parallel, each
partition a range of its rows computed alone on an executor, every foreign key finding
its parent in the other table's DataFrame.

    from seedgen.spark import SeedgenDataSource
    spark.dataSource.register(SeedgenDataSource)
    orders = (spark.read.format("seedgen")
              .option("schema", "tpch.sql").option("table", "orders")
              .option("seed", 42).option("rows", 1000).option("rows.lineitem", 60000)
              .option("numPartitions", 8).load())

Options: ``schema`` (a DDL file, a seedgen JSON file or a folder of migrations;
several joined by ``,``), ``dialect``, ``migrations``, ``table`` (required), ``seed``,
``rows`` (every table's count), ``rows.TABLE`` (one table's), ``scale``, ``profile``
(a ``seedgen profile`` file), ``settings`` (a seedgen JSON file with a ``"generate"``
section), ``as_of``, ``locale``, ``strict``, ``numPartitions``, ``batchSize``. The
driver reads the schema and settings files and ships their text to the executors; a
folder of migrations and a profile are read where the task runs, so on a cluster they
must be on storage every executor reads.
"""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass
from typing import Iterator, Optional, Sequence, Tuple

from pyspark.sql.datasource import DataSource, DataSourceReader, InputPartition
from pyspark.sql.pandas.types import from_arrow_schema

import seedgen

__all__ = ["SeedgenDataSource"]

#: Rows per partition when neither ``numPartitions`` nor Spark's parallelism says.
ROWS_PER_PARTITION = 1_000_000


@dataclass(frozen=True)
class Source:
    """Everything a partition needs to plan the same generation as the driver did:
    small, hashable and picklable."""

    table: str
    #: Files as ``(name, text)``, read on the driver; folders as paths.
    files: Tuple[Tuple[str, str], ...]
    folders: Tuple[str, ...]
    dialect: Optional[str] = None
    migrations: Optional[str] = None
    seed: Optional[int] = None
    rows: Optional[int] = None
    tables: Tuple[Tuple[str, int], ...] = ()
    scale: Optional[float] = None
    profile: Optional[str] = None
    settings: Optional[str] = None  # the JSON text of the settings file
    as_of: Optional[str] = None
    locale: Optional[str] = None
    strict: bool = False

    @staticmethod
    def from_options(options: dict) -> "Source":
        opts = {k.lower(): v for k, v in options.items()}
        if "table" not in opts:
            raise seedgen.SeedgenError('option "table": name the table to read')
        if "schema" not in opts:
            raise seedgen.SeedgenError(
                'option "schema": give the DDL file, seedgen JSON or migrations folder'
            )
        files, folders = [], []
        for path in (p.strip() for p in opts["schema"].split(",") if p.strip()):
            if os.path.isdir(path):
                folders.append(path)
            else:
                files.append((path, _read(path, "schema")))
        tables = tuple(
            sorted(
                (k[len("rows.") :], _count(k, v))
                for k, v in options.items()
                if k.lower().startswith("rows.")
            )
        )
        return Source(
            table=opts["table"],
            files=tuple(files),
            folders=tuple(folders),
            dialect=opts.get("dialect"),
            migrations=opts.get("migrations"),
            seed=_count("seed", opts["seed"]) if "seed" in opts else None,
            rows=_count("rows", opts["rows"]) if "rows" in opts else None,
            tables=tables,
            scale=float(opts["scale"]) if "scale" in opts else None,
            profile=opts.get("profile"),
            settings=_read(opts["settings"], "settings") if "settings" in opts else None,
            as_of=opts.get("as_of"),
            locale=opts.get("locale"),
            strict=opts.get("strict", "false").lower() == "true",
        )

    def plan(self) -> seedgen.Plan:
        return _plan(self)


def _read(path: str, option: str) -> str:
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError as e:
        raise seedgen.SeedgenError(f'option "{option}": cannot read {path}: {e.strerror}')


def _count(option: str, text: str) -> int:
    try:
        n = int(str(text).strip())
    except ValueError:
        n = -1
    if n < 0:
        raise seedgen.SeedgenError(
            f'option "{option}": `{text}` is not a count (a whole number, 0 or more)'
        )
    return n


@functools.lru_cache(maxsize=8)
def _plan(src: Source) -> seedgen.Plan:
    """The plan, made once per worker process for each source it reads."""
    schema = _schema(src)
    settings = None
    if src.settings is not None:
        settings = json.loads(src.settings)
    return schema.plan(
        seed=src.seed,
        rows=src.rows,
        tables=dict(src.tables),
        scale=src.scale,
        profile=src.profile,
        settings=settings,
        as_of=src.as_of,
        locale=src.locale,
        strict=src.strict,
    )


def _schema(src: Source) -> seedgen.Schema:
    if len(src.files) == 1 and not src.folders:
        name, text = src.files[0]
        if not name.lower().endswith(".json"):
            return seedgen.Schema.from_sql(text, dialect=src.dialect, name=name)
    # JSON inputs and folders: as the command line reads them, from the paths.
    paths = [name for name, _ in src.files] + list(src.folders)
    return seedgen.Schema.from_path(paths, dialect=src.dialect, migrations=src.migrations)


@dataclass(frozen=True)
class RowRange(InputPartition):
    """Rows ``start..stop`` of the table."""

    start: int
    stop: int


def ranges(rows: int, parts: int) -> Sequence[RowRange]:
    """``parts`` ranges that cover ``0..rows`` in order, sizes differing by at most 1."""
    parts = max(1, min(parts, rows)) if rows else 1
    base, extra = divmod(rows, parts)
    out, start = [], 0
    for i in range(parts):
        stop = start + base + (1 if i < extra else 0)
        out.append(RowRange(start, stop))
        start = stop
    return out


class SeedgenDataSource(DataSource):
    """``spark.read.format("seedgen")``: one table of a seedgen plan (see the module)."""

    @classmethod
    def name(cls) -> str:
        return "seedgen"

    def schema(self):
        src = Source.from_options(self.options)
        return from_arrow_schema(src.plan().table(src.table).schema)

    def reader(self, schema) -> "SeedgenReader":
        return SeedgenReader(self.options)


class SeedgenReader(DataSourceReader):
    def __init__(self, options: dict) -> None:
        self.source = Source.from_options(options)
        opts = {k.lower(): v for k, v in options.items()}
        rows = self.source.plan().table(self.source.table).rows
        if "numpartitions" in opts:
            self.parts = max(1, _count("numPartitions", opts["numpartitions"]))
        else:
            self.parts = max(1, -(-rows // ROWS_PER_PARTITION))
        self.batch_size = max(1, _count("batchSize", opts.get("batchsize", "8192")))
        self.rows = rows

    def partitions(self) -> Sequence[InputPartition]:
        return ranges(self.rows, self.parts)

    def read(self, partition: RowRange) -> Iterator:
        plan = self.source.plan()
        yield from plan.batches(
            self.source.table, partition.start, partition.stop, self.batch_size
        )
