# kubectl v1.30.3 from the module proxy; upstream's image is distroless with kubectl as entrypoint.
REF="registry.k8s.io/kubectl:v1.30.3"
USER_ID="65532:65532"
ENTRYPOINT='["/bin/kubectl"]'
KEY_INPUTS="kubectl"
rootfs() { mkdir -p "$1/bin" "$1/tmp" && chmod 1777 "$1/tmp"; install -m 0755 "$(binary kubectl)/kubectl" "$1/bin/kubectl"; }
