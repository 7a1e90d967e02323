import { Construct } from 'constructs';
import { syncWave, SyncWave } from '../lib/gitops';
import { runtimeSelectorLabels } from '../lib/runtime-selector';
import { service } from '../lib/service';
import { PORTS, PostgresSettings, ROLE_LABEL, ROLE_VALUES } from './settings';

export const PORT_NAMES = { postgres: 'tcp-postgresql', patroni: 'tcp-patroni', metrics: 'http-metrics' } as const;

/**
 * Three Services. The headless one is the StatefulSet's: stable pod DNS and every peer port
 * named, so Istio treats member-to-member replication and Patroni API calls as known TCP
 * (STRICT mTLS resets undeclared ports). `-rw` and `-ro` select on the role label Patroni keeps
 * on each member pod: the primary, and the streaming replicas.
 */
export function postgresServices(scope: Construct, s: PostgresSettings): void {
  const annotations = syncWave(SyncWave.DATA);
  service(scope, 'Headless', {
    name: s.names.headless,
    labels: s.labels,
    selector: s.selector,
    headless: true,
    publishNotReadyAddresses: true,
    annotations,
    ports: [
      { name: PORT_NAMES.postgres, port: PORTS.postgres },
      { name: PORT_NAMES.patroni, port: PORTS.patroni },
      { name: PORT_NAMES.metrics, port: PORTS.metrics },
    ],
  });
  const byRole = { ...annotations, ...runtimeSelectorLabels([ROLE_LABEL]) };
  service(scope, 'Primary', {
    name: s.names.primary,
    labels: s.labels,
    selector: { ...s.selector, [ROLE_LABEL]: ROLE_VALUES.primary },
    annotations: byRole,
    ports: [{ name: PORT_NAMES.postgres, port: PORTS.postgres }],
  });
  service(scope, 'Replicas', {
    name: s.names.replicas,
    labels: s.labels,
    selector: { ...s.selector, [ROLE_LABEL]: ROLE_VALUES.replica },
    annotations: byRole,
    ports: [{ name: PORT_NAMES.postgres, port: PORTS.postgres }],
  });
}
