# The Postgres member image under Spilo's reference. Spilo is a Docker build of Ubuntu packages
# that no registry here serves; the pods run `patroni <config>` themselves, so the image needs what
# that command uses: PostgreSQL 15 under /usr/lib/postgresql/15/bin, Patroni, a shell, and
# Spilo's postgres user (uid 101, gid 103, home /home/postgres). Debian bookworm gives
# PostgreSQL 15 and Patroni's dependencies; Patroni itself is the version Spilo 3.1-p1 ships,
# 3.1.2, installed from PyPI (pinned by sha256) with the image's own python3, since bookworm
# packages 3.0.2, which ignores the role label values patroni.yml sets. TimescaleDB 2.19.3, Apache-only
# (like Spilo's Apache-only flavour), is built for PostgreSQL 15 from Debian trixie's source
# package by ../timescaledb.sh, as no bookworm package has it. WAL-G is missing: no version of
# github.com/wal-g/wal-g is served by the module proxy (see the README's image table).
REF="ghcr.io/zalando/spilo-15:3.1-p1"
PATRONI_REQUIREMENT="patroni==3.1.2 --hash=sha256:3ce7362c207c4da6f75c3ee85755f6e92452c1d9a8a2286c5365655853302b71"
USER_ID="101:103"
ENTRYPOINT=''
CMD='["/bin/sh"]'
WORKDIR="/home/postgres"
USERS="postgres:101:103:/home/postgres"
KEY_FILES="timescaledb.sh"
ENV="LANG=C.UTF-8
PGHOME=/home/postgres"
# shellcheck source=SCRIPTDIR/../timescaledb.sh
. "$(dirname "${BASH_SOURCE[0]}")/../timescaledb.sh"
rootfs() {
  # Patroni 3.1.2's requirements as Debian packages (cdiff stands in for ydiff: patronictl
  # imports either); Patroni's Kubernetes DCS has its own client on urllib3
  debian_rootfs "$1" postgresql-15 postgresql-client-15 python3 python3-psycopg2 python3-urllib3 python3-yaml \
    python3-click python3-prettytable python3-dateutil python3-psutil python3-cdiff curl ca-certificates procps
  # pure Python: the host's python3 (bookworm's, like the image's) installs it under /usr/local
  # (Debian's install scheme maps the /usr prefix there), which the image's python3 searches
  # first; the `patroni` script lands in /usr/local/bin
  /usr/bin/python3 -m pip install --quiet --no-deps --no-cache-dir --require-hashes --only-binary=:all: \
    --break-system-packages --root-user-action=ignore --root "$1" --prefix /usr -r /dev/stdin <<<"$PATRONI_REQUIREMENT" >&2
  # the version the image's python3 resolves (running `patroni --version` would import psutil,
  # which reads /proc/stat, absent in a chroot)
  [[ -x "$1/usr/local/bin/patroni" ]] \
    && chroot "$1" /usr/bin/python3 -c 'import importlib.metadata as m; print(m.version("patroni"))' | grep -qx '3.1.2' \
    || { echo "error: the image's patroni is not 3.1.2" >&2; exit 1; }
  timescaledb_install "$1"
  # the cluster is created by Patroni, not by Debian's postinst default cluster
  rm -rf "$1/etc/postgresql/15/main" "$1/var/lib/postgresql/15/main"
}
