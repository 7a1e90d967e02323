import { PgTarget, query, Writer } from '../clients/postgres';
import { LiveCluster } from '../cluster';
import { K8sObject, Manifests } from '../manifests';
import { PatroniEtcdMapping } from '../patroni';
import { Pod, sleep } from '../pod';

export interface PostgresFigures {
  readonly timeToReady: Record<string, number>;
  readonly leader: string;
  readonly replication: string[][];
  readonly slots: string[][];
  readonly poolerTimeToReady: Record<string, number>;
  readonly rowsCommittedBeforeKill: number;
  readonly rowsCommittedTotal: number;
  readonly rowsLost: number;
  readonly promoted: string;
  readonly promotionSeconds: number;
  readonly writesResumedSeconds: number;
  /** A commit on the new leader was seen waiting for its synchronous standby (wait_event SyncRep) before writes resumed. */
  readonly syncRepWaitSeen: boolean;
  readonly rejoinSeconds: number;
  readonly pgRewindRan: boolean;
  readonly synchronous: boolean;
  readonly slotsAfter: string[][];
}

export interface PostgresLayout {
  readonly sts: K8sObject;
  readonly poolerRw?: K8sObject;
  readonly poolerService?: K8sObject;
  readonly superuser: { name: string; key: string };
  readonly app: { role: string; secret: { name: string; key: string }; database: string };
  readonly synchronous: boolean;
  readonly initSqlConfigMap?: string;
}

/** Reads the Patroni StatefulSet, its PgBouncer (rw) and the app role from the manifests. */
export function postgresLayout(m: Manifests): PostgresLayout {
  const sts = m.ofKind('StatefulSet').find((s) => s.spec.template.spec.containers.some((c: K8sObject) => (c.command ?? [])[0] === 'patroni'));
  if (!sts) throw new Error('no StatefulSet whose container runs patroni');
  const pg = sts.spec.template.spec.containers.find((c: K8sObject) => (c.command ?? [])[0] === 'patroni');
  const envRef = (name: string) => pg.env.find((e: K8sObject) => e.name === name)?.valueFrom?.secretKeyRef;
  const superuser = envRef('PATRONI_SUPERUSER_PASSWORD');
  if (!superuser) throw new Error('the patroni container has no PATRONI_SUPERUSER_PASSWORD from a Secret');
  const cm = m.ofKind('ConfigMap').find((c) => typeof c.data?.['patroni.yml'] === 'string');
  const synchronous = /synchronous_mode: true/.test(cm?.data?.['patroni.yml'] ?? '');
  // The application role: the first projected Secret item of the role-passwords volume, with the database it owns.
  const rolesVolume = sts.spec.template.spec.volumes.find((v: K8sObject) => v.projected && pg.volumeMounts.some((vm: K8sObject) => vm.name === v.name && /roles/.test(vm.mountPath)));
  const item = rolesVolume?.projected.sources.find((s: K8sObject) => s.secret)?.secret;
  if (!item) throw new Error('no role password Secret mounted in the patroni container; the scenario writes as an application role');
  const role = item.items[0].path;
  const sql = cm?.data?.['bootstrap.sql'] ?? '';
  const owned = new RegExp(`CREATE DATABASE %I OWNER %I', '([^']+)', '${role}'`).exec(sql);
  if (!owned) throw new Error(`bootstrap.sql creates no database owned by ${role}`);
  const initSql = sts.spec.template.spec.volumes.find((v: K8sObject) => v.configMap && pg.volumeMounts.some((vm: K8sObject) => vm.name === v.name && /init-sql/.test(vm.mountPath)));
  const poolerRw = m.ofKind('Deployment').find((d) => d.spec.template.spec.containers.some((c: K8sObject) => (c.command ?? []).some((a: string) => /-rw\.ini$/.test(a))));
  const poolerService = poolerRw && m.ofKind('Service').find((s) => s.spec.selector && Object.entries(s.spec.selector).every(([k, v]) => poolerRw.spec.template.metadata.labels[k] === v));
  return {
    sts, poolerRw, poolerService, superuser, synchronous,
    app: { role, secret: { name: item.name, key: item.items[0].key }, database: owned[1] },
    initSqlConfigMap: initSql?.configMap.name,
  };
}

/** The table the scenario writes, created by the init SQL the spec points at (a fixture, as the migrations ConfigMap lives outside Git). */
export const TABLE = 'live_writes';
export function initSqlFixture(role: string): Record<string, string> {
  return {
    '001-live-writes.sql': `CREATE TABLE ${TABLE} (id bigint PRIMARY KEY, written_at timestamptz NOT NULL DEFAULT now());\nALTER TABLE ${TABLE} OWNER TO "${role}";\n`,
  };
}

/**
 * Scenario 1: Patroni members bootstrap from the generated patroni.yml (DCS mapped to etcd);
 * the leader streams to every replica through a replication slot (synchronously to one when the
 * spec says so); an application writes through PgBouncer; the leader's pod is SIGKILLed and kept
 * down (an in-place restart would simply resume the lock); a replica is promoted; no row whose
 * commit was acknowledged is missing; the old leader comes back as a replica (pg_rewind when
 * its timeline diverged) and streams again.
 */
export async function runPostgresScenario(cluster: LiveCluster, dcs: PatroniEtcdMapping, log: (s: string) => void = () => undefined): Promise<PostgresFigures> {
  const layout = postgresLayout(cluster.manifests);
  const superPw = cluster.fixtures.value(layout.superuser.name, layout.superuser.key);
  const admin = (p: Pod, database = 'postgres'): PgTarget => ({ host: p.ip, port: 5432, user: 'postgres', password: superPw, database });
  const members = await cluster.startStatefulSet(layout.sts.metadata.name);
  const expectedReplicas = members.length - 1;

  const leader = await cluster.waitFor('a Patroni leader', () => dcs.leader(), 180_000, members);
  log(`leader ${leader.name}`);
  const timeToReady = await cluster.waitReady(members, 120_000);
  const replication = await cluster.waitFor(`${expectedReplicas} replicas streaming from ${leader.name}${layout.synchronous ? ', one of them synchronous' : ''}`, async () => {
    const rows = await query(admin(leader), 'SELECT application_name, state, sync_state FROM pg_stat_replication ORDER BY application_name');
    const streaming = rows.filter((r) => r[1] === 'streaming');
    const sync = rows.filter((r) => r[2] === 'sync' || r[2] === 'quorum');
    return streaming.length === expectedReplicas && (!layout.synchronous || sync.length >= 1) ? rows : undefined;
  }, 120_000, members);
  const slots = await cluster.waitFor(`an active physical slot per replica on ${leader.name}`, async () => {
    const rows = await query(admin(leader), "SELECT slot_name, slot_type, active FROM pg_replication_slots ORDER BY slot_name");
    return rows.filter((r) => r[1] === 'physical' && r[2] === 't').length === expectedReplicas ? rows : undefined;
  }, 60_000, members);
  log(`replication ${JSON.stringify(replication)} slots ${JSON.stringify(slots)}`);

  // PgBouncer in front of the -rw Service.
  if (!layout.poolerRw || !layout.poolerService) throw new Error('no PgBouncer Deployment for the -rw pool (with a Service) in the manifests');
  const poolers = await cluster.startDeployment(layout.poolerRw.metadata.name);
  const poolerTimeToReady = await cluster.waitReady(poolers, 120_000);
  const svcPort = layout.poolerService.spec.ports[0].port;
  const appPw = cluster.fixtures.value(layout.app.secret.name, layout.app.secret.key);
  const viaPooler: PgTarget = { host: cluster.service(layout.poolerService.metadata.name).ip!, port: svcPort, user: layout.app.role, password: appPw, database: layout.app.database };
  const exists = await query(viaPooler, `SELECT count(*) FROM ${TABLE}`).catch((e) => { throw new Error(`the init SQL table ${TABLE} is not reachable through PgBouncer as ${layout.app.role}: ${e.message}`); });
  void exists;

  const writer = new Writer(viaPooler, TABLE);
  writer.start();
  try {
    await writer.waitForCommits(300, 60_000);
    const beforeKill = writer.committed.size;
    const killedAt = Date.now();
    await cluster.deletePod(leader.name, { graceSeconds: 0, recreate: false });
    log(`killed ${leader.name} after ${beforeKill} commits`);
    const survivors = members.filter((p) => p !== leader);
    const promoted = await cluster.waitFor('a replica promoted by Patroni', async () => {
      const l = await dcs.leader();
      return l && l.name !== leader.name ? l : undefined;
    }, 120_000, survivors);
    const promotionSeconds = (Date.now() - killedAt) / 1000;
    log(`promoted ${promoted.name} after ${promotionSeconds.toFixed(1)} s`);
    const resumeGoal = writer.committed.size;
    // While writes are stalled, note whether commits on the new leader wait for a synchronous standby.
    let syncRepWaitSeen = false;
    await cluster.waitFor('writes through PgBouncer resume', async () => {
      if (writer.committed.size > resumeGoal && writer.lastCommitAt > killedAt) return true;
      const waiting = await query(admin(promoted), "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'SyncRep'").catch(() => [['0']]);
      if (Number(waiting[0]?.[0]) > 0) syncRepWaitSeen = true;
      return false;
    }, 120_000, [...survivors, ...poolers]);
    const writesResumedSeconds = (writer.lastCommitAt - killedAt) / 1000;
    log(`writes resumed after ${writesResumedSeconds.toFixed(1)} s; client errors meanwhile: ${writer.errors.join(' | ')}`);
    await writer.waitForCommits(200, 60_000);
    await writer.stop();

    const rows = await query(admin(promoted, layout.app.database), `SELECT id FROM ${TABLE}`, 30_000).then((r) => r.map((x) => Number(x[0])));
    const present = new Set(rows);
    const lost = [...writer.committed].filter((id) => !present.has(id));

    // The old leader's pod comes back.
    const returnedAt = Date.now();
    const back = await cluster.recreatePod(leader.name);
    await cluster.waitFor(`${leader.name} back as a streaming replica of ${promoted.name}`, async () => {
      const s = await dcs.status(back);
      if (s?.role !== 'replica' || s.state !== 'running') return false;
      const r = await query(admin(promoted), `SELECT state FROM pg_stat_replication WHERE application_name = '${leader.name}'`);
      return r[0]?.[0] === 'streaming';
    }, 240_000, [back, promoted]);
    const rejoinSeconds = (Date.now() - returnedAt) / 1000;
    await cluster.waitFor(`${leader.name} has every row`, async () => {
      const c = await query(admin(back, layout.app.database), `SELECT count(*) FROM ${TABLE}`);
      return Number(c[0][0]) === rows.length;
    }, 60_000, [back]);
    const patroniLog = back.containers.find((c) => (c.spec.command ?? [])[0] === 'patroni')?.proc?.tail(1000) ?? '';
    const pgRewindRan = /running pg_rewind from/.test(patroniLog);
    if (pgRewindRan && !/pg_rewind exit code=0/.test(patroniLog)) throw new Error(`pg_rewind on ${leader.name} did not succeed:\n${patroniLog.split('\n').filter((l) => /rewind/i.test(l)).join('\n')}`);
    const slotsAfter = await cluster.waitFor(`an active physical slot per replica on ${promoted.name} after the rejoin`, async () => {
      const r = await query(admin(promoted), 'SELECT slot_name, slot_type, active FROM pg_replication_slots ORDER BY slot_name');
      return r.filter((x) => x[1] === 'physical' && x[2] === 't').length === expectedReplicas ? r : undefined;
    }, 60_000, [back, promoted]);
    if (lost.length > 0) throw new Error(`${lost.length} committed rows are missing on the new primary (ids ${lost.slice(0, 10).join(', ')})`);
    return {
      timeToReady, leader: leader.name, replication, slots, poolerTimeToReady,
      rowsCommittedBeforeKill: beforeKill, rowsCommittedTotal: writer.committed.size, rowsLost: lost.length,
      promoted: promoted.name, promotionSeconds, writesResumedSeconds, syncRepWaitSeen, rejoinSeconds, pgRewindRan, synchronous: layout.synchronous, slotsAfter,
    };
  } finally {
    await writer.stop();
    await sleep(10);
  }
}
