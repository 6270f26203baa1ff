#!/usr/bin/env bash
# Starts the whole system: RabbitMQ (found, started or installed), the dashboard and JOBQUEUE_WORKERS workers, each
# under a supervisor that starts it again, with backoff, when it exits unexpectedly; the others keep running.
# Ctrl-C or SIGTERM stops everything this script started.
#
# Scale-out knobs (the defaults are the embedded single-machine set-up: one dashboard on SQLite, one broker):
#   JOBQUEUE_DB=postgres        PostgreSQL instead of SQLite: JOBQUEUE_POSTGRES (a connection string; database jobqueue
#                               unless it names one), else the machine's cluster, started if needed (scripts/postgres.sh)
#   JOBQUEUE_DASHBOARDS=N       N dashboards on consecutive ports from JOBQUEUE_URL's (needs JOBQUEUE_DB=postgres)
#   JOBQUEUE_RABBITMQ_NODES=N   a local N-node RabbitMQ cluster (scripts/cluster.sh) instead of the one broker
set -euo pipefail
cd "$(dirname "$0")"
source scripts/broker.sh
source scripts/postgres.sh

url="${JOBQUEUE_URL:-http://127.0.0.1:5080}"
workers="${JOBQUEUE_WORKERS:-2}"
dashboards="${JOBQUEUE_DASHBOARDS:-1}"
database="${JOBQUEUE_DB:-sqlite}"
broker_nodes="${JOBQUEUE_RABBITMQ_NODES:-1}"
case "$dashboards" in ''|*[!0-9]*|0) jq_log "JOBQUEUE_DASHBOARDS must be a whole number of at least 1, not '$dashboards'"; exit 1 ;; esac
case "$broker_nodes" in ''|*[!0-9]*|0) jq_log "JOBQUEUE_RABBITMQ_NODES must be a whole number of at least 1, not '$broker_nodes'"; exit 1 ;; esac
case "$database" in
  sqlite) [ "$dashboards" = 1 ] || { jq_log "JOBQUEUE_DASHBOARDS=$dashboards needs a shared database: set JOBQUEUE_DB=postgres"; exit 1; } ;;
  postgres) ;;
  *) jq_log "JOBQUEUE_DB must be sqlite or postgres, not '$database'"; exit 1 ;;
esac
port="${url##*:}"
port="${port%%/*}"
case "$port" in ''|*[!0-9]*) jq_log "JOBQUEUE_URL must end in :PORT (dashboards 2.. take the ports after it), not '$url'"; exit 1 ;; esac
run_dir="$(mkdir -p "${JOBQUEUE_RUN_DIR:-$PWD/.run}" && cd "${JOBQUEUE_RUN_DIR:-$PWD/.run}" && pwd)"
mkdir -p "$run_dir/logs" "$run_dir/data"

command -v dotnet >/dev/null 2>&1 || { jq_log "the .NET 10 SDK (dotnet) is required"; exit 1; }
# Only what this run starts is stopped at the end; a caller's "started" flags (test.sh exports them) are not ours.
JOBQUEUE_STARTED_RABBITMQ=0
JOBQUEUE_STARTED_POSTGRES=0
started_cluster=0
if [ "$broker_nodes" -gt 1 ]; then
  # Every process gets the node list and reconnects to a live node; the policies go to the cluster's vhost.
  if [ "$(JOBQUEUE_CLUSTER_NODES=$broker_nodes scripts/cluster.sh status | grep -c ' running')" != "$broker_nodes" ]; then
    started_cluster=1
  fi
  JOBQUEUE_CLUSTER_NODES=$broker_nodes scripts/cluster.sh start >/dev/null
  export JOBQUEUE_RABBITMQ="${JOBQUEUE_RABBITMQ:-amqp://guest:guest@localhost:5701/}"
  export JOBQUEUE_RABBITMQ_MANAGEMENT="${JOBQUEUE_RABBITMQ_MANAGEMENT:-http://localhost:15701/}"
  # The monitor's figures from whichever node's management API answers.
  for i in $(seq 1 "$broker_nodes"); do export "QueueStats__ManagementUrls__$((i - 1))=http://localhost:$((15700 + i))/"; done
  for i in $(seq 1 "$broker_nodes"); do export "RabbitMq__Nodes__$((i - 1))=localhost:$((5700 + i))"; done
  jq_apply_policies || jq_log "the broker policies were not applied; see above"
else
  jq_ensure_rabbitmq
fi
if [ "$database" = postgres ]; then
  given_postgres="${JOBQUEUE_POSTGRES:-}"
  jq_ensure_postgres jobqueue
  case ";$given_postgres;" in
    *";Database="*|*";database="*) postgres="$given_postgres" ;;
    *) postgres=$(jq_postgres_database jobqueue) ;;
  esac
  export Database__Provider=Postgres
  export ConnectionStrings__JobQueue="$postgres"
fi

if [ "${JOBQUEUE_NO_BUILD:-0}" = 1 ]; then
  jq_log "using the builds already in $run_dir/dashboard and $run_dir/worker (JOBQUEUE_NO_BUILD=1)"
else
  jq_log "building (Release)"
  dotnet publish JobQueue.Dashboard -c Release -o "$run_dir/dashboard" -v quiet -nologo >/dev/null
  dotnet publish JobQueue.Worker -c Release -o "$run_dir/worker" -v quiet -nologo >/dev/null
fi

# jq_supervise NAME LOG DIR COMMAND...: runs COMMAND in DIR, its output appended to LOG, and runs it again whenever it
# exits while run.sh is not stopping: after 1 s, then 2, 4, ... up to 30 s between restarts, back to 1 s once a run has
# lasted a minute. SIGTERM to the supervisor stops the process (SIGTERM, so it drains) and then the supervisor.
jq_supervise() {
  local name=$1 log=$2 dir=$3
  shift 3
  (
    child="" pause="" stopping=0 delay=1
    trap 'stopping=1; kill -TERM $child $pause 2>/dev/null || true' TERM
    while [ "$stopping" = 0 ]; do
      started=$(date +%s)
      (cd "$dir" && exec "$@") >>"$log" 2>&1 &
      child=$!
      # A trapped signal ends `wait` early; wait again until the process itself has exited.
      status=0
      while :; do
        wait "$child" 2>/dev/null && status=0 || status=$?
        kill -0 "$child" 2>/dev/null || break
      done
      child=""
      [ "$stopping" = 1 ] && break
      ran=$(( $(date +%s) - started ))
      [ "$ran" -ge 60 ] && delay=1
      jq_log "$name exited (status $status after ${ran} s); restarting it in ${delay} s. Its log: $log"
      printf '[run.sh] %s exited (status %s after %s s); restarting it in %s s\n' "$name" "$status" "$ran" "$delay" >>"$log"
      sleep "$delay" &
      pause=$!
      wait "$pause" 2>/dev/null || true
      pause=""
      delay=$(( delay * 2 > 30 ? 30 : delay * 2 ))
    done
  ) &
  supervisors+=($!)
}

supervisors=()
stop_all() {
  trap - INT TERM EXIT
  jq_log "stopping"
  for pid in "${supervisors[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${supervisors[@]}"; do wait "$pid" 2>/dev/null || true; done
  jq_stop_rabbitmq_if_started
  jq_stop_postgres_if_started
  if [ "$started_cluster" = 1 ]; then JOBQUEUE_CLUSTER_NODES=$broker_nodes scripts/cluster.sh stop || true; fi
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap stop_all EXIT

export ConnectionStrings__JobQueue="${ConnectionStrings__JobQueue:-Data Source=$run_dir/data/jobqueue.db}"
dashboard_log="$run_dir/logs/dashboard.log"
urls=()
for i in $(seq 1 "$dashboards"); do urls+=("${url%:*}:$((port + i - 1))"); done

# jq_wait_ready URL LOG: waits up to 60 s for the dashboard at URL to answer /health/ready.
jq_wait_ready() {
  for _ in $(seq 1 120); do
    if curl -fsS "$1/health/ready" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  jq_log "the dashboard at $1 is not ready after 60 s; its supervisor keeps trying. See $2"
}

# The first dashboard migrates the database; the others start once it answers.
jq_supervise dashboard "$dashboard_log" "$run_dir/dashboard" dotnet JobQueue.Dashboard.dll --urls "${urls[0]}"
jq_wait_ready "${urls[0]}" "$dashboard_log"
for i in $(seq 2 "$dashboards"); do
  jq_supervise "dashboard-$i" "$run_dir/logs/dashboard-$i.log" "$run_dir/dashboard" dotnet JobQueue.Dashboard.dll --urls "${urls[$((i - 1))]}"
done
for i in $(seq 2 "$dashboards"); do jq_wait_ready "${urls[$((i - 1))]}" "$run_dir/logs/dashboard-$i.log"; done

# Where each worker's log stands now: its lines from this run come after.
worker_log_lines=()
for i in $(seq 1 "$workers"); do
  log="$run_dir/logs/worker-$i.log"
  worker_log_lines+=("$( { [ -f "$log" ] && wc -l <"$log"; } || echo 0)")
  jq_supervise "worker-$i" "$run_dir/logs/worker-$i.log" "$run_dir/worker" dotnet JobQueue.Worker.dll
done

# Jobs can be submitted only of the types a worker advertised: "running" is said once every worker has advertised its
# types (or after 60 s, saying which has not; its supervisor keeps it going).
for i in $(seq 1 "$workers"); do
  log="$run_dir/logs/worker-$i.log"
  for _ in $(seq 1 120); do
    tail -n +"$(( ${worker_log_lines[$((i - 1))]} + 1 ))" "$log" 2>/dev/null | grep -q 'Advertised job types' && break
    sleep 0.5
  done
  tail -n +"$(( ${worker_log_lines[$((i - 1))]} + 1 ))" "$log" 2>/dev/null | grep -q 'Advertised job types' \
    || jq_log "worker-$i has not advertised its job types after 60 s; see $log"
done

# The dashboard prints a generated admin password only on the first start; keep it for later runs.
credentials="$run_dir/data/admin-credentials"
if line=$(grep -m1 'JobQueue: created admin' "$dashboard_log" 2>/dev/null); then
  (umask 077 && printf '%s\n' "$line" >"$credentials")
fi

echo
if [ "$dashboards" = 1 ]; then
  echo "JobQueue is running at $url with $workers worker(s)."
else
  echo "JobQueue is running at ${urls[*]} ($dashboards dashboards on one database; put a proxy with sticky sessions in front, see README) with $workers worker(s)."
fi
[ "$database" = postgres ] && echo "Database: PostgreSQL ($(printf '%s' "$ConnectionStrings__JobQueue" | sed 's/Password=[^;]*/Password=.../'))"
[ "$broker_nodes" -gt 1 ] && echo "RabbitMQ: a local $broker_nodes-node cluster (scripts/cluster.sh; management at $JOBQUEUE_RABBITMQ_MANAGEMENT)"
if [ -n "${JOBQUEUE_ADMIN_PASSWORD:-}" ]; then
  echo "Admin: ${JOBQUEUE_ADMIN_EMAIL:-admin@localhost} / the password in JOBQUEUE_ADMIN_PASSWORD"
elif [ -s "$credentials" ]; then
  sed 's/^JobQueue: created admin \([^ ]*\) with password \([^ ]*\).*/Admin: \1 \/ \2/; s/^JobQueue: created admin \([^ ]*\) with the password from.*/Admin: \1 \/ (from JOBQUEUE_ADMIN_PASSWORD when it was created)/' "$credentials"
else
  echo "Admin: created before this run's records; reset with JOBQUEUE_ADMIN_PASSWORD on a fresh database"
fi
echo "Logs: $run_dir/logs. A process that exits is started again. Press Ctrl-C to stop."
# The supervisors run until they are told to stop; `wait` returns early when a signal arrives, and the trap stops all.
while :; do
  wait || true
  alive=0
  for pid in "${supervisors[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
  [ "$alive" = 1 ] || { jq_log "no supervisor is left running; stopping"; exit 1; }
done
