# pgbouncer_exporter: no version is served by the module proxy; Debian trixie packages 0.10.2
# (dist/ names 0.10.0). Upstream's image is the binary on busybox, user nobody.
REF="quay.io/prometheuscommunity/pgbouncer-exporter:v0.10.0"
SUITE="trixie"
USER_ID="65534:65534"
ENTRYPOINT='["/bin/pgbouncer_exporter"]'
rootfs() {
  debian_rootfs "$1" prometheus-pgbouncer-exporter
  ln -sf /usr/bin/prometheus-pgbouncer-exporter "$1/bin/pgbouncer_exporter"
}
