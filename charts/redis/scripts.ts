import { FILES, MOUNTS, REDIS_PORT, SENTINEL_PORT } from './names';

/**
 * POSIX sh scripts shipped in the ConfigMap. Everything they need comes from environment
 * variables (the pod spec sets them, partly through the downward API) and from paths that default
 * to the mount points, so a test harness can run them outside Kubernetes: it exports the same
 * variables (plus CONFIG_DIR, DATA_DIR, BIND_ADDRESS, LOCAL_ADDRESS) and makes the pod names
 * resolve to its own addresses. The shell text avoids brace expansions so it reads the same here
 * as in the ConfigMap.
 */

/** Environment variables every script reads; the pod spec sets them (see pod-env.ts). */
export const SCRIPT_ENV = {
  podName: 'POD_NAME',
  podNamespace: 'POD_NAMESPACE',
  podIp: 'POD_IP',
  headlessService: 'HEADLESS_SERVICE',
  sentinelService: 'SENTINEL_SERVICE',
  masterSet: 'MASTER_SET',
  redisStatefulSet: 'REDIS_STATEFULSET',
  redisReplicas: 'REDIS_REPLICAS',
  sentinelStatefulSet: 'SENTINEL_STATEFULSET',
  sentinelReplicas: 'SENTINEL_REPLICAS',
  redisPort: 'REDIS_PORT',
  sentinelPort: 'SENTINEL_PORT',
  password: 'REDIS_PASSWORD',
  cliPassword: 'REDISCLI_AUTH',
} as const;

export const COMMON_SH = String.raw`# Helpers shared by the Redis and Sentinel scripts (POSIX sh, sourced by them).

# config files hold the password: readable by this user only
umask 077

log() { printf '%s [%s] %s\n' "$(date -u '+%Y-%m-%dT%H:%M:%SZ')" "$SCRIPT" "$*" >&2; }
die() { log "FATAL: $*"; exit 1; }

# require NAME...: stop unless every named environment variable is set and not empty
require() {
  for name in "$@"; do
    eval "value=\$$name"
    [ -n "$value" ] || die "environment variable $name is not set"
  done
}

require POD_NAME POD_NAMESPACE HEADLESS_SERVICE SENTINEL_SERVICE MASTER_SET REDIS_STATEFULSET SENTINEL_STATEFULSET SENTINEL_REPLICAS
[ -n "$CLUSTER_DOMAIN" ] || CLUSTER_DOMAIN=cluster.local
[ -n "$REDIS_PORT" ] || REDIS_PORT=${REDIS_PORT}
[ -n "$SENTINEL_PORT" ] || SENTINEL_PORT=${SENTINEL_PORT}
[ -n "$DATA_DIR" ] || DATA_DIR=${MOUNTS.data}
[ -n "$BIND_ADDRESS" ] || BIND_ADDRESS='* -::*'
[ -n "$LOCAL_ADDRESS" ] || LOCAL_ADDRESS=127.0.0.1
[ -n "$CLI_TIMEOUT_SECONDS" ] || CLI_TIMEOUT_SECONDS=3

# pod_host POD: the stable name of a pod under the headless Service
pod_host() { printf '%s.%s.%s.svc.%s' "$1" "$HEADLESS_SERVICE" "$POD_NAMESPACE" "$CLUSTER_DOMAIN"; }

MY_HOST=$(pod_host "$POD_NAME")
ORDINAL=$(printf '%s' "$POD_NAME" | sed 's/.*-//')
SENTINEL_SERVICE_HOST="$SENTINEL_SERVICE.$POD_NAMESPACE.svc.$CLUSTER_DOMAIN"
NEWLINE='
'
CR=$(printf '\r')

cli() { timeout "$CLI_TIMEOUT_SECONDS" redis-cli "$@" 2>/dev/null; }
# local_cli ARGS: redis-cli against this pod's own data server
local_cli() { cli -h "$LOCAL_ADDRESS" -p "$REDIS_PORT" "$@"; }

# The one password (requirepass, masterauth, sentinel auth) from the Secret: an env variable,
# or a mounted file named by REDIS_PASSWORD_FILE. redis-cli reads it from REDISCLI_AUTH.
load_password() {
  if [ -n "$REDIS_PASSWORD_FILE" ]; then
    [ -r "$REDIS_PASSWORD_FILE" ] || die "cannot read REDIS_PASSWORD_FILE ($REDIS_PASSWORD_FILE)"
    REDIS_PASSWORD=$(cat "$REDIS_PASSWORD_FILE")
  fi
  [ -n "$REDIS_PASSWORD" ] || die "no password: set REDIS_PASSWORD from the password Secret (or REDIS_PASSWORD_FILE)"
  case "$REDIS_PASSWORD" in
    *"$NEWLINE"*|*"$CR"*) die "the password contains a line break; store it in the Secret without one" ;;
  esac
  REDISCLI_AUTH=$REDIS_PASSWORD
  export REDISCLI_AUTH
}

# line TEXT: prints TEXT as is (echo would interpret backslashes in a password)
line() { printf '%s\n' "$*"; }

# conf_quote VALUE: VALUE as a double-quoted Redis config string
conf_quote() { printf '"%s"' "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')"; }

is_host() { case "$1" in ''|*[!A-Za-z0-9.:-]*) return 1 ;; esac; }
is_port() { case "$1" in ''|*[!0-9]*) return 1 ;; esac; }

# render TEMPLATE: the template with its @NAME@ placeholders filled in
render() {
  for value in "$BIND_ADDRESS" "$DATA_DIR" "$MY_HOST" "$MASTER_HOST" "$MASTER_PORT" "$REDIS_PORT" "$SENTINEL_PORT"; do
    case "$value" in *'|'*|*'&'*|*'\'*) die "'$value' contains | & or \\ and cannot go into a config file" ;; esac
  done
  sed -e "s|@BIND_ADDRESS@|$BIND_ADDRESS|g" -e "s|@REDIS_PORT@|$REDIS_PORT|g" \
    -e "s|@SENTINEL_PORT@|$SENTINEL_PORT|g" -e "s|@DATA_DIR@|$DATA_DIR|g" \
    -e "s|@ANNOUNCE_HOST@|$MY_HOST|g" -e "s|@MASTER_HOST@|$MASTER_HOST|g" \
    -e "s|@MASTER_PORT@|$MASTER_PORT|g" "$1"
}

# sentinel_hosts: the stable name of every sentinel pod, one a line
sentinel_hosts() {
  i=0
  while [ "$i" -lt "$SENTINEL_REPLICAS" ]; do
    pod_host "$SENTINEL_STATEFULSET-$i"
    echo
    i=$((i + 1))
  done
}

# ask_sentinel HOST: "host port" of the master that sentinel names; fails when it names none
ask_sentinel() {
  reply=$(cli -h "$1" -p "$SENTINEL_PORT" --raw SENTINEL get-master-addr-by-name "$MASTER_SET") || return 1
  answer_host=$(printf '%s\n' "$reply" | sed -n 1p)
  answer_port=$(printf '%s\n' "$reply" | sed -n 2p)
  is_host "$answer_host" && is_port "$answer_port" || return 1
  printf '%s %s\n' "$answer_host" "$answer_port"
}

# sentinels_master [EXCLUDE_HOST]: what the sentinels say the master is.
# The sentinel Service is asked first, then every sentinel pod by name (except EXCLUDE_HOST), so
# a sentinel that missed a failover is outvoted instead of trusted. Returns 0 with MASTER_HOST and
# MASTER_PORT set when every answering sentinel names the same master; 1 when none answers;
# 2 when they disagree, with MASTER_HOST/MASTER_PORT set to the answer of a strict majority of
# the answering sentinels, or empty when there is none.
sentinels_master() {
  MASTER_HOST=''
  MASTER_PORT=''
  via_service=$(ask_sentinel "$SENTINEL_SERVICE_HOST")
  answers=''
  for host in $(sentinel_hosts); do
    [ "$host" = "$1" ] && continue
    answer=$(ask_sentinel "$host") && answers="$answers$answer$NEWLINE"
  done
  # the Service reaches one of the pods; count it only when no pod answered by name
  [ -n "$answers" ] || answers=$via_service
  [ -n "$answers" ] || return 1
  total=$(printf '%s' "$answers" | grep -c .)
  top=$(printf '%s' "$answers" | grep . | sort | uniq -c | sort -rn | head -n 1)
  top_count=$(echo "$top" | awk '{ print $1 }')
  if [ $((top_count * 2)) -gt "$total" ]; then
    MASTER_HOST=$(echo "$top" | awk '{ print $2 }')
    MASTER_PORT=$(echo "$top" | awk '{ print $3 }')
  fi
  [ "$top_count" -eq "$total" ] && return 0
  log "sentinels disagree on the master of $MASTER_SET: $(printf '%s' "$answers" | tr '\n' ';')"
  return 2
}
`;

export const START_REDIS_SH = String.raw`#!/bin/sh
# Starts a Redis data pod as master or replica, never as a second master:
#  1. ask the sentinels (their Service, then each sentinel pod) for the current master, waiting
#     up to SENTINEL_WAIT_SECONDS for them to answer; if they name this pod it is the master,
#     otherwise it replicates the master they name;
#  2. if no sentinel answers: replicate a data pod that reports itself master; else replicate the
#     master this pod last replicated (recorded in the live redis.conf by CONFIG REWRITE), because
#     its data may be older than that master's; else, a pod whose live redis.conf has no replicaof
#     line was the master when it stopped and starts as master again (after a full restart the
#     others replicate it, so there is one master without waiting for the sentinels); else, on a
#     fresh cluster, only pod 0 starts as master and every other pod replicates pod 0.
# The template is completed with the announced hostname, the password and the replicaof line.
# A master the sentinels named starts with writes paused until a majority of them reach it (see
# fence_writes): a pod replaced under the same name (new address) may not be seen by them in time.
SCRIPT=start-redis
[ -n "$CONFIG_DIR" ] || CONFIG_DIR=${MOUNTS.config}
. "$CONFIG_DIR/${FILES.common}"
require REDIS_REPLICAS
[ -n "$SENTINEL_WAIT_SECONDS" ] || SENTINEL_WAIT_SECONDS=60
[ -n "$FENCE_SECONDS" ] || FENCE_SECONDS=30
load_password
LIVE_CONF="$DATA_DIR/redis.conf"


# sentinel_view HOST: "ip port flags last-ok-ping-reply" of the master that sentinel monitors
# ("-" for a master it never had a PING answered from)
sentinel_view() {
  cli -h "$1" -p "$SENTINEL_PORT" --raw SENTINEL master "$MASTER_SET" | tr -d '\r' | awk '
    NR % 2 == 1 { key = $0; next }
    { v[key] = $0 }
    END {
      if (v["ip"] == "") exit 1
      print v["ip"], v["port"], v["flags"], (v["last-ok-ping-reply"] == "" ? "-" : v["last-ok-ping-reply"])
    }'
}

# is_me HOST: HOST names this pod (its stable hostname, or its IP where that is reported)
is_me() { [ "$1" = "$MY_HOST" ] || { [ -n "$POD_IP" ] && [ "$1" = "$POD_IP" ]; }; }

# sentinel_views: the view of every sentinel pod that answers, one a line, with "me" or "other" in
# front (whether the master it names is this pod) and the sentinel's host last; the Service's
# when no pod answers by name, its host "-" (which sentinel answered is not known)
sentinel_views() {
  views=''
  for host in $(sentinel_hosts); do
    view=$(sentinel_view "$host") && views="$views$view $host$NEWLINE"
  done
  [ -n "$views" ] || views=$(sentinel_view "$SENTINEL_SERVICE_HOST" | sed 's/$/ -/')
  printf '%s\n' "$views" | while read -r view_host rest; do
    [ -n "$view_host" ] || continue
    if is_me "$view_host"; then echo "me $view_host $rest"; else echo "other $view_host $rest"; fi
  done
}

# follow_new_master VIEWS: when a majority of the sentinels name another master (they failed over
# from the pod this one replaced), become its replica and lift the pause. Sentinel would do the
# same, but the pause holds its PUBLISH and with it the REPLICAOF it queues behind on that link.
follow_new_master() {
  top=$(printf '%s\n' "$1" | awk '$1 == "other" { print $2, $3 }' | sort | uniq -c | sort -rn | head -n 1)
  count=$(echo "$top" | awk '{ print $1 + 0 }')
  [ $((count * 2)) -gt "$SENTINEL_REPLICAS" ] || return 1
  new_host=$(echo "$top" | awk '{ print $2 }')
  new_port=$(echo "$top" | awk '{ print $3 }')
  is_host "$new_host" && is_port "$new_port" || return 1
  case "$(local_cli REPLICAOF "$new_host" "$new_port")" in
    OK*) ;;
    *) log "fence: REPLICAOF $new_host $new_port failed; writes stay paused"; return 1 ;;
  esac
  # a restart must find the replicaof line (recorded_master), not start as master again
  [ "$(local_cli CONFIG REWRITE)" = OK ] || log "fence: CONFIG REWRITE failed; the replicaof line is not persisted"
  local_cli CLIENT UNPAUSE >/dev/null
  log "fence: $count of $SENTINEL_REPLICAS sentinels name $new_host:$new_port the master; now its replica, pause lifted"
}

# linked_sentinels VIEWS: how many sentinels name this pod the master, flag it healthy (no s_down,
# o_down or failover in progress) and have their command link to this server: CLIENT LIST names
# it sentinel-<the first 8 characters of the sentinel's id>-cmd. A sentinel linked here pings
# this server, not the address of the pod this one replaced, and its first reply from it clears
# an s_down of the old address. The age of its last PING reply cannot tell: the pause holds the
# sentinel's PUBLISH on that link, and every PING queued behind it, so a paused master looks
# down to the sentinels within down-after-milliseconds. Hence the look at once, not after a wait.
linked_sentinels() {
  links=$(local_cli CLIENT LIST | tr ' ' '\n' | sed -n 's/^name=sentinel-\([0-9a-f]*\)-cmd$/\1/p')
  n=0
  for sentinel in $(printf '%s\n' "$1" | awk '$1 == "me" && $4 == "master" && $6 != "" && $6 != "-" { print $6 }'); do
    id=$(cli -h "$sentinel" -p "$SENTINEL_PORT" --raw SENTINEL MYID | cut -c1-8)
    [ -n "$id" ] && printf '%s\n' "$links" | grep -qx "$id" && n=$((n + 1))
  done
  echo "$n"
}

# fence_writes (in the background, next to the server): pause writes once the server answers, and
# lift the pause when a majority of the sentinels are linked to this server (linked_sentinels),
# or when they demote it (or name another master: see follow_new_master), or after FENCE_SECONDS.
# Sentinels still pinging the address of the pod this one replaced would otherwise fail over from
# a master that already acknowledged writes, and those writes are lost when it becomes a replica
# of the promoted one. The pause must end within the sentinels' down-after-milliseconds: longer,
# and they fail over from this master because of it.
fence_writes() {
  fence_deadline=$(($(date +%s) + FENCE_SECONDS))
  until [ "$(local_cli PING)" = PONG ]; do
    [ "$(date +%s)" -ge "$fence_deadline" ] && { log "fence: the server did not answer in $FENCE_SECONDS s"; return; }
    sleep 0.2
  done
  [ "$(local_cli CLIENT PAUSE $((FENCE_SECONDS * 1000)) WRITE)" = OK ] || { log "fence: CLIENT PAUSE failed: writes are not fenced"; return; }
  log "fence: writes paused until a majority of the sentinels reach this master"
  while [ "$(date +%s)" -lt "$fence_deadline" ]; do
    if [ "$(local_cli --raw ROLE | sed -n 1p)" != master ]; then
      local_cli CLIENT UNPAUSE >/dev/null
      log "fence: demoted by the sentinels; pause lifted"
      return
    fi
    views=$(sentinel_views)
    follow_new_master "$views" && return
    reached=$(linked_sentinels "$views")
    if [ $((reached * 2)) -gt "$SENTINEL_REPLICAS" ]; then
      local_cli CLIENT UNPAUSE >/dev/null
      log "fence: $reached of $SENTINEL_REPLICAS sentinels reach this master; writes resume"
      return
    fi
    sleep 0.5
  done
  local_cli CLIENT UNPAUSE >/dev/null
  log "fence: no majority of the sentinels confirmed this master in $FENCE_SECONDS s; writes resume"
}

# failing_over: a sentinel reports this master objectively down or a failover in progress (this
# pod stopped without handing over): starting as master now would make a second one. Every
# sentinel is asked: only the leader of a failover flags it in progress.
failing_over() {
  sentinel_views | awk '$1 == "me" && ($4 ~ /o_down/ || $4 ~ /failover_in_progress/) { found = 1 } END { exit !found }'
}

# wait_for_sentinels: 0 with MASTER_HOST/MASTER_PORT set, 1 when no sentinel answered in time
wait_for_sentinels() {
  deadline=$(($(date +%s) + SENTINEL_WAIT_SECONDS))
  while :; do
    sentinels_master
    status=$?
    if [ "$status" -eq 0 ] && [ "$MASTER_HOST" = "$MY_HOST" ] && failing_over && [ "$(date +%s)" -lt "$deadline" ]; then
      log "the sentinels are failing over from this pod: waiting for the new master"
      sleep 2
      continue
    fi
    [ "$status" -eq 0 ] && return 0
    if [ "$(date +%s)" -ge "$deadline" ]; then
      [ "$status" -eq 1 ] && return 1
      [ -n "$MASTER_HOST" ] && return 0
      die "the sentinels still disagree on the master of $MASTER_SET and none has a majority; not guessing (a wrong guess makes two masters)"
    fi
    sleep 2
  done
}

# peer_master: a data pod other than this one that reports role master
peer_master() {
  i=0
  while [ "$i" -lt "$REDIS_REPLICAS" ]; do
    host=$(pod_host "$REDIS_STATEFULSET-$i")
    i=$((i + 1))
    [ "$host" = "$MY_HOST" ] && continue
    role=$(cli -h "$host" -p "$REDIS_PORT" --raw ROLE | sed -n 1p)
    if [ "$role" = master ]; then
      MASTER_HOST=$host
      MASTER_PORT=$REDIS_PORT
      return 0
    fi
  done
  return 1
}

# recorded_master FILE: the replicaof line this pod's previous configuration ended with
recorded_master() {
  [ -f "$1" ] || return 1
  found=$(awk 'tolower($1) == "replicaof" || tolower($1) == "slaveof" { gsub(/"/, ""); h = $2; p = $3 } END { if (h != "") print h, p }' "$1")
  host=$(echo "$found" | awk '{ print $1 }')
  port=$(echo "$found" | awk '{ print $2 }')
  is_host "$host" && is_port "$port" && [ "$host" != "$MY_HOST" ] || return 1
  MASTER_HOST=$host
  MASTER_PORT=$port
}

# was_master FILE: this pod ran before (FILE exists) and was the master when it stopped
was_master() {
  [ -f "$1" ] || return 1
  ! awk 'tolower($1) == "replicaof" || tolower($1) == "slaveof" { found = 1 } END { exit !found }' "$1"
}

if wait_for_sentinels; then
  if is_me "$MASTER_HOST"; then
    ROLE=master
    FENCE=yes
    REASON="the sentinels name this pod the master of $MASTER_SET"
  else
    ROLE=replica
    REASON="the sentinels name $MASTER_HOST:$MASTER_PORT the master of $MASTER_SET"
  fi
elif peer_master; then
  ROLE=replica
  REASON="no sentinel answered; $MASTER_HOST reports itself master"
elif recorded_master "$LIVE_CONF"; then
  ROLE=replica
  REASON="no sentinel answered and no pod is master; this pod last replicated $MASTER_HOST:$MASTER_PORT and must not promote itself"
elif was_master "$LIVE_CONF"; then
  ROLE=master
  REASON="no sentinel answered and no pod is master; this pod was the master when it stopped"
elif [ "$ORDINAL" = 0 ]; then
  ROLE=master
  REASON="no sentinel knows a master and no pod is master: pod 0 bootstraps as the first master"
else
  ROLE=replica
  MASTER_HOST=$(pod_host "$REDIS_STATEFULSET-0")
  MASTER_PORT=$REDIS_PORT
  REASON="no sentinel knows a master and no pod is master: replicating pod 0, the first master"
fi
log "starting as $ROLE: $REASON"

mkdir -p "$DATA_DIR" || die "cannot create $DATA_DIR"
tmp="$LIVE_CONF.tmp"
render "$CONFIG_DIR/${FILES.redisConf}" > "$tmp" || die "cannot write $tmp"
grep -q '@[A-Z_]*@' "$tmp" && die "unfilled placeholder in $tmp"
{
  line
  line '# Added by start-redis.sh'
  line "replica-announce-ip $MY_HOST"
  line "replica-announce-port $REDIS_PORT"
  line "requirepass $(conf_quote "$REDIS_PASSWORD")"
  line "masterauth $(conf_quote "$REDIS_PASSWORD")"
  if [ "$ROLE" = replica ]; then line "replicaof $MASTER_HOST $MASTER_PORT"; fi
} >> "$tmp" || die "cannot write $tmp"
chmod 600 "$tmp" && mv "$tmp" "$LIVE_CONF" || die "cannot install $LIVE_CONF"
# the fence outlives this shell: it runs beside the server that replaces it
if [ "$FENCE" = yes ] && [ "$FENCE_SECONDS" -gt 0 ]; then fence_writes & fi
exec redis-server "$LIVE_CONF"
`;

export const START_SENTINEL_SH = String.raw`#!/bin/sh
# Starts a sentinel monitoring the current master:
#  1. the master the other sentinels name (they may have seen failovers while this one was down);
#  2. else the master in this sentinel's persisted sentinel.conf (on its volume);
#  3. else pod 0 of the data StatefulSet, the first master of a fresh cluster.
# The persisted identity, epochs and known replicas/sentinels are carried over, so a restarted
# sentinel rejoins as itself and never resets the group's configuration epoch.
SCRIPT=start-sentinel
[ -n "$CONFIG_DIR" ] || CONFIG_DIR=${MOUNTS.config}
. "$CONFIG_DIR/${FILES.common}"
load_password
LIVE_CONF="$DATA_DIR/sentinel.conf"

# persisted_master FILE: the monitor line Sentinel last wrote for this master set
persisted_master() {
  [ -f "$1" ] || return 1
  found=$(awk -v set="$MASTER_SET" 'tolower($1) == "sentinel" && tolower($2) == "monitor" && $3 == set { print $4, $5 }' "$1")
  host=$(echo "$found" | awk '{ print $1 }')
  port=$(echo "$found" | awk '{ print $2 }')
  is_host "$host" && is_port "$port" || return 1
  MASTER_HOST=$host
  MASTER_PORT=$port
}

# persisted_state FILE: runtime state lines to keep (never the master's own address as a replica)
persisted_state() {
  [ -f "$1" ] || return 0
  awk -v set="$MASTER_SET" -v mhost="$MASTER_HOST" -v mport="$MASTER_PORT" '
    tolower($1) != "sentinel" { next }
    tolower($2) == "myid" || tolower($2) == "current-epoch" { print; next }
    $3 != set { next }
    tolower($2) == "config-epoch" || tolower($2) == "leader-epoch" || tolower($2) == "known-sentinel" { print; next }
    tolower($2) == "known-replica" && !($4 == mhost && $5 == mport) { print }
  ' "$1"
}

if sentinels_master "$MY_HOST" || [ -n "$MASTER_HOST" ]; then
  REASON="the other sentinels name $MASTER_HOST:$MASTER_PORT"
elif persisted_master "$LIVE_CONF"; then
  REASON="no other sentinel answered; this sentinel's persisted state names $MASTER_HOST:$MASTER_PORT"
else
  MASTER_HOST=$(pod_host "$REDIS_STATEFULSET-0")
  MASTER_PORT=$REDIS_PORT
  REASON="no sentinel knows a master yet: monitoring pod 0, the first master"
fi
log "monitoring $MASTER_SET at $MASTER_HOST:$MASTER_PORT: $REASON"

mkdir -p "$DATA_DIR" || die "cannot create $DATA_DIR"
tmp="$LIVE_CONF.tmp"
render "$CONFIG_DIR/${FILES.sentinelConf}" > "$tmp" || die "cannot write $tmp"
grep -q '@[A-Z_]*@' "$tmp" && die "unfilled placeholder in $tmp"
{
  line
  line '# Added by start-sentinel.sh'
  line "sentinel auth-pass $MASTER_SET $(conf_quote "$REDIS_PASSWORD")"
  line "sentinel sentinel-pass $(conf_quote "$REDIS_PASSWORD")"
  line "requirepass $(conf_quote "$REDIS_PASSWORD")"
  persisted_state "$LIVE_CONF"
} >> "$tmp" || die "cannot write $tmp"
chmod 600 "$tmp" && mv "$tmp" "$LIVE_CONF" || die "cannot install $LIVE_CONF"
exec redis-sentinel "$LIVE_CONF"
`;

export const PRESTOP_REDIS_SH = String.raw`#!/bin/sh
# preStop of a data pod. If this pod is the master the sentinels know, hand the role over without
# losing an acknowledged write:
#  1. pause writes (CLIENT PAUSE WRITE): clients keep their connections, reads go on, a write waits
#     and is never acknowledged by this pod again (it is refused once this pod is a replica, or
#     dropped with the connection when it stops);
#  2. wait until every replica has acknowledged the whole replication stream (its offset in INFO
#     replication equals master_repl_offset), so the replica Sentinel promotes has every write;
#  3. ask a sentinel for a failover, again every second while they refuse, and wait until a
#     majority of the sentinels name another master, so clients that ask Sentinel find the new one.
# The pause outlasts the wait (PAUSE_SECONDS), so this pod never takes a write again. Always exits
# 0: a failed handover must not block shutdown; when no sentinel accepts within
# PRESTOP_WAIT_SECONDS, the pause is lifted and Sentinel fails over on its own once this pod is gone.
SCRIPT=prestop-redis
[ -n "$CONFIG_DIR" ] || CONFIG_DIR=${MOUNTS.config}
. "$CONFIG_DIR/${FILES.common}"
# the kubelet keeps a hook's output only when it fails: log to the container's own stderr
[ -w /proc/1/fd/2 ] && exec 2>>/proc/1/fd/2
[ -n "$PRESTOP_WAIT_SECONDS" ] || PRESTOP_WAIT_SECONDS=25
[ -n "$CATCH_UP_SECONDS" ] || CATCH_UP_SECONDS=5
[ -n "$PAUSE_SECONDS" ] || PAUSE_SECONDS=$((PRESTOP_WAIT_SECONDS + CATCH_UP_SECONDS + 30))
load_password

local_role() { local_cli --raw ROLE | sed -n 1p; }

# caught_up: every connected replica is online and has acknowledged every byte of the
# replication stream, so whichever one Sentinel promotes (it ranks them by offsets it read up to
# 10 s ago) has every acknowledged write
caught_up() {
  info=$(local_cli INFO replication | tr -d '\r')
  offset=$(printf '%s\n' "$info" | sed -n 's/^master_repl_offset://p')
  [ -n "$offset" ] || return 1
  lines=$(printf '%s\n' "$info" | grep '^slave[0-9]*:')
  [ -n "$lines" ] || return 1
  behind=$(printf '%s\n' "$lines" | grep -v "state=online,offset=$offset," | grep -c .)
  [ "$behind" -eq 0 ]
}

# majority_moved: a majority of the sentinel pods name a master other than this pod
majority_moved() {
  moved=0
  for host in $(sentinel_hosts); do
    answer=$(ask_sentinel "$host") || continue
    [ "$(echo "$answer" | awk '{ print $1 }')" = "$MY_HOST" ] || moved=$((moved + 1))
  done
  [ $((moved * 2)) -gt "$SENTINEL_REPLICAS" ]
}

role=$(local_role)
[ "$role" = master ] || { log "role '$role': nothing to hand over"; exit 0; }
replicas=$(local_cli INFO replication | tr -d '\r' | sed -n 's/^connected_slaves://p')
[ "$replicas" -gt 0 ] 2>/dev/null || { log "master without connected replicas: no failover possible"; exit 0; }
# a failover demotes whichever pod the sentinels think is master: make sure it is this one
if ! sentinels_master || [ "$MASTER_HOST" != "$MY_HOST" ]; then
  log "the sentinels do not name this pod the master ('$MASTER_HOST'): not asking for a failover"
  exit 0
fi

reply=$(local_cli CLIENT PAUSE $((PAUSE_SECONDS * 1000)) WRITE)
[ "$reply" = OK ] || log "CLIENT PAUSE WRITE failed ('$reply'): handing over without pausing writes"
deadline=$(($(date +%s) + CATCH_UP_SECONDS))
until caught_up; do
  if [ "$(date +%s)" -ge "$deadline" ]; then log "not every replica caught up in $CATCH_UP_SECONDS s; Sentinel picks the most recent one"; break; fi
  sleep 0.2
done

# a sentinel may refuse for a while (a replica it still marks down after its own restart, a
# failover in progress): writes stay paused and the request is repeated until the deadline, since
# stopping as master without a handover is an unplanned failover that loses the paused writes
deadline=$(($(date +%s) + PRESTOP_WAIT_SECONDS))
accepted=''
while [ -z "$accepted" ]; do
  for host in "$SENTINEL_SERVICE_HOST" $(sentinel_hosts); do
    reply=$(cli -h "$host" -p "$SENTINEL_PORT" SENTINEL failover "$MASTER_SET")
    if [ "$reply" = OK ]; then
      accepted=$host
      break
    fi
    log "sentinel $host did not start a failover: '$reply'"
  done
  [ -n "$accepted" ] && break
  if [ "$(date +%s)" -ge "$deadline" ]; then
    log "no sentinel started a failover in $PRESTOP_WAIT_SECONDS s: writes resume here until this pod stops"
    local_cli CLIENT UNPAUSE >/dev/null
    exit 0
  fi
  sleep 1
done
log "failover of $MASTER_SET started by $accepted; waiting until $PRESTOP_WAIT_SECONDS s after the first request for a majority of the sentinels to name the new master"

while [ "$(date +%s)" -lt "$deadline" ]; do
  if majority_moved; then
    log "a majority of the sentinels name a new master; writes stay paused here until this pod stops"
    exit 0
  fi
  sleep 0.5
done
log "no majority names a new master $PRESTOP_WAIT_SECONDS s after the first request; stopping with writes paused"
exit 0
`;

/** ConfigMap entries that are scripts, by file name. */
export const SCRIPTS: Record<string, string> = {
  [FILES.common]: COMMON_SH,
  [FILES.startRedis]: START_REDIS_SH,
  [FILES.startSentinel]: START_SENTINEL_SH,
  [FILES.prestopRedis]: PRESTOP_REDIS_SH,
};
