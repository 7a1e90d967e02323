import { spawnSync } from 'child_process';
import * as path from 'path';
import { NatsSpec, PlatformSpec } from '../../../charts/spec';
import { find, K8sObject, synthSpec } from '../../helpers';

/** A minimal platform with only a NATS cluster, for ad-hoc specs. */
export function natsPlatform(nats: Partial<NatsSpec> = {}, extra: Partial<PlatformSpec> = {}): PlatformSpec {
  return { namespace: 'msg', nats: { storage: { size: '10Gi' }, ...nats }, ...extra };
}

export function natsObjects(nats: Partial<NatsSpec> = {}, extra: Partial<PlatformSpec> = {}): K8sObject[] {
  return synthSpec(natsPlatform(nats, extra)).get('nats') ?? [];
}

export function natsConfOf(objects: K8sObject[], name = 'nats'): string {
  return find(objects, 'ConfigMap', `${name}-config`).data['nats.conf'];
}

/**
 * nats-server at the version dist/ names, built from the module proxy (`npm run setup` builds it
 * with cluster/build.sh; a test fails, never skips, when it is missing).
 */
export function pinnedNatsServer(): string {
  const r = spawnSync('bash', [path.join(__dirname, '..', '..', '..', 'cluster', 'build.sh'), '--cached', 'nats-server'], { encoding: 'utf8' });
  const dir = r.stdout.trim();
  if (r.status !== 0 || !dir) throw new Error('the pinned nats-server is not built: run `npm run setup` (it builds cluster/build/nats-server with Go)');
  return path.join(dir, 'nats-server');
}

