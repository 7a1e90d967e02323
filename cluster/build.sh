#!/usr/bin/env bash
# Builds the cluster's programs from upstream source through the Go module proxy, each at the
# version pinned by its module under cluster/build/<name>/ (go.mod + go.sum, the packages file
# lists the commands). Output: .cache/cluster/bin/<name>-<key>/, where the key is a hash of the
# module's files, so a binary is rebuilt only when its pin changes. Prints the folder of each.
#
#   cluster/build.sh [name...]     (default: every module under cluster/build)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$ROOT/cluster/build"
CACHE="${CLUSTER_CACHE:-$ROOT/.cache/cluster}"
export CGO_ENABLED=0 GOFLAGS=-mod=readonly

key_of() { (cd "$BUILD/$1" && cat go.mod go.sum packages $(ls ./*.go 2>/dev/null)) | sha256sum | cut -c1-12; }

# Version stamps: the Kubernetes commands report the pinned release instead of v0.0.0-master.
ldflags_of() {
  local version
  case "$1" in
    kubernetes*|kubectl)
      if [ "$1" = kubectl ]; then
        version="$(cd "$BUILD/$1" && go list -m -f '{{.Version}}' k8s.io/kubectl)"; version="v1.${version#v0.}"
      else
        version="$(cd "$BUILD/$1" && go list -m -f '{{.Version}}' k8s.io/kubernetes)"
      fi
      local minor="${version#v1.}"; minor="${minor%%.*}"
      local pkg
      for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
        printf -- '-X %s.gitVersion=%s -X %s.gitMajor=1 -X %s.gitMinor=%s -X %s.gitTreeState=clean ' "$pkg" "$version" "$pkg" "$pkg" "$minor" "$pkg"
      done ;;
  esac
  printf -- '-s -w'
}

build_one() {
  local name="$1" out
  out="$CACHE/bin/$name-$(key_of "$name")"
  if [ -f "$out/.complete" ]; then echo "$out"; return; fi
  rm -rf "$out.tmp" && mkdir -p "$out.tmp"
  local started=$SECONDS
  echo "building $name ($(grep -vc '^$' "$BUILD/$name/packages") command(s)) into $out" >&2
  # a packages line is "<package> [<binary name>]"; without names, one go build makes them all
  # (they share most packages) and names each binary after its package
  local pkg bin
  if awk 'NF > 1 { found = 1 } END { exit !found }' "$BUILD/$name/packages"; then
    while read -r pkg bin; do
      [ -n "$pkg" ] || continue
      (cd "$BUILD/$name" && go build -trimpath -ldflags "$(ldflags_of "$name")" -o "$out.tmp/${bin:-$(basename "$pkg")}" "$pkg")
    done <"$BUILD/$name/packages"
  else
    (cd "$BUILD/$name" && mapfile -t pkgs < packages && \
      go build -trimpath -ldflags "$(ldflags_of "$name")" -o "$out.tmp/" "${pkgs[@]}")
  fi
  # Kubernetes' pause container is C; its source ships in the k8s.io/kubernetes module
  if [ "$name" = kubernetes ]; then
    local src; src="$(cd "$BUILD/$name" && go list -m -f '{{.Dir}}' k8s.io/kubernetes)/build/pause/linux/pause.c"
    gcc -Os -Wall -Werror -static -DVERSION="v3.10-platform" -o "$out.tmp/pause" "$src"
  fi
  # the operator watches more CRDs than dist/ uses (crds/sources.json pins the monitors and rules):
  # the others come from its module at the pinned version
  if [ "$name" = prometheus-operator ]; then
    local dir crd; dir="$(cd "$BUILD/$name" && go list -m -f '{{.Dir}}' github.com/prometheus-operator/prometheus-operator)"
    mkdir -p "$out.tmp/crds"
    for crd in "$dir"/example/prometheus-operator-crd/*.yaml; do
      case "$crd" in *_podmonitors.yaml|*_servicemonitors.yaml|*_prometheusrules.yaml) ;; *) cp "$crd" "$out.tmp/crds/" ;; esac
    done
  fi
  touch "$out.tmp/.complete"
  rm -rf "$out" && mv "$out.tmp" "$out"
  # builds of older pins of this module are of no further use (exactly <name>-<key>: kubernetes
  # must not match kubernetes-1.28)
  find "$CACHE/bin" -maxdepth 1 -name "$name-????????????" ! -path "$out" -exec rm -rf {} +
  echo "built $name in $((SECONDS - started))s" >&2
  echo "$out"
}

# --cached NAME: the folder of NAME's current build if there is one (prints nothing otherwise)
if [ "${1:-}" = "--cached" ]; then
  out="$CACHE/bin/$2-$(key_of "$2")"
  [ ! -f "$out/.complete" ] || echo "$out"
  exit 0
fi

names=("$@")
[ ${#names[@]} -gt 0 ] || mapfile -t names < <(ls "$BUILD")
for name in "${names[@]}"; do
  [ -f "$BUILD/$name/go.mod" ] || { echo "error: no module cluster/build/$name (have: $(ls "$BUILD" | tr '\n' ' '))" >&2; exit 2; }
  build_one "$name"
done
