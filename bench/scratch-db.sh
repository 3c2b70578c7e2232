# Sourced by the reporting benchmarks: a scratch database named by BENCH_DB (default: the first
# argument), created afresh with every migration of db/migration applied in order, and dropped at
# exit unless KEEP=1. Defines psql_db, psql against that database.
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
db="${BENCH_DB:-$1}"
psql_db() { psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }

psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
if [[ "${KEEP:-0}" != 1 ]]; then
	trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db"' EXIT
fi
for migration in $(ls db/migration/V*__*.sql | sort -V); do
	psql_db -f "$migration"
done
