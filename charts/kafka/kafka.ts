import { Construct } from 'constructs';
import { ComponentContext, meshEnabled } from '../lib/context';
import { objectLabels } from '../lib/labels';
import { KafkaSpec } from '../spec';
import { kafkaClients } from './clients';
import { kafkaResource } from './cluster';
import { kafkaDestinationRules } from './mesh';
import { kafkaMonitors, metricsConfigMap, metricsNetworkPolicy } from './monitoring';
import { nodePools } from './node-pools';
import { KafkaSettings, kafkaSettings } from './settings';
import { kafkaTopics } from './topics';
import { kafkaUsers } from './users';

/**
 * The whole Kafka component: Strimzi custom resources (Kafka, node pools, topics, users), the JMX
 * exporter rules, monitors, alerts and the scrape NetworkPolicy. Strimzi's Cluster Operator
 * (installed outside this platform) turns them into pods, Services, PDBs and listener policies.
 *
 * Labels: the Kafka and KafkaNodePool resources carry no `app.kubernetes.io/instance`. Strimzi
 * copies their labels to the pods, Services and PVCs it creates (minus those matching the
 * operator's STRIMZI_LABELS_EXCLUSION_PATTERN), and an ArgoCD tracking resources by that label
 * takes a PVC carrying it for an Application object missing from Git, and prunes it. ArgoCD's
 * label mode stamps the label on whatever it applies, so there only the exclusion pattern protects
 * the PVCs; with annotation tracking (the ArgoCD 3.x default) no PVC can inherit it from us.
 */
export class KafkaCluster extends Construct {
  readonly settings: KafkaSettings;

  constructor(scope: Construct, id: string, ctx: ComponentContext, spec: KafkaSpec) {
    super(scope, id);
    const s = kafkaSettings(ctx.spec, spec);
    this.settings = s;
    const labels = (component: string) => objectLabels({ name: 'kafka', instance: s.name, component });
    const crLabels = (component: string) => {
      const { 'app.kubernetes.io/instance': _omitted, ...rest } = labels(component);
      return rest;
    };
    const metricsName = `${s.name}-metrics`;

    metricsConfigMap(this, { name: metricsName, labels: labels('metrics'), cruiseControl: spec.cruiseControl ?? false });
    kafkaResource(this, ctx, { settings: s, spec, metricsConfigMap: metricsName, labels: crLabels('cluster') });
    nodePools(this, { settings: s, labels: (pool) => crLabels(pool.name), zoneSpread: ctx.spec.common?.zoneSpread ?? true });
    kafkaTopics(this, { settings: s, labels: labels('topic') });
    kafkaUsers(this, { settings: s, clients: kafkaClients(ctx.spec), labels: () => labels('user') });
    kafkaMonitors(this, ctx, { settings: s, labels: labels('monitoring') });
    metricsNetworkPolicy(this, ctx, { settings: s, labels: labels('metrics') });
    if (meshEnabled(ctx)) kafkaDestinationRules(this, ctx, { settings: s, labels: labels('mesh') });
  }
}
