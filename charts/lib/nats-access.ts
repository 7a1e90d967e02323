import { NatsSpec } from '../spec';

/**
 * How clients reach NATS and who they are: the one convention the NATS component (server
 * accounts, NACK) and the application services (their connection env) both follow.
 */

export const NATS_DEFAULT_NAME = 'nats';
export const NATS_CLIENT_PORT = 4222;
/** Key of the password in each user's Secret. */
export const NATS_PASSWORD_KEY = 'password';

export function natsName(nats: NatsSpec): string {
  return nats.name ?? NATS_DEFAULT_NAME;
}

/** Generated accounts unless the spec turns them off or brings its own include (authSecret). */
export function natsPerServiceAuth(nats: NatsSpec): boolean {
  return (nats.authorization ?? (nats.authSecret !== undefined ? 'none' : 'per-service')) === 'per-service';
}

/** The client URL inside the cluster, e.g. nats://events.ns.svc.cluster.local:4222 (tls:// with a TLS Secret). */
export function natsClientUrl(nats: NatsSpec, namespace: string): string {
  return `${nats.tlsSecret !== undefined ? 'tls' : 'nats'}://${natsName(nats)}.${namespace}.svc.cluster.local:${NATS_CLIENT_PORT}`;
}

/** A service's NATS user is the service name; its password is in `<nats name>-<service>`. */
export function natsUserSecret(nats: NatsSpec, service: string): string {
  return `${natsName(nats)}-${service}`;
}

/** The system account's user password. */
export function natsSystemSecret(nats: NatsSpec): string {
  return `${natsName(nats)}-system`;
}

/** The stream admin's Secret (keys `user`, `password`): the spec's, else a default name with per-service auth. */
export function natsStreamAdminSecret(nats: NatsSpec): string | undefined {
  return nats.streamAdminSecret ?? (natsPerServiceAuth(nats) ? `${natsName(nats)}-stream-admin` : undefined);
}

/** A valid subject for a stream or filter: non-empty tokens, wildcards as whole tokens, `>` last. */
export function isValidSubject(subject: unknown): boolean {
  if (typeof subject !== 'string' || subject === '' || /\s/.test(subject)) return false;
  const tokens = subject.split('.');
  return tokens.every((t, i) => t !== '' &&
    (t === '>' ? i === tokens.length - 1 : t === '*' || !/[*>]/.test(t)));
}
