# Redis under the official image's reference: Debian bookworm's redis-server and redis-sentinel
# (7.0.15; dist/ names 7.2.11: the generated configuration is 7.0-compatible, see charts/redis),
# the official image's redis user (999:999), /data, and the tools the start scripts use.
REF="docker.io/library/redis:7.2.11-bookworm"
USER_ID="999:999"
USERS="redis:999:999:/data"
ENTRYPOINT=''
CMD='["redis-server"]'
WORKDIR="/data"
rootfs() { debian_rootfs "$1" redis-server redis-sentinel redis-tools gawk procps coreutils; }
