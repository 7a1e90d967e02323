import { k8s } from '../lib/k8s';
import { Construct } from 'constructs';
import { StatefulSetWithClaimKinds } from '../lib/stateful-set';
import { CONFIG_CHECKSUM_ANNOTATION, configChecksum } from '../lib/checksum';
import { ComponentContext, meshEnabled } from '../lib/context';
import { dataBearing, SyncWave } from '../lib/gitops';
import { httpProbe, startupOf, tcpProbe } from '../lib/probes';
import { resources } from '../lib/resources';
import { spreadAcrossNodes } from '../lib/scheduling';
import { containerSecurityContext, podSecurityContext } from '../lib/security';
import { RETAIN_VOLUMES, volumeClaimTemplate } from '../lib/storage';
import { EXPORTER_IMAGE } from './images';
import { accountsEnv, NatsAccounts } from './auth';
import { ENV, LAME_DUCK, NATS_UID, PATHS, PORT_NAMES, PORTS } from './layout';
import { NatsSettings } from './settings';
import { parseQuantityBytes } from './sizes';
import { START_SCRIPT } from './start-script';

export const PROXY_CONFIG_ANNOTATION = 'proxy.istio.io/config';
export const DEFAULT_CPU = '250m';
/** Headroom above the memory store for connections, file-store caches and the Go runtime. */
export const MEMORY_HEADROOM_BYTES = 1024n ** 3n;
export const DATA_VOLUME = 'data';

/**
 * The servers. Parallel pod management: OrderedReady would wait for pod 0 to be ready, which
 * needs a JetStream quorum, which needs the other pods (and the field is immutable). Pods roll
 * when nats.conf changes (checksum annotation) rather than reloading in place: every change is
 * a visible rolling restart, one pod at a time, each gated by a startup probe that waits until
 * its streams have caught up, so quorum is never lost.
 */
export function natsStatefulSet(scope: Construct, ctx: ComponentContext, s: NatsSettings, props: {
  labels: Record<string, string>;
  selector: Record<string, string>;
  conf: string;
  accounts?: NatsAccounts;
  /** The start script beside nats.conf, when nats.conf names Secret values (generated accounts). */
  startScript?: string;
}): k8s.KubeStatefulSet {
  const spec = s.spec;
  const memory = defaultMemory(s);
  const natsResources = resources(spec.resources, { cpu: DEFAULT_CPU, memory });
  const annotations: Record<string, string> = { [CONFIG_CHECKSUM_ANNOTATION]: configChecksum(props.conf, ...(props.startScript ? [props.startScript] : [])) };
  if (meshEnabled(ctx)) {
    annotations[PROXY_CONFIG_ANNOTATION] = JSON.stringify({ holdApplicationUntilProxyStarts: true, terminationDrainDuration: LAME_DUCK.proxyDrainDuration });
  }
  const monitorProbe = (path: string) => httpProbe(path, PORT_NAMES.monitor);

  return new StatefulSetWithClaimKinds(scope, 'Resource', {
    metadata: { name: s.name, labels: props.labels, annotations: dataBearing(SyncWave.MESSAGING) },
    spec: {
      serviceName: s.headlessName,
      replicas: s.servers,
      podManagementPolicy: 'Parallel',
      updateStrategy: { type: 'RollingUpdate' },
      persistentVolumeClaimRetentionPolicy: RETAIN_VOLUMES,
      selector: { matchLabels: props.selector },
      template: {
        metadata: { labels: props.labels, annotations },
        spec: {
          securityContext: podSecurityContext(NATS_UID),
          terminationGracePeriodSeconds: LAME_DUCK.terminationGracePeriodSeconds,
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          ...spreadAcrossNodes(props.selector, ctx.spec.common?.zoneSpread ?? true, s.spec.requireSeparateNodes ?? false),
          containers: [
            {
              name: 'nats',
              image: s.image,
              imagePullPolicy: ctx.spec.common?.imagePullPolicy ?? 'IfNotPresent',
              // with generated accounts, the start script quotes the Secret values nats.conf names
              command: props.startScript ? ['sh', `${PATHS.configDir}/${START_SCRIPT}`] : ['nats-server', '--config', PATHS.configFile],
              ports: [
                { name: PORT_NAMES.client, containerPort: PORTS.client, protocol: 'TCP' },
                { name: PORT_NAMES.cluster, containerPort: PORTS.cluster, protocol: 'TCP' },
                { name: PORT_NAMES.monitor, containerPort: PORTS.monitor, protocol: 'TCP' },
              ],
              env: [
                { name: ENV.podName, valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                { name: ENV.listenHost, value: '0.0.0.0' },
                ...(props.accounts ? accountsEnv(props.accounts) : []),
                ...goMemLimit(natsResources),
              ],
              resources: natsResources,
              securityContext: containerSecurityContext(),
              // full health (streams caught up) before the next pod of a rollout is touched
              startupProbe: startupOf(monitorProbe('/healthz'), 15),
              readinessProbe: monitorProbe('/healthz?js-server-only=true'),
              livenessProbe: { ...monitorProbe('/healthz?js-enabled-only=true'), periodSeconds: 30 },
              // lame duck: leaders move away, clients are closed gradually; SIGTERM is ignored meanwhile
              lifecycle: { preStop: { exec: { command: ['nats-server', '--signal', `ldm=${PATHS.pidFile}`] } } },
              volumeMounts: [
                { name: 'config', mountPath: PATHS.configDir, readOnly: true },
                { name: DATA_VOLUME, mountPath: PATHS.storeDir },
                { name: 'pid', mountPath: PATHS.pidDir },
                ...(spec.tlsSecret !== undefined ? [{ name: 'tls', mountPath: PATHS.tlsDir, readOnly: true }] : []),
              ],
            },
            {
              name: 'metrics',
              image: spec.exporterImage ?? EXPORTER_IMAGE,
              imagePullPolicy: ctx.spec.common?.imagePullPolicy ?? 'IfNotPresent',
              args: [
                '-port', String(PORTS.metrics),
                '-varz', '-connz', '-routez', '-jsz=all', '-healthz', '-healthz_js_server_only',
                `http://localhost:${PORTS.monitor}`,
              ],
              ports: [{ name: PORT_NAMES.metrics, containerPort: PORTS.metrics, protocol: 'TCP' }],
              resources: resources(undefined, { cpu: '20m', memory: '128Mi' }),
              securityContext: containerSecurityContext(),
              // a TCP check: every /metrics request makes the exporter query the server
              readinessProbe: tcpProbe(PORT_NAMES.metrics),
              livenessProbe: { ...tcpProbe(PORT_NAMES.metrics), periodSeconds: 30 },
            },
          ],
          volumes: [
            { name: 'config', projected: { sources: configSources(s, props.startScript !== undefined) } },
            { name: 'pid', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('1Mi') } },
            ...(spec.tlsSecret !== undefined ? [{ name: 'tls', secret: { secretName: spec.tlsSecret } }] : []),
          ],
        },
      },
      volumeClaimTemplates: [
        volumeClaimTemplate(DATA_VOLUME, spec.storage, props.selector, ctx.spec.common?.storageClass),
      ],
    },
  });
}

/** nats.conf (and the start script) from the ConfigMap and, with auth, the Secret's include file beside it. */
function configSources(s: NatsSettings, withStartScript: boolean): k8s.VolumeProjection[] {
  const files = ['nats.conf', ...(withStartScript ? [START_SCRIPT] : [])];
  const sources: k8s.VolumeProjection[] = [
    { configMap: { name: `${s.name}-config`, items: files.map((f) => ({ key: f, path: f })) } },
  ];
  if (s.spec.authSecret) {
    sources.push({ secret: { name: s.spec.authSecret.name, items: [{ key: s.spec.authSecret.key, path: PATHS.authFile }] } });
  }
  return sources;
}

/** Memory store plus headroom, as a quantity. */
export function defaultMemory(s: NatsSettings): string {
  const mib = (s.maxMemoryStoreBytes + MEMORY_HEADROOM_BYTES + 1024n ** 2n - 1n) / 1024n ** 2n;
  return mib % 1024n === 0n ? `${mib / 1024n}Gi` : `${mib}Mi`;
}

/** GOMEMLIMIT at 90% of the memory limit: the Go GC works harder before the kernel OOM-kills. */
function goMemLimit(r: k8s.ResourceRequirements): k8s.EnvVar[] {
  const limit = r.limits?.memory;
  const bytes = limit ? parseQuantityBytes(String(limit.value)) : undefined;
  return bytes ? [{ name: 'GOMEMLIMIT', value: String((bytes * 9n) / 10n) }] : [];
}
