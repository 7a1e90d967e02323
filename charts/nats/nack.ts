import { Construct } from 'constructs';
import {
  Account, Consumer, ConsumerSpecAckPolicy, ConsumerSpecDeliverPolicy, Stream,
  StreamSpecDiscard, StreamSpecRetention, StreamSpecStorage,
} from '../../imports/nack-jetstream.nats.io';
import { dataBearing, SyncWave } from '../lib/gitops';
import { consumerResourceName, streamResourceName } from './names';
import { NatsSettings, sortedStreams, streamMaxBytes, streamReplicas } from './settings';
import { CONSUMER_DEFAULTS, STREAM_DEFAULTS } from './stream-configs';

/** Streams and consumers are created once the servers are up, before the applications. */
export const STREAM_WAVE = SyncWave.MESSAGING + 1;

/**
 * NACK Stream and Consumer resources. `preventDelete` keeps the stream (and its messages) when
 * the resource is removed; ArgoCD never prunes them either. Every value NACK's CRD would default
 * differently from JetStream is written out: storage (CRD: memory), ackPolicy (CRD: none) and
 * ackWait (CRD: 1ns, which would redeliver at once). `servers` names this cluster explicitly;
 * with credentials or TLS, an Account carries them and every resource references it.
 */
export function nackResources(scope: Construct, s: NatsSettings, labels: (component: string) => Record<string, string>): void {
  const account = accountFor(scope, s, labels('nack-account'));
  const connection = { servers: [s.clientUrl], ...(account ? { account } : {}) };
  for (const [name, stream] of sortedStreams(s.spec)) {
    new Stream(scope, `Stream-${name}`, {
      metadata: { name: streamResourceName(s.name, name), labels: labels('stream'), annotations: dataBearing(STREAM_WAVE) },
      spec: {
        name,
        subjects: [...stream.subjects],
        retention: (stream.retention ?? STREAM_DEFAULTS.retention) as StreamSpecRetention,
        storage: (stream.storage ?? STREAM_DEFAULTS.storage) as StreamSpecStorage,
        discard: (stream.discard ?? STREAM_DEFAULTS.discard) as StreamSpecDiscard,
        replicas: streamReplicas(stream, s.servers),
        maxBytes: Number(streamMaxBytes(stream)),
        ...(stream.maxAge !== undefined ? { maxAge: stream.maxAge } : {}),
        duplicateWindow: stream.duplicateWindow ?? STREAM_DEFAULTS.duplicateWindow,
        preventDelete: true,
        ...connection,
      },
    });
    for (const consumerName of Object.keys(stream.consumers ?? {}).sort()) {
      const c = stream.consumers![consumerName];
      new Consumer(scope, `Consumer-${name}-${consumerName}`, {
        metadata: {
          name: consumerResourceName(s.name, name, consumerName),
          labels: labels('consumer'),
          annotations: dataBearing(STREAM_WAVE),
        },
        spec: {
          streamName: name,
          durableName: consumerName,
          deliverPolicy: (c.deliverPolicy ?? CONSUMER_DEFAULTS.deliverPolicy) as ConsumerSpecDeliverPolicy,
          ackPolicy: (c.ackPolicy ?? CONSUMER_DEFAULTS.ackPolicy) as ConsumerSpecAckPolicy,
          ackWait: c.ackWait ?? CONSUMER_DEFAULTS.ackWait,
          maxAckPending: c.maxAckPending ?? CONSUMER_DEFAULTS.maxAckPending,
          ...(c.filterSubject ? { filterSubject: c.filterSubject } : {}),
          preventDelete: true,
          ...connection,
        },
      });
    }
  }
}

/** Account with this cluster's URL, the stream admin's credentials and the server CA, when any is needed. */
function accountFor(scope: Construct, s: NatsSettings, labels: Record<string, string>): string | undefined {
  const { tlsSecret } = s.spec;
  const streamAdminSecret = s.streamAdminSecret;
  if (streamAdminSecret === undefined && tlsSecret === undefined) return undefined;
  const name = `${s.name}-streams`;
  new Account(scope, 'NackAccount', {
    metadata: { name, labels, annotations: { 'argocd.argoproj.io/sync-wave': String(STREAM_WAVE - 1) } },
    spec: {
      name,
      servers: [s.clientUrl],
      ...(streamAdminSecret !== undefined ? { user: { secret: { name: streamAdminSecret }, user: 'user', password: 'password' } } : {}),
      ...(tlsSecret !== undefined ? { tls: { secret: { name: tlsSecret }, ca: 'ca.crt' } } : {}),
    },
  });
  return name;
}
