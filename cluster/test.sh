#!/usr/bin/env bash
# `npm run test:cluster`: brings the single-node test cluster up (cluster/cluster.sh up), runs the
# cluster tests (test/cluster/*.cluster.ts) against it, and always tears it down. Root is required.
# KEEP_CLUSTER=1 leaves it running for a look afterwards; extra arguments go to jest.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
[ "$(id -u)" -eq 0 ] || { echo "test:cluster: root is required (containers, network namespaces, mounts): run it with sudo" >&2; exit 1; }

started=$SECONDS
cleanup() {
  local rc=$?
  if [ "${KEEP_CLUSTER:-0}" = 1 ]; then
    echo "KEEP_CLUSTER=1: the cluster is still up; KUBECONFIG=$(cluster/cluster.sh kubeconfig); stop it with cluster/cluster.sh down" >&2
  else
    cluster/cluster.sh down || true
  fi
  echo "test:cluster: ${SECONDS}s in all" >&2
  exit "$rc"
}
trap cleanup EXIT
cluster/cluster.sh down >/dev/null 2>&1 || true
cluster/cluster.sh up
KUBECONFIG="$(cluster/cluster.sh kubeconfig)"
KUBECONFIG_OLDEST="$(cluster/cluster.sh kubeconfig-1.28)"
export KUBECONFIG KUBECONFIG_OLDEST
echo "test:cluster: cluster up after $((SECONDS - started))s" >&2
npx jest --config jest.cluster.config.js "$@"
