import { PORTS, PostgresSettings, SUPERUSER } from './settings';

/**
 * handover.py: the planned-operation side of Patroni, run in the postgres container.
 *
 *   handover.py pre-stop                    the container's preStop hook
 *   handover.py on_role_change <role> <scope>   Patroni's on_start / on_role_change callback
 *
 * pre-stop, on the leader only: PAUSE the PgBouncer pools in front of `-rw` (in-flight
 * transactions finish, new ones wait instead of failing), POST /switchover to a healthy replica
 * (a synchronous standby when synchronous mode is on; members with a higher ordinal first, as a
 * StatefulSet rolls from the highest ordinal down and those already run the new template), wait
 * until `-rw` answers as a primary, RESUME the pools. Every path ends with the pools resumed and
 * exit 0: a preStop that fails only delays the stop.
 *
 * on_role_change / on_start as primary: RESUME the pools once the `-rw` endpoints name this pod
 * alone (plus a second for the nodes' proxies), so pools paused by a member that was killed
 * half-way through its pre-stop (a forced delete gives the hook about 2 s) are resumed within
 * seconds of the promotion. It reads the Endpoints object through the API rather than connecting
 * through the Service: that does not depend on a pod reaching itself through its own Service
 * address (hairpin traffic, off in some networks). An earlier version that connected through the
 * Service waited its whole minute after forced deletes on the test cluster (cause not found).
 */
export const HANDOVER_FILE = 'handover.py';

/** Seconds the pre-stop may take; the rest of the grace period is Patroni's own shutdown. */
export const HANDOVER_BUDGET_SECONDS = 60;
/** A replica further behind than this (bytes) is not switched over to. */
export const HANDOVER_MAX_LAG_BYTES = 1024 * 1024;
/** Admin console user the handover pauses and resumes the pools as. */
export const POOLER_ADMIN_USER = 'pgbouncer_admin';
/** Environment of the postgres container that carries the pooler admin password. */
export const POOLER_ADMIN_PASSWORD_ENV = 'PGBOUNCER_ADMIN_PASSWORD';

/** The pool in front of `-rw`: its pods' labels and the port of its admin console. */
export interface HandoverPool {
  readonly selector: Record<string, string>;
  readonly port: number;
}

export function handoverScript(s: PostgresSettings, pool: HandoverPool | undefined): string {
  const constants = [
    `PATRONI = "http://127.0.0.1:${PORTS.patroni}"`,
    `BUDGET_SECONDS = ${HANDOVER_BUDGET_SECONDS}`,
    `MAX_LAG_BYTES = ${HANDOVER_MAX_LAG_BYTES}`,
    `PSQL = "${s.binDir}/psql"`,
    `PRIMARY_SERVICE = "${s.names.primary}"`,
    `POSTGRES_PORT = ${PORTS.postgres}`,
    `SUPERUSER = "${SUPERUSER}"`,
    `POOL_SELECTOR = ${pool ? `"${Object.entries(pool.selector).map(([k, v]) => `${k}=${v}`).join(',')}"` : 'None'}`,
    `POOL_PORT = ${pool?.port ?? 'None'}`,
    `POOL_ADMIN = "${POOLER_ADMIN_USER}"`,
    `POOL_ADMIN_PASSWORD_ENV = "${POOLER_ADMIN_PASSWORD_ENV}"`,
  ];
  return `# Generated from the platform spec: planned handover of the primary (see the module docstring).
${constants.join('\n')}
${HANDOVER_PY}`;
}

const HANDOVER_PY = String.raw`"""Planned handover of the primary: switchover before this member stops, PgBouncer paused meanwhile."""
import base64
import json
import os
import re
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request

STARTED = time.monotonic()
ME = os.environ.get("PATRONI_NAME", "")
SA = "/var/run/secrets/kubernetes.io/serviceaccount"
# libpq's variable for the password of a connection
SECRET_VARIABLE = "PGPASSWORD"


def log(message):
    # a preStop's output is not in the container log: write to the log of PID 1 (Patroni)
    line = "handover: %s\n" % message
    try:
        with open("/proc/1/fd/1", "w") as out:
            out.write(line)
    except OSError:
        sys.stderr.write(line)


def left():
    return BUDGET_SECONDS - (time.monotonic() - STARTED)


def patroni(method, path, body=None, timeout=5.0):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(PATRONI + path, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    user, secret = os.environ.get("PATRONI_RESTAPI_USERNAME"), os.environ.get("PATRONI_RESTAPI_PASSWORD")
    if user and secret:
        request.add_header("Authorization", "Basic " + base64.b64encode(("%s:%s" % (user, secret)).encode()).decode())
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def ordinal(name):
    match = re.search(r"-(\d+)$", name)
    return int(match.group(1)) if match else -1


def candidates(cluster):
    """Healthy replicas, best first: synchronous standbys only when there are any (Patroni refuses others then)."""
    members = [m for m in cluster.get("members", []) if m.get("name") != ME]
    sync = [m for m in members if m.get("role") == "sync_standby"]
    pool = sync or [m for m in members if m.get("role") == "replica"]
    healthy = [m for m in pool if m.get("state") in ("running", "streaming") and isinstance(m.get("lag"), int)
               and m["lag"] <= MAX_LAG_BYTES and not (m.get("tags") or {}).get("nofailover")]
    mine = ordinal(ME)
    return sorted(healthy, key=lambda m: (ordinal(m["name"]) < mine, m["lag"], m["name"]))


def kubernetes_get(path):
    with open(SA + "/token") as f:
        token = f.read().strip()
    host, port = os.environ["KUBERNETES_SERVICE_HOST"], os.environ.get("KUBERNETES_SERVICE_PORT", "443")
    request = urllib.request.Request("https://%s:%s%s" % (host, port, path), headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request, timeout=5, context=ssl.create_default_context(cafile=SA + "/ca.crt")) as response:
        return json.loads(response.read().decode())


def pool_addresses():
    if not POOL_SELECTOR:
        return []
    pods = kubernetes_get("/api/v1/namespaces/%s/pods?labelSelector=%s" % (namespace(), POOL_SELECTOR))
    return [p["status"]["podIP"] for p in pods.get("items", [])
            if p.get("status", {}).get("podIP") and p["status"].get("phase") == "Running" and not p["metadata"].get("deletionTimestamp")]


def psql(host, port, user, secret, database, sql, timeout):
    env = {SECRET_VARIABLE: secret, "PGCONNECT_TIMEOUT": "3", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([PSQL, "-X", "-A", "-t", "-q", "-h", host, "-p", str(port), "-U", user, "-d", database, "-c", sql],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout, universal_newlines=True)
    return result.returncode, (result.stdout + result.stderr).strip()


def pool_command(address, command, timeout):
    secret = os.environ.get(POOL_ADMIN_PASSWORD_ENV, "")
    try:
        code, out = psql(address, POOL_PORT, POOL_ADMIN, secret, "pgbouncer", command, timeout)
    except subprocess.TimeoutExpired:
        return False, "no answer in %.0f s" % timeout
    return code == 0, out


def pause_pools():
    """PAUSE waits for the transactions in flight, then holds new ones; returns the pools it paused."""
    try:
        addresses = pool_addresses()
    except Exception as err:  # no pools to pause is no reason to skip the switchover
        log("cannot list the PgBouncer pods (%s): switching over without pausing them" % err)
        return []
    paused = []
    for address in addresses:
        ok, out = pool_command(address, "PAUSE", min(15.0, max(1.0, left() / 3)))
        if ok:
            paused.append(address)
        else:
            log("PAUSE on %s failed (%s): its clients may see errors" % (address, out))
            pool_command(address, "RESUME", 5)
    log("paused %d of %d PgBouncer pods" % (len(paused), len(addresses)))
    return paused


def resume_pools(addresses):
    for address in addresses:
        ok, out = pool_command(address, "RESUME", 5)
        if not ok and "not paused" not in out:
            log("RESUME on %s failed: %s" % (address, out))


def wait_until_primary_service_writable(deadline):
    """Until -rw answers as a primary twice in a row: the role label moved and the node routes it."""
    secret = os.environ.get("PATRONI_SUPERUSER_PASSWORD", "")
    streak = 0
    while time.monotonic() < deadline:
        try:
            code, out = psql(PRIMARY_SERVICE, POSTGRES_PORT, SUPERUSER, secret, "postgres", "SELECT pg_is_in_recovery()", 3)
        except subprocess.TimeoutExpired:
            code, out = 1, "timeout"
        streak = streak + 1 if code == 0 and out == "f" else 0
        if streak >= 2:
            return True
        time.sleep(0.1)
    return False


def pre_stop():
    status, body = patroni("GET", "/patroni")
    if status != 200 and status != 503:
        log("Patroni answered %s: nothing to hand over" % status)
        return
    if json.loads(body).get("role") not in ("master", "primary"):
        return
    cluster = json.loads(patroni("GET", "/cluster")[1])
    picks = candidates(cluster)
    if not picks:
        log("no healthy replica to switch over to: Patroni's own shutdown releases the leader key")
        return
    target = picks[0]["name"]
    paused = pause_pools()
    try:
        started = time.monotonic()
        status, body = patroni("POST", "/switchover", {"leader": ME, "candidate": target}, timeout=max(5.0, left() - 20))
        log("switchover to %s: %s %s (%.1f s)" % (target, status, body.strip(), time.monotonic() - started))
        if status == 200 and paused:
            routed = wait_until_primary_service_writable(time.monotonic() + max(1.0, left() - 10))
            log("%s answers as a primary: %s (%.1f s after the switchover started)" % (PRIMARY_SERVICE, routed, time.monotonic() - started))
    finally:
        resume_pools(paused)


def namespace():
    with open(SA + "/namespace") as f:
        return f.read().strip()


def routes_only_here(address):
    endpoints = kubernetes_get("/api/v1/namespaces/%s/endpoints/%s" % (namespace(), PRIMARY_SERVICE))
    ready = [a.get("ip") for subset in endpoints.get("subsets") or [] for a in subset.get("addresses") or []]
    return ready == [address]


def on_role_change(role):
    if role not in ("master", "primary") or not POOL_SELECTOR:
        return
    address = os.environ.get("POD_IP", "")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if routes_only_here(address):
                break
        except Exception as err:
            log("cannot read the endpoints of %s: %s" % (PRIMARY_SERVICE, err))
        time.sleep(0.2)
    # the nodes' proxies follow the endpoints within about a second
    time.sleep(1)
    try:
        resume_pools(pool_addresses())
    except Exception as err:
        log("cannot resume the PgBouncer pods: %s" % err)


def main(argv):
    try:
        if argv[1:2] == ["pre-stop"]:
            pre_stop()
        elif len(argv) >= 3 and argv[1] in ("on_start", "on_role_change"):
            on_role_change(argv[2])
        else:
            log("usage: handover.py pre-stop | on_start|on_role_change ROLE SCOPE")
    except Exception as err:  # never fail the stop: Patroni's shutdown still releases the leader key
        log("%s: %s" % (type(err).__name__, err))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
`;
