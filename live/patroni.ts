import * as http from 'http';
import { parse, stringify } from 'yaml';
import { LiveCluster, Mapping } from './cluster';
import { requireBinary } from './host-checks';
import { Pod, sleep } from './pod';

/** How Patroni's Kubernetes DCS labels member pods (read from the `kubernetes` section it replaces). */
interface RoleLabels {
  readonly memberLabels: Record<string, string>;
  readonly scopeLabel: string;
  readonly scope: string;
  readonly roleLabel: string;
  readonly leader: string;
  readonly follower: string;
  readonly standbyLeader: string;
  readonly restPort: number;
}

/**
 * The documented Patroni mapping: Kubernetes is the DCS in the manifests; here a real etcd is.
 * 1. A single etcd-server (v3 API) runs in its own namespace.
 * 2. In every ConfigMap key that is a Patroni configuration (top-level `scope`, `postgresql` and
 *    `kubernetes`), the `kubernetes` section is replaced by `etcd3: {hosts: <etcd>}`; nothing
 *    else in the file changes. PATRONI_KUBERNETES_* variables are dropped from the environment
 *    (Patroni would otherwise build a `kubernetes` section from them).
 * 3. What the Kubernetes DCS does besides leader election, setting the role label on member
 *    pods, is done by polling each member's REST API (GET /patroni) and setting the label with
 *    the values the replaced section names. Role-selecting Services (`-rw`, `-ro`) then match
 *    pods exactly as they would in the cluster; when Patroni is down the label stays as it was,
 *    as a pod's label does in Kubernetes.
 */
export class PatroniEtcdMapping implements Mapping {
  readonly name = 'patroni-dcs';
  etcdHost?: string;
  private labels?: RoleLabels;
  private cluster?: LiveCluster;
  /** ConfigMap keys rewritten, for the report. */
  readonly rewritten: string[] = [];

  async start(cluster: LiveCluster): Promise<void> {
    this.cluster = cluster;
    requireBinary('etcd', 'etcd-server');
    const name = 'etcd';
    const dataDir = `${cluster.runDir}/etcd-data`;
    const addr = cluster.infraAddress(name);
    this.etcdHost = `${addr.ip}:2379`;
    cluster.spawnInfra(name, addr, [
      'etcd', '--name', 'live-etcd', '--data-dir', dataDir,
      '--listen-client-urls', `http://${addr.ip}:2379`, '--advertise-client-urls', `http://${addr.ip}:2379`,
      '--listen-peer-urls', `http://${addr.ip}:2380`, '--initial-advertise-peer-urls', `http://${addr.ip}:2380`,
      '--initial-cluster', `live-etcd=http://${addr.ip}:2380`, '--initial-cluster-state', 'new',
    ]);
    await cluster.waitFor('etcd healthy', async () => (await getJson(`http://${this.etcdHost}/health`))?.health === 'true', 30_000, []);
    void this.labelLoop();
  }

  configMap(configMap: string, key: string, content: string): string | undefined {
    if (!/\.ya?ml$/.test(key)) return undefined;
    let doc: Record<string, any>;
    try {
      doc = parse(content);
    } catch {
      return undefined;
    }
    if (!doc || typeof doc !== 'object' || !doc.scope || !doc.postgresql || !doc.kubernetes) return undefined;
    if (!this.etcdHost) throw new Error('patroni mapping: etcd is not started yet');
    const k = doc.kubernetes;
    this.labels = {
      memberLabels: k.labels ?? {},
      scopeLabel: k.scope_label ?? 'cluster-name',
      scope: String(doc.scope),
      roleLabel: k.role_label ?? 'role',
      leader: k.leader_label_value ?? 'master',
      follower: k.follower_label_value ?? 'replica',
      standbyLeader: k.standby_leader_label_value ?? k.leader_label_value ?? 'master',
      restPort: Number(String(doc.restapi?.listen ?? ':8008').split(':').pop()),
    };
    const out: Record<string, any> = {};
    for (const [field, value] of Object.entries(doc)) {
      if (field === 'kubernetes') out.etcd3 = { hosts: [this.etcdHost] };
      else out[field] = value;
    }
    this.rewritten.push(`${configMap}/${key}`);
    const header = content.split('\n').filter((l) => l.startsWith('#')).join('\n');
    return `${header ? `${header}\n` : ''}# live test: kubernetes DCS section replaced by etcd3\n${stringify(out, { lineWidth: 0 })}`;
  }

  env(_pod: Pod, _container: unknown, env: Map<string, string>): void {
    for (const name of [...env.keys()]) if (name.startsWith('PATRONI_KUBERNETES_')) env.delete(name);
  }

  /** Member pods of the Patroni cluster, as its Kubernetes DCS finds them (member labels + scope label). */
  members(): Pod[] {
    const l = this.labels;
    if (!l || !this.cluster) return [];
    return this.cluster.livePods().filter((p) => p.address
      && Object.entries({ ...l.memberLabels, [l.scopeLabel]: l.scope }).every(([k, v]) => p.labels[k] === v));
  }

  /** The member whose REST API says it is the leader, if any. */
  async leader(): Promise<Pod | undefined> {
    for (const p of this.members()) {
      const s = await getJson(`http://${p.ip}:${this.labels!.restPort}/patroni`);
      if (s && ['master', 'primary'].includes(s.role)) return p;
    }
    return undefined;
  }

  async status(pod: Pod): Promise<Record<string, any> | undefined> {
    return getJson(`http://${pod.ip}:${this.labels?.restPort ?? 8008}/patroni`);
  }

  private async labelLoop(): Promise<void> {
    while (this.cluster && !this.cluster.isStopped) {
      const l = this.labels;
      if (l) {
        for (const pod of this.members()) {
          const s = await getJson(`http://${pod.ip}:${l.restPort}/patroni`, 800);
          if (!s?.role) continue;
          const role = s.role === 'promoted' ? 'master' : String(s.role);
          const value = role === 'master' || role === 'primary' ? l.leader
            : role === 'standby_leader' ? l.standbyLeader
              : role === 'replica' ? l.follower : role;
          if (pod.dynamicLabels[l.roleLabel] !== value) {
            pod.dynamicLabels[l.roleLabel] = value;
            pod.event(`mapping patroni-dcs: label ${l.roleLabel}=${value} (REST API role ${s.role})`);
            this.cluster.notifyChanged();
          }
        }
      }
      await sleep(500);
    }
  }
}

/** GET a JSON document; undefined on any error or non-JSON answer (any status: Patroni answers 503 with a body). */
export function getJson(url: string, timeoutMs = 2000): Promise<Record<string, any> | undefined> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => {
        try {
          resolve(JSON.parse(body));
        } catch {
          resolve(undefined);
        }
      });
    });
    req.on('timeout', () => { req.destroy(); resolve(undefined); });
    req.on('error', () => resolve(undefined));
  });
}
