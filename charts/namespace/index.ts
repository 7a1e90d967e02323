import { ComponentDefinition } from '../component';
import { checkDnsLabel } from '../lib/checks';
import { PlatformNamespace } from './namespace';

export const namespaceComponent: ComponentDefinition = {
  key: 'namespace',
  check: (c, spec) => checkDnsLabel(c, 'namespace', spec.namespace),
  charts: () => [{ file: 'namespace', build: (chart, ctx) => new PlatformNamespace(chart, 'namespace', ctx) }],
};
