# nats-server v2.10.29 from the module proxy, on BusyBox like the official -alpine variant
# (nats-server on PATH, a shell), user root as upstream's image.
REF="docker.io/library/nats:2.10.29-alpine"
ENTRYPOINT=''
CMD='["nats-server"]'
KEY_INPUTS="nats-server"
rootfs() { busybox_rootfs "$1"; install -m 0755 "$(binary nats-server)/nats-server" "$1/usr/local/bin/nats-server"; }
