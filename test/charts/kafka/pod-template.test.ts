import { K8sObject } from '../../helpers';
import { kafkaObjects, withKafka } from './fixtures';

/** Every `template` block of Strimzi resources: the pod templates and container templates in it. */
function templates(o: K8sObject, path = ''): Array<{ path: string; template: Record<string, any> }> {
  if (typeof o !== 'object' || o === null) return [];
  return Object.entries(o).flatMap(([key, value]) => [
    ...(key === 'template' && typeof value === 'object' ? [{ path: `${path}.${key}`, template: value as Record<string, any> }] : []),
    ...templates(value as K8sObject, `${path}.${key}`),
  ]);
}

describe('Strimzi pod templates', () => {
  const objects = kafkaObjects(withKafka({ cruiseControl: true })).filter((o) => o.kind === 'Kafka' || o.kind === 'KafkaNodePool');
  const all = objects.flatMap((o) => templates(o.spec, `${o.kind}/${o.metadata.name}`));

  test('cover the Kafka nodes, entity operator, Kafka Exporter and Cruise Control', () => {
    expect(all.map((t) => t.path)).toEqual(expect.arrayContaining([
      'Kafka/events.kafka.template', 'Kafka/events.entityOperator.template', 'Kafka/events.kafkaExporter.template',
      'Kafka/events.cruiseControl.template', 'KafkaNodePool/controller.template', 'KafkaNodePool/broker.template',
    ]));
  });

  test('every pod opts out of Istio sidecar injection and is restricted', () => {
    for (const { path, template } of all) {
      expect([path, template.pod.metadata.annotations['sidecar.istio.io/inject']]).toEqual([path, 'false']);
      expect([path, template.pod.securityContext]).toEqual([path, expect.objectContaining({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } })]);
    }
  });

  test('every container template drops all capabilities on a read-only root filesystem', () => {
    for (const { path, template } of all) {
      const containers = Object.entries(template).filter(([key]) => key !== 'pod');
      expect(containers.length).toBeGreaterThan(0);
      for (const [key, c] of containers) {
        expect([path, key, c.securityContext]).toEqual([path, key, expect.objectContaining({
          allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] },
        })]);
      }
    }
  });
});
