import { fitRequests } from '../../../cluster/lib/fit';

const sts = (replicas: number, cpu: string, memory: string) => ({
  apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' },
  spec: { replicas, template: { spec: { containers: [{ name: 'c', resources: { requests: { cpu, memory }, limits: { memory: '8Gi' } } }] } } },
});

describe('fitRequests', () => {
  test('scales every request by one factor per resource so all pods fit in the share of the node', () => {
    const fit = fitRequests([sts(3, '2', '4Gi')], { cpu: 2, memory: 8 * 2 ** 30 }, 0.75);
    expect(fit.requested).toEqual({ cpu: 6, memory: 12 * 2 ** 30 });
    expect(fit.cpuFactor).toBeCloseTo(0.25);
    expect(fit.memoryFactor).toBeCloseTo(0.5);
    const c = fit.objects[0].spec.template.spec.containers[0];
    expect(c.resources.requests).toEqual({ cpu: '500m', memory: '2048Mi' });
    expect(c.resources.limits).toEqual({ memory: '8Gi' });
  });

  test('leaves what already fits untouched, and never changes the input', () => {
    const input = [sts(1, '100m', '256Mi')];
    const fit = fitRequests(input, { cpu: 2, memory: 8 * 2 ** 30 });
    expect(fit.cpuFactor).toBe(1);
    expect(fit.objects).toEqual(input);
    expect(fit.objects[0]).not.toBe(input[0]);
  });

  test('required anti-affinity on the hostname becomes preferred with the same term; other terms stay required', () => {
    const host = { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'nats' } } };
    const zone = { topologyKey: 'topology.kubernetes.io/zone', labelSelector: { matchLabels: { app: 'nats' } } };
    const object = sts(3, '100m', '256Mi');
    (object.spec.template.spec as any).affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [host, zone] } };
    const fit = fitRequests([object], { cpu: 2, memory: 8 * 2 ** 30 });
    expect(fit.objects[0].spec.template.spec.affinity.podAntiAffinity).toEqual({
      requiredDuringSchedulingIgnoredDuringExecution: [zone],
      preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: host }],
    });
    expect(fit.relaxedAntiAffinity).toEqual(['StatefulSet undefined/db']);
    expect(fitRequests([sts(1, '100m', '256Mi')], { cpu: 2, memory: 8 * 2 ** 30 }).relaxedAntiAffinity).toEqual([]);
  });
});
