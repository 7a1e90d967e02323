#!/usr/bin/env bash
# The programs `npm test` runs besides Node: promtool (Debian's prometheus package) checks and
# unit-tests the alert rules, python3 runs the generated backup helpers, Redis and HAProxy run the
# master proxy test, Postgres and PgBouncer the TLS test, Go builds the pinned nats-server that
# checks the generated NATS config and runs it from its start script under BusyBox, Java and Maven
# run the Kafka broker test. As root, installs the missing Debian packages; otherwise
# prints the one line to run. Part of `npm run setup`.
set -euo pipefail
missing=()
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
# Java and Maven resolve and run the real Kafka broker of `npm run test:kafka`
command -v javac >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
# the Redis master proxy's configuration is tested against real servers, sentinels and HAProxy
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v redis-sentinel >/dev/null 2>&1 || missing+=(redis-sentinel)
command -v redis-cli >/dev/null 2>&1 || missing+=(redis-tools)
command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
# Postgres TLS (certificate, hostssl lines, PgBouncer client and server TLS) is tested against real servers
compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || missing+=(postgresql)
command -v pgbouncer >/dev/null 2>&1 || missing+=(pgbouncer)
command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
# the NATS start script runs under BusyBox's sh, od, tr and sed, as in the -alpine image
command -v busybox >/dev/null 2>&1 || missing+=(busybox-static)
# Go comes with these machines (Debian's golang-go is too old for the pinned modules)
command -v go >/dev/null 2>&1 || { echo "error: Go 1.25 or newer is needed on PATH (it builds the pinned nats-server the tests run)" >&2; exit 1; }
[ ${#missing[@]} -gt 0 ] || exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing ${missing[*]} (Debian packages the tests run)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
else
  echo "error: the tests need ${missing[*]}: run  sudo apt-get install -y ${missing[*]}  then \`npm run setup\` again" >&2
  exit 1
fi
