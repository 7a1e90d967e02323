# The operator's config reloader sidecar, same module and version as the operator; upstream's
# image: /bin/prometheus-config-reloader, user nobody (65534).
REF="quay.io/prometheus-operator/prometheus-config-reloader:v0.93.0"
USER_ID="65534:65534"
ENTRYPOINT='["/bin/prometheus-config-reloader"]'
KEY_INPUTS="prometheus-operator"
rootfs() { mkdir -p "$1/bin" && install -m 0755 "$(binary prometheus-operator)/prometheus-config-reloader" "$1/bin/prometheus-config-reloader"; }
