# HAProxy of the Redis master proxy under the official image's reference: Debian trixie's haproxy
# (3.0 LTS, built with the Prometheus exporter; dist/ names 3.2.6: the generated configuration
# uses directives of 2.6 and later, see charts/redis/master-proxy-config.ts), the official
# image's haproxy user (99:99), and sleep for the preStop hook.
REF="docker.io/library/haproxy:3.2.6"
SUITE="trixie"
USER_ID="99:99"
USERS="haproxy:99:99:/var/lib/haproxy"
ENTRYPOINT=''
CMD='["haproxy", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]'
WORKDIR="/var/lib/haproxy"
rootfs() { debian_rootfs "$1" haproxy coreutils; }
