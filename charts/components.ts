import { ComponentDefinition } from './component';
import { kafkaComponent } from './kafka';
import { monitoringComponent } from './monitoring';
import { namespaceComponent } from './namespace';
import { natsComponent } from './nats';
import { postgresComponent } from './postgres';
import { redisComponent } from './redis';
import { servicesComponent } from './services';

/**
 * Every component, in apply order. Adding a component means writing its folder under charts/
 * and listing its definition here; nothing else changes.
 */
export const COMPONENTS: readonly ComponentDefinition[] = [
  namespaceComponent,
  postgresComponent,
  redisComponent,
  natsComponent,
  kafkaComponent,
  servicesComponent,
  monitoringComponent,
];
