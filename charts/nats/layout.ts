import { NATS_CLIENT_PORT } from '../lib/nats-access';

/**
 * Fixed ports, paths and environment variables of a NATS server pod. They never depend on the
 * spec, so the generated nats.conf runs unchanged under the real binary outside Kubernetes
 * (set the env vars, put the files at these paths).
 */
export const PORTS = {
  client: NATS_CLIENT_PORT,
  cluster: 6222,
  monitor: 8222,
  metrics: 7777,
} as const;

/** Service and container port names; NATS speaks first, so Istio must treat it as plain TCP. */
export const PORT_NAMES = {
  client: 'tcp-client',
  cluster: 'tcp-cluster',
  monitor: 'http-monitor',
  metrics: 'http-metrics',
} as const;

export const PATHS = {
  /** nats.conf and, with auth, auth.conf beside it: NATS resolves includes relative to the file. */
  configDir: '/etc/nats',
  configFile: '/etc/nats/nats.conf',
  authFile: 'auth.conf',
  /** JetStream store (the PVC); the server writes under `<store_dir>/jetstream`. */
  storeDir: '/data',
  pidDir: '/var/run/nats',
  pidFile: '/var/run/nats/nats.pid',
  tlsDir: '/etc/nats-tls',
  /** Stream Job: JSON configs mounted from the `<name>-streams` ConfigMap. */
  streamsDir: '/etc/nats-streams',
} as const;

export const ENV = {
  /** server_name: the pod name, unique and stable per ordinal. */
  podName: 'POD_NAME',
  /** Address every listener binds to: 0.0.0.0 in the pod, a loopback address in a local test. */
  listenHost: 'NATS_LISTEN_HOST',
} as const;

/** JetStream may fill this share of the volume; the rest is file-system and index overhead. */
export const FILE_STORE_SHARE = { numerator: 9n, denominator: 10n } as const;

export const LAME_DUCK = {
  /** Clients are closed gradually over this time, so they reconnect elsewhere without a storm. */
  duration: '30s',
  /** Time before the first clients are closed, for leaders to move off this server. */
  gracePeriod: '10s',
  /** Pod grace period: lame duck plus margin for the JetStream flush. */
  terminationGracePeriodSeconds: 60,
  /**
   * How long the Istio sidecar keeps serving after the pod is told to stop (its default is 5 s):
   * longer than grace period + duration (40 s), so clients are closed by NATS, not cut by the proxy.
   */
  proxyDrainDuration: '45s',
} as const;

/** Runs as this user; the image's default is root. */
export const NATS_UID = 1000;
