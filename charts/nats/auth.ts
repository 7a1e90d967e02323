import { k8s } from '../lib/k8s';
import { callersOf, ComponentContext } from '../lib/context';
import { NATS_PASSWORD_KEY, natsSystemSecret, natsUserSecret } from '../lib/nats-access';
import { NatsSettings, sortedStreams } from './settings';
import { subjectsOverlap } from './subjects';

/**
 * The generated accounts (per-service authorization): an application account with JetStream,
 * one user per service that talks to NATS, a stream admin for NACK or the stream Job, and the
 * system account. Passwords never reach the ConfigMap: nats.conf names environment variables
 * (`$NAME`, which NATS resolves from the server's environment), and the pod sets them from the
 * Secrets, quoted by the start script (start-script.ts) so that any value is read as a string.
 */

export const APP_ACCOUNT = 'APP';
export const SYSTEM_ACCOUNT = 'SYS';
export const SYSTEM_USER = 'system';
/** Reply subjects of requests, JetStream publish acknowledgements included. */
export const INBOX = '_INBOX.>';

/** One generated user: name (a literal or an env var), password env var, where the password comes from, permissions. */
export interface NatsUser {
  readonly user: { readonly literal: string } | { readonly env: string };
  readonly passwordEnv: string;
  readonly secret: { readonly name: string; readonly key: string };
  /** Secret key holding the user name, when the name is not a literal. */
  readonly userKey?: string;
  readonly publish: readonly string[];
  readonly subscribe: readonly string[];
}

export interface NatsAccounts {
  readonly system: NatsUser;
  readonly streamAdmin: NatsUser;
  readonly services: readonly NatsUser[];
}

const envName = (service: string) => `NATS_PASSWORD_${service.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;

/** The accounts of a platform with per-service authorization, or undefined without it. */
export function natsAccounts(ctx: ComponentContext, s: NatsSettings): NatsAccounts | undefined {
  if (!s.perServiceAuth) return undefined;
  const services = callersOf(ctx, 'nats')
    .map((name) => [name, ctx.spec.services![name]] as const)
    .map(([name, svc]): NatsUser => ({
      user: { literal: name },
      passwordEnv: envName(name),
      secret: { name: natsUserSecret(s.spec, name), key: NATS_PASSWORD_KEY },
      publish: [...(svc.natsPublishes ?? []), ...consumerApis(s, svc.natsSubscribes ?? []), '$JS.API.INFO'],
      subscribe: [...(svc.natsSubscribes ?? []), INBOX],
    }));
  return {
    system: {
      user: { literal: SYSTEM_USER }, passwordEnv: 'NATS_SYSTEM_PASSWORD',
      secret: { name: natsSystemSecret(s.spec), key: NATS_PASSWORD_KEY }, publish: [], subscribe: [],
    },
    streamAdmin: {
      user: { env: 'NATS_STREAM_ADMIN_USER' }, userKey: 'user', passwordEnv: 'NATS_STREAM_ADMIN_PASSWORD',
      secret: { name: s.streamAdminSecret!, key: 'password' }, publish: ['$JS.API.>'], subscribe: [INBOX],
    },
    services,
  };
}

/**
 * What reading a stream's durable consumers takes: their info and next-message requests and the
 * acknowledgements, for every consumer of every stream that captures a subscribed subject.
 */
function consumerApis(s: NatsSettings, subscribes: readonly string[]): string[] {
  const out: string[] = [];
  for (const [stream, spec] of sortedStreams(s.spec)) {
    if (!spec.subjects.some((subject) => subscribes.some((wanted) => subjectsOverlap(subject, wanted)))) continue;
    for (const consumer of Object.keys(spec.consumers ?? {}).sort()) {
      out.push(`$JS.API.CONSUMER.INFO.${stream}.${consumer}`, `$JS.API.CONSUMER.MSG.NEXT.${stream}.${consumer}`, `$JS.ACK.${stream}.${consumer}.>`);
    }
  }
  return out;
}

/** The nats.conf lines of the accounts. */
export function accountsConf(a: NatsAccounts): string[] {
  const list = (subjects: readonly string[]) => `[${subjects.map((x) => JSON.stringify(x)).join(', ')}]`;
  const userLine = (u: NatsUser) => {
    const name = 'literal' in u.user ? JSON.stringify(u.user.literal) : `$${u.user.env}`;
    const permissions = u.publish.length || u.subscribe.length
      ? `, permissions: { publish: { allow: ${list(u.publish)} }, subscribe: { allow: ${list(u.subscribe)} } }`
      : '';
    return `      { user: ${name}, password: $${u.passwordEnv}${permissions} }`;
  };
  return [
    '# accounts: passwords are environment variables the pod sets from Secrets',
    `system_account: ${SYSTEM_ACCOUNT}`,
    'accounts {',
    `  ${SYSTEM_ACCOUNT} {`,
    '    users: [',
    userLine(a.system),
    '    ]',
    '  }',
    `  ${APP_ACCOUNT} {`,
    '    jetstream: enabled',
    '    users: [',
    userLine(a.streamAdmin),
    ...a.services.map(userLine),
    '    ]',
    '  }',
    '}',
  ];
}

/** Every generated user: the system user, the stream admin, then the services. */
export function usersOf(a: NatsAccounts): NatsUser[] {
  return [a.system, a.streamAdmin, ...a.services];
}

/** The server container's env: every user's password (and the stream admin's name) from its Secret. */
export function accountsEnv(a: NatsAccounts): k8s.EnvVar[] {
  const env: k8s.EnvVar[] = [];
  for (const u of usersOf(a)) {
    if ('env' in u.user) env.push({ name: u.user.env, valueFrom: { secretKeyRef: { name: u.secret.name, key: u.userKey! } } });
    env.push({ name: u.passwordEnv, valueFrom: { secretKeyRef: { name: u.secret.name, key: u.secret.key } } });
  }
  return env;
}
