# nats-server from the module proxy at the version the image tag names, on BusyBox like the
# official -alpine variant (nats-server on PATH, a shell), user root as upstream's image.
REF="docker.io/library/nats:2.11.17-alpine"
ENTRYPOINT=''
CMD='["nats-server"]'
KEY_INPUTS="nats-server"
rootfs() {
  local bin; bin="$(binary nats-server)/nats-server"
  # the module pin and the tag must name the same release
  "$bin" --version | grep -q "v2.11.17$" || { echo "error: $bin is $("$bin" --version), the image tag says 2.11.17" >&2; return 1; }
  busybox_rootfs "$1"; install -m 0755 "$bin" "$1/usr/local/bin/nats-server"
}
