# The Prometheus Operator v0.93.0 from the module proxy; upstream's image: the static binary as
# /bin/operator on a distroless base, user nobody (65534).
REF="quay.io/prometheus-operator/prometheus-operator:v0.93.0"
USER_ID="65534:65534"
ENTRYPOINT='["/bin/operator"]'
KEY_INPUTS="prometheus-operator"
rootfs() { mkdir -p "$1/bin" && install -m 0755 "$(binary prometheus-operator)/operator" "$1/bin/operator"; }
