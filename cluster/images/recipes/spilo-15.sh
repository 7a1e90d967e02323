# The Postgres member image under Spilo's reference. Spilo is a Docker build of Ubuntu packages
# that no registry here serves; the pods run `patroni <config>` themselves, so the image needs what
# that command uses: PostgreSQL 15 under /usr/lib/postgresql/15/bin, Patroni, a shell, and
# Spilo's postgres user (uid 101, gid 103, home /home/postgres). Debian bookworm gives
# PostgreSQL 15 and Patroni 3.0.2 (Spilo 3.0-p1 has 3.0.1). TimescaleDB 2.19.3, Apache-only
# (like Spilo's Apache-only flavour), is built for PostgreSQL 15 from Debian trixie's source
# package by ../timescaledb.sh, as no bookworm package has it. WAL-G is missing: no version of
# github.com/wal-g/wal-g is served by the module proxy (see the README's image table).
REF="ghcr.io/zalando/spilo-15:3.0-p1"
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
  debian_rootfs "$1" postgresql-15 postgresql-client-15 patroni python3-psycopg2 python3-kubernetes curl ca-certificates procps
  timescaledb_install "$1"
  # the cluster is created by Patroni, not by Debian's postinst default cluster
  rm -rf "$1/etc/postgresql/15/main" "$1/var/lib/postgresql/15/main"
}
