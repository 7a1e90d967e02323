import { BACKUP_KEY_ENV } from './backup-env';
import { PATHS, PostgresSettings } from './settings';

/**
 * Scripts shipped in the Patroni ConfigMap beside patroni.yml, mounted at /etc/patroni. They read every
 * secret from the environment or from mounted Secret files, never from this text.
 */
export const SCRIPT_FILES = {
  postBootstrap: 'post-bootstrap.sh',
  bootstrapSql: 'bootstrap.sql',
  baseBackup: 'base-backup.sh',
  logicalDump: 'logical-dump.sh',
  backupList: 'backup_list.py',
  s3: 's3_objects.py',
} as const;

export function scriptPath(file: string): string {
  return `${PATHS.scriptsDir}/${file}`;
}

/**
 * Patroni's post_bootstrap hook: $1 is a connection URL for the local superuser (Patroni puts
 * the password in a pgpass file it names in PGPASSFILE). Runs once, on the member that created
 * the cluster; a failure makes Patroni discard the new cluster and bootstrap again.
 */
export function postBootstrapScript(s: PostgresSettings): string {
  const initSql = s.spec.initSqlConfigMap ? `
# init SQL from the ConfigMap, in file-name order, in database "${s.initSqlDatabase}"
applied=0
for f in ${PATHS.initSqlDir}/*.sql; do
  [ -e "$f" ] || continue
  echo "post-bootstrap: applying $f"
  printf '\\\\connect "%s"\\n\\\\i %s\\n' '${s.initSqlDatabase}' "$f" | psql_local -d "$conn"
  applied=$((applied + 1))
done
[ "$applied" -gt 0 ] || echo "post-bootstrap: WARNING: no *.sql in ConfigMap ${s.spec.initSqlConfigMap} (absent or empty at bootstrap): no init SQL ran"
` : '';
  return `#!/bin/sh
# Creates the spec's roles, databases and extensions once, when Patroni bootstraps the cluster.
set -eu
export LC_ALL=C
conn="$1"
psql_local() { "${s.binDir}/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }

# Patroni's pgpass names the socket directory as host, but libpq looks connections to its
# default socket directory up as "localhost": add that spelling of the same entries.
if [ -n "\${PGPASSFILE:-}" ] && [ -f "$PGPASSFILE" ]; then
  pgpass="$(mktemp)"
  trap 'rm -f "$pgpass"' EXIT
  { cat "$PGPASSFILE"; echo; sed 's/^[^:]*:/localhost:/' "$PGPASSFILE"; } > "$pgpass"
  export PGPASSFILE="$pgpass"
fi

echo "post-bootstrap: roles, databases and extensions"
psql_local -d "$conn" -f ${scriptPath(SCRIPT_FILES.bootstrapSql)}
${initSql}echo "post-bootstrap: done"
`;
}

/**
 * Base backup, run by the backup CronJob with `kubectl exec` in the backup sidecar of the
 * primary (WAL-G reads the data directory, so it must run beside it). One at a time per pod: a
 * job whose client went away can leave its wal-g running, and the lock (inherited by wal-g) keeps
 * the next run from starting a second one beside it. Success is a backup this run started being
 * listed in the store, not only wal-g's exit status. Retention then keeps every backup of the last
 * N days plus the newest older one, the base a restore to the start of the window needs (with the
 * full backup its delta was taken against); WAL older than that goes with it.
 */
export function baseBackupScript(s: PostgresSettings): string {
  const days = s.backup?.retentionDays ?? 0;
  const list = `python3 ${scriptPath(SCRIPT_FILES.backupList)}`;
  return `#!/bin/sh
set -eu
exec 9>"${PATHS.tmp}/base-backup.lock"
if ! flock -n 9; then
  echo "base-backup: an earlier base backup is still running in this pod; nothing started" >&2
  exit 1
fi
if [ "$("${s.binDir}/psql" -XAtc 'SELECT pg_is_in_recovery()')" != "f" ]; then
  echo "base-backup: this member is not the primary; nothing done" >&2
  exit 1
fi
started="$(date +%s)"
echo "base-backup: wal-g backup-push ${PATHS.dataDir}"
wal-g backup-push "${PATHS.dataDir}"
name="$(wal-g backup-list --detail --json | ${list} since "$started")"
echo "base-backup: $name is in the store"
target="$(wal-g backup-list --detail --json | ${list} keep ${days})"
if [ -n "$target" ]; then
  echo "base-backup: deleting backups and WAL older than $target (retention ${days} days)"
  wal-g delete before FIND_FULL "$target" --confirm
fi
echo "base-backup: done"
`;
}

/** PBKDF2 rounds that turn the backup key into the dump cipher's key (restores must pass the same). */
export const DUMP_PBKDF2_ITERATIONS = 200000;

/**
 * Logical dump: pg_dumpall streamed through gzip (and, with a backup key, openssl) to
 * `<destination>/logical/`, then pruned to `logicalDumpRetentionDays` (the newest dump always stays).
 */
export function logicalDumpScript(s: PostgresSettings): string {
  const days = s.backup?.logicalDumpRetentionDays ?? 0;
  const encrypt = s.backup?.encryptionKeySecret
    ? ` | openssl enc -aes-256-cbc -salt -pbkdf2 -iter ${DUMP_PBKDF2_ITERATIONS} -pass env:${BACKUP_KEY_ENV}`
    : '';
  return `#!/bin/bash
set -euo pipefail
key="logical/pg_dumpall-$(date -u +%Y%m%dT%H%M%SZ).sql.gz${encrypt ? '.enc' : ''}"
echo "logical-dump: writing $key"
if ! "${s.binDir}/pg_dumpall" --clean --if-exists --quote-all-identifiers | gzip -c${encrypt} | python3 ${scriptPath(SCRIPT_FILES.s3)} put "$key"; then
  echo "logical-dump: failed; removing the partial object" >&2
  python3 ${scriptPath(SCRIPT_FILES.s3)} delete "$key" || true
  exit 1
fi
python3 ${scriptPath(SCRIPT_FILES.s3)} prune logical/ ${days}
echo "logical-dump: done"
`;
}

/** Reads `wal-g backup-list --detail --json`: the backup retention keeps as the oldest, or the one a run just took. */
export const BACKUP_LIST_PY = `"""Reads wal-g backup-list --detail --json on stdin.

keep DAYS    prints the newest backup started before now - DAYS (the oldest one retention keeps), if any
since EPOCH  prints the newest backup started at or after EPOCH (seconds); exits 1 when there is none
"""
import datetime
import json
import re
import sys

TIME = re.compile(r"^(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d)(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d)?$")


def started(backup):
    m = TIME.match(backup.get("start_time") or backup.get("time") or "")
    if not m:
        raise SystemExit("unreadable backup time in %r" % backup)
    at = datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S")
    zone = m.group(3) or "Z"
    if zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        at -= sign * datetime.timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
    return at


mode, value = sys.argv[1], int(sys.argv[2])
text = sys.stdin.read().strip()
backups = sorted(json.loads(text) if text else [], key=started)
if mode == "keep":
    cutoff = datetime.datetime.utcnow() - datetime.timedelta(days=value)
    older = [b for b in backups if started(b) <= cutoff]
    if older:
        print(older[-1]["backup_name"])
elif mode == "since":
    # both sides are whole seconds of the pod's clock: a backup started after EPOCH is never earlier
    since = datetime.datetime.utcfromtimestamp(value)
    newer = [b for b in backups if started(b) >= since]
    if not newer:
        raise SystemExit("no backup in the store started after %sZ: the backup did not complete" % since.isoformat())
    print(newer[-1]["backup_name"])
else:
    raise SystemExit("usage: keep DAYS | since EPOCH")
`;

/** S3 helper for the logical dumps, configured by the same environment as WAL-G. */
export const S3_OBJECTS_PY = `"""put KEY (stdin to an object) | delete KEY | prune PREFIX DAYS, under WALG_S3_PREFIX."""
import datetime
import os
import sys

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config


def client():
    style = "path" if os.environ.get("AWS_S3_FORCE_PATH_STYLE") == "true" else "auto"
    return boto3.client("s3", region_name=os.environ.get("AWS_REGION"), endpoint_url=os.environ.get("AWS_ENDPOINT") or None,
                        config=Config(s3={"addressing_style": style}))


def location(key):
    bucket, _, base = os.environ["WALG_S3_PREFIX"][len("s3://"):].partition("/")
    return bucket, "/".join(p for p in (base.strip("/"), key) if p)


command = sys.argv[1]
s3 = client()
if command == "put":
    bucket, key = location(sys.argv[2])
    # 32 MiB parts, 4 in flight: bounded memory, dumps up to ~300 GiB compressed
    s3.upload_fileobj(sys.stdin.buffer, bucket, key, Config=TransferConfig(multipart_chunksize=32 << 20, max_concurrency=4))
elif command == "delete":
    bucket, key = location(sys.argv[2])
    s3.delete_object(Bucket=bucket, Key=key)
elif command == "prune":
    bucket, prefix = location(sys.argv[2])
    cutoff = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=int(sys.argv[3]))
    objects = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        objects.extend(page.get("Contents", []))
    objects.sort(key=lambda o: o["LastModified"])
    for o in objects[:-1]:  # the newest dump always stays
        if o["LastModified"] < cutoff:
            print("logical-dump: deleting %s" % o["Key"])
            s3.delete_object(Bucket=bucket, Key=o["Key"])
else:
    raise SystemExit("unknown command %s" % command)
`;
