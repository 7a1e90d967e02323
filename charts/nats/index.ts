import { ComponentDefinition } from '../component';
import { checkNats } from './checks';
import { NatsCluster } from './cluster';

export { streamConfigs, consumerConfigs } from './stream-configs';
export { subjectsOverlap, subjectIsWithin, isValidSubject } from './subjects';

/** NATS JetStream cluster and its streams. */
export const natsComponent: ComponentDefinition = {
  key: 'nats',
  check: checkNats,
  charts: (spec) => (spec.nats
    ? [{ file: 'nats', build: (chart, ctx) => new NatsCluster(chart, 'nats', ctx, ctx.spec.nats!), pod: { path: 'nats.pod', overrides: spec.nats.pod } }]
    : []),
};
