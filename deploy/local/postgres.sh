#!/usr/bin/env bash
# PostgreSQL for local development and tests.
#   postgres.sh ensure   make sure a server answers on 127.0.0.1:$PGPORT (start the local cluster,
#                        or install PostgreSQL from Debian packages when absent), then create the
#                        carebus database, one schema + owner role + app role per service
#   postgres.sh own STAMP  make the database this clone's: one set up under other dev keys (its
#                        comment is not STAMP; npm start passes a hash of the clone's keys) holds
#                        data sealed with keys this clone does not have, so it is made again
#   postgres.sh status   exit 0 when the server answers
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
HOST="${PGHOST:-127.0.0.1}"
PORT="${PGPORT:-5432}"
SUPERUSER="${PGUSER:-postgres}"
DATABASE="${CAREBUS_DATABASE:-carebus}"

log() { printf '[postgres] %s\n' "$*" >&2; }

answers() { pg_isready -q -h "$HOST" -p "$PORT" 2>/dev/null; }

psql_su() { PGOPTIONS='-c client_min_messages=warning' psql -v ON_ERROR_STOP=1 -q -X -h "$HOST" -p "$PORT" -U "$SUPERUSER" "$@"; }

install_server() {
  log "PostgreSQL is not installed; installing it from Debian packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql postgresql-contrib >&2
}

trust_loopback() {
  # Local development only: loopback connections need no password, as on the developers' machines.
  local hba
  hba="$(ls /etc/postgresql/*/main/pg_hba.conf | head -1)"
  if ! grep -qE '^host\s+all\s+all\s+127\.0\.0\.1/32\s+trust' "$hba"; then
    log "allowing trusted loopback connections in $hba"
    sed -i '/^# TYPE/a host    all             all             127.0.0.1/32            trust\nhost    all             all             ::1/128                 trust' "$hba"
  fi
}

start_cluster() {
  command -v pg_lsclusters >/dev/null || install_server
  local version
  version="$(pg_lsclusters -h | awk 'NR==1 {print $1}')"
  if [ -z "$version" ]; then
    version="$(ls /usr/lib/postgresql | sort -n | tail -1)"
    log "creating cluster $version/main"
    pg_createcluster "$version" main -p "$PORT" >&2
  fi
  trust_loopback
  log "starting cluster $version/main"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || true
  for _ in $(seq 1 30); do answers && return; sleep 1; done
  log "PostgreSQL did not start; see /var/log/postgresql/"; exit 1
}

init_database() {
  psql_su -d postgres -f "$HERE/postgres/roles.sql"
  if [ "$(psql_su -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" != 1 ]; then
    log "creating database $DATABASE"
    psql_su -d postgres -c "CREATE DATABASE \"$DATABASE\""
  fi
  psql_su -d "$DATABASE" -f "$HERE/postgres/schemas.sql"
}

own_database() {
  local stamp="carebus dev keys $1" current tables users
  current="$(psql_su -d postgres -tAc "SELECT coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database WHERE datname = '$DATABASE'")"
  [ "$current" = "$stamp" ] && return 0
  tables="$(psql_su -d "$DATABASE" -tAc "SELECT count(*) FROM information_schema.tables WHERE table_schema IN ('scheduling', 'messaging', 'ehr_sync', 'device_registry', 'notifications')")"
  if [ "$tables" != 0 ]; then
    users="$(psql_su -d postgres -tAc "SELECT count(*) FROM pg_stat_activity WHERE datname = '$DATABASE' AND pid <> pg_backend_pid()")"
    if [ "$users" != 0 ]; then
      log "database $DATABASE was set up under other dev keys (another clone's) and is in use ($users connections): stop what uses it, or give this clone its own with CAREBUS_DATABASE"
      exit 1
    fi
    log "database $DATABASE was set up under other dev keys (another clone's): its sealed data cannot be read here, so it is made again"
    psql_su -d postgres -c "DROP DATABASE \"$DATABASE\""
    init_database
  fi
  psql_su -d postgres -c "COMMENT ON DATABASE \"$DATABASE\" IS '$stamp'"
}

case "${1:-}" in
  own) own_database "${2:?usage: $0 own STAMP}" ;;
  ensure) answers || start_cluster; init_database; log "ready on $HOST:$PORT, database $DATABASE" ;;
  status) answers ;;
  *) echo "usage: $0 ensure|own STAMP|status" >&2; exit 2 ;;
esac
