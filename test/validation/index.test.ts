import { formatViolations, ManifestValidator, sortViolations, type Violation } from '../../validation';
import { deployment, environment, kafkaTopic, NS } from './fixtures';

const validator = ManifestValidator.load();

test('load() returns one shared validator', () => {
  expect(ManifestValidator.load()).toBe(validator);
});

test('the compliant environment (~60 objects, built-in and custom kinds) has no violations', () => {
  const objects = environment();
  expect(objects.length).toBeGreaterThanOrEqual(55);
  expect(formatViolations(validator.validate(objects))).toBe('');
});

test('schema, CEL, unknown-kind and policy findings come back together, sorted', () => {
  const objects = environment();
  const api = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'api')!;
  api.spec.template.spec.containers[0].image = 'ghcr.io/example/api:latest';
  api.spec.replica = 2;
  const topic = objects.find((o) => o.kind === 'KafkaTopic')!;
  topic.spec.partitons = 3;
  objects.push({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: NS } });
  const user = objects.find((o) => o.kind === 'KafkaUser')!;
  user.spec.authentication = { type: 'tls', validityDays: 5, renewalDays: 10 };

  const v = validator.validate(objects);
  expect(v.map((x) => `${x.object} ${x.check} ${x.path}`)).toEqual([
    `Deployment/${NS}/api image-tag spec.template.spec.containers[0].image`,
    `Deployment/${NS}/api schema spec.replica`,
    `KafkaTopic/${NS}/payments.created schema spec.partitons`,
    `KafkaUser/${NS}/api cel spec.authentication`,
    `Widget/${NS}/w unknown-kind apiVersion`,
  ]);
  expect(validator.validate([...objects].reverse())).toEqual(v);
});

test('formatViolations prints one line per violation: object, check, path, message', () => {
  const v: Violation[] = [
    { object: 'Service/a/b', check: 'dangling-service', path: 'spec.selector', message: 'matches nothing' },
    { object: 'Namespace/a', check: 'default-deny-network-policy', path: '', message: 'no default deny' },
  ];
  const text = formatViolations(v);
  expect(text.split('\n')).toEqual([
    '  Namespace/a  [default-deny-network-policy]  (object): no default deny',
    '  Service/a/b  [dangling-service]  spec.selector: matches nothing',
  ]);
  expect(sortViolations(v)[0].object).toBe('Namespace/a');
});

test('non-objects and objects without apiVersion/kind are reported, not thrown', () => {
  const v = validator.validate([null as unknown as object, { metadata: { name: 'x' } }]);
  expect(v.map((x) => x.check)).toEqual(['unknown-kind', 'unknown-kind']);
});

test('validateWithStats reports CEL evaluations of the run', () => {
  const { violations, cel } = validator.validateWithStats([kafkaTopic('t'), deployment('api')]);
  expect(violations.some((x) => x.check === 'schema')).toBe(false);
  expect(cel).toMatchObject({ evaluated: expect.any(Number), skipped: expect.any(Number) });
});
