import { imageVersion, objectLabels, selectorLabels } from '../../../charts/lib/labels';

describe('labels', () => {
  const id = { name: 'redis', instance: 'cache', component: 'sentinel', version: '7.2.4' };

  test('selectors never carry the version', () => {
    expect(selectorLabels(id)).toEqual({ 'app.kubernetes.io/name': 'redis', 'app.kubernetes.io/instance': 'cache', 'app.kubernetes.io/component': 'sentinel' });
    expect(objectLabels(id)['app.kubernetes.io/version']).toBe('7.2.4');
  });

  test('image versions', () => {
    expect(imageVersion('docker.io/library/redis:7.2.4-alpine')).toBe('7.2.4-alpine');
    expect(imageVersion('registry:5000/app')).toBe('unversioned');
    expect(imageVersion('nats@sha256:abcdef0123456789abcdef')).toMatch(/^sha256-/);
  });
});
