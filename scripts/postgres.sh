# Sourced by run.sh and test.sh (JOBQUEUE_DB=postgres, and the tests): makes sure a PostgreSQL answers and exports
# JOBQUEUE_POSTGRES, a connection string (Npgsql's form) of a role that may create databases.
# Order: JOBQUEUE_POSTGRES if given; the machine's cluster (pg_lsclusters), started with pg_ctlcluster when it is down;
# as root on Debian, postgresql installed with apt and started; else say what to do.
# The role (jq_ensure_postgres ROLE, default jobqueue) is made when missing and given a fresh random password each time,
# which only this run knows; that needs root (psql as the postgres user). Sets JOBQUEUE_STARTED_POSTGRES=1 when it
# started the cluster itself (so the caller can stop it).

jq_postgres_psql() { su postgres -c "psql -p $JOBQUEUE_POSTGRES_PORT -v ON_ERROR_STOP=1 -qAt $(printf '%q ' "$@")"; }

jq_ensure_postgres() {
  local role=${1:-jobqueue}
  JOBQUEUE_STARTED_POSTGRES=0
  if [ -n "${JOBQUEUE_POSTGRES:-}" ]; then
    jq_log "using PostgreSQL at JOBQUEUE_POSTGRES"
    export JOBQUEUE_POSTGRES JOBQUEUE_STARTED_POSTGRES
    return 0
  fi
  if ! command -v pg_lsclusters >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      jq_log "installing postgresql with apt"
      { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql; } >/dev/null || {
        jq_log "apt-get install postgresql failed"; return 1; }
    else
      jq_log "no PostgreSQL found. Install one (Debian: sudo apt-get install postgresql),"
      jq_log "or set JOBQUEUE_POSTGRES='Host=...;Port=5432;Username=...;Password=...' (a role that may create databases)"
      return 1
    fi
  fi
  local version cluster port status
  read -r version cluster port status _ < <(pg_lsclusters -h | head -1)
  if [ -z "${version:-}" ]; then
    jq_log "pg_lsclusters lists no PostgreSQL cluster; create one with pg_createcluster, or set JOBQUEUE_POSTGRES"
    return 1
  fi
  if [ "$status" != online ]; then
    jq_log "starting PostgreSQL $version/$cluster on port $port"
    pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start >/dev/null 2>&1 || true
    JOBQUEUE_STARTED_POSTGRES=1
  fi
  local waited=0
  until pg_isready -q -h 127.0.0.1 -p "$port"; do
    waited=$((waited + 1))
    [ "$waited" -ge 60 ] && { jq_log "PostgreSQL did not answer on port $port within 60 s; see /var/log/postgresql/"; return 1; }
    sleep 1
  done
  if [ "$(id -u)" != 0 ]; then
    jq_log "making the PostgreSQL role $role needs root (psql as the postgres user); or set JOBQUEUE_POSTGRES"
    return 1
  fi
  JOBQUEUE_POSTGRES_PORT=$port
  local password
  password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  jq_postgres_psql -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') THEN CREATE ROLE \"$role\"; END IF; END \$\$;" \
    -c "ALTER ROLE \"$role\" WITH LOGIN CREATEDB PASSWORD '$password';" >/dev/null || { jq_log "could not make the PostgreSQL role $role"; return 1; }
  export JOBQUEUE_POSTGRES="Host=127.0.0.1;Port=$port;Username=$role;Password=$password"
  export JOBQUEUE_POSTGRES_PORT JOBQUEUE_STARTED_POSTGRES
  jq_log "PostgreSQL $version/$cluster answers on port $port (role $role)"
}

# jq_postgres_database NAME: creates the database NAME owned by the role of JOBQUEUE_POSTGRES when it is missing, and
# prints JOBQUEUE_POSTGRES with Database=NAME.
jq_postgres_database() {
  local name=$1 role
  role=$(printf '%s' "$JOBQUEUE_POSTGRES" | tr ';' '\n' | sed -n 's/^Username=//p')
  if [ -n "${JOBQUEUE_POSTGRES_PORT:-}" ] && [ "$(id -u)" = 0 ]; then
    if [ -z "$(jq_postgres_psql -c "SELECT 1 FROM pg_database WHERE datname = '$name'")" ]; then
      jq_postgres_psql -c "CREATE DATABASE \"$name\" OWNER \"$role\";" >/dev/null || return 1
    fi
  fi
  # Otherwise the dashboard's migration creates it (the role may create databases).
  printf '%s;Database=%s' "$JOBQUEUE_POSTGRES" "$name"
}

# Drops the databases a killed test run left behind (named jq_test_*).
jq_postgres_drop_test_leftovers() {
  [ -n "${JOBQUEUE_POSTGRES_PORT:-}" ] && [ "$(id -u)" = 0 ] || return 0
  local db
  for db in $(jq_postgres_psql -c "SELECT datname FROM pg_database WHERE datname LIKE 'jq\_test\_%'"); do
    jq_postgres_psql -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE);" >/dev/null 2>&1 || true
  done
}

jq_stop_postgres_if_started() {
  if [ "${JOBQUEUE_STARTED_POSTGRES:-0}" = 1 ]; then
    local version cluster
    read -r version cluster _ < <(pg_lsclusters -h | head -1)
    jq_log "stopping the PostgreSQL cluster this script started"
    pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" stop >/dev/null 2>&1 || true
  fi
}
