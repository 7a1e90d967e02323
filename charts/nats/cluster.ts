import { k8s } from '../lib/k8s';
import { Construct } from 'constructs';
import { ComponentContext, meshEnabled } from '../lib/context';
import { dashboardConfigMap } from '../lib/dashboards';
import { podDisruptionBudget } from '../lib/disruption';
import { syncWave, SyncWave } from '../lib/gitops';
import { imageVersion, objectLabels, selectorLabels } from '../lib/labels';
import { tcpDestinationRule } from '../lib/mesh';
import { metricsPortsPermissive } from '../lib/metrics-mtls';
import { podMonitor, prometheusRule } from '../lib/monitoring';
import { service } from '../lib/service';
import { NatsSpec } from '../spec';
import { natsAlertGroups } from './alerts';
import { natsAccounts } from './auth';
import { natsConf } from './config';
import { START_SCRIPT, startScript } from './start-script';
import { natsDashboard } from './dashboard';
import { PORT_NAMES, PORTS } from './layout';
import { nackResources } from './nack';
import { natsNetworkPolicies } from './network';
import { natsSettings, NatsSettings } from './settings';
import { natsStatefulSet } from './statefulset';
import { consumerConfigs, streamConfigs } from './stream-configs';
import { streamJob } from './stream-job';

/**
 * A NATS JetStream cluster and its streams: the servers (StatefulSet, headless and client
 * Services, config, PDB, network policies, mesh policy), their monitoring (PodMonitor on the
 * exporter sidecar, alert rules) and the declared streams, as NACK resources or applied by a Job.
 */
export class NatsCluster extends Construct {
  readonly settings: NatsSettings;

  constructor(scope: Construct, id: string, ctx: ComponentContext, spec: NatsSpec) {
    super(scope, id);
    const s = natsSettings(spec, ctx.namespace);
    this.settings = s;
    const version = imageVersion(s.image);
    const identity = (component: string) => ({ name: 'nats', instance: s.name, component });
    const selector = selectorLabels(identity('server'));
    const labels = objectLabels({ ...identity('server'), version });
    const accounts = natsAccounts(ctx, s);
    const conf = natsConf(s, accounts);
    const script = accounts ? startScript(accounts) : undefined;

    new k8s.KubeConfigMap(this, 'Config', {
      metadata: { name: `${s.name}-config`, labels, annotations: syncWave(SyncWave.MESSAGING) },
      data: { 'nats.conf': conf, ...(script ? { [START_SCRIPT]: script } : {}) },
    });
    new k8s.KubeConfigMap(this, 'Streams', {
      metadata: { name: s.streamsConfigMapName, labels: objectLabels(identity('streams')), annotations: syncWave(SyncWave.MESSAGING) },
      data: streamFiles(spec),
    });
    natsStatefulSet(this, ctx, s, { labels, selector, conf, accounts, startScript: script });

    const ports = [
      { name: PORT_NAMES.client, port: PORTS.client },
      { name: PORT_NAMES.cluster, port: PORTS.cluster },
      { name: PORT_NAMES.monitor, port: PORTS.monitor },
    ];
    // every port, so Istio knows each one (pod-IP connections included) and routes work under STRICT mTLS
    service(this, 'Headless', { name: s.headlessName, labels, selector, ports, headless: true, publishNotReadyAddresses: true });
    service(this, 'Client', { name: s.name, labels, selector, ports: [{ name: PORT_NAMES.client, port: PORTS.client }] });
    podDisruptionBudget(this, 'Pdb', { name: s.name, replicas: s.servers, selector, labels });

    const jobSelector = selectorLabels(identity('stream-job'));
    natsNetworkPolicies(this, ctx, s, { labels, selector, jobSelector });

    if (meshEnabled(ctx)) {
      tcpDestinationRule(this, 'DestinationRule', ctx, { name: s.name, labels, host: s.name });
      metricsPortsPermissive(this, 'MetricsMtls', ctx, { name: `${s.name}-metrics`, labels, selector, ports: [PORTS.metrics] });
    }

    podMonitor(this, 'PodMonitor', ctx, { name: s.name, labels, selector, ports: [PORT_NAMES.metrics] });
    prometheusRule(this, 'Rules', ctx, { name: s.name, labels, groups: natsAlertGroups(s) });
    dashboardConfigMap(this, ctx, natsDashboard(s), labels);

    if (Object.keys(spec.streams ?? {}).length > 0) {
      if (s.streamManagement === 'job') {
        streamJob(this, ctx, s, { labels: objectLabels(identity('stream-job')) });
      } else {
        nackResources(this, s, (component) => objectLabels(identity(component)));
      }
    }
  }
}

/**
 * The `<name>-streams` ConfigMap data: one JetStream API config per stream and consumer. Written
 * in both modes: the Job applies them, and they document exactly what NACK is asked to create.
 */
export function streamFiles(spec: NatsSpec): Record<string, string> {
  const files: Record<string, string> = {};
  for (const config of streamConfigs(spec)) files[`stream.${config.name}.json`] = JSON.stringify(config, null, 2) + '\n';
  for (const { stream, config } of consumerConfigs(spec)) {
    files[`consumer.${stream}.${config.durable_name}.json`] = JSON.stringify(config, null, 2) + '\n';
  }
  return files;
}
