# prometheus-nats-exporter from the module proxy at 0.20.1: 0.20.2, which dist/ names, is not
# served. Upstream's image: the binary as the entrypoint.
REF="docker.io/natsio/prometheus-nats-exporter:0.20.2"
ENTRYPOINT='["/prometheus-nats-exporter"]'
KEY_INPUTS="nats-exporter"
rootfs() { install -m 0755 "$(binary nats-exporter)/prometheus-nats-exporter" "$1/prometheus-nats-exporter"; }
