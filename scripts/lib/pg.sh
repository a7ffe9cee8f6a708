#!/usr/bin/env bash
# Embedded PostgreSQL for `npm start`, `npm test` and `npm run bench` when DATABASE_URL is not set.
# Installs Debian's PostgreSQL if the machine lacks it, runs initdb/pg_ctl as the `postgres`
# system user when we are root (initdb refuses root), listens on 127.0.0.1 only.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/debian.sh"

pg_bin_dir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  return 1
}

pg_ensure_installed() {
  if pg_bin_dir >/dev/null; then return 0; fi
  debian_install "PostgreSQL server binaries" "install 'postgresql' or set DATABASE_URL" postgresql postgresql-contrib
  pg_bin_dir >/dev/null || { echo "PostgreSQL install failed" >&2; exit 1; }
}

pg_as_owner() {
  if [ "$(id -u)" = "0" ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# pg_prepare_dir DIR: create DIR owned by the cluster owner; fails if the owner cannot reach it.
pg_prepare_dir() {
  local dir="$1"
  mkdir -p "$dir"
  if [ "$(id -u)" = "0" ]; then
    chown postgres: "$dir" 2>/dev/null || { id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres; chown postgres: "$dir"; }
    chmod 700 "$dir"
    runuser -u postgres -- test -w "$dir"
  fi
}

# pg_start DIR PORT MODE(durable|test) LOGFILE
pg_start() {
  local dir="$1" port="$2" mode="$3" log="$4" bin
  bin="$(pg_bin_dir)"
  if [ ! -f "$dir/PG_VERSION" ]; then
    pg_as_owner "$bin/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  fi
  local opts="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=200"
  if [ "$mode" = "test" ]; then
    opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  fi
  pg_as_owner "$bin/pg_ctl" -D "$dir" -l "$log" -o "$opts" -w -t 60 start >/dev/null
}

pg_stop() {
  local dir="$1" bin
  bin="$(pg_bin_dir)" || return 0
  [ -f "$dir/postmaster.pid" ] || return 0
  pg_as_owner "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
}

pg_createdb() {
  local dir="$1" port="$2" name="$3" bin
  bin="$(pg_bin_dir)"
  pg_as_owner "$bin/psql" -h "$dir" -p "$port" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$name'" | grep -q 1 \
    || pg_as_owner "$bin/createdb" -h "$dir" -p "$port" -U postgres "$name"
}

# pg_ensure_app_role PORT: the application's least-privilege login role `cmis_app` (created if
# missing, e.g. in a cluster made by an older checkout). Its grants come from the migrations.
# Loopback connections are trusted (initdb --auth=trust), so this works as any system user.
pg_ensure_app_role() {
  local port="$1" bin
  bin="$(pg_bin_dir)"
  "$bin/psql" -X -q -v ON_ERROR_STOP=1 "postgres://postgres@127.0.0.1:$port/postgres" -c "
    DO \$\$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cmis_app') THEN CREATE ROLE cmis_app LOGIN;
      ELSE ALTER ROLE cmis_app LOGIN; END IF;
    END \$\$" >/dev/null
}

# pg_export_urls PORT DBNAME: migrations run as the cluster superuser (the schema owner), the API
# connects as cmis_app (docs/development.md, "Database roles").
pg_export_urls() {
  local port="$1" name="$2"
  export DATABASE_OWNER_URL="postgres://postgres@127.0.0.1:$port/$name"
  export DATABASE_URL="postgres://cmis_app@127.0.0.1:$port/$name"
}

# pg_throwaway MODE(durable|test) DBNAME: a private cluster in a temp dir for this script's lifetime;
# exports DATABASE_OWNER_URL and DATABASE_URL (pg_export_urls) and removes everything from an EXIT
# trap. (PG_PORT, not PORT: the API reads PORT.)
pg_throwaway() {
  local mode="$1" name="$2"
  pg_ensure_installed
  PG_TMP_DIR="$(mktemp -d /tmp/cmis-pg-$name.XXXXXX)"
  pg_prepare_dir "$PG_TMP_DIR"
  trap 'pg_stop "'"$PG_TMP_DIR"'"; rm -rf "'"$PG_TMP_DIR"'" "'"$PG_TMP_DIR.log"'"' EXIT
  local pg_port
  pg_port="$(pg_free_port)"
  pg_start "$PG_TMP_DIR" "$pg_port" "$mode" "$PG_TMP_DIR.log" || { cat "$PG_TMP_DIR.log" >&2; exit 1; }
  pg_createdb "$PG_TMP_DIR" "$pg_port" "$name"
  pg_ensure_app_role "$pg_port"
  pg_export_urls "$pg_port" "$name"
}

# pg_replica PRIMARY_PORT DIR: a streaming replica of the cluster listening on PRIMARY_PORT, in DIR
# (pg_basebackup -R writes standby.signal and primary_conninfo; initdb --auth=trust lets loopback
# replication connections in). Start it with pg_start DIR PORT ...: it replays the primary read-only.
pg_replica() {
  local port="$1" dir="$2" bin
  bin="$(pg_bin_dir)"
  pg_prepare_dir "$dir"
  pg_as_owner "$bin/pg_basebackup" -h 127.0.0.1 -p "$port" -U postgres -D "$dir" -R -X stream -c fast >/dev/null
}
