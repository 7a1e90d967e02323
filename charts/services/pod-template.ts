import { k8s } from '../lib/k8s';
import { ComponentContext, meshEnabled } from '../lib/context';
import { renameEnv } from '../lib/env-names';
import { natsClientUrl, NATS_PASSWORD_KEY, natsPerServiceAuth, natsUserSecret } from '../lib/nats-access';
import { httpProbe, startupOf, tcpProbe } from '../lib/probes';
import { resources } from '../lib/resources';
import { spreadAcrossNodes } from '../lib/scheduling';
import { containerSecurityContext, podSecurityContext, WRITABLE_ROOT_FS_ANNOTATION } from '../lib/security';
import { AppServiceSpec } from '../spec';
import { postgresCaMount, postgresEnv, redisEnv } from './connection-env';
import { kafkaConnection } from './kafka-env';
import { serviceAccountOf } from './names';
import { appPorts, firstHttpPort } from './ports';

/** Requests when the spec names none: a small stateless server. */
export const DEFAULT_SERVICE_RESOURCES = { cpu: '100m', memory: '256Mi' };
/** UID/GID when the spec names none: a non-root user no base image reserves. */
export const DEFAULT_RUN_AS_USER = 10001;
export const DEFAULT_HEALTH_PATH = '/health';
/** Scratch space for the read-only root filesystem. */
export const TMP_SIZE_LIMIT = '1Gi';
/** Sidecar config: the app starts only once Envoy is ready, so its first connections (to the database) do not fail. */
export const PROXY_CONFIG_ANNOTATION = 'proxy.istio.io/config';

/**
 * The pod of an application service. Secret env vars come first, then the generated connection
 * variables, then plain values, so later values can reference earlier ones with $(NAME), e.g. a
 * connection URL built around a password.
 */
export function servicePodTemplate(ctx: ComponentContext, name: string, svc: AppServiceSpec, props: {
  labels: Record<string, string>;
  selector: Record<string, string>;
  /** Mounts of volumes the workload adds (claim templates). @default none */
  extraMounts?: k8s.VolumeMount[];
}): k8s.PodTemplateSpec {
  const uid = svc.runAsUser ?? DEFAULT_RUN_AS_USER;
  const kafka = kafkaConnection(ctx.spec, name, svc);
  const postgresCa = postgresCaMount(ctx.spec, svc);
  const annotations: Record<string, string> = { 'kubectl.kubernetes.io/default-container': name };
  if (svc.writableRootFilesystemReason) annotations[WRITABLE_ROOT_FS_ANNOTATION] = svc.writableRootFilesystemReason;
  if (meshEnabled(ctx)) annotations[PROXY_CONFIG_ANNOTATION] = JSON.stringify({ holdApplicationUntilProxyStarts: true });

  const container: k8s.Container = {
    name,
    image: svc.image,
    ...(svc.command ? { command: svc.command } : {}),
    ...(svc.args ? { args: svc.args } : {}),
    imagePullPolicy: ctx.spec.common?.imagePullPolicy ?? 'IfNotPresent',
    ports: appPorts(svc).map((p) => ({ name: p.name, containerPort: p.port, protocol: 'TCP' })),
    ...envOf(ctx, name, svc),
    resources: resources(svc.resources, DEFAULT_SERVICE_RESOURCES),
    ...probesOf(svc),
    securityContext: containerSecurityContext({ readOnlyRootFilesystem: !svc.writableRootFilesystemReason }),
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, ...kafka.volumeMounts, ...postgresCa.volumeMounts, ...(props.extraMounts ?? [])],
  };

  return {
    metadata: { labels: props.labels, annotations },
    spec: {
      serviceAccountName: serviceAccountOf(name, svc),
      // the app gets no Kubernetes API token; Istio and EKS IRSA mount their own projected tokens
      automountServiceAccountToken: false,
      // Docker-link variables for every Service in the namespace would shadow the app's own env
      enableServiceLinks: false,
      securityContext: podSecurityContext(uid),
      containers: [container],
      volumes: [{ name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString(TMP_SIZE_LIMIT) } }, ...kafka.volumes, ...postgresCa.volumes],
      ...spreadAcrossNodes(props.selector, ctx.spec.common?.zoneSpread ?? true),
    },
  };
}

function envOf(ctx: ComponentContext, name: string, svc: AppServiceSpec): Pick<k8s.Container, 'env' | 'envFrom'> {
  const env: k8s.EnvVar[] = [
    ...Object.entries(svc.secretEnv ?? {}).map(([envName, ref]) => ({ name: envName, valueFrom: { secretKeyRef: { name: ref.name, key: ref.key } } })),
    ...renameEnv(connectionEnv(ctx, name, svc), svc.envNames),
    ...Object.entries(svc.env ?? {}).map(([envName, value]) => ({ name: envName, value })),
  ];
  const envFrom: k8s.EnvFromSource[] = (svc.configMaps ?? []).map((cm) => ({ configMapRef: { name: cm } }));
  return { ...(env.length ? { env } : {}), ...(envFrom.length ? { envFrom } : {}) };
}

/**
 * HTTP probes on the first http/ws port; services without one (gRPC or TCP only) get a TCP
 * connect probe on their first port, since not every gRPC server implements grpc.health.v1.
 * The startup probe allows five minutes before liveness may restart a slow starter.
 */
function probesOf(svc: AppServiceSpec): Pick<k8s.Container, 'startupProbe' | 'livenessProbe' | 'readinessProbe'> {
  const http = firstHttpPort(svc);
  const probe = http
    ? httpProbe(svc.healthPath ?? DEFAULT_HEALTH_PATH, http.name)
    : tcpProbe(appPorts(svc)[0].name);
  return { startupProbe: startupOf(probe, 5), livenessProbe: probe, readinessProbe: probe };
}

/**
 * The variables that tell the app where its data components are and who it is there, under their
 * documented names (the service's `envNames` may rename them).
 */
export function connectionEnv(ctx: ComponentContext, name: string, svc: AppServiceSpec): k8s.EnvVar[] {
  return [
    ...natsEnv(ctx, name, svc),
    ...postgresEnv(ctx.spec, ctx.namespace, name, svc),
    ...redisEnv(ctx.spec, ctx.namespace, svc),
    ...kafkaConnection(ctx.spec, name, svc).env,
  ];
}

/** The connection variables a service that talks to NATS gets. */
export const NATS_ENV = { url: 'NATS_URL', user: 'NATS_USER', password: 'NATS_PASSWORD' } as const;

/**
 * Where NATS is and who this service is there, for a service that talks to it: NATS_URL, and
 * with per-service authorization NATS_USER (the service name) and NATS_PASSWORD from its Secret.
 */
function natsEnv(ctx: ComponentContext, name: string, svc: AppServiceSpec): k8s.EnvVar[] {
  const nats = ctx.spec.nats;
  if (!nats || !(svc.talksTo ?? []).includes('nats')) return [];
  const env: k8s.EnvVar[] = [];
  if (natsPerServiceAuth(nats)) {
    env.push({ name: NATS_ENV.password, valueFrom: { secretKeyRef: { name: natsUserSecret(nats, name), key: NATS_PASSWORD_KEY } } });
    env.push({ name: NATS_ENV.user, value: name });
  }
  env.push({ name: NATS_ENV.url, value: natsClientUrl(nats, ctx.namespace) });
  return env;
}
