#!/usr/bin/env bash
# Starts the whole system: RabbitMQ (found, started or installed), the dashboard and JOBQUEUE_WORKERS workers.
# Ctrl-C or SIGTERM stops everything this script started.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/broker.sh

url="${JOBQUEUE_URL:-http://127.0.0.1:5080}"
workers="${JOBQUEUE_WORKERS:-2}"
run_dir="$PWD/.run"
mkdir -p "$run_dir/logs" "$run_dir/data"

command -v dotnet >/dev/null 2>&1 || { jq_log "the .NET 10 SDK (dotnet) is required"; exit 1; }
jq_ensure_rabbitmq

jq_log "building (Release)"
dotnet publish JobQueue.Dashboard -c Release -o "$run_dir/dashboard" -v quiet -nologo >/dev/null
dotnet publish JobQueue.Worker -c Release -o "$run_dir/worker" -v quiet -nologo >/dev/null

pids=()
stop_all() {
  trap - INT TERM EXIT
  jq_log "stopping"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  jq_stop_rabbitmq_if_started
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap stop_all EXIT

export ConnectionStrings__JobQueue="${ConnectionStrings__JobQueue:-Data Source=$run_dir/data/jobqueue.db}"
(cd "$run_dir/dashboard" && exec dotnet JobQueue.Dashboard.dll --urls "$url") >"$run_dir/logs/dashboard.log" 2>&1 &
pids+=($!)

for _ in $(seq 1 120); do
  curl -fsS "$url/health/ready" >/dev/null 2>&1 && break
  kill -0 "${pids[0]}" 2>/dev/null || { jq_log "the dashboard exited:"; tail -20 "$run_dir/logs/dashboard.log" >&2; exit 1; }
  sleep 0.5
done
curl -fsS "$url/health/ready" >/dev/null || { jq_log "the dashboard is not ready; see $run_dir/logs/dashboard.log"; exit 1; }

for i in $(seq 1 "$workers"); do
  (cd "$run_dir/worker" && exec dotnet JobQueue.Worker.dll) >"$run_dir/logs/worker-$i.log" 2>&1 &
  pids+=($!)
done

# The dashboard prints a generated admin password only on the first start; keep it for later runs.
credentials="$run_dir/data/admin-credentials"
if line=$(grep -m1 'JobQueue: created admin' "$run_dir/logs/dashboard.log" 2>/dev/null); then
  (umask 077 && printf '%s\n' "$line" >"$credentials")
fi

echo
echo "JobQueue is running at $url with $workers worker(s)."
if [ -n "${JOBQUEUE_ADMIN_PASSWORD:-}" ]; then
  echo "Admin: ${JOBQUEUE_ADMIN_EMAIL:-admin@localhost} / the password in JOBQUEUE_ADMIN_PASSWORD"
elif [ -s "$credentials" ]; then
  sed 's/^JobQueue: created admin \([^ ]*\) with password \([^ ]*\).*/Admin: \1 \/ \2/; s/^JobQueue: created admin \([^ ]*\) with the password from.*/Admin: \1 \/ (from JOBQUEUE_ADMIN_PASSWORD when it was created)/' "$credentials"
else
  echo "Admin: created before this run's records; reset with JOBQUEUE_ADMIN_PASSWORD on a fresh database"
fi
echo "Logs: $run_dir/logs. Press Ctrl-C to stop."
wait -n "${pids[@]}" || true
jq_log "a process exited; see $run_dir/logs"
