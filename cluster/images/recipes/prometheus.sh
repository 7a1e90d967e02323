# Prometheus v3.13.1 (the operator's default) from the module proxy, without the embedded web UI
# (its assets are built with npm upstream; the HTTP API the tests use is the same). Upstream's
# image: /bin/prometheus, user nobody (65534), working directory /prometheus, the default config
# under /etc/prometheus.
REF="quay.io/prometheus/prometheus:v3.13.1"
USER_ID="65534:65534"
ENTRYPOINT='["/bin/prometheus"]'
CMD='["--config.file=/etc/prometheus/prometheus.yml","--storage.tsdb.path=/prometheus"]'
WORKDIR="/prometheus"
KEY_INPUTS="prometheus"
rootfs() {
  mkdir -p "$1/bin" "$1/etc/prometheus" "$1/prometheus"
  install -m 0755 "$(binary prometheus)/prometheus" "$1/bin/prometheus"
  printf 'global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: prometheus\n    static_configs:\n      - targets: [localhost:9090]\n' >"$1/etc/prometheus/prometheus.yml"
  chown 65534:65534 "$1/prometheus" "$1/etc/prometheus"
}
