import { readEnvironment } from '../../cluster/lib/manifests';
import { DIST } from './kube';

/**
 * Where a scenario runs: one shipped platform's environment and the namespace of the component it
 * exercises. The lanes (test/cluster/*.cluster.ts) run side by side, each in namespaces no other
 * lane touches, so a scenario names its platform rather than assuming one.
 */
export interface Target {
  readonly platform: string;
  readonly env: string;
  readonly namespace: string;
}

/** The target whose component `file` (for example redis.k8s.yaml) lives in its namespace in dist/. */
export function target(platform: string, env: string, file: string): Target {
  const objects = readEnvironment(`${DIST}/${platform}/${env}`).filter((m) => m.file === file);
  const namespace = objects.map((m) => m.object.metadata?.namespace).find((n): n is string => !!n);
  if (!namespace) throw new Error(`dist/${platform}/${env}/${file}: no namespaced object`);
  return { platform, env, namespace };
}

export const where = (t: Target): string => `${t.platform}/${t.env}`;
