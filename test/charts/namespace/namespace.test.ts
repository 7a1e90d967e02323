import { ProblemCollector } from '../../../charts/lib/errors';
import { ACCESS_LOG_TELEMETRY } from '../../../charts/namespace/namespace';
import { servicesComponent } from '../../../charts/services';
import { PlatformSpec } from '../../../charts/spec';
import { find, synthSpec } from '../../helpers';

const BASE: PlatformSpec = { namespace: 'shop' };
const namespaceFile = (spec: PlatformSpec) => synthSpec(spec).get('namespace')!;

describe('namespace access logging', () => {
  test('off by default', () => {
    expect(namespaceFile(BASE).some((o) => o.kind === 'Telemetry')).toBe(false);
  });

  test('mesh.accessLogging: one namespace-wide Telemetry with the built-in envoy provider', () => {
    const t = find(namespaceFile({ ...BASE, mesh: { accessLogging: true } }), 'Telemetry', ACCESS_LOG_TELEMETRY);
    expect(t.apiVersion).toBe('telemetry.istio.io/v1');
    expect(t.metadata.namespace).toBe('shop');
    expect(t.spec).toEqual({ accessLogging: [{ providers: [{ name: 'envoy' }] }] });
  });

  test('nothing to log without sidecars', () => {
    expect(namespaceFile({ ...BASE, mesh: { enabled: false, accessLogging: true } }).some((o) => o.kind === 'Telemetry')).toBe(false);
  });

  test('a non-boolean is reported with its path', () => {
    const c = new ProblemCollector('spec');
    servicesComponent.check(c, { ...BASE, mesh: { accessLogging: 'yes' as any } });
    expect(c.problems.map((p) => [p.path, p.received])).toEqual([['spec.mesh.accessLogging', 'yes']]);
  });
});
