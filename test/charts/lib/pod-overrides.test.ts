import { SpecError } from '../../../charts/lib/errors';
import { applyOverride } from '../../../charts/lib/merge';
import { PodOverridesSpec } from '../../../charts/lib/pod-overrides';
import { PlatformSpec } from '../../../charts/spec';
import { allObjects, find, K8sObject, synthSpec } from '../../helpers';
import { BASE as KAFKA } from '../kafka/fixtures';
import { SHOP as PG } from '../postgres/fixtures';
import { SHOP } from '../services/fixtures';

const OVERRIDES: PodOverridesSpec = {
  imagePullSecrets: ['registry-creds'],
  nodeSelector: { 'node.kubernetes.io/pool': 'data' },
  tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'data', effect: 'NoSchedule' }],
  priorityClassName: 'platform-critical',
  podAnnotations: { 'example.com/owner': 'payments' },
  extraVolumes: [{ name: 'ca-bundle', configMap: 'corporate-ca', mountPath: '/etc/corporate-ca' }],
};

const podOf = (o: K8sObject) => (o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template : o.spec?.template);

describe('pod overrides on an application service', () => {
  const spec: PlatformSpec = { ...SHOP, services: { ...SHOP.services, web: { ...SHOP.services!.web, ...OVERRIDES, command: ['/app/web'], args: ['--port', '3000'] } } };
  const deployment = find(synthSpec(spec).get('svc-web')!, 'Deployment', 'web');
  const pod = deployment.spec.template;

  test('pull secrets, node selector, tolerations, priority and annotations on the pod', () => {
    expect(pod.spec.imagePullSecrets).toEqual([{ name: 'registry-creds' }]);
    expect(pod.spec.nodeSelector).toEqual({ 'node.kubernetes.io/pool': 'data' });
    expect(pod.spec.tolerations).toEqual(OVERRIDES.tolerations);
    expect(pod.spec.priorityClassName).toBe('platform-critical');
    expect(pod.metadata.annotations['example.com/owner']).toBe('payments');
    // the component's own annotations stay
    expect(pod.metadata.annotations['kubectl.kubernetes.io/default-container']).toBe('web');
    expect(deployment.metadata.annotations?.['example.com/owner']).toBeUndefined();
  });

  test('the extra volume next to the component\'s own, mounted read-only; command and args on the container', () => {
    expect(pod.spec.volumes.map((v: K8sObject) => v.name)).toEqual(['tmp', 'ca-bundle']);
    expect(pod.spec.volumes[1]).toEqual({ name: 'ca-bundle', configMap: { name: 'corporate-ca' } });
    expect(pod.spec.containers[0].volumeMounts).toEqual([
      { name: 'tmp', mountPath: '/tmp' }, { name: 'ca-bundle', mountPath: '/etc/corporate-ca', readOnly: true },
    ]);
    expect(pod.spec.containers[0].command).toEqual(['/app/web']);
    expect(pod.spec.containers[0].args).toEqual(['--port', '3000']);
  });

  test('other services are untouched', () => {
    const api = find(synthSpec(spec).get('svc-api')!, 'Deployment', 'api').spec.template.spec;
    expect(api.nodeSelector).toBeUndefined();
    expect(api.containers[0].command).toBeUndefined();
  });
});

describe('pod overrides on data components', () => {
  test('Postgres: every workload of the component (StatefulSet, PgBouncer, backup CronJobs)', () => {
    const files = synthSpec(applyOverride(PG, { postgres: { pod: OVERRIDES } }));
    const workloads = [...files.get('postgres')!, ...files.get('pgbouncer')!].filter((o) => ['StatefulSet', 'Deployment', 'CronJob'].includes(o.kind));
    expect(workloads.map((o) => o.kind)).toEqual(expect.arrayContaining(['StatefulSet', 'Deployment', 'CronJob']));
    for (const w of workloads) {
      expect(podOf(w).spec.priorityClassName).toBe('platform-critical');
      expect(podOf(w).spec.tolerations).toEqual(expect.arrayContaining(OVERRIDES.tolerations!));
      expect(podOf(w).spec.volumes.some((v: K8sObject) => v.name === 'ca-bundle')).toBe(true);
    }
    // other components are untouched
    expect(allObjects(synthSpec(PG)).some((o) => podOf(o)?.spec?.priorityClassName)).toBe(false);
  });

  test('Kafka: Strimzi pod templates; the node selector as a required node affinity; volumes only on Kafka pods', () => {
    const objects = synthSpec(applyOverride(KAFKA, { kafka: { pod: OVERRIDES } })).get('kafka')!;
    const pools = objects.filter((o) => o.kind === 'KafkaNodePool');
    expect(pools.length).toBeGreaterThan(0);
    for (const pool of pools) {
      const t = pool.spec.template;
      expect(t.pod.imagePullSecrets).toEqual([{ name: 'registry-creds' }]);
      expect(t.pod.priorityClassName).toBe('platform-critical');
      expect(t.pod.metadata.annotations['example.com/owner']).toBe('payments');
      expect(t.pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms)
        .toEqual([{ matchExpressions: [{ key: 'node.kubernetes.io/pool', operator: 'In', values: ['data'] }] }]);
      expect(t.pod.affinity.podAntiAffinity).toBeDefined();
      expect(t.pod.volumes).toEqual([{ name: 'ca-bundle', configMap: { name: 'corporate-ca' } }]);
      expect(t.kafkaContainer.volumeMounts).toEqual([{ name: 'ca-bundle', mountPath: '/etc/corporate-ca', readOnly: true }]);
    }
    const eo = find(objects, 'Kafka', 'events').spec.entityOperator.template.pod;
    expect(eo.tolerations).toEqual(OVERRIDES.tolerations);
    expect(eo.volumes).toBeUndefined();
  });
});

describe('bad overrides name the spec path', () => {
  const bad = (pod: PodOverridesSpec) => () => synthSpec(applyOverride(PG, { postgres: { pod } }));

  test('a volume without exactly one source, a relative mount path, a duplicate name', () => {
    const run = bad({ extraVolumes: [
      { name: 'a', mountPath: 'etc/a' },
      { name: 'b', configMap: 'x', secret: 'y', mountPath: '/b' },
      { name: 'b', emptyDir: {}, mountPath: '/c' },
    ] });
    expect(run).toThrow(SpecError);
    expect(run).toThrow(/postgres\.pod\.extraVolumes\[0\]: received \[\]; expected exactly one of configMap, secret, emptyDir, persistentVolumeClaim/);
    expect(run).toThrow(/postgres\.pod\.extraVolumes\[0\]\.mountPath: received "etc\/a"; expected an absolute path/);
    expect(run).toThrow(/postgres\.pod\.extraVolumes\[1\]: received \["configMap","secret"\]/);
    expect(run).toThrow(/postgres\.pod\.extraVolumes\[2\]\.name: received "b"; expected a name no other extra volume uses/);
  });

  test('a volume name the component already uses, a container that does not exist', () => {
    const run = () => synthSpec({ ...SHOP, services: { ...SHOP.services, web: { ...SHOP.services!.web, extraVolumes: [
      { name: 'tmp', emptyDir: {}, mountPath: '/scratch' },
      { name: 'extra', emptyDir: {}, mountPath: '/extra', containers: ['sidecar'] },
    ] } } });
    expect(run).toThrow(/services\.web\.extraVolumes\[0\]\.name: received "tmp"; expected a volume name Deployment\/web does not use already/);
    expect(run).toThrow(/services\.web\.extraVolumes\[1\]\.containers: received "sidecar"; expected a container of Deployment\/web: web/);
  });
});

describe('no overrides, no change', () => {
  test('an empty pod section leaves the Strimzi templates exactly as without it', () => {
    expect(synthSpec(applyOverride(KAFKA, { kafka: { pod: {} } })).get('kafka')).toEqual(synthSpec(KAFKA).get('kafka'));
  });
});
