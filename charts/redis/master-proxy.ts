import { k8s } from '../lib/k8s';
import { Construct } from 'constructs';
import { CONFIG_CHECKSUM_ANNOTATION, configChecksum } from '../lib/checksum';
import { ComponentContext, meshEnabled } from '../lib/context';
import { podDisruptionBudget } from '../lib/disruption';
import { syncWave, SyncWave } from '../lib/gitops';
import { imageVersion, objectLabels, selectorLabels, WorkloadIdentity } from '../lib/labels';
import { tcpDestinationRule } from '../lib/mesh';
import { metricsPortsPermissive } from '../lib/metrics-mtls';
import { podMonitor } from '../lib/monitoring';
import { allowIngress } from '../lib/network';
import { httpProbe } from '../lib/probes';
import { resources } from '../lib/resources';
import { spreadAcrossNodes } from '../lib/scheduling';
import { containerSecurityContext, podSecurityContext } from '../lib/security';
import { service } from '../lib/service';
import { PORT_NAMES } from './containers';
import { HAPROXY_UID } from './images';
import { clusterLayout, haproxyConfig, PROXY_PORTS } from './master-proxy-config';
import { masterServiceName } from './names';
import { passwordEnv } from './pod-env';
import { MASTER_PROXY_RESOURCES, RedisSettings } from './settings';

const CONFIG_DIR = '/usr/local/etc/haproxy';
const CONFIG_FILE = 'haproxy.cfg';

/** Pods of the master proxy of instance `name`; the data pods' NetworkPolicy admits them. */
export function masterProxySelector(name: string): Record<string, string> {
  return selectorLabels(masterProxyIdentity(name));
}

function masterProxyIdentity(name: string, image?: string): WorkloadIdentity {
  return { name: 'haproxy', instance: name, component: 'redis-master-proxy', ...(image ? { version: imageVersion(image) } : {}) };
}

/**
 * `<name>-master`: a Service that always reaches the current master, for clients that cannot
 * speak Sentinel. A Deployment of HAProxy routes each connection to the data pod that reports
 * role master and that a majority of the sentinels name (see master-proxy-config.ts); the pods
 * need no Kubernetes API access. During a failover new connections are refused until the new
 * master is agreed (a few seconds after Sentinel promotes it), and connections to the old master
 * are cut once it reports itself a replica; a planned handover pauses writes on the old master
 * first (CLIENT PAUSE WRITE), so no write acknowledged by it is lost in between.
 */
export function masterProxy(scope: Construct, ctx: ComponentContext, s: RedisSettings, meshAnnotations: Record<string, string> | undefined): void {
  const proxy = s.masterProxy;
  if (!proxy) return;
  const name = masterServiceName(s.name);
  const labels = objectLabels(masterProxyIdentity(s.name, proxy.image));
  const selector = masterProxySelector(s.name);
  const config = haproxyConfig(clusterLayout(s, ctx.namespace));

  new k8s.KubeConfigMap(scope, 'MasterProxyConfig', {
    metadata: { name, labels, annotations: syncWave(SyncWave.CONFIG) },
    data: { [CONFIG_FILE]: config },
  });
  new k8s.KubeDeployment(scope, 'MasterProxy', {
    metadata: { name, labels, annotations: syncWave(SyncWave.DATA) },
    spec: {
      replicas: proxy.replicas,
      selector: { matchLabels: selector },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromNumber(1) } },
      template: {
        metadata: { labels, annotations: { [CONFIG_CHECKSUM_ANNOTATION]: configChecksum(config), ...(meshAnnotations ?? {}) } },
        spec: {
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: podSecurityContext(HAPROXY_UID),
          terminationGracePeriodSeconds: 30,
          ...spreadAcrossNodes(selector, ctx.spec.common?.zoneSpread ?? true),
          containers: [{
            name: 'haproxy',
            image: proxy.image,
            imagePullPolicy: ctx.spec.common?.imagePullPolicy ?? 'IfNotPresent',
            command: ['haproxy', '-f', `${CONFIG_DIR}/${CONFIG_FILE}`],
            // the health checks read it at run time; it never reaches the ConfigMap
            env: passwordEnv(s, ['REDIS_PASSWORD']),
            ports: [
              { name: PORT_NAMES.redis, containerPort: PROXY_PORTS.redis, protocol: 'TCP' },
              { name: PORT_NAMES.metrics, containerPort: PROXY_PORTS.metrics, protocol: 'TCP' },
            ],
            resources: resources(proxy.resources, MASTER_PROXY_RESOURCES),
            securityContext: containerSecurityContext(),
            // ready while HAProxy runs, master or not: a refused connection fails faster than a missing endpoint
            readinessProbe: httpProbe('/healthz', PROXY_PORTS.metrics, { periodSeconds: 5 }),
            livenessProbe: httpProbe('/healthz', PROXY_PORTS.metrics),
            // HAProxy closes its connections at SIGTERM: let the endpoints drop this pod first
            lifecycle: { preStop: { exec: { command: ['sleep', '5'] } } },
            volumeMounts: [{ name: 'config', mountPath: CONFIG_DIR, readOnly: true }],
          }],
          volumes: [{ name: 'config', configMap: { name } }],
        },
      },
    },
  });
  service(scope, 'MasterService', {
    name,
    labels,
    selector,
    annotations: syncWave(SyncWave.DATA),
    ports: [{ name: PORT_NAMES.redis, port: PROXY_PORTS.redis }],
  });
  podDisruptionBudget(scope, 'MasterProxyBudget', { name, replicas: proxy.replicas, selector, labels });
  allowIngress(scope, 'MasterProxyIngress', ctx, {
    name,
    labels,
    podSelector: selector,
    ports: [PROXY_PORTS.redis],
    metricsPorts: [PROXY_PORTS.metrics],
    calledAs: 'redis',
  });
  metricsPortsPermissive(scope, 'MasterProxyMetricsMtls', ctx, { name: `${name}-metrics`, labels, selector, ports: [PROXY_PORTS.metrics] });
  podMonitor(scope, 'MasterProxyMonitor', ctx, { name, labels, selector, ports: [PORT_NAMES.metrics] });
  if (meshEnabled(ctx)) tcpDestinationRule(scope, 'MasterMesh', ctx, { name, labels, host: name });
}
