import { resolveSpec } from '../../../charts/platform';
import { ManifestValidator } from '../../../validation';
import { PLATFORMS } from '../../../platforms';
import { allObjects, find, synthShipped } from '../../helpers';
import { natsObjects } from './fixtures';

const withNats = PLATFORMS.flatMap((p) => Object.keys(p.environments)
  .filter((env) => resolveSpec(p, env).nats !== undefined)
  .map((env) => [p.name, env] as const));

describe('NATS in the shipped platforms', () => {
  test('deltran-mvp is among them, in every environment', () => {
    expect(withNats).toEqual(expect.arrayContaining([['deltran-mvp', 'dev'], ['deltran-mvp', 'staging'], ['deltran-mvp', 'prod']]));
  });

  test.each(withNats)('%s/%s: zero validator violations for the NATS objects', (platform, env) => {
    const files = synthShipped(platform, env);
    const nats = files.get('nats')!;
    const names = new Set(nats.map((o) => `${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`));
    const violations = ManifestValidator.load().validate(allObjects(files)).filter((v) => names.has(v.object));
    expect(violations).toEqual([]);
  });
});

describe('ad-hoc specs validate too', () => {
  test.each([
    ['job mode with auth, TLS and consumers', { streamManagement: 'job' as const, authSecret: { name: 'a', key: 'k' }, tlsSecret: 't', streamAdminSecret: 's', streams: { S: { subjects: ['s.*'], consumers: { c: {} } } } }],
    ['NACK with an account and consumers, mesh off', { streamAdminSecret: 's', streams: { S: { subjects: ['s.*'], consumers: { c: { filterSubject: 's.x' } } } } }],
    ['five servers', { servers: 5, streams: { S: { subjects: ['s.>'], replicas: 5 } } }],
  ])('%s', (_, nats) => {
    const objects = natsObjects(nats, { mesh: { enabled: _.includes('mesh off') ? false : true } });
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'msg' } };
    const deny = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny', namespace: 'msg' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } };
    expect(ManifestValidator.load().validate([ns, deny, ...objects])).toEqual([]);
  });
});

test('object names depend only on the spec name', () => {
  const names = (extra: object) => natsObjects({ streams: { S: { subjects: ['s.*'] } }, ...extra }).map((o) => `${o.kind}/${o.metadata.name}`).sort();
  expect(names({ servers: 5, maxMemoryStore: '2Gi', resources: { memoryRequest: '4Gi' }, clusterName: 'x' })).toEqual(names({}));
  expect(find(natsObjects({ name: 'bus' }), 'StatefulSet', 'bus').metadata.name).toBe('bus');
});
