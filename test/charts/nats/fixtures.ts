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
