# The local-path provisioner's helper (mkdir / rm of volume folders): Debian's static BusyBox with
# its applets linked under /bin, as in the upstream busybox image.
REF="docker.io/library/busybox:1.35.0"
ENTRYPOINT='["/bin/sh"]'
rootfs() {
  mkdir -p "$1/bin" "$1/tmp" && chmod 1777 "$1/tmp"
  install -m 0755 /bin/busybox "$1/bin/busybox"
  "$1/bin/busybox" --list | while read -r applet; do [ "$applet" = busybox ] || ln -sf busybox "$1/bin/$applet"; done
}
