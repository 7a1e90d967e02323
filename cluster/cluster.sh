#!/usr/bin/env bash
# A single-node Kubernetes cluster from the binaries cluster/build.sh makes, for the cluster tests
# and for trying a platform by hand. Needs root (containers, network, mounts).
#
#   cluster/cluster.sh up            etcd, control plane (Pod Security admission on), containerd +
#                                    CNI, kubelet, kube-proxy, the locally built images, the pinned
#                                    CRDs, CoreDNS, local-path storage, NACK; idempotent
#   cluster/cluster.sh down          stops everything and removes the cluster's state; idempotent
#   cluster/cluster.sh status        what runs
#   cluster/cluster.sh kubeconfig    prints the admin kubeconfig's path (kubeconfig-1.28: the
#                                    second API server, v1.28, for dry-runs only)
#   cluster/cluster.sh --help        this help
#
# Example: sudo cluster/cluster.sh up && export KUBECONFIG=$(cluster/cluster.sh kubeconfig)
#
# A failed `up` tears down what it started. Logs: $CLUSTER_STATE/logs/<component>.log.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HERE="$ROOT/cluster"
# shellcheck source=cluster/config.sh
. "$HERE/config.sh"

usage() {
  sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 0
}

# one line for a bad command line, pointing at --help (exit 2, as the other commands)
usage_error() {
  echo "cluster: $*; see \`cluster/cluster.sh --help\`" >&2
  exit 2
}

log() { printf '[%5ss] %s\n' "$SECONDS" "$*" >&2; }
die() { printf 'cluster: %s\n' "$*" >&2; exit 1; }

need_root() {
  [ "$(id -u)" -eq 0 ] || die "root is required (containers, network namespaces, mounts): run it with sudo"
}

need_tools() {
  local missing=()
  for tool in containerd runc ctr iptables ip openssl conntrack umoci skopeo mmdebstrap setcap; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  [ -x /usr/lib/cni/bridge ] || missing+=("/usr/lib/cni/bridge")
  [ ${#missing[@]} -eq 0 ] || die "missing: ${missing[*]}; install with: apt-get install -y containerd runc containernetworking-plugins iptables iproute2 openssl conntrack umoci skopeo mmdebstrap busybox-static libcap2-bin"
}

pid_alive() { [ -f "$STATE/pids/$1" ] && kill -0 "$(cat "$STATE/pids/$1")" 2>/dev/null; }

# start NAME CMD...: runs CMD in its own session, logs to logs/NAME.log, remembers its pid
start() {
  local name="$1"; shift
  if pid_alive "$name"; then return; fi
  mkdir -p "$STATE/logs" "$STATE/pids"
  setsid "$@" >>"$STATE/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$STATE/pids/$name"
}

# wait_for WHAT SECONDS CMD...: polls CMD until it succeeds
wait_for() {
  local what="$1" limit="$2"; shift 2
  local deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      local name
      for name in $(ls "$STATE/pids" 2>/dev/null); do pid_alive "$name" || log "$name is not running; last lines of its log:" && tail -n 15 "$STATE/logs/$name.log" >&2 2>/dev/null || true; done
      die "timed out after ${limit}s waiting for $what"
    fi
    sleep 0.5
  done
}

kubectl_() { "$K8S_BIN/kubectl" --kubeconfig "$STATE/pki/admin.kubeconfig" "$@"; }

# --- binaries -------------------------------------------------------------------------------------
binaries() {
  K8S_BIN="$("$HERE/build.sh" kubernetes | tail -n1)"
  ETCD_BIN="$("$HERE/build.sh" etcd | tail -n1)"
  K8S_OLDEST_BIN="$("$HERE/build.sh" kubernetes-1.28 | tail -n1)"
  PROMETHEUS_OPERATOR_BIN="$("$HERE/build.sh" prometheus-operator | tail -n1)"
  export K8S_BIN ETCD_BIN K8S_OLDEST_BIN PROMETHEUS_OPERATOR_BIN
}

# --- host networking ----------------------------------------------------------------------------
host_network() {
  if command -v modprobe >/dev/null; then modprobe br_netfilter 2>/dev/null || true; modprobe overlay 2>/dev/null || true; fi
  sysctl -qw net.ipv4.ip_forward=1
  [ -e /proc/sys/net/bridge/bridge-nf-call-iptables ] && sysctl -qw net.bridge.bridge-nf-call-iptables=1
  # the node's address lives on an interface of its own (a bridge with no ports: these kernels
  # have no dummy driver): pods reach the API server through it, and nothing of the cluster
  # listens on the machine's own interfaces
  ip link show "$NODE_LINK" >/dev/null 2>&1 || ip link add "$NODE_LINK" type bridge
  ip addr show dev "$NODE_LINK" | grep -q "$NODE_IP/32" || ip addr add "$NODE_IP/32" dev "$NODE_LINK"
  ip link set "$NODE_LINK" up
}

# --- certificates ---------------------------------------------------------------------------------
# cert NAME CN ORG [SANS]: a key and a certificate signed by the cluster CA
cert() {
  local name="$1" cn="$2" org="$3" sans="${4:-}" dir="$STATE/pki"
  [ -f "$dir/$name.crt" ] && return
  local ext="$dir/$name.ext"
  { echo "basicConstraints=CA:FALSE"; echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=serverAuth,clientAuth"; [ -z "$sans" ] || echo "subjectAltName=$sans"; } >"$ext"
  local subj="/CN=$cn"; [ -z "$org" ] || subj="/O=$org$subj"
  openssl req -new -newkey rsa:2048 -nodes -keyout "$dir/$name.key" -subj "$subj" -out "$dir/$name.csr" 2>/dev/null
  openssl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
    -days 30 -extfile "$ext" -out "$dir/$name.crt" 2>/dev/null
  rm -f "$dir/$name.csr" "$ext"
}

kubeconfig() {
  local name="$1" dir="$STATE/pki"
  cat >"$dir/$name.kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
  - name: $CLUSTER_NAME
    cluster: {server: "https://$NODE_IP:6443", certificate-authority: $dir/ca.crt}
users:
  - name: $name
    user: {client-certificate: $dir/$name.crt, client-key: $dir/$name.key}
contexts:
  - name: $CLUSTER_NAME
    context: {cluster: $CLUSTER_NAME, user: $name}
current-context: $CLUSTER_NAME
EOF
}

pki() {
  local dir="$STATE/pki"
  mkdir -p "$dir" && chmod 700 "$dir"
  if [ ! -f "$dir/ca.crt" ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/ca.key" -out "$dir/ca.crt" \
      -days 30 -subj "/CN=$CLUSTER_NAME-ca" 2>/dev/null
    openssl genrsa -out "$dir/sa.key" 2048 2>/dev/null
    openssl rsa -in "$dir/sa.key" -pubout -out "$dir/sa.pub" 2>/dev/null
  fi
  cert apiserver kube-apiserver "" "DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,DNS:localhost,IP:$API_SERVICE_IP,IP:$NODE_IP,IP:127.0.0.1"
  cert apiserver-kubelet-client kube-apiserver-kubelet-client system:masters
  cert admin cluster-admin system:masters
  cert controller-manager system:kube-controller-manager ""
  cert scheduler system:kube-scheduler ""
  cert kube-proxy system:kube-proxy ""
  cert kubelet "system:node:$NODE_NAME" system:nodes "DNS:$NODE_NAME,IP:$NODE_IP"
  local name
  for name in admin controller-manager scheduler kube-proxy kubelet; do kubeconfig "$name"; done
}

# --- control plane --------------------------------------------------------------------------------
control_plane() {
  local pki="$STATE/pki"
  start etcd "$ETCD_BIN/etcd" --name "$NODE_NAME" --data-dir "$STATE/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "$NODE_NAME=http://127.0.0.1:$ETCD_PEER_PORT" --listen-metrics-urls "http://127.0.0.1:$ETCD_METRICS_PORT" \
    --quota-backend-bytes 4294967296 --unsafe-no-fsync
  wait_for "etcd" 30 curl -fsS "http://127.0.0.1:$ETCD_METRICS_PORT/health"

  start kube-apiserver "$K8S_BIN/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
    --bind-address "$NODE_IP" --advertise-address "$NODE_IP" --secure-port 6443 \
    --service-cluster-ip-range "$SERVICE_CIDR" --service-node-port-range 30000-32767 \
    --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" \
    --client-ca-file "$pki/ca.crt" \
    --kubelet-client-certificate "$pki/apiserver-kubelet-client.crt" --kubelet-client-key "$pki/apiserver-kubelet-client.key" \
    --kubelet-preferred-address-types InternalIP \
    --service-account-issuer "https://kubernetes.default.svc.cluster.local" \
    --service-account-key-file "$pki/sa.pub" --service-account-signing-key-file "$pki/sa.key" \
    --authorization-mode Node,RBAC --enable-admission-plugins NodeRestriction \
    --allow-privileged=true --profiling=false --v=1
  wait_for "kube-apiserver" 90 kubectl_ get --raw /readyz

  # the oldest Kubernetes the manifests target, for server-side dry-runs only: its own port and
  # etcd prefix, no controllers and no nodes behind it
  start kube-apiserver-1.28 "$K8S_OLDEST_BIN/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$ETCD_PORT" --etcd-prefix /registry-1.28 \
    --bind-address "$NODE_IP" --advertise-address "$NODE_IP" --secure-port "$OLDEST_API_PORT" \
    --service-cluster-ip-range "$SERVICE_CIDR" \
    --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" --client-ca-file "$pki/ca.crt" \
    --service-account-issuer "https://kubernetes.default.svc.cluster.local" \
    --service-account-key-file "$pki/sa.pub" --service-account-signing-key-file "$pki/sa.key" \
    --authorization-mode RBAC --profiling=false --v=1
  sed -e "s|:6443|:$OLDEST_API_PORT|" "$pki/admin.kubeconfig" >"$pki/admin-1.28.kubeconfig"
  wait_for "kube-apiserver 1.28" 90 "$K8S_BIN/kubectl" --kubeconfig "$pki/admin-1.28.kubeconfig" get --raw /readyz

  start kube-controller-manager "$K8S_BIN/kube-controller-manager" \
    --kubeconfig "$pki/controller-manager.kubeconfig" \
    --authentication-kubeconfig "$pki/controller-manager.kubeconfig" --authorization-kubeconfig "$pki/controller-manager.kubeconfig" \
    --bind-address 127.0.0.1 --leader-elect=false --use-service-account-credentials \
    --service-account-private-key-file "$pki/sa.key" --root-ca-file "$pki/ca.crt" \
    --cluster-signing-cert-file "$pki/ca.crt" --cluster-signing-key-file "$pki/ca.key" \
    --service-cluster-ip-range "$SERVICE_CIDR" --controllers '*,bootstrapsigner,tokencleaner' --v=1
  start kube-scheduler "$K8S_BIN/kube-scheduler" --kubeconfig "$pki/scheduler.kubeconfig" \
    --authentication-kubeconfig "$pki/scheduler.kubeconfig" --authorization-kubeconfig "$pki/scheduler.kubeconfig" \
    --bind-address 127.0.0.1 --leader-elect=false --v=1
  wait_for "the controller manager and the scheduler" 60 \
    bash -c "curl -fsSk https://127.0.0.1:10257/healthz && curl -fsSk https://127.0.0.1:10259/healthz"
}

# --- node -----------------------------------------------------------------------------------------
containerd_() {
  mkdir -p "$STATE/containerd" "$RUN_DIR" "$STATE/cni/net.d"
  sed -e "s|@STATE@|$STATE|g" -e "s|@RUN@|$RUN_DIR|g" -e "s|@PAUSE_IMAGE@|$PAUSE_IMAGE|g" \
    "$HERE/node/containerd.toml" >"$STATE/containerd/config.toml"
  sed -e "s|@POD_CIDR@|$POD_CIDR|g" "$HERE/node/cni.conflist" >"$STATE/cni/net.d/10-platform.conflist"
  start containerd containerd --config "$STATE/containerd/config.toml"
  wait_for "containerd" 30 ctr --address "$RUN_DIR/containerd.sock" version
}

kubelet_() {
  local pki="$STATE/pki"
  mkdir -p "$STATE/kubelet"
  sed -e "s|@STATE@|$STATE|g" -e "s|@RUN@|$RUN_DIR|g" -e "s|@DNS_IP@|$DNS_SERVICE_IP|g" -e "s|@PKI@|$pki|g" \
    "$HERE/node/kubelet.yaml" >"$STATE/kubelet/config.yaml"
  start kubelet "$K8S_BIN/kubelet" --config "$STATE/kubelet/config.yaml" \
    --kubeconfig "$pki/kubelet.kubeconfig" --root-dir "$STATE/kubelet" \
    --hostname-override "$NODE_NAME" --node-ip "$NODE_IP" --v=1
  sed -e "s|@PKI@|$pki|g" -e "s|@POD_CIDR@|$POD_CIDR|g" -e "s|@NODE@|$NODE_NAME|g" \
    "$HERE/node/kube-proxy.yaml" >"$STATE/kube-proxy.yaml"
  start kube-proxy "$K8S_BIN/kube-proxy" --config "$STATE/kube-proxy.yaml" --v=1
  wait_for "the node to be Ready" 120 \
    bash -c "[ \"\$($K8S_BIN/kubectl --kubeconfig $pki/admin.kubeconfig get node $NODE_NAME -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].status}')\" = True ]"
}

images() {
  "$HERE/images/build.sh" --import "$RUN_DIR/containerd.sock" base platform addons
}

# the CRDs the project pins (npm run setup caches them), plus the Prometheus Operator's other
# CRDs (Prometheus, Probe, ScrapeConfig, ...) from its module at the pinned version: the
# operators below serve them
crds() {
  local cache="$ROOT/.cache/schemas/crds"
  [ -d "$cache" ] || die "no pinned CRDs in $cache: run \`npm run setup\` first"
  { find "$cache" -name '*.y*ml' | sort; ls "$PROMETHEUS_OPERATOR_BIN"/crds/*.yaml; } | while read -r file; do
    kubectl_ apply --server-side --field-manager cluster-addons -f "$file" >/dev/null
  done
  kubectl_ wait --for condition=Established crd --all --timeout 60s >/dev/null
}

addons() {
  local file
  crds
  for file in "$HERE"/addons/*.yaml; do
    sed -e "s|@DNS_IP@|$DNS_SERVICE_IP|g" -e "s|@STATE@|$STATE|g" "$file" | kubectl_ apply --server-side --field-manager cluster-addons -f - >/dev/null
  done
  kubectl_ -n kube-system rollout status deployment/coredns --timeout 120s >/dev/null
  kubectl_ -n local-path-storage rollout status deployment/local-path-provisioner --timeout 120s >/dev/null
  kubectl_ -n nack rollout status deployment/jetstream-controller --timeout 120s >/dev/null
  kubectl_ -n monitoring rollout status deployment/prometheus-operator --timeout 120s >/dev/null
  # the operator makes Prometheus' StatefulSet
  wait_for "the Prometheus StatefulSet" 120 kubectl_ -n monitoring get statefulset prometheus-platform
  kubectl_ -n monitoring rollout status statefulset/prometheus-platform --timeout 180s >/dev/null
}

# a failed `up` shows what went wrong, then cleans up (unless KEEP_FAILED=1, to look around)
up_failed() {
  log "up failed (exit $1)"
  if [ -f "$STATE/pki/admin.kubeconfig" ] && pid_alive kube-apiserver; then
    kubectl_ get pods -A -o wide >&2 2>/dev/null || true
    kubectl_ get events -A --sort-by=.lastTimestamp 2>/dev/null | tail -n 20 >&2 || true
  fi
  if [ "${KEEP_FAILED:-0}" = 1 ]; then log "KEEP_FAILED=1: left running; cluster/cluster.sh down cleans up"; return; fi
  log "tearing down"
  down_ || true
}

up() {
  need_root; need_tools
  local started=$SECONDS
  trap 'rc=$?; if [ $rc -ne 0 ]; then up_failed "$rc"; fi' EXIT
  binaries
  log "binaries: $K8S_BIN, $K8S_OLDEST_BIN, $ETCD_BIN"
  host_network; pki
  control_plane; log "control plane ready"
  containerd_; images; log "containerd ready, base images imported"
  kubelet_; log "node $NODE_NAME Ready"
  addons; log "CRDs, CoreDNS, local-path storage, NACK and Prometheus ready"
  trap - EXIT
  log "cluster up in $((SECONDS - started))s; kubeconfig: $STATE/pki/admin.kubeconfig"
}

# --- teardown -------------------------------------------------------------------------------------
stop() {
  local name="$1" pid
  [ -f "$STATE/pids/$name" ] || return 0
  pid="$(cat "$STATE/pids/$name")"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$STATE/pids/$name"
}

down_() {
  # the kubelet first, so nothing restarts the containers the runtime is about to remove
  stop kube-proxy; stop kubelet
  if [ -S "$RUN_DIR/containerd.sock" ]; then
    local ctr=(ctr --address "$RUN_DIR/containerd.sock" -n k8s.io) task
    for task in $("${ctr[@]}" tasks ls -q 2>/dev/null); do "${ctr[@]}" tasks kill -s KILL "$task" >/dev/null 2>&1 || true; done
    sleep 1
    for task in $("${ctr[@]}" tasks ls -q 2>/dev/null); do "${ctr[@]}" tasks rm -f "$task" >/dev/null 2>&1 || true; done
  fi
  stop containerd
  stop kube-scheduler; stop kube-controller-manager; stop kube-apiserver-1.28; stop kube-apiserver; stop etcd
  # a process whose pid file is gone (an `up` interrupted between start and record) still holds
  # its port: anything still running from the cluster's binaries goes too
  pkill -KILL -f "^${CLUSTER_CACHE:-$ROOT/.cache/cluster}/bin/" 2>/dev/null || true
  # pod network namespaces, the bridge and the Service rules the node left behind
  local ns
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep '^cni-' || true); do ip netns delete "$ns" 2>/dev/null || true; done
  ip link delete "$CNI_BRIDGE" 2>/dev/null || true
  ip link delete "$NODE_LINK" 2>/dev/null || true
  # kube-proxy removes its own Service rules; the CNI config masquerades nothing, so adds none
  [ -z "${K8S_BIN:-}" ] || "$K8S_BIN/kube-proxy" --cleanup >/dev/null 2>&1 || true
  # mounts under the state folder (pod volumes, containerd's snapshots), deepest first
  local mnt
  for mnt in $(awk -v s="$STATE" -v r="$RUN_DIR" '$2 ~ "^"s || $2 ~ "^"r {print $2}' /proc/mounts | sort -r); do
    umount -l "$mnt" 2>/dev/null || true
  done
  rm -rf "$RUN_DIR"
  # nothing survives: the next cluster starts from a fresh etcd and re-imports the images
  rm -rf "$STATE"
}

down() {
  need_root
  K8S_BIN="$("$HERE/build.sh" --cached kubernetes)"
  down_; log "cluster down"
}

status() {
  local name
  for name in etcd kube-apiserver kube-apiserver-1.28 kube-controller-manager kube-scheduler containerd kubelet kube-proxy; do
    if pid_alive "$name"; then echo "$name: running (pid $(cat "$STATE/pids/$name"))"; else echo "$name: stopped"; fi
  done
}

case "${1:-}" in
  -h|--help|help) usage ;;
esac
[ $# -ge 1 ] || usage_error "a command is required: up, down, status or kubeconfig"
[ $# -eq 1 ] || usage_error "unexpected argument \"$2\" after $1"
case "$1" in
  up) up ;;
  down) down ;;
  status) status ;;
  kubeconfig) echo "$STATE/pki/admin.kubeconfig" ;;
  kubeconfig-1.28) echo "$STATE/pki/admin-1.28.kubeconfig" ;;
  *) usage_error "unknown command \"$1\"" ;;
esac
