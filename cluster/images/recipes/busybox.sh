# The local-path provisioner's helper (mkdir / rm of volume folders): Debian's static BusyBox with
# its applets linked under /bin, as in the upstream busybox image.
REF="docker.io/library/busybox:1.35.0"
ENTRYPOINT='["/bin/sh"]'
rootfs() { busybox_rootfs "$1"; }
