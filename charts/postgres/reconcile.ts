import { k8s } from '../lib/k8s';
import { Construct } from 'constructs';
import { ComponentContext, meshEnabled } from '../lib/context';
import { objectLabels, selectorLabels } from '../lib/labels';
import { resources } from '../lib/resources';
import { containerSecurityContext, podSecurityContext } from '../lib/security';
import { HOLD_UNTIL_PROXY_STARTS } from './statefulset';
import { restApiEnv, rolePasswordMounts, rolePasswordVolumes, VOLUMES } from './containers';
import { SPILO_GID, SPILO_UID } from './images';
import { PATRONI_CONFIG_KEY } from './config-map';
import { scriptPath, SCRIPT_FILES } from './scripts';
import { PATHS, PORTS, PostgresSettings, SUPERUSER } from './settings';

/**
 * Reconcile for the cluster's life: after every sync (Argo CD PostSync hook, replaced on the next
 * sync) a Job brings the running cluster in line with the spec, as the bootstrap did once:
 * - roles, their options and passwords (read from the Secrets, so a rotated password reaches
 *   Postgres), databases, their owners and extensions: the same idempotent bootstrap.sql, run
 *   against `-rw`;
 * - Patroni's dynamic configuration (DCS parameters such as max_connections, synchronous mode,
 *   timings): `PATCH /config` with patroni.yml's `bootstrap.dcs`, through any member's REST API;
 * - then it reports the parameters that wait for a restart (`pg_settings.pending_restart`).
 * It never restarts a member: that stays a planned operation (`patronictl restart --pending`).
 */
export const RECONCILE_FILES = { script: 'reconcile.sh', dcs: 'reconcile_dcs.py' } as const;
/** How long the Job waits for `-rw` to answer as a primary (a sync that just created the cluster). */
export const PRIMARY_WAIT_SECONDS = 600;
const RECONCILE_RESOURCES = { cpu: '50m', memory: '128Mi' };

export function reconcileLabels(s: PostgresSettings): { labels: Record<string, string>; selector: Record<string, string> } {
  const id = { name: 'postgres', instance: s.name, component: 'reconcile' };
  return { labels: objectLabels(id), selector: selectorLabels(id) };
}

export function reconcileScript(s: PostgresSettings, mesh: boolean): string {
  return `#!/bin/sh
# Brings roles, passwords, databases, extensions and Patroni's dynamic configuration in line with the spec.
set -eu
export LC_ALL=C PGHOST="${s.names.primary}" PGPORT=${PORTS.postgres} PGUSER=${SUPERUSER} PGDATABASE=postgres PGCONNECT_TIMEOUT=5
${mesh ? "# the mesh sidecar would keep the Job's pod running\ntrap 'curl -fsS -X POST http://127.0.0.1:15020/quitquitquit >/dev/null || true' EXIT\n" : ''}psql_() { "${s.binDir}/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }

waited=0
until [ "$(psql_ -Atc 'SELECT pg_is_in_recovery()' 2>/dev/null || true)" = "f" ]; do
  if [ "$waited" -ge ${PRIMARY_WAIT_SECONDS} ]; then
    echo "reconcile: $PGHOST did not answer as a primary within ${PRIMARY_WAIT_SECONDS} s" >&2
    exit 1
  fi
  sleep 5
  waited=$((waited + 5))
done

echo "reconcile: roles, passwords, databases and extensions"
psql_ -f ${scriptPath(SCRIPT_FILES.bootstrapSql)}

echo "reconcile: Patroni dynamic configuration"
python3 ${scriptPath(RECONCILE_FILES.dcs)}

pending="$(psql_ -Atc "SELECT string_agg(name || ' (running ' || setting || coalesce(unit, '') || ')', ', ' ORDER BY name) FROM pg_settings WHERE pending_restart")"
if [ -n "$pending" ]; then
  echo "reconcile: waiting for a restart of the members: $pending; restart them one at a time with patronictl restart --pending"
else
  echo "reconcile: no parameter waits for a restart"
fi
echo "reconcile: done"
`;
}

/** PATCH /config with patroni.yml's bootstrap.dcs, through the first member whose REST API answers. */
export function reconcileDcsScript(s: PostgresSettings): string {
  const members = s.podNames.map((pod) => `"http://${pod}.${s.names.headless}:${PORTS.patroni}"`).join(', ');
  return `"""PATCH /config with bootstrap.dcs of patroni.yml, through the first member that answers; then wait for the members to apply it."""
import base64
import json
import os
import sys
import time
import urllib.error
import urllib.request

import yaml

MEMBERS = [${members}]
with open("${PATHS.configDir}/${PATRONI_CONFIG_KEY}") as f:
    wanted = yaml.safe_load(f)["bootstrap"]["dcs"]
body = json.dumps(wanted).encode()
user, secret = os.environ["PATRONI_RESTAPI_USERNAME"], os.environ["PATRONI_RESTAPI_PASSWORD"]
auth = "Basic " + base64.b64encode(("%s:%s" % (user, secret)).encode()).decode()
errors = []
for member in MEMBERS:
    request = urllib.request.Request(member + "/config", data=body, method="PATCH",
                                     headers={"Content-Type": "application/json", "Authorization": auth})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            applied = json.loads(response.read().decode())
        break
    except (urllib.error.URLError, OSError, ValueError) as err:
        errors.append("%s: %s" % (member, err))
else:
    sys.exit("reconcile: no member accepted PATCH /config: %s" % "; ".join(errors))
parameters = wanted.get("postgresql", {}).get("parameters", {})
differ = sorted(k for k, v in parameters.items() if str(applied.get("postgresql", {}).get("parameters", {}).get(k)) != str(v))
print("reconcile: dynamic configuration applied through %s: %d DCS parameters%s" % (
    member, len(parameters), "; not taken: " + ", ".join(differ) if differ else ""))
# members apply the new configuration on their next loop
time.sleep(int(wanted.get("loop_wait", 10)) + 2)
`;
}

/** The PostSync Job. Its pod reaches `-rw` and the members' REST API (see the network policies). */
export function reconcileJob(scope: Construct, s: PostgresSettings, ctx: ComponentContext, pullPolicy?: string): k8s.KubeJob {
  const mesh = meshEnabled(ctx);
  const { labels, selector } = reconcileLabels(s);
  return new k8s.KubeJob(scope, 'Reconcile', {
    metadata: {
      name: `${s.name}-reconcile`,
      labels,
      annotations: { 'argocd.argoproj.io/hook': 'PostSync', 'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation' },
    },
    spec: {
      backoffLimit: 2,
      activeDeadlineSeconds: PRIMARY_WAIT_SECONDS + 300,
      template: {
        metadata: { labels: { ...labels, ...selector }, ...(mesh ? { annotations: HOLD_UNTIL_PROXY_STARTS } : {}) },
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: podSecurityContext(SPILO_UID, SPILO_GID),
          containers: [{
            name: 'reconcile',
            image: s.image,
            imagePullPolicy: pullPolicy,
            command: ['/bin/sh', scriptPath(RECONCILE_FILES.script)],
            env: [
              { name: 'PGPASSWORD', valueFrom: { secretKeyRef: { name: s.spec.superuserSecret.name, key: s.spec.superuserSecret.key } } },
              ...restApiEnv(s),
              { name: 'HOME', value: PATHS.tmp },
            ],
            resources: resources(undefined, RECONCILE_RESOURCES),
            securityContext: containerSecurityContext(),
            volumeMounts: [
              { name: VOLUMES.config, mountPath: PATHS.configDir, readOnly: true },
              ...rolePasswordMounts(),
              { name: VOLUMES.tmp, mountPath: PATHS.tmp },
            ],
          }],
          volumes: [
            { name: VOLUMES.config, configMap: { name: s.names.config, defaultMode: 0o444 } },
            ...rolePasswordVolumes(s),
            { name: VOLUMES.tmp, emptyDir: { sizeLimit: k8s.Quantity.fromString('16Mi') } },
          ],
        },
      },
    },
  });
}
