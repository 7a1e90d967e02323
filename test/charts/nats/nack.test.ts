import { find, synthShipped } from '../../helpers';
import { natsObjects } from './fixtures';

describe('NACK resources', () => {
  const prod = () => synthShipped('deltran-mvp', 'prod').get('nats')!;

  test('one Stream per declared stream, converted for NACK v1beta2', () => {
    const streams = prod().filter((o) => o.kind === 'Stream');
    expect(streams).toHaveLength(8);
    expect(streams.every((s) => s.apiVersion === 'jetstream.nats.io/v1beta2')).toBe(true);
    const audit = find(prod(), 'Stream', 'deltran-events-audit');
    expect(audit.spec).toEqual({
      name: 'AUDIT',
      subjects: ['events.audit.*'],
      retention: 'limits',
      storage: 'file',
      discard: 'old',
      replicas: 3,
      maxBytes: 53687091200,
      maxAge: '4320h',
      duplicateWindow: '2m',
      preventDelete: true,
      servers: ['nats://deltran-events.deltran.svc.cluster.local:4222'],
      // per-service authorization: NACK connects as the stream admin
      account: 'deltran-events-streams',
    });
    expect(find(prod(), 'Stream', 'deltran-events-transactions').spec).toMatchObject({ maxAge: '168h', maxBytes: 1073741824 });
    expect(find(prod(), 'Stream', 'deltran-events-reporting').spec).toMatchObject({ maxAge: '2160h', maxBytes: 10737418240 });
  });

  test('streams are data: never pruned, applied after the servers', () => {
    const audit = find(prod(), 'Stream', 'deltran-events-audit');
    expect(audit.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false', 'argocd.argoproj.io/sync-wave': '6' });
    expect(find(prod(), 'StatefulSet', 'deltran-events').metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('5');
  });

  test('dev streams have one replica', () => {
    const dev = synthShipped('deltran-mvp', 'dev').get('nats')!;
    expect(dev.filter((o) => o.kind === 'Stream').map((s) => s.spec.replicas)).toEqual(Array(8).fill(1));
  });

  test('consumers: every value NACK would default differently is explicit', () => {
    const objects = natsObjects({ streams: { ORDERS: { subjects: ['orders.>'], consumers: { billing_worker: { filterSubject: 'orders.paid' } } } } });
    expect(find(objects, 'Consumer', 'nats-orders-billing-worker').spec).toEqual({
      streamName: 'ORDERS',
      durableName: 'billing_worker',
      deliverPolicy: 'all',
      ackPolicy: 'explicit',
      ackWait: '30s',
      maxAckPending: 1000,
      filterSubject: 'orders.paid',
      preventDelete: true,
      servers: ['nats://nats.msg.svc.cluster.local:4222'],
      account: 'nats-streams',
    });
  });

  test('credentials and TLS go through an Account every resource references', () => {
    const objects = natsObjects({ streamAdminSecret: 'nats-admin', tlsSecret: 'nats-tls', streams: { S: { subjects: ['s.*'] } } });
    const account = find(objects, 'Account', 'nats-streams');
    expect(account.spec).toEqual({
      name: 'nats-streams',
      servers: ['tls://nats.msg.svc.cluster.local:4222'],
      user: { secret: { name: 'nats-admin' }, user: 'user', password: 'password' },
      tls: { secret: { name: 'nats-tls' }, ca: 'ca.crt' },
    });
    expect(find(objects, 'Stream', 'nats-s').spec.account).toBe('nats-streams');
    // per-service authorization (the default) uses the default stream admin Secret; without
    // authorization and TLS there is no Account
    expect(find(natsObjects({ streams: { S: { subjects: ['s.*'] } } }), 'Account', 'nats-streams').spec.user)
      .toEqual({ secret: { name: 'nats-stream-admin' }, user: 'user', password: 'password' });
    expect(natsObjects({ authorization: 'none', streams: { S: { subjects: ['s.*'] } } }).some((o) => o.kind === 'Account')).toBe(false);
  });
});
