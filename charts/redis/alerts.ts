import { AlertGroup, AlertRule } from '../lib/monitoring';
import { PROXY_NAMES } from './master-proxy-config';
import { dataStatefulSetName, masterServiceName, sentinelStatefulSetName } from './names';
import { majorityOf, RedisSettings, writesFailWhenFull } from './settings';

/**
 * Alerts from the redis_exporter sidecars: the data pods report role, memory, clients and
 * replication; the sentinel pods report what Sentinel sees (quorum, healthy replicas), which is
 * where "sentinels stuck after node loss" shows before a failover is needed and fails.
 */

export interface RedisAlertOptions {
  readonly namespace: string;
  /** Memory ratio of maxmemory that counts as nearly full. @default 0.9 */
  readonly memoryRatio?: number;
}

/** Label matchers of the data pods and of the sentinel pods. */
export function redisSelectors(s: RedisSettings, namespace: string): { data: string; sentinel: string } {
  return {
    data: `namespace="${namespace}",pod=~"${dataStatefulSetName(s.name)}-[0-9]+"`,
    sentinel: `namespace="${namespace}",pod=~"${sentinelStatefulSetName(s.name)}-[0-9]+"`,
  };
}

export function redisAlerts(s: RedisSettings, opts: RedisAlertOptions): AlertGroup {
  const { data, sentinel } = redisSelectors(s, opts.namespace);
  const who = `Redis ${s.name} (master set ${s.masterSet})`;
  const expectedReplicas = s.replicas - 1;
  const rules: AlertRule[] = [
    {
      alert: 'RedisDown',
      expr: `redis_up{${data}} == 0`,
      for: '2m',
      severity: 'critical',
      summary: `${who}: a data pod does not answer`,
      description: 'The exporter of {{ $labels.pod }} cannot reach Redis. Check the pod\'s redis container logs and events.',
    },
    {
      alert: 'RedisNoMaster',
      expr: `absent(redis_instance_info{${data},role="master"})`,
      for: '1m',
      severity: 'critical',
      summary: `${who}: no data pod is master`,
      description: 'No data pod reports role master: writes fail. Ask a sentinel for the master (SENTINEL get-master-addr-by-name) and check the sentinel logs for failed failovers.',
    },
    {
      alert: 'RedisMultipleMasters',
      expr: `count(redis_instance_info{${data},role="master"}) > 1`,
      for: '1m',
      severity: 'critical',
      summary: `${who}: {{ $value }} data pods report role master`,
      description: 'More than one master (split brain): writes to the wrong one will be lost when Sentinel demotes it. Find the master the sentinels name and restart the other one.',
    },
    {
      alert: 'RedisMasterChanged',
      expr: `count(count by (pod) (max_over_time(redis_instance_info{${data},role="master"}[10m]))) > 1`,
      severity: 'warning',
      summary: `${who}: the master changed in the last 10 minutes`,
      description: 'A failover happened (planned on pod shutdown, or after the master failed). Check that clients reconnected and why the old master stopped.',
    },
    {
      alert: 'RedisRejectedConnections',
      expr: `increase(redis_rejected_connections_total{${data}}[5m]) > 0`,
      severity: 'warning',
      summary: `${who}: {{ $labels.pod }} rejected client connections`,
      description: 'Redis refused connections because maxclients was reached. Look for connection leaks in the clients.',
    },
    {
      alert: 'RedisReplicationBroken',
      expr: `redis_master_link_up{${data}} == 0`,
      for: '2m',
      severity: 'critical',
      summary: `${who}: replica {{ $labels.pod }} lost its master link`,
      description: 'master_link_status is down: this replica is not receiving writes and would lose them in a failover. Check the replica\'s log for sync errors (auth, network, disk).',
    },
    {
      alert: 'RedisSentinelDown',
      expr: `redis_up{${sentinel}} == 0`,
      for: '2m',
      severity: 'warning',
      summary: `${who}: sentinel {{ $labels.pod }} does not answer`,
      description: `A sentinel is down; failovers need ${majorityOf(s.sentinels)} of ${s.sentinels} sentinels.`,
    },
    {
      alert: 'RedisSentinelQuorumLost',
      expr: `redis_sentinel_master_ckquorum_status{${sentinel}} == 0`,
      for: '2m',
      severity: 'critical',
      summary: `${who}: sentinel {{ $labels.pod }} cannot reach a quorum`,
      description: 'SENTINEL CKQUORUM fails: too few sentinels reach each other to authorize a failover, so a master failure would not be repaired.',
    },
  ];
  if (s.maxmemory) {
    const ratio = opts.memoryRatio ?? 0.9;
    const failing = writesFailWhenFull(s.evictionPolicy);
    rules.push({
      alert: 'RedisMemoryNearMaxmemory',
      expr: `redis_memory_used_bytes{${data}} / (redis_memory_max_bytes{${data}} > 0) > ${ratio}`,
      for: '15m',
      severity: failing ? 'critical' : 'warning',
      summary: `${who}: {{ $labels.pod }} uses over ${Math.round(ratio * 100)}% of maxmemory (${s.maxmemory})`,
      description: failing
        ? `With maxmemory-policy ${s.evictionPolicy}, writes fail with OOM once no key can be evicted. Raise maxmemory (and the memory limit) or delete data.`
        : `With maxmemory-policy ${s.evictionPolicy}, Redis evicts keys to stay under maxmemory; a cache at its limit is expected, but a rising eviction rate means the working set no longer fits.`,
    });
  }
  if (expectedReplicas > 0) {
    rules.push({
      alert: 'RedisMissingReplicas',
      expr: `redis_connected_slaves{${data}} < ${expectedReplicas} and on (namespace, pod) redis_instance_info{${data},role="master"}`,
      for: '5m',
      severity: 'warning',
      summary: `${who}: the master has {{ $value }} of ${expectedReplicas} replicas connected`,
      description: 'Fewer replicas than configured are replicating: a failover has fewer (or no) candidates. Check the missing data pods.',
    }, {
      alert: 'RedisSentinelReplicasDown',
      expr: `redis_sentinel_master_ok_slaves{${sentinel}} < ${expectedReplicas}`,
      for: '10m',
      severity: 'warning',
      summary: `${who}: sentinel {{ $labels.pod }} sees {{ $value }} of ${expectedReplicas} healthy replicas`,
      description: 'Sentinel considers replicas down that it should be able to fail over to (after node loss Sentinel may still use an old pod address). If the replicas are healthy, run SENTINEL RESET on one sentinel at a time.',
    });
  }
  if (s.masterProxy) rules.push(...masterProxyAlerts(s, opts.namespace, who));
  return { name: `${s.name}-redis`, rules };
}

/**
 * HAProxy's own view behind `<name>-master`: a proxy pod that sees no master, and clients being
 * refused because no pod is both master and named by a majority of the sentinels.
 */
function masterProxyAlerts(s: RedisSettings, namespace: string, who: string): AlertRule[] {
  const proxy = `namespace="${namespace}",pod=~"${masterServiceName(s.name)}-[a-z0-9]+-[a-z0-9]+"`;
  return [
    {
      alert: 'RedisMasterProxyNoMaster',
      expr: `haproxy_backend_active_servers{${proxy},proxy="${PROXY_NAMES.backend}"} == 0`,
      for: '2m',
      severity: 'critical',
      summary: `${who}: master proxy {{ $labels.pod }} reaches no master`,
      description: `No data pod answers its role check with "master": clients of ${masterServiceName(s.name)} are refused. Check RedisNoMaster and the proxy's log for failing checks (a wrong password shows as AUTH failures).`,
    },
    {
      alert: 'RedisMasterProxyRefusing',
      expr: `rate(haproxy_frontend_denied_connections_total{${proxy},proxy="${PROXY_NAMES.frontend}"}[5m]) > 0`,
      for: '2m',
      severity: 'critical',
      summary: `${who}: master proxy {{ $labels.pod }} refuses clients`,
      description: `No data pod is both master and named by ${majorityOf(s.sentinels)} of ${s.sentinels} sentinels, so ${masterServiceName(s.name)} refuses connections rather than risk a second master. Ask each sentinel SENTINEL get-master-addr-by-name ${s.masterSet} and compare with the data pods' ROLE.`,
    },
  ];
}
