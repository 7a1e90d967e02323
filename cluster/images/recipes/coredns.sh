# CoreDNS at the version cluster/build/coredns pins; upstream's image is the static binary on a
# distroless base, user nonroot (65532), with the file capability to bind port 53.
REF="registry.k8s.io/coredns/coredns:v1.12.0"
USER_ID="65532:65532"
ENTRYPOINT='["/coredns"]'
KEY_INPUTS="coredns"
rootfs() {
  install -m 0755 "$(binary coredns)/coredns" "$1/coredns"
  # as upstream's image: port 53 as a non-root user
  setcap cap_net_bind_service=+ep "$1/coredns"
  mkdir -p "$1/etc" && echo 'nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin' >"$1/etc/passwd"
}
