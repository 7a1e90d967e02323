import { Chart } from 'cdk8s';
import { ComponentContext } from './lib/context';
import { ProblemCollector } from './lib/errors';
import { PodOverridesSpec } from './lib/pod-overrides';
import { PlatformSpec } from './spec';

/** One chart: one file `dist/<platform>/<env>/<file>.k8s.yaml`. */
export interface ChartUnit {
  /** File stem; a DNS-1123 label, unique within the environment. */
  readonly file: string;
  readonly build: (chart: Chart, ctx: ComponentContext) => void;
  /** Spec path that produces this chart, named when two charts produce the same object. @default the component's key */
  readonly specPath?: string;
  /** Pod settings from the spec for every workload of this chart, with their spec path for messages. @default none */
  readonly pod?: { readonly path: string; readonly overrides: PodOverridesSpec | undefined };
}

/**
 * A component of the platform (postgres, redis, nats, kafka, the application services, ...).
 * Each owns its slice of the spec: its checks and the charts it contributes.
 */
export interface ComponentDefinition {
  /** Name used in messages and docs. */
  readonly key: string;
  /** Adds a problem for every invalid value of its slice; never throws. `c` is rooted at the spec. */
  readonly check: (c: ProblemCollector, spec: PlatformSpec) => void;
  /** Charts this component contributes for `spec` (none when the platform does not use it). */
  readonly charts: (spec: PlatformSpec) => ChartUnit[];
}
