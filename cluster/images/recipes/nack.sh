# NACK's JetStream controller v0.22.4 from the module proxy.
REF="docker.io/natsio/jetstream-controller:0.22.4"
USER_ID="65532:65532"
ENTRYPOINT='["/usr/local/bin/jetstream-controller"]'
KEY_INPUTS="nack"
rootfs() { mkdir -p "$1/usr/local/bin" "$1/tmp" && chmod 1777 "$1/tmp"; install -m 0755 "$(binary nack)/jetstream-controller" "$1/usr/local/bin/jetstream-controller"; }
