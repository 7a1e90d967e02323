import { k8s } from '../../lib/k8s';
import { Construct } from 'constructs';
import { CONFIG_CHECKSUM_ANNOTATION, configChecksum } from '../../lib/checksum';
import { ComponentContext, meshEnabled } from '../../lib/context';
import { dashboardConfigMap } from '../../lib/dashboards';
import { podDisruptionBudget } from '../../lib/disruption';
import { syncWave, SyncWave } from '../../lib/gitops';
import { tcpDestinationRule } from '../../lib/mesh';
import { metricsPortsPermissive } from '../../lib/metrics-mtls';
import { podMonitor, prometheusRule } from '../../lib/monitoring';
import { allowIngress } from '../../lib/network';
import { execProbe, tcpProbe } from '../../lib/probes';
import { resources } from '../../lib/resources';
import { spreadAcrossNodes } from '../../lib/scheduling';
import { containerSecurityContext, podSecurityContext } from '../../lib/security';
import { service } from '../../lib/service';
import { PostgresSpec, SecretKeyRef } from '../../spec';
import { POOLER_ADMIN_USER } from '../handover';
import { PGBOUNCER_GID, PGBOUNCER_UID } from '../images';
import { PGBOUNCER_AUTH_USER, postgresSettings } from '../settings';
import { pgbouncerAlertGroups } from './alerts';
import { pgbouncerFiles, POOLER_PATHS, USERLIST_SCRIPT_KEY } from './config';
import { pgbouncerDashboard } from './dashboard';
import {
  PGBOUNCER_EXPORTER_RESOURCES, PGBOUNCER_RESOURCES, pgbouncerSettings, PgBouncerSettings, PoolPlan, POOLER_PORTS,
  STATS_USER, USERLIST_INIT_RESOURCES,
} from './settings';

const VOLUMES = { config: 'config', secrets: 'secrets', auth: 'auth', tmp: 'tmp', tls: 'tls', ca: 'ca' } as const;

/**
 * PgBouncer in front of the cluster: a Deployment per pool (`<name>-pooler` on the primary,
 * optionally `<name>-pooler-ro` on the replicas), each with its Service, PDB and mesh policy, a
 * pgbouncer_exporter sidecar, and one NetworkPolicy, PodMonitor and rule group for both.
 */
export class PgBouncer extends Construct {
  readonly settings: PgBouncerSettings;

  constructor(scope: Construct, id: string, ctx: ComponentContext, pg: PostgresSpec) {
    super(scope, id);
    const pb = pgbouncerSettings(pg, pg.pgbouncer!);
    this.settings = pb;
    const files = pgbouncerFiles(pb);

    new k8s.KubeConfigMap(this, 'Config', {
      metadata: { name: pb.configMap, labels: pb.labels, annotations: syncWave(SyncWave.CONFIG) },
      data: files,
    });

    for (const pool of pb.pools) {
      const id = pool.kind === 'rw' ? 'Primary' : 'Replicas';
      const checksum = configChecksum(files[pool.configKey], files[USERLIST_SCRIPT_KEY]);
      // the primary pool's Deployment is this construct's primary object
      poolDeployment(this, pool.kind === 'rw' ? 'Resource' : 'ReplicasPool', ctx, pb, pool, pg, checksum);
      service(this, `${id}Service`, {
        name: pool.name,
        labels: pool.labels,
        selector: pool.selector,
        annotations: syncWave(SyncWave.DATA),
        ports: [{ name: 'tcp-pgbouncer', port: POOLER_PORTS.service, targetPort: POOLER_PORTS.listen }],
      });
      podDisruptionBudget(this, `${id}Disruption`, { name: pool.name, replicas: pb.replicas, selector: pool.selector, labels: pool.labels });
      if (meshEnabled(ctx)) tcpDestinationRule(this, `${id}Traffic`, ctx, { name: pool.name, labels: pool.labels, host: pool.name });
    }

    allowIngress(this, 'AllowClients', ctx, {
      name: pb.configMap,
      labels: pb.labels,
      podSelector: pb.selector,
      ports: [POOLER_PORTS.listen],
      metricsPorts: [POOLER_PORTS.metrics],
      calledAs: 'postgres',
      // the members' handover pauses and resumes the pools through the admin console
      extraClients: [postgresSettings(pg).selector],
    });
    metricsPortsPermissive(this, 'MetricsMtls', ctx, { name: `${pb.configMap}-metrics`, labels: pb.labels, selector: pb.selector, ports: [POOLER_PORTS.metrics] });
    podMonitor(this, 'Monitor', ctx, { name: pb.configMap, labels: pb.labels, selector: pb.selector, ports: ['http-metrics'] });
    prometheusRule(this, 'Alerts', ctx, { name: pb.configMap, labels: pb.labels, groups: pgbouncerAlertGroups(pb, ctx.namespace) });
    dashboardConfigMap(this, ctx, pgbouncerDashboard(pb, ctx.namespace), pb.labels);
  }
}

function poolDeployment(scope: Construct, id: string, ctx: ComponentContext, pb: PgBouncerSettings, pool: PoolPlan, pg: PostgresSpec, checksum: string): k8s.KubeDeployment {
  const pullPolicy = ctx.spec.common?.imagePullPolicy;
  const authMount = { name: VOLUMES.auth, mountPath: POOLER_PATHS.auth };
  return new k8s.KubeDeployment(scope, id, {
    metadata: { name: pool.name, labels: pool.labels, annotations: syncWave(SyncWave.DATA) },
    spec: {
      replicas: pb.replicas,
      selector: { matchLabels: pool.selector },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromNumber(1) } },
      template: {
        metadata: { labels: pool.labels, annotations: { [CONFIG_CHECKSUM_ANNOTATION]: checksum } },
        spec: {
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: podSecurityContext(PGBOUNCER_UID, PGBOUNCER_GID),
          // SIGTERM makes PgBouncer refuse new clients and wait for the connected ones to leave
          terminationGracePeriodSeconds: 60,
          ...spreadAcrossNodes(pool.selector, ctx.spec.common?.zoneSpread ?? true),
          // the userlist sidecar finds PgBouncer's process to send it SIGHUP after a password rotation
          shareProcessNamespace: true,
          initContainers: [userlistContainer('userlist', pb, pullPolicy, [])],
          containers: [
            userlistContainer('userlist-reload', pb, pullPolicy, ['watch']),
            {
              name: 'pgbouncer',
              image: pb.image,
              imagePullPolicy: pullPolicy,
              command: ['pgbouncer', `${POOLER_PATHS.config}/${pool.configKey}`],
              ports: [{ name: 'pgbouncer', containerPort: POOLER_PORTS.listen, protocol: 'TCP' }],
              resources: resources(pb.spec.resources, PGBOUNCER_RESOURCES),
              securityContext: containerSecurityContext(),
              readinessProbe: tcpProbe(POOLER_PORTS.listen, { periodSeconds: 5 }),
              livenessProbe: tcpProbe(POOLER_PORTS.listen, { failureThreshold: 6 }),
              // let endpoints drop this pod before PgBouncer stops accepting clients
              lifecycle: { preStop: { exec: { command: ['/bin/sleep', '5'] } } },
              volumeMounts: [
                { name: VOLUMES.config, mountPath: POOLER_PATHS.config, readOnly: true },
                { ...authMount, readOnly: true },
                { name: VOLUMES.tmp, mountPath: '/tmp' },
                ...(pb.tls ? [{ name: VOLUMES.tls, mountPath: POOLER_PATHS.tls, readOnly: true }] : []),
                ...(pb.tls?.caSecret ? [{ name: VOLUMES.ca, mountPath: POOLER_PATHS.ca, readOnly: true }] : []),
              ],
            },
            {
              name: 'exporter',
              image: pb.exporterImage,
              imagePullPolicy: pullPolicy,
              // the stats password exists only in the pod; read it at start
              command: ['/bin/sh', '-c',
                `exec /bin/pgbouncer_exporter --web.listen-address=:${POOLER_PORTS.metrics} ` +
                `--pgBouncer.connectionString="postgres://${STATS_USER}:$(cat ${POOLER_PATHS.auth}/stats-password)@127.0.0.1:${POOLER_PORTS.listen}/pgbouncer?sslmode=${pb.tls ? 'require' : 'disable'}"`],
              ports: [{ name: 'http-metrics', containerPort: POOLER_PORTS.metrics, protocol: 'TCP' }],
              resources: resources(undefined, PGBOUNCER_EXPORTER_RESOURCES),
              securityContext: containerSecurityContext(),
              readinessProbe: tcpProbe(POOLER_PORTS.metrics),
              livenessProbe: tcpProbe(POOLER_PORTS.metrics, { failureThreshold: 6 }),
              volumeMounts: [{ ...authMount, readOnly: true }],
            },
          ],
          volumes: [
            { name: VOLUMES.config, configMap: { name: pb.configMap, defaultMode: 0o444 } },
            secretsVolume(userSecrets(pb, pg)),
            { name: VOLUMES.auth, emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('1Mi') } },
            { name: VOLUMES.tmp, emptyDir: { sizeLimit: k8s.Quantity.fromString('16Mi') } },
            // readable by PgBouncer's group (the pod's fsGroup) only
            ...(pb.tls ? [{ name: VOLUMES.tls, secret: { secretName: pb.tls.certificateSecret, defaultMode: 0o440 } }] : []),
            ...(pb.tls?.caSecret ? [{ name: VOLUMES.ca, secret: { secretName: pb.tls.caSecret.name, items: [{ key: pb.tls.caSecret.key, path: 'ca.crt' }], defaultMode: 0o444 } }] : []),
          ],
        },
      },
    },
  });
}

/** Builds the auth_file from the Secret files: once (init container) or on every change (`watch`, a sidecar). */
function userlistContainer(name: string, pb: PgBouncerSettings, pullPolicy: string | undefined, args: string[]): k8s.Container {
  return {
    name,
    image: pb.image,
    imagePullPolicy: pullPolicy,
    command: ['/bin/sh', `${POOLER_PATHS.config}/${USERLIST_SCRIPT_KEY}`, ...args],
    resources: resources(undefined, USERLIST_INIT_RESOURCES),
    securityContext: containerSecurityContext(),
    // the sidecar only watches files: the pod's readiness must not depend on it
    ...(args.length > 0 ? { readinessProbe: execProbe(['/bin/true'], { periodSeconds: 30 }), livenessProbe: execProbe(['/bin/true'], { periodSeconds: 30 }) } : {}),
    volumeMounts: [
      { name: VOLUMES.config, mountPath: POOLER_PATHS.config, readOnly: true },
      { name: VOLUMES.secrets, mountPath: POOLER_PATHS.secrets, readOnly: true },
      { name: VOLUMES.auth, mountPath: POOLER_PATHS.auth },
    ],
  };
}

function secretsVolume(sources: k8s.VolumeProjection[]): k8s.Volume {
  return sources.length > 0
    ? { name: VOLUMES.secrets, projected: { sources, defaultMode: 0o440 } }
    : { name: VOLUMES.secrets, emptyDir: { sizeLimit: k8s.Quantity.fromString('1Mi') } };
}

/** The auth_file's users: every spec role (userlist mode) or the auth_query role, and the admin console user. */
function userSecrets(pb: PgBouncerSettings, pg: PostgresSpec): k8s.VolumeProjection[] {
  const file = (ref: SecretKeyRef, user: string): k8s.VolumeProjection => ({ secret: { name: ref.name, items: [{ key: ref.key, path: user }] } });
  const users = pb.authMode === 'auth_query'
    ? [file(pb.spec.authUserSecret!, PGBOUNCER_AUTH_USER)]
    : Object.entries(pg.roles ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)).map(([role, r]) => file(r.passwordSecret, role));
  return [...users, file(pb.adminSecret, POOLER_ADMIN_USER)];
}
