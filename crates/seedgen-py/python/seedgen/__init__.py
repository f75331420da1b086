"""Realistic, referentially consistent data from a database schema, as Arrow.

>>> import seedgen
>>> plan = seedgen.Schema.from_sql("CREATE TABLE t (id int PRIMARY KEY, name text)").plan(rows=10, seed=1)
>>> sum(b.num_rows for b in plan.batches("t"))
10

Every value is a function of the seed and the row's index, so any range of a table
(``plan.batches(table, start, stop)``) is computed alone and equals the same rows of
``seedgen generate``'s output: what ``seedgen.spark.SeedgenDataSource`` partitions on.
"""

from ._errors import SeedgenError
from ._seedgen import Batches, Plan, Schema, Table, __version__

__all__ = ["Batches", "Plan", "Schema", "SeedgenError", "Table", "__version__"]
