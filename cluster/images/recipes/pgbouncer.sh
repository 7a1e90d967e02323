# PgBouncer under CloudNativePG's reference: Debian trixie's pgbouncer 1.24.1 (the same release),
# CNPG's user ids (998:996), a shell for the userlist script.
REF="ghcr.io/cloudnative-pg/pgbouncer:1.24.1"
SUITE="trixie"
USER_ID="998:996"
USERS="postgres:998:996:/var/lib/postgresql"
ENTRYPOINT='["/usr/sbin/pgbouncer"]'
rootfs() { debian_rootfs "$1" pgbouncer ca-certificates; }
