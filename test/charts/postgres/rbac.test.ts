import { find } from '../../helpers';
import { shop, synthFile } from './fixtures';

describe('RBAC', () => {
  test('Patroni may handle ConfigMaps, label member pods and read the -rw endpoints (the handover), nothing else', () => {
    const objects = synthFile(shop(), 'postgres');
    expect(find(objects, 'Role', 'shop-db-patroni').rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], verbs: ['create', 'get', 'list', 'patch', 'update', 'watch'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'patch', 'update', 'watch'] },
      { apiGroups: [''], resources: ['endpoints'], resourceNames: ['shop-db-rw'], verbs: ['get'] },
    ]);
    const binding = find(objects, 'RoleBinding', 'shop-db-patroni');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'shop-db-patroni' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'shop-db-patroni', namespace: 'shop' }]);
    expect(find(objects, 'ServiceAccount', 'shop-db-patroni').metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-5');
  });

  test('the backup account may exec into the member pods only', () => {
    const role = find(synthFile(shop(), 'postgres'), 'Role', 'shop-db-backup');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['services'], resourceNames: ['shop-db-rw'], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['pods/exec'], resourceNames: ['shop-db-0', 'shop-db-1', 'shop-db-2'], verbs: ['create', 'get'] },
    ]);
  });

  test('no backup account without backups', () => {
    const objects = synthFile(shop({ postgres: { backup: null } }), 'postgres');
    expect(objects.some((o) => o.metadata.name === 'shop-db-backup')).toBe(false);
  });
});
