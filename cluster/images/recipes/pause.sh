# The pod sandbox: Kubernetes' pause program (C, from the k8s.io/kubernetes module), static.
# Upstream image: the same program alone, user 65535.
REF="registry.k8s.io/pause:3.10"
USER_ID="65535:65535"
ENTRYPOINT='["/pause"]'
KEY_INPUTS="kubernetes"
rootfs() { install -m 0755 "$(binary kubernetes)/pause" "$1/pause"; }
