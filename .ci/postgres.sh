#!/usr/bin/env bash
# Start Debian's PostgreSQL on 127.0.0.1 with a throwaway test database, and print its URL.
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | grep -q "^$version main"; then
  pg_createcluster "$version" main >/dev/null
fi
sed -i "s/^#\?listen_addresses.*/listen_addresses = '127.0.0.1'/" "/etc/postgresql/$version/main/postgresql.conf"
pg_ctlcluster "$version" main start >/dev/null 2>&1 || true
pg_ctlcluster "$version" main status >/dev/null || { echo "PostgreSQL $version did not start" >&2; exit 1; }
port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')
su postgres -c "psql -q -p $port -tc \"SELECT 1 FROM pg_roles WHERE rolname='touchpoints'\" | grep -q 1 \
  || psql -q -p $port -c \"CREATE ROLE touchpoints LOGIN PASSWORD 'touchpoints'\"" >/dev/null
# The tests run in parallel: each pytest-xdist worker creates its own touchpoints_test_gwN.
su postgres -c "psql -q -p $port -c 'ALTER ROLE touchpoints CREATEDB'" >/dev/null
su postgres -c "psql -q -p $port -tc \"SELECT 1 FROM pg_database WHERE datname='touchpoints_test'\" | grep -q 1 \
  || createdb -p $port -O touchpoints touchpoints_test" >/dev/null
echo "postgresql+psycopg://touchpoints:touchpoints@127.0.0.1:$port/touchpoints_test"
