import type { KubernetesObject } from '../../cluster/lib/client';
import type { ManifestObject } from '../../cluster/lib/manifests';
import { applyOverride } from '../../charts/lib/merge';
import { synthEnvironment } from '../../charts/platform';
import { Override, PlatformDefinition, PlatformSpec } from '../../charts/spec';
import { wallet } from '../../platforms/wallet';
import { query, PgTarget } from './clients/postgres';
import { FIELD_MANAGER, testCluster } from './kube';
import { deleteNamespaces } from './platform-checks';
import { find, secretValue, syncManifests, waitFor } from './pods';

/**
 * Reconcile for the cluster's life, on the real cluster (wallet dev: 1 member, 1 PgBouncer): the
 * spec changes after the bootstrap and each sync's PostSync Job brings the cluster in line.
 * A role and a database added later log in through PgBouncer; a rotated password works through
 * PgBouncer (and the old one no longer does); a DCS parameter that needs a restart is reported.
 */
const cluster = testCluster();
const figures: string[] = [];
afterAll(() => console.log(`Postgres reconcile on the real cluster:\n${figures.join('\n')}`));

const ns = 'wallet';
const FILES = ['namespace', 'postgres', 'pgbouncer'];

/** wallet dev with an override on top of its dev environment, synthesized now (not dist/). */
function manifests(extra: Override<PlatformSpec> = {}): ManifestObject[] {
  const def: PlatformDefinition = { ...wallet, environments: { ...wallet.environments, dev: applyOverride(wallet.environments.dev ?? {}, extra) } };
  return synthEnvironment(def, 'dev').files.filter((f) => FILES.includes(f.file))
    .flatMap((f) => f.objects.map((object) => ({ file: `${f.file}.k8s.yaml`, object: object as KubernetesObject })));
}

async function reconcileLog(): Promise<string> {
  const pods = await cluster.core.listNamespacedPod({ namespace: ns, labelSelector: 'app.kubernetes.io/component=reconcile' });
  const pod = pods.items.sort((a, b) => String(b.metadata!.creationTimestamp).localeCompare(String(a.metadata!.creationTimestamp)))[0];
  return pod ? String(await cluster.core.readNamespacedPodLog({ namespace: ns, name: pod.metadata!.name!, container: 'reconcile' })) : '';
}

/** The PostSync reconcile after the bootstrap (wallet dev). */
export function postgresReconcileScenario(): void {
  describe('Postgres: roles, databases, passwords and DCS parameters follow the spec after the bootstrap (wallet dev)', () => {
    afterAll(() => deleteNamespaces(cluster, [ns]), 300_000);

    test('a role and a database added later, a rotated password and a parameter change reach the running cluster', async () => {
      await deleteNamespaces(cluster, [ns]);
      const first = await syncManifests(cluster, manifests());
      const sts = find(first, (o) => o.kind === 'StatefulSet', 'Patroni StatefulSet');
      const poolerName = find(first, (o) => o.kind === 'Service' && /pooler$/.test(o.metadata!.name), 'PgBouncer Service').metadata!.name;
      const pooler = (await cluster.core.readNamespacedService({ namespace: ns, name: poolerName })).spec!.clusterIP!;
      const superRef = sts.spec.template.spec.containers[0].env.find((e: any) => e.name === 'PATRONI_SUPERUSER_PASSWORD').valueFrom.secretKeyRef;
      const superuser = await secretValue(cluster, ns, superRef.name, superRef.key);
      const primary = (await cluster.core.readNamespacedService({ namespace: ns, name: `${sts.metadata!.name}-rw` })).spec!.clusterIP!;
      const admin: PgTarget = { host: primary, port: 5432, user: 'postgres', password: superuser, database: 'postgres' };
      const throughPooler = (user: string, password: string, database: string) => query({ host: pooler, port: 5432, user, password, database }, 'SELECT current_user, current_database()', 10_000);

      // 1. a role and a database added to the spec after the bootstrap, and a DCS parameter changed
      const late = { late_service: { passwordSecret: { name: 'wallet-db-late-service', key: 'password' } } };
      const changed = manifests({ postgres: { roles: late, databases: { late_service: { owner: 'late_service' } }, parameters: { max_connections: 150 } } });
      await syncManifests(cluster, changed);
      const latePassword = await secretValue(cluster, ns, 'wallet-db-late-service', 'password');
      const login = await waitFor('the late role logging in through PgBouncer', () => throughPooler('late_service', latePassword, 'late_service'), 180_000, 2000);
      expect(login).toEqual([['late_service', 'late_service']]);
      const pending = await query(admin, "SELECT setting, pending_restart FROM pg_settings WHERE name = 'max_connections'");
      const log = await reconcileLog();
      const running = String(wallet.base.postgres!.parameters!.max_connections);
      expect(pending).toEqual([[running, 't']]);
      expect(log).toContain(`waiting for a restart of the members: max_connections (running ${running})`);
      figures.push(`postgres  wallet/dev  role and database added after the bootstrap: late_service logs in through PgBouncer; max_connections 150 in the DCS, running ${running}, reported: "${log.split('\n').find((l) => /restart/.test(l))}"`);

      // 2. a rotated password: the Secret changes, the next sync's Job applies it, PgBouncer reloads its userlist
      const role = 'identity_service';
      const secretName = 'wallet-db-identity-service';
      const oldPassword = await secretValue(cluster, ns, secretName, 'password');
      await throughPooler(role, oldPassword, role);
      const newPassword = `rotated-${Date.now()}`;
      await cluster.apply({ apiVersion: 'v1', kind: 'Secret', metadata: { name: secretName, namespace: ns }, data: { password: Buffer.from(newPassword).toString('base64') } },
        { fieldManager: `${FIELD_MANAGER}-rotate` });
      const rotatedAt = Date.now();
      await syncManifests(cluster, changed);
      await waitFor('the rotated password working through PgBouncer', () => throughPooler(role, newPassword, role), 240_000, 2000);
      const seconds = (Date.now() - rotatedAt) / 1000;
      await expect(throughPooler(role, oldPassword, role)).rejects.toThrow(/password authentication failed|authentication failed/);
      figures.push(`postgres  wallet/dev  password of ${role} rotated: works through PgBouncer ${seconds.toFixed(0)} s after the Secret changed (sync, reconcile Job, kubelet refresh, userlist reload); the old password is refused`);
    }, 30 * 60_000);
  });
}
