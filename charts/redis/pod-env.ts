import { k8s } from '../lib/k8s';
import { headlessServiceName, REDIS_PORT, SENTINEL_PORT, sentinelServiceName, sentinelStatefulSetName, dataStatefulSetName } from './names';
import { SCRIPT_ENV } from './scripts';
import { RedisSettings } from './settings';

/**
 * Environment of the redis and sentinel containers: what the start scripts read. The pod's own
 * name, namespace and IP come from the downward API; the password from the Secret, never a literal.
 * The member counts are here too, so scaling either StatefulSet restarts the pods that use them
 * (through their preStop failover) with the new peer list.
 */
export function scriptEnv(s: RedisSettings, role: 'data' | 'sentinel'): k8s.EnvVar[] {
  const field = (name: string, fieldPath: string): k8s.EnvVar => ({ name, valueFrom: { fieldRef: { fieldPath } } });
  const value = (name: string, v: string | number): k8s.EnvVar => ({ name, value: String(v) });
  return [
    field(SCRIPT_ENV.podName, 'metadata.name'),
    field(SCRIPT_ENV.podNamespace, 'metadata.namespace'),
    field(SCRIPT_ENV.podIp, 'status.podIP'),
    value(SCRIPT_ENV.headlessService, headlessServiceName(s.name)),
    value(SCRIPT_ENV.sentinelService, sentinelServiceName(s.name)),
    value(SCRIPT_ENV.masterSet, s.masterSet),
    value(SCRIPT_ENV.redisStatefulSet, dataStatefulSetName(s.name)),
    ...(role === 'data' ? [value(SCRIPT_ENV.redisReplicas, s.replicas)] : []),
    value(SCRIPT_ENV.sentinelStatefulSet, sentinelStatefulSetName(s.name)),
    value(SCRIPT_ENV.sentinelReplicas, s.sentinels),
    value(SCRIPT_ENV.redisPort, REDIS_PORT),
    value(SCRIPT_ENV.sentinelPort, SENTINEL_PORT),
    ...passwordEnv(s, [SCRIPT_ENV.password, SCRIPT_ENV.cliPassword]),
  ];
}

/** Env variables holding the password, each read from the password Secret. */
export function passwordEnv(s: RedisSettings, names: readonly string[]): k8s.EnvVar[] {
  return names.map((name) => ({ name, valueFrom: { secretKeyRef: { name: s.passwordSecret.name, key: s.passwordSecret.key } } }));
}
