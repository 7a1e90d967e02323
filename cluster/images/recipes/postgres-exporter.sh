# postgres_exporter v0.16.0 from the module proxy; upstream's image: the binary on busybox, nobody.
REF="quay.io/prometheuscommunity/postgres-exporter:v0.16.0"
USER_ID="65534:65534"
ENTRYPOINT='["/bin/postgres_exporter"]'
KEY_INPUTS="postgres-exporter"
rootfs() { busybox_rootfs "$1"; install -m 0755 "$(binary postgres-exporter)/postgres_exporter" "$1/bin/postgres_exporter"; }
