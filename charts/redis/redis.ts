import { k8s } from '../lib/k8s';
import { Construct } from 'constructs';
import { configChecksum } from '../lib/checksum';
import { ComponentContext, meshEnabled } from '../lib/context';
import { dashboardConfigMap } from '../lib/dashboards';
import { podDisruptionBudget } from '../lib/disruption';
import { syncWave, SyncWave } from '../lib/gitops';
import { imageVersion, objectLabels, selectorLabels, WorkloadIdentity } from '../lib/labels';
import { tcpDestinationRule } from '../lib/mesh';
import { metricsPortsPermissive } from '../lib/metrics-mtls';
import { podMonitor, prometheusRule } from '../lib/monitoring';
import { allowIngress } from '../lib/network';
import { service } from '../lib/service';
import { RedisSpec } from '../spec';
import { redisAlerts } from './alerts';
import { masterProxy, masterProxySelector } from './master-proxy';
import { redisConfTemplate, sentinelConfTemplate } from './config';
import { PORT_NAMES } from './containers';
import { redisDashboard, sentinelDashboard } from './dashboard';
import {
  configMapName, dataStatefulSetName, FILES, headlessServiceName, METRICS_PORT, REDIS_PORT, SENTINEL_PORT,
  sentinelServiceName, sentinelStatefulSetName,
} from './names';
import { COMMON_SH, PRESTOP_REDIS_SH, SCRIPTS, START_REDIS_SH, START_SENTINEL_SH } from './scripts';
import { redisSettings, RedisSettings } from './settings';
import { dataStatefulSet, sentinelStatefulSet } from './statefulsets';

/**
 * Istio sidecar settings for Redis pods: the start scripts talk to the sentinels at once, so the
 * application waits for the proxy; and the preStop failover talks to the sentinels after the pod
 * got its TERM signal, so the proxy keeps outbound traffic flowing for 30 s instead of 5 s.
 */
export const MESH_POD_ANNOTATIONS = {
  'proxy.istio.io/config': '{"holdApplicationUntilProxyStarts":true,"terminationDrainDuration":"30s"}',
};

/**
 * Redis with Sentinel, without an operator: a StatefulSet of data pods (one master, the rest
 * replicas) and a separate StatefulSet of sentinels, so losing a data pod (or its node) never
 * takes a sentinel vote with it. Clients that speak Sentinel ask `<name>-sentinel:26379` for the
 * master of `masterSet`; the others connect to `<name>-master:6379`, the master proxy.
 */
export class RedisSentinel extends Construct {
  readonly settings: RedisSettings;

  constructor(scope: Construct, id: string, ctx: ComponentContext, redis: RedisSpec) {
    super(scope, id);
    const s = redisSettings(ctx.spec, redis);
    this.settings = s;
    const identity = (component: string): WorkloadIdentity => ({ name: 'redis', instance: s.name, component, version: imageVersion(s.image) });
    const instanceSelector = selectorLabels({ name: 'redis', instance: s.name });
    const instanceLabels = objectLabels({ name: 'redis', instance: s.name, version: imageVersion(s.image) });
    const dataSelector = selectorLabels(identity('server'));
    const sentinelSelector = selectorLabels(identity('sentinel'));
    const mesh = meshEnabled(ctx);
    const common = {
      pullPolicy: ctx.spec.common?.imagePullPolicy ?? 'IfNotPresent',
      zoneSpread: ctx.spec.common?.zoneSpread ?? true,
      meshAnnotations: mesh ? MESH_POD_ANNOTATIONS : undefined,
    };

    const redisConf = redisConfTemplate(s);
    const sentinelConf = sentinelConfTemplate(s);
    new k8s.KubeConfigMap(this, 'Config', {
      metadata: { name: configMapName(s.name), labels: instanceLabels, annotations: syncWave(SyncWave.CONFIG) },
      data: { [FILES.redisConf]: redisConf, [FILES.sentinelConf]: sentinelConf, ...SCRIPTS },
    });

    dataStatefulSet(this, 'Resource', s, {
      ...common,
      labels: objectLabels(identity('server')),
      selector: dataSelector,
      checksum: configChecksum(redisConf, COMMON_SH, START_REDIS_SH, PRESTOP_REDIS_SH),
    });
    sentinelStatefulSet(this, 'Sentinel', s, {
      ...common,
      labels: objectLabels(identity('sentinel')),
      selector: sentinelSelector,
      checksum: configChecksum(sentinelConf, COMMON_SH, START_SENTINEL_SH),
    });

    service(this, 'Headless', {
      name: headlessServiceName(s.name),
      labels: instanceLabels,
      selector: instanceSelector,
      headless: true,
      publishNotReadyAddresses: true,
      ports: [{ name: PORT_NAMES.redis, port: REDIS_PORT }, { name: PORT_NAMES.sentinel, port: SENTINEL_PORT }],
    });
    service(this, 'SentinelService', {
      name: sentinelServiceName(s.name),
      labels: objectLabels(identity('sentinel')),
      selector: sentinelSelector,
      ports: [{ name: PORT_NAMES.sentinel, port: SENTINEL_PORT }],
    });

    podDisruptionBudget(this, 'DataBudget', { name: dataStatefulSetName(s.name), replicas: s.replicas, selector: dataSelector, labels: objectLabels(identity('server')) });
    podDisruptionBudget(this, 'SentinelBudget', { name: sentinelStatefulSetName(s.name), replicas: s.sentinels, selector: sentinelSelector, labels: objectLabels(identity('sentinel')) });

    allowIngress(this, 'Ingress', ctx, {
      name: s.name,
      labels: instanceLabels,
      podSelector: instanceSelector,
      ports: [REDIS_PORT, SENTINEL_PORT],
      metricsPorts: [METRICS_PORT],
      calledAs: 'redis',
      extraClients: s.masterProxy ? [masterProxySelector(s.name)] : [],
    });
    masterProxy(this, ctx, s, common.meshAnnotations);

    // Prometheus scrapes from outside the mesh: the exporter port accepts plain text under STRICT mTLS
    metricsPortsPermissive(this, 'MetricsMtls', ctx, { name: `${s.name}-metrics`, labels: instanceLabels, selector: instanceSelector, ports: [METRICS_PORT] });
    podMonitor(this, 'Monitor', ctx, { name: s.name, labels: instanceLabels, selector: instanceSelector, ports: [PORT_NAMES.metrics] });
    prometheusRule(this, 'Alerts', ctx, {
      name: s.name,
      labels: instanceLabels,
      groups: [redisAlerts(s, { namespace: ctx.namespace, memoryRatio: ctx.spec.monitoring?.thresholds?.memoryRatio })],
    });
    dashboardConfigMap(this, ctx, redisDashboard(s, ctx.namespace), instanceLabels);
    dashboardConfigMap(this, ctx, sentinelDashboard(s, ctx.namespace), instanceLabels);

    if (mesh) {
      tcpDestinationRule(this, 'SentinelMesh', ctx, { name: sentinelServiceName(s.name), labels: instanceLabels, host: sentinelServiceName(s.name) });
      tcpDestinationRule(this, 'HeadlessMesh', ctx, { name: headlessServiceName(s.name), labels: instanceLabels, host: headlessServiceName(s.name) });
    }
  }
}
