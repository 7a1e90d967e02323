#!/usr/bin/env bash
# Builds container images locally (no registry is reachable) and, with --import, imports them
# into the test node's containerd under exactly the reference the manifests name.
#
#   cluster/images/build.sh [--import <containerd socket>] <set|recipe>...
#
# A recipe (cluster/images/recipes/<name>.sh) sets REF (the image reference), USER_ID, ENTRYPOINT
# (a JSON array), optionally CMD, WORKDIR, ENV (KEY=VALUE lines), and defines rootfs DIR, which
# fills the image's root file system: with upstream programs from cluster/build.sh, or from
# Debian's packages through mmdebstrap. A set (cluster/images/sets/<name>) lists recipes.
# Images are cached as docker archives under .cache/cluster/images/, keyed by a hash of the
# recipe, so an image is rebuilt only when its recipe (or a pin it reads: KEY_INPUTS, modules under
# cluster/build; KEY_FILES, files under cluster/images it sources) changes.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CACHE="${CLUSTER_CACHE:-$ROOT/.cache/cluster}/images"

SOCKET=""
if [ "${1:-}" = "--import" ]; then SOCKET="$2"; shift 2; fi
[ $# -gt 0 ] || { echo "usage: $0 [--import <containerd socket>] <set|recipe>..." >&2; exit 2; }

recipes=()
for arg in "$@"; do
  if [ -f "$HERE/sets/$arg" ]; then mapfile -t -O "${#recipes[@]}" recipes < <(grep -v '^#' "$HERE/sets/$arg" | grep .)
  elif [ -f "$HERE/recipes/$arg.sh" ]; then recipes+=("$arg")
  else echo "error: no image set or recipe named '$arg' (sets: $(ls "$HERE/sets" | tr '\n' ' '); recipes: $(ls "$HERE/recipes" | sed 's/\.sh$//' | tr '\n' ' '))" >&2; exit 2
  fi
done

# binary NAME: the folder cluster/build.sh built the module NAME into
binary() { "$ROOT/cluster/build.sh" "$1" | tail -n1; }

# debian_rootfs DIR PACKAGES...: a minimal Debian ($SUITE, default bookworm) with the packages,
# apt's lists and caches removed. $USERS ("name:uid:gid:home" words) are created before the
# packages install, so their maintainer scripts find the upstream image's ids already taken.
debian_rootfs() {
  local dir="$1"; shift
  local include; include="$(IFS=,; echo "$*")"
  local hooks=() user name uid gid home
  for user in ${USERS:-}; do
    IFS=: read -r name uid gid home <<<"$user"
    # the essential set has no useradd yet: write the entries the way it would
    hooks+=(--essential-hook="echo '$name:x:$gid:' >>\"\$1/etc/group\" && echo '$name:x:$uid:$gid::$home:/bin/sh' >>\"\$1/etc/passwd\" && mkdir -p \"\$1$home\" && chown $uid:$gid \"\$1$home\"")
  done
  mmdebstrap --quiet --variant=minbase --include="$include" "${hooks[@]}" \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' \
    "${SUITE:-bookworm}" "$dir" >&2
}

# busybox_rootfs DIR: Debian's static BusyBox with its applets under /bin, /tmp, /etc/passwd
busybox_rootfs() {
  mkdir -p "$1/bin" "$1/usr/local/bin" "$1/tmp" "$1/etc" && chmod 1777 "$1/tmp"
  install -m 0755 /bin/busybox "$1/bin/busybox"
  local applet
  for applet in $("$1/bin/busybox" --list); do [ -e "$1/bin/$applet" ] || ln -s busybox "$1/bin/$applet"; done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$1/etc/passwd"
  printf 'root:x:0:\nnobody:x:65534:\n' >"$1/etc/group"
}

build_image() {
  local recipe="$1"
  (
    REF="" USER_ID="0" ENTRYPOINT="" CMD="" WORKDIR="/" ENV="" KEY_INPUTS="" KEY_FILES=""
    # shellcheck disable=SC1090
    . "$HERE/recipes/$recipe.sh"
    [ -n "$REF" ] || { echo "error: recipe $recipe sets no REF" >&2; exit 1; }
    # the pins a recipe reads (a module under cluster/build) are part of its key
    local key archive module
    key="$( (cat "$HERE/recipes/$recipe.sh" "$HERE/build.sh"
             for module in $KEY_INPUTS; do cat "$ROOT/cluster/build/$module/go.mod" "$ROOT/cluster/build/$module/go.sum"; done
             for file in $KEY_FILES; do cat "$HERE/$file"; done) | sha256sum | cut -c1-12)"
    archive="$CACHE/$recipe-$key.tar"
    if [ ! -f "$archive" ]; then
      local started=$SECONDS work
      mkdir -p "$CACHE"
      work="$(mktemp -d "$CACHE/.build-$recipe.XXXXXX")"
      # an interrupted mmdebstrap can leave /proc, /sys or /dev mounted in the root file system:
      # unmount whatever is under the work folder, and never let rm cross into another file system
      trap 'for m in $(awk -v w="$work" "index(\$2, w) == 1 {print \$2}" /proc/mounts | sort -r); do umount -l "$m" 2>/dev/null; done; rm -rf --one-file-system "$work"' EXIT
      echo "image $REF: building ($recipe)" >&2
      mkdir -p "$work/rootfs"
      rootfs "$work/rootfs"
      umoci init --layout "$work/oci" >/dev/null
      umoci new --image "$work/oci:image" >/dev/null
      umoci unpack --image "$work/oci:image" "$work/bundle" >/dev/null
      cp -a "$work/rootfs/." "$work/bundle/rootfs/"
      umoci repack --image "$work/oci:image" "$work/bundle" >/dev/null
      local args=(--config.user "$USER_ID" --config.workingdir "$WORKDIR" --architecture amd64 --os linux)
      local word
      if [ -n "$ENTRYPOINT" ]; then while read -r word; do args+=(--config.entrypoint "$word"); done < <(python3 -c 'import json,sys; [print(w) for w in json.loads(sys.argv[1])]' "$ENTRYPOINT"); fi
      if [ -n "$CMD" ]; then while read -r word; do args+=(--config.cmd "$word"); done < <(python3 -c 'import json,sys; [print(w) for w in json.loads(sys.argv[1])]' "$CMD"); fi
      grep -q '^PATH=' <<<"$ENV" || args+=(--config.env "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
      while read -r word; do [ -z "$word" ] || args+=(--config.env "$word"); done <<<"$ENV"
      umoci config --image "$work/oci:image" "${args[@]}" >/dev/null
      skopeo copy --quiet "oci:$work/oci:image" "docker-archive:$work/image.tar:$REF" >/dev/null
      mv "$work/image.tar" "$archive"
      echo "image $REF: built in $((SECONDS - started))s, $(du -m "$archive" | cut -f1) MiB" >&2
    fi
    if [ -n "$SOCKET" ]; then
      ctr --address "$SOCKET" -n k8s.io images import "$archive" >/dev/null
      echo "image $REF: imported" >&2
    fi
  )
}

for recipe in "${recipes[@]}"; do build_image "$recipe"; done
