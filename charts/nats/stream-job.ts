import { k8s } from '../lib/k8s';
import { Construct } from 'constructs';
import { ComponentContext, meshEnabled } from '../lib/context';
import { resources } from '../lib/resources';
import { containerSecurityContext, podSecurityContext } from '../lib/security';
import { NATS_BOX_IMAGE } from './images';
import { NATS_UID, PATHS } from './layout';
import { NatsSettings } from './settings';
import { PROXY_CONFIG_ANNOTATION } from './statefulset';

/**
 * The apply script: waits for JetStream, then adds each stream that is missing and edits the
 * ones that exist (both idempotent: an unchanged config is a no-op), then the consumers. It never
 * deletes a stream: one removed from the spec stays, with its messages, until someone removes
 * it by hand. Under Istio the sidecar is told to exit so the Job can complete.
 */
export function applyScript(mesh: boolean): string {
  const dir = PATHS.streamsDir;
  return [
    'set -eu',
    ...(mesh ? ["trap 'wget -q -O /dev/null --post-data=quit http://127.0.0.1:15020/quitquitquit || true' EXIT"] : []),
    'tries=0',
    'until nats account info >/dev/null 2>&1; do',
    '  tries=$((tries + 1)); [ "$tries" -le 60 ] || { echo "JetStream not reachable at $NATS_URL" >&2; exit 1; }',
    '  sleep 5',
    'done',
    `for f in ${dir}/stream.*.json; do`,
    '  [ -e "$f" ] || continue',
    '  name=$(basename "$f" .json); name=${name#stream.}',
    '  if nats stream info "$name" >/dev/null 2>&1; then nats stream edit "$name" --config "$f" --force',
    '  else nats stream add "$name" --config "$f"; fi',
    'done',
    `for f in ${dir}/consumer.*.json; do`,
    '  [ -e "$f" ] || continue',
    '  id=$(basename "$f" .json); id=${id#consumer.}; stream=${id%%.*}; consumer=${id#*.}',
    '  if nats consumer info "$stream" "$consumer" >/dev/null 2>&1; then nats consumer edit "$stream" "$consumer" --config "$f" --force',
    '  else nats consumer add "$stream" "$consumer" --config "$f"; fi',
    'done',
    'echo "streams applied"',
  ].join('\n') + '\n';
}

/**
 * ArgoCD PostSync hook: runs after every sync once the StatefulSet is healthy, and is replaced
 * (BeforeHookCreation) on the next one, which sidesteps the Job template's immutability.
 */
export function streamJob(scope: Construct, ctx: ComponentContext, s: NatsSettings, props: {
  labels: Record<string, string>;
}): k8s.KubeJob {
  const mesh = meshEnabled(ctx);
  const env: k8s.EnvVar[] = [
    { name: 'NATS_URL', value: s.clientUrl },
    { name: 'HOME', value: '/tmp' },
  ];
  if (s.streamAdminSecret !== undefined) {
    env.push(
      { name: 'NATS_USER', valueFrom: { secretKeyRef: { name: s.streamAdminSecret, key: 'user' } } },
      { name: 'NATS_PASSWORD', valueFrom: { secretKeyRef: { name: s.streamAdminSecret, key: 'password' } } },
    );
  }
  if (s.spec.tlsSecret !== undefined) env.push({ name: 'NATS_CA', value: `${PATHS.tlsDir}/ca.crt` });
  return new k8s.KubeJob(scope, 'StreamJob', {
    metadata: {
      name: `${s.name}-streams`,
      labels: props.labels,
      annotations: {
        'argocd.argoproj.io/hook': 'PostSync',
        'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
      },
    },
    spec: {
      backoffLimit: 3,
      activeDeadlineSeconds: 900,
      template: {
        metadata: {
          labels: props.labels,
          ...(mesh ? { annotations: { [PROXY_CONFIG_ANNOTATION]: JSON.stringify({ holdApplicationUntilProxyStarts: true }) } } : {}),
        },
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          securityContext: podSecurityContext(NATS_UID),
          containers: [{
            name: 'apply-streams',
            image: s.spec.natsBoxImage ?? NATS_BOX_IMAGE,
            imagePullPolicy: ctx.spec.common?.imagePullPolicy ?? 'IfNotPresent',
            command: ['/bin/sh', '-c', applyScript(mesh)],
            env,
            resources: resources(undefined, { cpu: '50m', memory: '64Mi' }),
            securityContext: containerSecurityContext(),
            volumeMounts: [
              { name: 'streams', mountPath: PATHS.streamsDir, readOnly: true },
              { name: 'tmp', mountPath: '/tmp' },
              ...(s.spec.tlsSecret !== undefined ? [{ name: 'tls', mountPath: PATHS.tlsDir, readOnly: true }] : []),
            ],
          }],
          volumes: [
            { name: 'streams', configMap: { name: s.streamsConfigMapName } },
            { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('16Mi') } },
            ...(s.spec.tlsSecret !== undefined ? [{ name: 'tls', secret: { secretName: s.spec.tlsSecret, items: [{ key: 'ca.crt', path: 'ca.crt' }] } }] : []),
          ],
        },
      },
    },
  });
}
