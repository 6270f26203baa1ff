# Sourced by run.sh and test.sh: makes sure a RabbitMQ broker answers and exports JOBQUEUE_RABBITMQ.
# Order: JOBQUEUE_RABBITMQ if given; one answering on localhost:5672; a locally installed rabbitmq-server,
# started here; as root on Debian, rabbitmq-server installed with apt and started; else say what to do.
# Sets JOBQUEUE_STARTED_RABBITMQ=1 when it started the broker itself (so the caller can stop it).
# Then it applies the JobQueue broker policies (jq_apply_policies) to the broker's vhost.

jq_log() { printf '[jobqueue] %s\n' "$*" >&2; }

jq_port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

jq_start_local_rabbitmq() {
  # The management plugin serves the queue figures the dashboard shows; enabling it offline is idempotent.
  rabbitmq-plugins --offline enable rabbitmq_management >/dev/null 2>&1 || true
  jq_log "starting the local rabbitmq-server"
  # Queue figures every second, not every 5 s (the default statistics interval): the monitor pushes each second.
  RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-rabbit collect_statistics_interval 1000" rabbitmq-server -detached >/dev/null 2>&1 || true
  # await_startup fails at once until the node has registered, and only then waits: so ask again.
  local waited=0
  until rabbitmqctl await_startup >/dev/null 2>&1; do
    waited=$((waited + 2))
    if [ "$waited" -ge 120 ]; then
      jq_log "rabbitmq-server did not start within 120 s; see /var/log/rabbitmq/"
      return 1
    fi
    sleep 2
  done
  JOBQUEUE_STARTED_RABBITMQ=1
}

jq_ensure_rabbitmq() {
  JOBQUEUE_STARTED_RABBITMQ=0
  if [ -n "${JOBQUEUE_RABBITMQ:-}" ]; then
    jq_log "using RabbitMQ at JOBQUEUE_RABBITMQ"
  elif jq_port_open 127.0.0.1 5672; then
    jq_log "using the RabbitMQ answering on localhost:5672"
  elif command -v rabbitmq-server >/dev/null 2>&1 || [ -x /usr/sbin/rabbitmq-server ]; then
    PATH="$PATH:/usr/sbin"
    jq_start_local_rabbitmq || return 1
  elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    jq_log "installing rabbitmq-server with apt"
    apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q rabbitmq-server >/dev/null || {
      jq_log "apt-get install rabbitmq-server failed"; return 1; }
    PATH="$PATH:/usr/sbin"
    jq_start_local_rabbitmq || return 1
  else
    jq_log "no RabbitMQ found. Install one (Debian: sudo apt-get install rabbitmq-server),"
    jq_log "or start one with: docker compose up -d rabbitmq, or set JOBQUEUE_RABBITMQ=amqp://user:pass@host:5672/"
    return 1
  fi
  export JOBQUEUE_RABBITMQ="${JOBQUEUE_RABBITMQ:-amqp://guest:guest@localhost:5672/}"
  export JOBQUEUE_STARTED_RABBITMQ
  jq_apply_policies || jq_log "the broker policies were not applied; see above"
}

# jq_apply_policies [VHOST]: the policies JobQueue relies on, on VHOST (default: the one in JOBQUEUE_RABBITMQ).
#   jobqueue-delivery-limit: a job message delivered more than JOBQUEUE_DELIVERY_LIMIT times (default 10) without an
#   ack (its worker crashed or was killed each time) is dead-lettered with the reason delivery_limit instead of
#   crashing workers for ever. Quorum queues only (RabbitMq:QueueType Quorum, the default); classic queues ignore it.
# Through the management API (JOBQUEUE_RABBITMQ_MANAGEMENT, default the AMQP URI's host on port 15672, with its user);
# rabbitmqctl where that does not answer.
jq_apply_policies() {
  local uri="${JOBQUEUE_RABBITMQ:-amqp://guest:guest@localhost:5672/}"
  local limit="${JOBQUEUE_DELIVERY_LIMIT:-10}"
  case "$limit" in ''|*[!0-9]*) jq_log "JOBQUEUE_DELIVERY_LIMIT must be a whole number, not '$limit'"; return 1 ;; esac
  local rest="${uri#*://}" userinfo="guest:guest" hostport path vhost
  case "$rest" in *@*) userinfo="${rest%%@*}"; rest="${rest#*@}" ;; esac
  hostport="${rest%%/*}"
  path=""; case "$rest" in */*) path="${rest#*/}" ;; esac
  vhost="${1:-${path:-/}}"
  [ -z "$vhost" ] && vhost="/"
  local host="${hostport%%:*}" encoded management
  management="${JOBQUEUE_RABBITMQ_MANAGEMENT:-http://$host:15672/}"
  management="${management%/}"
  encoded=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(urllib.parse.unquote(sys.argv[1]), safe=""))' "$vhost")
  local body="{\"pattern\":\"^jobqueue\\\\.queue\\\\.\",\"definition\":{\"delivery-limit\":$limit},\"apply-to\":\"queues\",\"priority\":0}"
  if curl -fsS -o /dev/null -u "$(python3 -c 'import sys, urllib.parse; print(urllib.parse.unquote(sys.argv[1]))' "$userinfo")" \
      -H 'content-type: application/json' -X PUT -d "$body" "$management/api/policies/$encoded/jobqueue-delivery-limit" 2>/dev/null; then
    jq_log "policy jobqueue-delivery-limit ($limit deliveries) applied on vhost $vhost"
  elif command -v rabbitmqctl >/dev/null 2>&1 || [ -x /usr/sbin/rabbitmqctl ]; then
    PATH="$PATH:/usr/sbin" rabbitmqctl set_policy -p "$vhost" --apply-to queues jobqueue-delivery-limit '^jobqueue\.queue\.' \
      "{\"delivery-limit\":$limit}" >/dev/null && jq_log "policy jobqueue-delivery-limit ($limit deliveries) applied on vhost $vhost with rabbitmqctl"
  else
    jq_log "could not apply the policy jobqueue-delivery-limit: neither the management API nor rabbitmqctl answered"
    return 1
  fi
}

jq_stop_rabbitmq_if_started() {
  if [ "${JOBQUEUE_STARTED_RABBITMQ:-0}" = 1 ]; then
    jq_log "stopping the rabbitmq-server this script started"
    rabbitmqctl stop >/dev/null 2>&1 || true
  fi
}

# Installs a Debian package when its command is missing and we are root; otherwise says what to install.
jq_ensure_command() {
  local command=$1 package=$2
  command -v "$command" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    jq_log "installing $package with apt"
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$package"; } >/dev/null || return 1
  else
    jq_log "$command is missing: install the Debian package $package"
    return 1
  fi
}
