import { Construct } from 'constructs';
import { ComponentContext, meshEnabled } from '../lib/context';
import { dashboardConfigMap } from '../lib/dashboards';
import { podDisruptionBudget } from '../lib/disruption';
import { podMonitor, prometheusRule } from '../lib/monitoring';
import { PostgresSpec } from '../spec';
import { postgresAlertGroups } from './alerts';
import { backupCronJobs } from './backup';
import { postgresDashboard } from './dashboard';
import { patroniConfigMap, patroniFiles, patroniFilesChecksum } from './config-map';
import { postgresMeshPolicies, postgresNetworkPolicies } from './network';
import { backupRbac, patroniRbac } from './rbac';
import { reconcileJob } from './reconcile';
import { postgresServices } from './services';
import { postgresSettings, PostgresSettings } from './settings';
import { memberStatefulSet } from './statefulset';

export const DEFAULT_VOLUME_RATIO = 0.85;

/**
 * A PostgreSQL cluster run by Patroni inside a plain StatefulSet: one primary and streaming
 * replicas, automatic failover through the Kubernetes DCS (ConfigMap mode), role Services,
 * WAL-G archiving and scheduled backups, metrics, alerts and network policy. No operator.
 */
export class PostgresCluster extends Construct {
  readonly settings: PostgresSettings;

  constructor(scope: Construct, id: string, ctx: ComponentContext, pg: PostgresSpec) {
    super(scope, id);
    const s = postgresSettings(pg);
    this.settings = s;
    const pullPolicy = ctx.spec.common?.imagePullPolicy;
    const files = patroniFiles(s, meshEnabled(ctx));

    patroniConfigMap(this, 'Config', s, files);
    patroniRbac(this, s, ctx.namespace);
    memberStatefulSet(this, 'Resource', s, {
      checksum: patroniFilesChecksum(files),
      pullPolicy,
      zoneSpread: ctx.spec.common?.zoneSpread ?? true,
      defaultStorageClass: ctx.spec.common?.storageClass,
      mesh: meshEnabled(ctx),
    });
    postgresServices(this, s);
    reconcileJob(this, s, ctx, pullPolicy);
    podDisruptionBudget(this, 'Disruption', { name: s.name, replicas: s.members, selector: s.selector, labels: s.labels });
    postgresNetworkPolicies(this, ctx, s);
    postgresMeshPolicies(this, ctx, s);
    if (s.backup) {
      backupRbac(this, s, ctx.namespace);
      backupCronJobs(this, s, ctx, pullPolicy);
    }
    podMonitor(this, 'Monitor', ctx, { name: s.name, labels: s.labels, selector: s.selector, ports: ['http-metrics'] });
    prometheusRule(this, 'Alerts', ctx, {
      name: s.name,
      labels: s.labels,
      groups: postgresAlertGroups(s, ctx.namespace, ctx.spec.monitoring?.thresholds?.volumeRatio ?? DEFAULT_VOLUME_RATIO),
    });
    dashboardConfigMap(this, ctx, postgresDashboard(s, ctx.namespace), s.labels);
  }
}
