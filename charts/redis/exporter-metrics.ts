import { MetricSource } from '../lib/metrics/source';

/** redis_exporter beside every data and sentinel pod (image in images.ts). */
export const REDIS_EXPORTER: MetricSource = {
  exporter: 'redis_exporter v1.67.0',
  checkedIn: 'oliver006/redis_exporter exporter/{exporter,info,sentinels}.go',
  names: [
    'redis_up',
    'redis_instance_info',
    'redis_connected_clients',
    'redis_rejected_connections_total',
    'redis_commands_processed_total',
    'redis_keyspace_hits_total',
    'redis_keyspace_misses_total',
    'redis_evicted_keys_total',
    'redis_memory_used_bytes',
    'redis_memory_max_bytes',
    'redis_connected_slaves',
    'redis_master_link_up',
    'redis_sentinel_master_ok_slaves',
    'redis_sentinel_master_ok_sentinels',
    'redis_sentinel_master_ckquorum_status',
  ],
};

/** HAProxy's built-in Prometheus exporter in the master proxy pods (behind `<name>-master`). */
export const HAPROXY_EXPORTER: MetricSource = {
  exporter: 'HAProxy promex (3.x)',
  checkedIn: 'haproxy/haproxy addons/promex/service-prometheus.c, src/stats.c (field names)',
  names: [
    'haproxy_backend_active_servers',
    'haproxy_frontend_denied_connections_total',
  ],
};
