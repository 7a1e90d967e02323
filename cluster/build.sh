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

key_of() { (cd "$BUILD/$1" && cat go.mod go.sum packages $(ls ./*.go 2>/dev/null) "$BUILD/../build.sh") | sha256sum | cut -c1-12; }

# Version stamps: the Kubernetes commands report the pinned release instead of v0.0.0-master.
ldflags_of() {
  local version
  case "$1" in
    kubernetes)
      version="$(cd "$BUILD/$1" && go list -m -f '{{.Version}}' k8s.io/kubernetes)"
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
  echo "building $name ($(cd "$BUILD/$name" && grep -vc '^$' packages) command(s)) into $out" >&2
  # one go build for all the commands of a module: they share most packages
  (cd "$BUILD/$name" && mapfile -t pkgs < packages && \
    go build -trimpath -ldflags "$(ldflags_of "$name")" -o "$out.tmp/" "${pkgs[@]}")
  # Kubernetes' pause container is C; its source ships in the k8s.io/kubernetes module
  if [ "$name" = kubernetes ]; then
    local src; src="$(cd "$BUILD/$name" && go list -m -f '{{.Dir}}' k8s.io/kubernetes)/build/pause/linux/pause.c"
    gcc -Os -Wall -Werror -static -DVERSION="v3.10-platform" -o "$out.tmp/pause" "$src"
  fi
  touch "$out.tmp/.complete"
  rm -rf "$out" && mv "$out.tmp" "$out"
  echo "built $name in $((SECONDS - started))s" >&2
  echo "$out"
}

names=("$@")
[ ${#names[@]} -gt 0 ] || mapfile -t names < <(ls "$BUILD")
for name in "${names[@]}"; do
  [ -f "$BUILD/$name/go.mod" ] || { echo "error: no module cluster/build/$name (have: $(ls "$BUILD" | tr '\n' ' '))" >&2; exit 2; }
  build_one "$name"
done
