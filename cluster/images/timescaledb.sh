# TimescaleDB for the PostgreSQL 15 image, sourced by recipes (functions only).
#
# Debian bookworm packages no TimescaleDB, and trixie only for PostgreSQL 17; so this builds
# Debian's source package (already stripped of the Timescale-licensed tsl/ tree: "+dfsg") for
# PostgreSQL 15 with APACHE_ONLY, like Spilo's Apache-only flavour, with the host's compiler and
# headers. The suite's signed InRelease vouches for its Sources index, which vouches for the
# .dsc and tarballs, so nothing fetched over plain http is trusted unchecked. Downloads and the
# build output are cached under ${CLUSTER_CACHE:-<repo>/.cache/cluster}/src/ (git-ignored).
#
#   TIMESCALEDB_SUITE   the Debian suite whose source package is built (default trixie)

# timescaledb_install ROOTFS: build (or reuse) TimescaleDB for ROOTFS's PostgreSQL 15 and copy
# the extension's libraries and SQL files into ROOTFS
timescaledb_install() (
  set -euo pipefail
  local rootfs="$1" pg=15 suite="${TIMESCALEDB_SUITE:-trixie}"
  local mirror="http://deb.debian.org/debian" keyring="/usr/share/keyrings/debian-archive-keyring.gpg"
  local root; root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  local src="${CLUSTER_CACHE:-$root/.cache/cluster}/src" started=$SECONDS
  mkdir -p "$src"
  _timescaledb_need curl gpgv xz-utils debian-archive-keyring

  # The index: InRelease is small, so it is fetched every time to learn the suite's current
  # version; the 10 MB Sources.xz only when InRelease names another checksum. Offline, the
  # cached copies still verify and name what was built before.
  local inrelease="$src/$suite-InRelease" sources="$src/$suite-Sources.xz" sum
  if ! _timescaledb_fetch "$mirror/dists/$suite/InRelease" "$inrelease"; then
    [ -f "$inrelease" ] || { echo "error: cannot fetch $suite's InRelease" >&2; exit 1; }
    echo "timescaledb: warning: $suite's InRelease unreachable, using the cached one" >&2
  fi
  sum="$(gpgv --keyring "$keyring" --output - "$inrelease" 2>/dev/null \
    | awk 'length($1) == 64 && $3 == "main/source/Sources.xz" { print $1 }')"
  [ -n "$sum" ] || { echo "error: $inrelease: bad signature or no main/source/Sources.xz" >&2; exit 1; }
  if ! _timescaledb_sha256_ok "$sum" "$sources"; then
    _timescaledb_fetch "$mirror/dists/$suite/main/source/Sources.xz" "$sources"
    _timescaledb_sha256_ok "$sum" "$sources" || { echo "error: $sources: sha256 is not $suite's" >&2; exit 1; }
  fi

  # The source package's stanza: its version, pool directory and file checksums
  local stanza version dir files
  stanza="$(xz -dc "$sources" | awk -v RS= '/^Package: timescaledb\n/')"
  version="$(sed -n 's/^Version: //p' <<<"$stanza")"
  dir="$(sed -n 's/^Directory: //p' <<<"$stanza")"
  files="$(awk '/^Checksums-Sha256:/ { f = 1; next } /^[^ ]/ { f = 0 } f { print $1, $3 }' <<<"$stanza")"
  if [ -z "$version" ] || [ "$(wc -l <<<"$version")" != 1 ] || [ -z "$files" ]; then
    echo "error: no single source package timescaledb in $suite's Sources" >&2; exit 1
  fi

  # The build is keyed by the full Debian version, so a new Debian revision (a patch) rebuilds
  local dest="$src/timescaledb-$version-pg$pg"
  if [ -f "$dest/.built" ]; then
    echo "timescaledb $version: cached build for $(cat "$dest/.built")" >&2
  else
    local sha name dsc=""
    while read -r sha name; do
      if ! _timescaledb_sha256_ok "$sha" "$src/$name"; then
        _timescaledb_fetch "$mirror/$dir/$name" "$src/$name"
        _timescaledb_sha256_ok "$sha" "$src/$name" || { echo "error: $name: sha256 is not $sha" >&2; exit 1; }
      fi
      case "$name" in *.dsc) dsc="$src/$name" ;; esac
    done <<<"$files"
    echo "timescaledb $version: index and source verified in $((SECONDS - started))s" >&2

    # Headers of the very PostgreSQL release the image has (the host's may be older or newer),
    # so the module's ABI matches the server that loads it
    local pgver hostver
    pgver="$(dpkg-query --admindir="$rootfs/var/lib/dpkg" -W -f='${Version}' "postgresql-$pg")"
    hostver="$(dpkg-query -W -f='${db:Status-Abbrev}${Version}' "postgresql-server-dev-$pg" 2>/dev/null || true)"
    case "$hostver" in
      "ii "*) [ "${hostver#ii }" = "$pgver" ] || echo "timescaledb: warning: building against postgresql-server-dev-$pg ${hostver#ii }, the image has PostgreSQL $pgver" >&2 ;;
      *) _timescaledb_need "postgresql-server-dev-$pg=$pgver" ;;
    esac
    _timescaledb_need cmake gcc make libc6-dev libssl-dev dpkg-dev

    started=$SECONDS
    local work; work="$(mktemp -d "$src/.build-timescaledb.XXXXXX")"
    trap 'rm -rf "$work"' EXIT
    # dpkg-source checks the .dsc's checksums and applies Debian's patches (test fixes only
    # today); the .dsc's signature needs debian-keyring, which the InRelease chain replaces
    dpkg-source --no-copy -x "$dsc" "$work/src" >"$work/log" 2>&1 || { cat "$work/log" >&2; exit 1; }
    # No telemetry (it would phone home) and no debug helpers; the test suites (pg_regress,
    # Perl TAP) are not run here, so off too; one compile job, as the machine is shared
    if ! { cmake -S "$work/src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release \
             -DPG_CONFIG="/usr/lib/postgresql/$pg/bin/pg_config" -DAPACHE_ONLY=ON \
             -DUSE_TELEMETRY=OFF -DSEND_TELEMETRY_DEFAULT=OFF -DENABLE_DEBUG_UTILS=OFF \
             -DREGRESS_CHECKS=OFF -DTAP_CHECKS=OFF -DWARNINGS_AS_ERRORS=OFF -DLINTER=OFF &&
           make -C "$work/build" -j1 &&
           make -C "$work/build" DESTDIR="$work/dest" install/strip; } >>"$work/log" 2>&1; then
      tail -n 40 "$work/log" >&2
      echo "error: timescaledb $version did not build for PostgreSQL $pg (log above)" >&2
      exit 1
    fi
    "/usr/lib/postgresql/$pg/bin/pg_config" --version >"$work/dest/.built"
    rm -rf "$dest" && mv "$work/dest" "$dest"
    echo "timescaledb $version: built for $(cat "$dest/.built") in $((SECONDS - started))s" >&2
  fi

  # Only the extension's files: the loader and versioned modules, the control and SQL scripts
  install -d "$rootfs/usr/lib/postgresql/$pg/lib" "$rootfs/usr/share/postgresql/$pg/extension"
  cp -a "$dest/usr/lib/postgresql/$pg/lib/." "$rootfs/usr/lib/postgresql/$pg/lib/"
  cp -a "$dest/usr/share/postgresql/$pg/extension/." "$rootfs/usr/share/postgresql/$pg/extension/"
)

# _timescaledb_fetch URL FILE: download URL to FILE, replacing it only when complete
_timescaledb_fetch() {
  if ! curl -fsSL --retry 3 --connect-timeout 20 -o "$2.part" "$1"; then rm -f "$2.part"; return 1; fi
  mv "$2.part" "$2"
}

# _timescaledb_sha256_ok SHA256 FILE: whether FILE exists with that checksum
_timescaledb_sha256_ok() {
  [ -f "$2" ] && [ "$(sha256sum "$2" | cut -d' ' -f1)" = "$1" ]
}

# _timescaledb_need PACKAGE[=VERSION]...: install the host packages not installed yet (the
# project's machines and CI run as root); as another user, say the command and fail
_timescaledb_need() {
  local pkg missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${db:Status-Abbrev}' "${pkg%%=*}" 2>/dev/null | grep -q '^ii' || missing+=("$pkg")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  if [ "$(id -u)" != 0 ]; then
    echo "error: missing build dependencies; run: apt-get install -y --no-install-recommends ${missing[*]}" >&2
    return 1
  fi
  echo "timescaledb: apt-get install -y --no-install-recommends ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}
