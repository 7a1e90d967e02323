import { ComponentDefinition } from '../component';
import { checkKafka } from './checks';
import type { KafkaCluster } from './kafka';

/** Kafka through Strimzi custom resources: one chart, `kafka.k8s.yaml`. */
export const kafkaComponent: ComponentDefinition = {
  key: 'kafka',
  check: checkKafka,
  charts: (spec) => (spec.kafka
    ? [{ file: 'kafka', build: (chart, ctx) => new (kafkaCluster())(chart, 'kafka', ctx, ctx.spec.kafka!), pod: { path: 'kafka.pod', overrides: spec.kafka.pod } }]
    : []),
};

/** The chart's code and Strimzi's bindings (~0.6 MB), loaded only for a platform with Kafka. */
function kafkaCluster(): typeof KafkaCluster {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./kafka') as typeof import('./kafka')).KafkaCluster;
}
