import { ComponentDefinition } from '../component';
import { checkKafka } from './checks';
import { KafkaCluster } from './kafka';

/** Kafka through Strimzi custom resources: one chart, `kafka.k8s.yaml`. */
export const kafkaComponent: ComponentDefinition = {
  key: 'kafka',
  check: checkKafka,
  charts: (spec) => (spec.kafka
    ? [{ file: 'kafka', build: (chart, ctx) => new KafkaCluster(chart, 'kafka', ctx, ctx.spec.kafka!), pod: { path: 'kafka.pod', overrides: spec.kafka.pod } }]
    : []),
};
