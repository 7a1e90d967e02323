#!/usr/bin/env bash
# End-to-end test of one synthesized platform environment on a throw-away kind cluster:
# creates the cluster, installs the operators the manifests need (pinned below), creates the
# Secrets they reference with random values, applies dist/<platform>/<env> wave by wave (the
# ArgoCD sync waves) and waits for every workload of a wave before the next, with the same sync
# module (cluster/lib/apply.ts) as the project's real-cluster tests. The cluster is
# deleted on exit, success or failure, unless KEEP_CLUSTER=1.
#
#   e2e/kind-e2e.sh <platform> [environment=dev]
#
# Environment: KEEP_CLUSTER=1 keeps the cluster; CLUSTER_NAME (default e2e-<platform>);
# MANIFESTS_DIR (default dist/<platform>/<env>); SKIP_FILES, file stems to leave out (globs,
# comma-separated, e.g. "svc-*,edge" when the application images are not pullable);
# E2E_SECRETS_DIR, a folder of <secret-name>.yaml Secret manifests used instead of random values;
# KIND_WORKERS (default 0); WAIT_TIMEOUT, per wave (default 900s); SYNC, the sync command
# (default: node lib/cluster/sync.js, built by `npm run build`); the *_VERSION pins below.
set -euo pipefail

# --- pinned versions ---------------------------------------------------------------------------
# kind node: a Kubernetes every operator below supports (the manifests target the 1.28 API).
KIND_NODE_IMAGE="${KIND_NODE_IMAGE:-kindest/node:v1.33.1}"
# Strimzi 0.50.x is the last line for Kubernetes 1.28 and serves kafka.strimzi.io/v1.
STRIMZI_VERSION="${STRIMZI_VERSION:-0.50.0}"
PROMETHEUS_OPERATOR_VERSION="${PROMETHEUS_OPERATOR_VERSION:-0.93.0}"
NACK_VERSION="${NACK_VERSION:-0.22.4}"
# the chart is versioned apart from NACK; its image is set to NACK_VERSION, its CRDs come from NACK's tag
NACK_CHART_VERSION="${NACK_CHART_VERSION:-0.36.0}"
ISTIO_VERSION="${ISTIO_VERSION:-1.30.3}"

STRIMZI_CHARTS="https://strimzi.io/charts/"
NATS_CHARTS="https://nats-io.github.io/k8s/helm/charts/"
ISTIO_CHARTS="https://istio-release.storage.googleapis.com/charts"
PROMETHEUS_CRDS_URL="https://github.com/prometheus-operator/prometheus-operator/releases/download/v${PROMETHEUS_OPERATOR_VERSION}/stripped-down-crds.yaml"
NACK_CRDS_URL="https://raw.githubusercontent.com/nats-io/nack/v${NACK_VERSION}/deploy/crds.yml"
# Labels Strimzi must not copy from the Kafka resources onto pods, Services and PVCs: its default
# (app.kubernetes.io/* except part-of) plus ArgoCD's, so ArgoCD never mistakes a PVC for its own.
STRIMZI_LABELS_EXCLUSION_PATTERN='^(app\.kubernetes\.io/(?!part-of).*|argocd\.argoproj\.io/.*)$'

WAIT_TIMEOUT="${WAIT_TIMEOUT:-900s}"
FIELD_MANAGER="kind-e2e"

# --- arguments ---------------------------------------------------------------------------------
usage() { echo "usage: $0 <platform> [environment=dev]" >&2; exit 2; }
[ $# -ge 1 ] && [ $# -le 2 ] || usage
PLATFORM="$1"
ENVIRONMENT="${2:-dev}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MANIFESTS_DIR="${MANIFESTS_DIR:-$ROOT/dist/$PLATFORM/$ENVIRONMENT}"
CLUSTER="${CLUSTER_NAME:-e2e-$PLATFORM}"
CLUSTER="${CLUSTER:0:40}"

STEP="start"
step() { STEP="$*"; printf '\n==> [%4ss] %s\n' "$SECONDS" "$*"; }
info() { printf '    %s\n' "$*"; }
fail() { printf 'error: %s\n' "$*" >&2; exit 2; }

# --- prerequisites -----------------------------------------------------------------------------
missing=()
for tool in docker kind kubectl helm node; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  fail "missing on PATH: ${missing[*]}. Install Docker (engine running), kind (https://kind.sigs.k8s.io), kubectl, Helm 3 and Node 20."
fi
docker info >/dev/null 2>&1 || fail "the Docker engine is not reachable (docker info failed); kind needs a running Docker"
SYNC="${SYNC:-node $ROOT/lib/cluster/sync.js}"
[ -f "$ROOT/lib/cluster/sync.js" ] || [ "$SYNC" != "node $ROOT/lib/cluster/sync.js" ] || fail "lib/cluster/sync.js is missing: run \`npm run build\` first"
[ -d "$MANIFESTS_DIR" ] || fail "no manifests at $MANIFESTS_DIR; run \`npm run synth\` first (or set MANIFESTS_DIR)"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/kind-e2e.XXXXXX")"
PLAN="$WORK/plan.txt"
node "$ROOT/e2e/plan.js" "$MANIFESTS_DIR" "--skip=${SKIP_FILES:-}" >"$PLAN" || { rm -rf "$WORK"; fail "could not read the manifests in $MANIFESTS_DIR"; }
plan() { awk -v kind="$1" '$1 == kind' "$PLAN"; }

existing="$(kind get clusters 2>/dev/null || true)"
if grep -qx "$CLUSTER" <<<"$existing"; then
  rm -rf "$WORK"
  fail "a kind cluster named $CLUSTER already exists; delete it (kind delete cluster --name $CLUSTER) or set CLUSTER_NAME"
fi

# --- cleanup, whatever happens from here on -----------------------------------------------------
CREATED=0
cleanup() {
  local rc=$?
  trap - EXIT
  if [ "$rc" -ne 0 ]; then
    printf '\nFAILED (exit %s) during: %s\n' "$rc" "$STEP" >&2
    if [ "$CREATED" = 1 ]; then
      for ns in $(plan namespace | awk '{print $2}'); do
        kubectl get pods -n "$ns" -o wide >&2 || true
        kubectl get events -n "$ns" --sort-by=.lastTimestamp >&2 || true
      done
    fi
  fi
  if [ "$CREATED" = 1 ]; then
    if [ "${KEEP_CLUSTER:-0}" = 1 ]; then
      printf '\nKEEP_CLUSTER=1: cluster %s kept; kubeconfig: %s (delete with: kind delete cluster --name %s)\n' "$CLUSTER" "$KUBECONFIG" "$CLUSTER"
    else
      printf '\n==> deleting kind cluster %s\n' "$CLUSTER"
      kind delete cluster --name "$CLUSTER" || true
    fi
  fi
  [ "${KEEP_CLUSTER:-0}" = 1 ] || rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "kind end-to-end: $PLATFORM/$ENVIRONMENT from $MANIFESTS_DIR"
echo "plan: $(plan operator | wc -l | tr -d ' ') operator(s), $(plan namespace | wc -l | tr -d ' ') namespace(s), $(plan secret | wc -l | tr -d ' ') referenced Secret(s)"
plan note | cut -d' ' -f2- | sed 's/^/note: /'

# --- cluster -----------------------------------------------------------------------------------
step "creating kind cluster $CLUSTER ($KIND_NODE_IMAGE)"
{
  echo "kind: Cluster"
  echo "apiVersion: kind.x-k8s.io/v1alpha4"
  echo "nodes:"
  echo "  - role: control-plane"
  for _ in $(seq 1 "${KIND_WORKERS:-0}"); do echo "  - role: worker"; done
} >"$WORK/kind.yaml"
export KUBECONFIG="$WORK/kubeconfig"
CREATED=1
kind create cluster --name "$CLUSTER" --image "$KIND_NODE_IMAGE" --config "$WORK/kind.yaml" --kubeconfig "$KUBECONFIG" --wait 180s

# --- operators ---------------------------------------------------------------------------------
install_strimzi() {
  cat >"$WORK/strimzi-values.yaml" <<EOF
watchAnyNamespace: true
labelsExclusionPattern: '$STRIMZI_LABELS_EXCLUSION_PATTERN'
extraEnvs:
  - name: STRIMZI_POD_SECURITY_PROVIDER_CLASS
    value: restricted
EOF
  helm upgrade --install strimzi strimzi-kafka-operator --repo "$STRIMZI_CHARTS" --version "$STRIMZI_VERSION" \
    --namespace strimzi --create-namespace -f "$WORK/strimzi-values.yaml" --wait --timeout 10m
}

install_prometheus_crds() {
  kubectl apply --server-side --field-manager="$FIELD_MANAGER" -f "$PROMETHEUS_CRDS_URL"
}

# No jetstream.nats.url: the chart then runs the controller with -crd-connect, so each Stream and
# Consumer is created on the servers its spec.servers names, as the platforms declare them.
install_nack() {
  kubectl apply --server-side --field-manager="$FIELD_MANAGER" -f "$NACK_CRDS_URL"
  helm upgrade --install nack nack --repo "$NATS_CHARTS" --version "$NACK_CHART_VERSION" \
    --namespace nack --create-namespace --skip-crds --set "jetstream.image.tag=$NACK_VERSION" --wait --timeout 5m
}

install_istio() {
  # restricted Pod Security forbids the NET_ADMIN init container, so traffic capture is set up by the Istio CNI node agent
  helm upgrade --install istio-base base --repo "$ISTIO_CHARTS" --version "$ISTIO_VERSION" --namespace istio-system --create-namespace --wait
  helm upgrade --install istio-cni cni --repo "$ISTIO_CHARTS" --version "$ISTIO_VERSION" --namespace istio-system --wait
  helm upgrade --install istiod istiod --repo "$ISTIO_CHARTS" --version "$ISTIO_VERSION" --namespace istio-system \
    --set pilot.cni.enabled=true --wait --timeout 10m
}

while read -r -u 3 _ name arg; do
  case "$name" in
    strimzi) step "installing Strimzi $STRIMZI_VERSION (labelsExclusionPattern, restricted pod security)"; install_strimzi ;;
    prometheus-crds) step "installing Prometheus Operator $PROMETHEUS_OPERATOR_VERSION CRDs"; install_prometheus_crds ;;
    nack) step "installing NACK $NACK_VERSION (-crd-connect)"; install_nack ;;
    istio) step "installing Istio $ISTIO_VERSION (base, CNI, istiod)"; install_istio ;;
    *) fail "unknown operator in the plan: $name" ;;
  esac
done 3< <(plan operator)

if [ -n "$(plan operator)" ]; then
  step "waiting for the operators' CRDs"
  kubectl wait --for=condition=Established crd --all --timeout=120s
fi

# --- namespaces and the Secrets the sync cannot make up ------------------------------------------
step "creating namespaces, the TLS Secrets and the Secrets from E2E_SECRETS_DIR"
for ns in $(plan namespace | awk '{print $2}'); do
  kubectl create namespace "$ns"
done
while read -r -u 3 _ ns name type _; do
  if [ -n "${E2E_SECRETS_DIR:-}" ] && [ -f "$E2E_SECRETS_DIR/$name.yaml" ]; then
    info "Secret $ns/$name: from $E2E_SECRETS_DIR/$name.yaml"
    kubectl apply --server-side --field-manager="$FIELD_MANAGER" -n "$ns" -f "$E2E_SECRETS_DIR/$name.yaml"
  elif [ "$type" = tls ]; then
    command -v openssl >/dev/null 2>&1 || fail "openssl is needed for the self-signed certificate of Secret $ns/$name"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$name.$ns.svc" \
      -keyout "$WORK/$name.key" -out "$WORK/$name.crt" >/dev/null 2>&1
    info "Secret $ns/$name: self-signed tls.crt/tls.key"
    kubectl create secret tls "$name" -n "$ns" --cert "$WORK/$name.crt" --key "$WORK/$name.key"
  fi
done 3< <(plan secret)

# --- waves: the same sync the project's cluster tests use -------------------------------------------
# Namespaces, the remaining referenced Secrets (RANDOM values: fine for a test cluster, never for a
# real one), then each ArgoCD sync wave with server-side apply, waiting for its workloads, Jobs and
# the custom resources of the operators installed above before the next.
operator_groups="$(plan operator | awk '$2 == "strimzi" { print "kafka.strimzi.io" } $2 == "nack" { print "jetstream.nats.io" }' | paste -sd, -)"
step "syncing $MANIFESTS_DIR wave by wave"
$SYNC --kubeconfig "$KUBECONFIG" --skip "${SKIP_FILES:-}" --operators "$operator_groups" \
  --timeout "${WAIT_TIMEOUT%s}" "$MANIFESTS_DIR"

step "done: every wave of $PLATFORM/$ENVIRONMENT applied and ready in ${SECONDS}s"
