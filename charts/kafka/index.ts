import { ComponentDefinition } from '../component';

/** Kafka through Strimzi custom resources. */
export const kafkaComponent: ComponentDefinition = {
  key: 'kafka',
  check: () => undefined,
  charts: () => [],
};
