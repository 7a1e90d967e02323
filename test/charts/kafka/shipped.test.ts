import { applyOverride } from '../../../charts/lib/merge';
import { resolveSpec } from '../../../charts/platform';
import { KafkaTopicSpec, PlatformSpec } from '../../../charts/spec';
import { ManifestValidator, formatViolations } from '../../../validation';
import { PLATFORMS } from '../../../platforms';
import { allObjects, K8sObject, synthShipped, synthSpec } from '../../helpers';

/**
 * Every shipped platform x environment with Kafka synthesizes into objects that pass the
 * project's validator: built-in and Strimzi/Istio/Prometheus CRD schemas made strict, the CRDs'
 * CEL rules, and the cross-object policies (run over the whole environment so they see the
 * namespace's default-deny). Only violations of the kafka chart's objects count here.
 */
const cases = PLATFORMS.flatMap((def) => Object.keys(def.environments)
  .filter(() => def.base.kafka !== undefined)
  .map((env) => [def.name, env] as const));

describe('shipped platforms with Kafka', () => {
  test('vatic-prop and wallet are among them', () => {
    expect(cases.map(([p]) => p)).toEqual(expect.arrayContaining(['vatic-prop', 'wallet']));
  });

  test.each(cases)('%s/%s has zero validator violations in kafka.k8s.yaml', (platform, env) => {
    expectNoViolations(synthShipped(platform, env));
  });

  // The single-node development shape of vatic-prop, with its topics brought down to one replica.
  test('vatic-prop/dev with one-replica topics has zero validator violations', () => {
    const dev = resolveSpec(PLATFORMS.find((p) => p.name === 'vatic-prop')!, 'dev');
    const oneReplica: Record<string, Partial<KafkaTopicSpec>> = Object.fromEntries(Object.keys(dev.kafka!.topics!)
      .map((t) => [t, { replicas: 1, config: { 'min.insync.replicas': 1 } }]));
    const files = synthSpec(applyOverride<PlatformSpec>(dev, { kafka: { topics: oneReplica } }));
    expect(files.get('kafka')!.filter((o) => o.kind === 'KafkaTopic')).toHaveLength(19);
    expectNoViolations(files);
  });
});

function expectNoViolations(files: Map<string, K8sObject[]>): void {
  const kafka = files.get('kafka') ?? [];
  expect(kafka.length).toBeGreaterThan(0);
  const ids = new Set(kafka.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`));
  const violations = ManifestValidator.load().validate(allObjects(files)).filter((v) => ids.has(v.object));
  if (violations.length > 0) throw new Error(`violations:\n${formatViolations(violations)}`);
}
