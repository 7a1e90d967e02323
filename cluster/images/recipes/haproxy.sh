# HAProxy of the Redis master proxy under the official image's reference: Debian trixie's haproxy
# (3.0 LTS, built with the Prometheus exporter; dist/ names 3.2.6: the generated configuration
# uses directives of 2.6 and later, see charts/redis/master-proxy-config.ts), run as the official
# image's haproxy ids (99:99), and sleep for the preStop hook. The package creates its own haproxy
# system user (Debian's adduser refuses to adopt uid 99, below the system range); HAProxy needs
# no passwd entry for the ids it runs as, only a readable configuration.
REF="docker.io/library/haproxy:3.2.6"
SUITE="trixie"
USER_ID="99:99"
ENTRYPOINT=''
CMD='["haproxy", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]'
WORKDIR="/"
rootfs() { debian_rootfs "$1" haproxy coreutils; }
