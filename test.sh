#!/usr/bin/env bash
# Runs every test against a real RabbitMQ (found, started or installed, as run.sh does) and real databases: SQLite
# files, and PostgreSQL (the machine's cluster, started when it is down, or JOBQUEUE_POSTGRES).
# Extra arguments go to `dotnet test`, e.g. ./test.sh --filter "FullyQualifiedName~Unit".
set -euo pipefail
cd "$(dirname "$0")"
source scripts/broker.sh
source scripts/postgres.sh

command -v dotnet >/dev/null 2>&1 || { jq_log "the .NET 10 SDK (dotnet) is required"; exit 1; }
jq_ensure_rabbitmq
# Every test system on PostgreSQL makes a throwaway database of its own with this role (and drops it).
jq_ensure_postgres jobqueue_test
jq_postgres_drop_test_leftovers
# The scale-out tests start the local RabbitMQ cluster (scripts/cluster.sh) when they first need it; stop it afterwards
# unless it was running before.
cluster_was_running=$(scripts/cluster.sh status 2>/dev/null | grep -c ' running' || true)
stop_cluster_if_started() { [ "$cluster_was_running" != 0 ] || scripts/cluster.sh stop >/dev/null 2>&1 || true; }
trap 'stop_cluster_if_started; jq_stop_rabbitmq_if_started; jq_stop_postgres_if_started' EXIT

# Browser tests drive Debian's Chromium (a Playwright browser download does not work on these machines).
jq_ensure_command chromium chromium || jq_log "browser tests will report themselves skipped"

# There is no Docker engine on these machines, but the compose file must stay valid.
if jq_ensure_command docker-compose docker-compose; then
  # Valid with its secrets given, on SQL Server (the default) and with the postgres profile; refused, naming them,
  # without them (it has no default secrets).
  for profile in "" postgres; do
    JOBQUEUE_DB_PASSWORD=compose-check-1A JOBQUEUE_RABBITMQ_PASSWORD=compose-check docker-compose -f docker-compose.yml ${profile:+--profile "$profile"} config -q
    if missing=$(env -u JOBQUEUE_DB_PASSWORD -u JOBQUEUE_RABBITMQ_PASSWORD docker-compose -f docker-compose.yml ${profile:+--profile "$profile"} config -q 2>&1); then
      jq_log "docker-compose.yml${profile:+ (profile $profile)} accepts a missing JOBQUEUE_DB_PASSWORD or JOBQUEUE_RABBITMQ_PASSWORD: it must not"
      exit 1
    fi
    case "$missing" in
      *JOBQUEUE_*PASSWORD*) jq_log "docker-compose.yml${profile:+ (profile $profile)} is valid, and refuses to start without its secrets" ;;
      *) jq_log "docker-compose.yml${profile:+ (profile $profile)} without its secrets failed for another reason: $missing"; exit 1 ;;
    esac
  done
else
  jq_log "docker-compose is not installed: docker-compose.yml was not validated"
  exit 1
fi

results="$PWD/TestResults"
rm -rf "$results"
set +e
dotnet test JobQueue.sln -c Release --results-directory "$results" \
  --logger "console;verbosity=normal" --logger "trx;LogFileName=results.trx" "$@"
status=$?
set -e

# The failures again at the end, each with the start of its message (a CI log is often read from its tail), then one
# plain closing line, read the same way whatever the runner prints.
if [ -f "$results/results.trx" ]; then
  python3 - "$results/results.trx" <<'PY' || true
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
# iter() takes no namespace wildcard: match the tag's local name.
for result in (r for r in root.iter() if r.tag.endswith('}UnitTestResult')):
    if result.get('outcome') == 'Failed':
        message = result.find('.//{*}ErrorInfo/{*}Message')
        text = ' '.join((message.text or '').split()) if message is not None else ''
        print(f"FAILED {result.get('testName')} ({result.get('duration')}): {text[:600]}")
counters = root.find('.//{*}Counters')
passed, failed = int(counters.get('passed', 0)), int(counters.get('failed', 0))
skipped = int(counters.get('total', 0)) - int(counters.get('executed', 0))
print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
PY
fi
exit $status
