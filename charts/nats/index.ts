import { ComponentDefinition } from '../component';

/** NATS JetStream cluster and its streams. */
export const natsComponent: ComponentDefinition = {
  key: 'nats',
  check: () => undefined,
  charts: () => [],
};
