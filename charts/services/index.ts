import { ComponentDefinition } from '../component';

/** Application services with their Istio traffic policy, and the edge. */
export const servicesComponent: ComponentDefinition = {
  key: 'services',
  check: () => undefined,
  charts: () => [],
};
