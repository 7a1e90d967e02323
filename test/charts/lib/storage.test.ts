import { RETAIN_VOLUMES, volumeClaimTemplate } from '../../../charts/lib/storage';

describe('volumeClaimTemplate', () => {
  test('carries apiVersion and kind, and the class from the volume or the default', () => {
    const t = volumeClaimTemplate('data', { size: '10Gi' }, { a: 'b' }, 'gp3');
    expect(t).toMatchObject({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', labels: { a: 'b' } } });
    expect(t.spec!.storageClassName).toBe('gp3');
    expect(volumeClaimTemplate('data', { size: '10Gi', storageClass: 'fast' }, {}, 'gp3').spec!.storageClassName).toBe('fast');
    expect(volumeClaimTemplate('data', { size: '10Gi' }, {}).spec).not.toHaveProperty('storageClassName');
  });

  test('volumes are retained on delete and scale-down', () => {
    expect(RETAIN_VOLUMES).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
  });
});
