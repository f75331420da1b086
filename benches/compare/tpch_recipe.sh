#!/usr/bin/env bash
# The hand recipe a DBA would use to load TPC-H SF1 into PostgreSQL with its keys, in
# the order pg_restore uses: CSV from tpchgen-cli, the tables created bare (pg_dump's
# pre-data section of the corpus DDL), psql's \copy of each file, then the primary keys,
# foreign keys and indexes (the post-data section). benches/compare.sh writes the two
# sections and times this script as one job.
#
#   tpch_recipe.sh DB_URL WORK_DIR THREADS
set -euo pipefail
url=$1 work=$2 threads=$3
rm -rf "$work/tpch-csv"
tpchgen-cli csv -s 1 --num-threads "$threads" --output-dir "$work/tpch-csv"
{
    cat "$work/tpch-pre.sql"
    for t in region nation part supplier partsupp customer orders lineitem; do
        echo "\\copy public.$t FROM '$work/tpch-csv/$t.csv' WITH (FORMAT csv, HEADER true)"
    done
    cat "$work/tpch-post.sql"
} | psql "$url" -q -v ON_ERROR_STOP=1 >/dev/null
rm -rf "$work/tpch-csv"
