# prometheus-nats-exporter 0.20.1 from the module proxy, the version dist/ names. Upstream's
# image: the binary as the entrypoint.
REF="docker.io/natsio/prometheus-nats-exporter:0.20.1"
ENTRYPOINT='["/prometheus-nats-exporter"]'
KEY_INPUTS="nats-exporter"
rootfs() { install -m 0755 "$(binary nats-exporter)/prometheus-nats-exporter" "$1/prometheus-nats-exporter"; }
