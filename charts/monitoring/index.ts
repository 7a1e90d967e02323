import { ComponentDefinition } from '../component';
import { checkMonitoring } from './checks';
import { PlatformMonitoring } from './monitoring';

export const MONITORING_FILE = 'monitoring';

/** Service-level alerts and platform-wide monitoring: one file, `monitoring`, for every platform. */
export const monitoringComponent: ComponentDefinition = {
  key: 'monitoring',
  check: checkMonitoring,
  charts: () => [{ file: MONITORING_FILE, build: (chart, ctx) => new PlatformMonitoring(chart, 'monitoring', ctx) }],
};
