import { DashboardSpec, resourcePanels } from '../lib/dashboards';
import { redisSelectors } from './alerts';
import { VOLUMES } from './containers';
import { dataStatefulSetName } from './names';
import { RedisSettings } from './settings';

function dataVolumes(s: RedisSettings, namespace: string): string {
  return `namespace="${namespace}",persistentvolumeclaim=~"${VOLUMES.data}-${dataStatefulSetName(s.name)}-[0-9]+"`;
}

/** The Redis data pods: who is master, replication, memory against maxmemory, traffic, resources. */
export function redisDashboard(s: RedisSettings, namespace: string): DashboardSpec {
  const { data } = redisSelectors(s, namespace);
  return {
    component: 'redis',
    title: `Redis ${s.name}`,
    description: `Redis data pods of ${s.name} (master set ${s.masterSet}, maxmemory-policy ${s.evictionPolicy}): roles, replication, memory, clients, commands and resources, from redis_exporter.`,
    rows: [
      {
        title: 'Roles and replication',
        panels: [
          { title: 'Data pods up', description: `Data pods whose exporter reaches Redis (${s.replicas} configured).`, unit: 'short', stat: true, queries: [{ expr: `sum(redis_up{${data}})`, legend: 'up' }] },
          { title: 'Masters', description: 'Data pods reporting role master; exactly 1 is healthy.', unit: 'short', stat: true, queries: [{ expr: `count(redis_instance_info{${data},role="master"})`, legend: 'masters' }] },
          { title: 'Replicas connected to the master', description: `Replicas the master streams to (${s.replicas - 1} configured).`, unit: 'short', stat: true, queries: [{ expr: `max(redis_connected_slaves{${data}} and on (namespace, pod) redis_instance_info{${data},role="master"})`, legend: 'replicas' }] },
          { title: 'Replica links down', description: 'Replicas whose master link is down.', unit: 'short', stat: true, queries: [{ expr: `count(redis_master_link_up{${data}} == 0) or vector(0)`, legend: 'down' }] },
          { title: 'Master per pod', description: '1 while the pod is master; a move between pods is a failover.', unit: 'short', queries: [{ expr: `max by (pod) (redis_instance_info{${data},role="master"})`, legend: '{{pod}}' }] },
        ],
      },
      {
        title: 'Memory and traffic',
        panels: [
          { title: 'Memory used / maxmemory', description: `Used memory against maxmemory (empty without maxmemory); with ${s.evictionPolicy} at the limit ${s.evictionPolicy === 'noeviction' ? 'writes fail' : 'keys are evicted'}.`, unit: 'percentunit', queries: [{ expr: `max by (pod) (redis_memory_used_bytes{${data}}) / max by (pod) (redis_memory_max_bytes{${data}} > 0)`, legend: '{{pod}}' }] },
          { title: 'Memory used', description: 'Memory Redis has allocated.', unit: 'bytes', queries: [{ expr: `max by (pod) (redis_memory_used_bytes{${data}})`, legend: '{{pod}}' }] },
          { title: 'Commands per second', description: 'Commands processed.', unit: 'ops', queries: [{ expr: `sum by (pod) (rate(redis_commands_processed_total{${data}}[$__rate_interval]))`, legend: '{{pod}}' }] },
          { title: 'Hit ratio and evictions', description: 'Keyspace hit ratio, and keys evicted per second.', unit: 'short', queries: [
            { expr: `sum by (pod) (rate(redis_keyspace_hits_total{${data}}[$__rate_interval])) / (sum by (pod) (rate(redis_keyspace_hits_total{${data}}[$__rate_interval])) + sum by (pod) (rate(redis_keyspace_misses_total{${data}}[$__rate_interval])))`, legend: '{{pod}} hit ratio' },
            { expr: `sum by (pod) (rate(redis_evicted_keys_total{${data}}[$__rate_interval]))`, legend: '{{pod}} evictions/s' },
          ] },
          { title: 'Clients', description: 'Connected clients, and connections refused at maxclients.', unit: 'short', queries: [
            { expr: `max by (pod) (redis_connected_clients{${data}})`, legend: '{{pod}} connected' },
            { expr: `sum by (pod) (increase(redis_rejected_connections_total{${data}}[$__rate_interval]))`, legend: '{{pod}} rejected' },
          ] },
        ],
      },
      { title: 'Resources', panels: resourcePanels(data, dataVolumes(s, namespace)) },
    ],
  };
}

/** The sentinels: what they see of the master set, which is what a failover needs. */
export function sentinelDashboard(s: RedisSettings, namespace: string): DashboardSpec {
  const { sentinel } = redisSelectors(s, namespace);
  return {
    component: 'sentinel',
    title: `Redis Sentinel ${s.name}`,
    description: `Sentinels of ${s.name} (master set ${s.masterSet}): reachability, quorum and the replicas and sentinels each one sees, from redis_exporter beside each sentinel.`,
    rows: [
      {
        title: 'Quorum',
        panels: [
          { title: 'Sentinels up', description: `Sentinels whose exporter reaches them (${s.sentinels} configured).`, unit: 'short', stat: true, queries: [{ expr: `sum(redis_up{${sentinel}})`, legend: 'up' }] },
          { title: 'Sentinels with quorum', description: 'Sentinels for which SENTINEL CKQUORUM succeeds; a failover needs a majority of them.', unit: 'short', stat: true, queries: [{ expr: `sum(redis_sentinel_master_ckquorum_status{${sentinel}})`, legend: 'quorum ok' }] },
          { title: 'Other sentinels seen', description: 'Healthy sentinels each sentinel sees for the master set.', unit: 'short', queries: [{ expr: `max by (pod) (redis_sentinel_master_ok_sentinels{${sentinel}})`, legend: '{{pod}}' }] },
          { title: 'Healthy replicas seen', description: `Replicas each sentinel considers healthy (${s.replicas - 1} configured); fewer means fewer failover candidates.`, unit: 'short', queries: [{ expr: `max by (pod) (redis_sentinel_master_ok_slaves{${sentinel}})`, legend: '{{pod}}' }] },
        ],
      },
      { title: 'Resources', panels: resourcePanels(sentinel) },
    ],
  };
}
