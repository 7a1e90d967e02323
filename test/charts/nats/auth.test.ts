import { PlatformSpec } from '../../../charts/spec';
import { find, synthShipped, synthSpec } from '../../helpers';
import { natsConfOf, natsPlatform } from './fixtures';

/** A platform with a NATS stream, its consumer, a publisher and a subscriber. */
const platform = (extra: Partial<PlatformSpec> = {}, nats = {}): PlatformSpec => natsPlatform({
  streams: { ORDERS: { subjects: ['orders.*'], consumers: { billing: {} } }, LOGS: { subjects: ['logs.>'], consumers: { archive: {} } } },
  ...nats,
}, {
  services: {
    shop: { image: 'shop:1', ports: { http: { port: 8080 } }, talksTo: ['nats'], natsPublishes: ['orders.created'] },
    billing: { image: 'billing:1', ports: { http: { port: 8080 } }, talksTo: ['nats'], natsSubscribes: ['orders.*'] },
    web: { image: 'web:1', ports: { http: { port: 8080 } } },
  },
  ...extra,
});

const userLine = (conf: string, user: string) => conf.split('\n').find((l) => l.includes(`{ user: "${user}"`)) ?? '';

describe('NATS per-service authorization (the default)', () => {
  const files = () => synthSpec(platform());
  const conf = () => natsConfOf(files().get('nats')!);

  test('an application account with JetStream and the system account; no user without a password', () => {
    expect(conf()).toContain('system_account: SYS\naccounts {\n  SYS {\n    users: [\n      { user: "system", password: $NATS_SYSTEM_PASSWORD }');
    expect(conf()).toMatch(/ {2}APP \{\n {4}jetstream: enabled\n/);
    // no_auth_user would let a client in without credentials
    expect(conf()).not.toContain('no_auth_user');
  });

  test('each service that talks to NATS may use exactly its subjects', () => {
    expect(userLine(conf(), 'shop')).toBe('      { user: "shop", password: $NATS_PASSWORD_SHOP, permissions: { publish: { allow: ["orders.created", "$JS.API.INFO"] }, subscribe: { allow: ["_INBOX.>"] } } }');
    // a subscriber may read the durable consumers of the streams that capture its subjects, no others
    const billing = userLine(conf(), 'billing');
    expect(billing).toContain('"$JS.API.CONSUMER.MSG.NEXT.ORDERS.billing"');
    expect(billing).toContain('"$JS.ACK.ORDERS.billing.>"');
    expect(billing).not.toContain('LOGS');
    expect(billing).toContain('subscribe: { allow: ["orders.*", "_INBOX.>"] }');
    expect(conf()).not.toContain('"web"');
  });

  test('the stream admin (NACK, the stream Job) may use the JetStream API; its name and password come from its Secret', () => {
    expect(conf()).toContain('{ user: $NATS_STREAM_ADMIN_USER, password: $NATS_STREAM_ADMIN_PASSWORD, permissions: { publish: { allow: ["$JS.API.>"] }, subscribe: { allow: ["_INBOX.>"] } } }');
    const env = find(files().get('nats')!, 'StatefulSet', 'nats').spec.template.spec.containers[0].env;
    expect(env).toEqual(expect.arrayContaining([
      { name: 'NATS_STREAM_ADMIN_USER', valueFrom: { secretKeyRef: { name: 'nats-stream-admin', key: 'user' } } },
      { name: 'NATS_PASSWORD_BILLING', valueFrom: { secretKeyRef: { name: 'nats-billing', key: 'password' } } },
      { name: 'NATS_SYSTEM_PASSWORD', valueFrom: { secretKeyRef: { name: 'nats-system', key: 'password' } } },
    ]));
  });

  test('a service gets NATS_URL, NATS_USER and NATS_PASSWORD from its Secret; never the password itself', () => {
    const pod = find(files().get('svc-shop')!, 'Deployment', 'shop').spec.template.spec.containers[0];
    expect(pod.env).toEqual(expect.arrayContaining([
      { name: 'NATS_PASSWORD', valueFrom: { secretKeyRef: { name: 'nats-shop', key: 'password' } } },
      { name: 'NATS_USER', value: 'shop' },
      { name: 'NATS_URL', value: 'nats://nats.msg.svc.cluster.local:4222' },
    ]));
    expect(find(files().get('svc-web')!, 'Deployment', 'web').spec.template.spec.containers[0].env ?? []).toEqual([]);
  });

  test('authorization "none" (or an authSecret include) generates no accounts and no credentials', () => {
    const none = synthSpec(platform({}, { authorization: 'none' }));
    expect(natsConfOf(none.get('nats')!)).not.toContain('accounts');
    const env = find(none.get('svc-shop')!, 'Deployment', 'shop').spec.template.spec.containers[0].env;
    expect(env).toEqual([{ name: 'NATS_URL', value: 'nats://nats.msg.svc.cluster.local:4222' }]);
    const include = natsConfOf(synthSpec(platform({}, { authSecret: { name: 'auth', key: 'auth.conf' } })).get('nats')!);
    expect(include).toContain('include "auth.conf"');
    expect(include).not.toContain('system_account');
  });

  test('refused: a service on NATS without subjects, subjects without "nats" in talksTo, a bad subject, both sources of users', () => {
    const services = (svc: object) => ({ services: { shop: { image: 'shop:1', ports: { http: { port: 8080 } }, ...svc } } });
    expect(() => synthSpec(platform(services({ talksTo: ['nats'] })))).toThrow(/services\.shop\.talksTo: .*expected with NATS per-service authorization, the subjects the service uses/);
    expect(() => synthSpec(platform(services({ natsPublishes: ['a.b'] })))).toThrow(/services\.shop\.natsPublishes: .*a service that lists "nats" in talksTo/);
    expect(() => synthSpec(platform(services({ talksTo: ['nats'], natsPublishes: ['a..b'] })))).toThrow(/services\.shop\.natsPublishes\[0\]: received "a\.\.b"; expected a NATS subject/);
    expect(() => synthSpec(platform({}, { authorization: 'per-service', authSecret: { name: 'a', key: 'k' } }))).toThrow(/nats\.authorization: .*one source of users/);
  });

  test('deltran-mvp: every engine has its subjects from the seed; NACK goes through the stream admin Account', () => {
    const nats = synthShipped('deltran-mvp', 'prod').get('nats')!;
    const c = natsConfOf(nats, 'deltran-events');
    expect(userLine(c, 'settlement-engine')).toContain('publish: { allow: ["events.settlement.*", "events.audit.*", "$JS.API.INFO"] }');
    expect(userLine(c, 'notification-engine')).toContain('subscribe: { allow: ["events.>", "_INBOX.>"] }');
    expect(find(nats, 'Account', 'deltran-events-streams').spec.user.secret.name).toBe('deltran-events-stream-admin');
  });
});
