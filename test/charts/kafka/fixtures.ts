import { applyOverride } from '../../../charts/lib/merge';
import { KafkaSpec, Override, PlatformSpec } from '../../../charts/spec';
import { K8sObject, synthSpec } from '../../helpers';

/**
 * A small platform with Kafka and three client services, used by the kafka tests:
 * "orders" produces orders.created, "billing" consumes it and produces billing.invoiced_v1,
 * "audit" consumes both; "web" reads the audit log.
 */
export const BASE: PlatformSpec = {
  namespace: 'shop',
  kafka: {
    name: 'events',
    storage: { size: '50Gi', storageClass: 'fast' },
    topics: {
      'orders.created': { partitions: 6, config: { 'retention.ms': 604800000, 'compression.type': 'lz4' } },
      'billing.invoiced_v1': { partitions: 3, replicas: 3, config: { 'min.insync.replicas': 2 } },
      'audit-log': { partitions: 1 },
    },
  },
  services: {
    orders: { image: 'ghcr.io/shop/orders:1.0.0', ports: { api: { port: 8080 } }, talksTo: ['kafka'], produces: ['orders.created'] },
    billing: {
      image: 'ghcr.io/shop/billing:1.0.0', ports: { api: { port: 8080 } }, talksTo: ['kafka'],
      consumes: ['orders.created'], produces: ['billing.invoiced_v1'],
    },
    audit: { image: 'ghcr.io/shop/audit:1.0.0', ports: { api: { port: 8080 } }, talksTo: ['kafka'], consumes: ['orders.created', 'billing.invoiced_v1'] },
    web: { image: 'ghcr.io/shop/web:1.0.0', ports: { http: { port: 8080 } }, talksTo: ['kafka'], consumes: ['audit-log'] },
  },
};

export function spec(override: Override<PlatformSpec> = {}): PlatformSpec {
  return applyOverride(BASE, override);
}

export function withKafka(kafka: Override<KafkaSpec>): PlatformSpec {
  return spec({ kafka });
}

/** Objects of the kafka chart of an ad-hoc spec. */
export function kafkaObjects(s: PlatformSpec): K8sObject[] {
  return synthSpec(s).get('kafka') ?? [];
}

export function ofKind(objects: K8sObject[], kind: string): K8sObject[] {
  return objects.filter((o) => o.kind === kind);
}
