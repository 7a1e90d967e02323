import { REPLICATION_USER, PostgresSettings } from './settings';

/**
 * pg_hba.conf, first match wins, every password check scram-sha-256. Host lines accept any
 * address: pod IPs are not known ahead, and with the Istio sidecar inbound connections come from
 * 127.0.0.6; which pods may connect at all is the NetworkPolicy's job. The spec's lines sit
 * before the catch-all so they can also reject.
 */
export const HBA_METHOD = 'scram-sha-256';

export function pgHba(s: PostgresSettings): string[] {
  // with a server certificate every connection from another address must use TLS
  const remote = s.spec.tls ? 'hostssl' : 'host';
  return [
    // Patroni, post_bootstrap, the exporter and the backup sidecar log in locally
    `local all all ${HBA_METHOD}`,
    `host all all 127.0.0.1/32 ${HBA_METHOD}`,
    `host all all ::1/128 ${HBA_METHOD}`,
    // streaming replication and pg_basebackup between members
    `${remote} replication ${REPLICATION_USER} 0.0.0.0/0 ${HBA_METHOD}`,
    `${remote} replication ${REPLICATION_USER} ::/0 ${HBA_METHOD}`,
    ...(s.spec.pgHba ?? []),
    // applications, PgBouncer and pg_rewind from the other members
    `${remote} all all 0.0.0.0/0 ${HBA_METHOD}`,
    `${remote} all all ::/0 ${HBA_METHOD}`,
  ];
}

/** Methods a spec line may use: the password method above, client certificates, or reject. */
export const ALLOWED_HBA_METHODS = [HBA_METHOD, 'cert', 'reject'] as const;

/** Why a spec pg_hba line is not acceptable, or undefined. */
export function hbaLineProblem(line: unknown): string | undefined {
  if (typeof line !== 'string' || /[\n\r]/.test(line)) return 'a single line of text';
  const fields = line.trim().split(/\s+/);
  const type = fields[0];
  if (!['local', 'host', 'hostssl', 'hostnossl'].includes(type)) return 'a connection type of local, host, hostssl or hostnossl first';
  // host lines name the address as a CIDR or as an address followed by a mask
  const withMask = type !== 'local' && !String(fields[3] ?? '').includes('/') && /^[0-9.]+$|^[0-9a-f:]+:[0-9a-f:]*$/i.test(fields[4] ?? '');
  const methodAt = type === 'local' ? 3 : withMask ? 5 : 4;
  if (fields.length <= methodAt) return `${methodAt + 1} fields: ${type === 'local' ? 'local DATABASE USER METHOD' : `${type} DATABASE USER ADDRESS METHOD`}`;
  const method = fields[methodAt];
  if (!(ALLOWED_HBA_METHODS as readonly string[]).includes(method)) return `method ${ALLOWED_HBA_METHODS.join(', ')} (got "${method}")`;
  return undefined;
}
