#!/usr/bin/env bash
# A local RabbitMQ cluster from Debian's rabbitmq-server, beside the default node on 5672: nodes jq1@localhost,
# jq2@localhost, ... each with its own data directory and ports (AMQP 5701.., management 15701.., distribution 25701..),
# nodes 2.. joined to jq1. Quorum queues declared on it are replicated to every node.
#
#   scripts/cluster.sh start           start the nodes that are not running and join them; prints the AMQP nodes
#   scripts/cluster.sh stop            stop every node (their data stays, so a start brings the same cluster back)
#   scripts/cluster.sh status          which nodes run
#   scripts/cluster.sh kill N          SIGKILL node N (a crash, for fault tests)
#   scripts/cluster.sh start-node N    start node N again (it rejoins by itself)
#   scripts/cluster.sh reset           stop every node and delete its data
#
# JOBQUEUE_CLUSTER_NODES (default 3) and JOBQUEUE_CLUSTER_DIR (default /tmp/jobqueue-cluster) change the size and where
# the data lives. Processes reach it with RabbitMq:Nodes (run.sh: JOBQUEUE_RABBITMQ_NODES=3).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/broker.sh
PATH="$PATH:/usr/sbin"

count=${JOBQUEUE_CLUSTER_NODES:-3}
dir=${JOBQUEUE_CLUSTER_DIR:-/tmp/jobqueue-cluster}

node() { printf 'jq%s@localhost' "$1"; }

# jq_node_env N COMMAND...: runs COMMAND with node N's environment.
jq_node_env() {
  local i=$1
  shift
  mkdir -p "$dir/jq$i"
  # Debian's rabbitmq-server runs the node as the rabbitmq user when started as root: it must own the node's files.
  if [ "$(id -u)" = 0 ] && id rabbitmq >/dev/null 2>&1; then chown -R rabbitmq:rabbitmq "$dir"; fi
  RABBITMQ_NODENAME="$(node "$i")" RABBITMQ_NODE_PORT=$((5700 + i)) RABBITMQ_DIST_PORT=$((25700 + i)) \
    RABBITMQ_MNESIA_BASE="$dir/jq$i/mnesia" RABBITMQ_LOG_BASE="$dir/jq$i/log" RABBITMQ_PID_FILE="$dir/jq$i/pid" \
    RABBITMQ_SERVER_START_ARGS="-rabbitmq_management listener [{port,$((15700 + i))}]" \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-rabbit collect_statistics_interval 1000" "$@"
}

running() { rabbitmqctl -q -n "$(node "$1")" status >/dev/null 2>&1; }

start_node() {
  local i=$1 waited=0
  if running "$i"; then return 0; fi
  jq_log "starting $(node "$i") (AMQP $((5700 + i)), management $((15700 + i)))"
  jq_node_env "$i" rabbitmq-server -detached >/dev/null 2>&1 || true
  until rabbitmqctl -q -n "$(node "$i")" await_startup >/dev/null 2>&1; do
    waited=$((waited + 2))
    [ "$waited" -ge 120 ] && { jq_log "$(node "$i") did not start within 120 s; see $dir/jq$i/log"; return 1; }
    sleep 2
  done
}

join() {
  local i=$1
  if rabbitmqctl -q -n "$(node 1)" cluster_status --formatter json 2>/dev/null | grep -q "\"$(node "$i")\""; then return 0; fi
  jq_log "joining $(node "$i") to $(node 1)"
  rabbitmqctl -q -n "$(node "$i")" stop_app >/dev/null
  rabbitmqctl -q -n "$(node "$i")" join_cluster "$(node 1)" >/dev/null
  rabbitmqctl -q -n "$(node "$i")" start_app >/dev/null
}

nodes_list() { local i out=""; for i in $(seq 1 "$count"); do out="$out${out:+,}localhost:$((5700 + i))"; done; printf '%s\n' "$out"; }

case "${1:-}" in
  start)
    command -v rabbitmq-server >/dev/null 2>&1 || { jq_log "rabbitmq-server is not installed (Debian: apt-get install rabbitmq-server)"; exit 1; }
    rabbitmq-plugins --offline enable rabbitmq_management >/dev/null 2>&1 || true
    for i in $(seq 1 "$count"); do start_node "$i"; done
    for i in $(seq 2 "$count"); do join "$i"; done
    jq_log "cluster of $count node(s) running; AMQP nodes: $(nodes_list)"
    nodes_list
    ;;
  stop)
    for i in $(seq "$count" -1 1); do
      if running "$i"; then jq_log "stopping $(node "$i")"; rabbitmqctl -q -n "$(node "$i")" stop >/dev/null 2>&1 || true; fi
    done
    ;;
  status)
    for i in $(seq 1 "$count"); do
      if running "$i"; then echo "$(node "$i") running (AMQP $((5700 + i)))"; else echo "$(node "$i") stopped"; fi
    done
    ;;
  kill)
    i=${2:?which node}
    pid=$(cat "$dir/jq$i/pid" 2>/dev/null || true)
    [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null && jq_log "killed $(node "$i") (pid $pid)" || jq_log "$(node "$i") was not running"
    ;;
  start-node)
    start_node "${2:?which node}"
    ;;
  reset)
    "$0" stop
    rm -rf "$dir"
    ;;
  *)
    sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
