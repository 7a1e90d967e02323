import { k8s } from '../lib/k8s';
import { execProbe, httpProbe, startupOf, tcpProbe } from '../lib/probes';
import { resources } from '../lib/resources';
import { containerSecurityContext } from '../lib/security';
import { FILES, METRICS_PORT, MOUNTS, REDIS_PORT, SENTINEL_PORT } from './names';
import { passwordEnv, scriptEnv } from './pod-env';
import { EXPORTER_RESOURCES, RedisSettings, SENTINEL_RESOURCES } from './settings';

/** Volume names shared by the containers and the StatefulSets. */
export const VOLUMES = { data: 'data', config: 'config', tmp: 'tmp' } as const;

export const PORT_NAMES = { redis: 'tcp-redis', sentinel: 'tcp-sentinel', metrics: 'http-metrics' } as const;

const mounts: k8s.VolumeMount[] = [
  { name: VOLUMES.data, mountPath: MOUNTS.data },
  { name: VOLUMES.config, mountPath: MOUNTS.config, readOnly: true },
  { name: VOLUMES.tmp, mountPath: MOUNTS.tmp },
];

/** PING must answer PONG: a loading or unauthenticated server is not ready. REDISCLI_AUTH is in the env. */
function pingProbe(port: number): k8s.Probe {
  return execProbe(['sh', '-c', `redis-cli -h 127.0.0.1 -p ${port} ping | grep -q PONG`]);
}

/**
 * A data pod is ready when it answers PONG and is either master or a replica whose link to the
 * master is up (the initial sync done): a rolling update then moves to the next pod, possibly the
 * master whose preStop hands over, only once the restarted replica holds the data.
 */
function dataReadyProbe(): k8s.Probe {
  const cli = `redis-cli -h 127.0.0.1 -p ${REDIS_PORT}`;
  return execProbe(['sh', '-c', `${cli} ping | grep -q PONG && ${cli} INFO replication | grep -Eq '^(role:master|master_link_status:up)'`], { periodSeconds: 3 });
}

export function redisContainer(s: RedisSettings, pullPolicy: string): k8s.Container {
  return {
    name: 'redis',
    image: s.image,
    imagePullPolicy: pullPolicy,
    command: ['sh', `${MOUNTS.config}/${FILES.startRedis}`],
    ports: [{ name: PORT_NAMES.redis, containerPort: REDIS_PORT, protocol: 'TCP' }],
    env: scriptEnv(s, 'data'),
    resources: resources(s.resources, s.resourceDefaults),
    securityContext: containerSecurityContext(),
    // the start script may wait a minute for the sentinels, and loading a large AOF takes a while
    startupProbe: startupOf(tcpProbe(REDIS_PORT), 10),
    livenessProbe: tcpProbe(REDIS_PORT),
    readinessProbe: dataReadyProbe(),
    lifecycle: { preStop: { exec: { command: ['sh', `${MOUNTS.config}/${FILES.prestopRedis}`] } } },
    volumeMounts: mounts,
  };
}

export function sentinelContainer(s: RedisSettings, pullPolicy: string): k8s.Container {
  return {
    name: 'sentinel',
    image: s.image,
    imagePullPolicy: pullPolicy,
    command: ['sh', `${MOUNTS.config}/${FILES.startSentinel}`],
    ports: [{ name: PORT_NAMES.sentinel, containerPort: SENTINEL_PORT, protocol: 'TCP' }],
    env: scriptEnv(s, 'sentinel'),
    resources: resources(s.sentinelResources, SENTINEL_RESOURCES),
    securityContext: containerSecurityContext(),
    startupProbe: startupOf(tcpProbe(SENTINEL_PORT), 5),
    livenessProbe: tcpProbe(SENTINEL_PORT),
    readinessProbe: pingProbe(SENTINEL_PORT),
    volumeMounts: mounts,
  };
}

/** redis_exporter next to a redis server or a sentinel (it detects sentinel mode itself). */
export function exporterContainer(s: RedisSettings, pullPolicy: string, port: number): k8s.Container {
  return {
    name: 'metrics',
    image: s.exporterImage,
    imagePullPolicy: pullPolicy,
    ports: [{ name: PORT_NAMES.metrics, containerPort: METRICS_PORT, protocol: 'TCP' }],
    env: [
      { name: 'REDIS_ADDR', value: `redis://127.0.0.1:${port}` },
      ...passwordEnv(s, ['REDIS_PASSWORD']),
    ],
    resources: resources(undefined, EXPORTER_RESOURCES),
    securityContext: containerSecurityContext(),
    livenessProbe: httpProbe('/health', METRICS_PORT),
    readinessProbe: httpProbe('/health', METRICS_PORT),
  };
}
