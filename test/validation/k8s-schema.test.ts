import { ManifestValidator } from '../../validation';
import { K8sSchemaValidator } from '../../validation/k8s-schema';
import { loadK8sDefinitions } from '../../validation/schema-cache';
import { deployment, environment, service, statefulSet, type Obj } from './fixtures';

const validator = ManifestValidator.load();
const k8s: K8sSchemaValidator = validator.builtIn;
const schemaViolations = (o: Obj) => validator.validate([o]).filter((v) => v.check === 'schema');

describe('built-in kinds', () => {
  test('apiVersion + kind map to definitions (core group is plain "v1")', () => {
    expect(k8s.definitionFor('apps/v1', 'Deployment')).toBe('io.k8s.api.apps.v1.Deployment');
    expect(k8s.definitionFor('v1', 'Service')).toBe('io.k8s.api.core.v1.Service');
    expect(k8s.definitionFor('policy/v1', 'PodDisruptionBudget')).toBe('io.k8s.api.policy.v1.PodDisruptionBudget');
    expect(k8s.has('apps/v1beta1', 'Deployment')).toBe(false);
    expect(k8s.apiVersionsOf('Deployment')).toContain('apps/v1');
  });

  test('every built-in object of the fixture environment is schema-valid', () => {
    const builtIns = environment().filter((o) => k8s.has(o.apiVersion, o.kind));
    expect(builtIns.length).toBeGreaterThan(20);
    expect(builtIns.flatMap((o) => k8s.validate(o).map((i) => `${o.kind}/${o.metadata.name} ${i.path}: ${i.message}`))).toEqual([]);
  });

  test('a typo (spec.replica) is an unknown field', () => {
    const d = deployment('api');
    d.spec.replica = d.spec.replicas;
    delete d.spec.replicas;
    expect(schemaViolations(d)).toEqual([
      { object: 'Deployment/payments/api', check: 'schema', path: 'spec.replica', message: expect.stringMatching(/unknown field/) },
    ]);
  });

  test('typos deep in the pod template and in metadata are caught too', () => {
    const d = deployment('api');
    d.spec.template.spec.containers[0].imagePullPolicyy = 'Always';
    d.metadata.label = { a: 'b' };
    expect(schemaViolations(d).map((v) => v.path).sort()).toEqual(['metadata.label', 'spec.template.spec.containers[0].imagePullPolicyy']);
  });

  test('a wrong type is reported with the expected type', () => {
    const d = deployment('api');
    d.spec.replicas = '2';
    d.spec.template.spec.containers[0].ports[0].containerPort = '8080';
    expect(schemaViolations(d).map((v) => `${v.path}: ${v.message}`).sort()).toEqual([
      'spec.replicas: must be integer',
      'spec.template.spec.containers[0].ports[0].containerPort: must be integer',
    ]);
  });

  test('a missing required field is reported at its path', () => {
    const d = deployment('api');
    delete d.spec.selector;
    expect(schemaViolations(d)).toEqual([expect.objectContaining({ path: 'spec.selector', message: 'required field is missing' })]);
  });

  test('Service targetPort is int-or-string: a name and a number are both valid, a boolean is not', () => {
    const named = service('api');
    named.spec.ports = [{ name: 'http', port: 80, targetPort: 'http' }];
    const numbered = service('api');
    numbered.spec.ports = [{ name: 'http', port: 80, targetPort: 8080 }];
    expect(k8s.validate(named)).toEqual([]);
    expect(k8s.validate(numbered)).toEqual([]);
    const wrong = service('api');
    wrong.spec.ports = [{ name: 'http', port: 80, targetPort: true }];
    expect(k8s.validate(wrong)).toEqual([{ path: 'spec.ports[0].targetPort', message: 'must be integer or string' }]);
  });

  test('resource quantities accept strings and numbers', () => {
    const d = deployment('api');
    d.spec.template.spec.containers[0].resources = { requests: { cpu: 1, memory: '128Mi' }, limits: { memory: 268435456 } };
    expect(k8s.validate(d)).toEqual([]);
    d.spec.template.spec.containers[0].resources.requests.cpu = { millis: 100 };
    expect(k8s.validate(d)).toEqual([{ path: 'spec.template.spec.containers[0].resources.requests.cpu', message: 'must be string or number' }]);
  });

  test('StatefulSet volumeClaimTemplates are full PersistentVolumeClaims (typos caught there too)', () => {
    const s = statefulSet('ledger');
    s.spec.volumeClaimTemplates[0].spec.storageClass = 'fast';
    expect(k8s.validate(s)).toEqual([expect.objectContaining({ path: 'spec.volumeClaimTemplates[0].spec.storageClass' })]);
  });

  test('kinds compile lazily: a ConfigMap needs only a few definitions', () => {
    const { value, sourceHash } = loadK8sDefinitions();
    const fresh = new K8sSchemaValidator(value, sourceHash);
    fresh.validate({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } });
    const { compiles, cacheHits } = fresh.compileStats;
    expect(compiles + cacheHits).toBeGreaterThan(0);
    expect(compiles + cacheHits).toBeLessThan(6);
  });
});
