import { k8s } from '../lib/k8s';
import { Construct } from 'constructs';
import { syncWave, SyncWave } from '../lib/gitops';
import { PostgresSettings } from './settings';

/**
 * What Patroni's Kubernetes DCS does in ConfigMap mode, and nothing more: read, watch and write
 * the `<scope>-*` ConfigMaps that hold the leader lock and cluster state, and read/label the
 * member pods (role label, status annotation). Endpoints and Services are only touched in
 * Endpoints mode; delete/deletecollection only by `patronictl remove`, an administrator's act.
 */
export const PATRONI_RULES: readonly k8s.PolicyRule[] = [
  { apiGroups: [''], resources: ['configmaps'], verbs: ['create', 'get', 'list', 'patch', 'update', 'watch'] },
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'patch', 'update', 'watch'] },
];

export function patroniRbac(scope: Construct, s: PostgresSettings, namespace: string): void {
  grant(scope, 'Patroni', namespace, s.names.patroniAccount, s.labels, [
    ...PATRONI_RULES,
    // the handover of a new primary resumes the pools once -rw names it alone
    { apiGroups: [''], resources: ['endpoints'], resourceNames: [s.names.primary], verbs: ['get'] },
  ]);
}

/**
 * The backup CronJobs run `kubectl exec svc/<name>-rw -c backup -- ...`: read that Service, find
 * its pod, and exec into member pods only (pods/exec is limited to their names; `get` is what
 * the WebSocket exec protocol of newer kubectl asks for, `create` the SPDY one).
 */
export function backupRules(s: PostgresSettings): k8s.PolicyRule[] {
  return [
    { apiGroups: [''], resources: ['services'], resourceNames: [s.names.primary], verbs: ['get'] },
    { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: [''], resources: ['pods/exec'], resourceNames: [...s.podNames], verbs: ['create', 'get'] },
  ];
}

export function backupRbac(scope: Construct, s: PostgresSettings, namespace: string): void {
  grant(scope, 'Backup', namespace, s.names.backupAccount, s.labels, backupRules(s));
}

function grant(scope: Construct, id: string, namespace: string, name: string, labels: Record<string, string>, rules: k8s.PolicyRule[]): void {
  const metadata = { name, labels, annotations: syncWave(SyncWave.CONFIG) };
  new k8s.KubeServiceAccount(scope, `${id}Account`, { metadata });
  new k8s.KubeRole(scope, `${id}Role`, { metadata, rules });
  new k8s.KubeRoleBinding(scope, `${id}Binding`, {
    metadata,
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
    // service account subjects must name their namespace
    subjects: [{ kind: 'ServiceAccount', name, namespace }],
  });
}
