import { checkDnsLabel, checkDnsSubdomain, checkInt, checkOneOf, checkQuantity } from '../lib/checks';
import { checkEnvNames } from '../lib/env-names';
import { ProblemCollector } from '../lib/errors';
import { isValidSubject, natsPerServiceAuth } from '../lib/nats-access';
import { AppServiceSpec, PlatformSpec } from '../spec';
import { checkConnections, ENV_NAME } from './connection-checks';
import { DATA_COMPONENTS, EDGE_NAME, MAX_SERVICE_NAME, serviceAccountOf } from './names';
import { connectionEnv } from './pod-template';
import { appPorts, isHttpLike, isLayer7, PORT_PROTOCOLS } from './ports';
import { checkTraffic } from './traffic-checks';
import { durationMs, resolveTraffic } from './traffic';

/** Container port names are IANA service names: at most 15 characters, a letter, no "--". */
const IANA_SVC_NAME = /^(?=.*[a-z])(?!.*--)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;
const IAM_ROLE_ARN = /^arn:aws[a-z-]*:iam::[0-9]{12}:role\/[\w+=,.@/-]+$/;
const HTTP_PATH = /^\/[^\s?#]*$/;
/** Names other objects in the namespace already use (the namespace baseline). */
const TAKEN_NAMES = ['default', 'default-deny-ingress'];
const RETRY_FIELDS = ['retries', 'perTryTimeout', 'retryOn', 'grpcRetryOn', 'timeout', 'idempotent'] as const;

export function checkServices(c: ProblemCollector, spec: PlatformSpec): void {
  for (const [name, svc] of Object.entries(spec.services ?? {})) checkService(c, spec, name, svc);
  checkServiceAccounts(c, spec);
}

/** One account per service: a shared one would merge two identities in every AuthorizationPolicy. */
function checkServiceAccounts(c: ProblemCollector, spec: PlatformSpec): void {
  const owners = new Map<string, string>();
  for (const [name, svc] of Object.entries(spec.services ?? {})) {
    const path = `services.${name}.serviceAccountName`;
    if (svc.serviceAccountName !== undefined) checkDnsSubdomain(c, path, svc.serviceAccountName);
    const account = serviceAccountOf(name, svc);
    const other = owners.get(account);
    if (other !== undefined) {
      c.add(svc.serviceAccountName === undefined ? `services.${name}` : path, account, `a ServiceAccount name no other service uses ("${other}" already runs as "${account}")`,
        'give each service its own serviceAccountName');
    }
    owners.set(account, name);
  }
}

function checkService(c: ProblemCollector, spec: PlatformSpec, name: string, svc: AppServiceSpec): void {
  const path = `services.${name}`;
  checkName(c, spec, path, name);
  checkImage(c, `${path}.image`, svc.image);
  checkPorts(c, path, svc);
  checkInt(c, `${path}.replicas`, svc.replicas, 1);
  const replicas = svc.replicas ?? 2;
  checkInt(c, `${path}.maxReplicas`, svc.maxReplicas, Math.max(1, replicas), Number.MAX_SAFE_INTEGER,
    `set maxReplicas to at least replicas (${replicas}), or remove it for a fixed size`);
  checkInt(c, `${path}.targetCpuPercent`, svc.targetCpuPercent, 1, 100);
  checkInt(c, `${path}.runAsUser`, svc.runAsUser, 1, 2147483647, 'use a non-root UID (1 or more)');
  for (const key of ['cpuRequest', 'memoryRequest', 'cpuLimit', 'memoryLimit'] as const) {
    checkQuantity(c, `${path}.resources.${key}`, svc.resources?.[key]);
  }
  checkEnv(c, path, svc);
  // the generated names are known once the data components are; values do not matter here
  const generated = connectionEnv({ platform: '', environment: '', namespace: spec.namespace, spec }, name, svc).map((v) => v.name);
  checkEnvNames(c, `${path}.envNames`, svc.envNames, generated, [...Object.keys(svc.env ?? {}), ...Object.keys(svc.secretEnv ?? {})]);
  if (svc.cloudRole !== undefined && (typeof svc.cloudRole !== 'string' || !IAM_ROLE_ARN.test(svc.cloudRole))) {
    c.add(`${path}.cloudRole`, svc.cloudRole, 'an IAM role ARN such as "arn:aws:iam::123456789012:role/orders"', 'copy the role ARN from the IAM console or your Terraform output');
  }
  for (const key of ['healthPath', 'metricsPath'] as const) {
    const value = svc[key];
    if (value !== undefined && (typeof value !== 'string' || !HTTP_PATH.test(value))) {
      c.add(`${path}.${key}`, value, 'an absolute HTTP path without query, e.g. "/health"', 'start it with "/" and drop any "?..." part');
    }
  }
  if (svc.writableRootFilesystemReason !== undefined && (typeof svc.writableRootFilesystemReason !== 'string' || !svc.writableRootFilesystemReason.trim())) {
    c.add(`${path}.writableRootFilesystemReason`, svc.writableRootFilesystemReason, 'a sentence saying why the image writes outside /tmp', 'explain the reason, or remove the field to keep the root filesystem read-only');
  }
  checkState(c, path, svc);
  checkTalksTo(c, spec, path, name, svc);
  checkConnections(c, spec, path, name, svc);
  checkTraffic(c, `${path}.traffic`, svc.traffic);
  checkServiceTraffic(c, spec, path, svc);
}

/** A mount path of its own, a size, and no autoscaler (a new pod would start with an empty volume). */
function checkState(c: ProblemCollector, path: string, svc: AppServiceSpec): void {
  const state = svc.state;
  if (state === undefined) return;
  const mount = state.mountPath;
  if (typeof mount !== 'string' || !/^\/[^\s]*[^/\s]$/.test(mount) || mount.split('/').includes('..')) {
    c.add(`${path}.state.mountPath`, mount, 'an absolute directory path without a trailing "/", e.g. "/var/lib/ledger"', 'write where the service keeps its data');
  } else if (mount === '/tmp' || mount.startsWith('/tmp/')) {
    c.add(`${path}.state.mountPath`, mount, 'a path outside /tmp (the pod\'s scratch emptyDir is mounted there)', 'mount the state elsewhere, e.g. "/var/lib/<service>"');
  }
  if (typeof state.volume?.size !== 'string') {
    c.add(`${path}.state.volume.size`, state.volume?.size, 'a size such as "20Gi"', 'give the volume a size');
  } else {
    checkQuantity(c, `${path}.state.volume.size`, state.volume.size);
  }
  if (state.volume?.storageClass !== undefined) checkDnsSubdomain(c, `${path}.state.volume.storageClass`, state.volume.storageClass);
  if (svc.maxReplicas !== undefined) {
    c.add(`${path}.maxReplicas`, svc.maxReplicas, 'no autoscaling for a service with state (each new pod would start on an empty volume)',
      'remove maxReplicas and size replicas by hand, or keep the state outside the pod');
  }
}

function checkName(c: ProblemCollector, spec: PlatformSpec, path: string, name: string): void {
  checkDnsLabel(c, path, name, MAX_SERVICE_NAME);
  if (/^[0-9]/.test(name)) {
    c.add(path, name, 'a name starting with a letter (Kubernetes Service names are DNS-1035 labels)', `rename it, e.g. "svc-${name}"`);
  }
  if ((DATA_COMPONENTS as readonly string[]).includes(name)) {
    c.add(path, name, `a name other than ${DATA_COMPONENTS.join(', ')} (talksTo uses those for the data components)`, `rename it, e.g. "${name}-api"`);
  }
  const taken = [...TAKEN_NAMES, ...(spec.edge ? [EDGE_NAME] : [])];
  if (taken.includes(name)) {
    c.add(path, name, `a name other than ${taken.join(', ')} (objects of the namespace or the edge already use it)`, `rename it, e.g. "${name}-api"`);
  }
}

/** Only the shape here: the validator's image-tag policy rejects "latest" and untagged images on the rendered Deployment. */
function checkImage(c: ProblemCollector, path: string, image: unknown): void {
  if (typeof image !== 'string' || !image || /\s/.test(image)) {
    c.add(path, image, 'an image reference with an explicit version tag, e.g. "ghcr.io/acme/orders:1.4.2"', 'set image to the reference your CI built');
  }
}

function checkPorts(c: ProblemCollector, path: string, svc: AppServiceSpec): void {
  const ports = appPorts(svc);
  if (ports.length === 0) {
    c.add(`${path}.ports`, svc.ports, 'at least one port, e.g. { api: { port: 8080, protocol: "http" } }', 'declare the ports the service listens on');
    return;
  }
  const seen = new Map<number, string>();
  for (const p of ports) {
    const portPath = `${path}.ports.${p.name}`;
    if (p.name.length > 15 || !IANA_SVC_NAME.test(p.name)) {
      c.add(portPath, p.name, 'a port name of at most 15 lowercase letters, digits and single "-", with at least one letter', 'shorten it, e.g. "api", "rpc", "ws"');
    }
    checkInt(c, `${portPath}.port`, p.port, 1, 65535);
    checkOneOf(c, `${portPath}.protocol`, p.protocol, PORT_PROTOCOLS);
    const other = seen.get(p.port);
    if (other !== undefined) {
      c.add(`${portPath}.port`, p.port, `a port number not already used by port "${other}"`, 'give every port its own number');
    }
    seen.set(p.port, p.name);
  }
  if (svc.metricsPort !== undefined) {
    const metrics = ports.find((p) => p.name === svc.metricsPort);
    if (!metrics || !isHttpLike(metrics)) {
      c.add(`${path}.metricsPort`, svc.metricsPort, `the name of an http or ws port of this service (${ports.filter(isHttpLike).map((p) => JSON.stringify(p.name)).join(', ') || 'it has none'})`,
        'name the port that serves metricsPath, or remove metricsPort');
    }
  }
}

function checkEnv(c: ProblemCollector, path: string, svc: AppServiceSpec): void {
  for (const [key, value] of Object.entries(svc.env ?? {})) {
    if (!ENV_NAME.test(key)) c.add(`${path}.env.${key}`, key, 'an environment variable name (letters, digits, "_", "-", "."; not starting with a digit)', 'rename the variable, e.g. "DB_NAME"');
    if (typeof value !== 'string') c.add(`${path}.env.${key}`, value, 'a string value', `quote it, e.g. "${String(value)}"`);
    if (svc.secretEnv && key in svc.secretEnv) {
      c.add(`${path}.env.${key}`, key, 'a variable set in either env or secretEnv, not both', 'remove it from one of them');
    }
  }
  for (const [key, ref] of Object.entries(svc.secretEnv ?? {})) {
    if (!ENV_NAME.test(key)) c.add(`${path}.secretEnv.${key}`, key, 'an environment variable name', 'rename the variable, e.g. "DB_PASSWORD"');
    checkDnsSubdomain(c, `${path}.secretEnv.${key}.name`, ref?.name);
    if (typeof ref?.key !== 'string' || !SECRET_KEY.test(ref.key)) {
      c.add(`${path}.secretEnv.${key}.key`, ref?.key, 'a Secret key (letters, digits, "-", "_", ".")', 'use the key as it appears in the Secret, e.g. "password"');
    }
  }
  const cms = svc.configMaps ?? [];
  cms.forEach((cm, i) => checkDnsSubdomain(c, `${path}.configMaps[${i}]`, cm));
  if (new Set(cms).size !== cms.length) c.add(`${path}.configMaps`, cms, 'each ConfigMap listed once', 'remove the duplicates');
}

function checkTalksTo(c: ProblemCollector, spec: PlatformSpec, path: string, name: string, svc: AppServiceSpec): void {
  const services = Object.keys(spec.services ?? {});
  const present = DATA_COMPONENTS.filter((k) => spec[k] !== undefined);
  const known = [...present, ...services.filter((s) => s !== name)];
  const targets = svc.talksTo ?? [];
  targets.forEach((target, i) => {
    if (target === name) {
      c.add(`${path}.talksTo[${i}]`, target, 'another service or a data component', 'remove the service itself from its talksTo');
    } else if (!known.includes(target)) {
      const hint = (DATA_COMPONENTS as readonly string[]).includes(target) ? `add ${target} to the platform spec or remove it from talksTo` : 'fix the name or remove it';
      c.add(`${path}.talksTo[${i}]`, target, `one of ${known.map((k) => JSON.stringify(k)).join(', ') || 'nothing (the platform has no other service or data component)'}`, hint);
    }
  });
  if (new Set(targets).size !== targets.length) c.add(`${path}.talksTo`, targets, 'each target listed once', 'remove the duplicates');

  checkNatsSubjects(c, path, spec, svc);

  if (targets.includes('kafka') && spec.kafka && !(svc.produces?.length || svc.consumes?.length)) {
    c.add(`${path}.talksTo`, svc.talksTo, 'a Kafka client that declares the topics it uses in produces or consumes (only those get a KafkaUser, and without one it cannot authenticate)',
      'list the topics it writes in produces and those it reads in consumes, or remove "kafka" from talksTo');
  }
  const topics = Object.keys(spec.kafka?.topics ?? {});
  for (const key of ['produces', 'consumes'] as const) {
    const list = svc[key] ?? [];
    if (list.length && !targets.includes('kafka')) {
      c.add(`${path}.${key}`, list, 'a service that lists "kafka" in talksTo (otherwise the NetworkPolicy blocks it)', 'add "kafka" to talksTo');
    }
    list.forEach((topic, i) => {
      if (spec.kafka && !topics.includes(topic)) {
        c.add(`${path}.${key}[${i}]`, topic, `a topic declared in kafka.topics (${topics.map((t) => JSON.stringify(t)).join(', ') || 'none declared'})`, `declare "${topic}" under kafka.topics or fix the name`);
      }
    });
  }
}

/** Retries and timeouts exist only for HTTP and gRPC; on a TCP-only service they would be silently ignored. */
function checkServiceTraffic(c: ProblemCollector, spec: PlatformSpec, path: string, svc: AppServiceSpec): void {
  const ports = appPorts(svc);
  if (ports.length && !ports.some(isLayer7)) {
    for (const key of RETRY_FIELDS) {
      if (svc.traffic?.[key] !== undefined) {
        c.add(`${path}.traffic.${key}`, svc.traffic[key], 'no retry or timeout settings on a service with only tcp ports (Istio retries and times out HTTP and gRPC only)',
          `remove traffic.${key}, or declare the port's real protocol (http, grpc, ws)`);
      }
    }
    return;
  }
  const t = resolveTraffic(spec, svc);
  const perTry = durationMs(t.perTryTimeout);
  const total = durationMs(t.timeout);
  if (t.retries > 0 && perTry !== undefined && total !== undefined && perTry > total) {
    c.add(`${path}.traffic.perTryTimeout`, t.perTryTimeout, `a per-try timeout no longer than the request timeout (${t.timeout})`, 'lower perTryTimeout or raise timeout; otherwise no retry ever happens');
  }
}

/** NATS subjects a service declares: valid subjects, "nats" in talksTo, and with per-service authorization at least one. */
function checkNatsSubjects(c: ProblemCollector, path: string, spec: PlatformSpec, svc: AppServiceSpec): void {
  const talks = (svc.talksTo ?? []).includes('nats');
  for (const key of ['natsPublishes', 'natsSubscribes'] as const) {
    const list = svc[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      c.add(`${path}.${key}`, list, 'a list of NATS subjects, e.g. ["orders.created", "orders.*"]', `write ${key} as a list`);
      continue;
    }
    if (list.length && !talks) c.add(`${path}.${key}`, list, 'a service that lists "nats" in talksTo (otherwise it has no NATS user and the NetworkPolicy blocks it)', 'add "nats" to talksTo');
    list.forEach((subject, i) => {
      if (!isValidSubject(subject)) {
        c.add(`${path}.${key}[${i}]`, subject, 'a NATS subject: dot-separated tokens, `*` for one token, `>` as the last token', 'write e.g. "events.orders.*" or "events.>"');
      }
    });
  }
  if (talks && spec.nats && natsPerServiceAuth(spec.nats) && !(svc.natsPublishes?.length || svc.natsSubscribes?.length)) {
    c.add(`${path}.talksTo`, svc.talksTo, 'with NATS per-service authorization, the subjects the service uses in natsPublishes or natsSubscribes',
      'list the subjects it publishes to and subscribes to; its NATS user may use exactly those (or set nats.authorization: "none")');
  }
}
