# redis_exporter: no version is served by the module proxy; Debian trixie packages 1.69.0
# (dist/ names 1.67.0). Upstream's image: the binary alone at /redis_exporter, user 59000.
REF="docker.io/oliver006/redis_exporter:v1.67.0"
SUITE="trixie"
USER_ID="59000:59000"
ENTRYPOINT='["/redis_exporter"]'
rootfs() {
  debian_rootfs "$1" prometheus-redis-exporter
  ln -sf /usr/bin/prometheus-redis-exporter "$1/redis_exporter"
}
