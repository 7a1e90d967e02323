# Rancher's local-path-provisioner at the version cluster/build/local-path-provisioner pins;
# upstream's image puts the binary on PATH as /usr/bin/local-path-provisioner.
REF="docker.io/rancher/local-path-provisioner:v0.0.30"
ENTRYPOINT='["/usr/bin/local-path-provisioner"]'
KEY_INPUTS="local-path-provisioner"
rootfs() {
  mkdir -p "$1/usr/bin" "$1/tmp" && chmod 1777 "$1/tmp"
  install -m 0755 "$(binary local-path-provisioner)/local-path-provisioner" "$1/usr/bin/local-path-provisioner"
}
