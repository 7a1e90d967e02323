import { ComponentDefinition } from '../component';

/** Service-level alerts and platform-wide monitoring. */
export const monitoringComponent: ComponentDefinition = {
  key: 'monitoring',
  check: () => undefined,
  charts: () => [],
};
