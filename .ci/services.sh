#!/usr/bin/env bash
# Makes sure the databases and clients the tests use are there: PostgreSQL and MariaDB
# servers running on 127.0.0.1, and the psql, mariadb and sqlite3 clients installed.
# Sourced by .ci/run; safe to run again.
set -euo pipefail

need_apt=()
command -v psql >/dev/null 2>&1 || need_apt+=(postgresql-client)
command -v mariadb >/dev/null 2>&1 || need_apt+=(mariadb-client)
command -v sqlite3 >/dev/null 2>&1 || need_apt+=(sqlite3)
# PostGIS for the extension-type test, for the server's major version.
pg_major=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -1)
if [ -n "$pg_major" ] && ! ls /usr/share/postgresql/"$pg_major"/extension/postgis.control >/dev/null 2>&1; then
  need_apt+=("postgresql-$pg_major-postgis-3")
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "== installing ${need_apt[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}"
fi

export SEEDGEN_TEST_POSTGRES_URL="${SEEDGEN_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
export SEEDGEN_TEST_MYSQL_URL="${SEEDGEN_TEST_MYSQL_URL:-mysql://root@127.0.0.1:3306/test}"

wait_for() { # name, command
  for _ in $(seq 1 30); do
    if eval "$2" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  echo "error: $1 did not start" >&2
  return 1
}

if ! psql "$SEEDGEN_TEST_POSTGRES_URL" -Atc 'SELECT 1' >/dev/null 2>&1; then
  echo "== starting PostgreSQL"
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  fi
  wait_for PostgreSQL "psql '$SEEDGEN_TEST_POSTGRES_URL' -Atc 'SELECT 1'"
fi

if ! mariadb -h 127.0.0.1 -u root -e 'SELECT 1' >/dev/null 2>&1; then
  echo "== starting MariaDB"
  if [ -x /usr/sbin/mariadbd ]; then
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true
  fi
  wait_for MariaDB "mariadb -h 127.0.0.1 -u root -e 'SELECT 1'"
fi
